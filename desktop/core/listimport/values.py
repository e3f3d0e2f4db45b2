"""Cell values as commune lists write them: dates, birth years, phones, genders, hamlets.

Each parser takes what the reader gave (text, a number, a date) and returns the value to store,
or raises `BadValue` with the Vietnamese reason a rejected row is reported with.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desktop.core import formats
from desktop.core.i18n import _
from desktop.core.text import clean, search_key

EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_YEAR = re.compile(r"^(?:n[aă]m\s*)?(\d{4})$")
_NUMBER = re.compile(r"^\d+(?:[.,]0+)?$")
_GENDERS = {
    "nam": "nam",
    "m": "nam",
    "male": "nam",
    "trai": "nam",
    "nu": "nu",
    "f": "nu",
    "female": "nu",
    "gai": "nu",
}
_HAMLET_PREFIXES: tuple[str, ...] = ("to dan pho", "khu dan cu", "khu pho", "ap", "kp", "kdc")
_HAMLET_PREFIXES += ("thon", "tdp", "xom")
_HAMLET_PREFIXES += ("ban", "buon", "lang", "plei", "phum", "soc", "khom", "khu", "to")
_NUMBER_WORDS = {
    "mot": "1",
    "hai": "2",
    "ba": "3",
    "bon": "4",
    "tu": "4",
    "nam": "5",
    "sau": "6",
    "bay": "7",
    "tam": "8",
    "chin": "9",
    "muoi": "10",
}
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7"}
_ROMAN.update({"viii": "8", "ix": "9", "x": "10"})


class BadValue(ValueError):
    """A cell that cannot be read; `str()` is the Vietnamese reason."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """Any cell as clean text: whole floats lose their ".0", dates become dd/mm/yyyy."""
    if isinstance(value, str):
        return clean(value)
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return formats.date(value)
    return clean(str(value))


def _from_serial(number: float) -> dt.date:
    if not 1 <= number <= 2958465:
        raise BadValue(_("Số {value} không phải là ngày.").format(value=text(number)))
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _two_digit_year(year: int, past: bool) -> int:
    """d/m/yy: a birth date is in the past; an event date is in this century."""
    if not past:
        return 2000 + year
    this_year = dt.date.today().year % 100
    return (2000 if year <= this_year else 1900) + year


def parse_date(value: Any, *, past: bool = False) -> dt.date:
    """A full date: a date cell, an Excel serial, dd/mm/yyyy, d/m/yy or yyyy-mm-dd."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    raw = text(value)
    try:
        if match := _DMY.match(raw):
            day, month, year = (int(part) for part in match.groups())
            if len(match.group(3)) == 2:
                year = _two_digit_year(year, past)
            return dt.date(year, month, day)
        if match := _ISO.match(raw):
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if _NUMBER.match(raw):
            return _from_serial(float(raw.replace(",", ".")))
    except ValueError as error:
        if isinstance(error, BadValue):
            raise
        raise BadValue(_("Ngày “{value}” không có thật.").format(value=raw)) from error
    raise BadValue(_("Không đọc được ngày “{value}” (cần dạng ngày/tháng/năm).").format(value=raw))


def _two_digit(raw: str) -> BadValue:
    return BadValue(
        _(
            "Năm sinh “{value}” chỉ có hai chữ số: hãy ghi đủ bốn chữ số (ví dụ 19{value}) "
            "để không nhầm thế kỷ."
        ).format(value=raw)
    )


