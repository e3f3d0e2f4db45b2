"""What a campaign's reports cite first: its legal basis and the provincial plan it implements.

The results report opens "Thực hiện <căn cứ>; Kế hoạch số … ngày … của …, …". The office edits
both here (an officer with the catalogue right); the core validates and audits the change.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.core import campaigns
from desktop.core.i18n import _
from desktop.ui.dialogs import RecordForm, dialog_buttons


class CampaignBasisDialog(RecordForm):
    """Legal basis (free text), plan number, optional plan date, issuing body."""

    def __init__(self, parent, ctx, uid: str):
        super().__init__(parent, ctx, uid)
        campaign = campaigns.get(ctx.db, uid)
        self.setWindowTitle(_("Căn cứ của kế hoạch"))
        self.setMinimumWidth(560)
        self.legal_basis = QPlainTextEdit(campaign.legal_basis, objectName="legal_basis")
        self.legal_basis.setFixedHeight(90)
        self.plan_number = QLineEdit(campaign.plan_number, objectName="plan_number")
        self.plan_number.setPlaceholderText(_("ví dụ 45/KH-CAT"))
        self.has_date = QCheckBox(_("Có ngày ban hành"), objectName="has_plan_date")
        self.plan_date = QDateEdit(objectName="plan_date")
        self.plan_date.setDisplayFormat("dd/MM/yyyy")
        self.plan_date.setCalendarPopup(True)
        if campaign.plan_date:
            self.plan_date.setDate(QDate.fromString(campaign.plan_date, "yyyy-MM-dd"))
        else:
            self.plan_date.setDate(QDate.currentDate())
        self.has_date.setChecked(bool(campaign.plan_date))
        self.plan_date.setEnabled(bool(campaign.plan_date))
        self.has_date.toggled.connect(self.plan_date.setEnabled)
        self.plan_issuer = QLineEdit(campaign.plan_issuer, objectName="plan_issuer")
        self.plan_issuer.setPlaceholderText(_("ví dụ Công an tỉnh An Giang"))
        form = QFormLayout()
        form.addRow(_("Căn cứ pháp lý:"), self.errors.wrap("legal_basis", self.legal_basis))
        form.addRow(_("Số kế hoạch của tỉnh:"), self.errors.wrap("plan_number", self.plan_number))
        form.addRow(self.has_date, self.errors.wrap("plan_date", self.plan_date))
        form.addRow(_("Cơ quan ban hành:"), self.errors.wrap("plan_issuer", self.plan_issuer))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(dialog_buttons(self, _("Lưu")))

    def data(self) -> campaigns.BasisInput:
        day = self.plan_date.date().toString("yyyy-MM-dd") if self.has_date.isChecked() else None
        return campaigns.BasisInput(
            self.legal_basis.toPlainText(), self.plan_number.text(), day, self.plan_issuer.text()
        )

    def save(self) -> str | None:
        assert self.uid is not None
        campaigns.update_basis(self.ctx.db, self.uid, self.data())
        return self.uid

    @classmethod
    def ask(cls, parent, ctx, uid: str) -> str | None:
        return cls(parent, ctx, uid).run()
