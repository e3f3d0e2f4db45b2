"""The English catalogue is complete, compiled and consistent with the Vietnamese sources."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from desktop.core import i18n

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / "antq.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _source_messages() -> set[str]:
    found = set()
    method_map = [("**.py", "python")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "desktop", method_map=method_map
    ):
        found.update([message] if isinstance(message, str) else [m for m in message if m])
    return found


@pytest.fixture(scope="module")
def catalogue():
    with PO.open("rb") as handle:
        return read_po(handle, locale="en")


def test_every_marked_string_has_an_english_translation(catalogue):
    translated = set()
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and all(strings) and not message.fuzzy:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            translated.update(ids)
    missing = sorted(_source_messages() - translated)
    assert missing == [], f"run `make i18n` and translate: {missing[:10]}"


def test_translations_keep_the_placeholders(catalogue):
    for message in catalogue:
        if not message.id or isinstance(message.id, tuple):
            continue
        assert set(PLACEHOLDER.findall(message.id)) == set(PLACEHOLDER.findall(message.string)), (
            message.id
        )


def test_compiled_catalogue_matches_the_po_file(catalogue):
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalogue:
        if message.id and isinstance(message.id, str) and message.string:
            if message.context:
                found = compiled.pgettext(message.context, message.id)
            else:
                found = compiled.gettext(message.id)
            assert found == message.string, message.id


def test_switching_to_english_translates_the_core():
    try:
        i18n.set_language("en")
        assert i18n._("Thoát") == "Exit"
        assert i18n.current_language() == "en"
        assert i18n.pgettext("navigation", "Sự kiện") == "Events"
    finally:
        i18n.set_language("vi")
    assert i18n._("Thoát") == "Thoát"
