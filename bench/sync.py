"""Sync at scale: a full export of the large commune and the province's import of its bundles.

Each is timed once on copies made here (the bench file is never written to), beside a plain
`executemany` of the same rows into a freshly migrated database, the floor for writing them.
`make bench` runs it after the other measurements and rewrites the "Sync" block of
docs/performance.md; `python -m bench.sync [--no-doc] [--profile export|import]` runs only
these, optionally under cProfile (the profile is printed, nothing is written).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import re
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.measures import Row
from db import open_database, transaction
from db.schema import SYNCED_TABLES
from desktop.core import office
from desktop.core.sync import bundle_writer, importer, keys, payload, province, register
from desktop.core.sync import setup_file as setup

if TYPE_CHECKING:
    import sqlite_utils

PASSPHRASE = "bench-passphrase-2026"
MIB = 1024 * 1024
START, END = "<!-- sync:start -->", "<!-- sync:end -->"


@dataclass
class SyncRun:
    export_ms: float
    import_ms: float
    plain_ms: float
    sizes: list[int]
    rows: int
    peak_mib: float = 0.0  # peak RSS of a fresh process: unseal the key, import the bundles
    unsealed_mib: float = 0.0  # its peak once the key is unsealed, before the first bundle


@dataclass
class SessionRun:
    bundles: int
    unseal_ms: float
    import_ms: float
    unseals: int


PEAK_LIMIT_MIB = 300
SESSION_BUNDLES = 100


def _copy(source: Path, target: Path) -> sqlite_utils.Database:
    """A consistent copy through SQLite's backup API (the source may be open elsewhere)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return open_database(target)


def _province(folder: Path, commune: sqlite_utils.Database):
    """A province office that knows the commune's key, and the commune set up to send to it."""
    db = open_database(folder / "province.sqlite3")
    unit = office.self_unit(commune)
    code = unit.parent_code or ""
    province.set_up_province(db, code, province.make_keys(code, PASSPHRASE))
    path = setup.write_setup_file(db, folder / "setup.json")
    setup.load_setup_file(commune, path)
    public = keys.signing_public(commune) or ""
    register.enrol(db, unit.code, public)
    register.confirm(db, unit.code, keys.fingerprint(public))
    return db, [keys.unlock_working_identity(db, PASSPHRASE)]


def _plain(folder: Path, commune: sqlite_utils.Database) -> float:
    """The same rows written with executemany into a migrated database (triggers, indexes)."""
    target = open_database(folder / "plain.sqlite3")
    tables = {}
    for table in SYNCED_TABLES:
        names = payload.table_columns(commune, table)
        tables[table] = (names, commune.conn.execute(f"SELECT {', '.join(names)} FROM {table}"))
    rows = {table: [tuple(row) for row in cursor] for table, (_n, cursor) in tables.items()}
    started = time.perf_counter()
    with transaction(target):
        for table, (names, _cursor) in tables.items():
            marks = ", ".join("?" for _ in names)
            target.conn.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows[table]
            )
    elapsed = time.perf_counter() - started
    target.close()
    return elapsed * 1000


def _timed(call, profile: bool):
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = call()
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    return result, (time.perf_counter() - started) * 1000


def run_once(large: Path, profile: str = "") -> SyncRun:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        commune = _copy(large, folder / "commune.sqlite3")
        provincial, identities = _province(folder, commune)
        out = folder / "usb"
        out.mkdir()
        written, export_ms = _timed(
            lambda: bundle_writer.export(commune, out, full=True), profile == "export"
        )
        files = [item.path for item in written]
        untouched = folder / "province-peak.sqlite3"
        _copy(folder / "province.sqlite3", untouched).close()
        peaks = (0.0, 0.0) if profile else _peak_of_import(untouched, files)
        results, import_ms = _timed(
            lambda: importer.import_files(provincial, files, identities), profile == "import"
        )
        refused = [r.message for r in results if r.status != importer.IMPORTED]
        if refused:
            raise RuntimeError(f"bench bundles refused: {refused[:2]}")
        plain_ms = _plain(folder, commune)
        provincial.close()
        commune.close()
    return SyncRun(
        export_ms,
        import_ms,
        plain_ms,
        [i.size for i in written],
        sum(i.rows for i in written),
        peak_mib=peaks[1],
        unsealed_mib=peaks[0],
    )


def _peak_of_import(province_path: Path, files: list[Path]) -> tuple[float, float]:
    """(peak RSS after unsealing, peak RSS at the end) of a fresh process importing `files`
    as the command line does: the key unsealed once, then every bundle."""
    import json
    import subprocess
    import sys

    command = [sys.executable, "-m", "bench.sync", "--peak", str(province_path)]
    done = subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, check=True, timeout=900
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures["unsealed_mib"], figures["peak_mib"]


