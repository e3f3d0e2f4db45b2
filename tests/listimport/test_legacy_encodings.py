"""TCVN3 and VNI text back to Unicode: every letter each encoding carries, and detection."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.core.listimport import legacy_encodings as legacy
from tests.listimport.make_test_files import to_tcvn3, to_vni

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
LOWER = [
    unicodedata.normalize("NFC", vowel + tone)
    for vowel in VOWELS
    for tone in TONES
    if not (vowel in "aeiouy" and not tone)
] + ["đ"]
ALL_LETTERS = LOWER + [letter.upper() for letter in LOWER]


def test_there_are_134_accented_letters():
    assert len(ALL_LETTERS) == len(set(ALL_LETTERS)) == 134


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_vni_carries_every_letter_in_both_cases(letter):
    encoded = to_vni(letter)
    assert encoded != letter or letter in "íìÍÌ"  # VNI writes í/ì with Latin-1's own letters
    assert legacy.decode_vni(f"x{encoded}x") == f"x{letter}x"


@pytest.mark.parametrize("letter", [*LOWER, "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"])
def test_tcvn3_carries_every_small_letter_and_the_seven_capitals(letter):
    encoded = to_tcvn3(letter)
    assert not encoded.isascii()  # one byte shown as a Latin-1 character (ý is ý itself)
    assert legacy.decode_tcvn3(f"x{encoded}x") == f"x{letter}x"


@pytest.mark.parametrize("letter", [c for c in ALL_LETTERS if c.isupper()])
def test_tcvn3_capitals_typed_in_vntimeh_come_back_as_capitals(letter):
    # .VnTimeH shows small-letter codes as capitals; an all-capitals word says so
    assert legacy.decode_tcvn3(f"NG{to_tcvn3(letter.lower())}N") == f"NG{letter}N"


def test_tables_say_where_they_come_from():
    assert "lcUniConv" in legacy._load("tcvn3")["source"]
    assert "vni.h" in legacy._load("vni")["source"]
    assert len(legacy.vni_table()) == 134


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Hµ Néi", "Hà Nội"),  # well-known TCVN3 spellings, independent of our generator
        ("ViÖt Nam", "Việt Nam"),
        ("§oµn Thanh niªn", "Đoàn Thanh niên"),
        ("NGUYÔN V¡N AN", "NGUYỄN VĂN AN"),
    ],
)
def test_known_tcvn3_words(typed, expected):
    assert legacy.decode_tcvn3(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Nguyeãn Vaên Duõng", "Nguyễn Văn Dũng"),
        ("Ñoàng Thaùp", "Đồng Tháp"),
        ("Traàn Thò Thuûy", "Trần Thị Thủy"),
        ("AÙnh", "Ánh"),
        ("Aùnh", "Ánh"),  # tone mark typed in the other case
    ],
)
def test_known_vni_words(typed, expected):
    assert legacy.decode_vni(typed) == expected


def test_unicode_text_is_left_alone_by_either_decoder():
    assert legacy.decode_tcvn3("Nguyễn Văn Dũng") == "Nguyễn Văn Dũng"
    assert legacy.decode_vni("Nguyễn Văn Dũng") == "Nguyễn Văn Dũng"


def test_decomposed_unicode_is_normalised():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert legacy.decode(nfd, legacy.UNICODE) == "Nguyễn Thị Ánh"


NAMES = [
    "Nguyễn Văn Dũng",
    "Trần Thị Ánh Tuyết",
    "Lê Hoàng Phúc",
    "Đặng Thị Ngọc Hường",
    "Phạm Quốc Việt",
    "Võ Thị Hồng",
]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (NAMES, legacy.UNICODE),
        ([to_tcvn3(n) for n in NAMES], legacy.TCVN3),
        ([to_vni(n) for n in NAMES], legacy.VNI),
        (["Nguyen Van An", "Tran Thi B"], legacy.UNICODE),
        (["Müller", "Crème brûlée"], legacy.UNICODE),
    ],
)
def test_a_column_encoding_is_detected(values, expected):
    assert legacy.detect(values) == expected


def test_a_tcvn3_column_keeps_cells_already_in_unicode():
    values = [to_tcvn3(n) for n in NAMES] + ["Nguyễn Thị Mới Gõ"]
    assert legacy.detect(values) == legacy.TCVN3
    assert [legacy.decode(v, legacy.TCVN3) for v in values][-1] == "Nguyễn Thị Mới Gõ"


def test_punctuation_outside_the_tables_is_kept():
    assert legacy.decode_tcvn3("NguyÔn – “Hµ Néi”…") == "Nguyễn – “Hà Nội”…"
    assert legacy.decode_vni("Nguyeãn – “Haø Noäi”…") == "Nguyễn – “Hà Nội”…"


def test_bytes_of_a_windows_1258_csv_are_read_back():
    from desktop.core.listimport.readers import decode_csv_bytes

    tcvn3 = decode_csv_bytes("NguyÔn V¨n Dòng".encode("cp1252"))
    vni = decode_csv_bytes("Nguyeãn Vaên Duõng".encode("cp1252"))
    assert legacy.decode_tcvn3(tcvn3) == legacy.decode_vni(vni) == "Nguyễn Văn Dũng"


def test_windows_1258_text_with_combining_tones_is_unicode_not_vni():
    from tests.listimport.make_test_files import to_cp1258_form

    values = [to_cp1258_form(n) for n in NAMES]
    assert values[0] != NAMES[0]  # the tones are combining marks here
    assert legacy.detect(values) == legacy.UNICODE
