"""The question asked before trusting a further PC of a village marks the PCs already retired."""

from __future__ import annotations

from desktop.ui.exchange.import_dialog import installation_question
from sync.exchange.installations import Installation
from sync.exchange.township import NewInstallation


def _pc(fp: str, retired_at: str | None = None) -> Installation:
    return Installation("a" * 32, "350322111202", b"k" * 32, b"e" * 32, fp, "range", "2026-01-01", "2026-01-02",
                        1, 1, retired_at=retired_at, retired_by="admin" if retired_at else None,
                        retired_reason="电脑损坏" if retired_at else None)


def test_retired_pcs_are_marked_in_the_question(qapp) -> None:
    question = NewInstallation("b" * 32, "350322111202", "东山村", "NEW1-NEW2-NEW3-NEW4",
                               (_pc("OLD1-OLD1-OLD1-OLD1", "2026-10-01T09:00:00+08:00"), _pc("LIVE-LIVE-LIVE-LIVE")))
    text = installation_question(question)
    assert "OLD1-OLD1-OLD1-OLD1（已停用）" in text
    assert "LIVE-LIVE-LIVE-LIVE（已停用）" not in text and "LIVE-LIVE-LIVE-LIVE" in text
    assert "NEW1-NEW2-NEW3-NEW4" in text
