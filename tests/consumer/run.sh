#!/usr/bin/env bash
# ctest install.consumer: installs a build of kalkyl into a temporary prefix
# and builds and runs programs against it as an outside project would:
#   1. CMake, find_package(kalkyl): a C program on kalkyl::kalkyl (shared) and
#      a C++ program on kalkyl::kalkyl_static with <kalkyl/kalkyl.hpp>;
#   2. pkg-config: cc consumer.c $(pkg-config --cflags --libs kalkyl).
# Also checks that nothing installed asks the consumer for Boost (it is a
# private build dependency of the library).
#
#   tests/consumer/run.sh <build-dir> [config]
#
# CC, CXX, CFLAGS, CXXFLAGS and LDFLAGS are passed on to the consumer builds
# (the sanitizer build sets the -fsanitize flags there).
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 <build-dir> [config]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
config=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kalkyl-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cc=${CC:-cc}
cxx=${CXX:-c++}

fail() {
  echo "install.consumer: FAILED: $*" >&2
  exit 1
}

echo "== install $build into a temporary prefix"
cmake --install "$build" --prefix "$prefix" ${config:+--config "$config"} >"$work/install.log" ||
  { cat "$work/install.log"; fail "cmake --install"; }
pc=$(find "$prefix" -name kalkyl.pc -print -quit)
[ -n "$pc" ] || fail "kalkyl.pc was not installed"
libdir=$(dirname "$(dirname "$pc")")
[ -f "$prefix/include/kalkyl.h" ] || fail "kalkyl.h was not installed"
[ -f "$prefix/include/kalkyl/kalkyl.hpp" ] || fail "kalkyl/kalkyl.hpp was not installed"

echo "== nothing installed needs Boost"
if grep -rIlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](boost|Eigen)/' "$prefix/include"; then
  fail "the installed headers above include Boost or Eigen, which consumers need not have"
fi
if grep -rIil 'boost' "$libdir/cmake" "$libdir/pkgconfig"; then
  fail "the installed package files above refer to Boost, which consumers need not have"
fi

expected_c="kalkyl $(sed -n 's/^#define KALKYL_VERSION "\(.*\)"$/\1/p' "$prefix/include/kalkyl.h") (C): 5,4 tkr"
expected_cpp="${expected_c% (C)*} (C++): 123 464 / 22 939 = 5,4 tkr"

echo "== CMake consumer (find_package)"
cmake -S "$here" -B "$work/cmake" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure the consumer"; }
grep -q "$prefix" "$work/cmake/CMakeCache.txt" || fail "kalkyl was not found in the temporary prefix"
cmake --build "$work/cmake" || fail "build the CMake consumer"
readelf -d "$work/cmake/consumer_c" | grep -q 'NEEDED.*\[libkalkyl\.so\.1\]' ||
  fail "consumer_c is not linked to libkalkyl.so.1"
if readelf -d "$work/cmake/consumer_cpp" | grep -q 'NEEDED.*libkalkyl'; then
  fail "consumer_cpp should link kalkyl statically"
fi
out=$(LD_LIBRARY_PATH="$libdir" "$work/cmake/consumer_c") || fail "consumer_c failed"
echo "$out"
[ "$out" = "$expected_c" ] || fail "consumer_c printed '$out', expected '$expected_c'"
out=$("$work/cmake/consumer_cpp") || fail "consumer_cpp failed"
echo "$out"
[ "$out" = "$expected_cpp" ] || fail "consumer_cpp printed '$out', expected '$expected_cpp'"

echo "== pkg-config consumer"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs kalkyl) || fail "pkg-config --cflags --libs kalkyl"
echo "pkg-config: $flags"
# shellcheck disable=SC2086  # the flags are words
"$cc" ${CFLAGS:-} -std=c99 -Wall -Wextra -Wpedantic -Werror "$here/consumer.c" -o "$work/consumer_pc" \
  $flags ${LDFLAGS:-} || fail "cc \$(pkg-config --cflags --libs kalkyl)"
out=$(LD_LIBRARY_PATH="$libdir" "$work/consumer_pc") || fail "consumer_pc failed"
echo "$out"
[ "$out" = "$expected_c" ] || fail "consumer_pc printed '$out', expected '$expected_c'"

echo "install.consumer: passed"
