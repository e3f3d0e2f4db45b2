"""The manifest: the signed, personal-data-free description of one bundle.

It is serialised once (sorted keys, compact, ASCII) and the signature covers exactly those
bytes; a reader checks the signature on the bytes as received and only then parses them.
The bundle's hash, the link of the chain, is the SHA-256 of these bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from db.migrations import schema_version
from desktop import __version__
from desktop.core.i18n import _
from desktop.core.sync import FORMAT_NAME, FORMAT_VERSION, READABLE_FORMAT_VERSIONS
from desktop.core.sync.archive import BundleRefused, damaged

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Manifest:
    unit_code: str
    province_code: str
    device_id: str
    epoch: int
    number: int
    period: str
    seq_after: int
    seq_to: int
    full: bool
    part: int
    parts: int
    counts: dict[str, dict[str, int]]
    payload_sha256: str
    payload_size: int
    prev_hash: str
    signer_public_key: str
    aggregates: dict[str, Any]
    created_at: str
    # The commune's audit trail at export: {"id": n, "hash": sha256} ({} when it has none). The
    # province keeps it, so entries cut off the end of the trail later are noticed.
    audit_head: dict[str, Any] = field(default_factory=dict)
    # The current hash of the entries that were the heads of this device's earlier bundles,
    # [[epoch, id, hash], …]: the province compares them with what it received then.
    audit_marks: list[list[Any]] = field(default_factory=list)
    format: str = FORMAT_NAME
    format_version: int = FORMAT_VERSION
    schema_version: int = field(default_factory=schema_version)
    app_version: str = __version__

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":")).encode("ascii")

    @property
    def identity(self) -> dict[str, Any]:
        """The fields the payload's first line repeats."""
        return {
            "unit_code": self.unit_code,
            "device_id": self.device_id,
            "epoch": self.epoch,
            "number": self.number,
            "seq_after": self.seq_after,
            "seq_to": self.seq_to,
        }

    @property
    def row_total(self) -> int:
        return sum(sum(item.values()) for item in self.counts.values())


def bundle_hash(manifest_bytes: bytes) -> str:
    return hashlib.sha256(manifest_bytes).hexdigest()


_TYPES: dict[str, type | tuple[type, ...]] = {
    "unit_code": str,
    "province_code": str,
    "device_id": str,
    "epoch": int,
    "number": int,
    "period": str,
    "seq_after": int,
    "seq_to": int,
    "full": bool,
    "part": int,
    "parts": int,
    "counts": dict,
    "payload_sha256": str,
    "payload_size": int,
    "prev_hash": str,
    "signer_public_key": str,
    "aggregates": dict,
    "created_at": str,
    "audit_head": dict,
    "audit_marks": list,
    "format": str,
    "format_version": int,
    "schema_version": int,
    "app_version": str,
}


def too_new(detail: str) -> BundleRefused:
    return BundleRefused(
        _(
            "Gói đồng bộ do phiên bản ANTQ Desk mới hơn tạo ra. Hãy cập nhật chương trình ở "
            "tỉnh rồi nhập lại."
        ),
        f"bundle too new: {detail}",
    )


def peek_unit(data: bytes) -> str | None:
    """The unit a manifest claims, read before its signature is known good (messages only)."""
    try:
        value = json.loads(data.decode("ascii")).get("unit_code")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and value.isascii() and len(value) < 20 else None


def parse(data: bytes) -> Manifest:
    """Read manifest bytes whose signature has been checked."""
    try:
        document = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError) as error:
        raise damaged(f"manifest: {error!r}") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise damaged("manifest: not an antq-bundle")
    if (
        isinstance(document.get("format_version"), int)
        and document["format_version"] > FORMAT_VERSION
    ):
        raise too_new(f"format {document['format_version']}")
    if (
        isinstance(document.get("schema_version"), int)
        and document["schema_version"] > schema_version()
    ):
        raise too_new(f"schema {document['schema_version']}")
    if document.get("format_version") == 1:
        document.setdefault("audit_head", {})  # written before the audit trail existed
    if document.get("format_version") in (1, 2):
        document.setdefault("audit_marks", [])  # written before the marks existed
    for name, kind in _TYPES.items():
        value = document.get(name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise damaged(f"manifest field {name}: {value!r}")
    if set(document) != set(_TYPES):
        raise damaged(f"manifest fields {sorted(set(document) ^ set(_TYPES))}")
    if document["format_version"] not in READABLE_FORMAT_VERSIONS:
        raise damaged(f"format version {document['format_version']}")
    manifest = Manifest(**document)
    _check_values(manifest)
    return manifest


def _check_values(manifest: Manifest) -> None:
    checks = {
        "period": bool(PERIOD.match(manifest.period)),
        "numbers": manifest.number >= 1 and manifest.epoch >= 1,
        "seq": 0 <= manifest.seq_after <= manifest.seq_to,
        "parts": 1 <= manifest.part <= manifest.parts,
        "payload_sha256": bool(SHA256.match(manifest.payload_sha256)),
        "prev_hash": manifest.prev_hash == "" or bool(SHA256.match(manifest.prev_hash)),
        "audit_head": _valid_audit_head(manifest.audit_head),
        "audit_marks": len(manifest.audit_marks) <= MAX_MARKS
        and all(_valid_mark(mark) for mark in manifest.audit_marks),
    }
    bad = [name for name, ok in checks.items() if not ok]
    if bad:
        raise damaged(f"manifest values {bad}")


def _valid_audit_head(head: dict[str, Any]) -> bool:
    if not head:
        return True
    entry_id, digest = head.get("id"), head.get("hash")
    return (
        set(head) == {"id", "hash"}
        and isinstance(entry_id, int)
        and not isinstance(entry_id, bool)
        and entry_id >= 1
        and isinstance(digest, str)
        and bool(SHA256.match(digest))
    )


MAX_MARKS = 100


def _valid_mark(mark: Any) -> bool:
    return (
        isinstance(mark, list)
        and len(mark) == 3
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in mark[:2])
        and isinstance(mark[2], str)
        and bool(SHA256.match(mark[2]))
    )
