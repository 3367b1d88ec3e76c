"""Everything about one package that needs no database: verify, decrypt, parse, plan.

``prepare`` is a plain function of picklable arguments so the importer can run it in a
worker process for the next packages while the main process writes the current one.
It never raises for a bad package: it returns a ``Refusal`` with the Chinese reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.model import catalog
from sync.keys import encryption_private_key_from_bytes
from sync.package_file import PackageInfo, SyncFileError, read_package
from sync.payload import Payload, PayloadError, check_schema_version, in_package, parse_payload
from sync.plan import EMPTY, Plan, make_plan


@dataclass(frozen=True)
class Refusal:
    reason: str


@dataclass
class Prepared:
    info: PackageInfo  # the verified header, signer and file digest (payload not kept)
    payload: Payload
    fresh_plan: Plan | None = None  # the plan for a village the database has never seen
    # With a fresh plan the versions are left out (they are in the plan's rows), which halves
    # what a worker process sends back; the importer reads them again if it cannot use the plan.
    versions_dropped: bool = False


@dataclass(frozen=True)
class PlanInputs:
    """What a plan depends on besides the package: the same in every process."""

    settings: Mapping[str, Any]
    today: dt.date
    with_index: bool


def prepare(path: str | Path, recipient_private: bytes, plan_inputs: PlanInputs | None = None
            ) -> Prepared | Refusal:
    """Verify and decrypt a package completely and parse its payload.

    With ``plan_inputs``, also plan it as if the database held nothing of its village.
    """
    path = Path(path)
    try:
        package = read_package(path, encryption_private_key_from_bytes(recipient_private))
        check_schema_version(package.header["schema_version"], path.name)
        payload = parse_payload(package.payload, package.header, catalog(), path.name)
        info = PackageInfo(package.path, package.header, package.signer_public_bytes, package.file_sha256)
        plan = None
        if plan_inputs is not None:
            try:
                plan = make_plan(payload.versions, EMPTY, village=payload.village, cat=catalog(),
                                 settings=plan_inputs.settings, today=plan_inputs.today,
                                 with_index=plan_inputs.with_index)
            except PayloadError as exc:
                raise in_package(exc, path.name) from exc
    except SyncFileError as exc:
        return Refusal(str(exc))
    if plan is not None:
        payload.versions = []
        return Prepared(info, payload, plan, versions_dropped=True)
    return Prepared(info, payload)
