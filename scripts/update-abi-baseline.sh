#!/usr/bin/env bash
# Writes capi/abi/libkalkyl.so.<ABI>.abi: the ABI baseline that the ctest test
# abi.compat (scripts/check-abi.sh) compares every build of libkalkyl.so with.
#
#   scripts/update-abi-baseline.sh [build-dir]
#
# Uses build-dir (default build/abi-baseline), configuring it first when it is
# not configured yet, as an optimised build with debug info (RelWithDebInfo);
# abidw reads the DWARF. A sanitizer build or one without debug info is
# refused. Run it when a release adds to the ABI on purpose, and commit the
# result with the change; an incompatible change needs a new ABI major version
# (KALKYL_ABI_VERSION in CMakeLists.txt and capi/kalkyl.h), not a new baseline
# for the old one.
#
# The dump is made by scripts/abi-dump.sh, which says how it is kept stable.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$src/build/abi-baseline"}

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKALKYL_BUILD_TESTS=OFF -DKALKYL_BUILD_BENCH=OFF -DKALKYL_BUILD_EXAMPLES=OFF
fi
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
build_type=$(cache_value CMAKE_BUILD_TYPE)
if [ "$(cache_value KALKYL_SANITIZE)" = "ON" ]; then
  echo "update-abi-baseline: $build is a sanitizer build; use an optimised build (RelWithDebInfo)" >&2
  exit 2
fi
case "$build_type" in
  RelWithDebInfo) ;;
  Debug) echo "update-abi-baseline: note: $build is a Debug build; RelWithDebInfo is the reference" >&2 ;;
  *) echo "update-abi-baseline: $build is a '$build_type' build without debug info; abidw needs -g" \
          "(configure it with -DCMAKE_BUILD_TYPE=RelWithDebInfo)" >&2
     exit 2 ;;
esac

cmake --build "$build" --target kalkyl_shared -j2

lib="$build/libkalkyl.so"
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
out="$src/capi/abi/$soname.abi"
mkdir -p "$src/capi/abi"
"$src/scripts/abi-dump.sh" "$lib" "$out"
echo "update-abi-baseline: wrote ${out#"$src"/} from $lib ($(grep -c '<elf-symbol ' "$out") functions)"
