"""Showing each action only as far as the signed-in user's role allows it.

A page or dialog registers its action widgets with the permission each needs. A widget the role
does not allow is disabled with a tooltip naming the missing right (or hidden, for read-only
views where a row of grey buttons would only be noise), now and again whenever someone else
signs in. Widgets whose enabled state also depends on the screen (a row selected, a campaign
chosen) are switched through `set_enabled`, which keeps both conditions: enabled only if the
screen allows it and the role does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop.core.i18n import _
from desktop.core.session import PERMISSION_NAMES, Permission
from desktop.ui.context import AppContext

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def refusal(permission: Permission, admins: Sequence[str] = ()) -> str:
    """The tooltip of an action the role does not allow, naming whom to ask for the right."""
    missing = _("Tài khoản của bạn không có quyền {what}.").format(
        what=_(PERMISSION_NAMES[permission])
    )
    if admins:
        ask = _(
            "Nhờ quản trị viên ({names}) cấp quyền, hoặc đăng nhập bằng tài khoản có quyền này."
        ).format(names=", ".join(admins))
    else:
        ask = _(
            "Nhờ quản trị viên phần mềm của đơn vị cấp quyền, hoặc đăng nhập bằng tài khoản "
            "có quyền này."
        )
    return f"{missing} {ask}"


def admin_names(ctx: AppContext) -> list[str]:
    """The display names of the office's active administrators: whom an officer asks."""
    from desktop.core import accounts
    from desktop.core.session import Role

    if ctx.db is None:
        return []
    return [
        account.display_name or account.username
        for account in accounts.list_accounts(ctx.db)
        if account.role == Role.ADMIN and account.active
    ]


class Gates(QObject):
    """The action widgets of one page or dialog and the permission each needs."""

    def __init__(self, ctx: AppContext, owner: QWidget):
        super().__init__(owner)
        self.ctx = ctx
        self._needs: dict[QWidget, tuple[Permission, bool]] = {}
        self._wanted: dict[QWidget, bool] = {}
        self._tooltips: dict[QWidget, str] = {}
        ctx.actor_changed.connect(self.apply)

    def gate(self, widget: QWidget, permission: Permission, *, hide: bool = False) -> None:
        """`widget` needs `permission`: disabled (or hidden) whenever the role lacks it."""
        self._needs[widget] = (permission, hide)
        self._wanted.setdefault(widget, widget.isEnabled())
        self._tooltips.setdefault(widget, widget.toolTip())
        self._apply_one(widget)

    def allows(self, widget: QWidget) -> bool:
        """Whether the role allows the widget's action (True for widgets not gated)."""
        need = self._needs.get(widget)
        return need is None or self.ctx.can(need[0])

    def set_enabled(self, widget: QWidget, enabled: bool) -> None:
        """Enable the widget if the screen wants it (`enabled`) and the role allows it."""
        self._wanted[widget] = enabled
        self._apply_one(widget)

    def apply(self) -> None:
        """Apply every gate again (someone else has signed in)."""
        self._admins = None  # accounts may have changed too
        for widget in list(self._needs):
            self._apply_one(widget)

    def _admin_names(self) -> list[str]:
        if getattr(self, "_admins", None) is None:
            self._admins = admin_names(self.ctx)
        return self._admins

    def _apply_one(self, widget: QWidget) -> None:
        allowed = self.allows(widget)
        wanted = self._wanted.get(widget, True)
        need = self._needs.get(widget)
        # A widget not yet in a layout would show as a window of its own: only ever hide those.
        if need is not None and need[1] and (widget.parentWidget() is not None or not allowed):
            widget.setVisible(allowed)
        widget.setEnabled(wanted and allowed)
        if need is not None:
            widget.setToolTip(
                self._tooltips[widget] if allowed else refusal(need[0], self._admin_names())
            )
