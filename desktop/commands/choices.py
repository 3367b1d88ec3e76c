"""``cunwu choices``: the effective choice lists of a database, and a township adding to them."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.commands import Subcommands
from desktop.commands.common import CommandError, open_store, print_json


def register(sub: Subcommands) -> None:
    p = sub.add_parser("choices",
                       help="列出选项列表（代码表）；乡镇管理员可添加选项和别名，随返回数据包发到各村")
    p.add_argument("db")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--list", dest="only", metavar="列表", help="只列出这个选项列表")
    p.add_argument("--add", nargs="+", metavar="列表=值", default=[],
                   help="添加选项，如 服务类别=心理疏导（可写多个）")
    p.add_argument("--alias", nargs="+", metavar="列表=别名:值", default=[],
                   help="添加别名，如 服务类别=心理咨询:心理疏导（导入花名册时“心理咨询”即为“心理疏导”）")
    p.set_defaults(func=cmd_choices)


def _split(item: str, what: str, example: str) -> tuple[str, str]:
    name, sep, rest = item.partition("=")
    if not sep or not name.strip() or not rest.strip():
        raise CommandError(f"{what}的格式应为 {example}，而不是“{item}”")
    return name.strip(), rest.strip()


def cmd_choices(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        for item in args.add:
            name, value = _split(item, "--add", "列表=值")
            added = store.add_choice_value(name, value)
            print(f"已在“{added.list}”中添加选项“{added.text}”")
        for item in args.alias:
            name, rest = _split(item, "--alias", "列表=别名:值")
            alias, sep, value = rest.replace("：", ":").rpartition(":")
            if not sep:
                raise CommandError(f"--alias 的格式应为 列表=别名:值，而不是“{item}”")
            added = store.add_choice_alias(name, alias, value)
            print(f"已在“{added.list}”中添加别名“{added.text}”（即“{added.value}”）")
        if args.add or args.alias:
            return 0
        lists = describe(store, args.only)
        if args.json:
            print_json(lists)
            return 0
        for item in lists:
            print(_text(item))
        if any(item["added_values"] or item["added_aliases"] for item in lists):
            print("（* 为乡镇添加）")
    return 0


def describe(store: Any, only: str | None = None) -> list[dict[str, Any]]:
    """Each effective list: values, aliases, which were added (who, when) and where it is used."""
    cat = store.catalog
    if only is not None and only.strip() not in cat.choices:
        raise CommandError(f"没有名为“{only}”的选项列表，可用：{'、'.join(cat.choices)}")
    added: dict[tuple[str, str, str], Any] = {(a.list, a.kind, a.text): a for a in store.choice_additions()}
    out = []
    for name, lst in cat.choices.items():
        if only is not None and name != only.strip():
            continue
        used = [f"{reg.short}·{fld.name}" for reg, fld in cat.fields_using(name)]
        out.append({
            "name": name, "fixed": lst.fixed, "used_by": used, "values": list(lst.values),
            "aliases": dict(lst.aliases),
            "added_values": [_who(added.get((name, "value", v)), value=v) for v in lst.added_values],
            "added_aliases": [_who(added.get((name, "alias", a)), alias=a, value=lst.aliases[a])
                              for a in lst.added_aliases],
        })
    return out


def _who(row: Any, **what: str) -> dict[str, str]:
    return {**what, "user": row.user if row else "", "at": row.added_at if row else ""}


def _text(item: dict[str, Any]) -> str:
    mine = {a["value"] for a in item["added_values"]}
    mine_aliases = {a["alias"] for a in item["added_aliases"]}
    head = item["name"] + ("（固定）" if item["fixed"] else "")
    if item["used_by"]:
        head += f"  用于：{'、'.join(item['used_by'])}"
    lines = [head, "  选项：" + "、".join(v + ("*" if v in mine else "") for v in item["values"])]
    if item["aliases"]:
        lines.append("  别名：" + "、".join(f"{a}→{v}" + ("*" if a in mine_aliases else "")
                                          for a, v in item["aliases"].items()))
    return "\n".join(lines)
