"""Vietnamese text: search keys without diacritics and people sorted by given name."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.text import clean, like_pattern, person_sort_key, search_key, search_terms

_BASES = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
_TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
VIETNAMESE_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for base in _BASES
        for tone in (_TONES if base in "aăâeêioôơuưy" else [""])
    }
    | {
        unicodedata.normalize("NFC", base + tone).upper()
        for base in _BASES
        for tone in (_TONES if base in "aăâeêioôơuưy" else [""])
    }
)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Nguyễn Văn Dũng", "nguyen van dung"),
        ("Đặng", "dang"),
        ("ĐỖ THỊ HƯƠNG", "do thi huong"),
        ("  Trần   Thị\tỞ  ", "tran thi o"),
        ("Ấp Tân Hòa", "ap tan hoa"),
    ],
)
def test_search_key_drops_diacritics_case_and_extra_spaces(typed, key):
    assert search_key(typed) == key


def test_search_key_of_decomposed_input_equals_composed():
    composed = "Nguyễn Văn Dũng"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert search_key(decomposed) == search_key(composed)
    assert clean(decomposed) == composed


def test_search_terms_are_the_query_words_as_keys():
    assert search_terms("  Ngày   HỘI ") == ["ngay", "hoi"]
    assert search_terms(None) == []


@given(st.text())
def test_search_key_is_idempotent(text):
    assert search_key(search_key(text)) == search_key(text)


@given(st.lists(st.sampled_from([*VIETNAMESE_LETTERS, " "])).map("".join))
def test_search_key_of_vietnamese_letters_is_ascii(text):
    assert search_key(text).isascii()


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_x") == "%50\\%\\_x%"
    assert like_pattern("a\\b") == "%a\\\\b%"


def _ordered(names: list[str]) -> list[str]:
    return sorted(names, key=person_sort_key)


def test_people_sort_by_given_then_family_then_middle_name():
    names = [
        "Trần Văn Bình",
        "Nguyễn Thị An",
        "Lê Văn An",
        "Nguyễn Văn An",
        "Phạm Minh Châu",
        "Đỗ Thị Dung",
        "Võ Văn Đức",
        "Hoàng Thị Hạnh",
    ]
    assert _ordered(names) == [
        "Lê Văn An",
        "Nguyễn Thị An",
        "Nguyễn Văn An",
        "Trần Văn Bình",
        "Phạm Minh Châu",
        "Đỗ Thị Dung",
        "Võ Văn Đức",
        "Hoàng Thị Hạnh",
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Anh", "Ăn"),  # a < ă, although "an" < "anh" without diacritics
        ("Ăng", "Ân"),  # ă < â
        ("Ân", "Bảo"),  # â < b
        ("Dung", "Đào"),  # d < đ
        ("Đức", "Em"),  # đ < e
        ("Hen", "Hêm"),  # e < ê
        ("Long", "Lộc"),  # o < ô
        ("Lộc", "Lợi"),  # ô < ơ
        ("Ơn", "Phúc"),  # ơ < p
        ("Huy", "Hưng"),  # u < ư
    ],
)
def test_vietnamese_letter_order(first, second):
    assert _ordered([second, first]) == [first, second]


def test_tone_order_ngang_huyen_hoi_nga_sac_nang():
    tones = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    assert _ordered(list(reversed(tones))) == tones


def test_letters_weigh_more_than_tones():
    # "Án" and "An" differ by tone only; "Anh" is a different word and comes after both.
    assert _ordered(["Anh", "Án", "An"]) == ["An", "Án", "Anh"]


def test_tones_break_ties_between_same_letters():
    assert _ordered(["Lê Văn Thành", "Lê Văn Thanh"]) == ["Lê Văn Thanh", "Lê Văn Thành"]


def test_single_word_name_is_a_given_name():
    assert _ordered(["Bình", "Nguyễn Văn An"]) == ["Nguyễn Văn An", "Bình"]
