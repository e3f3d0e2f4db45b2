"""Vietnamese text: NFC storage, diacritic-free search keys and given-name-first sorting.

Names are stored as typed (NFC). Beside them the registers keep a search key (lower case, no
diacritics, đ→d) so "nguyen van dung" finds "Nguyễn Văn Dũng", and a sort key that orders people
the Vietnamese way: by given name, then family name, then middle name, letters in the order
a ă â b c d đ e ê … and tones in the order ngang, huyền, hỏi, ngã, sắc, nặng.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_COMBINING_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_COMBINING_SHAPES = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: chr(0x41 + rank) for rank, letter in enumerate(_ALPHABET)}
_PART_SEPARATOR = "\x1f"
_TONE_SEPARATOR = "\x1e"


def clean(text: str | None) -> str:
    """NFC-normalise, trim and collapse runs of white space; None becomes ""."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


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


def _letter_and_tone(char: str) -> tuple[str, int]:
    parts = unicodedata.normalize("NFD", char)
    tone = next((_COMBINING_TONES[m] for m in parts[1:] if m in _COMBINING_TONES), 0)
    shaped = parts[0] + "".join(m for m in parts[1:] if m in _COMBINING_SHAPES)
    return unicodedata.normalize("NFC", shaped), tone


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


def text_sort_key(text: str) -> str:
    """A key whose binary order is the Vietnamese alphabetical order of `text` as a whole."""
    letters, tones = _word_key(text)
    return letters + _TONE_SEPARATOR + tones
