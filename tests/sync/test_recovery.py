"""Recovery from the province: a commune whose PC died without a backup gets its data back,
continues in a new epoch, and the province accepts its numbering."""

from __future__ import annotations

import pytest

from db import open_database
from desktop.cli import main
from desktop.core import office
from desktop.core.errors import UserError
from desktop.core.sync import bundle_reader, importer, keys, recovery, register

from .conftest import add_person, export_one
from .test_heal import rows_of, take_ack, unit_of


def test_a_commune_is_recovered_from_the_province_and_carries_on(tmp_path, prov, commune, capsys):
    code = unit_of(commune)
    sent = [add_person(commune, f"Người thứ {index}") for index in range(3)]
    for month in ("2026-08", "2026-09"):
        add_person(commune, f"Người tháng {month}")
        item = export_one(commune, tmp_path / month, period=month)
        importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)
    device = office.device_id(commune)
    commune.close()  # the PC dies; no backup
    (tmp_path / "mail").mkdir()
    prov.db.close()
    assert (
        main(
            [
                "--db",
                str(prov.path),
                "recovery-out",
                "--commune",
                code,
                "--to",
                str(tmp_path / "mail"),
            ]
        )
        == 0
    )
    said = capsys.readouterr().out
    secret = said.split("điện thoại, không gửi kèm tệp): ")[1].split()[0]
    assert len(secret) == 24 and not set(secret) & set("O0I1LU")
    (path,) = (tmp_path / "mail").iterdir()
    assert "Người thứ".encode() not in path.read_bytes()  # encrypted
    prov.reopen()

    fresh = tmp_path / "may-moi.sqlite3"
    with pytest.raises(UserError, match="mật khẩu không đúng"):
        recovery.recover(open_database(fresh), path, "SAI-MAT-KHAU")
    new = open_database(fresh)
    done = recovery.recover(new, path, secret.lower())  # typed in lower case: still opens
    assert (done.unit_code, done.epoch) == (code, 2)
    assert office.device_id(new) == device and office.device_epoch(new) == 2
    assert rows_of(new, code) == rows_of(prov.db, code)
    assert set(sent) <= {row[0] for row in new.conn.execute("SELECT uid FROM person")}

    new.hamlet = new.conn.execute("SELECT uid FROM hamlet LIMIT 1").fetchone()[0]
    add_person(new, "Người sau khôi phục")
    first = export_one(new, tmp_path / "after", period="2026-10")
    unit, public = bundle_reader.claimed_signer(first.path.read_bytes())
    register.enrol(prov.db, unit, public)
    register.confirm(prov.db, unit, done.signing_fingerprint, replace=True)  # the old one died
    result = importer.import_bundle(prov.db, first.path.read_bytes(), prov.identities)
    assert result.status == importer.IMPORTED and result.gaps == [] and result.orphans == 0
    assert result.epoch == 2 and result.number == 1
    ack = take_ack(prov, new, tmp_path / "ack")
    assert ack.highest == 1 and ack.moved and ack.missing == []
    assert rows_of(new, code) == rows_of(prov.db, code)
    assert keys.fingerprint(public) == done.signing_fingerprint
    new.close()


def test_recovery_refuses_an_office_already_set_up(tmp_path, prov, commune):
    add_person(commune, "Ngô Văn Sơn")
    item = export_one(commune, tmp_path / "a", period="2026-08")
    importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)
    (tmp_path / "mail").mkdir()
    path, count = recovery.write_recovery(
        prov.db, unit_of(commune), "MAT-KHAU-1234", tmp_path / "mail"
    )
    assert count > 1
    with pytest.raises(UserError, match="chưa thiết lập"):
        recovery.recover(commune, path, "MAT-KHAU-1234")
    with pytest.raises(UserError, match="Chưa nhập mật khẩu"):
        recovery.recover(open_database(tmp_path / "x.sqlite3"), path, "  ")


def test_a_commune_never_heard_from_has_nothing_to_recover(tmp_path, prov):
    with pytest.raises(UserError, match="chưa nhận gói nào"):
        recovery.write_recovery(prov.db, "30985", "MAT-KHAU-1234", tmp_path)


@pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_first_run_wizard_recovers_from_the_province_file(
    tmp_path, prov, commune, qtbot, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog, QWizard

    from desktop.ui.context import AppContext
    from desktop.ui.dialogs import recover_page
    from desktop.ui.dialogs.first_run import FirstRunWizard

    add_person(commune, "Ngô Văn Sơn")
    item = export_one(commune, tmp_path / "a", period="2026-08")
    importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)
    (tmp_path / "mail").mkdir()
    path, _count = recovery.write_recovery(
        prov.db, unit_of(commune), "ABCD-EFGH-JKMN", tmp_path / "mail"
    )
    said = []
    monkeypatch.setattr(recover_page.QMessageBox, "information", lambda *a: said.append(a[2]))
    db = open_database(tmp_path / "may-moi.sqlite3")
    wizard = FirstRunWizard(None, AppContext(db, None))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.welcome.recover.setChecked(True)
    wizard.next()
    page = wizard.currentPage()
    assert page.title() == "Khôi phục từ dữ liệu tỉnh gửi về"
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    page.file.setText(str(path))
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert "Chưa nhập mật khẩu" in page.error.text() and not office.is_set_up(db)
    page.secret.insert("abcd-efgh-jkmn")
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert office.self_unit(db).code == unit_of(commune) and office.device_epoch(db) == 2
    assert keys.fingerprint(keys.signing_public(db)) in said[0]
    db.close()
