#!/usr/bin/env bash
# ctest examples.c.*: builds a C example as a user of an installed kalkyl
# would, and runs it.
#
#   examples/run_installed_c.sh BUILD-DIR PROGRAM.c EXPECTED|- ARGS...
#
# Installs BUILD-DIR into a temporary prefix (as tests/consumer/run.sh does),
# compiles PROGRAM.c with `cc -std=c99 ... $(pkg-config --cflags --libs
# kalkyl)`, warnings as errors, and runs it with ARGS. The program's exit
# status is the test's. With EXPECTED (a published table, not "-"), its
# standard output must also be that table (examples/compare_published.py:
# equal, totals within rounding).
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 BUILD-DIR PROGRAM.c EXPECTED|- ARGS..." >&2
  exit 2
fi
build=$(cd "$1" && pwd)
program=$2
expected=$3
shift 3
work=$(mktemp -d "${TMPDIR:-/tmp}/kalkyl-example.XXXXXX")
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" ||
  { cat "$work/install.log" >&2; echo "cmake --install failed" >&2; exit 1; }
pc=$(find "$work/prefix" -name kalkyl.pc -print -quit)
[ -n "$pc" ] || { echo "kalkyl.pc was not installed" >&2; exit 1; }
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --cflags --libs kalkyl)
name=$(basename "$program" .c)
echo "${CC:-cc} -std=c99 $name.c $flags"
# shellcheck disable=SC2086  # the flags are words
"${CC:-cc}" ${CFLAGS:-} -std=c99 -Wall -Wextra -Wpedantic -Werror "$program" -o "$work/$name" \
  $flags ${LDFLAGS:-}

export LD_LIBRARY_PATH
LD_LIBRARY_PATH=$(dirname "$(dirname "$pc")")
if [ "$expected" = - ]; then
  exec "$work/$name" "$@"
fi
"$work/$name" "$@" >"$work/out.csv"
cat "$work/out.csv"
here=$(cd "$(dirname "$0")" && pwd)
"${PYTHON:-python3}" "$here/compare_published.py" "$expected" "$work/out.csv"
