"""`antq-desk report KIND --campaign C --period P --out FILE.pdf|.xlsx`, headless."""

from __future__ import annotations

import openpyxl

from db import open_database
from desktop.cli import commands as cli
from desktop.core import office
from tests.reports.conftest import pdf_text


def _commune_file(tmp_path):
    path = tmp_path / "xa.sqlite3"
    db = open_database(path)
    office.set_up_commune(db, office.OfficeSetup(commune_code="30985", year=2026))
    db.close()
    return path


def test_report_writes_a_pdf_and_an_xlsx(tmp_path, capsys):
    path = _commune_file(tmp_path)
    pdf = tmp_path / "bao-cao.pdf"
    code = cli.main(
        [
            "--db",
            str(path),
            "report",
            "ket-qua",
            "--campaign",
            "NH-ANTQ-2026",
            "--period",
            "2026-08",
            "--number",
            "3",
            "--date",
            "2026-09-05",
            "--out",
            str(pdf),
        ]
    )
    assert code == cli.EXIT_OK
    text = " ".join(pdf_text(pdf.read_bytes()))
    assert "Số: 03/BC-CAX" in text and "ngày 05 tháng 9 năm 2026" in text
    xlsx = tmp_path / "so-lieu.xlsx"
    assert cli.main(["--db", str(path), "report", "ket-qua", "--out", str(xlsx)]) == 0
    assert openpyxl.load_workbook(xlsx).active["B6"].value == "Ngày hội tổ chức ở cấp xã"
    assert "Đã ghi" in capsys.readouterr().out


def test_bad_input_is_a_vietnamese_message_and_exit_code_2(tmp_path, capsys):
    path = _commune_file(tmp_path)
    out = str(tmp_path / "x.pdf")
    for argv in (["--period", "2026-13"], ["--campaign", "NH-XYZ"], ["--date", "31/09/2026"]):
        assert cli.main(["--db", str(path), "report", "ket-qua", *argv, "--out", out]) == 2
    assert cli.main(["--db", str(path), "report", "ky-ten", "--out", out]) == 2
    errors = capsys.readouterr().err
    assert "Kỳ báo cáo" in errors and "Không có kế hoạch" in errors and "Hãy chọn sự kiện" in errors
    assert not (tmp_path / "x.pdf").exists()


def test_tong_hop_on_a_commune_database_is_refused(tmp_path, capsys):
    path = _commune_file(tmp_path)
    out = tmp_path / "tong-hop.pdf"
    assert cli.main(["--db", str(path), "report", "tong-hop", "--out", str(out)]) == 2
    assert "chỉ lập ở Công an tỉnh" in capsys.readouterr().err
    assert not out.exists()


def test_commune_option_on_a_commune_database_names_itself_or_is_refused(tmp_path, capsys):
    path = _commune_file(tmp_path)
    out = tmp_path / "ket-qua.pdf"
    argv = ["--db", str(path), "report", "ket-qua", "--out", str(out), "--commune"]
    assert cli.main([*argv, "30292"]) == 2
    assert "không có số liệu của đơn vị mã 30292" in capsys.readouterr().err
    assert not out.exists()
    assert cli.main([*argv, "30985"]) == 0 and out.exists()


def test_commune_option_at_the_province_is_honoured_or_refused(province_db, tmp_path):
    """One commune's results are that commune's figures; tong-hop never takes --commune."""
    import pytest

    from desktop.core.errors import UserError
    from desktop.core.reports import ReportRequest, build_pdf, results
    from desktop.core.reports.common import resolve

    one = province_db.codes[0]
    request = ReportRequest("ket-qua", province_db.campaign_uid, "2026-08", unit_code=one)
    stats = results.compute(province_db, resolve(province_db, request))
    held = province_db.conn.execute(
        "SELECT COUNT(*) FROM event WHERE unit_code = ? AND status = 'held' "
        "AND start_date BETWEEN '2026-08-01' AND '2026-08-31'",
        [one],
    ).fetchone()[0]
    assert stats.totals.events_held == held and set(stats.by_unit) == {one}
    for kind, code in (("tong-hop", one), ("ket-qua", "99999")):
        with pytest.raises(UserError):
            build_pdf(province_db, ReportRequest(kind, province_db.campaign_uid, unit_code=code))


def test_period_and_date_are_taken_as_officers_type_them(tmp_path, capsys):
    path = _commune_file(tmp_path)
    for number, (period, day) in enumerate(
        [("2026-08", "2026-09-05"), ("8/2026", "05/09/2026"), ("T8/2026", "5-9-2026")], start=1
    ):
        pdf = tmp_path / f"bao-cao-{number}.pdf"
        argv = ["--db", str(path), "report", "ket-qua", "--period", period, "--date", day]
        assert cli.main([*argv, "--out", str(pdf)]) == cli.EXIT_OK
        text = " ".join(pdf_text(pdf.read_bytes()))
        assert "ngày 05 tháng 9 năm 2026" in text and "tháng 8 năm 2026" in text
    out = str(tmp_path / "x.pdf")
    assert cli.main(["--db", str(path), "report", "ket-qua", "--period", "T13/2026", "--out", out])
    assert "Tháng 13 không có: tháng ghi từ 1 đến 12, ví dụ 11/2026." in capsys.readouterr().err
