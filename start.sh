#!/usr/bin/env bash
# Set up the workbench and open the example review in JupyterLab (Ctrl+C stops it).
# Extra arguments go to `synthesis lab` (e.g. --no-browser --port 8890).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
echo "opening the example review in JupyterLab (Ctrl+C stops it and its kernels)" >&2
echo "in another terminal, 'source .venv/bin/activate' puts the 'synthesis' command on your PATH" >&2
exec .venv/bin/synthesis lab --project . "$@"
