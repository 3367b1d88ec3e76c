"""The ``gui`` command. Qt is imported only when the window is really opened."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from desktop.commands import Subcommands
from desktop.display import display_available, use_offscreen_screen


def register(sub: Subcommands) -> None:
    p = sub.add_parser("gui", help="打开窗口")
    p.add_argument("--db", help="数据库文件（默认为用户数据目录中的 cunwu.db）")
    p.add_argument("--register", help="打开时显示的登记簿")
    p.add_argument("--screenshot", metavar="FILE.png", help="以1366×768渲染窗口、保存截图后退出")
    p.add_argument("--screen", metavar="WxH", type=screen_size,
                   help="截图时模拟的屏幕尺寸（物理像素，如 1024x768）：窗口按首次启动的方式放在这个屏幕上")
    p.add_argument("--scale", type=float, default=1.0, help="截图时的屏幕缩放比例（如 1.5 即 150%%）")
    p.add_argument("--user", help="用户名（截图时使用；有用户的数据库，密码从环境变量 CUNWU_PASSWORD 读取）")
    p.set_defaults(func=lambda args: open_window(args))


def screen_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().replace("×", "x").partition("x")
    if not (sep and width.isdigit() and height.isdigit() and int(width) >= 640 and int(height) >= 480):
        raise argparse.ArgumentTypeError(
            f"屏幕尺寸应写成 宽x高（物理像素，至少 640x480），例如 1366x768：{text}")
    return int(width), int(height)


def open_window(args: argparse.Namespace | None) -> int:
    screenshot = getattr(args, "screenshot", None)
    screen = getattr(args, "screen", None)
    if screenshot and screen:
        # Before Qt starts: an offscreen screen of that size at that scaling.
        folder = Path(tempfile.mkdtemp(prefix="cunwu-screen-"))
        use_offscreen_screen(screen, getattr(args, "scale", 1.0), folder)
    elif screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not display_available():
        print("没有可用的图形显示（DISPLAY 未设置）。在没有显示器的机器上请使用：xvfb-run ./run",
              file=sys.stderr)
        return 3
    try:
        from desktop.app import run_app
    except ImportError as exc:
        print(f"窗口程序不可用：{exc}", file=sys.stderr)
        return 4
    return run_app(args)
