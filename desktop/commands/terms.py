"""换届 on the command line: ``cunwu term-close DB --term 第十届 --date 2026-03-18``."""

from __future__ import annotations

import argparse

from desktop.commands import Subcommands
from desktop.commands.common import CommandError, open_store
from desktop.commands.stats import parse_day
from forms.tenure import ELECTION_REASON
from sync.store.term_close import close_term, open_terms


def register(sub: Subcommands) -> None:
    p = sub.add_parser("term-close", help="换届：把某一届次的在任两委成员标为离任（一次完成）")
    p.add_argument("db")
    p.add_argument("--term", help="届次，如 第十届；不填时列出在任成员的届次")
    p.add_argument("--date", help="离任日期 YYYY-MM-DD（新一届就职之日）")
    p.add_argument("--reason", default=ELECTION_REASON, help=f"离任原因（默认 {ELECTION_REASON}）")
    p.add_argument("--village", help="乡镇数据库中指明村（12位代码）")
    p.set_defaults(func=cmd_term_close)


def cmd_term_close(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        if args.term is None:
            terms = open_terms(store, args.village)
            if not terms:
                print("没有在任的两委成员")
            for term, n in terms:
                print(f"{term or '（未填届次）'}：在任 {n} 人")
            return 0
        day = parse_day(args.date, "--date")
        if day is None:
            raise CommandError("请用 --date 给出离任日期（YYYY-MM-DD）")
        done = close_term(store, args.term, day, args.reason.strip(), args.village)
        print(f"{done.term}：{len(done.names)} 人已标为离任（{done.reason}，{done.day.isoformat()}）："
              + "、".join(done.names))
        print("新一届成员请用 cunwu import-excel 导入选举结果名册，或逐一新增")
    return 0
