#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy: bugprone, performance, override, naming per STYLE.md) over the
# C++ sources of src/ with the compile commands of a build directory (default: build). Fails,
# listing each finding, when any check fires. A whole-tree run takes ~7 minutes on 2 cores, so
# `scripts/check-tidy.sh BUILD_DIR --recent N` (what scripts/test.sh runs) checks the sources
# the last N commits touched (a changed header brings in its .cc), and
# `scripts/check-tidy.sh BUILD_DIR [FILE...]` the given files (all of src/ when none).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
if [[ ! -f $build/compile_commands.json ]]; then
  echo "check-tidy: $build/compile_commands.json is missing; configure the build first" >&2
  exit 2
fi
if [[ ${1:-} == --recent ]]; then
  mapfile -t files < <(git log -"${2:?--recent needs a commit count}" --name-only --format= \
    -- 'src/*.cc' 'src/*.h' | sed 's/\.h$/.cc/' | grep -v '_test\.cc$' | sort -u |
    while read -r f; do [[ -f $f ]] && echo "$f"; done)
  if [[ ${#files[@]} -eq 0 ]]; then
    echo "check-tidy: ok (no sources changed in the last $2 commits)"
    exit 0
  fi
elif [[ $# -gt 0 ]]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'src/*.cc' | grep -v '_test\.cc$')
fi
# A unity build's compilation database names the batches, not the files: clang-tidy reads a
# second one, configured (not built) beside it with one entry per file.
db=$build
if grep -q '^CMAKE_UNITY_BUILD:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  db=$build/tidy-db
  cmake -S . -B "$db" -DCMAKE_UNITY_BUILD=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
jobs=$(nproc 2>/dev/null || echo 2)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '%s\0' "${files[@]}" |
  xargs -0 -n 4 -P "$jobs" clang-tidy -p "$db" --quiet >"$log" 2>&1 || true
if grep -q ': error: ' "$log"; then
  grep -A3 ': error: ' "$log" >&2
  echo "check-tidy: $(grep -c ': error: ' "$log") finding(s) in ${#files[@]} files" >&2
  exit 1
fi
echo "check-tidy: ok (${#files[@]} files)"
