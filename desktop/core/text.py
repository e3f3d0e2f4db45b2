"""Vietnamese text: NFC storage, diacritic-free search keys and given-name-first sorting.

Names are stored as typed (NFC). Beside them the registers keep a search key (lower case, no
diacritics, đ→d) so "nguyen van dung" finds "Nguyễn Văn Dũng", and a sort key that orders people
the Vietnamese way: by given name, then family name, then middle name, letters in the order
a ă â b c d đ e ê … and tones in the order ngang, huyền, hỏi, ngã, sắc, nặng.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from desktop.core.i18n import _

_SPACES = re.compile(r"\s+")
# C0 controls but tab and line breaks: forms refuse them; one BEL in a name broke every .xlsx.
_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROLS = re.compile(f"[{_CONTROL_CLASS}]")
# The controls that do not separate words; the others (a vertical tab, Word's line break inside
# an Excel cell, a form feed, the separators U+001C-U+001F) are white space that `clean` turns
# into one space, so "Họp dân<VT>ấp 3" keeps its words apart.
_JOINING_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
# Letters that look like Vietnamese ones but are other code points (Icelandic eth, African D).
_LOOK_ALIKE_LETTERS = {
    "\u00d0": "\u0110",
    "\u00f0": "\u0111",
    "\u0189": "\u0110",
    "\u0256": "\u0111",
}
_LOOK_ALIKES = str.maketrans(_LOOK_ALIKE_LETTERS)
# What text stored by a version before `clean` folded and dropped them may still hold: in a
# one-line field every C0 control (a tab or line break there came from a paste), in free text
# (notes) the controls that are not a tab or a line break.
LEGACY_IN_LINE = "".join(map(chr, range(0x20))) + "\x7f" + "".join(_LOOK_ALIKE_LETTERS)
_LEGACY_IN_LINE = re.compile(f"[{re.escape(LEGACY_IN_LINE)}]")
_PAGE_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1f]")  # a line of its own in free text
_LEGACY_IN_FREE_TEXT = re.compile(f"[{_CONTROL_CLASS}{''.join(_LOOK_ALIKE_LETTERS)}]")
_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W\d_]+")
_COMBINING_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_COMBINING_SHAPES = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: chr(0x41 + rank) for rank, letter in enumerate(_ALPHABET)}
_PART_SEPARATOR = "\x1f"
_TONE_SEPARATOR = "\x1e"


@lru_cache(maxsize=65536)
def clean(text: str | None) -> str:
    """NFC-normalise, fold look-alike letters ("Ð" U+00D0 is stored as "Đ" U+0110), drop
    control characters, trim and collapse runs of white space; None becomes ""."""
    if not text:
        return ""
    text = _JOINING_CONTROLS.sub("", unicodedata.normalize("NFC", text).translate(_LOOK_ALIKES))
    return _SPACES.sub(" ", text).strip()


def legacy_line(text: str) -> str:
    """A one-line value (a name, a title, a place) stored by an older version, as `clean`
    stores it now when it holds a look-alike letter or any control character; otherwise
    unchanged, so a value with nothing to fold is never rewritten for its spacing alone."""
    return clean(text) if _LEGACY_IN_LINE.search(text) else text


def legacy_free_text(text: str) -> str:
    """Free text (notes) stored by an older version: look-alike letters folded and control
    characters removed, keeping its tabs and line breaks; otherwise unchanged."""
    if not _LEGACY_IN_FREE_TEXT.search(text):
        return text
    text = unicodedata.normalize("NFC", text).translate(_LOOK_ALIKES)
    return _JOINING_CONTROLS.sub("", _PAGE_BREAKS.sub("\n", text))


def legacy_search_key(key: str) -> str:
    """A stored search key made from text that held look-alike letters or control characters,
    as `search_key` makes it from that text folded: the key's own recipe (which fields, in which
    order) is kept, since folding commutes with lower-casing and removing diacritics."""
    return search_key(key) if _LEGACY_IN_LINE.search(key) else key


def control_character_error() -> str:
    """What a form says about a control character (pasted from another program)."""
    return _("Có ký tự điều khiển không hiện được (dán từ chương trình khác); hãy gõ lại ô này.")


def without_control_characters(text: str) -> str:
    """`text` with control characters removed, for files that cannot hold them (.xlsx): data
    stored before forms refused them must still export."""
    return _CONTROLS.sub("", text)


def has_control_characters(text: str | None) -> bool:
    """True when `text` holds a control character (not a tab or line break): forms refuse it."""
    return bool(text and _CONTROLS.search(text))


@lru_cache(maxsize=65536)
def search_key(text: str | None) -> str:
    """Lower case without diacritics, đ mapped to d: the form searches compare."""
    decomposed = unicodedata.normalize("NFD", clean(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def search_terms(query: str | None) -> list[str]:
    """The words of a search query as search keys; a row matches when it has them all."""
    return [term for term in search_key(query).split(" ") if term]


def like_pattern(term: str) -> str:
    """A LIKE pattern matching `term` anywhere, with LIKE's wildcards escaped by backslash."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@lru_cache(maxsize=4096)
