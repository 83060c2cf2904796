"""The course notebooks, installed as ``wintut._notebooks``; ``wintut open`` copies them out.

Not code: this file only makes the folder importable, so ``importlib.resources`` finds it in a
wheel, a zip and an editable install alike (see ``wintut/assets.py`` and pyproject.toml).
"""
