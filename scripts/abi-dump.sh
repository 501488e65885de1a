#!/usr/bin/env bash
# Writes the ABI dump of a libkalkyl.so: the one abidw invocation shared by
# scripts/update-abi-baseline.sh (the committed baseline) and
# scripts/check-abi.sh (the ctest test abi.compat), so that both sides of the
# comparison are made the same way.
#
#   scripts/abi-dump.sh <libkalkyl.so> <out.abi>
#
# Stable across rebuilds and checkouts: no corpus path, no compilation
# directory, no source locations (line numbers move with every comment), type
# ids by hash, and the translation unit's path relative to the repository.
# Only the exported interfaces (the kalkyl_* functions: capi/kalkyl.map) and
# the types they reach are dumped.
#
# Deliberately NOT --headers-dir: without locations in the dump, abidiff's
# header-based private-type suppression treats every type as private and
# silently filters real changes (kalkyl_dec growing from 24 to 32 bytes
# passed that way).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 <libkalkyl.so> <out.abi>" >&2
  exit 2
fi
lib=$1
out=$2
src=$(cd "$(dirname "$0")/.." && pwd)

if ! readelf -S --wide "$lib" | grep -q '\.debug_info'; then
  echo "abi-dump: $lib has no debug info; abidw needs a build with -g (RelWithDebInfo or Debug)" >&2
  exit 1
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
abidw --no-corpus-path --no-comp-dir-path --no-show-locs --type-id-style hash \
  --exported-interfaces-only --out-file "$tmp" "$lib"
sed -e "s|path='$src/|path='|g" "$tmp" >"$out"
