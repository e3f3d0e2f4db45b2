"""Writes the list files the import tests read into tests/data/listimport/.

Run `python -m tests.listimport.make_test_files` after changing the rows below. The .xls file
needs xlwt, which is not a dependency of the program: it is written by `write_xls` when xlwt is
importable (a throwaway venv: `python -m venv /tmp/x && /tmp/x/bin/pip install xlwt==1.3.0`),
otherwise the committed copy is left alone. TCVN3 and VNI text is made from the same tables
the program reads, applied backwards, as an old Excel file shows it (Windows-1252 characters).
"""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "listimport"
ENCODINGS = ROOT / "resources" / "encodings"

TITLE = "DANH SÁCH NGƯỜI THAM GIA NGÀY HỘI TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC"
HEADER = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Dân tộc",
    "Tôn giáo",
    "Ấp",
    "Số điện thoại",
    "Chức vụ",
]
PEOPLE = [
    [
        1,
        "Nguyễn Văn Dũng",
        1975,
        "Nam",
        "Kinh",
        "Phật giáo",
        "Ấp Tân Hòa",
        "0912 345 678",
        "Trưởng ấp",
    ],
    [
        2,
        "Trần Thị Ánh Tuyết",
        "12/05/1980",
        "Nữ",
        "Khmer",
        "Không",
        "ấp Bình An",
        "+84 987 654 321",
        "",
    ],
    [
        3,
        "Lê Hoàng Phúc",
        "năm 1969",
        "nam",
        "Kinh",
        "Công giáo",
        "ấp Ba",
        "",
        "Tổ trưởng tổ tự quản",
    ],
    [4, "Đặng Thị Ngọc Hường", 1990, "nu", "Hoa", "", "Tân Hòa", "0909.111.222", ""],
    [5, "Nguyễn Văn Dũng", 1975, "Nam", "Kinh", "Phật giáo", "Ấp Tân Hòa", "", ""],
    [6, "", 1980, "Nam", "Kinh", "", "Ấp Tân Hòa", "", ""],
    [7, "Phạm Quốc Việt", "năm xưa", "Nam", "Kinh", "", "Ấp Tân Hòa", "", ""],
    [8, "Võ Thị Hồng", 1985, "F", "Kinh", "", "Ấp Tân Hòa", "12ab", ""],
]


def _tcvn3_encoder() -> dict[str, str]:
    entries = json.loads((ENCODINGS / "tcvn3.json").read_text(encoding="utf-8"))["entries"]
    return {
        e["char"]: bytes([int(e["byte"], 16)]).decode("cp1252")
        for e in entries
        if e["abc"] and len(e["char"]) == 1 and not 0x300 <= ord(e["char"]) < 0x370
    }


def _vni_encoder() -> dict[str, str]:
    entries = json.loads((ENCODINGS / "vni.json").read_text(encoding="utf-8"))["entries"]
    return {e["letter"]: e["vni"] for e in entries}


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as Excel shows it; capitals with a tone mark take the small letter's
    code, as the .VnTimeH fonts do."""
    table = _tcvn3_encoder()
    capitals = "ĂÂÊÔƠƯĐ"
    return "".join(
        table[c] if c in table and (c.islower() or c in capitals) else table.get(c.lower(), c)
        for c in text
    )


def to_vni(text: str) -> str:
    table = _vni_encoder()
    return "".join(table.get(c, c) for c in text)


def people_rows(encode=lambda s: s) -> list[list]:
    return [[encode(c) if isinstance(c, str) else c for c in row] for row in PEOPLE]


def write_xlsx(path: Path, header: list, rows: list[list], title: str | None = TITLE) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append(["(Kèm theo báo cáo số 12/BC-CAX)"])
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
        sheet.append([])
    sheet.append(header)
    for index, row in enumerate(rows):
        sheet.append(row)
        if index == 2:
            sheet.append([])  # an empty row in the middle of the list
    book.create_sheet("Ghi chú").append(["Trang này không có danh sách"])
    book.save(path)


def to_cp1258_form(text: str) -> str:
    """Windows-1258 has letters with their shape (â, ơ…) but the tone as a combining mark."""
    out = []
    for char in text:
        try:
            char.encode("cp1258")
            out.append(char)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append(base + tones)
    return "".join(out)


def write_csv(path: Path, encoding: str, delimiter: str = ",") -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(people_rows())
    text = buffer.getvalue()
    if encoding == "cp1258":
        text = to_cp1258_form(text)
    path.write_bytes(text.encode(encoding))


def write_tcvn3_csv(path: Path) -> None:
    """A CSV holding TCVN3 bytes, as saved from an old .VnTime sheet."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([to_tcvn3(h) for h in HEADER])
    writer.writerows(people_rows(to_tcvn3))
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def write_xls(path: Path) -> bool:
    try:
        import xlwt
    except ImportError:
        return False
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sach")
    sheet.write_merge(0, 0, 0, len(HEADER) - 1, TITLE)
    for col, text in enumerate(HEADER):
        sheet.write(2, col, text)
    for r, row in enumerate(people_rows(), start=3):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    book.save(str(path))
    return True


EVENT_HEADER = [
    "TT",
    "Nội dung hoạt động",
    "Ngày tổ chức",
    "Loại",
    "Địa điểm",
    "Ấp",
    "Số người",
    "Phụ nữ",
]
EVENTS = [
    [
        1,
        "Họp dân triển khai ngày hội",
        "05/03/2026",
        "Tuyên truyền",
        "Nhà văn hóa ấp",
        "Ấp Tân Hòa",
        120,
        60,
    ],
    [
        2,
        "Phần lễ ngày hội cấp xã",
        46271,
        "Phần lễ ngày hội cấp xã",
        "Hội trường UBND xã",
        "",
        300,
        150,
    ],
    [3, "Ra mắt tổ tự quản", "2026-08-19", "Ra mắt mô hình", "", "ấp Bình An", "1.200", 10],
    [4, "Thăm hỏi gia đình chính sách", "32/13/2026", "", "", "", 10, 0],
    [5, "Tập huấn kỹ năng", "1/9/26", "Không có loại này", "", "", 40, 50],
]


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    write_xlsx(DATA / "people_clean.xlsx", HEADER, people_rows())
    write_xlsx(
        DATA / "people_tcvn3.xlsx",
        [to_tcvn3(h) for h in HEADER],
        people_rows(to_tcvn3),
        title=to_tcvn3(TITLE),
    )
    write_xlsx(
        DATA / "people_vni.xlsx",
        [to_vni(h) for h in HEADER],
        people_rows(to_vni),
        title=to_vni(TITLE),
    )
    write_xlsx(DATA / "events.xlsx", EVENT_HEADER, EVENTS, title="CÁC HOẠT ĐỘNG NĂM 2026")
    write_csv(DATA / "people_utf8_bom.csv", "utf-8-sig")
    write_csv(DATA / "people_cp1258.csv", "cp1258", delimiter=";")
    write_tcvn3_csv(DATA / "people_tcvn3.csv")
    if not write_xls(DATA / "people.xls"):
        print("xlwt not installed: people.xls left as committed", file=sys.stderr)


if __name__ == "__main__":
    main()
