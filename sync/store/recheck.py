"""Every rule again, for every current record and register of a village (``Store.check``), and
each record's error and warning counts written back."""

from __future__ import annotations

from collections.abc import Iterable

from forms.validation import Issue, check_register
from sync.store.database import Database
from sync.store.db_checks import Known, record_issues
from sync.store.record_context import record_context


def check(db: Database, village: str | None = None, registers: Iterable[str] | None = None) -> list[Issue]:
    """Every rule for every current record (and every register) of the village(s)."""
    villages = [village] if village else (db.villages() or [db.village_code or ""])
    # The profile too: its own rules (R-STATION) are checked like any register's.
    regs = ([db.catalog.register(r) for r in registers] if registers
            else db.catalog.ordered(include_profile=True))
    found: list[Issue] = []
    for code in villages:
        ctx = record_context(db, code)
        for reg in regs:
            records = db.records(reg.key, village=code)
            neighbours = Known.load(db.conn, db.catalog, code, [reg])
            counts: list[tuple[int, int, str]] = []
            for rec in records:
                rec_issues = record_issues(db.catalog, reg, rec, ctx, neighbours, rec["uuid"])
                # The register rule reports each duplicate once; the counts keep both twins.
                found.extend(_with_village([i for i in rec_issues if i.rule != "R-DUP"], code))
                n_err = sum(1 for i in rec_issues if i.severity == "error")
                counts.append((n_err, len(rec_issues) - n_err, rec["uuid"]))
            found.extend(check_register(reg, records, ctx, code))
            with db.transaction():
                db.conn.executemany(f'UPDATE "{reg.key}" SET _errors = ?, _warnings = ? WHERE uuid = ?',
                                    counts)
    return found


def _with_village(issues: list[Issue], village: str) -> list[Issue]:
    return [Issue(i.rule, i.severity, i.register, i.field, i.message, i.record, village) for i in issues]
