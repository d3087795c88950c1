#!/usr/bin/env bash
# README command 2: installs what is missing, checks formatting, builds with warnings as errors,
# and runs the whole suite (unit + integration against a throwaway PostgreSQL that ctest starts
# and removes), then builds again with AddressSanitizer + UndefinedBehaviorSanitizer and runs
# the unit tests and the hostile-input CLI tests under it, and runs each fuzz target of fuzz/
# for 20 seconds. The exit code is honest: non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)

status=0
# The repository's own .clang-format is the style: unformatted files fail the run.
bash scripts/check-format.sh || status=1

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGCRATE_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
# clang-tidy on the sources of recent work (scripts/check-tidy.sh build for the whole tree).
bash scripts/check-tidy.sh build --recent 10 || status=1
(cd build && ctest -j "$jobs" --output-on-failure --timeout 900) || status=1

# The sanitizer build: ASan + UBSan (UB is fatal). It builds the library code, the unit tests
# and the pgcrate binary; the unit tests run in it, then the CLI tests that feed the binary
# hostile input (hardening, the read-only gate, redaction, lint, the CLI contract) run the
# sanitized binary from the normal build's test runner (PGCRATE_TEST_BINARY).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPGCRATE_SANITIZE=ON -DPGCRATE_WERROR=ON \
  >/dev/null
cmake --build build-asan -j "$jobs" --target pgcrate pgcrate_unit
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp"  # third-party leaks only
(cd build-asan && ctest -L unit -j "$jobs" --output-on-failure --timeout 900) || status=1
(cd build && PGCRATE_TEST_BINARY="$PWD/../build-asan/src/cli/pgcrate" \
  ctest -R '^(Hardening|SqlGate|Redact|Cli|Lint|SeedTest)' -j "$jobs" --output-on-failure \
  --timeout 900) || status=1

# The libFuzzer targets of fuzz/ (clang, ASan + UBSan): each for 20 seconds from its seed
# corpus, with the invariants checked inside the targets (docs/testing.md, "Fuzzing").
bash scripts/fuzz.sh all 20 || status=1

if [[ $status -ne 0 ]]; then
  echo "test.sh: FAILED" >&2
else
  echo "test.sh: all tests passed" >&2
fi
exit $status
