"""Two different, validly signed bundles with one number (an older program's re-export after an
interrupted one, or a stolen key): the province holds the second aside, shows both, and its
officer decides which stands; a decision is audited, and a blocked number always unblocks."""

from __future__ import annotations

import pytest

from desktop.core.errors import UserError
from desktop.core.sync import bundle_writer, importer, rivals
from desktop.core.sync.archive import BundleRefused

from .conftest import PASSPHRASE, add_person, export_one, forge, make_commune, row_body
from .test_heal import _interrupted_export, rows_of, unit_of


def _two_bundles_one_number(tmp_path, commune, monkeypatch):
    """What an older program did: the file of an interrupted export (A) stays on the stick, and
    the next export numbers its own bundle (B, with more in it) the same."""
    left = _interrupted_export(tmp_path, commune, monkeypatch)
    first = left.read_bytes()
    commune.conn.execute("DELETE FROM bundle_out_copy")  # no stored copy in the older program
    add_person(commune, "Đinh Thị Lan")
    other = tmp_path / "other"
    (second,) = [w for w in bundle_writer.export(commune, other.mkdir() or other, period="2026-08")]
    assert second.number == 1 and second.path.read_bytes() != first
    add_person(commune, "Võ Minh Trí")
    third = export_one(commune, tmp_path / "third", period="2026-08")
    return first, second.path.read_bytes(), third.path.read_bytes()


def _kinds(db) -> list[str]:
    return [row[0] for row in db.conn.execute("SELECT kind FROM audit ORDER BY id")]


def test_the_second_bundle_is_held_and_taking_it_unblocks_the_chain(
    tmp_path, prov, commune, monkeypatch
):
    a, b, c = _two_bundles_one_number(tmp_path, commune, monkeypatch)
    assert importer.import_bundle(prov.db, a, prov.identities).status == importer.IMPORTED
    with pytest.raises(BundleRefused, match=r"khác với gói số 1 tỉnh đã nhận.*giữ riêng"):
        importer.import_bundle(prov.db, b, prov.identities, file_name="b.antq")
    with pytest.raises(BundleRefused, match="không nối tiếp được với gói số 1"):
        importer.import_bundle(prov.db, c, prov.identities, file_name="c.antq")
    with pytest.raises(BundleRefused, match="đang chờ cán bộ tỉnh quyết định"):
        importer.import_bundle(prov.db, b, prov.identities, file_name="b.antq")
    waiting = rivals.listed(prov.db)
    assert [(r.offered.number, r.reason) for r in waiting] == [(1, "number"), (2, "link")]
    number_one = waiting[0]
    table = {label: (held, offered) for label, held, offered in rivals.compare(number_one)}
    held, offered = table["Số dòng"]
    assert int(offered) == int(held) + 1  # B carries one more person than A
    assert "Gói số 2 tỉnh đã nhận" not in " ".join(rivals.hints(prov.db, number_one))
    result = rivals.take(prov.db, number_one.id, prov.identities)
    assert result.status == importer.IMPORTED
    again = importer.import_bundle(prov.db, c, prov.identities, file_name="c.antq")
    assert again.status == importer.IMPORTED and again.gaps == []
    assert rivals.listed(prov.db) == []  # the link clash went with the replaced bundle
    assert rows_of(prov.db, unit_of(commune)) == rows_of(commune, unit_of(commune))
    assert "sync.rival_held" in _kinds(prov.db) and "sync.rival_take" in _kinds(prov.db)
    with pytest.raises(BundleRefused, match="đã được thay bằng một gói khác cùng số"):
        importer.import_bundle(prov.db, a, prov.identities, file_name="a.antq")


def test_keeping_the_held_one_then_taking_the_next_across_the_break(
    tmp_path, prov, commune, monkeypatch
):
    a, b, c = _two_bundles_one_number(tmp_path, commune, monkeypatch)
    importer.import_bundle(prov.db, a, prov.identities)
    for data in (b, c):
        with pytest.raises(BundleRefused):
            importer.import_bundle(prov.db, data, prov.identities)
    number_one, number_two = rivals.listed(prov.db)
    rivals.keep_held(prov.db, number_one.id)
    with pytest.raises(BundleRefused, match="quyết định không nhận"):
        importer.import_bundle(prov.db, b, prov.identities)
    assert "Gói số 2 tỉnh đã nhận" not in " ".join(rivals.hints(prov.db, number_two))
    rivals.take(prov.db, number_two.id, prov.identities)  # the deliberate way past the break
    assert importer.gaps(prov.db, unit_of(commune), number_two.device_id, 1) == []
    assert {"sync.rival_keep", "sync.rival_take"} <= set(_kinds(prov.db))  # audited
    # bundle 2 carried everything not yet acknowledged, B's rows too
    assert rows_of(prov.db, unit_of(commune)) == rows_of(commune, unit_of(commune))
    (kept,) = rivals.listed(prov.db, decided=True)  # the officer changes their mind
    assert kept.decision == rivals.KEPT
    hint = " ".join(rivals.hints(prov.db, kept))
    assert "Gói số 2 tỉnh đã nhận nối tiếp gói mới gửi này" in hint
    rivals.take(prov.db, kept.id, prov.identities)
    assert rows_of(prov.db, unit_of(commune)) == rows_of(commune, unit_of(commune))
    with pytest.raises(UserError, match="Không có gói số thứ tự"):
        rivals.keep_held(prov.db, kept.id)


