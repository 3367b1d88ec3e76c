#!/usr/bin/env bash
# Build the Linux one-folder bundle dist/cunwu/ (executables dist/cunwu/cunwu and its console
# twin dist/cunwu/cunwu-cli, which matters on Windows) from a clone.
# Creates or updates .venv (dev and build extras), bakes the version in, runs PyInstaller,
# then checks that every bundled library resolves and reports the size and build time.
# Options: CUNWU_TRIM=0 builds without trimming (to measure what trimming saves).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
# PyInstaller reads shared libraries with objdump (binutils), and so does the spec's trimming.
if ! command -v objdump >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends binutils >/dev/null
  else
    echo "缺少 objdump：请先安装 binutils（Debian/Ubuntu：sudo apt-get install binutils）" >&2
    exit 1
  fi
fi
source ./scripts/venv.sh
ensure_venv
# The build extra (PyInstaller) on top of the dev environment, reinstalled when pyproject changes.
stamp=.venv/.installed-build-from
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet -e '.[dev,build]'
  echo "$want" > "$stamp"
fi
echo "构建 cunwu $(.venv/bin/python -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')（负载：$(cut -d' ' -f1-3 /proc/loadavg)）"
rm -rf dist/cunwu
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/cunwu.spec

# Every shared library in the bundle must find its dependencies inside the bundle or on the
# system (a plugin whose library was trimmed away would fail only when Qt loads it).
# libcups is the one allowed absence: without CUPS the print plugin is skipped and the
# program prints to PDF only.
internal=dist/cunwu/_internal
missing=$(find "$internal" -name '*.so*' -type f -print0 |
  LD_LIBRARY_PATH="$internal:$internal/PySide6/Qt/lib" xargs -0 -n 50 ldd 2>/dev/null |
  grep 'not found' | grep -v 'libcups\.so' | sort -u || true)
if [ -n "$missing" ]; then
  echo "打包错误：以下依赖库缺失：" >&2
  echo "$missing" >&2
  exit 1
fi
cp packaging/linux/cunwu.desktop packaging/linux/install.sh desktop/resources/cunwu.png dist/cunwu/

# Portable mode end to end: with the marker file beside the program, the self-test writes a
# database, its backup and a log into dist/cunwu/data and checks they are there.
touch dist/cunwu/cunwu-portable.txt
if ! QT_QPA_PLATFORM=offscreen dist/cunwu/cunwu --selftest > build/selftest-portable.txt 2>&1; then
  cat build/selftest-portable.txt >&2
  echo "打包错误：便携模式自检失败" >&2
  exit 1
fi
grep -q "便携模式 portable: .*dist/cunwu/data" build/selftest-portable.txt ||
  { cat build/selftest-portable.txt >&2; echo "打包错误：便携模式未生效" >&2; exit 1; }
rm -rf dist/cunwu/cunwu-portable.txt dist/cunwu/data

# The console executable is the same program: it answers as the window one does.
if [ "$(dist/cunwu/cunwu-cli --version)" != "$(dist/cunwu/cunwu --version)" ]; then
  echo "打包错误：cunwu-cli 与 cunwu 的版本不一致" >&2
  exit 1
fi
echo "完成：dist/cunwu（$(du -sh dist/cunwu | cut -f1)，$(find dist/cunwu -type f | wc -l) 个文件），用时 $(( $(date +%s) - started )) 秒"
