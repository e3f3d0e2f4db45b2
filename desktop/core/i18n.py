"""Translations with gettext: the source strings are Vietnamese, English is shipped.

Works without Qt, so the core, the CLI and the reports translate the same way. Module-level
constants are marked with `N_` and translated where they are shown.
"""

from __future__ import annotations

import gettext
import logging
import os

from desktop.core.paths import resource_path

log = logging.getLogger(__name__)

DOMAIN = "antq"
SOURCE_LANGUAGE = "vi"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def locale_dir():
    return resource_path("locale")


def set_language(language: str) -> None:
    """Switch every later `_()` to `language`; unknown languages fall back to Vietnamese."""
    global _translation, _language
    if language not in LANGUAGES or language == SOURCE_LANGUAGE:
        _translation, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
        return
    try:
        _translation = gettext.translation(DOMAIN, str(locale_dir()), languages=[language])
    except OSError:
        log.warning("no %s catalogue in %s; staying in Vietnamese", language, locale_dir())
        _translation, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
        return
    _language = language


def current_language() -> str:
    return _language


def preferred_language() -> str:
    """ANTQ_LANG if it names a language we ship, else Vietnamese.

    Not the system locale: office PCs often run an English Windows, and the program's users
    read Vietnamese.
    """
    code = (os.environ.get("ANTQ_LANG") or "").split("_")[0].lower()
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def _(message: str) -> str:
    return _translation.gettext(message)


def pgettext(context: str, message: str) -> str:
    """A message whose English depends on where it stands (a section name versus a column)."""
    return _translation.pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message
