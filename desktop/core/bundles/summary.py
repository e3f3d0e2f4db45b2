"""The Vietnamese summary of one import, shown before (dry run) and after committing."""

from __future__ import annotations

from dataclasses import asdict

from desktop.core.bundles import crypto
from desktop.core.bundles.importer import ImportResult
from desktop.core.i18n import N_, _

_LABELS = {
    "new": N_("mới"),
    "updated": N_("cập nhật"),
    "deleted": N_("xóa"),
    "unchanged": N_("không đổi"),
    "older": N_("cũ hơn (bỏ qua)"),
    "conflicts": N_("xung đột"),
}


def lines(result: ImportResult) -> list[str]:
    """The Vietnamese summary shown before (dry run) and after committing."""
    m = result.manifest
    head = {
        "dry-run": _("Chạy thử (chưa ghi) gói {name}"),
        "imported": _("Đã nhập gói {name}"),
        "duplicate": _("Gói {name} đã được nhập trước đây; không có gì thay đổi."),
    }[result.status].format(name=result.file_name or m.number)
    lines = [
        head,
        _(
            "  Đơn vị {code}, kỳ {period}, gói số {number} (thiết bị {device}, lần cài {epoch}), "
            "mã băm {hash}."
        ).format(
            code=m.unit_code,
            period=m.period,
            number=m.number,
            device=m.device_id[:8],
            epoch=m.epoch,
            hash=crypto.short_hash(result.sha256),
        ),
    ]
    if result.status != "duplicate":
        if m.rows == 0:
            lines.append(_("  Không có thay đổi trong kỳ."))
        for table, counts in result.tables.items():
            values = asdict(counts)
            if any(values.values()):
                parts = ", ".join(f"{_(_LABELS[k])} {v}" for k, v in values.items() if v)
                lines.append(f"  {table}: {parts}")
        for conflict in result.conflicts:
            lines.append(
                _("  Xung đột: {table} {uid} (dòng {line}) — giữ lại, không áp dụng.").format(
                    **conflict
                )
            )
    if result.gaps:
        lines.append(
            _("  Còn thiếu gói số: {numbers}.").format(
                numbers=", ".join(str(n) for n in result.gaps)
            )
        )
    lines.extend(f"  {warning}" for warning in result.warnings)
    return lines
