#!/usr/bin/env bash
# The ctest test abi.compat: compares the freshly built libkalkyl.so with the
# committed baseline (capi/abi/, written by scripts/update-abi-baseline.sh).
#
#   scripts/check-abi.sh <baseline.abi> <libkalkyl.so>
#
# The library is dumped with scripts/abi-dump.sh, exactly as the baseline
# was, and the two dumps are compared with abidiff.
#
# abidiff's exit status is a bit field: 1 error, 2 usage error, 4 ABI change,
# 8 incompatible ABI change. Bit 8 is only set for changes libabigail knows to
# be incompatible (a function removed); a changed parameter type or struct
# layout sets bit 4 alone, which libabigail documents as "may or may not be
# compatible: a human must review". For a stable ABI the policy is:
#   - an error, or bit 8: FAIL;
#   - bit 4 where everything is an addition (a second abidiff run with
#     --no-added-syms finds nothing): PASS, with the report, as a reminder to
#     update the baseline in the release that adds them;
#   - bit 4 with anything else (a signature, struct or enum changed): FAIL.
#     A deliberate change that abidiff cannot prove compatible (kalkyl_format
#     growing at its end) is reviewed and recorded by updating the baseline
#     with scripts/update-abi-baseline.sh in the same commit.
# Exit 77 (ctest's SKIP_RETURN_CODE) only when abidiff is not installed.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 <baseline.abi> <libkalkyl.so>" >&2
  exit 2
fi
baseline=$1
lib=$2
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v abidiff >/dev/null 2>&1; then
  echo "abi.compat: SKIPPED: abidiff is not installed (Debian: apt-get install abigail-tools)"
  exit 77
fi
if [ ! -f "$baseline" ]; then
  echo "abi.compat: no baseline $baseline; write it with scripts/update-abi-baseline.sh" >&2
  exit 1
fi

if ! command -v abidw >/dev/null 2>&1; then
  echo "abi.compat: FAILED: abidiff is installed but abidw is not" >&2
  exit 1
fi
current=$(mktemp)
trap 'rm -f "$current"' EXIT
"$here/abi-dump.sh" "$lib" "$current" || exit 1

echo "abi.compat: abidiff $baseline <dump of $lib>"
abidiff --no-show-locs "$baseline" "$current"
status=$?

if [ $((status & 3)) -ne 0 ]; then
  echo "abi.compat: FAILED: abidiff could not compare (exit status $status)" >&2
  exit 1
fi
if [ $status -eq 0 ]; then
  echo "abi.compat: the C ABI matches the baseline."
  exit 0
fi
if [ $((status & 8)) -eq 0 ]; then
  abidiff --no-added-syms --no-show-locs "$baseline" "$current" >/dev/null
  without_additions=$?
  if [ $without_additions -eq 0 ]; then
    echo "abi.compat: compatible additions to the C ABI (above): passed."
    echo "  Record them in the baseline with scripts/update-abi-baseline.sh in the release that adds them."
    exit 0
  fi
  if [ $((without_additions & 3)) -ne 0 ]; then
    echo "abi.compat: FAILED: abidiff could not compare (exit status $without_additions)" >&2
    exit 1
  fi
fi
echo "abi.compat: FAILED: the C ABI CHANGED (see above): a function, struct or enum of ABI 1 is not" >&2
echo "  what programs linked against libkalkyl.so.1 were built with. Undo the change, or add a new" >&2
echo "  function instead of changing an old one. Only a reviewed change that is compatible although" >&2
echo "  abidiff cannot prove it may update the baseline (scripts/update-abi-baseline.sh)." >&2
exit 1
