"""Dates, times, months, quantities and money are turned into text only in desktop/core/formats.py.

A second formatter is how one screen came to show 19/08/2026 beside 2026-08-19 and a time as
"01/03/2026 00:30" beside "00:30 01/03/2026". This test reads every module of desktop/ and fails
on the shapes a home-made formatter takes.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = ROOT / "desktop"
FORMATS = DESKTOP / "core" / "formats.py"

# A module that must format a value itself is named here with its reason; none does.
ALLOWED: set[str] = set()

DISPLAY_PATTERN = re.compile(r"%[dmHMY][/:. ]%[dmHMY]")  # %d/%m, %H:%M, %m/%Y, %d.%m ...
FORMATTER_NAME = re.compile(
    r"_?(format_(date|time|datetime|month|vnd|money|quantity|number)|short_date|\w*dmy|"
    r"\w*_vnd)$"
)
THOUSANDS = re.compile(r"\{[\w.\[\]]*:[^{}]*,[^{}]*\}")  # "{value:,}" in a str.format template


def _modules() -> list[Path]:
    return sorted(path for path in DESKTOP.rglob("*.py") if path != FORMATS)


def _is_slice_of_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice)


def _hand_made_date(node: ast.JoinedStr) -> bool:
    """f"{iso[8:10]}/{iso[5:7]}" or f"{code[5:]}/{code[:4]}": an ISO text cut and re-glued."""
    parts = node.values
    for before, glue, after in zip(parts, parts[1:], parts[2:], strict=False):
        if (
            isinstance(before, ast.FormattedValue)
            and isinstance(after, ast.FormattedValue)
            and isinstance(glue, ast.Constant)
            and glue.value == "/"
            and _is_slice_of_text(before.value)
            and _is_slice_of_text(after.value)
        ):
            return True
    return False


def _spec(node: ast.FormattedValue) -> str:
    """The constant part of an f-string field's format spec: "," in f"{value:,}"."""
    parts = node.format_spec.values if isinstance(node.format_spec, ast.JoinedStr) else []
    return "".join(str(part.value) for part in parts if isinstance(part, ast.Constant))


def _problems(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(root).as_posix()}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and FORMATTER_NAME.match(
            node.name
        ):
            found.append(f"{where}: defines {node.name}(); use desktop.core.formats")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if DISPLAY_PATTERN.search(node.value):
                found.append(f"{where}: display pattern {node.value!r}; use formats.date/date_time")
            elif THOUSANDS.search(node.value):
                found.append(f"{where}: thousands separator {node.value!r}; use formats.quantity")
        elif isinstance(node, ast.JoinedStr) and _hand_made_date(node):
            found.append(f"{where}: a date or month cut from ISO text; use formats.date/month")
        elif isinstance(node, ast.FormattedValue) and "," in _spec(node):
            found.append(f"{where}: thousands separator :{_spec(node)}; use formats.quantity")
    return found


def test_only_formats_turns_values_into_display_text():
    problems = [
        problem
        for path in _modules()
        if path.relative_to(ROOT).as_posix() not in ALLOWED
        for problem in _problems(path)
    ]
    assert not problems, "\n".join(problems)


def test_the_allowlist_names_only_modules_that_still_need_it():
    stale = [name for name in ALLOWED if not _problems(ROOT / name)]
    assert not stale, f"remove from ALLOWED, they format nothing themselves now: {stale}"


def test_the_guard_sees_each_shape_of_a_home_made_formatter(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def format_vnd(value):\n"
        "    return f'{value:,}'.replace(',', '.')\n"
        "def _dmy(iso):\n"
        "    return f'{iso[8:10]}/{iso[5:7]}/{iso[:4]}'\n"
        "when = moment.strftime('%H:%M %d/%m/%Y')\n"
        "day = f'{today:%d/%m/%Y}'\n"
        "count = '{n:,} người'.format(n=5)\n",
        encoding="utf-8",
    )
    problems = _problems(sample, tmp_path)
    lines = sorted(int(problem.split(":")[1]) for problem in problems)
    assert lines == [1, 2, 3, 4, 5, 6, 7], problems  # each shape once, on its own line


def test_file_name_stamps_are_not_display_formats():
    assert not DISPLAY_PATTERN.search("%Y%m%d-%H%M%S")  # a backup's file name
    assert not DISPLAY_PATTERN.search("%Y-%m")  # a bundle's period code
