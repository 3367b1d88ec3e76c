"""What an import says it did: one result per package file, and the summary of them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.exchange.plan import Counts

ACCEPTED, DUPLICATE, REFUSED, SKIPPED = "accepted", "duplicate", "refused", "skipped"
# An accepted package that changed nothing because a newer one of its PC came first (its reason).
OUTDATED = "已过时（旧数据包，未改动）"
STATUS_ZH = {ACCEPTED: "已导入", DUPLICATE: "重复", REFUSED: "拒绝", SKIPPED: "跳过"}


@dataclass
class PackageResult:
    """What happened to one package file (one line of the import summary)."""

    path: Path
    status: str
    reason: str = ""
    package_id: str | None = None
    kind: str | None = None
    village: str | None = None
    village_name: str | None = None
    installation: str | None = None
    sequence: int | None = None
    created: str | None = None
    fingerprint: str | None = None
    pinned: str | None = None  # a new installation trusted by this import: range / enrolled / confirmed
    counts: Counts = field(default_factory=Counts)
    versions: int = 0
    receipt: Path | None = None
    receipt_problem: str | None = None
    file_sha256: str | None = None

    @property
    def outdated(self) -> bool:
        """Accepted, harmless, and changed nothing: an older package after a newer one."""
        return self.status == ACCEPTED and self.reason == OUTDATED

    def describe(self) -> str:
        who = f"{self.village_name or ''}（{self.village}）" if self.village else ""
        if self.outdated:
            text = (f"{OUTDATED} {self.path.name}：{who}序号 {self.sequence}：这台电脑更新的数据包已导入过，"
                    f"其中的 {self.counts.unchanged} 条记录本机都已有")
        elif self.status == ACCEPTED:
            c = self.counts
            text = (f"已导入 {self.path.name}：{who}序号 {self.sequence}：新增 {c.new}，更新 {c.updated}，"
                    f"未变 {c.unchanged}，删除 {c.deleted}，冲突 {c.conflicts}")
            if self.pinned:
                text += f"；首次收到这台电脑的数据包，已登记其密钥指纹 {self.fingerprint}"
        elif self.status == DUPLICATE:
            text = f"重复 {self.path.name}：{who}序号 {self.sequence} 已导入过，未做任何修改"
        elif self.status == SKIPPED:
            text = f"跳过 {self.path.name}：{self.reason}"
        else:
            text = f"拒绝 {self.path.name}：{self.reason}"
        if self.receipt_problem:
            text += f"（{self.receipt_problem}）"
        return text

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("counts", "path", "receipt")}
        out.update(path=str(self.path), receipt=str(self.receipt) if self.receipt else None,
                   **self.counts.__dict__, status_zh="已过时" if self.outdated else STATUS_ZH[self.status],
                   outdated=self.outdated, message=self.describe())
        return out


@dataclass
class ImportSummary:
    results: list[PackageResult] = field(default_factory=list)
    backup: Path | None = None
    cancelled: bool = False
    problem: str | None = None  # what stopped the import (a full disk), said after the packages

    @property
    def ok(self) -> bool:
        """True when no package was refused (duplicates and skips are fine) and nothing stopped the run."""
        return self.problem is None and not any(r.status == REFUSED for r in self.results)

    def totals(self) -> Counts:
        total = Counts()
        for r in self.results:
            if r.status == ACCEPTED:
                total.add(r.counts)
        return total

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)
