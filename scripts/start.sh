#!/usr/bin/env bash
# Create the environment, install Legevakt and open the app on a bundled sample district.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/legevakt gui "${1:-samples/interkommunal.legevakt.json}"
