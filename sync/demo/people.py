"""Synthetic people for the demo villages, tests and benchmarks: names, valid ID numbers
(by construction), mobiles and the village's 村民小组."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from forms.identifiers import id_check_char

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于"
    "杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙"
    "黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉梅林海燕云飞鹏辉春"
    "花德福贵兴旺文武成龙凤琴雪丹萍亮斌宇浩宏波"
)
GROUPS = [f"{n}组" for n in "一二三四五六七八"]


def make_id_number(area: str, birth: dt.date, sex: str, rng: random.Random) -> str:
    seq = rng.randrange(0, 50) * 2 + (1 if sex == "男" else 0)
    seq = seq if seq else 2
    first17 = f"{area[:6]}{birth:%Y%m%d}{rng.randrange(0, 10)}{seq:02d}"
    return first17 + id_check_char(first17)


def random_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def random_birth(rng: random.Random, youngest: int, oldest: int, today: dt.date) -> dt.date:
    age_days = rng.randrange(youngest * 366, oldest * 365)
    return today - dt.timedelta(days=age_days)


def random_person(rng: random.Random, area: str, today: dt.date, youngest: int = 18,
                  oldest: int = 70, sex: str | None = None) -> dict[str, Any]:
    sex = sex or rng.choice(("男", "女"))
    birth = random_birth(rng, youngest, oldest, today)
    return {"姓名": random_name(rng), "性别": sex, "id": make_id_number(area, birth, sex, rng),
            "birth": birth}


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"
