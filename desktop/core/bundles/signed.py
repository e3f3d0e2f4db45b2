"""Small signed JSON documents (the province setup file, acknowledgements).

The document is `{"body": "<JSON text>", "signature": "<base64 Ed25519>"}`: the signature covers
the exact UTF-8 bytes of the body string, so no canonical JSON is needed to check it.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from desktop.core.bundles import crypto
from desktop.core.bundles.errors import BundleError
from desktop.core.i18n import _

MAX_DOCUMENT_BYTES = 1024 * 1024


def dump(body: dict[str, Any], private_raw: bytes) -> bytes:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, indent=2)
    signature = base64.b64encode(crypto.sign(private_raw, text.encode("utf-8"))).decode("ascii")
    document = {"body": text, "signature": signature}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _unreadable(what: str, log: str) -> BundleError:
    return BundleError(
        _("Không đọc được {what}: tệp hỏng hoặc không đúng loại.").format(what=what), log
    )


def load(data: bytes, what: str) -> tuple[dict[str, Any], bytes, bytes]:
    """(body, body bytes, signature) of a document; the caller verifies with the right key."""
    if not data or len(data) > MAX_DOCUMENT_BYTES:
        raise _unreadable(what, f"{len(data)} bytes")
    try:
        document = json.loads(data.decode("utf-8"))
        text = document["body"]
        signature = base64.b64decode(document["signature"], validate=True)
        body = json.loads(text)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, binascii.Error) as error:
        raise _unreadable(what, repr(error)) from error
    if not isinstance(body, dict):
        raise _unreadable(what, "body is not an object")
    return body, text.encode("utf-8"), signature
