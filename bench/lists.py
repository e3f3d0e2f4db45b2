"""A generated people list like a large commune's Excel file, for the list-import benchmark."""

from __future__ import annotations


def write_big_file(path, rows: int = 20_000) -> None:
    """A generated list like a large commune's (not committed: made at test time)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH NGƯỜI THAM GIA"])
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Ấp", "Điện thoại"])
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"]
    given = ["An", "Bình", "Cường", "Dũng", "Hà", "Hương", "Lan", "Mai", "Nam", "Tuấn"]
    for i in range(rows):
        name = f"{family[i % 8]} Văn {given[i % 10]} {i // 80}"
        sheet.append(
            [
                i + 1,
                name,
                1940 + i % 60,
                "Nam" if i % 2 else "Nữ",
                "Kinh",
                "Ấp Tân Hòa" if i % 3 else "ấp Bình An",
                f"0912 {i:06d}",
            ]
        )
    book.save(path)


if __name__ == "__main__":  # python -m bench.lists: the list-import rows alone, not written to docs
    from bench import report, workloads

    print("\n".join(report.table(workloads.measure_list_imports(3))))
