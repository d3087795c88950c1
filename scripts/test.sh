#!/usr/bin/env bash
# README command 2: installs what is missing, checks formatting, builds with warnings as errors, and runs the whole
# suite (unit + integration against a throwaway PostgreSQL that ctest starts and removes), then
# builds again with AddressSanitizer + UndefinedBehaviorSanitizer and runs the suite once more
# (tests labelled "timing" are left out there: sanitizers slow everything down). The exit code
# is honest: non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)

status=0
# The repository's own .clang-format is the style: unformatted files fail the run.
bash scripts/check-format.sh || status=1

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGCRATE_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest -j "$jobs" --output-on-failure --timeout 900) || status=1

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPGCRATE_SANITIZE=ON -DPGCRATE_WERROR=ON \
  >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest -LE timing -j "$jobs" --output-on-failure --timeout 900) || status=1

if [[ $status -ne 0 ]]; then
  echo "test.sh: FAILED" >&2
else
  echo "test.sh: all tests passed" >&2
fi
exit $status
