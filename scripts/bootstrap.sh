# Sourced by scripts/start and scripts/test: installs the locked environment into .venv/.
# Needs only Python 3.11+ with pip; uv and Node.js (for the NL Design System stylesheets)
# come from PyPI, so a fresh machine needs nothing installed by hand.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
UV_VERSION="$(sed -n '/^name = "uv"$/{n;s/^version = "\(.*\)"$/\1/p;}' uv.lock)"
UV_HOME="$ROOT/.cache/uv-bootstrap"
UV="$UV_HOME/bin/uv"

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "ksdesk needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))" >&2; exit 1; }

if [ ! -x "$UV" ] || [ "$("$UV" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  echo "==> installing uv $UV_VERSION"
  # --target keeps uv out of the system Python (and out of PEP 668's way).
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --upgrade --target "$UV_HOME" "uv==$UV_VERSION"
fi

# System libraries two dependencies need: PyICU (under the OpenSanctions name libraries) is
# compiled against ICU, and WeasyPrint (PDF reports) draws text with Pango.
missing_system_packages() {
  local wanted=()
  command -v pkg-config >/dev/null 2>&1 && pkg-config --exists icu-i18n 2>/dev/null \
    || wanted+=(pkg-config libicu-dev)
  command -v g++ >/dev/null 2>&1 || wanted+=(g++)
  "$PYTHON" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
    || wanted+=(python3-dev)
  ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || wanted+=(libpango-1.0-0 libpangoft2-1.0-0)
  echo "${wanted[@]}"
}
SYSTEM_PACKAGES="$(missing_system_packages)"
if [ -n "$SYSTEM_PACKAGES" ]; then
  echo "==> installing system packages: $SYSTEM_PACKAGES"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $SYSTEM_PACKAGES >/dev/null
fi

export UV_PYTHON_DOWNLOADS=never
export UV_PROJECT_ENVIRONMENT="$ROOT/.venv"

sync_environment() {
  echo "==> installing the locked Python dependencies into .venv/"
  # Bytecode is written at install time: where PYTHONDONTWRITEBYTECODE is set, every process
  # would otherwise compile each module it imports again (seconds per CLI call or server start).
  "$UV" sync --frozen --compile-bytecode --python "$PYTHON" "$@"
  "$ROOT/.venv/bin/python" -m compileall -q "$ROOT/src"
  echo "==> installing the NL Design System stylesheets (npm ci)"
  "$ROOT/.venv/bin/npm" ci --no-audit --no-fund --loglevel=error
}
