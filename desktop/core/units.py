"""The official administrative units of the two-level system in force since 1/7/2025.

Provinces and communes (xã, phường, đặc khu) with the codes of Decision 19/2025/QĐ-TTg, read
from the `vietnam-provinces` package rather than typed by hand. The package is imported when a
list is first asked for (~50 ms: it builds every ward): a set-up office reads its own names from
the database, so the window starts without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from desktop.core.text import text_sort_key


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    division_type: str
    province_code: str = ""


_TYPE_WORDS = ("thành phố", "tỉnh", "xã", "phường", "đặc khu")


def _name_order(division: Division) -> str:
    """Sort by the proper name, so "Xã An Hòa" and "Phường An Lạc" sit together under A."""
    bare = division.name
    for prefix in _TYPE_WORDS:
        if bare.lower().startswith(prefix + " "):
            bare = bare[len(prefix) + 1 :]
            break
    return text_sort_key(bare)


def province_code(code: int) -> str:
    return f"{int(code):02d}"


def commune_code(code: int) -> str:
    return f"{int(code):05d}"


@cache
def provinces() -> tuple[Division, ...]:
    """The 34 provinces and centrally-run cities, in alphabetical (Vietnamese) order."""
    from vietnam_provinces import Province

    items = [
        Division(province_code(p.code), p.name, p.division_type.value) for p in Province.iter_all()
    ]
    return tuple(sorted(items, key=_name_order))


@cache
def _communes_by_province() -> dict[str, tuple[Division, ...]]:
    from vietnam_provinces import Ward

    grouped: dict[str, list[Division]] = {}
    for ward in Ward.iter_all():
        division = Division(
            commune_code(ward.code),
            ward.name,
            ward.division_type.value,
            province_code(ward.province_code),
        )
        grouped.setdefault(division.province_code, []).append(division)
    return {code: tuple(sorted(items, key=_name_order)) for code, items in grouped.items()}


def communes(province: str) -> tuple[Division, ...]:
    """The communes of one province, in alphabetical order."""
    return _communes_by_province().get(province, ())


def commune(code: str) -> Division:
    """The commune with this 5-digit code; KeyError if the code is not official."""
    for items in _communes_by_province().values():
        for division in items:
            if division.code == code:
                return division
    raise KeyError(code)


def province(code: str) -> Division:
    for division in provinces():
        if division.code == code:
            return division
    raise KeyError(code)


def all_communes_count() -> int:
    return sum(len(items) for items in _communes_by_province().values())
