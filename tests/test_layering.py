"""forms/ and sync/ import without Qt; headless commands never load Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BLOCK_QT = textwrap.dedent(
    """
    import importlib.abc, sys
    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6"):
                raise ImportError("PySide6 is blocked in this test")
            return None
    sys.meta_path.insert(0, BlockQt())
    """
)


def modules_of(package: str) -> list[str]:
    folder = ROOT / package
    names = [package]
    for info in pkgutil.walk_packages([str(folder)], prefix=f"{package}."):
        names.append(info.name)
    return names


def test_forms_and_sync_import_with_pyside6_unavailable() -> None:
    names = modules_of("forms") + modules_of("sync")
    assert "sync.store.store" in names and "forms.validation" in names
    code = BLOCK_QT + "import importlib\n" + "".join(f"importlib.import_module({n!r})\n" for n in names)
    code += "assert not any(m.startswith('PySide6') for m in sys.modules)\nprint('ok')\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_headless_commands_do_not_load_qt(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    code = BLOCK_QT + textwrap.dedent(
        f"""
        from desktop.cli import main
        assert main(["init", {str(db)!r}, "--village-code", "350322111202", "--village-name", "东山村"]) == 0
        assert main(["check-id", "11010519491231002X"]) == 0
        assert main(["list", {str(db)!r}, "volunteers", "--json"]) == 0
        assert not any(m.startswith("PySide6") for m in sys.modules)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
