"""Guard against PySide6 6.12.0's lost reference to None (Python 3.11 aborts with
``Fatal Python error: none_dealloc`` once enough ``data()`` overrides have returned None).
Run in a child process, because the failure is an abort, not an exception."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import version

CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication

    class Model(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else 10
        def columnCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else 10
        def data(self, index, role=Qt.DisplayRole):
            return None

    app = QApplication([])
    model = Model()
    index = model.index(1, 1)
    before = sys.getrefcount(None)
    for _ in range(200_000):
        model.data(index, Qt.ToolTipRole)          # a Python call
        index.data(Qt.ToolTipRole)                  # through Qt's C++ side, as views do
    after = sys.getrefcount(None)
    # A healthy build keeps None's reference count steady; the broken one loses one per call.
    print(before - after)
    """
)


def test_pinned_pyside6_version() -> None:
    assert version("PySide6-Essentials") == "6.11.3"


def test_data_returning_none_does_not_leak_none_references() -> None:
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""}, timeout=300)
    assert result.returncode == 0, f"child aborted: {result.stderr[-2000:]}"
    assert int(result.stdout.strip().splitlines()[-1]) < 1000
