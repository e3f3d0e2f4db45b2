"""Writing an import plan: one transaction, then a summary of what happened to every row.

Either every decided row is written (new hamlets first, then people or events, merges as
updates of the existing person) or, if anything fails half-way, nothing is: the register is
left as it was. The summary lists each row that was not simply added, with its number in the
file and the reason, and can be saved as .xlsx.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import attendance, audit, catalogues, events, people, records, spreadsheet
from desktop.core.i18n import N_, _
from desktop.core.listimport.headers import PEOPLE
from desktop.core.listimport.plan import (
    ADD,
    MERGE,
    SKIP,
    ImportPlan,
    PlannedRow,
    duplicate_key,
    loose_key,
)
from desktop.core.listimport.rows import bulk_work
from desktop.core.session import Permission

if TYPE_CHECKING:
    import sqlite_utils

ADDED, MERGED, SKIPPED, REJECTED = "added", "merged", "skipped", "rejected"
LEFT_OUT = "left_out"
OUTCOMES = {
    ADDED: N_("Đã thêm"),
    MERGED: N_("Đã gộp"),
    SKIPPED: N_("Bỏ qua"),
    REJECTED: N_("Không nhập"),
    LEFT_OUT: N_("Không phải dòng danh sách"),
}
_MERGED_FIELDS = (
    "gender",
    "birth_year",
    "ethnicity_code",
    "religion_code",
    "hamlet_uid",
    "address",
    "phone",
    "organisation",
    "position",
    "national_id",
)


@dataclass(frozen=True)
class Line:
    row_number: int
    outcome: str
    label: str
    reason: str


@dataclass
class Summary:
    kind: str
    lines: list[Line] = field(default_factory=list)
    hamlets_added: list[str] = field(default_factory=list)
    plan: ImportPlan | None = None  # what was read, for the command line's report
    participants: int = 0  # people put on the event's list (a sign-in list)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def added(self) -> int:
        return self.count(ADDED)

    @property
    def merged(self) -> int:
        return self.count(MERGED)

    @property
    def skipped(self) -> int:
        return self.count(SKIPPED)

    @property
    def rejected(self) -> int:
        return self.count(REJECTED)

    @property
    def left_out(self) -> int:
        return self.count(LEFT_OUT)

    def text(self) -> str:
        counts = _(
            "Đã thêm {added}, gộp {merged}, bỏ qua {skipped}, không nhập {rejected}."
        ).format(added=self.added, merged=self.merged, skipped=self.skipped, rejected=self.rejected)
        if self.participants:
            counts += " " + _("Đã đưa {count} người vào danh sách tham gia sự kiện.").format(
                count=self.participants
            )
        if not self.left_out:
            return counts
        return (
            counts
            + " "
            + _(
                "{count} dòng không phải người/sự kiện (tổng cộng, ký tên, ghi chú, dòng trống…) "
                "được để ra ngoài."
            ).format(count=self.left_out)
        )


def _merge_person(db: sqlite_utils.Database, uid: str, incoming: people.PersonInput) -> None:
    """Fill the existing person's empty fields from the list; what is there stays."""
    current = people.get_person(db, uid)
    changed = False
    for name in _MERGED_FIELDS:
        new = getattr(incoming, name)
        if new not in (None, "") and getattr(current, name) in (None, ""):
            setattr(current, name, new)
            changed = True
    if incoming.notes and incoming.notes not in current.notes:
        current.notes = "; ".join(filter(None, [current.notes, incoming.notes]))
        changed = True
    if changed:
        people.update_person(db, uid, current)


def _duplicate_reason(row: PlannedRow) -> str:
    if row.matches:
        who = "; ".join(m.label for m in row.matches)
        if isinstance(row.data, people.PersonInput):
            return _("Trùng với người đã có: {who}").format(who=who)
        return _("Trùng với sự kiện đã có: {who}").format(who=who)
    if row.same_as is not None:
        return _("Trùng với dòng {number} trong tệp").format(number=row.same_as)
    if row.maybe:
        who = "; ".join(m.label for m in row.maybe)
        return _("Có thể trùng (chỉ khác dấu) với: {who}").format(who=who)
    return _("Có thể trùng (chỉ khác dấu) với dòng {number} trong tệp").format(
        number=row.maybe_same_as
    )


