"""sync.store.townships: which township a county's village belongs to now, and which two reported it."""
from __future__ import annotations

from pathlib import Path

from sync.store.store import Store
from sync.store.townships import Report, current_townships, reported_by_two, township_names, villages_of


def county(tmp_path: Path, rows: list[tuple[str, str, str, str]]) -> Store:
    store = Store.create_county(tmp_path / "c.db", "350322", "仙游县")
    with store.transaction() as conn:
        conn.executemany("INSERT INTO townships(code, name) VALUES (?, ?)",
                         [("350322112", "枫亭镇"), ("350322111", "榜头镇"), ("350322113", None)])
        conn.executemany("INSERT INTO village_townships VALUES (?, ?, ?, ?)", rows)
    return store


def test_a_village_belongs_to_the_township_that_reported_it_last(tmp_path: Path) -> None:
    with county(tmp_path, [
        ("350322111201", "350322111", "2026-01-01T08:00:00", "2026-05-01T08:00:00"),
        ("350322111201", "350322112", "2026-06-01T08:00:00", "2026-09-01T08:00:00"),  # moved
        ("350322111202", "350322112", "2026-01-01T08:00:00", "2026-04-01T08:00:00"),
        ("350322111202", "350322111", "2026-01-01T08:00:00", "2026-04-01T08:00:00"),  # a tie: lower code
        ("350322111203", "350322111", "2026-01-01T08:00:00", "2026-04-01T08:00:00"),
    ]) as store:
        assert current_townships(store.conn) == {"350322111201": "350322112", "350322111202": "350322111",
                                                 "350322111203": "350322111"}
        assert villages_of(store.conn, "350322111") == ["350322111202", "350322111203"]
        assert township_names(store.conn) == {"350322111": "榜头镇", "350322112": "枫亭镇",
                                              "350322113": "350322113"}
        assert reported_by_two(store.conn) == {
            "350322111201": [Report("350322112", "2026-06-01T08:00:00", "2026-09-01T08:00:00"),
                             Report("350322111", "2026-01-01T08:00:00", "2026-05-01T08:00:00")],
            "350322111202": [Report("350322111", "2026-01-01T08:00:00", "2026-04-01T08:00:00"),
                             Report("350322112", "2026-01-01T08:00:00", "2026-04-01T08:00:00")],
        }


def test_an_empty_county_has_no_townships(tmp_path: Path) -> None:
    with Store.create_county(tmp_path / "c.db", "350322", "仙游县") as store:
        assert current_townships(store.conn) == {} == reported_by_two(store.conn) == township_names(store.conn)
