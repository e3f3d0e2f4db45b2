"""The person form: register someone new (warning of look-alikes) or correct a record."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.core import catalogues, people
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.people import DuplicatePerson, PersonInput
from desktop.ui.context import AppContext
from desktop.ui.dialogs import RecordForm, confirm, dialog_buttons
from desktop.ui.widgets import fill_combo, no_hamlets_hint, select_data

KINH, NO_RELIGION = "01", "00"  # the usual answers, offered first and preset for a new person


class YearEdit(QLineEdit):
    """A birth year of four digits, or empty for "không rõ".

    A spin box capped at this year kept "209" of a typed "2090" and saved it as unknown; here
    what is typed stays, and an impossible year is reported beside the field by the core.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("birth_year")
        self.setMaxLength(4)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}"), self))
        self.setPlaceholderText(_("không rõ"))
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000000") + 16)

    def year(self) -> int | None:
        """The year typed, None when empty; ValidationError when it is not four digits."""
        text = self.text().strip()
        if not text:
            return None
        if len(text) != 4:
            raise ValidationError(
                {"birth_year": _("Ghi năm sinh đủ bốn chữ số, ví dụ 1985 (để trống nếu không rõ).")}
            )
        return int(text)


class PersonFormDialog(RecordForm):
    """Every field of a person; saving goes through `desktop.core.people`."""

    def __init__(self, parent, ctx: AppContext, uid: str | None = None, initial_name: str = ""):
        super().__init__(parent, ctx, uid)
        self.setWindowTitle(_("Sửa thông tin người tham gia") if uid else _("Thêm người mới"))
        self.setMinimumWidth(520)
        self._build()
        data = people.get_person(ctx.db, uid) if uid else _new_person(initial_name)
        self._load(data)

    def _build(self) -> None:
        db = self.ctx.db
        self.name_edit = QLineEdit(objectName="full_name")
        self.gender_combo = QComboBox(objectName="gender")
        fill_combo(
            self.gender_combo,
            [(None, "—")] + [(code, _(name)) for code, name in people.GENDERS.items()],
        )
        self.year_edit = YearEdit()
        unknown = (None, _("— không rõ —"))
        self.ethnicity_combo = QComboBox(objectName="ethnicity_code")
        fill_combo(self.ethnicity_combo, [*_code_first(catalogues.ethnicities(db), KINH), unknown])
        self.religion_combo = QComboBox(objectName="religion_code")
        fill_combo(
            self.religion_combo, [*_code_first(catalogues.religions(db), NO_RELIGION), unknown]
        )
        self.hamlet_combo = QComboBox(objectName="hamlet_uid")
        fill_combo(self.hamlet_combo, [(None, "—"), *self._hamlet_choices()])
        self.address_edit = QLineEdit(objectName="address")
        self.phone_edit = QLineEdit(objectName="phone")
        self.organisation_edit = QLineEdit(objectName="organisation")
        self.position_edit = QLineEdit(objectName="position")
        self.national_id_edit = QLineEdit(objectName="national_id")
        self.national_id_edit.setPlaceholderText(_("Không bắt buộc"))
        self.national_id_edit.setToolTip(
            _(
                "Thông tin nhạy cảm: chỉ ghi khi thật cần. Số này không hiện trong danh sách "
                "và bảng Excel xuất ra."
            )
        )
        self.notes_edit = QPlainTextEdit(objectName="notes")
        self.notes_edit.setFixedHeight(60)

        form = QFormLayout()
        rows = [
            (_("Họ và tên (*)"), "full_name", self.name_edit),
            (_("Giới tính"), "gender", self.gender_combo),
            (_("Năm sinh"), "birth_year", self.year_edit),
            (_("Dân tộc"), "ethnicity_code", self.ethnicity_combo),
            (_("Tôn giáo"), "religion_code", self.religion_combo),
            (_("Ấp, khu phố"), "hamlet_uid", self.hamlet_combo),
            (_("Địa chỉ"), "address", self.address_edit),
            (_("Điện thoại"), "phone", self.phone_edit),
            (_("Cơ quan, tổ chức"), "organisation", self.organisation_edit),
            (_("Chức vụ, vai trò"), "position", self.position_edit),
            (_("Số CCCD (thông tin nhạy cảm)"), "national_id", self.national_id_edit),
            (_("Ghi chú"), "notes", self.notes_edit),
        ]
        for label, key, widget in rows:
            form.addRow(label, self.errors.wrap(key, widget))
            if key == "hamlet_uid" and self.hamlet_combo.count() == 1:  # only "—"
                form.addRow("", no_hamlets_hint())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(dialog_buttons(self, _("Lưu")))

    def _hamlet_choices(self) -> list[tuple[str, str]]:
        """Hamlets in use, plus the person's own if it has since been hidden (kept on edit)."""
        current = people.get_person(self.ctx.db, self.uid).hamlet_uid if self.uid else None
        return [
            (h.uid, h.name)
            for h in catalogues.hamlets(self.ctx.db, include_inactive=True)
            if h.extra["active"] or h.uid == current
        ]

    def _load(self, data: PersonInput) -> None:
        self.name_edit.setText(data.full_name)
        select_data(self.gender_combo, data.gender)
        self.year_edit.setText(str(data.birth_year) if data.birth_year else "")
        select_data(self.ethnicity_combo, data.ethnicity_code)
        select_data(self.religion_combo, data.religion_code)
        select_data(self.hamlet_combo, data.hamlet_uid)
        self.address_edit.setText(data.address)
        self.phone_edit.setText(data.phone)
        self.organisation_edit.setText(data.organisation)
        self.position_edit.setText(data.position)
        self.national_id_edit.setText(data.national_id or "")
        self.notes_edit.setPlainText(data.notes)

    def value(self) -> PersonInput:
        return PersonInput(
            full_name=self.name_edit.text(),
            gender=self.gender_combo.currentData(),
            birth_year=self.year_edit.year(),
            ethnicity_code=self.ethnicity_combo.currentData(),
            religion_code=self.religion_combo.currentData(),
            hamlet_uid=self.hamlet_combo.currentData(),
            address=self.address_edit.text(),
            phone=self.phone_edit.text(),
            organisation=self.organisation_edit.text(),
            position=self.position_edit.text(),
            national_id=self.national_id_edit.text() or None,
            notes=self.notes_edit.toPlainText(),
        )

    def confirm_duplicate(self, error: DuplicatePerson) -> bool:
        """Ask whether to add the person although look-alikes exist (a seam for tests)."""
        return confirm(
            self, _("Có thể trùng người"), duplicate_question(error), _("Vẫn thêm người mới")
        )

    def _save(self, data: PersonInput) -> str | None:
        if self.uid:
            people.update_person(self.ctx.db, self.uid, data)
            return self.uid
        try:
            return people.create_person(self.ctx.db, data)
        except DuplicatePerson as error:
            if not self.confirm_duplicate(error):
                return None
            return people.create_person(self.ctx.db, data, allow_duplicate=True)

    def save(self) -> str | None:
        return self._save(self.value())

    @classmethod
    def ask(cls, parent, ctx: AppContext, uid: str | None = None, initial_name: str = ""):
        """The uid of the person saved, or None if the user cancelled."""
        return cls(parent, ctx, uid, initial_name).run()


def _new_person(full_name: str) -> PersonInput:
    return PersonInput(full_name=full_name, ethnicity_code=KINH, religion_code=NO_RELIGION)


def duplicate_question(error: DuplicatePerson) -> str:
    """The look-alikes one per line, then the question."""
    lines = [
        _("• {name} — năm sinh {year}, {hamlet}").format(
            name=c.full_name,
            year=c.birth_year or _("không rõ"),
            hamlet=c.hamlet_name or _("chưa ghi ấp"),
        )
        for c in error.candidates
    ]
    return "\n".join(
        [
            _("Danh sách đã có người trùng họ tên, năm sinh và ấp:"),
            *lines,
            "",
            _("Vẫn thêm người mới?"),
        ]
    )


def _code_first(items: list[tuple[str, str]], code: str) -> list[tuple[str, str]]:
    """The usual choice (Kinh, Không tôn giáo) first, the rest in catalogue order."""
    return sorted(items, key=lambda item: item[0] != code)
