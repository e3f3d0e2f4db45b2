"""What the new-register recipe (docs/developing.md) can forget on its page: every register page
(one built with `Page.register_layout`) offers "Xuất Excel", gated by the export right."""

from __future__ import annotations

import ast
from pathlib import Path

PAGES = Path(__file__).resolve().parents[2] / "desktop" / "ui" / "pages"


def _calls(tree: ast.AST) -> set[str]:
    return {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }


def _register_pages() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PAGES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name != "base.py" and "register_layout" in _calls(tree):
            found[path.name] = tree
    return found


def test_every_register_page_exports_to_excel_behind_the_export_right():
    pages = _register_pages()
    assert {"events.py", "people.py"} <= set(pages)
    without = [name for name, tree in pages.items() if "ask_and_export" not in _calls(tree)]
    assert without == [], "a register page offers “Xuất Excel…” through desktop.ui.export"
    ungated = [name for name, tree in pages.items() if "Permission.EXPORT" not in ast.unparse(tree)]
    assert ungated == [], "gate the export button with Permission.EXPORT"
