"""Roles hold in the core for every operation, sync ones included (issue 13, "Roles everywhere").

Each operation is driven through the core as each role (管理员, 填报员, 查看). A role that may not
do it gets PermissionDenied and the database is unchanged to the byte (every table but the
import log) and no file is written; a role that may do it gets no refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from roles_support import NAMES, PASSWORD, Places
from support import TODAY, VILLAGE_CODE, person
from sync_support import data_digest

from sync.excel.roster_import import import_excel
from sync.exchange.exporter import export_package
from sync.exchange.identity import EnrollmentChange, enroll, enrolled_township, write_enrollment_file
from sync.exchange.importer import import_packages
from sync.exchange.installations import all_installations, retire_installation
from sync.exchange.township import enroll_village
from sync.store.store import Store
from sync.store.users import ACTIONS, ADMIN, CLERK, ROLES, VIEWER, PermissionDenied, User, refusal, require


def opened(path: Path, role: str) -> Store:
    store = Store.open(path)
    user = store.authenticate(NAMES[role], PASSWORD)
    assert user is not None and user.role == role
    store.user = user
    store.today = TODAY
    return store


def _first_record(store: Store) -> str:
    return store.records("committee_members", village=VILLAGE_CODE)[0]["uuid"]


# (what, township database?, the operation, roles that may do it)
Operation = Callable[[Store, Places], Any]
OPERATIONS: list[tuple[str, bool, Operation, set[str]]] = [
    ("add", False, lambda s, p: s.add("committee_members", person(姓名="赵新", 公民身份号码="350322196801010121")),
     {ADMIN, CLERK}),
    ("edit", False, lambda s, p: s.edit(_first_record(s), {"联系电话": "13900000009"}), {ADMIN, CLERK}),
    ("delete", False, lambda s, p: s.delete(_first_record(s), "调离"), {ADMIN, CLERK}),
    ("import-excel", False, lambda s, p: import_excel(s, "committee_members", p.roster), {ADMIN, CLERK}),
    ("settings", False, lambda s, p: s.set_setting(next(iter(s.catalog.settings)),
                                                   s.settings()[next(iter(s.catalog.settings))]), {ADMIN}),
    ("enroll", False, lambda s, p: enroll(s, p.world.enrollment), {ADMIN, CLERK}),
    ("enroll-other-township", False, lambda s, p: enroll(s, p.other_enrollment, replace_township=True), {ADMIN}),
    ("export-package", False, lambda s, p: export_package(s, p.out, full=True), {ADMIN, CLERK}),
    ("import-return", False, lambda s, p: import_packages(s, [p.returns]), {ADMIN, CLERK}),
    ("recovery-request", False, lambda s, p: export_package(s, p.out, recovery_request=True), {ADMIN, CLERK}),
    ("add-user", False, lambda s, p: s.add_user("newcomer", CLERK, PASSWORD), {ADMIN}),
    ("import-package", True, lambda s, p: import_packages(s, [p.fresh]), {ADMIN, CLERK}),
    ("export-return", True, lambda s, p: export_package(s, p.out, for_village=VILLAGE_CODE, full=True),
     {ADMIN, CLERK}),
    ("write-enrollment", True, lambda s, p: write_enrollment_file(s, p.out), {ADMIN, CLERK}),
    ("enroll-village", True, lambda s, p: enroll_village(s, "350322111299", "新村"), {ADMIN, CLERK}),
    ("retire-installation", True,
     lambda s, p: retire_installation(s, all_installations(s)[0].installation_id, "电脑已损坏"), {ADMIN}),
    ("add-choice", True, lambda s, p: s.add_choice_value("干部来源", "乡镇推荐"), {ADMIN}),
    ("edit-village-record", True, lambda s, p: s.edit(_first_record(s), {"联系电话": "13900000008"}), {ADMIN}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("what", "township", "operation", "allowed"), OPERATIONS,
                         ids=[o[0] for o in OPERATIONS])
def test_each_operation_as_each_role(places: Places, what: str, township: bool, operation: Operation,
                                     allowed: set[str], role: str) -> None:
    db = places.world.township if township else places.world.village
    before = data_digest(db)
    store = opened(db, role)
    try:
        if role in allowed:
            result = operation(store, places)
            ok = getattr(result, "ok", True)
            assert ok, f"{what} as {role}: {result}"
        else:
            with pytest.raises(PermissionDenied) as refused:
                operation(store, places)
            # The reason names the role (user administration keeps its own wording: users.py).
            assert "只有管理员" in str(refused.value)
            assert what == "add-user" or f"（{role}）不能" in str(refused.value)
    finally:
        store.close()
    if role not in allowed:
        assert data_digest(db) == before, f"{what} as {role} changed the database"
        assert list(places.out.iterdir()) == [], f"{what} as {role} wrote a file"


def test_every_action_has_a_check_in_the_core() -> None:
    """Each action in the table is refused to a viewer except what a viewer may do (nothing that writes)."""
    viewer = User("v", VIEWER)
    for action in ACTIONS:
        assert refusal(viewer, action) is not None
        with pytest.raises(PermissionDenied):
            require(viewer, action)
    admin = User("a", ADMIN)
    assert all(refusal(admin, action) is None for action in ACTIONS)


def test_changing_the_township_needs_a_confirmation_naming_both(places: Places) -> None:
    village = places.world.village
    before = data_digest(village)
    with opened(village, ADMIN) as store:
        with pytest.raises(EnrollmentChange) as asked:
            enroll(store, places.other_enrollment)
        text = str(asked.value)
        assert "榜头镇" in text and "石门镇" in text and "350322111" in text and "350322112" in text
        assert data_digest(village) == before
        result = enroll(store, places.other_enrollment, replace_township=True)
        assert result.replaced is not None and result.replaced.township_name == "榜头镇"
        link = enrolled_township(store)
        assert link is not None and link.township_name == "石门镇"


def test_a_clerk_may_enroll_again_with_the_same_township_but_not_change_it(places: Places) -> None:
    village = places.world.village
    with opened(village, CLERK) as store:
        assert enroll(store, places.world.enrollment).replaced is None  # the same file again: no change
        before = data_digest(village)
        with pytest.raises(PermissionDenied, match="更换本村注册的乡镇"):
            enroll(store, places.other_enrollment, replace_township=True)
        assert data_digest(village) == before

