#!/usr/bin/env bash
# Import benchmark (issue 16, item 5): `pgcrate migrate import --from dbmate DIR --adopt` of a
# generated 1,000-migration dbmate project (gen.py) on a local PostgreSQL started here with
# default settings. Goal: under 1 s. Each timed run starts from a database where dbmate's
# schema_migrations lists all 1,000 versions (as after `dbmate migrate`; the tables themselves
# do not matter, nothing runs) and an empty db/migrations: it reads and converts the 1,000
# files, writes them, and records the 1,000 versions in pgcrate.schema_migrations in one
# transaction. Also timed: the same without --adopt, and --dry-run.
#
# Usage: [BENCH_DIR=..] [PROJECT_DIR=..] bench/import/run.sh [PGCRATE_BINARY] [RUNS=10] [MIGRATIONS=1000]
set -euo pipefail
PGCRATE=$(realpath "${1:-build/src/cli/pgcrate}")
RUNS=${2:-10}
N=${3:-1000}
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/pgcrate-import-bench-XXXXXX)}
mkdir -p "$BENCH_DIR"
chmod 755 "$BENCH_DIR"
PORT=${BENCH_PORT:-55447}
# shellcheck source=../lib/cluster.sh
source "$HERE/../lib/cluster.sh"
bench_cluster_start "$BENCH_DIR" "$PORT"
BASE="postgresql://postgres@127.0.0.1:$PORT"
url() { echo "$BASE/$1?sslmode=disable"; }
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
# PROJECT_DIR puts the project (source and written files) elsewhere, e.g. on tmpfs to take the
# disk out of the figures.
P=${PROJECT_DIR:-$BENCH_DIR/project}
rm -rf "$P"
python3 "$HERE/gen.py" "$P" "$N"

# The template: dbmate's tracking table with every version, as dbmate leaves it.
"${PSQL[@]}" "$(url postgres)" -c "CREATE DATABASE adopted_tmpl"
"${PSQL[@]}" "$(url adopted_tmpl)" -c "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)" \
  -c "\\copy schema_migrations FROM '$P/versions.txt'"
# (sync: the writeback of the previous run's files and of CREATE DATABASE is not this run's.)
RESET="rm -rf $P/db && ${PSQL[*]} '$(url postgres)' -c 'DROP DATABASE IF EXISTS adopted' -c 'CREATE DATABASE adopted TEMPLATE adopted_tmpl' && sync"
IMPORT="cd $P && $PGCRATE -q -d '$(url adopted)' migrate import --from dbmate dbmate"

echo "== migrate import of $N dbmate migrations, PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}'), $(nproc) cores"
hyperfine --warmup 1 --runs "$RUNS" --style basic --export-json "$BENCH_DIR/import.json" \
  -n "import --adopt" --prepare "$RESET" "$IMPORT --adopt" \
  -n "import (files only)" --prepare "$RESET" "$IMPORT" \
  -n "import --dry-run" --prepare "$RESET" "$IMPORT --dry-run"

# Check the last state: an --adopt run leaves N files and N rows, and status agrees.
sh -c "$RESET"
sh -c "$IMPORT --adopt"
files=$(find "$P/db/migrations" -name '*.sql' | wc -l)
rows=$("${PSQL[@]}" "$(url adopted)" -Atc "SELECT count(*) FROM pgcrate.schema_migrations")
pending=$(cd "$P" && "$PGCRATE" -d "$(url adopted)" --json migrate status | python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"]["pending"])')
echo "after import --adopt: $files files, $rows rows recorded, $pending pending"
[ "$files" = "$N" ] && [ "$rows" = "$N" ] && [ "$pending" = 0 ] || { echo "unexpected state"; exit 1; }

python3 - "$BENCH_DIR" <<'PY'
import json, sys
r = json.load(open(f"{sys.argv[1]}/import.json"))["results"]
for x in r:
    print(f"{x['command']:22s} mean {x['mean']*1000:8.1f} ms  min {x['min']*1000:8.1f} ms  "
          f"max {x['max']*1000:8.1f} ms  sd {x['stddev']*1000 if x['stddev'] else 0:6.1f}")
adopt = next(x for x in r if x["command"] == "import --adopt")
print(f"goal: import --adopt under 1 s -> {'met' if adopt['max'] < 1 else 'NOT met'} "
      f"(max {adopt['max']*1000:.0f} ms)")
PY
