"""The demo generator never dates anything after its today, whatever the seed (issue 11: ``cunwu demo
DB --volunteers 2500 --seed 4`` stopped at an award dated a month ahead)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.model import catalog
from forms.types import as_partial_date
from sync.demo.village import (
    award_day,
    build_demo,
    last_election,
    random_birth,
    registration_day,
    service_day,
)
from sync.store.store import Store

TODAYS = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2040, 12, 31))


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), today=TODAYS, minor=st.booleans())
def test_a_volunteers_dates_are_never_after_today(seed: int, today: dt.date, minor: bool) -> None:
    rng = random.Random(seed)
    birth = random_birth(rng, 16 if minor else 18, 17 if minor else 72, today)
    registered = registration_day(rng, birth, today)
    assert birth < registered <= today
    for _ in range(6):
        assert registered < service_day(rng, registered, today) <= today
    assert registered <= award_day(registered, today) <= today


@given(today=TODAYS)
def test_the_election_is_the_latest_round_not_after_today(today: dt.date) -> None:
    election = last_election(today)
    assert election <= today
    assert election == dt.date(2026, 3, 18) or election.replace(year=election.year + 5) > today


def _dates_after(store: Store, today: dt.date) -> list[str]:
    late = []
    for reg in catalog().ordered(include_profile=True):
        fields = [f for f in reg.input_fields if f.type_name in ("date", "yearmonth")]
        for rec in store.records(reg.key):
            for f in fields:
                value = as_partial_date(rec.get(f.name))
                if value is not None and value.first > today:
                    late.append(f"{reg.name}·{f.name}={rec[f.name]}")
    return late


@pytest.mark.slow
def test_the_reported_seed_builds_and_every_stored_date_is_in_the_past(tmp_path: Path) -> None:
    today = dt.date(2026, 12, 4)  # the day the crash was reported: an award on 2026-12-07
    with build_demo(tmp_path / "demo.db", volunteers=2500, seed=4, today=today) as store:
        assert store.count("volunteers") == 2500
        assert _dates_after(store, today) == []


def test_many_seeds_and_days_build_small_demos(tmp_path: Path) -> None:
    for seed in range(12):
        today = dt.date(2026, 3, 19) + dt.timedelta(days=97 * seed)  # from the day after an election on
        with build_demo(tmp_path / f"demo{seed}.db", volunteers=60, seed=seed, today=today) as store:
            assert _dates_after(store, today) == []
            assert store.count("volunteer_awards") == 2
