"""Starting the window: language and fonts, first-run wizard or login, backup, main window.

``run_app(args)`` is called by ``cunwu gui`` (and by ``cunwu`` with no arguments, when
``args`` is None: the default database, created by the wizard on first run).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from desktop.ui.widgets import errors, msgbox
from desktop.ui.widgets.i18n import apply_font, install_translators, translate
from desktop.ui.widgets.runner import run
from desktop.ui.widgets.screen_fit import WindowPlaces, install_dialog_fitter, place_window, show_in_place
from sync.store import at_rest, login, search
from sync.store.paths import data_dir, default_database, log_dir
from sync.store.store import Store, StoreError
from sync.store.users import User


def make_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
        app.setApplicationName("村务台账")
        app.setApplicationDisplayName("村务台账")
        app.setOrganizationName("Cunwu")
        install_translators(app)
        apply_font(app)
        install_dialog_fitter(app)  # no dialog larger than the screen it opens on
        icon = Path(__file__).with_name("resources") / "cunwu.png"
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
    return app


def window_places() -> WindowPlaces:
    """Where the main windows were last closed (per PC, beside the program's data)."""
    return WindowPlaces(data_dir() / "window-places.json")


def choose_user(store: Store, wanted: str | None) -> User | None:
    """The user the window runs as, asked for at login (or the first administrator set up)."""
    from desktop.ui.start.login import LoginDialog
    from desktop.ui.start.protect import protect_after_login
    from desktop.ui.start.wizard import FirstAdminDialog

    if not store.users():
        dialog = FirstAdminDialog(store)
        return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None
    login = LoginDialog(store, wanted or "")
    if login.exec() != QDialog.DialogCode.Accepted or login.user is None:
        return None
    store.user = login.user
    protect_after_login(None, store, login.password.text())  # an earlier version's plain file
    return login.user


def run_app(args: argparse.Namespace | None) -> int:
    app = make_application()
    previous_hook = sys.excepthook
    errors.install(log_dir())
    try:
        return _start(app, args)
    finally:
        errors.stop_logging()
        sys.excepthook = previous_hook


def _start(app: QApplication, args: argparse.Namespace | None) -> int:
    path = Path(args.db) if args is not None and args.db else default_database()
    screenshot = getattr(args, "screenshot", None)
    wanted_user = getattr(args, "user", None)
    set_up_by: User | None = None
    if not path.exists():
        if screenshot:
            print(f"数据库文件 {path} 不存在", file=sys.stderr)
            return 2
        from desktop.ui.start.wizard import FirstRunWizard

        wizard = FirstRunWizard(path)
        if wizard.exec() != QDialog.DialogCode.Accepted or wizard.user is None:
            return 1
        set_up_by = wizard.user  # just chose the password: no second login
    try:
        opened = _open_and_log_in(path, set_up_by, wanted_user, screenshot)
    except StoreError as exc:
        if screenshot:
            print(str(exc), file=sys.stderr)
        else:
            msgbox.warn(None, str(exc))
        return 2
    if opened is None:
        return 1
    store, user = opened
    try:
        store.user = user
        if store.read_only and not screenshot:  # a write-protected stick: said before anything fails
            msgbox.inform(None, store.read_only, translate("App", "只读打开"))
        return _run_window(app, store, args, screenshot)
    finally:
        store.close()


def _open_and_log_in(path: Path, set_up_by: User | None, wanted_user: str | None,
                     screenshot: str | None) -> tuple[Store, User] | None:
    """The store and who logged in; None when the login was cancelled. An encrypted database
    opens only through the login (its key is unwrapped with the password)."""
    if screenshot and set_up_by is None:
        return _screenshot_login(path, wanted_user)
    if set_up_by is None and at_rest.key_slots(path) is not None and at_rest.key_for(path) is None:
        from desktop.ui.start.login import LoginDialog

        dialog = LoginDialog(path, wanted_user or "")
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.store is None or dialog.user is None:
            if dialog.store is not None:
                dialog.store.close()
            return None
        return dialog.store, dialog.user
    store = Store.open(path)
    try:
        user = set_up_by or choose_user(store, wanted_user)
    except BaseException:
        store.close()
        raise
    if user is None:
        store.close()
        return None
    return store, user


def _screenshot_login(path: Path, wanted_user: str | None) -> tuple[Store, User]:
    """``cunwu gui --screenshot``: nobody to ask, so a database with users (encrypted or not)
    logs in like every command, ``--user``/``CUNWU_USER`` with the password from
    ``CUNWU_PASSWORD``; a database without users opens as the command line's user."""
    store = None if at_rest.key_slots(path) is not None else Store.open(path)
    if store is not None and not store.users():
        return store, store.user
    if store is not None:
        store.close()
    name = (wanted_user or os.environ.get("CUNWU_USER") or "").strip()
    if not name:
        raise StoreError(f"数据库 {path} 已设置用户：截图也要登录，请加上 --user 用户名"
                         "（或设置环境变量 CUNWU_USER），密码放在环境变量 CUNWU_PASSWORD 中")
    store = login.open_store(path, name, os.environ.get("CUNWU_PASSWORD", ""))
    return store, store.user


def _run_window(app: QApplication, store: Store, args: argparse.Namespace | None,
                screenshot: str | None) -> int:
    from desktop.ui.village.main_window import MainWindow
    from sync.store.backup import auto_backup

    register = getattr(args, "register", None)
    if screenshot and search.needs_rebuild(store.conn) and not store.read_only:
        search.rebuild(store)
    if store.is_merged:  # the township's window (a county's too): villages, conflicts, merged registers
        from desktop.ui.township.township_window import TownshipWindow

        window: MainWindow | TownshipWindow = TownshipWindow(store)
    else:
        window = MainWindow(store)
    try:
        if register or not store.is_merged:
            window.show_register(register or "committee_members")
    except KeyError as exc:
        print(exc.args[0] if exc.args else str(exc), file=sys.stderr)
        window.worker.stop()
        return 2
    kind = "township" if store.is_merged else "village"
    if not at_rest.is_encrypted(store.path):
        # Short in the status bar (it shares the line with the database, user and export state
        # and was cut off at 1366 wide); the whole reason in the tooltip.
        warning = QLabel(translate("app", "未加密"))
        warning.setToolTip(translate("app", "此数据库还没有用户，没有加密："
                                            "拿到这台电脑或这个文件的人都能读出其中的数据。"
                                            "添加第一个用户后会自动加密。")
                           if not store.users() else translate("app", "此数据库由旧版本建立，还没有加密："
                                                                      "管理员登录一次就会加密"))
        warning.setStyleSheet("color: #c0392b; font-weight: bold;")
        window.statusBar().addPermanentWidget(warning)
    if screenshot:
        if getattr(args, "screen", None):
            place_window(window, None)  # as on a first start on that screen
        else:
            window.resize(1366, 768)
        window.show()
        # The page's list and rows, the counts and the status bar, read on the worker, are in
        # (an answer handled may have asked the worker for more).
        while window.worker.busy():
            window.worker.settle()
        # Once, before the event loop runs: lay out and paint so the grab has content.
        app.processEvents()
        if getattr(args, "screen", None):
            from desktop.ui.screen_shots import save_screen

            save_screen(window, screenshot)
        else:
            window.render_screenshot(screenshot)
        window.worker.stop()
        window.close()
        print(screenshot)
        return 0
    show_in_place(window, window_places(), kind)  # and remembered where it is closed
    window.ensure_search_index()
    run(window, window.worker, lambda s, _work: auto_backup(s),
        lambda path: path and window.statusBar().showMessage(
            translate("app", "已自动备份到 {0}").format(path), 8000),
        lambda exc: errors.log.warning("自动备份失败：%s", exc))
    code = app.exec()
    window.worker.stop()
    return code
