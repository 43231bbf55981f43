#!/usr/bin/env bash
# Set up the workbench and open the example review in JupyterLab.
# Extra arguments go to `synthesis lab` (e.g. --no-browser --port 8890).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
exec .venv/bin/synthesis lab --project . "$@"
