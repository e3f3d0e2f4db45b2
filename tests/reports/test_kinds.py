"""The kinds table names every report without loading reportlab, and names it right."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import reports
from desktop.core.errors import UserError
from desktop.core.reports import consolidated, event_sheet, lists, results

ROOT = Path(__file__).resolve().parents[2]


def test_codes_are_the_report_modules_own():
    assert list(reports.KINDS) == [
        results.KIND,
        lists.SIGN_IN,
        lists.COMMENDATIONS,
        lists.REGISTER,
        event_sheet.KIND,
        consolidated.KIND,
    ]
    assert [code for code, item in reports.KINDS.items() if item.province_only] == ["tong-hop"]
    assert [code for code, item in reports.KINDS.items() if item.needs_event] == [
        "ky-ten",
        "su-kien",
    ]


@pytest.mark.parametrize("code", list(reports.KINDS))
def test_builders_resolve_to_the_module_functions(code):
    kind = reports.kind(code)
    module = sys.modules[f"desktop.core.reports.{kind.module}"]
    assert kind.pdf is getattr(module, kind.pdf_builder)
    assert kind.table is getattr(module, kind.table_builder)
    assert callable(kind.pdf) and callable(kind.table)


def test_unknown_kind_lists_the_known_ones():
    with pytest.raises(UserError) as raised:
        reports.kind("bao-cao-la")
    assert "bao-cao-la" in str(raised.value)
    assert "ket-qua" in str(raised.value)


def test_naming_a_report_loads_no_reportlab():
    code = (
        "import sys\n"
        "from desktop.core import reports\n"
        "from desktop.core.reports import KINDS, ReportRequest\n"
        "titles = [item.title for item in KINDS.values()]\n"
        "request = ReportRequest('ket-qua', 'c')\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in {'reportlab', 'PIL'}]\n"
        "assert reports.results.KIND == 'ket-qua'\n"  # a submodule, imported when named
        "assert 'reportlab' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_what_a_kind_needs_is_declared_on_the_kind_not_in_the_window():
    """A new report kind is one entry in reports/kinds.py: no window or command keeps its own list
    of kind codes (which kinds carry a narrative, take a commune, name people…)."""
    import ast
    from pathlib import Path

    from desktop.core.reports.kinds import KINDS

    root = Path(__file__).resolve().parents[2] / "desktop"
    codes = set(KINDS)
    found = []
    for path in [*(root / "ui").rglob("*.py"), *(root / "cli").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List | ast.Set):
                named = {e.value for e in node.elts if isinstance(e, ast.Constant)} & codes
                if len(named) > 1:
                    found.append(f"{path.name}:{node.lineno} {sorted(named)}")
    assert found == []


def test_the_flags_say_what_each_kind_is():
    from desktop.core import personal_data
    from desktop.core.reports.kinds import KINDS

    assert {code for code, kind in KINDS.items() if kind.names_people} == {
        "ky-ten",
        "khen-thuong",
        "trich-danh-sach",
    }
    assert {code for code, kind in KINDS.items() if kind.narrative} == {"ket-qua", "tong-hop"}
    assert personal_data.is_personal("ky-ten") and not personal_data.is_personal("ket-qua")
    assert not personal_data.is_personal("không-có")