def _copy(data):
    """A shallow copy of a person or event input (copy.copy is slow for 50,000 rows)."""
    copied = object.__new__(type(data))
    copied.__dict__.update(data.__dict__)
    return copied


def _writes(row: PlannedRow, plan: ImportPlan) -> bool:
    """Whether writing the plan would add or merge this row (or, for a sign-in list, put its
    person on the event's list)."""
    if row.left_out or row.rejected:
        return False
    return bool(plan.event_uid) or not (row.duplicate and row.decision == SKIP)


def _merge_target(row: PlannedRow, written: dict[tuple, str]) -> str | None:
    """Whom a row merges into: the register's match, its look-alike, or an earlier row's."""
    if row.matches or row.maybe:
        return (row.matches or row.maybe)[0].uid
    return written.get(duplicate_key(row)) or written.get(("loose", *loose_key(row)))


class _Writer:
    """Writes the rows of one plan, remembering what each duplicate key became."""

    def __init__(self, db: sqlite_utils.Database, plan: ImportPlan, summary: Summary):
        self.db, self.plan, self.summary = db, plan, summary
        self.hamlets: dict[str, str] = {}
        self.written: dict[tuple, str] = {}
        self.pending: list[tuple[str, people.PersonInput]] = []  # people written in one go
        self.people: list[str] = []  # who each record row is now, for a sign-in list
        self.uid: str | None = None  # the person the row being written became

    def person_of(self, row: PlannedRow) -> str | None:
        """The register's person a row stands for after writing (skipped rows included)."""
        if row.matches:
            return row.matches[0].uid
        return self.written.get(duplicate_key(row))

    def add_participants(self, event_uid: str) -> int:
        """Every person of the list on the event's list, once each (a sign-in list)."""
        self.flush()
        added = 0
        for uid in dict.fromkeys(self.people):
            attendance.add(self.db, event_uid, uid)
            added += 1
        return added

    def flush(self) -> None:
        """Write the people added so far with one statement (a merge may need them)."""
        if self.pending:
            uids, inputs = zip(*self.pending, strict=True)
            people.create_people(self.db, list(inputs), list(uids), checked=True)
            self.pending = []

    def add_hamlets(self) -> None:
        for key in sorted(self.plan.create_hamlets):
            name = self.plan.new_hamlets[key]
            self.hamlets[key] = catalogues.add_hamlet(self.db, name)
            self.summary.hamlets_added.append(name)

    def _resolve_hamlet(self, row: PlannedRow):
        data = row.data
        if row.new_hamlet is None:
            return data
        data = _copy(data)
        uid = self.hamlets.get(row.new_hamlet)
        if uid:
            data.hamlet_uid = uid
            if self.plan.kind != PEOPLE:
                data.level = "ap"
        elif self.plan.kind == PEOPLE:
            data.address = ", ".join(filter(None, [row.hamlet_text, data.address]))
        else:
            data.place = ", ".join(filter(None, [data.place, row.hamlet_text]))
        return data

    def _create(self, data) -> str:
        if self.plan.kind == PEOPLE:
            uid = records.new_uid()
            self.pending.append((uid, data))
            return uid
        return events.create_event(self.db, data)

    def write(self, row: PlannedRow) -> Line:
        self.uid = None
        line = self._write(row)
        if line.outcome in (ADDED, MERGED, SKIPPED) and self.plan.kind == PEOPLE:
            uid = self.uid or self.person_of(row)
            if uid:
                self.people.append(uid)
        return line

    def _write(self, row: PlannedRow) -> Line:
        label = row.label
        if row.left_out:
            return Line(row.number, LEFT_OUT, label, _(row.left_out))
        if row.rejected:
            return Line(row.number, REJECTED, label, " ".join(row.problems))
        key = duplicate_key(row)
        notes = " ".join(row.notes)
        duplicate = row.duplicate
        if duplicate and row.decision == SKIP:
            return Line(row.number, SKIPPED, label, _duplicate_reason(row))
        if duplicate and row.decision == MERGE and self.plan.kind == PEOPLE:
            target = _merge_target(row, self.written)
            if target:
                self.flush()
                _merge_person(self.db, target, self._resolve_hamlet(row))
                self.written.setdefault(key, target)
                self.uid = target
                return Line(row.number, MERGED, label, _duplicate_reason(row))
        uid = self.uid = self._create(self._resolve_hamlet(row))
        self.written.setdefault(key, uid)
        self.written.setdefault(("loose", *loose_key(row)), uid)
        reason = _duplicate_reason(row) if duplicate else ""
        return Line(row.number, ADDED, label, " ".join(filter(None, [reason, notes])))


