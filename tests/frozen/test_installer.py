"""installer/antq-desk.iss is kept by hand: it must name this version and build.spec's files."""

from __future__ import annotations

import re
from pathlib import Path

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "installer" / "antq-desk.iss"


def _define(name: str) -> str:
    text = ISS.read_text(encoding="utf-8-sig")
    found = re.search(rf'^#define {name} "([^"]*)"', text, re.M)
    assert found, f"no #define {name} in {ISS.name}"
    return found.group(1)


def test_installer_version_is_the_programs():
    assert _define("AppVersion") == __version__


def test_installer_takes_the_files_build_spec_writes():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert 'NAME = "antq-desk"' in spec
    assert _define("AppExe") == "antq-desk.exe"
    assert _define("CliExe") == "antq-desk-cli.exe"
    assert 'f"{NAME}-cli"' in spec
    assert _define("DistDir") == r"..\dist\antq-desk"
