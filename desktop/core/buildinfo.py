"""When the running program was built: build.spec stamps the frozen build, the source has none.

Support staff ask for `antq-desk --version` first; the build date tells two copies of the same
version apart when the province re-issues a build.
"""

from __future__ import annotations

import json
import sys

from desktop.core.paths import resource_path

BUILD_INFO_FILE = "build_info.json"


def build_date() -> str | None:
    """The frozen build's date and time (UTC, as written by build.spec); None from source."""
    if not getattr(sys, "frozen", False):
        return None
    path = resource_path(BUILD_INFO_FILE)
    if not path.exists():
        return None
    return str(json.loads(path.read_text(encoding="utf-8"))["built"])
