"""The learner's language: English, or Simplified Chinese from the gettext catalog.

Every learner-facing string goes through ``_()`` (or ``ngettext``) when it is shown. Strings
built at import (a step's title, a table of labels) are marked with ``N_()`` and translated
where they are shown, because the language is chosen later, by the session. Outcome codes,
step ids, JSON keys and the engine's own words stay English.

The language is one process-wide choice, not a context variable: checks run in widget worker
threads, and a thread does not inherit a context. Catalogs live in ``wintut/locale``; the
runtime needs only the standard library's ``gettext``. A source tree whose ``.po`` is newer
than its ``.mo`` (or has none) is compiled in memory with Babel, so an edit shows at once.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
import threading
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "wintut"
LOCALE_DIR = Path(__file__).with_name("locale")
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)
"""The course's languages, as gettext names them (``zh_CN``, never ``zh-CN``)."""

EDITIONS = {CHINESE: "zh-CN"}
"""Each translated edition's notebook folder, beside the English notebooks."""

FIRST_NOTEBOOK = "00-before-you-start.ipynb"

_lock = threading.Lock()
_language = ENGLISH
_translation: gettext.NullTranslations = gettext.NullTranslations()
_chosen = False


def normalise(value: str | None) -> str | None:
    """``zh-CN``, ``zh``, ``zh_Hans``, ``zh_CN.UTF-8``, ``Chinese (Simplified)_China`` → ``zh_CN``;
    ``en*`` → ``en``; anything else → ``None`` (the caller falls back)."""
    if not value:
        return None
    text = value.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if text.startswith("zh") or text.startswith("chinese"):
        # traditional Chinese is not offered: English is the better fallback there
        if any(tag in text for tag in ("hant", "_tw", "_hk", "_mo", "traditional")):
            return None
        return CHINESE
    if text.startswith("en") or text in ("c", "posix"):
        return ENGLISH
    return None


def system_language(env: Mapping[str, str] | None = None) -> str | None:
    """The operating system's language, if it is one of ours (``LANGUAGE`` … ``LANG``, then
    the locale Python reports, which on Windows reads the user's settings)."""
    env = os.environ if env is None else env
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in env.get(name, "").split(":"):
            found = normalise(part)
            if found:
                return found
    try:
        found_locale = locale.getlocale()[0]
    except ValueError:
        return None
    return normalise(found_locale)


def edition_of(folder: Path) -> str | None:
    """The language of the course edition in ``folder`` (a notebook's kernel starts there), or
    ``None`` when it holds no course notebooks."""
    try:
        if not (folder / FIRST_NOTEBOOK).is_file():
            return None
    except OSError:
        return None
    for lang, name in EDITIONS.items():
        if folder.name == name:
            return lang
    return ENGLISH


def choose(env: Mapping[str, str], cwd: Path | None = None, saved: str | None = None) -> str:
    """The course language: ``WINTUT_LANG``, then the edition of the notebook being run, then
    the learner's saved choice (``wintut open --lang``), then the system's, else English."""
    for candidate in (
        normalise(env.get("WINTUT_LANG")),
        edition_of(cwd) if cwd is not None else None,
        normalise(saved),
        system_language(env),
    ):
        if candidate:
            return candidate
    return ENGLISH


def catalog(lang: str, strict: bool = False) -> gettext.NullTranslations:
    """The translations for ``lang``. ``strict`` raises when the catalog is missing (tests)."""
    if lang == ENGLISH:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    try:
        stale = po.is_file() and (not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime)
    except OSError:
        stale = False
    if stale:
        compiled = _compile_in_memory(po)
        if compiled is not None:
            return compiled
    try:
        return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=not strict)
    except OSError:
        if strict:
            raise
        return gettext.NullTranslations()


def _compile_in_memory(po: Path) -> gettext.GNUTranslations | None:
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # an installed wheel carries its .mo; Babel is a build tool
        return None
    with po.open("rb") as source:
        parsed = read_po(source, locale=po.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, parsed)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(value: str | None) -> str:
    """Use ``value`` (any spelling :func:`normalise` knows) from now on; returns the language."""
    global _language, _translation, _chosen
    lang = normalise(value) or ENGLISH
    with _lock:
        if lang != _language or not _chosen:
            _translation = catalog(lang)
        _language, _chosen = lang, True
    return lang


def language() -> str:
    """The language in use (chosen from the environment on first use, until the session sets it)."""
    if not _chosen:
        set_language(choose(os.environ, _cwd()))
    return _language


def _cwd() -> Path | None:
    try:
        return Path.cwd()
    except OSError:
        return None


def _(message: str) -> str:
    """``message`` in the learner's language."""
    language()
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message for ``count``, in the learner's language."""
    language()
    return _translation.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the learner's language, where the same English word has two meanings."""
    language()
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it yet (built at import)."""
    return message
