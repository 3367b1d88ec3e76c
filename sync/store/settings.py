"""A database's settings: the thresholds marked *setting* in the definitions (defaults in
``forms/definitions/settings.toml``), as changed by an administrator. ``Store.settings`` and
``Store.set_setting`` call these."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sync.store.errors import StoreError
from sync.store.users import SETTINGS, require

if TYPE_CHECKING:
    from sync.store.store import Store


def read_settings(store: Store) -> dict[str, Any]:
    """Every setting: the stored value, or the definition's default."""
    values = store.catalog.setting_defaults()
    for row in store.conn.execute("SELECT key, value FROM settings"):
        if row["key"] in values:
            values[row["key"]] = json.loads(row["value"])
    return values


def change_setting(store: Store, key: str, value: Any) -> None:
    """Administrators: check the value against the setting's definition, store it, recompute."""
    require(store.user, SETTINGS)
    spec = store.catalog.settings.get(key)
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
    with store.transaction():
        store.conn.execute(
            "INSERT OR REPLACE INTO settings(key, value, hlc, user) VALUES (?, ?, ?, ?)",
            (key, json.dumps(value), str(store.clock.now()), store.user.name),
        )
        store.recompute_all()  # computed fields read the settings
