# Sourced by start.sh and test.sh: make .venv and install the workbench into it.
# Reinstalls only when pyproject.toml changes. Shows one line per package as it goes;
# pip's full output is kept in .venv/install.log (and shown if the install fails).
set -euo pipefail
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setting up .venv with $("$PYTHON" --version 2>&1)" >&2
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.synthesis-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)

_pip_with_progress() {
  # Runs pip, printing a numbered line per package it fetches; its whole output goes to the log.
  local log=.venv/install.log
  : >"$log"
  .venv/bin/python -m pip "$@" --progress-bar off >"$log" 2>&1 &
  local pid=$! n=0 seen=0
  while kill -0 "$pid" 2>/dev/null; do
    n=$(grep -c '^Collecting ' "$log" 2>/dev/null || true)
    n=${n:-0}
    if [ "$n" -gt "$seen" ]; then
      grep '^Collecting ' "$log" | sed -n "$((seen + 1)),${n}p" | while read -r _ what _; do
        echo "  fetched ${what%%[<>=!~;[]*}" >&2  # the package's name, without the versions asked for
      done
      seen=$n
    fi
    if grep -q '^Installing collected packages' "$log" && [ ! -e .venv/.unpacking ]; then
      echo "  installing them into .venv (the longest step: a minute or two)..." >&2
      touch .venv/.unpacking
    fi
    sleep 1
  done
  rm -f .venv/.unpacking
  if ! wait "$pid"; then
    echo "the install failed; the end of pip's output (all of it is in $log):" >&2
    tail -n 30 "$log" >&2
    return 1
  fi
}

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "installing the workbench and what it needs (JupyterLab, spaCy, pandas ...): a few minutes the first time" >&2
  echo "  updating pip itself" >&2
  .venv/bin/python -m pip install --upgrade pip --progress-bar off >.venv/install.log 2>&1 \
    || { echo "updating pip failed; the end of its output:" >&2; tail -n 30 .venv/install.log >&2; return 1; }
  _pip_with_progress install -e ".[test]"
  echo "$want" > "$stamp"
  echo "installed. The 'synthesis' command is .venv/bin/synthesis; to type just 'synthesis', run:" >&2
  echo "  source .venv/bin/activate" >&2
fi

# The JupyterHub browser test needs configurable-http-proxy, the hub's proxy, from npm.
# test.sh asks for it (SYNTHESIS_HUB_PROXY=1); it goes into .venv/node, never globally.
if [ "${SYNTHESIS_HUB_PROXY:-0}" = 1 ] && [ ! -x .venv/node/node_modules/.bin/configurable-http-proxy ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "installing configurable-http-proxy into .venv/node for the JupyterHub test" >&2
    npm install --prefix .venv/node --no-fund --no-audit configurable-http-proxy >.venv/npm-install.log 2>&1 \
      || { echo "npm failed (see .venv/npm-install.log): the JupyterHub test will be skipped" >&2; }
  else
    echo "npm not found: the JupyterHub test will be skipped (apt-get install npm)" >&2
  fi
fi

# The browser tests check our widgets' accessibility with axe-core (MPL-2.0), injected into the
# page by Playwright; test.sh asks for it too: a pinned version, into .venv/node beside the proxy.
AXE_CORE_VERSION=4.14.1
if [ "${SYNTHESIS_HUB_PROXY:-0}" = 1 ] && command -v npm >/dev/null 2>&1 && ! grep -qs "\"version\": \"$AXE_CORE_VERSION\"" \
    .venv/node/node_modules/axe-core/package.json; then
  echo "installing axe-core $AXE_CORE_VERSION into .venv/node for the accessibility checks" >&2
  npm install --prefix .venv/node --no-fund --no-audit --save-exact "axe-core@$AXE_CORE_VERSION" \
    >.venv/npm-axe-install.log 2>&1 \
    || echo "npm failed (see .venv/npm-axe-install.log): the accessibility checks will be skipped" >&2
fi
