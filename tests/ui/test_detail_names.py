"""The event and person dialogs show names joined by the core: a renamed hamlet by its new
name, a deleted or unknown one said to be so (never blank), and no catalogue read whole."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QLabel

from desktop.core import attendance, catalogues, outcomes
from desktop.core.outcomes import OutcomeInput
from desktop.ui.dialogs.event_detail import EventDetailDialog
from desktop.ui.dialogs.person_detail import PersonDetailDialog
from tests.core.test_details import UNKNOWN_HAMLET, behind_our_back, tombstone_hamlet

UNKNOWN = f"Không rõ (mã “{UNKNOWN_HAMLET}” không có trong danh mục)"
# A statement that reads a catalogue table by itself (FROM it, not one entry by its uid or
# code, not joined to a record): the whole list.
WHOLE_CATALOGUE = re.compile(
    r"^\s*SELECT\b[^;]*?\bFROM\s+(hamlet|organisation|event_type|indicator|ethnicity|religion)\b"
    r"(?![^;]*\bJOIN\b)(?![^;]*\bWHERE\s+(uid|code)\s*=)",
    re.IGNORECASE | re.DOTALL,
)


@pytest.fixture
def festival(ctx, make):
    tan_hoa, binh_an = ctx.db.hamlets
    event = make.event(
        "Ngày hội toàn dân bảo vệ ANTQ ấp Tân Hòa", type_code="le_xa", hamlet_uid=tan_hoa
    )
    hoa = make.person("Nguyễn Thị Hòa", hamlet_uid=tan_hoa, ethnicity_code="05")
    dung = make.person("Đặng Văn Dũng", hamlet_uid=binh_an)
    attendance.add_people(ctx.db, event, [hoa, dung], "tham_du")
    outcomes.create_outcome(
        ctx.db, OutcomeInput(ctx.campaign_uid, make.indicator_uid("suat_qua"), 5, 0, event)
    )
    return {"event": event, "hoa": hoa, "dung": dung, "tan_hoa": tan_hoa}


def open_event(qtbot, ctx, uid: str) -> EventDetailDialog:
    dialog = EventDetailDialog(None, ctx, uid)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def open_person(qtbot, ctx, uid: str) -> PersonDetailDialog:
    dialog = PersonDetailDialog(None, ctx, uid)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def hamlet_column(dialog: EventDetailDialog) -> list[str]:
    return [dialog.participants.index(row, 4).data() for row in range(2)]


def labels(dialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def test_event_dialog_shows_a_hamlet_renamed_after_the_event(qtbot, ctx, festival):
    catalogues.rename(ctx.db, "hamlet", festival["tan_hoa"], "Khu phố Tân Hòa Đông")
    dialog = open_event(qtbot, ctx, festival["event"])
    assert dialog.facts["type"].text() == "Phần lễ ngày hội cấp xã"
    assert dialog.facts["hamlet"].text() == "Khu phố Tân Hòa Đông"
    assert hamlet_column(dialog) == ["Ấp Bình An", "Khu phố Tân Hòa Đông"]
    assert dialog.outcomes.index(0, 0).data() == "Suất quà"


def test_event_dialog_says_a_hamlet_was_deleted(qtbot, ctx, festival):
    tombstone_hamlet(ctx.db, festival["tan_hoa"])
    dialog = open_event(qtbot, ctx, festival["event"])
    assert dialog.facts["hamlet"].text() == "Ấp Tân Hòa (đã xóa khỏi danh mục)"
    assert hamlet_column(dialog)[1] == "Ấp Tân Hòa (đã xóa khỏi danh mục)"


def test_event_dialog_says_a_hamlet_code_is_unknown(qtbot, ctx, festival):
    for table, uid in (("event", festival["event"]), ("person", festival["dung"])):
        behind_our_back(
            ctx.db,
            f"UPDATE {table} SET hamlet_uid = ?, rev = rev + 1 WHERE uid = ?",
            [UNKNOWN_HAMLET, uid],
        )
    dialog = open_event(qtbot, ctx, festival["event"])
    assert dialog.facts["hamlet"].text() == UNKNOWN
    assert hamlet_column(dialog)[0] == UNKNOWN


def test_event_dialog_lists_an_outcome_whose_indicator_is_unknown(qtbot, ctx, festival):
    behind_our_back(
        ctx.db,
        "UPDATE outcome SET indicator_uid = 'chi-tieu-la', rev = rev + 1 WHERE event_uid = ?",
        [festival["event"]],
    )
    dialog = open_event(qtbot, ctx, festival["event"])
    assert dialog.tabs.tabText(1) == "Kết quả (1)"
    assert (
        dialog.outcomes.index(0, 0).data() == "Không rõ (mã “chi-tieu-la” không có trong danh mục)"
    )


def test_person_dialog_shows_joined_names_and_unknown_codes(qtbot, ctx, festival):
    dialog = open_person(qtbot, ctx, festival["hoa"])
    shown = labels(dialog)
    assert {"Nguyễn Thị Hòa", "Ấp Tân Hòa", "Khơ-me"} <= set(shown)
    assert dialog.model.index(0, 2).data() == "Phần lễ ngày hội cấp xã"

    behind_our_back(
        ctx.db,
        "UPDATE person SET hamlet_uid = ?, ethnicity_code = '99', rev = rev + 1 WHERE uid = ?",
        [UNKNOWN_HAMLET, festival["hoa"]],
    )
    dialog.reload()
    shown = labels(dialog)
    assert UNKNOWN in shown
    assert "Không rõ (mã “99” không có trong danh mục)" in shown


@pytest.mark.parametrize("which", ["event", "person"])
def test_detail_dialogs_read_no_catalogue_whole(qtbot, ctx, festival, which):
    statements: list[str] = []
    ctx.db.conn.set_trace_callback(statements.append)
    try:
        if which == "event":
            open_event(qtbot, ctx, festival["event"])
        else:
            open_person(qtbot, ctx, festival["hoa"])
    finally:
        ctx.db.conn.set_trace_callback(None)
    assert statements  # the trace saw the dialog's reads
    assert [sql for sql in statements if WHOLE_CATALOGUE.search(sql)] == []
