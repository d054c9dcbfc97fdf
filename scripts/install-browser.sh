#!/usr/bin/env bash
# Installs what the browser tests drive: Chromium and chromedriver, from Debian's packages.
# Runs apt-get as root, or through sudo when there is one.
set -euo pipefail
if command -v chromedriver >/dev/null 2>&1 && { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }; then
  echo "chromium and chromedriver are installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no apt-get here; install Chromium and a matching chromedriver by hand and put them on PATH" >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
    echo "error: installing Chromium needs root (or sudo)" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq || echo "warning: apt-get update failed; trying the package lists there are" >&2
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver
chromedriver --version
