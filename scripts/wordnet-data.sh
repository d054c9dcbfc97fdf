#!/usr/bin/env bash
# Fetches, once, the WordNet 3.0 database that `corroborate train senses` reads (index.noun,
# data.noun, noun.exc, their verb counterparts and cntlist.rev) and `corroborate train
# propers` reads (data.noun and data.adj), from Debian's pinned `wordnet-base` package, and
# prints the folder that holds it.
#
#   scripts/wordnet-data.sh                        # into target/wordnet
#   corroborate train senses --data "$(scripts/wordnet-data.sh)" \
#     --output crates/claims/models/senses-en.tsv
#   corroborate train propers --data "$(scripts/wordnet-data.sh)" \
#     --output crates/claims/models/propers-en.tsv
#
# Only the folder goes to standard output. It needs apt-get and dpkg-deb (a Debian or Ubuntu
# machine; no root: the package is downloaded and unpacked, not installed). WordNet 3.0 is
# Princeton University's, under the WordNet licence, which the senses and proper-name files
# repeat. Nothing fetched is committed.
set -euo pipefail

# The version in Debian's stable release when this was written (`apt-cache policy wordnet-base`).
WORDNET_VERSION=1:3.0-37

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${CORROBORATE_WORDNET_DIR:-$root/target/wordnet}"
data="$dir/usr/share/wordnet"
stamp="$dir/.fetched-${WORDNET_VERSION//:/_}"
if [ ! -f "$stamp" ]; then
  for tool in apt-get dpkg-deb; do
    command -v "$tool" > /dev/null || {
      echo "wordnet-data.sh: $tool is needed to fetch Debian's wordnet-base package" >&2
      exit 1
    }
  done
  mkdir -p "$dir"
  (cd "$dir" && apt-get download "wordnet-base=$WORDNET_VERSION" >&2)
  dpkg-deb -x "$dir"/wordnet-base_*.deb "$dir"
  touch "$stamp"
fi
echo "$data"
