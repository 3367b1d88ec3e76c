"""The ``print-book`` command: the printed register book (台账) as a PDF file.

Qt is imported only when the command runs (fonts and PDF painting need it); building the
book's content and the argument checks come first, so mistakes are reported fast.
"""

from __future__ import annotations

import argparse

from desktop.commands import Subcommands
from desktop.commands.common import CommandError, open_store
from sync.reports.book import Book, BookError, build_book
from sync.store.store import Store


def register(sub: Subcommands) -> None:
    p = sub.add_parser("print-book", help="生成台账 PDF（封面、目录、各登记簿、签字栏，可直接打印装订）")
    p.add_argument("db")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="保存的 PDF 文件")
    p.add_argument("--register", help="只打印一个登记簿，如 committee_members 或 两委成员")
    p.add_argument("--village", metavar="CODE12", help="乡镇数据库：只打印某村（12位代码）；默认全部村")
    p.add_argument("--township", metavar="CODE9", help="区县数据库：只打印某乡镇的汇总（9位代码）")
    p.add_argument("--full-ids", action="store_true",
                   help="打印完整身份证号和电话（内部资料）；默认隐藏中间几位")
    p.set_defaults(func=cmd_print_book)


def cmd_print_book(args: argparse.Namespace) -> int:
    if not args.out.lower().endswith(".pdf"):
        raise CommandError(f"--out 应为 .pdf 文件，而不是“{args.out}”")
    with open_store(args.db, args) as store:
        try:
            if store.is_county and not args.village:
                book = county_book(store, args)
            elif args.township:
                raise CommandError("--township 只用于区县数据库的汇总台账（不与 --village 同用）")
            else:
                book = build_book(store, register=args.register, village=args.village,
                                  full_ids=args.full_ids)
        except BookError as exc:
            raise CommandError(str(exc)) from exc

    return write(book, args.out)


def county_book(store: Store, args: argparse.Namespace) -> Book:
    """A county prints its summaries; a village's registers only with --village (county_book.py)."""
    from sync.reports.county_book import build_county_book

    if args.register:
        raise CommandError("区县台账只打印汇总；打印某村的登记簿请同时指定 --village")
    return build_county_book(store, township=args.township, full_ids=args.full_ids)


def write(book: Book, out: str) -> int:
    from desktop.printing.fonts import FontMissing
    from desktop.printing.pdf import PdfError, write_book_pdf

    try:
        result = write_book_pdf(book, out)
    except (PdfError, FontMissing, OSError) as exc:
        raise CommandError(f"未能生成 {out}：{exc}") from exc
    if result.warning:
        print(f"注意：{result.warning}")
    print(f"已生成 {result.path}：共 {result.pages} 页，字体 {result.font.family}，{book.privacy}")
    return 0
