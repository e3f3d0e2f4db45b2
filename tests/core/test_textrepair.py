"""Rows stored before text was folded: repaired once at open, as ordinary audited edits.

The office file is the newest schema fixture (an office running the previous version) with rows
written the way that version wrote them: through `records.insert` inside an audited action, with
"Ð" (U+00D0) and control characters kept and the search keys it computed.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st

from db import open_database, open_read_only
from db.schema import SYNCED_TABLES
from desktop.core import audit, audit_log, office, people, records, reports, textrepair
from desktop.core.session import Permission
from desktop.core.storage import health, integrity
from desktop.core.sync import payload
from desktop.core.text import legacy_search_key, person_sort_key, search_key

FIXTURES = Path(__file__).parents[1] / "db" / "fixtures"
DANG = "Ðặng Văn Ðức"
BEL = "Nguyễn\x07 Văn A"
TITLE = "Họp dân\x0bấp Ðông"
HAMLET = "Ấp Ðông"
RECIPIENT = "Ðoàn Thanh niên ấp Ðông"
NOTES = "Trưởng ấp\nnhiệm kỳ 2020\t2025\x07"


def old_search_key(text: str) -> str:
    """`search_key` as the previous version computed it: no folding, control characters kept."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def _insert(db, kind: str, table: str, subject: str, values: dict) -> str:
    with audit.action(db, Permission.EDIT_RECORDS, kind, subject):
        return records.insert(db, table, values)


def write_as_before(db) -> dict[str, str]:
    """The rows an office running the previous version may hold; their uids by name."""
    campaign, event_type = db.conn.execute(
        "SELECT campaign_uid, event_type_uid FROM event LIMIT 1"
    ).fetchone()
    indicator = db.conn.execute("SELECT uid FROM indicator LIMIT 1").fetchone()[0]
    made = {}
    hamlet = {"name": HAMLET, "search_key": old_search_key(HAMLET)}
    made["hamlet"] = _insert(db, "catalogue.save", "hamlet", HAMLET, hamlet)
    for name, notes in ((DANG, NOTES), (BEL, "")):
        made[name] = _insert(
            db,
            "person.create",
            "person",
            name,
            {
                "full_name": name,
                "search_key": old_search_key(name),
                "sort_key": "x",
                "gender": "nam",
                "birth_year": 1975,
                "hamlet_uid": made["hamlet"],
                "notes": notes,
            },
        )
    place = "Nhà văn hóa ấp Ðông"
    made["event"] = _insert(
        db,
        "event.create",
        "event",
        TITLE,
        {
            "campaign_uid": campaign,
            "event_type_uid": event_type,
            "title": TITLE,
            "search_key": old_search_key(f"{TITLE} {place}"),
            "start_date": "2026-08-20",
            "end_date": "2026-08-20",
            "level": "ap",
            "hamlet_uid": made["hamlet"],
            "place": place,
            "status": "held",
            "notes": "Dòng một\nDòng hai\x0c",
        },
    )
    with audit.action(db, Permission.EDIT_RECORDS, "attendance.add", DANG):
        records.insert(db, "attendance", {"event_uid": made["event"], "person_uid": made[DANG]})
    made["outcome"] = _insert(
        db,
        "outcome.create",
        "outcome",
        RECIPIENT,
        {
            "campaign_uid": campaign,
            "event_uid": made["event"],
            "indicator_uid": indicator,
            "quantity": 1,
            "recipient": RECIPIENT,
            "search_key": old_search_key(f"{RECIPIENT}  "),
            "recipient_kind": "tap_the",
        },
    )
    return made


@pytest.fixture
def old_office(tmp_path) -> tuple[Path, dict[str, str]]:
    """The newest schema fixture with the previous version's rows, closed."""
    newest = sorted(FIXTURES.glob("schema_v*.sqlite3"))[-1]
    path = tmp_path / "xa.sqlite3"
    shutil.copy(newest, path)
    db = open_database(path)
    made = write_as_before(db)
    db.close()
    return path, made


