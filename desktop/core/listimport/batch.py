"""A whole file imported without questions, as the command line does it.

The defaults are the cautious answers: duplicates are skipped, unknown hamlets are added to
the catalogue, rejected rows are reported. A dry run reads and checks everything and writes
nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import campaigns
from desktop.core.i18n import _
from desktop.core.listimport import apply, headers, plan
from desktop.core.listimport import legacy_encodings as legacy

if TYPE_CHECKING:
    import sqlite_utils


def import_file(
    db: sqlite_utils.Database,
    path: Path,
    kind: str,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
) -> apply.Summary:
    """Read, plan and (unless `dry_run`) write `path`; events go to the current campaign."""
    content = headers.choose_sheet(Path(path), kind, sheet)
    layout = headers.guess_layout(content, kind)
    campaign = campaigns.current(db) if kind == headers.EVENTS else None
    planned = plan.build_plan(db, content, layout, campaign_uid=campaign.uid if campaign else None)
    summary = apply.dry_run(planned) if dry_run else apply.run(db, planned)
    summary.plan = planned
    return summary


def report_lines(summary: apply.Summary, *, dry_run: bool = False) -> list[str]:
    """The counts, the hamlets added and every row not simply added, with its reason."""
    lines = [(_("Thử (chưa ghi gì): ") if dry_run else "") + summary.text()]
    if summary.plan is not None:
        lines += plan_lines(summary.plan)
    if summary.hamlets_added:
        names = ", ".join(summary.hamlets_added)
        if dry_run:
            lines.append(_("Ấp, khu phố sẽ thêm vào danh mục: {names}").format(names=names))
        else:
            lines.append(_("Ấp, khu phố thêm vào danh mục: {names}").format(names=names))
    for line in summary.lines:
        if line.outcome != apply.ADDED or line.reason:
            outcome = _(apply.OUTCOMES[line.outcome]).lower()
            if line.label:
                text = _("Dòng {number} ({outcome}): {label} — {reason}")
            else:
                text = _("Dòng {number} ({outcome}): {reason}")
            lines.append(
                text.format(
                    number=line.row_number, outcome=outcome, label=line.label, reason=line.reason
                )
            )
    return lines


def plan_lines(planned: plan.ImportPlan) -> list[str]:
    """What the reading decided that a user must see: the sheet, the columns not read, the
    cells read in an old encoding."""
    lines = [_("Trang tính: “{sheet}”.").format(sheet=planned.sheet_name)]
    if planned.unmapped:
        lines.append(
            _(
                "Cột không nhập (chưa biết là gì, dữ liệu trong đó không được ghi): {columns}."
            ).format(columns=", ".join(planned.unmapped))
        )
    columns = [
        _("“{header}” {counts}").format(header=header, counts=encoding_counts(counts))
        for header, counts in planned.encodings.items()
        if set(counts) - {legacy.UNICODE}
    ]
    if columns:
        lines.append(
            _("Chữ bảng mã cũ đã chuyển sang Unicode: {columns}.").format(
                columns="; ".join(columns)
            )
        )
    return lines


def encoding_counts(counts) -> str:
    """ "12 ô Unicode, 3 ô TCVN3": how the cells of one column were read."""
    names = {legacy.UNICODE: "Unicode", legacy.TCVN3: "TCVN3", legacy.VNI: "VNI"}
    return ", ".join(
        _("{count} ô {encoding}").format(count=counts[code], encoding=names[code])
        for code in (legacy.UNICODE, legacy.TCVN3, legacy.VNI)
        if counts.get(code)
    )
