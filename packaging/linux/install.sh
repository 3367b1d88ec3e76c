#!/usr/bin/env bash
# Install this Cunwu folder for the current user (no root): the program into
# ~/.local/opt/cunwu, the command ~/.local/bin/cunwu, the menu entry and its icon.
# Run from the unpacked folder: ./install.sh   (./install.sh --remove takes it away again;
# the data in ~/.local/share/Cunwu is kept either way).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${XDG_DATA_HOME:-$HOME/.local/share}
target=$HOME/.local/opt/cunwu
if [ "${1:-}" = "--remove" ]; then
  rm -rf "$target" "$HOME/.local/bin/cunwu" "$prefix/applications/cunwu.desktop" \
    "$prefix/icons/hicolor/256x256/apps/cunwu.png"
  echo "已卸载村务台账（数据保留在 $prefix/Cunwu）"
  exit 0
fi
if [ "$here" != "$target" ]; then
  rm -rf "$target.new"
  mkdir -p "$(dirname "$target")"
  cp -a "$here" "$target.new"
  rm -rf "$target"
  mv "$target.new" "$target"
fi
mkdir -p "$HOME/.local/bin" "$prefix/applications" "$prefix/icons/hicolor/256x256/apps"
ln -sfn "$target/cunwu" "$HOME/.local/bin/cunwu"
cp "$target/cunwu.png" "$prefix/icons/hicolor/256x256/apps/cunwu.png"
sed "s|^Exec=cunwu$|Exec=$target/cunwu|" "$target/cunwu.desktop" > "$prefix/applications/cunwu.desktop"
echo "已安装村务台账：$target（菜单“办公”中的“村务台账”，或命令 cunwu）"
