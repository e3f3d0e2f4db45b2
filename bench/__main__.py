"""`python -m bench`: generate the large commune if needed, measure, print, update the docs."""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Set before anything imports Qt.
from bench import data, details, measures, report, workloads

Plans = dict[str, list[tuple[str, list[str]]]]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=11, help="runs per measurement (median)")
    parser.add_argument("--window-runs", type=int, default=3, help="window openings (processes)")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the large database")
    parser.add_argument("--no-doc", action="store_true", help="do not update docs/performance.md")
    parser.add_argument(
        "--startup", action="store_true", help="also start-up and memory (bench/startup.py)"
    )
    parser.add_argument("--no-sync", action="store_true", help="skip bench/sync.py (~1 min)")
    return parser.parse_args()


def _generation_row(large: data.LargeData) -> list[measures.Row]:
    if large.generated_seconds is None:
        return []
    note = "50,000 people, 5,000 events, 200,000 attendance rows; once"
    name = "Generate the large commune (generate_large_commune)"
    return [measures.Row(name, large.generated_seconds * 1000, note=note, interactive=False)]


def _measure(large: data.LargeData, args: argparse.Namespace) -> list[measures.Row]:
    rows = _generation_row(large)
    rows.append(measures.measure_open(large.path, args.runs))
    rows += measures.measure_lists(large.path, args.runs)
    rows.append(measures.measure_demo(max(1, args.runs // 2)))
    rows.append(measures.measure_window(large.path, args.window_runs))
    rows += details.rows(large.path, args.runs)
    rows += workloads.measure_list_imports(max(1, args.runs // 4))
    rows += workloads.measure_consolidated_report(max(1, args.runs // 4))
    return rows


def _plans_of_slow_rows(large: data.LargeData, rows: list[measures.Row]) -> Plans:
    """EXPLAIN QUERY PLAN of every statement behind a flagged row, to see what is missing."""
    slow = [row for row in rows if row.slow and row.statements]
    return {row.name: measures.query_plans(large.path, row.statements) for row in slow}


def _print(rows: list[measures.Row], plans: Plans) -> None:
    print("\n".join(report.table(rows)))
    for name, explained in plans.items():
        print(f"\nSlow: {name}")
        for sql, steps in explained:
            print(f"  {sql[:200]}")
            print("\n".join(f"    {step}" for step in steps))


def main() -> int:
    args = _arguments()
    large = data.large_database(args.regenerate)
    rows = _measure(large, args)
    plans = _plans_of_slow_rows(large, rows)
    _print(rows, plans)
    if not args.no_doc:
        report.update_doc(report.block(rows, args.runs, args.window_runs, plans))
        print(f"\nUpdated {report.DOC}")
    if not args.no_sync:
        from bench import sync

        sync.run(large.path, write_doc=not args.no_doc)
    if args.startup:
        from bench import startup

        return startup.run(args.window_runs, cold=False, rebuild=False, write_doc=not args.no_doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
