"""The province's legal basis and plan travel in its setup file and fill the communes' campaigns,
never over what a commune typed itself."""

from __future__ import annotations

import json

import pytest

from db import open_database
from desktop.cli import main
from desktop.core import campaigns, office, units
from desktop.core.errors import UserError
from desktop.core.sync import setup_file

PROVINCE_BASIS = (
    "Quyết định số 521/QĐ-TTg ngày 13/6/2005 của Thủ tướng Chính phủ; Chỉ thị số 09/CT-TTg "
    "ngày 21/4/2023 của Thủ tướng Chính phủ"
)


def _province_plan(prov, tmp_path, number="45/KH-CAT", name="setup.json"):
    (own,) = [c for c in campaigns.list_campaigns(prov.db) if c.code == "NH-ANTQ-2026"]
    campaigns.update_basis(
        prov.db,
        own.uid,
        campaigns.BasisInput(PROVINCE_BASIS, number, "2026-07-02", "Công an tỉnh An Giang"),
    )
    return setup_file.write_setup_file(prov.db, tmp_path / name)


def _commune(tmp_path, index=5):
    db = open_database(tmp_path / f"c{index}.sqlite3")
    code = units.communes("91")[index].code
    db.campaign_uid = office.set_up_commune(db, office.OfficeSetup(commune_code=code, year=2026))
    return db


def test_the_setup_file_fills_a_commune_campaign_that_has_no_basis_of_its_own(prov, tmp_path):
    path = _province_plan(prov, tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert {
        "code": "NH-ANTQ-2026",
        "legal_basis": PROVINCE_BASIS,
        "plan_number": "45/KH-CAT",
        "plan_date": "2026-07-02",
        "plan_issuer": "Công an tỉnh An Giang",
    } in document["campaigns"]

    db = _commune(tmp_path)
    # a campaign made before the date of Decision 521 was corrected still counts as unset
    db.conn.execute(
        "UPDATE campaign SET legal_basis = replace(legal_basis, '13/6/2005', '10/4/2005'), "
        "rev = rev + 1 WHERE uid = ?",
        [db.campaign_uid],
    )
    loaded = setup_file.load_setup_file(db, path)
    mine = campaigns.get(db, db.campaign_uid)
    assert mine.legal_basis == PROVINCE_BASIS
    assert mine.plan_citation == "Kế hoạch số 45/KH-CAT ngày 2/7/2026 của Công an tỉnh An Giang"
    assert loaded.basis_notes == (f"{mine.title}: đã điền căn cứ và kế hoạch của tỉnh.",)
    db.close()


def test_what_the_commune_typed_is_kept_and_the_officer_is_told(prov, tmp_path):
    path = _province_plan(prov, tmp_path)
    db = _commune(tmp_path)
    own = campaigns.BasisInput("Nghị quyết của Đảng ủy xã", "12/KH-CAX", "2026-07-10", "Công an xã")
    campaigns.update_basis(db, db.campaign_uid, own)
    loaded = setup_file.load_setup_file(db, path)
    mine = campaigns.get(db, db.campaign_uid)
    assert (mine.legal_basis, mine.plan_number, mine.plan_date, mine.plan_issuer) == (
        "Nghị quyết của Đảng ủy xã",
        "12/KH-CAX",
        "2026-07-10",
        "Công an xã",
    )
    (note,) = loaded.basis_notes
    assert "giữ nguyên" in note and "Kế hoạch số 45/KH-CAT" in note and "Chỉ thị số 09" in note
    db.close()


def test_a_newer_province_plan_replaces_the_one_an_earlier_file_brought(prov, tmp_path):
    db = _commune(tmp_path)
    setup_file.load_setup_file(db, _province_plan(prov, tmp_path))
    newer = _province_plan(prov, tmp_path, number="60/KH-CAT", name="setup2.json")
    loaded = setup_file.load_setup_file(db, newer)
    assert campaigns.get(db, db.campaign_uid).plan_number == "60/KH-CAT"
    assert loaded.basis_notes and "đã điền kế hoạch của tỉnh" in loaded.basis_notes[0]
    db.close()


def test_the_command_line_says_what_the_setup_file_filled(prov, tmp_path, capsys):
    path = _province_plan(prov, tmp_path)
    db = _commune(tmp_path)
    db.close()
    code = main(["--db", str(tmp_path / "c5.sqlite3"), "setup-load", str(path)])
    assert code == 0
    assert "đã điền căn cứ và kế hoạch của tỉnh" in capsys.readouterr().out


@pytest.mark.parametrize(
    "campaigns_field",
    [
        "not a list",
        [{"code": "NH-ANTQ-2026", "legal_basis": "x", "plan_date": "02/07/2026"}],
        [{"code": "NH-ANTQ-2026", "legal_basis": "x" * 1001}],
        [{"legal_basis": "x"}],
        [{"code": "NH-ANTQ-2026", "legal_basis": 5}],
    ],
)
def test_a_setup_file_with_a_malformed_campaign_is_refused_and_changes_nothing(
    prov, tmp_path, campaigns_field
):
    document = json.loads(setup_file.setup_text(prov.db))
    document["campaigns"] = campaigns_field
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    db = _commune(tmp_path)
    before = campaigns.get(db, db.campaign_uid)
    with pytest.raises(UserError, match="Tệp thiết lập của tỉnh không hợp lệ"):
        setup_file.load_setup_file(db, path)
    assert campaigns.get(db, db.campaign_uid) == before
    assert setup_file.currently_loaded(db) is None
    db.close()


def test_a_setup_file_without_campaigns_still_loads(prov, tmp_path):
    """Files written before the field existed."""
    document = json.loads(setup_file.setup_text(prov.db))
    del document["campaigns"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    db = _commune(tmp_path)
    assert setup_file.load_setup_file(db, path).basis_notes == ()
    db.close()


def test_the_window_tells_the_officer_what_the_setup_file_filled(
    qtbot, prov, tmp_path, monkeypatch
):
    from desktop.ui.context import AppContext
    from desktop.ui.pages import sync as sync_page

    path = _province_plan(prov, tmp_path)
    db = _commune(tmp_path)
    page = sync_page.SyncPage(AppContext(db, None))
    qtbot.addWidget(page)
    monkeypatch.setattr(
        "desktop.ui.file_dialogs.QFileDialog.getOpenFileName", lambda *a: (str(path), "")
    )

    def accept(box):
        (button,) = [b for b in box.buttons() if b.text() == "Chấp nhận"]
        box.clickedButton = lambda: button
        return 0

    told = []
    monkeypatch.setattr(sync_page.QMessageBox, "exec", accept)
    monkeypatch.setattr(sync_page.QMessageBox, "information", lambda *a: told.append(a[2]))
    page.body.load_setup()
    assert told and "đã điền căn cứ và kế hoạch của tỉnh" in told[0]
    assert campaigns.get(db, db.campaign_uid).plan_number == "45/KH-CAT"
    db.close()


def test_campaigns_created_from_now_on_cite_decision_521_of_13_june_2005(tmp_path):
    db = _commune(tmp_path)
    next_year = campaigns.create_from_template(db, 2027)
    for uid in (db.campaign_uid, next_year):
        basis = campaigns.get(db, uid).legal_basis
        assert "521/QĐ-TTg ngày 13/6/2005" in basis and "10/4/2005" not in basis
    db.close()
