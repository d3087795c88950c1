#!/usr/bin/env bash
# Start-up benchmark (issue 18): what pgcrate costs before its first network byte, against
# psql in the same run (hyperfine, -N: no shell in between).
#   1. `pgcrate --version` vs `psql --version` (target: pgcrate under 3 ms)
#   2. `migrate status` with 1,000 and 10,000 applied files (recorded with `migrate baseline`)
#      vs `psql -c 'select 1'` (the connection floor; targets 1.2x and 2x), with the file cache
#      warm (.pgcrate/cache, as on a developer's machine) and cold (CI's fresh clone)
#   3. the stripped binary's size (target under 15 MB) and the libraries it needs to start
#
# Usage: bench/startup/run.sh [PGCRATE_BINARY] [RUNS=50]
set -euo pipefail

PGCRATE=$(realpath "${1:-build/src/cli/pgcrate}")
RUNS=${2:-50}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/pgcrate-startup-XXXXXX)}
PORT=${BENCH_PORT:-55441}
mkdir -p "$BENCH_DIR" && chmod 755 "$BENCH_DIR"
for tool in hyperfine psql strip; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/setup.sh installs it)" >&2; exit 2; }
done
source "$(dirname "$0")/../lib/cluster.sh"
bench_cluster_start "$BENCH_DIR" "$PORT"
url_of() { echo "postgresql://postgres@127.0.0.1:$PORT/$1?sslmode=disable"; }
URL=$(url_of postgres)
# The psql program itself (Debian's /usr/bin/psql is a Perl wrapper choosing a version).
PSQL="$BINDIR/psql"

echo "## binary"
strip -o "$BENCH_DIR/pgcrate.stripped" "$PGCRATE"
echo "stripped size: $(stat -c %s "$BENCH_DIR/pgcrate.stripped") bytes"
echo "needed at start: $(readelf -d "$PGCRATE" | awk '/NEEDED/ {print $5}' | tr -d '[]' | xargs)"
echo "libraries loaded by --version: $(LD_DEBUG=files "$PGCRATE" --version 2>&1 | grep -c 'calling init:')"

echo "## --version"
hyperfine -N --warmup 20 --runs "$((RUNS * 4))" "$PGCRATE --version" "$PSQL --version"

# A project with N applied migrations (each a small CREATE TABLE), recorded with baseline.
project() {
  local n=$1 dir="$BENCH_DIR/p$1" db="status_$1"
  mkdir -p "$dir/db/migrations"
  python3 - "$dir/db/migrations" "$n" <<'PY'
import sys, os
d, n = sys.argv[1], int(sys.argv[2])
for i in range(1, n + 1):
    v = 20200101000000 + i
    with open(os.path.join(d, f"{v}_create_t{i}.sql"), "w") as f:
        f.write(f"-- up\nCREATE TABLE t{i} (id bigint PRIMARY KEY, name text NOT NULL,\n"
                f"  created_at timestamptz NOT NULL DEFAULT now());\n"
                f"CREATE INDEX t{i}_name ON t{i} (name);\n-- down\nDROP TABLE t{i};\n")
PY
  # Files older than the cache's 2-second trust window, as in any real checkout.
  find "$dir/db/migrations" -name '*.sql' -exec touch -d '1 hour ago' {} +
  "$PSQL" -X -q "$URL" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  (cd "$dir" && "$PGCRATE" -q -d "$(url_of "$db")" migrate baseline --yes >/dev/null)
  echo "$dir"
}

for n in 1000 10000; do
  dir=$(project "$n")
  db_url=$(url_of "status_$n")
  echo "## migrate status, $n applied"
  (cd "$dir" && "$PGCRATE" -d "$db_url" migrate status >/dev/null)  # warms the cache
  (cd "$dir" && hyperfine -N --warmup 5 --runs "$RUNS" \
    -n "pgcrate migrate status (warm cache)" "$PGCRATE -d $db_url migrate status" \
    -n "psql -c 'select 1'" "$PSQL -X -q -d $db_url -c 'select 1'")
  (cd "$dir" && hyperfine --warmup 2 --runs "$((RUNS / 5 + 3))" \
    --prepare "rm -rf $dir/.pgcrate/cache" \
    -n "pgcrate migrate status (cold cache)" "$PGCRATE -d '$db_url' migrate status")
done
