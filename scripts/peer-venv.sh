#!/usr/bin/env bash
# Creates, once, a throw-away virtual environment holding the pinned peers that
# `corroborate bench extraction` and `corroborate bench clustering` compare against, and prints
# the path of its python.
#
#   scripts/peer-venv.sh                          # trafilatura, in target/peer-venv
#   scripts/peer-venv.sh clustering               # scikit-learn and datasketch, same venv
#   CORROBORATE_PEER_VENV=/tmp/venv scripts/peer-venv.sh
#
# Later runs reuse the venv; each kind of peer is installed the first time it is asked for. Only
# the python path goes to standard output; pip's messages and errors go to standard error.
# Delete the folder to start over.
set -euo pipefail

# The newest releases on PyPI when this was written (`pip index versions <name>`).
TRAFILATURA_VERSION=2.3.1
# jusText, which trafilatura imports, needs lxml.html.clean; lxml 6.1 no longer ships it nor
# offers the `html_clean` extra that jusText asks for, so it is installed by name.
LXML_HTML_CLEAN_VERSION=0.4.6
SCIKIT_LEARN_VERSION=1.9.1
DATASKETCH_VERSION=2.0.0
NUMPY_VERSION=2.4.6
SCIPY_VERSION=1.17.1

kind="${1:-extraction}"
case "$kind" in
  extraction)
    packages=("trafilatura==$TRAFILATURA_VERSION" "lxml_html_clean==$LXML_HTML_CLEAN_VERSION")
    imports="import trafilatura"
    stamp_name=".installed-trafilatura-$TRAFILATURA_VERSION-lxml_html_clean-$LXML_HTML_CLEAN_VERSION"
    ;;
  clustering)
    packages=("scikit-learn==$SCIKIT_LEARN_VERSION" "datasketch==$DATASKETCH_VERSION"
      "numpy==$NUMPY_VERSION" "scipy==$SCIPY_VERSION")
    imports="import sklearn, datasketch, numpy, scipy"
    stamp_name=".installed-scikit_learn-$SCIKIT_LEARN_VERSION-datasketch-$DATASKETCH_VERSION-numpy-$NUMPY_VERSION-scipy-$SCIPY_VERSION"
    ;;
  *)
    echo "peer-venv: unknown peer kind '$kind' (expected extraction or clustering)" >&2
    exit 2
    ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${CORROBORATE_PEER_VENV:-target/peer-venv}"
case "$venv" in
  /*) ;;
  *) venv="$root/$venv" ;;
esac
python="$venv/bin/python"
# Written only after a successful install, so a half-done install is retried.
stamp="$venv/$stamp_name"

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
  echo "peer-venv: installing ${packages[*]} from PyPI" >&2
  "$python" -m pip install --quiet --disable-pip-version-check "${packages[@]}" >&2 || {
    echo "peer-venv: pip could not install ${packages[*]} into $venv" >&2
    exit 1
  }
  "$python" -c "$imports" >&2 || {
    echo "peer-venv: ${packages[*]} installed but do not import" >&2
    exit 1
  }
  touch "$stamp"
fi
echo "$python"
