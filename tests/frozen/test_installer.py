"""installer/antq-desk.iss is kept by hand: it must name this version and build.spec's files."""

from __future__ import annotations

import importlib.util
import re
import sys
import types
from pathlib import Path

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "installer" / "antq-desk.iss"
VERSION_INFO = ROOT / "installer" / "version_info.py"


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


def _setup_value(name: str) -> str:
    text = ISS.read_text(encoding="utf-8-sig")
    found = re.search(rf"^{name}=(.*)$", text, re.M)
    assert found, f"no {name}= in {ISS.name}"
    return found.group(1).strip()


def _version_info_module():
    spec = importlib.util.spec_from_file_location("version_info", VERSION_INFO)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_installer_refuses_windows_older_than_qt_supports():
    """Qt 6 runs on Windows 10 1809 (build 17763) and later: an older PC is told by the setup."""
    assert _setup_value("MinVersion") == "10.0.17763"
    assert _version_info_module().WINDOWS_MIN_VERSION == "10.0.17763"


def test_installer_carries_the_icon_and_the_programs_version():
    assert _setup_value("VersionInfoVersion") == "{#AppVersion}"
    assert _setup_value("VersionInfoProductVersion") == "{#AppVersion}"
    icon = _setup_value("SetupIconFile").replace("\\", "/")
    assert (ISS.parent / icon).resolve() == ROOT / "resources" / "icons" / "antq-desk.ico"
    assert (ROOT / "resources" / "icons" / "antq-desk.ico").read_bytes()[:4] == b"\0\0\1\0"


def test_build_spec_gives_both_executables_the_icon_and_version_file():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert 'ICON = ROOT / "resources" / "icons" / "antq-desk.ico"' in spec
    assert "icon=str(ICON) if WINDOWS else None" in spec
    assert "version=_version_file(name, description)" in spec


class _Recorded:
    """Stands for one of PyInstaller's version classes: keeps what it was built with."""

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, *args, **kwargs):
        return {"kind": self.kind, "args": args, **kwargs}


def test_version_file_names_this_version_and_each_executable():
    module = _version_info_module()
    text = module.version_file_text(__version__, "antq-desk-cli.exe", "ANTQ Desk (dòng lệnh)")
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct")
    namespace = {name: _Recorded(name) for name in (*names, "VarFileInfo", "VarStruct")}
    info = eval(text, namespace)  # what PyInstaller's load_version_info_from_text_file does
    numbers = module.version_numbers(__version__)
    assert info["ffi"]["filevers"] == info["ffi"]["prodvers"] == numbers
    table = info["kids"][0]["args"][0][0]["args"][1]
    strings = dict(entry["args"] for entry in table)
    assert strings["FileVersion"] == strings["ProductVersion"] == __version__
    assert strings["OriginalFilename"] == "antq-desk-cli.exe"
    assert strings["FileDescription"] == "ANTQ Desk (dòng lệnh)"


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("2.0.1rc1", (2, 0, 1, 0)),
        ("3.4.5.6.7", (3, 4, 5, 6)),
    ],
)
def test_version_numbers_are_four(version, numbers):
    assert _version_info_module().version_numbers(version) == numbers


def test_pyinstaller_reads_the_version_file(tmp_path, monkeypatch):
    """PyInstaller's own reader turns the text into the resource it embeds (with the build extra).

    Off Windows its module needs pefile and win32api only to write into an .exe: stand-ins here.
    """
    pytest.importorskip("PyInstaller")
    if sys.platform != "win32":
        monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
        monkeypatch.setattr("PyInstaller.compat.win32api", None, raising=False)
    from PyInstaller.utils.win32 import versioninfo

    path = tmp_path / "version.txt"
    text = _version_info_module().version_file_text(__version__, "antq-desk.exe", "ANTQ Desk")
    path.write_text(text, encoding="utf-8")
    info = versioninfo.load_version_info_from_text_file(str(path))
    assert "antq-desk.exe".encode("utf-16-le") in info.toRaw()
