#!/usr/bin/env bash
# Fetches, once, the names of the countries in other languages that `corroborate train places
# --countries DIR` reads: the ISO 3166-1 table (`iso3166-1.json`) and its translations
# (`<language>/LC_MESSAGES/iso3166-1.mo`, the Debian iso-codes project's, LGPL-2.1-or-later)
# for the languages below, from the pinned `pycountry` wheel on PyPI, and prints the folder
# that holds them.
#
#   scripts/country-names.sh                       # into target/country-names
#   corroborate train places --data "$(scripts/geonames-data.sh)" \
#     --countries "$(scripts/country-names.sh)" --output crates/claims/models/places-en.tsv
#
# Only the folder goes to standard output. Nothing fetched is committed.
set -euo pipefail

# The newest release on PyPI when this was written (`pip index versions pycountry`).
PYCOUNTRY_VERSION=26.2.16
# Languages written in the Latin alphabet that news is often written in.
LANGUAGES="af ca cs cy da de es et eu fi fil fr ga gl hr hu id is it lt lv ms nb_NO nl pl pt pt_BR ro sk sl sq sv sw tr vi"

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${CORROBORATE_COUNTRY_NAMES_DIR:-$root/target/country-names}"
if [ ! -f "$dir/.fetched-$PYCOUNTRY_VERSION" ]; then
  mkdir -p "$dir"
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    "pycountry==$PYCOUNTRY_VERSION" -d "$dir" >&2
  python3 - "$dir" "$PYCOUNTRY_VERSION" $LANGUAGES <<'PY' >&2
import os, sys, zipfile
folder, version, languages = sys.argv[1], sys.argv[2], sys.argv[3:]
wheel = f"{folder}/pycountry-{version}-py3-none-any.whl"
with zipfile.ZipFile(wheel) as archive:
    with open(os.path.join(folder, "iso3166-1.json"), "wb") as out:
        out.write(archive.read("pycountry/databases/iso3166-1.json"))
    for language in languages:
        member = f"pycountry/locales/{language}/LC_MESSAGES/iso3166-1.mo"
        target = os.path.join(folder, language, "LC_MESSAGES")
        os.makedirs(target, exist_ok=True)
        with open(os.path.join(target, "iso3166-1.mo"), "wb") as out:
            out.write(archive.read(member))
PY
  touch "$dir/.fetched-$PYCOUNTRY_VERSION"
fi
echo "$dir"
