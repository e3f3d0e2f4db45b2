"""The kinds table names every report without loading reportlab, and names it right; the
report modules say what a report says and leave the drawing to the renderers."""

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
    assert kind.document is getattr(module, kind.document_builder)
    assert kind.table is getattr(module, kind.table_builder)
    assert callable(kind.document) and callable(kind.table)


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
        "assert 'reportlab' not in sys.modules\n"  # a report module says, it does not draw
        "from desktop.core.reports import layout\n"
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


# Only the PDF renderer's own modules may draw; the rest build the `Document` both files show.
DRAWING = {"layout", "chart", "fonts"}


def _report_modules() -> list[str]:
    from desktop.core.reports.kinds import KINDS

    return sorted({kind.module for kind in KINDS.values()} | {"common", "document", "kinds"})


@pytest.mark.parametrize("name", _report_modules())
def test_a_report_module_imports_neither_reportlab_nor_the_pdf_layout(name):
    import ast

    path = ROOT / "desktop" / "core" / "reports" / f"{name}.py"
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
    drawing = {f"desktop.core.reports.{module}" for module in DRAWING}
    found = {m for m in imported if m.split(".")[0] in {"reportlab", "docx"} or m in drawing}
    assert found == set(), f"{name}.py draws: {sorted(found)}"


def test_building_every_document_loads_no_renderer(tmp_path):
    """The import graph as it runs, not as written: every kind's document is built for a
    commune and a province while reportlab and python-docx stay unloaded."""
    code = (
        "import datetime as dt, sys\n"
        "from db import open_database\n"
        "from desktop.core import demo\n"
        "from desktop.core.reports import KINDS, ReportRequest, build_document\n"
        "db = open_database(':memory:')\n"
        "uid = demo.create_demo_commune(db, year=2026, people=40, events=8,"
        " today=dt.date(2026, 11, 1))\n"
        "event = db.conn.execute(\"SELECT uid FROM event WHERE status = 'held'\").fetchone()[0]\n"
        "for code, kind in KINDS.items():\n"
        "    if kind.province_only:\n"
        "        continue\n"
        "    extra = {'event_uid': event} if kind.needs_event else {}\n"
        "    doc = build_document(db, ReportRequest(code, uid, 'all', day=dt.date(2026, 12, 31),"
        " **extra))\n"
        "    assert doc.texts(), code\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in {'reportlab', 'docx', 'PIL'}]\n"
        "assert not loaded, loaded[:5]\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
