#!/usr/bin/env bash
# Creates, once, a throw-away virtual environment holding the pinned peer extractor that
# `corroborate bench extraction` compares against, and prints the path of its python.
#
#   scripts/peer-venv.sh                          # venv in target/peer-venv (below the repo root)
#   CORROBORATE_PEER_VENV=/tmp/venv scripts/peer-venv.sh
#
# Later runs reuse the venv. Only the python path goes to standard output; pip's messages and
# errors go to standard error. Delete the folder to start over.
set -euo pipefail

# The newest release on PyPI when this was written (`pip index versions trafilatura`).
TRAFILATURA_VERSION=2.3.1
# jusText, which trafilatura imports, needs lxml.html.clean; lxml 6.1 no longer ships it nor
# offers the `html_clean` extra that jusText asks for, so it is installed by name.
LXML_HTML_CLEAN_VERSION=0.4.6

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${CORROBORATE_PEER_VENV:-target/peer-venv}"
case "$venv" in
  /*) ;;
  *) venv="$root/$venv" ;;
esac
python="$venv/bin/python"
# Written only after a successful install, so a half-done install is retried.
stamp="$venv/.installed-trafilatura-$TRAFILATURA_VERSION-lxml_html_clean-$LXML_HTML_CLEAN_VERSION"

if [ ! -f "$stamp" ]; then
  if ! command -v python3 >/dev/null 2>&1; then
    echo "peer-venv: python3 is not on PATH" >&2
    exit 1
  fi
  if [ ! -x "$python" ]; then
    echo "peer-venv: creating $venv" >&2
    python3 -m venv "$venv" >&2 || {
      echo "peer-venv: 'python3 -m venv' failed (on Debian, install the python3-venv package)" >&2
      exit 1
    }
  fi
  echo "peer-venv: installing trafilatura==$TRAFILATURA_VERSION from PyPI" >&2
  "$python" -m pip install --quiet --disable-pip-version-check \
    "trafilatura==$TRAFILATURA_VERSION" "lxml_html_clean==$LXML_HTML_CLEAN_VERSION" >&2 || {
    echo "peer-venv: pip could not install trafilatura==$TRAFILATURA_VERSION into $venv" >&2
    exit 1
  }
  "$python" -c "import trafilatura" >&2 || {
    echo "peer-venv: trafilatura==$TRAFILATURA_VERSION installed but does not import" >&2
    exit 1
  }
  touch "$stamp"
fi
echo "$python"
