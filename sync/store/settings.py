"""A database's settings: the thresholds marked *setting* in the definitions (defaults in
``forms/definitions/settings.toml``), as changed by an administrator. ``Database.settings``
reads them; ``Store.set_setting`` checks a new value here, stores it and recomputes."""

from __future__ import annotations

import json
from typing import Any

from forms.model import Catalog
from sync.store import driver
from sync.store.errors import StoreError


def read_settings(conn: driver.Connection, cat: Catalog) -> dict[str, Any]:
    """Every setting: the stored value, or the definition's default."""
    values = cat.setting_defaults()
    for row in conn.execute("SELECT key, value FROM settings"):
        if row["key"] in values:
            values[row["key"]] = json.loads(row["value"])
    return values


def checked_setting(cat: Catalog, key: str, value: Any) -> Any:
    """``value`` as the setting ``key`` stores it, or StoreError naming what is wrong."""
    spec = cat.settings.get(key)
    if spec is None:
        raise StoreError(f"没有名为“{key}”的设置")
    if spec.type in ("int", "decimal"):
        number = float(value)
        if (spec.min is not None and number < spec.min) or (spec.max is not None and number > spec.max):
            raise StoreError(f"{spec.label}：应在 {spec.min:g} 到 {spec.max:g} 之间")
        value = int(number) if spec.type == "int" else number
    elif spec.type == "int_list":
        value = [int(v) for v in value]
        if value != sorted(value):
            raise StoreError(f"{spec.label}：应从小到大排列")
    return value
