"""TCVN3 (ABC) and VNI-Windows encoders written from the published charts, independently of
the program's own tables in resources/encodings/, so fixtures made with them test the
program's decoder rather than agree with it by construction.

TCVN3: TCVN 5712:1993 "VN3" as used by the ABC .VnTime fonts: one byte per letter, small
letters only for tone-marked vowels (capitals are the same codes in a .VnTimeH font); the
bytes are given here as the Windows-1252 characters Excel shows for them.
VNI-Windows: a base letter followed by one or two mark characters (circumflex/breve/horn and
tone), the mark characters being Windows-1252 letters; ơ, ư, đ, and the i/ỵ tones are single
characters.
"""

from __future__ import annotations

import unicodedata

# Chart of TCVN3 (ABC): letter → byte. Tones in the order ngang (where the letter is not plain
# ASCII), huyền, hỏi, ngã, sắc, nặng.
_TCVN3_ROWS = {
    "a": (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
_TCVN3_EXTRA = {"đ": 0xAE}
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _with_tone(letter: str, tone: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", letter) + tone)


def tcvn3_chart() -> dict[str, str]:
    """Unicode letter → the Windows-1252 character of its TCVN3 byte."""
    chart: dict[str, str] = {}
    for letter, codes in _TCVN3_ROWS.items():
        for tone, code in zip(_TONES, codes, strict=True):
            if code is not None:
                chart[_with_tone(letter, tone)] = bytes([code]).decode("cp1252", "replace")
    for letter, code in {**_TCVN3_CAPITALS, **_TCVN3_EXTRA}.items():
        chart[letter] = bytes([code]).decode("cp1252", "replace")
    return chart


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as an old sheet shows it; a capital with a tone mark takes the small
    letter's code, as typed in the ABC fonts."""
    chart = tcvn3_chart()
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in chart:
            out.append(chart[char])
        elif char.lower() in chart:
            out.append(chart[char.lower()])
        else:
            out.append(char)
    return "".join(out)


# VNI-Windows: marks after the base letter.
_VNI_TONES = {"": "", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0301": "ù", "\u0323": "ï"}
_VNI_HAT_TONES = {
    "": "â",
    "\u0300": "à",
    "\u0309": "å",
    "\u0303": "ã",
    "\u0301": "á",
    "\u0323": "ä",
}
_VNI_BREVE_TONES = {
    "": "ê",
    "\u0300": "è",
    "\u0309": "ú",
    "\u0303": "ü",
    "\u0301": "é",
    "\u0323": "ë",
}
_VNI_I = {"\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0301": "í", "\u0323": "ò"}


def _vni_letter(char: str) -> str:
    if char in "đĐ":
        return "ñ" if char == "đ" else "Ñ"
    parts = unicodedata.normalize("NFD", char)
    base, marks = parts[0], parts[1:]
    if base.lower() not in "aeiouy" or not marks:
        return char
    tone = next((m for m in marks if m in _VNI_TONES and m), "")
    upper = base.isupper()

    def case(mark: str) -> str:
        return mark.upper() if upper else mark

    if "\u0302" in marks:  # â ê ô
        return base + case(_VNI_HAT_TONES[tone])
    if "\u0306" in marks:  # ă
        return base + case(_VNI_BREVE_TONES[tone])
    if "\u031b" in marks:  # ơ ư: one character, then the tone
        horned = {"o": "ô", "u": "ö"}[base.lower()]
        return case(horned) + case(_VNI_TONES[tone])
    if base.lower() == "i" and tone:
        return case(_VNI_I[tone])
    if base.lower() == "y" and tone == "\u0323":
        return case("î")
    return base + case(_VNI_TONES[tone])


def to_vni(text: str) -> str:
    """Unicode → VNI-Windows as an old sheet shows it (Windows-1252 characters)."""
    return "".join(_vni_letter(c) for c in unicodedata.normalize("NFC", text))
