"""Paged, sorted, filtered reads that back every large list on screen.

A list asks for a count and then pages of rows; nothing loads a whole table into Python.
Sort keys are looked up in a fixed map of SQL expressions, never pasted from input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.core.text import like_pattern, search_terms


@dataclass
class Where:
    """A conjunction of SQL conditions and their parameters, built up by filters."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def add_search(self, column: str, query: str | None) -> None:
        """Every word of `query` must occur in `column` (a search key column)."""
        for term in search_terms(query):
            self.add(f"{column} LIKE ? ESCAPE '\\'", like_pattern(term))

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1"


def order_by(sort_map: dict[str, str], key: str, descending: bool, tiebreak: str) -> str:
    expression = sort_map.get(key) or next(iter(sort_map.values()))
    direction = "DESC" if descending else "ASC"
    return f"{expression} {direction}, {tiebreak} {direction}"
