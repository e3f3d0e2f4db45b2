"""Writes the list files the import tests read into tests/data/listimport/.

Run `python -m tests.listimport.make_test_files` after changing the rows below. The .xls file
needs xlwt, which is not a dependency of the program: it is written by `write_xls` when xlwt is
importable (a throwaway venv: `python -m venv /tmp/x && /tmp/x/bin/pip install xlwt==1.3.0`),
otherwise the committed copy is left alone. TCVN3 and VNI text is made from the same tables
the program reads, applied backwards, as an old Excel file shows it (Windows-1252 characters).

The office-shaped lists (`office_*`) are what communes really keep: a national heading, title
rows, a header with an "Ấp/Khóm" column and a row of column numbers, the header repeated for a
second printed page, a subtotal "Cộng", blank rows, "Tổng cộng: 200 người", a note, a place and
date, "Người lập biểu" beside "TRƯỞNG CÔNG AN XÃ", "(Ký, ghi rõ họ tên)" and the signers' names.
Their TCVN3 and VNI copies are made with `legacy_charts`, written from the published charts and
not from the program's tables. `--libreoffice` re-saves office_people.xlsx and the TCVN3 copy
through LibreOffice (`soffice --headless --convert-to`) as .ods, .xls and .xlsx, as an office
that opened and saved the file in LibreOffice Calc would.
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


OFFICE_HEADER = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Ấp/Khóm",
    "Số điện thoại",
    "Chức vụ",
    "Màu áo",
]
OFFICE_PAGE_1 = [
    [1, "Nguyễn Văn Dụng", 1980, "Nam", "Ấp Tân Hòa", "0912 345 678", "Tổ trưởng", "Xanh"],
    [2, "Nguyễn Văn Dung", 1980, "Nam", "Ấp Tân Hòa", "", "", ""],
    [3, "Nguyễn Văn Dũng", 1980, "Nam", "Ấp Tân Hòa", 2973866123, "", ""],
    [4, "DANH THỊ SA RƯƠL", 1975, "Nữ", "KHÓM 3", "0912 111 222 - 0297 3866 124", "", "Đỏ"],
    [5, "Võ Thành Tâm", 1969, "Nam", "Ấp Bình An", 912345679, "Trưởng ấp", ""],
]
OFFICE_SUBTOTAL = ["", "Cộng trang 1: 5 người"]
OFFICE_PAGE_2 = [
    [6, "\u00d0ặng Thị Hoa", 1990, "Nữ", "Ấp Bình An", "", "", ""],
    [7, "Lâm Văn Công", 85, "Nam", "Ấp Bình An", "", "", ""],
    [8, "Trương Văn Tài", "1/2/85", "Nam", "ấp 2", "", "Công an viên", ""],
    [9, "Nguyễn Văn Dũng", 1980, "Nam", "Ấp Tân Hòa", "", "", ""],
    [10, "Thạch Thanh Yến", 1970, "Nữ", "Ấp Bình An", "", "", ""],
]
OFFICE_FOOT = [
    [],
    ["", "Tổng cộng: 200 người"],
    ["Ghi chú: danh sách gồm người tham gia Ngày hội ở hai ấp."],
    [],
    ["", "", "", "", "Tân Hòa, ngày 15 tháng 8 năm 2026"],
    ["", "Người lập biểu", "", "", "TRƯỞNG CÔNG AN XÃ"],
    ["", "(Ký, ghi rõ họ tên)", "", "", "(Ký, ghi rõ họ tên, đóng dấu)"],
    [],
    ["", "Trần Thị Cán Bộ", "", "", "Nguyễn Văn Trưởng"],
]
# What the office list holds, as stored: the people and the rows left out, by row number.
OFFICE_PEOPLE_ROWS = [7, 8, 9, 10, 11, 15, 17, 18, 19, 20]


def write_office_xlsx(path: Path, encode=lambda s: s, *, pasted: str | None = None) -> None:
    """The office-shaped people list; `encode` turns its text into TCVN3/VNI; `pasted` is one
    more person whose name was pasted in another encoding than the rest of the column."""
    from openpyxl import Workbook

    def row(cells: list) -> list:
        return [encode(c) if isinstance(c, str) else c for c in cells]

    book = Workbook()
    book.active.title = "Bìa"  # an empty first sheet: the list is on the second
    sheet = book.create_sheet("DS tham gia")
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "DANH SÁCH NGƯỜI THAM GIA NGÀY HỘI TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC",
        "(Kèm theo báo cáo số 12/BC-CAX ngày 15/8/2026)",
    ):
        sheet.append(row([line]))
    sheet.append(row(OFFICE_HEADER))  # row 5
    sheet.append([f"({n})" for n in range(1, len(OFFICE_HEADER) + 1)])  # row 6
    for person in OFFICE_PAGE_1:  # rows 7-11
        sheet.append(row(person))
    sheet.append(row(OFFICE_SUBTOTAL))  # row 12
    sheet.append(row(OFFICE_HEADER))  # row 13: page 2
    sheet.append([f"({n})" for n in range(1, len(OFFICE_HEADER) + 1)])  # row 14
    sheet.append(row(OFFICE_PAGE_2[0]))  # row 15
    sheet.append([])  # row 16
    for person in OFFICE_PAGE_2[1:]:  # rows 17-20
        sheet.append(row(person))
    for line in OFFICE_FOOT:  # rows 21-29
        sheet.append(row(line))
    if pasted:  # row 20's name, pasted from a sheet in another encoding
        sheet.cell(row=20, column=2, value=pasted)
    book.save(path)


def write_headers_only(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH NGƯỜI THAM GIA"])
    sheet.append(OFFICE_HEADER)
    sheet.append([])
    sheet.append(["", "", "", "", "TRƯỞNG CÔNG AN XÃ"])
    book.save(path)


def write_utf16_text(path: Path, codec: str, bom: bytes) -> None:
    """Excel's "Unicode text": UTF-16 with a BOM, tab-separated."""
    lines = ["\t".join(OFFICE_HEADER[:5])]
    for person in OFFICE_PAGE_1:
        lines.append("\t".join(str(c) for c in person[:5]))
    lines.append("6\tTrương Văn\x07 Tài\t1985\tNam\tẤp 2")  # a BEL pasted into a name
    lines.append("\tTổng cộng: 5 người")
    path.write_bytes(bom + "\r\n".join(lines).encode(codec) + "\r\n".encode(codec))


