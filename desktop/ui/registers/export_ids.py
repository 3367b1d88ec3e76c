"""The question before an Excel export: full ID numbers and phones, or partly hidden ones.

Both answers have a cost the clerk should weigh each time: a masked roster cannot be imported
again to update records (the numbers no longer name anyone), a full one carries personal data
protected by the 个人信息保护法. The last answer is the default next time (per user and
database, ``sync.excel.roster_export.remembered_full_ids``), so Enter repeats it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.ui.widgets.i18n import translate

MASKED_EXAMPLE = "3503**********0021、138****5678"


def question_box(parent: QWidget | None, default_full: bool | None) -> tuple[QMessageBox, dict[object, bool]]:
    """The message box (not shown) and what each of its answer buttons means."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("export_ids", "导出 Excel 花名册"),
                      translate("export_ids", "身份证号和联系电话怎样导出？"),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("export-ids-question")
    box.setInformativeText(translate(
        "export_ids",
        "<p><b>部分隐藏</b>（如 {0}）：适合打印、张贴、上报。"
        "这样的文件<b>不能再导入</b>来修改记录：号码不全，程序对不上人。</p>"
        "<p><b>完整号码</b>：改好后可以再导入本程序，更新记录。文件含个人信息，受《个人信息保护法》保护："
        "只在需要时导出，妥善保管，不要在微信群等处随意传播。</p>"
        "<p>下次导出时默认按这次的选择。</p>").format(MASKED_EXAMPLE))
    masked = box.addButton(translate("export_ids", "部分隐藏"), QMessageBox.ButtonRole.AcceptRole)
    full = box.addButton(translate("export_ids", "完整号码"), QMessageBox.ButtonRole.AcceptRole)
    masked.setObjectName("export-ids-masked")
    full.setObjectName("export-ids-full")
    cancel = box.addButton(translate("export_ids", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(cancel)
    box.setDefaultButton(full if default_full else masked)
    return box, {masked: False, full: True}


def ask_full_ids(parent: QWidget | None, default_full: bool | None) -> bool | None:
    """True for full numbers, False for masked ones, None when the clerk cancelled."""
    box, meaning = question_box(parent, default_full)
    box.exec()
    return meaning.get(box.clickedButton())
