"""The ``cunwu`` command. With no arguments it opens the window; subcommands run headless.

Nothing here imports Qt: headless commands must start fast and run on a machine with no
display. Each module in ``desktop/commands`` adds its own subcommands, so features stay in
separate files (records, sync, Excel, statistics, GUI).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from desktop.commands import COMMAND_MODULES
from desktop.commands.common import CommandError, configure_output
from desktop.commands.login import add_login_option
from desktop.version import program_version


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cunwu",
        description="村务台账：村“两委”、村规民约、监委会、社会组织、志愿者登记与乡镇汇总",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {program_version()}")
    parser.add_argument("--selftest", action="store_true", help="自检（打包后的程序使用）")
    parser.add_argument("--portable", action="store_true", help="便携模式：数据保存在程序目录")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"desktop.commands.{name}")
        module.register(sub)
    for command in sub.choices.values():  # every command logs in the same way
        add_login_option(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        # A frozen build re-runs this entry point in import worker processes.
        import multiprocessing

        multiprocessing.freeze_support()
    configure_output()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.portable:
        import os

        os.environ["CUNWU_PORTABLE"] = "1"
    if args.selftest:
        from desktop.selftest import run_selftest

        return run_selftest()
    if args.command is None:
        from desktop.commands.gui import open_window

        return open_window(None)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