def test_a_bundle_with_a_bad_signature_is_refused_and_never_held(tmp_path, prov, commune):
    importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "a").path.read_bytes(), prov.identities
    )
    stranger = make_commune(tmp_path, prov, 1, enrol=False)
    uid = add_person(commune, "Ngô Văn Sơn")
    body = row_body(commune, "person", uid)
    forged = forge(
        commune, body, counts={"person": {"rows": 1, "tombstones": 0}}, signer_db=stranger
    )
    with pytest.raises(BundleRefused):
        importer.import_bundle(prov.db, forged, prov.identities)
    assert prov.db.conn.execute("SELECT count(*) FROM bundle_rival").fetchone()[0] == 0
    stranger.close()


def test_a_dry_run_says_it_would_hold_and_keeps_nothing(tmp_path, prov, commune, monkeypatch):
    a, b, _c = _two_bundles_one_number(tmp_path, commune, monkeypatch)
    importer.import_bundle(prov.db, a, prov.identities)
    path = tmp_path / "b.antq"
    path.write_bytes(b)
    (result,) = importer.import_files(prov.db, [path], prov.identities, dry_run=True)
    assert result.status == importer.REFUSED and "Chạy thử" in result.message
    assert "sẽ được giữ riêng" in result.message
    assert rivals.pending_count(prov.db) == 0


def test_the_cli_lists_both_and_takes_the_second(tmp_path, prov, commune, monkeypatch, capsys):
    from desktop.cli import main

    a, b, c = _two_bundles_one_number(tmp_path, commune, monkeypatch)
    paths = []
    for name, data in (("a.antq", a), ("b.antq", b), ("c.antq", c)):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    monkeypatch.setenv("ANTQ_PASSPHRASE", PASSPHRASE)
    prov.db.close()
    base = ["--db", str(prov.path)]
    assert main([*base, "import", str(paths[0]), str(paths[1])]) == 1
    out = capsys.readouterr().out
    assert "b.antq: BỊ TỪ CHỐI" in out and "giữ riêng" in out
    assert main([*base, "rivals"]) == 0
    out = capsys.readouterr().out
    assert "Số 1: xã" in out and "Số dòng: " in out and "--take SỐ" in out
    assert main([*base, "rivals", "--take", "1"]) == 0
    assert "Đã nhận gói thay thế" in capsys.readouterr().out
    assert main([*base, "rivals"]) == 0
    assert "Không có gói nào chờ quyết định" in capsys.readouterr().out
    assert main([*base, "import", str(paths[2])]) == 0  # bundle 2 follows the one taken
    prov.reopen()
    assert rows_of(prov.db, unit_of(commune)) == rows_of(commune, unit_of(commune))


@pytest.mark.gui
def test_the_window_shows_both_and_the_officers_decision_unblocks(
    qtbot, tmp_path, prov, commune, monkeypatch
):
    from PySide6.QtCore import Qt

    from desktop.ui.context import AppContext
    from desktop.ui.dialogs import rivals as rivals_dialog
    from desktop.ui.pages.sync import SyncPage

    a, b, c = _two_bundles_one_number(tmp_path, commune, monkeypatch)
    importer.import_bundle(prov.db, a, prov.identities)
    with pytest.raises(BundleRefused):
        importer.import_bundle(prov.db, b, prov.identities, file_name="b.antq")
    ctx = AppContext(prov.db, None)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert "1 gói trùng số" in page.body.summary.text()
    assert page.body.rivals_button.isEnabled()
    dialog = rivals_dialog.RivalsDialog(ctx)
    qtbot.addWidget(dialog)
    compared = {dialog.compare_model.row_at(i)[0] for i in range(dialog.compare_model.rowCount())}
    assert {"Số gói", "Mã băm", "Số dòng"} <= compared
    assert "đọc mã băm của gói số 1" in dialog.hints.text()
    qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)  # no passphrase yet
    assert "Chưa nhập mật khẩu" in dialog.hints.text()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    monkeypatch.setattr(rivals_dialog, "confirm", lambda *args: True)
    qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
    assert dialog.decided == 1 and dialog.list_model.rowCount() == 0
    assert "Gói số 1 của xã" in dialog.hints.text()
    after = importer.import_bundle(prov.db, c, prov.identities)
    assert after.status == importer.IMPORTED
    assert rows_of(prov.db, unit_of(commune)) == rows_of(commune, unit_of(commune))
    page.refresh()
    assert "gói trùng số" not in page.body.summary.text()
