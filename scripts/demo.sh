#!/usr/bin/env bash
# README command 1: installs what is missing, builds pgcrate, starts a local throwaway
# PostgreSQL with `pgcrate dev start` inside examples/demo, and runs pgcrate on that project.
# The dev cluster keeps running afterwards; stop it with
#   (cd examples/demo && ../../build/src/cli/pgcrate dev stop)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target pgcrate
pgcrate="$PWD/build/src/cli/pgcrate"
cd examples/demo

step() { printf '\n\033[1m$ pgcrate %s\033[0m\n' "$*"; "$pgcrate" "$@"; }

step dev start
step context
step sql -c "SELECT current_database() AS database, version() AS server"
