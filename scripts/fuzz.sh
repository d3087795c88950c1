#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang, PGCRATE_FUZZ=ON: ASan + UBSan, UB fatal) in
# build-fuzz and runs them. Usage:
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]     (defaults: all, 30 seconds per target)
#   scripts/fuzz.sh --list                     the target names
#
# Each target starts from its committed seed corpus (fuzz/corpus/TARGET) and a working corpus
# that persists between runs (build-fuzz/corpus/TARGET, where libFuzzer writes what it finds;
# never committed), with its dictionary (fuzz/TARGET.dict; the SQL targets share
# fuzz/sql.dict). A crash, leak, timeout or broken invariant is saved as
# build-fuzz/artifacts/TARGET/crash-* (or leak-*, timeout-*) and makes the exit code non-zero. Prints one line per target: runs executed,
# coverage (libFuzzer's cov: edges and ft: features), seconds.
# Environment: PGCRATE_FUZZ_BUILD (build directory), PGCRATE_FUZZ_JOBS (build jobs, 2),
# PGCRATE_FUZZ_PARALLEL (targets run at once, one per core by default),
# PGCRATE_FUZZ_NO_BUILD=1 (run the targets already built there, e.g. from a copy of the build
# directory while the sources change).
set -euo pipefail
cd "$(dirname "$0")/.."

# Target name -> -max_len (bytes): big enough for the files each parser is given in practice
# at fuzzing scale, small enough that mutations stay fast.
declare -A max_len=(
  [migration_file]=4096 [template_expand]=2048 [config_toml]=4096 [conninfo_redact]=512
  [seed_csv]=4096 [seed_json]=4096 [model_header]=4096 [lint_sql]=4096 [sql_classify]=2048
)
# Target name -> dictionary (fuzz/NAME.dict) when it is not the target's own name.
declare -A dict=([lint_sql]=sql [sql_classify]=sql)
all_targets=(migration_file template_expand config_toml conninfo_redact seed_csv seed_json
  model_header lint_sql sql_classify)

if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${all_targets[@]}"
  exit 0
fi
which="${1:-all}"
seconds="${2:-30}"
if [[ "$which" == all ]]; then
  targets=("${all_targets[@]}")
elif [[ -n "${max_len[$which]:-}" ]]; then
  targets=("$which")
else
  echo "fuzz.sh: unknown target '$which' (scripts/fuzz.sh --list names them)" >&2
  exit 2
fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -lt 1 ]]; then
  echo "fuzz.sh: SECONDS must be a positive number, not '$seconds'" >&2
  exit 2
fi

build="${PGCRATE_FUZZ_BUILD:-build-fuzz}"
if [[ "${PGCRATE_FUZZ_NO_BUILD:-0}" != 1 ]]; then
  build_start=$(date +%s)
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGCRATE_FUZZ=ON \
    -DPGCRATE_BUILD_TESTS=OFF >/dev/null
  build_targets=()
  for t in "${targets[@]}"; do build_targets+=("${t}_fuzz"); done
  cmake --build "$build" -j "${PGCRATE_FUZZ_JOBS:-2}" --target "${build_targets[@]}" >/dev/null
  echo "fuzz.sh: built ${#targets[@]} target(s) in $(($(date +%s) - build_start)) s" >&2
fi

export ASAN_OPTIONS="detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp"  # third-party leaks only

# One target: runs it for $seconds and writes its summary line to $build/logs/TARGET.result
# ("TARGET: FAILED (...)" when it failed). Targets run side by side, one per core: each libFuzzer
# process is single-threaded.
run_target() {
  local t=$1 work="$build/corpus/$1" artifacts="$build/artifacts/$1" log="$build/logs/$1.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  local args=(-max_total_time="$seconds" -max_len="${max_len[$t]}" -timeout=30 -rss_limit_mb=2048
    -print_final_stats=1 -artifact_prefix="$artifacts/")
  local d="fuzz/${dict[$t]:-$t}.dict"
  [[ -f "$d" ]] && args+=(-dict="$d")
  local start rc=0 took runs cov line
  start=$(date +%s)
  "$build/fuzz/${t}_fuzz" "${args[@]}" "$work" "fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  took=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  if [[ $rc -ne 0 ]]; then
    line="$t: FAILED (exit $rc) after $took s, runs ${runs:-?}, ${cov:-no coverage line}; log $log"
  else
    line="$t: ok, runs $runs, $cov, $took s"
  fi
  echo "$line" >"$build/logs/$t.result"
}

parallel="${PGCRATE_FUZZ_PARALLEL:-$(nproc 2>/dev/null || echo 2)}"
running=0
for t in "${targets[@]}"; do
  rm -f "$build/logs/$t.result"
  if [[ $running -ge $parallel ]]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_target "$t" &
  running=$((running + 1))
done
wait || true

status=0
summary=()
for t in "${targets[@]}"; do
  line=$(cat "$build/logs/$t.result" 2>/dev/null || echo "$t: FAILED (no result)")
  if [[ "$line" == "$t: FAILED"* ]]; then
    status=1
    grep -E '^==fuzz==|ERROR: |SUMMARY: |Test unit written to' "$build/logs/$t.log" 2>/dev/null |
      head -8 >&2 || true
  fi
  echo "fuzz.sh: $line" >&2
  summary+=("$line")
done

printf '%s\n' "${summary[@]}"
if [[ $status -ne 0 ]]; then
  echo "fuzz.sh: FAILED; add each saved input to fuzz/corpus/<target>/ and a regression test" \
    "beside the code it broke" >&2
fi
exit $status
