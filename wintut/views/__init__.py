"""Thin ipywidgets views, one module each: :mod:`.step`, :mod:`.doctor`, :mod:`.progress`,
:mod:`.quiz`, sharing :mod:`.common`. They show what they are given and decide nothing."""
