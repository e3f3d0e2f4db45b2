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
from desktop.core.listimport import apply, headers, plan, readers

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
    content = readers.read_sheet(Path(path), sheet)
    layout = headers.guess_layout(content, kind)
    campaign = campaigns.current(db) if kind == headers.EVENTS else None
    planned = plan.build_plan(db, content, layout, campaign_uid=campaign.uid if campaign else None)
    return apply.dry_run(planned) if dry_run else apply.run(db, planned)


def report_lines(summary: apply.Summary, *, dry_run: bool = False) -> list[str]:
    """The counts, the hamlets added and every row not simply added, with its reason."""
    lines = [(_("Thử (chưa ghi gì): ") if dry_run else "") + summary.text()]
    if summary.hamlets_added:
        names = ", ".join(summary.hamlets_added)
        if dry_run:
            lines.append(_("Ấp, khu phố sẽ thêm vào danh mục: {names}").format(names=names))
        else:
            lines.append(_("Ấp, khu phố thêm vào danh mục: {names}").format(names=names))
    for line in summary.lines:
        if line.outcome != apply.ADDED or line.reason:
            lines.append(
                _("Dòng {number} ({outcome}): {label} — {reason}").format(
                    number=line.row_number,
                    outcome=_(apply.OUTCOMES[line.outcome]).lower(),
                    label=line.label or "?",
                    reason=line.reason,
                )
            )
    return lines
