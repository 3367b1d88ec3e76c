"""The preview of a township's upward export (报区县), in the export dialog's terms.

Only glue over the core, run on the window's worker: the county's receipts already on the stick
are read first (``read_receipts``, as ``export_upward`` does), then ``preview_upward`` says per
village what the county has not acknowledged; the dialog shows it per register like a
village's export. ``sync.exchange.stick.plan_export`` does the same for the other packages; this
belongs next to it once the upward export settles (h17c is changing ``export_upward``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sync.exchange.county import county_link
from sync.exchange.exporter import ExportPreview, preview_upward, read_receipts
from sync.exchange.payload import record_counts
from sync.exchange.stick import ExportPlan, NotEnrolled, register_counts
from sync.store.store import Store


@dataclass
class UpwardPlan(ExportPlan):
    villages: int = 0  # packages the export will write: one per village with something new


def plan_upward(store: Store, folder: Path | None, *, full: bool = False) -> UpwardPlan:
    """Read the county's receipts in ``folder`` (if it is there), then what would go up now."""
    link = county_link(store) if store.is_township else None
    if link is None:
        raise NotEnrolled("本乡镇尚未导入区县的注册文件")  # the dialog says where to import it
    receipts = read_receipts(store, folder) if folder is not None and folder.is_dir() else []
    by_village = preview_upward(store, full=full)
    versions = [v for rows in by_village.values() for v in rows]
    counts = record_counts(versions)
    preview = ExportPreview(link.target, f"{link.county_name}（{link.county_code}）", full, versions,
                            counts=counts)
    return UpwardPlan(preview, receipts, register_counts(store, counts), villages=len(by_village))