def run(
    db: sqlite_utils.Database,
    plan: ImportPlan,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Write the plan in one transaction; any failure rolls everything back and is raised.

    A plan that would write nothing (every row skipped, rejected or left out) writes nothing,
    not even an entry in the audit trail."""
    if not plan.create_hamlets and not any(_writes(row, plan) for row in plan.rows):
        return dry_run(plan)
    summary = Summary(plan.kind)
    writer = _Writer(db, plan, summary)
    total = len(plan.rows)
    with bulk_work(), audit.action(db, Permission.IMPORT, "list.import", plan.kind) as entry:
        writer.add_hamlets()
        for done, row in enumerate(plan.rows, start=1):
            summary.lines.append(writer.write(row))
            if progress and done % 500 == 0:
                progress(done, total)
        writer.flush()
        if plan.event_uid and plan.kind == PEOPLE:
            summary.participants = writer.add_participants(plan.event_uid)
        entry.detail.update(
            rows=total,
            counts={outcome: summary.count(outcome) for outcome in OUTCOMES},
            hamlets_added=summary.hamlets_added,
            event=plan.event_uid,
            participants=summary.participants,
        )
    return summary


def dry_run(plan: ImportPlan) -> Summary:
    """What `run` would report, without writing: for the CLI's --dry-run and the preview."""
    summary = Summary(plan.kind, hamlets_added=[plan.new_hamlets[k] for k in plan.create_hamlets])
    for row in plan.rows:
        if row.left_out:
            summary.lines.append(Line(row.number, LEFT_OUT, row.label, _(row.left_out)))
        elif row.rejected:
            summary.lines.append(Line(row.number, REJECTED, row.label, " ".join(row.problems)))
        elif row.duplicate and row.decision in (SKIP, MERGE):
            outcome = SKIPPED if row.decision == SKIP else MERGED
            summary.lines.append(Line(row.number, outcome, row.label, _duplicate_reason(row)))
        else:
            reason = _duplicate_reason(row) if row.duplicate else ""
            notes = " ".join(filter(None, [reason, *row.notes]))
            summary.lines.append(Line(row.number, ADDED, row.label, notes))
    return summary


def save_summary(summary: Summary, path: Path) -> int:
    """The summary as .xlsx: one line per row of the file, with the outcome and the reason."""
    what = _("Họ và tên") if summary.kind == PEOPLE else _("Tên sự kiện")
    columns = [(_("Dòng"), "int"), (_("Kết quả"), "text"), (what, "text"), (_("Lý do"), "text")]
    rows = ([ln.row_number, _(OUTCOMES[ln.outcome]), ln.label, ln.reason] for ln in summary.lines)
    return spreadsheet.write_table(Path(path), _("Kết quả nhập"), columns, rows)


__all__ = ["ADD", "MERGE", "SKIP", "Line", "Summary", "dry_run", "run", "save_summary"]