def parse_birth_year(value: Any) -> int:
    """A year of birth from a year ("1975", "năm 1975", 1975.0), a date or an Excel serial.

    A two-digit year (85) is refused, never taken as an Excel serial (which is 1900); a number
    below 1800 that is not a two-digit year is no year either."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if number.is_integer() and 0 <= number < 100:
            raise _two_digit(text(value))
        if number.is_integer() and 1800 <= number <= 2100:
            return int(number)
        if number < 1800:
            raise BadValue(_("Năm sinh “{value}” không phải là năm.").format(value=text(value)))
        return _from_serial(number).year
    raw = text(value)
    if re.fullmatch(r"\d{1,2}", raw):
        raise _two_digit(raw)
    if match := _YEAR.match(search_key(raw)):
        return int(match.group(1))
    try:
        return parse_date(raw, past=True).year
    except BadValue:
        raise BadValue(_("Không đọc được năm sinh “{value}”.").format(value=raw)) from None


def parse_gender(value: Any) -> str:
    """ "nam" or "nu" from Nam/Nữ/nam/nu/M/F (and a few spellings of the same)."""
    key = search_key(text(value)).replace(".", "")
    if key in _GENDERS:
        return _GENDERS[key]
    raise BadValue(_("Giới tính “{value}” không rõ (Nam hoặc Nữ).").format(value=text(value)))


_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")
_NOT_WORD = re.compile(r"[^\w\s]")
_PHONE_SEPARATORS = re.compile(r"[,;/\n]|\s[-–]\s|\s+(?:hoặc|hoac|và|va)\s+")


def _lost_its_zero(digits: str) -> bool:
    mobile = len(digits) == 9 and digits[0] in "35789"
    landline = len(digits) == 10 and digits[0] == "2"
    return mobile or landline


def two_digit_year_note(value: Any, year: int | None) -> str:
    """The century rule made visible: "1/2/85" was read as 1985 (a birth date is past)."""
    match = _DMY.match(text(value)) if isinstance(value, str) else None
    if not match or len(match.group(3)) != 2 or year is None:
        return ""
    return _("Năm “{short}” trong “{value}” được hiểu là {year}.").format(
        short=match.group(3), value=text(value), year=year
    )


def _one_phone(raw: str) -> str:
    """One number as digits, its leading 0 given back by Vietnamese numbering: a number cell
    lost it, so 9 digits from 3/5/7/8/9 is a mobile (0912345678) and 10 digits from 2 a
    landline with its area code (2973866123 → 02973866123); +84 and 84 become 0."""
    digits = _PHONE_PUNCTUATION.sub("", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif digits.isdigit() and _lost_its_zero(digits):
        digits = "0" + digits
    if not digits.isdigit() or not 8 <= len(digits) <= 15:
        raise BadValue(_("Số điện thoại “{value}” không hợp lệ.").format(value=raw))
    return digits


def parse_phones(value: Any) -> list[str]:
    """Every number in a phone cell ("0912 345 678 - 0297 3866 123", "…; …"), in order."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    parts = [p.strip() for p in _PHONE_SEPARATORS.split(text(value)) if p.strip()]
    return [_one_phone(part) for part in parts]


def parse_phone(value: Any) -> str:
    """The first number of a phone cell as digits: "+84 912 345 678", "0912.345.678", or
    912345678 (a number cell whose leading zero Excel dropped) all give "0912345678"."""
    return parse_phones(value)[0]


def parse_national_id(value: Any) -> str:
    """A CCCD (12 digits) or old CMND (9); a number cell that lost its leading zero gets it back."""
    digits = re.sub(r"[\s.]", "", text(value))
    if digits.isdigit() and len(digits) in (8, 11):
        digits = "0" + digits
    if not digits.isdigit() or len(digits) not in (9, 12):
        raise BadValue(
            _("Số CCCD/CMND “{value}” phải có 12 (hoặc 9) chữ số.").format(value=text(value))
        )
    return digits


def parse_count(value: Any) -> int:
    """A head-count: a whole number, "1.200" with a thousands dot allowed."""
    raw = text(value).replace(".", "").replace(" ", "")
    if not raw.isdigit():
        raise BadValue(_("Số người “{value}” không phải là số nguyên.").format(value=text(value)))
    return int(raw)


@lru_cache(maxsize=4096)
def hamlet_key(name: str) -> str:
    """The part of a hamlet's name that tells it apart: "Ấp 3", "ấp Ba", "khu phố 03", "KP.III"
    all give "3"; "Ấp Tân Hòa" gives "tan hoa"."""
    key = _NOT_WORD.sub(" ", search_key(name))
    key = " ".join(key.split())
    for prefix in _HAMLET_PREFIXES:
        if key.startswith(prefix + " "):
            key = key[len(prefix) + 1 :]
            break
    words = [_NUMBER_WORDS.get(w, _ROMAN.get(w, w)) for w in key.split()]
    if len(words) == 1 and words[0].isdigit():
        return str(int(words[0]))
    return " ".join(words)


def hamlet_display_name(raw: str) -> str:
    """The name to give a new hamlet: as typed, with "Ấp " in front of a bare number or word."""
    name = clean(raw)
    key = " ".join(_NOT_WORD.sub(" ", search_key(name)).split())
    if any(key == p or key.startswith(p + " ") for p in _HAMLET_PREFIXES):
        return name[:1].upper() + name[1:]
    return f"Ấp {name}"


@dataclass(frozen=True)
class CatalogueMatcher:
    """Finds a catalogue entry by any of its names, ignoring case and diacritics."""

    by_key: dict[str, str]

    @classmethod
    def of(cls, entries: Iterable[tuple[str, Iterable[str]]], key=search_key) -> CatalogueMatcher:
        """`entries` are (id, names) pairs; the first entry to claim a key keeps it."""
        table: dict[str, str] = {}
        for ident, names in entries:
            for name in names:
                if name:
                    table.setdefault(key(name), ident)
        return cls(table)

    def find(self, raw: str, key=search_key) -> str | None:
        return self.by_key.get(key(raw)) if raw else None
