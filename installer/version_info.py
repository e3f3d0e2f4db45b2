"""The Windows version information of antq-desk.exe and antq-desk-cli.exe, made by build.spec.

Explorer's Properties → Details, antivirus consoles and SmartScreen show these fields; an
executable without them looks like an anonymous download. PyInstaller reads a "version file":
the text of a `VSVersionInfo(...)` expression, which `version_file_text` writes from
desktop.__version__, so the numbers never drift from the program.

Pure Python on purpose: PyInstaller's own classes need pefile, which only Windows builds have,
and tests/frozen/test_installer.py checks this text on Linux.
"""

from __future__ import annotations

import re

# Qt 6's oldest supported Windows: Windows 10 version 1809 (build 17763). The installer's
# MinVersion must be the same (tests/frozen/test_installer.py), so an older PC is told so by the
# installer instead of getting a program whose window never opens.
WINDOWS_MIN_VERSION = "10.0.17763"
PRODUCT = "ANTQ Desk"
PUBLISHER = "ANTQ Desk developers"
COPYRIGHT = "GPL-3.0-or-later, ANTQ Desk developers"


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0): Windows keeps four numbers; a suffix such as 'rc1' is dropped."""
    leading = re.match(r"\d+(\.\d+)*", version)
    if leading is None:
        raise ValueError(f"not a version number: {version!r}")
    numbers = [int(part) for part in leading.group(0).split(".")]
    padded = [*numbers, 0, 0, 0, 0][:4]
    return padded[0], padded[1], padded[2], padded[3]


def version_file_text(version: str, file_name: str, description: str) -> str:
    """The version file PyInstaller's EXE(version=...) reads for one executable."""
    numbers = version_numbers(version)
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": file_name.removesuffix(".exe"),
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": file_name,
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    table = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3F,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0),
  ),
  kids=[
    StringFileInfo(
      [
        StringTable(
          '040904B0',
          [
{table},
          ],
        )
      ]
    ),
    VarFileInfo([VarStruct('Translation', [1033, 1200])]),
  ],
)
"""
