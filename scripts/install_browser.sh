#!/usr/bin/env bash
# Install what the browser tests and bench/report_html.py need: Debian's headless
# Chromium (+ chromedriver) and Playwright's Python package. Playwright's own browser
# download ("playwright install") is never used: it fetches binaries from outside the
# package registries, so the tests launch /usr/bin/chromium through executable_path.
set -euo pipefail

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [ -x "$here/.venv/bin/python" ]; then PY="$here/.venv/bin/python"; else PY="$(command -v python3)"; fi
fi

if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
fi
/usr/bin/chromium --version

if ! "$PY" -c "import playwright" 2>/dev/null; then
  "$PY" -m pip install -q "playwright>=1.40"
fi
"$PY" -c "import playwright, importlib.metadata as m; print('playwright', m.version('playwright'))"
