"""Old Vietnamese encodings (TCVN3/ABC and VNI-Windows) back to Unicode NFC, found per column.

Excel keeps text typed in a ".VnTime" or "VNI-Times" font as the Windows-1252 characters of its
bytes, so "Nguyễn" shows as "NguyÔn" (TCVN3) or "Nguyeãn" (VNI). A CSV saved on such a PC holds
the bytes themselves, which the reader decodes as Windows-1258. Either way the characters are
turned back into the bytes they stand for, then through the published tables in
`resources/encodings/`. Which encoding a column uses is decided by which reading gives the most
words that are Vietnamese syllables; a cell that is already real Unicode stays as it is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import pairwise

from desktop.core.paths import resource_path

UNICODE, TCVN3, VNI = "unicode", "tcvn3", "vni"
ENCODINGS = (UNICODE, TCVN3, VNI)
AUTO = "auto"  # decided cell by cell (`decode_cell`)
SAMPLE_SIZE = 400
MIN_SHARE = 0.6  # of non-ASCII words that must read as Vietnamese for a legacy guess

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_NON_LATIN1 = re.compile(r"[^\x00-\xff]")
_WORD = re.compile(r"[^\W\d_]+")
_INITIAL = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx]"
_NUCLEI = (
    "iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ ue uê ui uô uơ uy ưa ưi ươ ưu yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_FINAL = "ch|ng|nh|[cmnpt]|[lrshk]"  # l, r, s, h, k: names of the Khmer, Chăm, Ê Đê… (Sa Rươl)
_SYLLABLE = re.compile(f"^(?:{_INITIAL})?(?:{'|'.join(_NUCLEI)})(?:{_FINAL})?$")


@cache
def _byte_of() -> dict[int, str]:
    """Each character a legacy byte can show as (cp1252, cp1258 or Latin-1) → that byte as a
    Latin-1 character, for `str.translate`."""
    table: dict[int, str] = {}
    for codec in ("cp1252", "cp1258", "latin-1"):
        for byte in range(256):
            try:
                char = bytes([byte]).decode(codec)
            except UnicodeDecodeError:
                continue
            table.setdefault(ord(char), chr(byte))
    return table


def _load(name: str) -> dict:
    return json.loads(resource_path("encodings", f"{name}.json").read_text(encoding="utf-8"))


@cache
def tcvn3_table() -> dict[int, str]:
    """Byte (as a Latin-1 code point) → Unicode, for the bytes the ABC (.VnTime) fonts use."""
    return {int(e["byte"], 16): e["char"] for e in _load("tcvn3")["entries"] if e["abc"]}


@cache
def vni_table() -> dict[str, str]:
    """VNI sequence as Windows-1252 characters → Unicode letter (all 134 accented letters)."""
    return {e["vni"]: e["letter"] for e in _load("vni")["entries"]}


@cache
def _vni_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex over every VNI sequence, longest first, that also accepts a tone mark in the
    other case than its letter (typed with Caps Lock, or a title-cased word)."""
    table = dict(vni_table())
    for sequence, letter in vni_table().items():
        if len(sequence) == 2:
            table.setdefault(sequence[0] + sequence[1].swapcase(), letter)
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys)), table


def as_legacy_bytes(text: str) -> str | None:
    """The text's characters as the bytes they show (Latin-1 code points), or None when the
    text has a character no single byte shows, i.e. it is real Unicode."""
    raw = text.translate(_byte_of())
    return None if _NON_LATIN1.search(raw) else raw


