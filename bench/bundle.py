"""Size and start-up time of the frozen bundle built by packaging/build.sh.

    packaging/build.sh && .venv/bin/python bench/bundle.py [--runs 5] [--bundle dist/cunwu]

Size: bytes on disk (``du``), apparent bytes, files, and the largest parts. Start-up, each
measured ``--runs`` times in fresh processes (median and worst reported):
- ``cunwu --version``: the bootloader, Python and the command-line parser, no Qt;
- ``cunwu --selftest``'s own figure "start to visible main window": process start, imports,
  QApplication with its font and translations, MainWindow on a database, shown (offscreen);
- ``cunwu gui --screenshot``: a whole run of the window on the demo village, from exec to exit
  (includes rendering the screenshot and shutting down).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def du_bytes(path: Path) -> int:
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0]) * 1024


def size_report(bundle: Path) -> list[str]:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    apparent = sum(p.stat().st_size for p in files)
    lines = [f"bundle {bundle}: {du_bytes(bundle) / 2**20:.0f} MiB on disk, "
             f"{apparent / 2**20:.0f} MiB apparent, {len(files)} files"]
    internal = bundle / "_internal"
    parts = {
        "ICU (libicu*)": list(internal.rglob("libicu*")),
        "Qt libraries (libQt6*)": list(internal.rglob("libQt6*")),
        "PySide6 + shiboken6 bindings": [p for p in internal.rglob("*.abi3.so*")
                                         if "cryptography" not in str(p)],
        "Qt plugins": list(internal.rglob("plugins/*/*")),
        "Qt translations": list(internal.rglob("translations/*.qm")),
        "cryptography": list((internal / "cryptography").rglob("*")),
        "Python (libpython, lib-dynload, base_library.zip)": [
            *internal.glob("libpython*"), *(internal / "python3.11").rglob("*"),
            *internal.glob("base_library.zip")],
        "pypinyin dictionaries": list((internal / "pypinyin").rglob("*")),
        "other system libraries": [p for p in internal.glob("lib*.so*")
                                   if not p.name.startswith(("libQt6", "libicu", "libpython", "libpyside",
                                                             "libshiboken"))],
    }
    for name, paths in parts.items():
        total = sum(p.stat().st_size for p in paths if p.is_file() and not p.is_symlink())
        lines.append(f"  {name}: {total / 2**20:.1f} MiB")
    return lines


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout


def summary(name: str, values: list[float]) -> str:
    return f"{name}: median {statistics.median(values):.2f} s, worst {max(values):.2f} s ({len(values)} runs)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "cunwu")
    args = parser.parse_args()
    exe = args.bundle / "cunwu"
    if not exe.exists():
        sys.exit(f"{exe} not found: run packaging/build.sh first")
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    for line in size_report(args.bundle):
        print(line)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="cunwu-bench-") as name:
        tmp = Path(name)
        timed([str(exe), "demo", str(tmp / "demo.db")], env, tmp)
        # One untimed window run builds the demo's search index, as a clerk's first start would.
        timed([str(exe), "gui", "--db", str(tmp / "demo.db"), "--screenshot", str(tmp / "s.png")], env, tmp)
        version, window, gui = [], [], []
        for _ in range(args.runs):
            version.append(timed([str(exe), "--version"], env, tmp)[0])
            out = timed([str(exe), "--selftest"], env, tmp)[1]
            found = re.search(r"start to visible main window: ([0-9.]+) s", out)
            if found is None:
                sys.exit(f"no start-up figure in the self-test's report:\n{out}")
            window.append(float(found.group(1)))
            gui.append(timed([str(exe), "gui", "--db", str(tmp / "demo.db"), "--screenshot",
                              str(tmp / "s.png")], env, tmp)[0])
    print(summary("cunwu --version (wall)", version))
    print(summary("start to visible main window (--selftest, from process start)", window))
    print(summary("cunwu gui --screenshot on the demo village (wall, exec to exit)", gui))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
