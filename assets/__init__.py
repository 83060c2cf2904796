"""The course's data (hints, quiz, diagrams, lab data, profiles), installed as ``wintut._assets``.

Not code: this file only makes the folder importable, so ``importlib.resources`` finds it in a
wheel, a zip and an editable install alike (see ``wintut/assets.py`` and pyproject.toml).
"""
