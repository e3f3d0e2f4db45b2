"""The README and docs/ stand alone: every file they point to is in the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)")
WEB = re.compile(r"https?://")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_a_document_points_only_inside_the_repository(document):
    text = document.read_text(encoding="utf-8")
    assert "../" not in text, "points outside the repository"
    assert not WEB.search(text), "points to a web address; name the tool instead"
    for target in LINK.findall(text):
        assert (document.parent / target).exists(), target
