#!/usr/bin/env bash
# Create the environment, install Legevakt and open the app on a bundled sample district.
# The install runs once (and again when pyproject.toml changes), so a later start needs no
# network.
set -euo pipefail
project="${1:-samples/interkommunal.legevakt.json}"
# a project path given relative to where the script was started from, not to the repository
if [ $# -gt 0 ] && [ -e "$1" ]; then project="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; fi
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
stamp=".venv/.legevakt-installed"
wanted="$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest())')"
if [ ! -x .venv/bin/legevakt ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e .
  echo "$wanted" > "$stamp"
fi
exec .venv/bin/legevakt gui "$project"
