"""Masking personal numbers where full numbers were not asked for (PIPL).

A field declares its mask in its definition (``mask = "id"`` on 公民身份号码 and 证件号码,
``mask = "phone"`` on 联系电话); ``mask_text`` is the one function that applies it. Lists,
the record viewer, the history, the printed book, Excel exports, conflicts and the
township's merged registers all reach it through ``Field.masked`` / ``Field.shown``.
"""

from __future__ import annotations

from collections.abc import Callable

from forms.identifiers import mask_id, mask_phone

MASKS: dict[str, Callable[[str], str]] = {"id": mask_id, "phone": mask_phone}


def mask_text(mask: str | None, text: str) -> str:
    """``text`` as shown under ``mask`` (a name of ``MASKS``); unchanged without one."""
    if not mask or not text:
        return text
    return MASKS[mask](text)
