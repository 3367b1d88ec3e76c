"""Export registers from a store as Excel rosters (``cunwu export-excel``).

One register, or every register of the village with one sheet each (村情概况 first). In a
township database: every village on one sheet per register with 村 and 村代码 columns,
or one village laid out exactly as the village itself would export it. References
(a service record's 志愿者, a revision's 上一版本) are written as the clerk knows them
— 姓名（证件号码） or the 名称 — so the file reads back into another database. ID numbers,
phones and codes are text cells (format ``@``), choice columns have their drop-down lists (on
a hidden sheet 选项), and every sheet prints on A4 landscape with its header on each page.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms.identifiers import division_code_problem
from forms.model import Register
from forms.roster.dropdowns import ChoiceLists
from forms.roster.write import (
    FIRST_DATA_ROW,
    ROW_VILLAGE_CODE,
    ROW_VILLAGE_NAME,
    SheetSpec,
    check_output,
    new_workbook,
    save_atomic,
    write_sheet,
)
from sync.progress import Cancelled, Progress, stopped
from sync.store.store import Store, StoreError
from sync.store.village_names import village_label_of, village_name

# Rows below the data that keep the drop-down lists, for records a clerk adds to the file.
SPARE_ROWS = 1000
# meta key of a user's last answer to "full or masked numbers?" (see docs/decisions.md)
FULL_IDS_META = "excel_export_full_ids:{0}"


@dataclass
class ExportResult:
    path: Path
    sheets: list[tuple[str, int]] = field(default_factory=list)  # (sheet, rows)

    def summary(self) -> str:
        parts = "，".join(f"{name} {n} 行" for name, n in self.sheets)
        return f"已导出到 {self.path}：{parts}"


def ref_label(name: str | None, person_id: str | None) -> str:
    """How a referenced person is named in a roster: 姓名（证件号码）, the number as shown."""
    if person_id:
        return f"{name or ''}（{person_id}）"
    return name or ""


def _ref_labels(store: Store, reg: Register, villages: list[str],
                full_ids: bool) -> dict[str, dict[str, str]]:
    """uuid -> text, per ref field of ``reg``."""
    out: dict[str, dict[str, str]] = {}
    for fld in reg.input_fields:
        if not fld.ref:
            continue
        target = store.catalog.registers[fld.ref]
        person = target.field(target.person_field) if target.person_field else None
        cols = [c for c in (target.title_field, target.person_field) if c]
        labels: dict[str, str] = {}
        for code in villages:
            quoted = ", ".join('"' + c + '"' for c in cols)
            sql = f'SELECT uuid, {quoted} FROM "{target.key}" WHERE _village = ?'
            for row in store.conn.execute(sql, (code,)):
                title = row[target.title_field] if target.title_field else None
                pid = row[person.name] if person is not None else None
                shown = person.shown(pid, full_ids) if person is not None and pid else None
                labels[row["uuid"]] = ref_label(title, shown)
        out[fld.name] = labels
    return out


def _villages(store: Store, village: str | None) -> list[str]:
    if village is not None:
        problem = division_code_problem(village, 12)
        if problem:
            raise StoreError(f"村代码“{village}”：{problem}")
    if not store.is_township:
        own = store.village_code or ""
        if village is not None and village != own:
            raise StoreError(f"本数据库是{village_label_of(store.conn, own)}的，没有村 {village} 的数据")
        return [own]
    known = store.villages()
    if village is not None:
        if village not in known:
            raise StoreError(f"乡镇数据库中没有村 {village} 的数据")
        return [village]
    if not known:
        raise StoreError("乡镇数据库中还没有任何村的数据")
    return known


def _rows_written(progress: Progress | None, sheet: str, rows: int) -> Callable[[int], None] | None:
    """The roster writer's count of rows written, told to ``progress`` as this sheet's progress."""
    if progress is None:
        return None

    def written(done: int) -> None:
        if stopped(progress, done, rows, f"正在导出 {sheet}…"):
            raise Cancelled("已取消导出，没有保存文件")

    return written


def export_excel(store: Store, out: str | os.PathLike[str], register: str | None = None, *,
                 full_ids: bool = False, village: str | None = None,
                 progress: Progress | None = None) -> ExportResult:
    """Write the roster(s) to ``out``. ``progress`` is told as rows go out; when it asks to stop,
    ``Cancelled`` is raised and no file is written."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise StoreError(f"导出文件须以 .xlsx 结尾：{out.name}")
    check_output(out)
    regs = ([store.catalog.register(register)] if register
            else store.catalog.ordered(include_profile=True))
    villages = _villages(store, village)
    many = len(villages) > 1
    names = {code: village_name(store.conn, code) or code for code in villages}
    if many:
        place = store.meta.get("township_name") or store.village_name
        unit_line = f"填报单位：{place}（{store.meta.get('township_code', '')}），{len(villages)}个村"
    else:
        code = villages[0]
        place = names[code]
        unit_line = f"填报单位：{place}（{code}）"
    day = store.reference_date()
    privacy = "身份证号、电话为完整号码，注意保密" if full_ids else "身份证号、电话已部分隐藏"
    wb = new_workbook()
    lists = ChoiceLists()
    result = ExportResult(out)
    try:
        for reg in regs:
            records: list[dict[str, Any]] = []
            labels = _ref_labels(store, reg, villages, full_ids)
            for code in villages:
                for rec in store.records(reg.key, village=code):
                    for name, table in labels.items():
                        if rec.get(name):
                            rec[name] = table.get(rec[name], rec[name])
                    rec[ROW_VILLAGE_NAME] = names[code]
                    rec[ROW_VILLAGE_CODE] = code
                    records.append(rec)
            info = (f"{unit_line}　　截至日期：{day.year}年{day.month}月{day.day}日　　"
                    f"共 {len(records)} {reg.unit}　　{privacy}")
            spec = SheetSpec(register=reg, sheet_name=reg.short, title=f"{place}{reg.name}登记表",
                             info=info, full_ids=full_ids, village_columns=many)
            written = _rows_written(progress, reg.short, len(records))
            if written is not None:
                written(0)  # a sheet of fewer rows than the writer counts in is stopped here
            ws = write_sheet(wb, spec, records, progress=written)
            # Drop-down lists on the choice columns, for the rows there and rows a clerk adds.
            lists.add_validations(ws, [reg.by_name[n] for n in reg.excel_columns], 4 if many else 2,
                                  FIRST_DATA_ROW, FIRST_DATA_ROW + len(records) + SPARE_ROWS - 1)
            result.sheets.append((reg.short, len(records)))
    except Cancelled:
        wb.save(io.BytesIO())  # closes the sheets begun (their temporary files go); nothing reaches ``out``
        raise
    options = lists.write_sheet(wb)
    save_atomic(wb, out, expect_sheets=[s for s, _ in result.sheets] + ([options] if options else []))
    return result


def remembered_full_ids(store: Store) -> bool | None:
    """What this user chose last time in this database: full numbers (True), masked (False),
    or None when they never exported."""
    # Read from the table, not the cached meta: another window of this database may have answered.
    row = store.conn.execute("SELECT value FROM meta WHERE key = ?",
                             (FULL_IDS_META.format(store.user.name),)).fetchone()
    return None if row is None else row[0] == "full"


def remember_full_ids(store: Store, full_ids: bool) -> None:
    """Keep the user's choice for the next export (local to this database, never sent)."""
    if remembered_full_ids(store) is not full_ids:
        store.set_meta(FULL_IDS_META.format(store.user.name), "full" if full_ids else "masked")
