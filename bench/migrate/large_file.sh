#!/usr/bin/env bash
# One huge migration (issue 10 #17): a single ~100 MB file (SIZE_MB) of INSERT statements with
# a `-- down` section, in a project whose database has it recorded as pending. Measures, each
# with /usr/bin/time -v (wall time and peak RSS): `migrate status`, `migrate lint --offline`,
# `migrate sql` (which parses the whole up section) and `migrate up` (applies it). Target: peak RSS at most ~2x the
# file for status.
#
# Usage: bench/migrate/large_file.sh [PGCRATE_BINARY] [SIZE_MB=100]
#   BENCH_URL=postgres://... uses that database (its pgcrate schema is created) instead of
#   starting a throwaway server on BENCH_PORT (default 55433) with default settings.
set -euo pipefail

PGCRATE=$(realpath "${1:-build/src/cli/pgcrate}")
SIZE_MB=${2:-100}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/pgcrate-bench-large-XXXXXX)}
mkdir -p "$BENCH_DIR" && chmod 755 "$BENCH_DIR"
command -v /usr/bin/time >/dev/null || { echo "missing /usr/bin/time" >&2; exit 2; }

if [ -z "${BENCH_URL:-}" ]; then
  source "$(dirname "$0")/../lib/cluster.sh"  # bench_cluster_start: initdb, start, stop on exit
  PORT=${BENCH_PORT:-55433}
  bench_cluster_start "$BENCH_DIR" "$PORT"
  BENCH_URL="postgresql://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"
fi

# The project: one file of SIZE_MB MB.
P="$BENCH_DIR/project"
mkdir -p "$P/db/migrations"
F="$P/db/migrations/20250101000000_huge.sql"
python3 - "$F" "$SIZE_MB" <<'PY'
import sys
path, size = sys.argv[1], int(sys.argv[2]) << 20
with open(path, "w") as f:
    f.write("-- one huge data migration\n-- up\nCREATE TABLE huge (id bigint, body text);\n")
    i, written = 0, 0
    line = "INSERT INTO huge VALUES ({0}, 'row {0}; with -- not a comment and a ''quote''');\n"
    while written < size:
        chunk = "".join(line.format(i + k) for k in range(10000))
        f.write(chunk)
        written += len(chunk)
        i += 10000
    f.write("\n-- down\nDROP TABLE huge;\n")
PY
BYTES=$(stat -c %s "$F")
echo "== one migration of $((BYTES / 1048576)) MiB ($BYTES bytes); pgcrate: $PGCRATE"

measure() {  # label, then the command
  local label=$1; shift
  (cd "$P" && /usr/bin/time -v -o "$BENCH_DIR/time.txt" "$@" >/dev/null 2>"$BENCH_DIR/err.txt") ||
    echo "($label exited non-zero: $(head -c 300 "$BENCH_DIR/err.txt"))"
  local out wall cpu rss
  out=$(cat "$BENCH_DIR/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' <<<"$out")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f s", s}' <<<"$out")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' <<<"$out")
  printf "%-24s wall %-9s CPU %-9s peak RSS %8s KB (%.2fx the file)\n" "$label" "$wall" "$cpu" \
    "$rss" "$(python3 -c "print($rss * 1024 / $BYTES)")"
}
measure "migrate status" "$PGCRATE" -d "$BENCH_URL" migrate status
measure "migrate lint --offline" "$PGCRATE" -d "$BENCH_URL" migrate lint --offline
measure "migrate sql" "$PGCRATE" -d "$BENCH_URL" migrate sql
measure "migrate up" "$PGCRATE" -d "$BENCH_URL" migrate up
rows=$(cd "$P" && "$PGCRATE" -d "$BENCH_URL" sql -c "SELECT count(*) FROM huge" --json |
  python3 -c "import json,sys; print(json.load(sys.stdin)['rows'][0]['count'])")
echo "after up: huge has $rows rows"
echo "results in $BENCH_DIR"
