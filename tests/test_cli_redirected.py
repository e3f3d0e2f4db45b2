"""Every command's output survives redirection to a file, as on a Vietnamese Windows PC.

Windows writes redirected output (`antq-desk-cli backup > log.txt`) in the ANSI code page:
cp1258 in the Vietnamese locale, which has no precomposed "ệ". PYTHONIOENCODING=cp1258 gives a
Linux subprocess the same encoding. Each command runs as an officer or a province would run it,
in one office's worth of files, and must exit with its own code and write UTF-8.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "mat-khau-tinh-thu-nghiem"


class Office:
    """A province and a commune in one folder; `run` is the program started with pipes."""

    def __init__(self, folder: Path, encoding: str | None):
        self.folder = folder
        self.env = {
            **os.environ,
            "XDG_STATE_HOME": str(folder / "state"),
            "XDG_DATA_HOME": str(folder / "data"),
            "WIN_PD_OVERRIDE_LOCAL_APPDATA": str(folder / "LocalAppData"),
            "ANTQ_LANG": "vi",
            "ANTQ_PASSPHRASE": PASSPHRASE,
            "ANTQ_BACKUP_PASSPHRASE": PASSPHRASE,
            "QT_QPA_PLATFORM": "offscreen",
        }
        self.env.pop("PYTHONIOENCODING", None)
        self.env.pop("PYTHONUTF8", None)
        if encoding is not None:
            self.env["PYTHONIOENCODING"] = encoding
        self.results: dict[str, subprocess.CompletedProcess] = {}

    def run(self, name: str, *words: str | Path) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "-m", "desktop", *map(str, words)],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=300,
        )
        self.results[name] = done
        return done


def _commune_flow(office: Office) -> None:
    """The commands in the order an office and its province use them."""
    folder = office.folder
    commune, province = folder / "xã.sqlite3", folder / "tỉnh.sqlite3"
    office.run("--help", "--help")
    office.run("--version", "--version")
    office.run("usage error", "sao-luu")
    office.run("known error", "--db", folder / "không-có.sqlite3", "check")
    office.run(
        "province-init",
        *("--db", province, "province-init", "--province", "91"),
        *("--setup-out", folder / "thiết-lập.json"),
        *("--escrow-out", folder / "khóa dự phòng.txt"),
    )
    office.run("demo", "--db", commune, "demo", "--seed", "7")
    office.run("setup-load", "--db", commune, "setup-load", folder / "thiết-lập.json")
    office.run("check", "--db", commune, "check")
    (folder / "USB").mkdir()
    (folder / "gói").mkdir()
    office.run("backup", "--db", commune, "backup", "--to", folder / "USB")
    copies = sorted((folder / "USB").glob("*")) or [folder / "USB" / "none"]
    office.run("restore", "--db", commune, "restore", copies[0])
    office.run("restore --yes", "--db", commune, "restore", copies[0], "--yes")
    office.run("report", "--db", commune, "report", "ket-qua", "--out", folder / "báo cáo.pdf")
    office.run("export", "--db", commune, "export", "--to", folder / "gói", "--full")
    bundles = sorted((folder / "gói").glob("*.antq")) or [folder / "gói" / "none.antq"]
    enrolled = office.run("enrol", "--db", province, "enrol", bundles[0])
    said = enrolled.stdout.decode("utf-8", "replace")
    found = re.search(r"\((\d{5})\).*: (\S+)$", said.strip())
    code, fingerprint = found.groups() if found else ("", "")
    office.run(
        "confirm", "--db", province, "confirm", "--commune", code, "--fingerprint", fingerprint
    )
    office.run("import", "--db", province, "import", *bundles)
    office.run("completeness", "--db", province, "completeness", "--months", "2026-06,2026-07")
    names = folder / "danh sách.csv"
    names.write_text("Họ và tên,Năm sinh\nNguyễn Thị Ệ,1980\nĐặng Văn Ửng,1975\n", "utf-8")
    office.run("import-list", "--db", commune, "import-list", names, "--kind", "people")


# (command, exit code, words its output must contain)
EXPECTED = [
    ("--help", 0, "Cách dùng: antq-desk"),
    ("--version", 0, "ANTQ Desk"),
    ("usage error", 2, "lệnh không hợp lệ"),
    ("known error", 2, "Không tìm thấy tệp dữ liệu"),
    ("province-init", 0, "Đã thiết lập văn phòng cấp tỉnh"),
    ("demo", 0, "Đã tạo xã mẫu"),
    ("setup-load", 0, "Đã nạp tệp thiết lập"),
    ("check", 0, "Tính toàn vẹn của tệp"),
    ("backup", 0, "Đã sao lưu và kiểm tra"),
    ("restore", 1, "Chưa khôi phục"),
    ("restore --yes", 0, "Đã khôi phục"),
    ("report", 0, "Đã ghi báo cáo vào"),
    ("export", 0, ".antq"),
    ("enrol", 0, "Dấu vân tay"),
    ("confirm", 0, "Đã xác nhận khóa"),
    ("import", 0, ".antq"),
    ("completeness", 0, "2026-07"),
    ("import-list", 0, "Đã thêm 2"),
]


@pytest.fixture(
    scope="module", params=["cp1258", "cp1252", None], ids=["cp1258", "cp1252", "pipe-default"]
)
def office(request, tmp_path_factory):
    """The whole flow once per encoding (each command is a new process: about 15 s a flow).

    cp1258 is Vietnamese Windows' code page, cp1252 an English Windows' (both lack "ệ");
    "pipe-default" is whatever this system gives a pipe: UTF-8 on Linux, the ANSI code page
    when the Windows workflow runs it.
    """
    folder = tmp_path_factory.mktemp("văn-phòng")
    flow = Office(folder, request.param)
    _commune_flow(flow)
    return flow


@pytest.mark.parametrize(("command", "code", "said"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_command_exits_as_it_should_and_writes_utf8(office, command, code, said):
    done = office.results[command]
    out = done.stdout.decode("utf-8")  # raises if the output is not UTF-8
    err = done.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert done.returncode == code, err
    assert said in out + err
    assert "\\u" not in out + err  # nothing was escaped: every letter was written
