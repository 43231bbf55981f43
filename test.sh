#!/usr/bin/env bash
# Set up the workbench and run every test: unit, property, doctests and notebooks.
# Extra arguments go to pytest (e.g. -m "not slow", or a single test file).
set -euo pipefail
cd "$(dirname "$0")"
SYNTHESIS_HUB_PROXY=${SYNTHESIS_HUB_PROXY:-1} source scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
