#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then run the whole test suite.
# Used by the README and by .ci/run. Set LEGEVAKT_SLOW=1 for the long fuzz/solve runs too.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/ruff check .
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -q "$@"