def _letter_and_tone(char: str) -> tuple[str, int]:
    parts = unicodedata.normalize("NFD", char)
    tone = next((_COMBINING_TONES[m] for m in parts[1:] if m in _COMBINING_TONES), 0)
    shaped = parts[0] + "".join(m for m in parts[1:] if m in _COMBINING_SHAPES)
    return unicodedata.normalize("NFC", shaped), tone


@lru_cache(maxsize=16384)
def _word_key(text: str) -> tuple[str, str]:
    letters, tones = [], []
    for char in clean(text).lower():
        letter, tone = _letter_and_tone(char)
        if letter in _LETTER_RANK:
            letters.append(_LETTER_RANK[letter])
            tones.append(str(tone))
        elif letter.isdigit():
            letters.append(chr(0x30 + int(letter)) if letter.isascii() else letter)
        elif letter == " ":
            letters.append(" ")
    return "".join(letters), "".join(tones)


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name; one word is a given name alone."""
    words = clean(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def person_sort_key(full_name: str) -> str:
    """A key whose plain (binary) order is the Vietnamese order of people's names.

    The given name decides first, tones included (An < Anh < Ánh), then the family name,
    then the middle name, as class and commune lists are ordered.
    """
    family, middle, given = split_name(full_name)
    parts = []
    for part in (given, family, middle):
        letters, tones = _word_key(part)
        parts.append(letters + _TONE_SEPARATOR + tones)
    return _PART_SEPARATOR.join(parts)


def _number(match: re.Match[str]) -> str:
    digits = match.group(0).lstrip("0") or "0"
    return f"{len(digits):02d}{digits}"


def text_sort_key(text: str) -> str:
    """The one Vietnamese collation of titles, hamlets, organisations and catalogues.

    Its binary order is a ă â b c d đ e ê … y letter by letter over the whole text, tones only
    after the letters (ngang, huyền, hỏi, ngã, sắc, nặng), numbers by value ("Ấp 2" before
    "Ấp 10"), and the text as typed last so that equal keys still sort the same way every time.
    """
    numbered = _DIGITS.sub(_number, clean(text))
    letters, tones = _word_key(numbered)
    return letters + _TONE_SEPARATOR + tones + _TONE_SEPARATOR + clean(text)


SORT_FUNCTION = "antq_sort_key"


def sort_expression(column: str) -> str:
    """SQL that orders `column` by `text_sort_key`, for a connection `register_sorting` saw."""
    return f"{SORT_FUNCTION}({column})"


def register_sorting(conn) -> None:
    """Make `antq_sort_key(text)` known to a connection (idempotent, cheap): SQLite computes it
    once per row before sorting, so a paged list sorts 10,000 titles in tens of milliseconds."""
    conn.create_function(SORT_FUNCTION, 1, _sort_key_or_empty, deterministic=True)


def _sort_key_or_empty(text: str | None) -> str:
    return text_sort_key(text or "")


def name_case(text: str) -> str:
    """A name or hamlet typed in capitals in Vietnamese name case: "DANH THỊ SA RƯƠL" →
    "Danh Thị Sa Rươl". Text with any small letter is left as typed ("Ấp ổ Ré" stays)."""
    if not text.isupper() or sum(c.isalpha() for c in text) < 2:
        return text
    return _WORDS.sub(lambda m: m.group(0)[:1] + m.group(0)[1:].lower(), text)
