#!/usr/bin/env bash
# Migration benchmark (issue 4): N migration files, each one CREATE TABLE (bigint PK, text,
# timestamptz default now()) plus one CREATE INDEX, applied to an empty database on a local
# PostgreSQL started here with DEFAULT server settings (fsync on; unlike `pgcrate dev`).
#
# Compared in one run (hyperfine, fresh database before every timed run, tools interleaved):
#   pgcrate   `pgcrate migrate up`
#   psql      the same SQL in one psql session, each migration in its own BEGIN/COMMIT with
#             one tracking INSERT (the physical reference)
#   dbmate    `dbmate migrate` (npm package dbmate, when `npm install dbmate` works)
# Then, with N applied: `migrate status` and a no-op `migrate up` (hyperfine, and peak RSS
# from /usr/bin/time -v) next to psql's bare connect-and-select and `dbmate status`.
#
# Usage: bench/migrate/run.sh [PGCRATE_BINARY] [N=1000] [RUNS=5]
#   BENCH_LARGE=10000 also times `migrate status` / no-op `up` over that many files (recorded
#   with `migrate baseline`; BENCH_LARGE_APPLY=1 applies them for real and times that too).
# Results: printed, and kept with the generated files under $BENCH_DIR (default a temp dir).
set -euo pipefail

PGCRATE=$(realpath "${1:-build/src/cli/pgcrate}")
N=${2:-1000}
RUNS=${3:-5}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/pgcrate-bench-XXXXXX)}
mkdir -p "$BENCH_DIR" && chmod 755 "$BENCH_DIR"
PORT=${BENCH_PORT:-55432}

for tool in hyperfine psql /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/setup.sh installs it)" >&2; exit 2; }
done

source "$(dirname "$0")/../lib/cluster.sh"  # bench_cluster_start: initdb, start, stop on exit

URL_BASE="postgresql://postgres@127.0.0.1:$PORT"
url() { echo "$URL_BASE/$1?sslmode=disable"; }
recreate() { echo "psql -X -q '$(url postgres)' -c 'DROP DATABASE IF EXISTS $1' -c 'CREATE DATABASE $1'"; }

# Writes the N-file workload for pgcrate, dbmate and the psql reference into $1.
generate() {
  local dir=$1 n=$2
  mkdir -p "$dir/pgcrate/db/migrations" "$dir/dbmate/db/migrations"
  {
    echo "CREATE SCHEMA IF NOT EXISTS pgcrate;"
    echo "CREATE TABLE IF NOT EXISTS pgcrate.schema_migrations (version text PRIMARY KEY,"
    echo "  applied_at timestamptz DEFAULT now());"
  } >"$dir/reference.sql"
  for i in $(seq 1 "$n"); do
    local v sql
    v=$(printf "2025%010d" "$i")
    sql="CREATE TABLE t_$i (id bigint PRIMARY KEY, body text, created_at timestamptz DEFAULT now());
CREATE INDEX t_${i}_created ON t_$i (created_at);"
    printf -- "-- up\n%s\n\n-- down\nDROP TABLE t_%s;\n" "$sql" "$i" \
      >"$dir/pgcrate/db/migrations/${v}_t_$i.sql"
    printf -- "-- migrate:up\n%s\n\n-- migrate:down\nDROP TABLE t_%s;\n" "$sql" "$i" \
      >"$dir/dbmate/db/migrations/${v}_t_$i.sql"
    printf "BEGIN;\n%s\nINSERT INTO pgcrate.schema_migrations (version) VALUES ('%s');\nCOMMIT;\n" \
      "$sql" "$v" >>"$dir/reference.sql"
  done
}

find_dbmate() {
  local cache="$BENCH_DIR/npm"
  mkdir -p "$cache"
  if (cd "$cache" && npm install --silent --no-audit --no-fund dbmate >/dev/null 2>&1); then
    find "$cache/node_modules" -path '*bin/dbmate' -type f -perm -u+x | head -1
  fi
}

bench_cluster_start "$BENCH_DIR" "$PORT"
generate "$BENCH_DIR/w$N" "$N"
DBMATE=$(find_dbmate || true)
W="$BENCH_DIR/w$N"
echo "== $N migrations, PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}'), default settings"
echo "   pgcrate: $PGCRATE"; echo "   dbmate: ${DBMATE:-not available}"

