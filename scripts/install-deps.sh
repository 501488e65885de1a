#!/usr/bin/env bash
# Installs the Debian 12 packages that kalkyl builds, tests and benchmarks with.
# Idempotent: when every package is already there it does nothing, so it is
# cheap to run before every build. Needs root (or sudo) only when it installs.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev      # Boost.Multiprecision: wide integers for the slow path
  libeigen3-dev     # least squares, Cholesky (follow-up, band layers)
  doctest-dev       # the C++ test framework
  libfast-float-dev # benchmark baseline: parsing text to double
  abigail-tools     # abidiff: the C ABI compared with its committed baseline
  clang libclang-rt-14-dev # libFuzzer and its sanitizers: the fuzz preset, scripts/fuzz.sh
  python3 python3-setuptools python3-pip python3-venv
  librsvg2-bin      # rsvg-convert: the e2e test renders `kalkyl report --chart` to PNG
  doxygen           # the reference of kalkyl.h and the C++ headers: cmake --build B --target docs
  # The PostgreSQL extension (bindings/postgresql): the server that ctest
  # postgresql.regress runs pg_regress against (pg_virtualenv, in
  # postgresql-common) and PGXS with the server headers it is built with.
  postgresql-15 postgresql-server-dev-15
)

# Options add packages to the list above (additive, any order).
#   --with-calc  LibreOffice for the Calc add-in (bindings/libreoffice): unoidl-write
#                builds kalkyl.oxt, soffice and unopkg run ctest calc.addin headless.
#                About 80 s and 270 MB (59 packages) on a fresh Debian 12: not in the default set.
for option in "$@"; do
  case "$option" in
    --with-calc)
      packages+=(libreoffice-dev python3-uno libreoffice-script-provider-python libreoffice-calc-nogui)
      ;;
    *)
      echo "install-deps: unknown option $option (known: --with-calc)" >&2
      exit 2
      ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
