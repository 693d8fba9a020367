#!/usr/bin/env bash
# Create the environment, install Legevakt and open the app on a bundled sample district.
set -euo pipefail
project="${1:-samples/interkommunal.legevakt.json}"
# a project path given relative to where the script was started from, not to the repository
if [ $# -gt 0 ] && [ -e "$1" ]; then project="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; fi
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/legevakt gui "$project"
