"""JupyterLab's own menus in the course language, without touching the learner's JupyterLab.

JupyterLab has no command-line option for its language: it is the ``locale`` setting of the
``@jupyterlab/translation-extension:plugin`` plugin, and a language pack must be installed for
it (``jupyterlab-language-pack-zh-CN``, the ``zh`` extra). ``wintut open`` puts the setting in a
folder of its own, in wintut's data folder, as a *default* (``labconfig/
default_setting_overrides.json``, which jupyterlab_server reads from every Jupyter config
folder), and adds that folder to ``JUPYTER_CONFIG_PATH`` for the JupyterLab it starts only. So
the learner's own JupyterLab keeps its language, and a language the learner picks in the menu
Settings → Language still wins over the default.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Mapping
from importlib.metadata import entry_points
from pathlib import Path

from wintut import i18n

PLUGIN = "@jupyterlab/translation-extension:plugin"
PACKS = {i18n.CHINESE: "jupyterlab-language-pack-zh-CN"}
"""The JupyterLab language pack of each translated course language (its PyPI name)."""
PACK_ENTRY_POINTS = "jupyterlab.languagepack"
"""The entry-point group through which JupyterLab finds the installed language packs."""
CONFIG_FOLDER = "jupyterlab-config"
OVERRIDES = Path("labconfig") / "default_setting_overrides.json"


def installed_packs() -> set[str]:
    """The languages of the JupyterLab language packs installed in this Python (``zh_CN``)."""
    return {point.name for point in entry_points(group=PACK_ENTRY_POINTS)}


def config_folder(home: Path) -> Path:
    """The Jupyter config folder wintut owns, in the learner's data folder."""
    return home / CONFIG_FOLDER


def lab_environment(
    home: Path, lang: str, env: Mapping[str, str], installed: Collection[str] | None = None
) -> dict[str, str]:
    """What to add to the JupyterLab server's environment so its menus speak ``lang``.

    Writes the default setting into :func:`config_folder`; English (or a language without its
    pack among ``installed``, default :func:`installed_packs`) adds nothing, so JupyterLab
    keeps its own default.

    Raises:
        OSError: the data folder cannot be written.
    """
    packs = installed_packs() if installed is None else installed
    if lang == i18n.ENGLISH or lang not in packs:
        return {}
    folder = config_folder(home)
    target = folder / OVERRIDES
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_suffix(".tmp")
    temp.write_text(json.dumps({PLUGIN: {"locale": lang}}, indent=2) + "\n", encoding="utf-8")
    os.replace(temp, target)
    before = env.get("JUPYTER_CONFIG_PATH")
    return {"JUPYTER_CONFIG_PATH": os.pathsep.join(p for p in (str(folder), before) if p)}