def open_with_this_version(path: Path):
    """What opening the office does: migrations, the verdict, then the repair."""
    db = open_database(path)
    return db, textrepair.repair_stored_text(db)


def _names(db) -> list[str]:
    return [p.full_name for p in people.list_people(db, people.PersonFilter())]


def test_after_opening_an_old_office_dang_finds_the_person(old_office):
    path, made = old_office
    db = open_database(path)
    assert people.list_people(db, people.PersonFilter(text="dang van")) == []  # the bug, before
    db.close()
    db, repair = open_with_this_version(path)
    assert repair.repaired == {"hamlet": 1, "event": 1, "person": 2, "outcome": 1}
    assert "5 bản ghi" in (repair.message() or "") and "gửi lên tỉnh" in (repair.message() or "")
    found = people.list_people(db, people.PersonFilter(text="dang"))
    assert sorted(p.full_name for p in found) == ["Đặng Thị Mai", "Đặng Văn Đức"]
    assert [p.full_name for p in people.list_people(db, people.PersonFilter(text="duc"))] == [
        "Đặng Văn Đức"
    ]
    assert "Nguyễn Văn A" in _names(db)
    sort_key = db.conn.execute("SELECT sort_key FROM person WHERE uid = ?", [made[DANG]])
    assert sort_key.fetchone()[0] == person_sort_key("Đặng Văn Đức")
    from desktop.core import events

    hits = events.list_events(db, events.EventFilter(text="ap dong"))
    assert [e.title for e in hits] == ["Họp dân ấp Đông"]
    db.close()


def test_notes_keep_their_line_breaks_and_tabs(old_office):
    path, made = old_office
    db, _repair = open_with_this_version(path)
    person = db.conn.execute("SELECT notes FROM person WHERE uid = ?", [made[DANG]]).fetchone()
    assert person[0] == "Trưởng ấp\nnhiệm kỳ 2020\t2025"
    event = db.conn.execute("SELECT notes FROM event WHERE uid = ?", [made["event"]]).fetchone()
    assert event[0] == "Dòng một\nDòng hai\n"
    db.close()


def test_the_register_exports_to_an_xlsx_that_opens(old_office, tmp_path):
    path, _made = old_office
    db, _repair = open_with_this_version(path)
    out = tmp_path / "trich.xlsx"
    request = reports.request_from_text(db, "trich-danh-sach", None, "all")
    reports.write(db, request, out)
    db.close()
    values = {cell.value for row in openpyxl.load_workbook(out).active.iter_rows() for cell in row}
    assert "Đặng Văn Đức" in values
    assert not any(isinstance(v, str) and "\x07" in v for v in values)


def test_check_is_clean_after_the_repair(old_office):
    path, _made = old_office
    db, repair = open_with_this_version(path)
    assert repair.count == 5
    db.close()
    report = health.check_file(path)
    assert report.ok, (report.tampered, report.audit_breaks, report.missing_log)
    assert report.records_compared > 0


def test_a_silent_update_would_be_called_tampering(old_office):
    """Why the repair goes through the audited write path: the same change without it fails
    `check`, so the clean check above proves the path."""
    path, made = old_office
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE person SET full_name = 'Đặng Văn Đức', rev = rev + 1 WHERE uid = ?", [made[DANG]]
    )
    conn.commit()
    conn.close()
    assert any("full_name" in item for item in health.check_file(path).tampered)


def test_each_repaired_row_is_one_audited_edit_the_audit_view_names(old_office):
    path, made = old_office
    db, _repair = open_with_this_version(path)
    entries = db.conn.execute(
        "SELECT id, actor, subject, detail FROM audit WHERE kind = 'text.repair' ORDER BY id"
    ).fetchall()
    assert [(e["actor"], e["subject"]) for e in entries] == [
        ("", "Ấp, khu phố"),
        ("", "Sự kiện"),
        ("", "Người tham gia"),
        ("", "Kết quả"),
    ]
    detail = audit_log.entry_detail(db, entries[2]["id"])
    assert detail.row.kind_text == "Sửa chữ Ð/ký tự điều khiển trong dữ liệu cũ"
    assert detail.row.actor_text == "(chương trình, tự động)"
    assert sorted(c.uid for c in detail.changes) == sorted([made[DANG], made[BEL]])
    names = {
        (f.before, f.after)
        for change in detail.changes
        for f in change.fields
        if f.key == "full_name"
    }
    assert ("Ðặng Văn Ðức", "Đặng Văn Đức") in names
    db.close()


