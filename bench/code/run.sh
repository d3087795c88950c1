#!/usr/bin/env bash
# Code-objects benchmark (issue 14): a generated project of 500 code objects over 20 tables
# (gen.py), on a local PostgreSQL started here with DEFAULT server settings. In one run:
#   (a) pgcrate plan with 10 objects changed                         (goal < 200 ms)
#   (b) pgcrate apply of those 10 changes  vs  psql -1 -f of the SQL apply runs (goal <= 1.2x)
#       (--prepare flips the 10 files between two versions, so every run has real work; the
#       psql script is `apply --dry-run` of each direction, BEGIN/COMMIT stripped)
#   (c) a first apply of all 500 objects  vs  psql -1 -f of the same creates (informational)
#   (d) a migration altering t00.qty (used by 50 views) to bigint: migrate up must refuse it
#       and point at apply; apply runs it in one transaction (timed vs psql -1 -f of its SQL)
#
# Usage: bench/code/run.sh [PGCRATE_BINARY] [RUNS=10]
set -euo pipefail
PGCRATE=$(realpath "${1:-build/src/cli/pgcrate}")
RUNS=${2:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/pgcrate-code-bench-XXXXXX)}
mkdir -p "$BENCH_DIR"
chmod 755 "$BENCH_DIR"
PORT=${BENCH_PORT:-55443}
# shellcheck source=../lib/cluster.sh
source "$HERE/../lib/cluster.sh"
bench_cluster_start "$BENCH_DIR" "$PORT"
BASE="postgresql://postgres@127.0.0.1:$PORT"
url() { echo "$BASE/$1?sslmode=disable"; }
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
W="$BENCH_DIR/w"
rm -rf "$W"
python3 "$HERE/gen.py" "$W" "${DOMAIN_ARGS:-1}"
P="$W/project"
pg() { (cd "$P" && "$PGCRATE" -q -d "$(url "$1")" "${@:2}"); }
# The SQL `apply --dry-run` prints, for psql -1 -f (its own BEGIN/COMMIT removed).
dry_sql() { pg "$1" apply --dry-run | grep -v -x -e 'BEGIN;' -e 'COMMIT;' >"$2"; }
recreate_cmd() { echo "${PSQL[*]} '$(url postgres)' -c 'DROP DATABASE IF EXISTS $1' -c 'CREATE DATABASE $1 TEMPLATE $2'"; }
recreate() { "${PSQL[@]}" "$(url postgres)" -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $1" \
  -c "CREATE DATABASE $1 TEMPLATE $2"; }

# Template with the tables only (migration applied by pgcrate, no code objects).
"${PSQL[@]}" "$(url postgres)" -c "CREATE DATABASE tables_only"
pg tables_only migrate up >/dev/null
dry_sql tables_only "$W/full_create.sql"
echo "full create script: $(grep -c '^CREATE' "$W/full_create.sql") CREATE statements"

# (c) first apply of all 500 objects vs psql -1 -f of the same creates.
echo "== (c) first apply of 500 objects, PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}'), $(nproc) cores"
hyperfine --runs "$RUNS" --style basic --export-json "$BENCH_DIR/full.json" \
  -n "psql -1 -f (500 creates)" --prepare "$(recreate_cmd full_psql tables_only)" \
  "${PSQL[*]} -1 '$(url full_psql)' -f $W/full_create.sql" \
  -n "pgcrate apply (500 new)" --prepare "$(recreate_cmd full_pg tables_only)" \
  "cd $P && $PGCRATE -q -d '$(url full_pg)' apply"
pg full_pg plan --exit-code >/dev/null || { echo "plan after full apply is not empty"; exit 1; }

# The applied project (version A) in `main`; `floor` is a copy for psql.
recreate main full_pg >/dev/null
# Both directions' SQL, taken from apply --dry-run (A->B, then B->A).
sh "$W/flip.sh"
dry_sql main "$W/floor_a.sql"        # A -> B
pg main apply >/dev/null
sh "$W/flip.sh"
dry_sql main "$W/floor_b.sql"        # B -> A
pg main apply >/dev/null
pg main plan --exit-code >/dev/null
recreate floor main >/dev/null
echo "10 changed objects -> apply runs $(grep -c '^DROP' "$W/floor_a.sql") DROP and \
$(grep -c '^CREATE' "$W/floor_a.sql") CREATE statements (A->B; B->A: \
$(grep -c '^DROP' "$W/floor_b.sql") / $(grep -c '^CREATE' "$W/floor_b.sql"))"

# (a) plan with 10 objects changed (files in version B, database in A).
sh "$W/flip.sh"
echo "== (a) plan, 10 objects changed"
pg main plan | tail -3
hyperfine --warmup 2 --runs "$RUNS" --style basic --export-json "$BENCH_DIR/plan.json" \
  -n "pgcrate plan" "cd $P && $PGCRATE -q -d '$(url main)' plan"
sh "$W/flip.sh"   # back to A

# (b) apply of the 10 changes vs psql -1 -f of the same SQL; each prepare flips the direction.
SWAP="cd $W && mv floor_a.sql floor_t.sql && mv floor_b.sql floor_a.sql && mv floor_t.sql floor_b.sql"
# floor_a.sql must hold the next direction to run when the command starts: pre-swap once.
sh -c "$SWAP"
echo "== (b) apply of 10 changed objects"
hyperfine --warmup 1 --runs "$RUNS" --style basic --export-json "$BENCH_DIR/apply.json" \
  -n "psql -1 -f (10 changes)" --prepare "$SWAP" \
  "${PSQL[*]} -1 '$(url floor)' -f $W/floor_a.sql" \
  -n "pgcrate apply (10 changes)" --prepare "sh $W/flip.sh" \
  "cd $P && $PGCRATE -q -d '$(url main)' apply"
# Leave the project in a known version: whatever it is, apply it.
pg main apply >/dev/null
pg main plan --exit-code >/dev/null

# (d) migration altering t00.qty under 50 views.
echo "== (d) ALTER COLUMN t00.qty TYPE bigint under 50 views"
"${PSQL[@]}" "$(url main)" -Atc "WITH RECURSIVE d(oid) AS (
    SELECT DISTINCT r.ev_class FROM pg_depend x JOIN pg_rewrite r ON r.oid = x.objid
    WHERE x.refobjid = 't00'::regclass AND x.refobjsubid = (SELECT attnum FROM pg_attribute
      WHERE attrelid = 't00'::regclass AND attname = 'qty') AND r.ev_class <> 't00'::regclass
  UNION
    SELECT r.ev_class FROM d JOIN pg_depend x ON x.refobjid = d.oid AND x.refobjsubid > 0
    JOIN pg_rewrite r ON r.oid = x.objid WHERE r.ev_class <> d.oid)
  SELECT count(*) || ' views use t00.qty (directly or through views)' FROM d"