def _peak_child(province_path: Path, files: list[Path]) -> None:
    """In the child: unseal, import, print the peaks as JSON.

    VmHWM (the peak of this process's own memory map) rather than ru_maxrss, which Linux
    carries over from the parent at fork and through exec: the parent holds the large commune.
    """
    import json
    import resource

    def peak() -> float:
        status = Path("/proc/self/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    db = open_database(province_path)
    identities = [keys.unlock_working_identity(db, PASSPHRASE)]
    unsealed = peak()
    results = importer.import_files(db, files, identities)
    db.close()
    if any(r.status != importer.IMPORTED for r in results):
        raise RuntimeError("bench bundles refused in the peak run")
    print(json.dumps({"unsealed_mib": unsealed, "peak_mib": peak()}))


def run_session(bundles: int = SESSION_BUNDLES) -> SessionRun:
    """A batch of `bundles` small bundles from one commune, imported in one session as the
    command line and the import dialog do: how often the working key is unsealed, and its cost."""
    from desktop.core import catalogues, people, units

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        commune = open_database(folder / "commune.sqlite3")
        code = units.communes("91")[0].code
        office.set_up_commune(commune, office.OfficeSetup(commune_code=code, year=2026))
        hamlet = catalogues.add_hamlet(commune, "Ấp Tân Hòa")
        provincial, _identities = _province(folder, commune)
        out = folder / "usb"
        out.mkdir()
        files = []
        for index in range(bundles):
            people.create_person(
                commune, people.PersonInput(f"Người thứ {index}", "nam", 1980, hamlet_uid=hamlet)
            )
            files += [w.path for w in bundle_writer.export(commune, out, period="2026-08")]
        calls = []
        real = keys.unlock_working_identity

        def counted(*args):
            calls.append(1)
            return real(*args)

        keys.unlock_working_identity = counted
        try:
            identity, unseal_ms = _timed(
                lambda: keys.unlock_working_identity(provincial, PASSPHRASE), False
            )
            results, import_ms = _timed(
                lambda: importer.import_files(provincial, files, [identity]), False
            )
        finally:
            keys.unlock_working_identity = real
        if any(r.status != importer.IMPORTED for r in results):
            raise RuntimeError("session bundles refused")
        provincial.close()
        commune.close()
    return SessionRun(bundles, unseal_ms, import_ms, len(calls))


def measure_sync(large: Path) -> list[Row]:
    """One run (each takes tens of seconds): export, import, and the plain floor."""
    result = run_once(large)
    session = run_session()
    sizes = ", ".join(f"{size / MIB:.2f}" for size in result.sizes)
    verdict = "under" if result.peak_mib < PEAK_LIMIT_MIB else "OVER"
    return [
        Row(
            f"Import session of {session.bundles} bundles: working key unsealed {session.unseals}×",
            session.unseal_ms + session.import_ms,
            note=f"unseal (scrypt) {session.unseal_ms:,.0f} ms once, then "
            f"{session.import_ms / session.bundles:,.0f} ms per bundle; unsealed per bundle "
            f"it would cost {session.bundles} × {session.unseal_ms:,.0f} ms",
            interactive=False,
        ),
        Row(
            f"Peak memory, importing the large commune's {len(result.sizes)} bundles",
            None,
            note=f"{result.peak_mib:,.0f} MiB peak RSS of a fresh process ({verdict} the "
            f"{PEAK_LIMIT_MIB} MiB target); {result.unsealed_mib:,.0f} MiB once the key is "
            "unsealed, before the first bundle",
            interactive=False,
        ),
        Row(
            f"Full export of the large commune ({result.rows:,} lines)",
            result.export_ms,
            note=f"{len(result.sizes)} bundles of {sizes} MiB (limit 7 MiB); a parent row "
            "goes again in each bundle that needs it",
            interactive=False,
        ),
        Row(
            f"Province import of those {len(result.sizes)} bundles (verify, decrypt, merge)",
            result.import_ms,
            result.plain_ms,
            note="plain: executemany of the same rows into a migrated database",
            interactive=False,
        ),
    ]


def block(rows: list[Row]) -> str:
    from bench import report

    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z")
    lines = [START, "### Latest sync run", "", f"- Date: {now}", f"- Machine: {report.machine()}"]
    lines += ["- One run each (tens of seconds), on copies of bench/.data/large.sqlite3", ""]
    return "\n".join([*lines, *report.table(rows), "", END])


def update_doc(text: str) -> None:
    """Replace the sync block of docs/performance.md (or add a "Sync" section for it)."""
    from bench import report

    current = report.DOC.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text, current)
    else:
        updated = current.rstrip("\n") + "\n\n## Sync\n\n" + text + "\n"
    report.DOC.write_text(updated, encoding="utf-8")


def run(large: Path, write_doc: bool) -> list[Row]:
    """Measure, print, and (unless told not to) rewrite the sync block of the docs."""
    from bench import report

    rows = measure_sync(large)
    print("\n".join(report.table(rows)))
    if write_doc:
        update_doc(block(rows))
    return rows


def main() -> int:
    from bench import data

    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__)
    parser.add_argument("--profile", choices=["export", "import"], default="")
    parser.add_argument("--no-doc", action="store_true", help="do not update the docs")
    parser.add_argument("--peak", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak:  # the child process of the peak-memory row
        _peak_child(args.peak[0], args.peak[1:])
        return 0
    large = data.large_database().path
    if args.profile:
        run_once(large, args.profile)
    else:
        run(large, write_doc=not args.no_doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