def test_the_change_log_carries_each_repaired_row_once_and_a_second_open_repairs_nothing(
    old_office,
):
    path, made = old_office
    db = open_database(path)
    before = db.conn.execute("SELECT MAX(seq) FROM change_log").fetchone()[0]
    revs = {uid: r for uid, r in db.conn.execute("SELECT uid, rev FROM person")}
    db.close()
    db, _repair = open_with_this_version(path)
    changed = payload.changed_since(db, before)
    repaired = {made[k] for k in ("hamlet", "event", DANG, BEL, "outcome")}
    assert sorted(c.uid for c in changed) == sorted(repaired)
    assert db.conn.execute("SELECT rev FROM person WHERE uid = ?", [made[DANG]]).fetchone()[0] == (
        revs[made[DANG]] + 1
    )
    chunks = payload.plan_chunks(db, changed, "x", 7_000_000)
    carried = [json.loads(line)["row"]["uid"] for chunk in chunks for _table, line in chunk.lines]
    assert all(carried.count(uid) == 1 for uid in repaired)
    head = audit.head(db)
    db.close()
    db, again = open_with_this_version(path)
    assert again.repaired == {} and again.skipped == "already repaired"
    assert audit.head(db) == head
    assert payload.changed_since(db, before) == changed
    db.close()


def test_the_repair_finds_nothing_left_even_without_its_mark(old_office):
    path, _made = old_office
    db, _repair = open_with_this_version(path)
    db.conn.execute("DELETE FROM meta WHERE key = ?", [textrepair.DONE_KEY])
    assert textrepair.repair_stored_text(db).repaired == {}
    db.close()