# Apply: rounds interleave the tools (psql, pgcrate, dbmate, psql, ...) so that drifting
# machine load hits them alike; each timed run starts from a fresh database.
tools=(psql-reference pgcrate)
[ -n "$DBMATE" ] && tools+=(dbmate)
apply_cmd() {
  case $1 in
    psql-reference) echo "psql -X -q -v ON_ERROR_STOP=1 -f $W/reference.sql '$(url bench)'" ;;
    pgcrate) echo "cd $W/pgcrate && $PGCRATE -q -d '$(url bench)' migrate up" ;;
    dbmate) echo "cd $W/dbmate && $DBMATE --no-dump-schema -u '$(url bench)' migrate >/dev/null" ;;
  esac
}
for r in $(seq 1 "$RUNS"); do
  for t in "${tools[@]}"; do
    hyperfine --runs 1 --style none --prepare "$(recreate bench)" -n "$t" "$(apply_cmd "$t")" \
      --export-json "$BENCH_DIR/apply-$N-$t-$r.json" >/dev/null 2>&1
    echo "round $r $t: $(python3 -c "import json,sys; print('%.2f s' % json.load(open(sys.argv[1]))['results'][0]['mean'])" "$BENCH_DIR/apply-$N-$t-$r.json")"
  done
done
python3 - "$BENCH_DIR" "$N" "${tools[@]}" <<'PY'
import json, statistics, sys, glob
d, n, tools = sys.argv[1], sys.argv[2], sys.argv[3:]
times = {t: [json.load(open(f))['results'][0]['mean'] for f in sorted(glob.glob(f"{d}/apply-{n}-{t}-*.json"))] for t in tools}
ref = statistics.median(times['psql-reference'])
print(f"== apply {n} migrations: median / mean / min over {len(times[tools[0]])} interleaved runs")
for t in tools:
    m = statistics.median(times[t])
    print(f"{t:15s} {m:7.2f} s  {statistics.mean(times[t]):7.2f} s  {min(times[t]):7.2f} s   {m/ref:.3f}x psql-reference (median)")
PY

# N applied: status and no-op up.
eval "$(recreate applied)"
(cd "$W/pgcrate" && "$PGCRATE" -q -d "$(url applied)" migrate up)
status_cmds=(-n psql-select-1 "psql -X -q '$(url applied)' -c 'SELECT 1'"
             -n pgcrate-status "cd $W/pgcrate && $PGCRATE -d '$(url applied)' migrate status"
             -n pgcrate-noop-up "cd $W/pgcrate && $PGCRATE -d '$(url applied)' migrate up")
if [ -n "$DBMATE" ]; then
  eval "$(recreate dbm)"
  (cd "$W/dbmate" && "$DBMATE" --no-dump-schema -u "$(url dbm)" migrate >/dev/null)
  status_cmds+=(-n dbmate-status "cd $W/dbmate && $DBMATE -u '$(url dbm)' status")
fi
hyperfine --warmup 3 --runs 30 "${status_cmds[@]}" --export-markdown "$BENCH_DIR/status-$N.md"

echo "== peak RSS (KB), $N applied"
for cmd in status up; do
  rss=$(cd "$W/pgcrate" && /usr/bin/time -v "$PGCRATE" -d "$(url applied)" migrate $cmd \
        2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
  echo "pgcrate migrate $cmd: $rss"
done

if [ -n "${BENCH_LARGE:-}" ]; then
  L=$BENCH_LARGE
  generate "$BENCH_DIR/w$L" "$L"
  echo "== $L migrations (linearity)"
  if [ -n "${BENCH_LARGE_APPLY:-}" ]; then
    hyperfine --runs 1 --prepare "$(recreate big)" \
      -n "pgcrate-up-$L" "cd $BENCH_DIR/w$L/pgcrate && $PGCRATE -q -d '$(url big)' migrate up"
  else
    # Record the L files as applied without running them (status cost is about files + rows).
    eval "$(recreate big)"
    (cd "$BENCH_DIR/w$L/pgcrate" && "$PGCRATE" -q -d "$(url big)" migrate baseline --yes)
  fi
  hyperfine --warmup 2 --runs 10 \
    -n "pgcrate-status-$L" "cd $BENCH_DIR/w$L/pgcrate && $PGCRATE -d '$(url big)' migrate status" \
    -n "pgcrate-noop-up-$L" "cd $BENCH_DIR/w$L/pgcrate && $PGCRATE -d '$(url big)' migrate up"
  rss=$(cd "$BENCH_DIR/w$L/pgcrate" && /usr/bin/time -v "$PGCRATE" -d "$(url big)" migrate status \
        2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
  echo "pgcrate migrate status ($L applied) peak RSS KB: $rss"
fi
echo "results in $BENCH_DIR"
