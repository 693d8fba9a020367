#!/usr/bin/env bash
# Qt (even offscreen) needs a few system libraries that a bare Debian/Ubuntu machine may lack,
# and a minimal image may lack Python's venv module. Install only what is missing, and only
# where we can (root + apt-get); elsewhere say what to do.
set -euo pipefail
libs=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0 fonts-dejavu-core)
# a real window (Qt's xcb platform plugin) needs these as well
libs+=(libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
       libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xfixes0 libxcb-xkb1)
if ! command -v dpkg-query >/dev/null 2>&1; then
  python3 -c 'import ensurepip' 2>/dev/null \
    || echo "Python lacks its venv module (ensurepip): install it (python3-venv or similar)" >&2
  echo "Not Debian/Ubuntu: Qt 6 needs EGL/GL, fontconfig, xkbcommon and dbus, and for a" \
       "window the xcb libraries including xcb-cursor; install them with your package manager." >&2
  exit 0
fi
missing=()
for pkg in "${libs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "These system packages are needed: ${missing[*]} (install them with your package manager)" >&2
fi
