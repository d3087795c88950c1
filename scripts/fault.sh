#!/usr/bin/env bash
# Fault injection only (docs/testing.md, "Fault injection"): builds the normal build directory
# and runs the FaultInjection* tests with [points] random faults per command (default 20).
# PGCRATE_FAULT_SEED=<seed> replays the moments of an earlier run. The tests start their own
# clusters, so they run without ctest's shared cluster and without its per-test timeout.
#   bash scripts/fault.sh 100
set -euo pipefail
cd "$(dirname "$0")/.."
points=${1:-20}
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGCRATE_WERROR=ON >/dev/null
cmake --build build -j "${PGCRATE_JOBS:-2}" --target pgcrate pgcrate_itest
PGCRATE_FAULT_POINTS=$points build/tests/pgcrate_itest --gtest_filter='FaultInjection*'
