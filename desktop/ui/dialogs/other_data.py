"""Asked before the first-run wizard when this PC already has ANTQ Desk data elsewhere.

Several officers share one PC, each with a Windows account of their own. The office's records
may sit in the shared folder of an all-users install or in one account's own folder (a per-user
install, or an older version): setting up a new office then would quietly start a second, empty
register beside the real one. The officer is shown where the data is and must choose.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core import paths
from desktop.core.i18n import _


def confirm_new_office(parent: QWidget | None, db_path: Path) -> bool:
    """True when there is no other data, or the officer chooses a new office anyway."""
    found = paths.other_office_data(db_path)
    if not found:
        return True
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Máy này đã có dữ liệu ANTQ Desk"))
    # Wide enough for a path on one line, narrow enough for 1024 px at 125 %.
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 34em; }")
    box.setText(
        _(
            "Máy này đã có dữ liệu ANTQ Desk ở nơi khác (của tài khoản Windows khác hoặc thư "
            "mục dùng chung):\n{files}\n\nNếu xã đã dùng chương trình trên máy này, đừng lập "
            "văn phòng mới: hãy Thoát, rồi nhờ quản trị máy chép tệp đó vào {path} khi chương "
            "trình đang đóng. Chỉ lập văn phòng mới khi chắc chắn đó là dữ liệu của đơn vị khác."
        ).format(files="\n".join(f"• {file}" for file in found), path=db_path)
    )
    leave = box.addButton(_("Thoát"), QMessageBox.ButtonRole.RejectRole)
    leave.setObjectName("quit")
    anyway = box.addButton(_("Vẫn lập văn phòng mới"), QMessageBox.ButtonRole.AcceptRole)
    anyway.setObjectName("new_office_anyway")
    box.setDefaultButton(leave)
    box.setEscapeButton(leave)
    box.exec()
    return box.clickedButton() is anyway
