# Sourced by start.sh and test.sh: make .venv and install the workbench into it.
# Reinstalls only when pyproject.toml changes.
set -euo pipefail
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setting up .venv (first run installs JupyterLab, spaCy and friends: a few minutes)" >&2
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.synthesis-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  echo "$want" > "$stamp"
fi
