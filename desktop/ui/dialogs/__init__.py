"""Dialogs and wizards, one module each, every one opened through a `classmethod ask(...)`.

`ask` is the one seam a test (or another page) patches. Forms show the core's validation
messages next to their fields with `FieldErrors`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import _
from desktop.ui import tones
from desktop.ui.screen import fits_screen

ERROR_STYLE = "color: #b3261e;"  # on a light palette only: labels use tones.error_style()


class FieldErrors:
    """Red message labels under form fields, keyed like `ValidationError.fields`."""

    def __init__(self) -> None:
        self._labels: dict[str, QLabel] = {}

    def wrap(self, key: str, field: QWidget) -> QWidget:
        """The field with its (hidden until needed) error label underneath, for a form row."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.label(key))
        self.watch(key, field)
        return box

    def watch(self, key: str, field: QWidget) -> None:
        """Hide `key`'s message as soon as the officer changes the field it is about.

        A date field also reports an unreadable date the moment the officer leaves it.
        """
        signal = _change_signal(field)
        if signal is not None:
            signal.connect(lambda *_args: self.set(key, ""))
        problem = getattr(field, "problem", None)
        if problem is not None:
            problem.connect(lambda message: self.set(key, message))

    def set(self, key: str, message: str) -> None:
        """Show (or, with "", hide) one field's message."""
        label = self.label(key)
        label.setText(message)
        label.setVisible(bool(message))

    def label(self, key: str) -> QLabel:
        """The error label of `key`, made on first use, to place by hand."""
        if key not in self._labels:
            label = QLabel()
            label.setObjectName(f"error_{key}")
            label.setStyleSheet(tones.error_style())
            label.setWordWrap(True)
            label.hide()
            self._labels[key] = label
        return self._labels[key]

    def show(self, fields: dict[str, str]) -> list[str]:
        """Show each message by its field; returns the messages no field of this form has."""
        self.clear()
        orphans = []
        for key, message in fields.items():
            if key in self._labels:
                self._labels[key].setText(message)
                self._labels[key].show()
            else:
                orphans.append(message)
        return orphans

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.hide()

    def messages(self) -> dict[str, str]:
        """The messages shown now, by field (what a test reads)."""
        return {key: label.text() for key, label in self._labels.items() if label.text()}


def _change_signal(field: QWidget):
    """The signal a field emits when the officer edits it (None for a field that has none)."""
    if isinstance(field, QLineEdit):
        return field.textEdited
    if isinstance(field, QComboBox):
        return field.activated
    if isinstance(field, QPlainTextEdit):
        return field.textChanged
    if isinstance(field, QAbstractSpinBox):
        return field.editingFinished
    return None


def field_state(dialog: QWidget) -> tuple:
    """What every input of the dialog holds now, to tell whether the officer changed anything."""
    state: list = []
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QAbstractSpinBox):
            state.append(widget.text())  # a spin box's own line edit repeats it: harmless
        elif isinstance(widget, QComboBox):
            state.append(widget.currentIndex())
        elif isinstance(widget, QPlainTextEdit):
            state.append(widget.toPlainText())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
    return tuple(state)


def confirm(
    parent: QWidget | None, title: str, text: str, yes_text: str, no_text: str = ""
) -> bool:
    """Ask before a change that cannot be undone from the screen; the default answer is no.

    The buttons say what they do in Vietnamese (Qt ships no Vietnamese for its own "Yes").
    """
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    yes.setObjectName("confirm_yes")
    no = box.addButton(no_text or _("Không"), QMessageBox.ButtonRole.RejectRole)
    no.setObjectName("confirm_no")
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def dialog_buttons(dialog: QDialog, ok_text: str, cancel_text: str = "") -> QDialogButtonBox:
    """OK/Cancel buttons with Vietnamese labels, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox()
    ok = QPushButton(ok_text)
    ok.setObjectName("ok")
    ok.setDefault(True)
    cancel = QPushButton(cancel_text or _("Hủy bỏ"))
    cancel.setObjectName("cancel")
    buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(getattr(dialog, "cancel_clicked", dialog.reject))
    return buttons


class RecordForm(QDialog):
    """A form that writes one record through the core when the user saves.

    Subclasses build their fields (registering error labels with `self.errors` and placing
    `self.general_error`) and implement `save()`, which returns the saved uid or None to stay
    open. `accept` shows validation messages by their fields, known errors as a message box,
    and tells every page of the change only when something was written.
    """

    def __init__(self, parent, ctx, uid: str | None = None):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.ctx, self.uid = ctx, uid
        self.saved_uid: str | None = None
        self.errors = FieldErrors()
        self.general_error = self.errors.label("_general")
        self._loaded_state: tuple | None = None
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.activated.connect(self.accept)

    def showEvent(self, event) -> None:
        """What the form holds when first shown is what "no changes" means."""
        if self._loaded_state is None:
            self._loaded_state = field_state(self)
        super().showEvent(event)

    def has_changes(self) -> bool:
        """Whether the officer typed or chose anything since the form opened."""
        return self._loaded_state is not None and field_state(self) != self._loaded_state

    def confirm_discard(self) -> bool:
        """Ask before throwing away what was typed; the default is to keep editing."""
        return confirm(
            self,
            _("Bỏ những gì đã nhập?"),
            _("Biểu mẫu có thay đổi chưa lưu. Đóng lại thì những gì đã nhập sẽ mất."),
            _("Bỏ thay đổi"),
            no_text=_("Tiếp tục sửa"),
        )

    def cancel_clicked(self) -> None:
        """ "Hủy bỏ": ask first when something was typed."""
        if not self.has_changes() or self.confirm_discard():
            self.reject()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.cancel_clicked()  # Esc is the officer's "Hủy bỏ"
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        """The window's own close button asks too; a close by the program (sign-out) does not."""
        if event.spontaneous() and self.has_changes() and not self.confirm_discard():
            event.ignore()
            return
        super().closeEvent(event)

    def save(self) -> str | None:
        raise NotImplementedError

    def accept(self) -> None:
        from desktop.core.errors import ValidationError
        from desktop.ui.errors import show_known_error

        try:
            saved = self.save()
        except ValidationError as error:
            orphans = self.errors.show(error.fields)
            self.general_error.setText("\n".join(orphans))
            self.general_error.setVisible(bool(orphans))
            return
        except Exception as error:
            if not show_known_error(self, error):
                raise
            return
        if saved is None:
            return
        self.saved_uid = saved
        self.errors.clear()
        self.ctx.notify_changed()
        super().accept()

    def run(self) -> str | None:
        """Show the form; the uid saved, or None if the user cancelled."""
        try:
            accepted = self.exec() == QDialog.DialogCode.Accepted
            return self.saved_uid if accepted else None
        finally:
            self.deleteLater()
