"""``cunwu retire-installation`` / ``cunwu reenable-installation``: the township stops (or resumes)
trusting one village PC, e.g. a PC that died and was replaced (``sync.exchange.township``)."""

from __future__ import annotations

import argparse

from desktop.commands import Subcommands
from desktop.commands.common import open_store


def register(sub: Subcommands) -> None:
    p = sub.add_parser("retire-installation",
                       help="乡镇：停用村里的一台电脑（如已损坏换新）：此后它的数据包一律拒绝，也不再给它返回数据包")
    p.add_argument("db")
    p.add_argument("installation", metavar="FINGERPRINT|INSTALLATION_ID",
                   help="这台电脑的密钥指纹或安装编号（cunwu villages 可查；短横线、大小写不限）")
    p.add_argument("--reason", required=True, metavar="原因", help="停用原因，记入操作日志")
    p.set_defaults(func=cmd_retire)
    p = sub.add_parser("reenable-installation", help="乡镇：重新启用已停用的村电脑")
    p.add_argument("db")
    p.add_argument("installation", metavar="FINGERPRINT|INSTALLATION_ID", help="这台电脑的密钥指纹或安装编号")
    p.add_argument("--reason", required=True, metavar="原因", help="重新启用的原因，记入操作日志")
    p.set_defaults(func=cmd_reenable)


def cmd_retire(args: argparse.Namespace) -> int:
    from sync.exchange.installations import installations_of, retire_installation
    from sync.store.village_names import village_label_of

    with open_store(args.db, args) as store:
        pc = retire_installation(store, args.installation, args.reason)
        village = village_label_of(store.conn, pc.village)
        print(f"已停用{village}的电脑（密钥指纹 {pc.fingerprint}）：此后它发来的数据包一律拒绝，"
              "也不再给它生成返回数据包；它以前发来的数据保留不变。")
        if not installations_of(store, pc.village, include_retired=False):
            print(f"注意：{village}已没有在用的电脑，待新电脑发来数据包并经确认后才能再给该村返回数据包。")
    return 0


def cmd_reenable(args: argparse.Namespace) -> int:
    from sync.exchange.installations import reenable_installation
    from sync.store.village_names import village_label_of

    with open_store(args.db, args) as store:
        pc = reenable_installation(store, args.installation, args.reason)
        print(f"已重新启用{village_label_of(store.conn, pc.village)}的电脑（密钥指纹 {pc.fingerprint}），"
              "它的数据包将照常导入。")
    return 0
