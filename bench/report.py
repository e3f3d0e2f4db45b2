"""The results table, printed and kept in docs/performance.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sqlite3
from pathlib import Path

from bench.measures import Row

DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
_INTRO = """# Performance

`make bench` (`python -m bench`) generates a large commune once (50,000 people, 5,000 events,
200,000 attendance rows; `bench/.data/large.sqlite3`, rebuilt when the generator changes) and
times what a user waits for, each core call beside the same SQL run through plain `sqlite3` on
the same file. Times are medians in milliseconds; the ratio is core ÷ plain. A row is flagged
when the core takes over 100 ms or more than twice the plain query. The block below is rewritten
by every run; notes outside it are kept.

"""


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    return (
        f"{_cpu()}, {os.cpu_count()} CPU (nproc), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| Measure | Core (ms) | sqlite3 (ms) | Ratio | Note |",
        "|---|---:|---:|---:|---|",
    ]
    for row in rows:
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}×"
        flag = " ⚠" if row.slow else ""
        times = f"{_ms(row.core_ms)} | {_ms(row.plain_ms)}"
        lines.append(f"| {row.name}{flag} | {times} | {ratio} | {row.note} |")
    return lines


def block(
    rows: list[Row], runs: int, window_runs: int, plans: dict[str, list[tuple[str, list[str]]]]
) -> str:
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z")
    lines = [START, "## Latest run", "", f"- Date: {now}", f"- Machine: {machine()}"]
    lines += [
        f"- Median of {runs} runs after one warm-up; the window: median of {window_runs} "
        "fresh processes; ⚠ marks a row worth a look (> 100 ms, or > 2× plain and > 5 ms slower)",
        "",
        *table(rows),
        "",
    ]
    for name, explained in plans.items():
        lines += [f"Query plans of “{name}”:", ""]
        for sql, steps in explained:
            lines += ["```", sql[:400], *(f"  {step}" for step in steps), "```"]
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def update_doc(text: str, path: Path = DOC) -> None:
    """Replace the generated block of docs/performance.md, keeping everything around it."""
    current = path.read_text(encoding="utf-8") if path.exists() else _INTRO
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text, current)
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")