EVENTS_PLACES = [
    [1, "Họp dân triển khai ngày hội", "05/03/2026", "Tuyên truyền", "Nhà văn hóa", "Ấp Tân Hòa"],
    [2, "Họp dân triển khai ngày hội", "05/03/2026", "Tuyên truyền", "Nhà văn hóa", "Ấp Bình An"],
    [3, "Họp dân triển khai ngày hội", "05/03/2026", "Tuyên truyền", "Nhà văn hóa", "Ấp Tân Hòa"],
    ["", "Cộng: 3 cuộc"],
]


def write_events_places(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["TT", "Nội dung hoạt động", "Ngày tổ chức", "Loại", "Địa điểm", "Thôn/Ấp"])
    for line in EVENTS_PLACES:
        sheet.append(line)
    book.save(path)


def write_office_files() -> None:
    from tests.listimport import legacy_charts

    write_office_xlsx(DATA / "office_people.xlsx", pasted=legacy_charts.to_tcvn3("Thạch Thanh Yến"))

    def legacy(encode):  # an old font has no look-alike "Ð": the officer typed Đ
        return lambda text: encode(text.replace("\u00d0", "Đ"))

    write_office_xlsx(
        DATA / "office_people_tcvn3.xlsx", legacy(legacy_charts.to_tcvn3), pasted="Võ Thành Tâm"
    )
    write_office_xlsx(DATA / "office_people_vni.xlsx", legacy(legacy_charts.to_vni))
    write_headers_only(DATA / "office_headers_only.xlsx")
    write_utf16_text(DATA / "office_unicode_text.txt", "utf-16-le", b"\xff\xfe")
    write_utf16_text(DATA / "office_utf16be.csv", "utf-16-be", b"\xfe\xff")
    write_events_places(DATA / "office_events_places.xlsx")


def convert_with_libreoffice() -> None:
    """The office lists re-saved by LibreOffice Calc (.ods, .xls, .xlsx), committed as made."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice")
    if not soffice:
        print("soffice not installed: LibreOffice copies left as committed", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as work:
        for source, formats in (
            ("office_people.xlsx", ("ods", "xls", "xlsx")),
            ("office_people_tcvn3.xlsx", ("xls",)),
        ):
            for fmt in formats:
                out = Path(work) / fmt
                subprocess.run(
                    [
                        soffice,
                        "--headless",
                        f"-env:UserInstallation=file://{work}/profile",
                        "--convert-to",
                        fmt,
                        "--outdir",
                        str(out),
                        str(DATA / source),
                    ],
                    check=True,
                    capture_output=True,
                    timeout=180,
                )
                made = out / f"{Path(source).stem}.{fmt}"
                shutil.copy(made, DATA / f"{Path(source).stem}_libreoffice.{fmt}")


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    write_office_files()
    if "--libreoffice" in sys.argv:
        convert_with_libreoffice()
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
