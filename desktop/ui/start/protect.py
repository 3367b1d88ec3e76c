"""After a login to a database an earlier version left plain with its users: an administrator's
login encrypts it (``sync.store.login.protect``, the same crash-safe copy as for a first user)
and shows the recovery code once, on the same dialog (with 打印恢复码…) as the wizard; anyone
else is told that an administrator must log in once (docs/decisions.md, "Key slots without
names")."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.start.recovery import RecoveryCodeDialog
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.i18n import translate
from sync.store import login
from sync.store.errors import StoreError
from sync.store.store import Store


def protect_after_login(parent: QWidget | None, store: Store, password: str) -> None:
    """``store.user`` has just logged in with ``password``; nothing to do on a database that is
    encrypted or has no users."""
    if not login.needs_protection(store) or store.read_only:
        return
    if not store.user.is_admin:
        text = translate("protect", "此数据库还没有加密（由旧版本建立），拿到这台电脑或这个文件的人"
                                    "都能读出其中的数据。请管理员登录一次：登录时会自动加密。")
        msgbox.inform(parent, text, translate("protect", "数据没有加密"))
        return
    try:
        protected = login.protect(store, password)
    except StoreError as exc:  # another window has the file open: work goes on, unprotected
        msgbox.warn(parent, translate("protect", "数据库没有加密：{0}").format(exc))
        return
    if protected is None:
        return
    RecoveryCodeDialog(store.village_name, protected.recovery_code, parent).exec()
    if protected.need_password:
        msgbox.inform(parent, translate(
            "protect", "其他用户（{0}）的密码不在手边，没法为他们登记加密钥匙。请在“工具 → 用户管理”中"
                       "选中他们，点“重设密码…”，为他们设新密码；之后他们用新密码登录。")
            .format("、".join(protected.need_password)), translate("protect", "请为其他用户重设密码"))