def _upper_like_source(source: str, converted: str) -> str:
    """Upper-case a cell whose ASCII letters are all capitals: text typed in the .VnTimeH
    (capitals) fonts stores tone-marked capitals under the small letters' codes."""
    letters = [c for c in source if c.isascii() and c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return converted.upper()
    return converted


@cache
def _tcvn3_by_char() -> dict[int, str]:
    """Each character a TCVN3 byte shows as → its letter, for `str.translate`; characters of
    bytes the ABC fonts do not use (typographic quotes, dashes…) are not in it and stay."""
    table = tcvn3_table()
    return {char: table[ord(byte)] for char, byte in _byte_of().items() if ord(byte) in table}


def decode_tcvn3(text: str) -> str:
    """TCVN3 text as Excel or a Windows-1258 CSV shows it → Unicode NFC (unchanged if the text
    is already Unicode)."""
    raw = as_legacy_bytes(text)
    if raw is None:
        return text
    converted = text.translate(_tcvn3_by_char())
    return unicodedata.normalize("NFC", _upper_like_source(raw, converted))


def decode_vni(text: str) -> str:
    """VNI text as Excel or a Windows-1258 CSV shows it → Unicode NFC (unchanged if Unicode).

    Sequences are found in the bytes; what lies between them is kept as typed, so quotes and
    dashes survive.
    """
    raw = as_legacy_bytes(text)
    if raw is None:
        return text
    pattern, table = _vni_pattern()
    parts, last = [], 0
    for match in pattern.finditer(raw):
        parts += [text[last : match.start()], table[match.group(0)]]
        last = match.end()
    parts.append(text[last:])
    return unicodedata.normalize("NFC", "".join(parts))


def decode(text: str, encoding: str, hint: str = UNICODE) -> str:
    """`text` read as `encoding` (AUTO: cell by cell); Unicode is only normalised to NFC."""
    if encoding == AUTO:
        return decode_cell(text, hint)[0]
    if encoding == TCVN3:
        return decode_tcvn3(text)
    if encoding == VNI:
        return decode_vni(text)
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=16384)
def is_vietnamese_word(word: str) -> bool:
    """True when `word` could be one Vietnamese syllable: one tone mark at most, letters of the
    Vietnamese alphabet, and initial + vowel group + final in the language's shapes."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in decomposed if c in _TONES) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    match = _SYLLABLE.match(toneless)
    if match and "oo" in toneless:  # only "xoong", "boong", "moóc": oo before ng or c
        return toneless.endswith(("oong", "ooc"))
    return bool(match)


def words(text: str) -> list[str]:
    """The runs of letters in `text` (compose it first: a combining mark is not a letter)."""
    return _WORD.findall(text)


def capitalise_words(text: str) -> str:
    """Each word's first letter in capitals: names from TCVN3, where "Ánh" could only be typed
    with the small letter's code."""
    return _WORD.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:], text)


def _score(values: Iterable[str]) -> tuple[int, int]:
    """(Vietnamese-looking words, all words) among the non-ASCII words of `values`."""
    good = total = 0
    for value in values:
        for word in _WORD.findall(value):
            if word.isascii():
                continue
            total += 1
            good += is_vietnamese_word(word)
    return good, total


def detect(values: Iterable[str]) -> str:
    """The encoding a column's text was typed in: UNICODE, TCVN3 or VNI."""
    sample = [v for v in values if isinstance(v, str) and not v.isascii()][:SAMPLE_SIZE]
    if not sample:
        return UNICODE
    legacy = [v for v in sample if as_legacy_bytes(v) is not None]
    if len(legacy) * 2 < len(sample):
        return UNICODE
    best, best_good = UNICODE, _score(decode(v, UNICODE) for v in sample)[0]
    for encoding in (TCVN3, VNI):
        good, total = _score(decode(v, encoding) for v in legacy)
        if total and good > best_good and good >= MIN_SHARE * total:
            best, best_good = encoding, good
    return best


def _cell_score(text: str) -> int:
    """Vietnamese-looking words minus the rest, minus stray symbols of the upper half of a code
    page inside the text ("Th¹ch" reads as two broken words and a ¹)."""
    score = 0
    for word in _WORD.findall(text):
        if not word.isascii():
            camel = any(a.islower() and b.isupper() for a, b in pairwise(word))
            score += 1 if is_vietnamese_word(word) and not camel else -1
            score -= sum(1 for c in word if not _in_alphabet(c))  # ö, ñ, æ: no Vietnamese letter
    return score - sum(1 for c in text if "\x80" <= c <= "\xff" and not c.isalpha())


_MARKS = _TONES | {"\u0302", "\u0306", "\u031b"}


@cache
def _in_alphabet(char: str) -> bool:
    """A letter of the Vietnamese alphabet (any case, any tone), đ included."""
    if char in "đĐ" or char.isascii():
        return True
    parts = unicodedata.normalize("NFD", char)
    return parts[0].isascii() and all(m in _MARKS for m in parts[1:])


@lru_cache(maxsize=65536)
def decode_cell(text: str, hint: str = UNICODE) -> tuple[str, str]:
    """(text as Unicode NFC, the encoding it was read in) for one cell.

    A cell with a character no legacy byte shows is Unicode and is never converted. Otherwise
    each reading is scored (Vietnamese syllables up, broken words, capitals inside a word and
    stray symbols down) and a legacy reading must beat the text as it is: "Võ Thành Tâm" stays,
    its TCVN3 reading "Vừ ThỔnh Tõm" scores lower. Only when both read as good Vietnamese
    ("Êp Ba" / "ấp Ba") does `hint`, the column's usual encoding, decide.
    """
    if text.isascii():
        return text, UNICODE
    as_is = unicodedata.normalize("NFC", text)
    if as_legacy_bytes(text) is None:
        return as_is, UNICODE
    order = (TCVN3, VNI) if hint != VNI else (VNI, TCVN3)
    best, best_score, best_text = UNICODE, _cell_score(as_is), as_is
    for encoding in order:
        converted = decode(text, encoding)
        score = _cell_score(converted)
        if score > best_score or (score == best_score > 0 and encoding == hint == order[0]):
            best, best_score, best_text = encoding, score, converted
    return best_text, best
