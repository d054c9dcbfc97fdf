#!/usr/bin/env bash
# Fetches, once, the 1990 US Census name files that `corroborate train persons` reads
# (dist.male.first, dist.female.first, dist.all.last), from the pinned `names` package on PyPI,
# and prints the folder that holds them.
#
#   scripts/census-names.sh                        # into target/census-names
#   corroborate train persons --data "$(scripts/census-names.sh)" \
#     --output crates/claims/models/persons-en.tsv
#
# Only the folder goes to standard output. The name files are US Census Bureau data (public
# domain); the package that packs them is MIT-licensed. Nothing fetched is committed.
set -euo pipefail

# The newest release on PyPI when this was written (`pip index versions names`).
NAMES_VERSION=0.3.0

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${CORROBORATE_CENSUS_NAMES_DIR:-$root/target/census-names}"
data="$dir/names-$NAMES_VERSION/names"
if [ ! -f "$dir/.fetched-$NAMES_VERSION" ]; then
  mkdir -p "$dir"
  python3 -m pip download --quiet --no-deps --no-binary=:all: \
    "names==$NAMES_VERSION" -d "$dir" >&2
  python3 - "$dir" "$NAMES_VERSION" <<'PY' >&2
import sys, tarfile
folder, version = sys.argv[1], sys.argv[2]
with tarfile.open(f"{folder}/names-{version}.tar.gz") as archive:
    for name in ("dist.male.first", "dist.female.first", "dist.all.last"):
        member = archive.getmember(f"names-{version}/names/{name}")
        archive.extract(member, folder, filter="data")
PY
  touch "$dir/.fetched-$NAMES_VERSION"
fi
echo "$data"
