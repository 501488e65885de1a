#!/usr/bin/env bash
# ctest postgresql.regress: install the extension built in BUILD_DIR into the
# PostgreSQL 15 of this machine and run its pg_regress suite against a
# throw-away cluster (pg_virtualenv, 127.0.0.1).
#   run_regress.sh BUILD_DIR MAKE -f .../Makefile VAR=... ...
# Exit 77 (SKIP) when it cannot install: `make install` writes into
# PostgreSQL's lib and extension directories, which needs root.
set -euo pipefail
build_dir=$1
shift
cd "$build_dir"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: postgresql.regress installs the extension into PostgreSQL's directories (make install), which needs root" >&2
  exit 77
fi
if ! command -v pg_virtualenv >/dev/null; then
  echo "postgresql.regress: pg_virtualenv (postgresql-common) is missing: scripts/install-deps.sh" >&2
  exit 1
fi

# The backend must not depend on a system libkalkyl.so: libkalkyl.a is
# inside, and its C ABI symbols are not exported from kalkyl.so.
if readelf -d kalkyl.so | grep -q 'NEEDED.*libkalkyl'; then
  echo "postgresql.regress: kalkyl.so needs a shared libkalkyl:" >&2
  readelf -d kalkyl.so | grep NEEDED >&2
  exit 1
fi
if nm -D --defined-only kalkyl.so | grep -E ' kalkyl_[a-oq-z]' >&2; then
  echo "postgresql.regress: kalkyl.so exports the C ABI symbols above (expected only kalkyl_pg_*)" >&2
  exit 1
fi

"$@" install >/dev/null
rm -f regression.diffs regression.out
# pg_virtualenv creates a cluster in a temporary directory (as root it runs
# it as the postgres user), exports PGHOST/PGPORT/PGUSER/PGPASSWORD for it,
# runs the command and drops the cluster.
if ! pg_virtualenv -t -v 15 -o max_parallel_workers_per_gather=4 -o max_worker_processes=16 "$@" installcheck; then
  if [ -f regression.diffs ]; then cat regression.diffs; fi
  exit 1
fi