def _file_state(path: Path) -> tuple[bytes, bytes]:
    """The database and its write-ahead log (a reader may create the shared-memory file)."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


@pytest.mark.parametrize("options", ["mode=ro", "mode=ro&immutable=1"])
def test_a_file_opened_read_only_is_never_repaired(old_office, options):
    """A backup being looked at (Windows opens it read-only, or as immutable on read-only media)."""
    path, _made = old_office
    state = _file_state(path)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)
    conn.row_factory = sqlite3.Row
    db = sqlite_utils.Database(conn, execute_plugins=False)
    repair = textrepair.repair_stored_text(db)
    conn.close()
    assert repair.repaired == {} and "read-only" in repair.skipped
    assert _file_state(path) == state


def test_the_read_only_connection_of_the_core_is_never_repaired(old_office):
    path, _made = old_office
    conn = open_read_only(path)
    conn.row_factory = sqlite3.Row
    repair = textrepair.repair_stored_text(sqlite_utils.Database(conn, execute_plugins=False))
    conn.close()
    assert repair.count == 0 and "read-only" in repair.skipped


def test_a_file_whose_writes_are_refused_is_never_repaired(old_office):
    path, _made = old_office
    db = open_database(path)
    integrity.refuse_writes(db)
    repair = textrepair.repair_stored_text(db)
    assert repair.count == 0 and "refused" in repair.skipped
    assert office.get_meta(db, textrepair.DONE_KEY) is None
    db.close()


def test_a_file_the_verdict_calls_unsound_is_never_repaired(old_office):
    """A trigger dropped outside the program: the verdict says damaged; nothing is written,
    and the repair waits for a sound file."""
    path, made = old_office
    db = open_database(path)
    db.conn.execute("DROP TRIGGER person_log_update")
    repair = textrepair.repair_stored_text(db)
    assert repair.count == 0 and "not sound" in repair.skipped
    name = db.conn.execute("SELECT full_name FROM person WHERE uid = ?", [made[DANG]]).fetchone()
    assert name[0] == DANG
    assert office.get_meta(db, textrepair.DONE_KEY) is None
    db.close()


def test_an_office_not_yet_set_up_is_left_alone(tmp_path):
    db = open_database(tmp_path / "moi.sqlite3")
    repair = textrepair.repair_stored_text(db)
    assert repair.skipped == "the office is not set up"
    assert office.get_meta(db, textrepair.DONE_KEY) is None
    db.close()


def test_rows_of_another_office_and_deleted_rows_are_not_rewritten(old_office):
    path, made = old_office
    db = open_database(path)
    with audit.action(db, Permission.EDIT_RECORDS, "person.delete", DANG):
        records.tombstone(db, "person", made[DANG])
    db.conn.execute(
        "INSERT INTO person (uid, unit_code, rev, created_at, updated_at, full_name, search_key, "
        "sort_key) VALUES ('6d1f3c0e-0000-4000-8000-000000000001', '99999', 3, 'x', 'x', ?, ?, '')",
        ["Ðinh Văn B", old_search_key("Ðinh Văn B")],
    )
    db.close()
    db, repair = open_with_this_version(path)
    assert repair.repaired["person"] == 1  # only the BEL name, the live row of this office
    names = {r[0] for r in db.conn.execute("SELECT full_name FROM person")}
    assert {DANG, "Ðinh Văn B", "Nguyễn Văn A"} <= names
    db.close()


# --- the folding rules --------------------------------------------------------------------------

WORDLESS = {"uid", "unit_code", "created_at", "updated_at", "deleted_at", "sort_key"}


@pytest.mark.parametrize("table", SYNCED_TABLES)
def test_every_text_column_of_a_synced_table_is_folded(db, table):
    """A text column added later is folded too (the repair reads the schema); only keys,
    references and stamps are not."""
    for row in db.conn.execute(f"PRAGMA table_info({table})"):
        name, kind = row[1], row[2].upper()
        if kind != "TEXT":
            continue
        folded = textrepair.fold_value(name, "Ð\x07x")
        if name in WORDLESS or name.endswith("_uid"):
            assert folded == "Ð\x07x"
        else:
            assert "Ð" not in folded and "\x07" not in folded, name


def test_free_text_columns_are_the_notes_the_forms_let_run_over_lines(db):
    columns = {row[1] for t in SYNCED_TABLES for row in db.conn.execute(f"PRAGMA table_info({t})")}
    assert columns >= textrepair.FREE_TEXT
    assert textrepair.fold_value("notes", "a\nb\tc\x07") == "a\nb\tc"
    assert textrepair.fold_value("full_name", "a\nb\tc\x07") == "a b c"


_LETTERS = st.sampled_from([*"aăâbdđeêioôơuưyĐÐðƉɖ ÁẶỨỡ", "\x07", "\x0b", "\t", "\x00"])


@given(st.text(_LETTERS, max_size=20), st.text(_LETTERS, max_size=10))
def test_folding_an_old_search_key_gives_the_key_of_the_folded_text(first, second):
    """The repair folds a stored key rather than rebuilding it, so a key made from several
    fields in whatever order keeps its recipe; this is the same key the folded text gives."""
    old = old_search_key(f"{first} {second}")
    fold = textrepair.fold_value
    folded_text = f"{fold('title', first)} {fold('title', second)}"
    assert legacy_search_key(old) == search_key(folded_text)


def test_a_vertical_tab_between_words_becomes_a_space_not_nothing():
    """Word's line break inside an Excel cell is U+000B: the words on both sides stay apart."""
    from desktop.core.text import clean

    assert clean("Họp dân\x0bấp 3") == "Họp dân ấp 3"
    assert clean("Lê\x07 Văn\x00 Tám\x1b") == "Lê Văn Tám"
