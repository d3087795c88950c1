#!/usr/bin/env bash
# pgcrate's own overhead per model (issue 13: "total minus the server's time in the model's
# statements", goal < 2 ms), measured directly with pg_stat_statements, and the same project's
# runs interleaved with the psql floor round by round (so that the machine's drift between
# rounds hits every command alike).
#
# The cluster runs with fsync off: a commit's flush is the server's time, and with fsync on it
# varies more between rounds than the overhead being measured. Each round resets
# pg_stat_statements, times `model run --threads 1` (a rerun: views replaced, tables swapped,
# incremental models merged), and sums the server's execution and planning time of the model
# statements proper: CREATE OR REPLACE VIEW, CREATE TABLE <build table> AS, CREATE TEMP TABLE
# AS and the upsert of an incremental model. Everything else is overhead: process start,
# connection, reading and parsing the project, pgcrate's own queries (state, tracking rows,
# grants and dependents carried across a swap, the renames and the drop of the old table),
# round trips and commits.
#
# Usage: bench/model/overhead.sh [PGCRATE_BINARY] [MODELS=200] [ROUNDS=10]
set -euo pipefail
PGCRATE=$(realpath "${1:-build/src/cli/pgcrate}")
MODELS=${2:-200}
ROUNDS=${3:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/pgcrate-model-overhead-XXXXXX)}
mkdir -p "$BENCH_DIR"
chmod 755 "$BENCH_DIR"
PORT=${BENCH_PORT:-55443}
# shellcheck source=../lib/cluster.sh
source "$HERE/../lib/cluster.sh"
bench_cluster_start "$BENCH_DIR" "$PORT" -c fsync=off -c shared_preload_libraries=pg_stat_statements
URL="postgresql://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"
FLOOR_URL="${URL/\/postgres\?//floor?}"
# The server's own psql (Debian's /usr/bin/psql is a Perl wrapper that costs ~40 ms a start).
PSQL="$BINDIR/psql"
[ -x "$PSQL" ] || PSQL=psql

python3 "$HERE/gen.py" "$BENCH_DIR/w" "$MODELS" >/dev/null
W="$BENCH_DIR/w"
"$PSQL" -X -q "$URL" -c "CREATE EXTENSION pg_stat_statements" -f "$W/setup.sql"
(cd "$W/project" && "$PGCRATE" -q -d "$URL" seed run >/dev/null)
(cd "$W/project" && "$PGCRATE" -q -d "$URL" model run >/dev/null)   # first build
"$PSQL" -X -q "$URL" -c "CREATE DATABASE floor"
"$PSQL" -X -q "$FLOOR_URL" -f "$W/setup.sql"
(cd "$W/project" && "$PGCRATE" -q -d "$FLOOR_URL" seed run >/dev/null)
"$PSQL" -X -q -v ON_ERROR_STOP=1 "$FLOOR_URL" -f "$W/floor_run.sql" >/dev/null

now_ms() { echo $(($(date +%s%N) / 1000000)); }
MODEL_STATEMENTS="query ~ '^(CREATE OR REPLACE VIEW\\s|CREATE TABLE [^ ]+\\.pgcrate_build_[0-9a-f]+ AS\\s|CREATE TEMP TABLE pgcrate_incoming\\s|INSERT INTO (?!pgcrate\\.)|MERGE INTO\\s)'"
echo "== $MODELS models, PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}'), fsync off, $(nproc) cores, $ROUNDS rounds"
echo "round floor_ms t1_ms t4_ms model_statements_ms overhead_per_model_ms"
cd "$W/project"
for round in $(seq 1 "$ROUNDS"); do
  t=$(now_ms)
  "$PSQL" -X -q -v ON_ERROR_STOP=1 "$FLOOR_URL" -f "$W/floor_run.sql" >/dev/null
  floor=$(($(now_ms) - t))
  "$PSQL" -X -q "$URL" -c "SELECT pg_stat_statements_reset()" >/dev/null
  t=$(now_ms)
  "$PGCRATE" -q -d "$URL" model run --threads 1 >/dev/null
  t1=$(($(now_ms) - t))
  server=$("$PSQL" -X -q -A -t "$URL" -c "SELECT round(coalesce(sum(total_exec_time + \
    total_plan_time), 0)) FROM pg_stat_statements WHERE $MODEL_STATEMENTS")
  t=$(now_ms)
  "$PGCRATE" -q -d "$URL" model run --threads 4 >/dev/null
  t4=$(($(now_ms) - t))
  echo "$round $floor $t1 $t4 $server $(python3 -c "print(f'{($t1 - $server) / $MODELS:.2f}')")"
done | tee "$BENCH_DIR/rounds.txt"
python3 - "$BENCH_DIR/rounds.txt" "$MODELS" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l[0].isdigit()]
col = lambda i: [r[i] for r in rows]
med = statistics.median
floor, t1, t4 = med(col(1)), med(col(2)), med(col(3))
print(f"medians: floor {floor:.0f} ms, --threads 1 {t1:.0f} ms ({t1 / floor:.2f}x), "
      f"--threads 4 {t4:.0f} ms ({t4 / floor:.2f}x)")
print(f"overhead per model (median of rounds): {med(col(5)):.2f} ms "
      f"(min {min(col(5)):.2f}, max {max(col(5)):.2f}); goal < 2 ms")
print(f"rounds with --threads 4 below the floor: {sum(a < b for a, b in zip(col(3), col(1)))} of {len(rows)}")
PY
"$PSQL" -X "$URL" -c "SELECT calls, round(total_exec_time + total_plan_time) AS ms, \
  left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS statement FROM pg_stat_statements \
  WHERE NOT ($MODEL_STATEMENTS) ORDER BY 2 DESC LIMIT 12" | sed 's/^/  /'
echo "(the last round's --threads 4 run: pgcrate's own statements, by server time)"