cp "$W/widen/"*.sql "$P/db/migrations/"
recreate widen_tmpl main >/dev/null
set +e
(cd "$P" && "$PGCRATE" -d "$(url main)" migrate up) >"$W/up.out" 2>"$W/up.err"
up_rc=$?
set -e
echo "migrate up: exit $up_rc; stderr:"; sed -n "1,8s/^/  /p" "$W/up.err"
[ "$up_rc" = 1 ] && grep -q "pgcrate apply" "$W/up.err" || { echo "migrate up did not refuse"; exit 1; }
pg main plan | sed -n 1,5p
dry_sql main "$W/widen.sql"
echo "apply runs $(grep -c '^DROP' "$W/widen.sql") DROP, the migration, $(grep -c '^CREATE' "$W/widen.sql") CREATE"
hyperfine --runs "$RUNS" --style basic --export-json "$BENCH_DIR/widen.json" \
  -n "psql -1 -f (widen)" --prepare "$(recreate_cmd widen_psql widen_tmpl)" \
  "${PSQL[*]} -1 '$(url widen_psql)' -f $W/widen.sql" \
  -n "pgcrate apply (widen)" --prepare "$(recreate_cmd widen_pg widen_tmpl)" \
  "cd $P && $PGCRATE -q -d '$(url widen_pg)' apply"
"${PSQL[@]}" "$(url widen_pg)" -Atc "SELECT 'after apply: t00.qty is ' || format_type(atttypid, NULL)
  || ', r00_l8.qty is ' || (SELECT format_type(atttypid, NULL) FROM pg_attribute
  WHERE attrelid = 'r00_l8'::regclass AND attname = 'qty') || ', migrations recorded: '
  || (SELECT count(*) FROM pgcrate.schema_migrations) FROM pg_attribute
  WHERE attrelid = 't00'::regclass AND attname = 'qty'"
pg widen_pg plan --exit-code >/dev/null && echo "plan after apply: nothing to do"

python3 - "$BENCH_DIR" <<'PY'
import json, sys
d = sys.argv[1]
def load(n): return {x['command']: x for x in json.load(open(f"{d}/{n}.json"))['results']}
r = {}
for n in ("full", "plan", "apply", "widen"): r.update(load(n))
for cmd, x in r.items():
    print(f"{cmd:30s} mean {x['mean']*1000:8.1f} ms  min {x['min']*1000:8.1f} ms  "
          f"sd {x['stddev']*1000 if x['stddev'] else 0:6.1f}")
def ratio(a, b, k): return r[a][k] / r[b][k]
for label, a, b in (("apply (10 changes)", "pgcrate apply (10 changes)", "psql -1 -f (10 changes)"),
                    ("apply (500 new)", "pgcrate apply (500 new)", "psql -1 -f (500 creates)"),
                    ("apply (widen)", "pgcrate apply (widen)", "psql -1 -f (widen)")):
    print(f"{label:18s} / psql: mean {ratio(a, b, 'mean'):.2f}x  min {ratio(a, b, 'min'):.2f}x")
PY
