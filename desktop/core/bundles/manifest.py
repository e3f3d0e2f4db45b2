"""The signed manifest: what a bundle is, readable without decrypting anything, no personal data."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from db.migrations import schema_version
from desktop.core.bundles.errors import BundleError
from desktop.core.i18n import _

KIND = "antq-bundle"
FORMAT_VERSION = 1
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_UNIT = re.compile(r"^\d{2,5}$")


@dataclass(frozen=True)
class Manifest:
    """Identity, range and totals of one bundle (see docs/bundle-format.md §3)."""

    unit_code: str
    province_code: str
    device_id: str
    epoch: int
    number: int
    period: str
    seq_from: int
    seq_to: int
    full: bool
    counts: dict[str, int]
    rows: int
    payload_sha256: str
    payload_size: int
    previous_sha256: str | None
    aggregates: dict[str, int]
    created_at: str
    app_version: str
    schema_version: int = field(default_factory=schema_version)
    format_version: int = FORMAT_VERSION
    kind: str = KIND

    def to_bytes(self) -> bytes:
        """The exact bytes that are signed: sorted keys, ASCII only, one trailing newline."""
        text = json.dumps(asdict(self), sort_keys=True, indent=2, ensure_ascii=True)
        return (text + "\n").encode("ascii")

    def identity(self) -> dict[str, Any]:
        """The fields the payload's first line must repeat."""
        return {
            "unit_code": self.unit_code,
            "device_id": self.device_id,
            "epoch": self.epoch,
            "number": self.number,
            "seq_from": self.seq_from,
            "seq_to": self.seq_to,
            "payload_rows": self.rows,
        }


_FIELDS: dict[str, type | tuple[type, ...]] = {
    "unit_code": str,
    "province_code": str,
    "device_id": str,
    "epoch": int,
    "number": int,
    "period": str,
    "seq_from": int,
    "seq_to": int,
    "full": bool,
    "counts": dict,
    "rows": int,
    "payload_sha256": str,
    "payload_size": int,
    "previous_sha256": (str, type(None)),
    "aggregates": dict,
    "created_at": str,
    "app_version": str,
    "schema_version": int,
    "format_version": int,
    "kind": str,
}


def _bad(detail: str) -> BundleError:
    return BundleError(
        _("Phần mô tả (manifest) của gói không hợp lệ: {detail}").format(detail=detail),
        f"bad manifest: {detail}",
    )


def parse_loose(data: bytes) -> dict[str, Any] | None:
    """The manifest as a dict if it is a JSON object at all; used only to word a refusal."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def parse(data: bytes) -> Manifest:
    """A verified manifest's bytes as a `Manifest`; refuses future versions and odd values."""
    raw = parse_loose(data)
    if raw is None or raw.get("kind") != KIND:
        raise _bad(_("không phải manifest của gói ANTQ."))
    version = raw.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BundleError(
            _(
                "Gói được tạo theo định dạng mới hơn (phiên bản {version}). Hãy cập nhật ANTQ Desk "
                "ở tỉnh rồi nhập lại."
            ).format(version=version),
            f"future format {version!r}",
        )
    schema = raw.get("schema_version")
    if not isinstance(schema, int) or schema > schema_version():
        raise BundleError(
            _(
                "Gói được tạo bởi phiên bản ANTQ Desk có cấu trúc dữ liệu mới hơn ({version}). "
                "Hãy cập nhật ANTQ Desk ở tỉnh rồi nhập lại."
            ).format(version=schema),
            f"future schema {schema!r}",
        )
    for name, kind in _FIELDS.items():
        value = raw.get(name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _bad(_("trường {name} sai kiểu.").format(name=name))
    manifest = Manifest(**{name: raw[name] for name in _FIELDS})
    _check_values(manifest)
    return manifest


def _check_values(m: Manifest) -> None:
    problems = [
        (not _UNIT.match(m.unit_code), "unit_code"),
        (not _PERIOD.match(m.period), "period"),
        (not _SHA.match(m.payload_sha256), "payload_sha256"),
        (m.previous_sha256 is not None and not _SHA.match(m.previous_sha256), "previous_sha256"),
        (m.epoch < 1 or m.number < 1 or m.seq_from < 1 or m.seq_to < m.seq_from - 1, "range"),
        (not 0 < len(m.device_id) <= 64, "device_id"),
        (any(not isinstance(v, int) for v in m.counts.values()), "counts"),
        (sum(m.counts.values()) != m.rows, "rows"),
    ]
    for failed, name in problems:
        if failed:
            raise _bad(_("trường {name} không hợp lệ.").format(name=name))
