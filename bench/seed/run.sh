#!/usr/bin/env bash
# Seed benchmark (issue 12): load a ROWS-row CSV of 8 mixed-type columns (gen_csv.py; 1M rows
# is ~118 MB) into an empty table on a local PostgreSQL started here with DEFAULT server
# settings (fsync on), as the postgres user, on a free port.
#
# Load, interleaved round by round (hyperfine --runs 1 per tool and round; before every timed
# run the table is truncated and a CHECKPOINT flushes the previous load, so every tool starts
# from the same empty, clean table):
#   psql-copy       psql \copy of the file (autocommit; the table was truncated beforehand)
#   psql-copy-txn   one psql session: BEGIN; TRUNCATE; \copy; ANALYZE; COMMIT  -- the same work
#                   `seed run` does (one transaction, truncate, load, analyze): apples to apples
#   server-copy     COPY ... FROM 'file' read by the server (when the postgres user can read it)
#   pgcrate         `pgcrate seed run -y`
# Then: peak RSS of `seed run` at 100k, ROWS (and 10M with BENCH_10M=1) rows; `seed diff` of
# the loaded ROWS-row seed against its table (time vs the load, peak RSS); `seed validate
# --offline` (time, MB/s) and `seed validate` with the database.
#
# Usage: bench/seed/run.sh [PGCRATE_BINARY] [ROWS=1000000] [RUNS=5]
#   BENCH_10M=1 adds the 10,000,000-row RSS point (~1.2 GB file).
#   BENCH_DIR (default a temp dir) keeps the generated files and raw figures;
#   RESULTS (default bench/seed/RESULTS.md next to this script) receives the summary.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PGCRATE=$(realpath "${1:-build/src/cli/pgcrate}")
ROWS=${2:-1000000}
RUNS=${3:-5}
CMDLINE="bench/seed/run.sh $*"
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/pgcrate-seedbench-XXXXXX)}
RESULTS=${RESULTS:-$HERE/RESULTS.md}
mkdir -p "$BENCH_DIR" && chmod 755 "$BENCH_DIR"
PORT=${BENCH_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
FIG="$BENCH_DIR/figures.txt"  # key value lines for the summary
: >"$FIG"

for tool in hyperfine psql python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/setup.sh installs it)" >&2; exit 2; }
done

source "$HERE/../lib/cluster.sh"  # bench_cluster_start: initdb, start, stop on exit

URL="postgresql://postgres@127.0.0.1:$PORT/bench?sslmode=disable"
TABLE=public.t
q() { psql -X -q -v ON_ERROR_STOP=1 "$URL" "$@"; }
fig() { echo "$1 $2" >>"$FIG"; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
json_mean() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('%.4f %.4f' % (r['mean'], r['min']))" "$1"; }
# Peak RSS (KB), wall (s), user+sys (s) of a command, from /usr/bin/time -v.
measure() {
  /usr/bin/time -v "$@" 2>"$BENCH_DIR/time.txt" >/dev/null || { cat "$BENCH_DIR/time.txt" >&2; return 1; }
  awk -F': ' '/Maximum resident/ {rss=$2} /User time/ {u=$2} /System time/ {s=$2}
    /Elapsed \(wall/ {n=split($2,a,":"); w=0; for(i=1;i<=n;i++) w=w*60+a[i]}
    END {printf "%s %.2f %.2f %.2f %.2f\n", rss, w, u+s, u, s}' "$BENCH_DIR/time.txt"
}

# A project loading seeds/public/t.csv (a symlink to the generated file) for n rows.
make_project() {
  local n=$1 dir="$BENCH_DIR/p$1"
  if [ ! -f "$BENCH_DIR/t$n.csv" ]; then
    python3 "$HERE/gen_csv.py" "$n" "$BENCH_DIR/t$n.csv"
    chmod 644 "$BENCH_DIR/t$n.csv"
  fi
  mkdir -p "$dir/seeds/public"
  printf '[paths]\nseeds = "seeds"\n' >"$dir/pgcrate.toml"
  ln -sf "$BENCH_DIR/t$n.csv" "$dir/seeds/public/t.csv"
}

bench_cluster_start "$BENCH_DIR" "$PORT"
psql -X -q "postgresql://postgres@127.0.0.1:$PORT/postgres?sslmode=disable" -c 'CREATE DATABASE bench'
q -c "$(python3 "$HERE/gen_csv.py" --ddl $TABLE)"
echo "== generating $ROWS rows"
make_project "$ROWS"
CSV="$BENCH_DIR/t$ROWS.csv"
P="$BENCH_DIR/p$ROWS"
BYTES=$(stat -c %s "$CSV")
fig rows "$ROWS"; fig bytes "$BYTES"; fig runs "$RUNS"
fig pg "$("$BINDIR/postgres" --version | awk '{print $3}')"
echo "   $CSV: $BYTES bytes; PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}'), port $PORT"

# Correctness first (also warms the page cache): every tool loads exactly ROWS rows.
cat >"$BENCH_DIR/txn.sql" <<SQL
BEGIN;
TRUNCATE $TABLE RESTART IDENTITY;
\\copy $TABLE FROM '$CSV' WITH (FORMAT csv, HEADER true)
ANALYZE $TABLE;
COMMIT;
SQL
tools=(psql-copy psql-copy-txn pgcrate)
if as_pg test -r "$CSV"; then tools+=(server-copy); fi
load_cmd() {
  case $1 in
    psql-copy) echo "psql -X -q '$URL' -c \"\\copy $TABLE FROM '$CSV' WITH (FORMAT csv, HEADER true)\"" ;;
    psql-copy-txn) echo "psql -X -q -v ON_ERROR_STOP=1 '$URL' -f '$BENCH_DIR/txn.sql'" ;;
    server-copy) echo "psql -X -q '$URL' -c \"COPY $TABLE FROM '$CSV' WITH (FORMAT csv, HEADER true)\"" ;;
    pgcrate) echo "cd '$P' && '$PGCRATE' -q -d '$URL' seed run -y" ;;
  esac
}
PREP="psql -X -q '$URL' -c 'TRUNCATE $TABLE' -c CHECKPOINT"
for t in "${tools[@]}"; do
  eval "$PREP"
  eval "$(load_cmd "$t")" >/dev/null
  n=$(q -Atc "SELECT count(*) FROM $TABLE")
  [ "$n" = "$ROWS" ] || { echo "$t loaded $n rows, expected $ROWS" >&2; exit 1; }
done
echo "   all of ${tools[*]} load $ROWS rows"

echo "== load $ROWS rows into an empty table, $RUNS interleaved rounds (load average $(load_avg))"
fig load_before "$(load_avg | tr ' ' /)"
for r in $(seq 1 "$RUNS"); do
  line="round $r:"
  for t in "${tools[@]}"; do
    hyperfine --runs 1 --style none --prepare "$PREP" -n "$t" "$(load_cmd "$t")" \
      --export-json "$BENCH_DIR/load-$t-$r.json" >/dev/null 2>&1
    read -r mean _ < <(json_mean "$BENCH_DIR/load-$t-$r.json")
    fig "load.$t" "$mean"
    line+=" $t $(printf %.2f "$mean") s"
  done
  echo "$line   (load $(load_avg))"
done
fig load_after "$(load_avg | tr ' ' /)"

# What ANALYZE alone costs on the loaded table (seed run and psql-copy-txn do it; psql-copy not).
eval "$PREP"; eval "$(load_cmd psql-copy)" >/dev/null
hyperfine --runs 3 --style none -n analyze "psql -X -q '$URL' -c 'ANALYZE $TABLE'" \
  --export-json "$BENCH_DIR/analyze.json" >/dev/null 2>&1
fig analyze "$(json_mean "$BENCH_DIR/analyze.json")"
echo "   ANALYZE alone: $(json_mean "$BENCH_DIR/analyze.json" | awk '{printf "mean %.2f s, min %.2f s", $1, $2}')"

echo "== peak RSS of seed run (and psql \\copy for reference)"
sizes=(100000 "$ROWS")
[ "$ROWS" = 100000 ] && sizes=(100000)
[ -n "${BENCH_10M:-}" ] && sizes+=(10000000)
for n in "${sizes[@]}"; do
  make_project "$n"
  eval "$PREP"
  read -r rss wall cpu usr sys < <(cd "$BENCH_DIR/p$n" && measure "$PGCRATE" -q -d "$URL" seed run -y)
  fig "rss.$n" "$rss $wall $cpu $usr $sys"
  echo "   seed run $n rows: peak RSS $rss KB, wall $wall s, CPU $cpu s (user $usr, sys $sys)"
  eval "$PREP"
  read -r rss wall cpu usr sys < <(measure psql -X -q "$URL" \
    -c "\\copy $TABLE FROM '$BENCH_DIR/t$n.csv' WITH (FORMAT csv, HEADER true)")
  fig "rss_psql.$n" "$rss $wall $cpu $usr $sys"
  echo "   psql \\copy $n rows: peak RSS $rss KB, wall $wall s, CPU $cpu s (user $usr, sys $sys)"
done

echo "== seed diff of the $ROWS-row seed against its loaded table"
eval "$PREP"
(cd "$P" && "$PGCRATE" -q -d "$URL" seed run -y)
(cd "$P" && "$PGCRATE" -d "$URL" seed diff) | tee "$BENCH_DIR/diff.txt" ||
  { echo "seed diff reports a difference right after seed run (or failed)" >&2; exit 1; }
# A floor for comparison: the file into a temp table, then a full join on the native key
# comparing the other columns as typed values (counts only), rolled back.
cat >"$BENCH_DIR/diff-floor.sql" <<SQL
BEGIN;
CREATE TEMP TABLE f ON COMMIT DROP AS SELECT * FROM $TABLE WITH NO DATA;
\copy f FROM '$CSV' WITH (FORMAT csv, HEADER true)
SELECT count(*) FILTER (WHERE t.id IS NULL), count(*) FILTER (WHERE f.id IS NULL),
  count(*) FILTER (WHERE (f.*) IS DISTINCT FROM (t.*)) FROM f FULL JOIN $TABLE t ON f.id = t.id;
ROLLBACK;
SQL
DRUNS=$(( RUNS < 3 ? RUNS : 3 ))
hyperfine --runs "$DRUNS" --style basic -n seed-diff "cd '$P' && '$PGCRATE' -q -d '$URL' seed diff" \
  -n psql-diff-floor "psql -X -q -v ON_ERROR_STOP=1 '$URL' -f '$BENCH_DIR/diff-floor.sql'" \
  --export-json "$BENCH_DIR/diff.json"
python3 - "$BENCH_DIR/diff.json" >>"$FIG" <<'PY'
import json, sys
for r, k in zip(json.load(open(sys.argv[1]))['results'], ["diff", "diff_floor"]):
    print(f"{k} {r['mean']:.4f} {r['min']:.4f}")
PY
read -r rss wall cpu usr sys < <(cd "$P" && measure "$PGCRATE" -q -d "$URL" seed diff)
fig rss_diff "$rss $wall $cpu $usr $sys"
echo "   seed diff: peak RSS $rss KB, wall $wall s, CPU $cpu s"

echo "== seed validate of the $ROWS-row file"
(cd "$P" && "$PGCRATE" seed validate --offline) | tee "$BENCH_DIR/validate.txt"
hyperfine --warmup 1 --runs "$RUNS" --style basic \
  -n validate-offline "cd '$P' && '$PGCRATE' -q seed validate --offline" \
  -n validate-db "cd '$P' && '$PGCRATE' -q -d '$URL' seed validate" \
  --export-json "$BENCH_DIR/validate.json"
python3 - "$BENCH_DIR/validate.json" >>"$FIG" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))['results']:
    print(f"{r['command']} {r['mean']:.4f} {r['min']:.4f}")
PY
read -r rss wall cpu usr sys < <(cd "$P" && measure "$PGCRATE" -q seed validate --offline)
fig rss_validate "$rss $wall $cpu $usr $sys"

# Summary (markdown) to stdout and $RESULTS (summary.py can redo it from figures.txt).
python3 "$HERE/summary.py" "$FIG" "$CMDLINE" "$(nproc)" "$(free -g | awk '/^Mem:/ {print $2}')" \
  "$(date -u '+%Y-%m-%d %H:%M UTC')" "$PGCRATE" "${tools[@]}" | tee "$RESULTS"
echo "raw figures in $BENCH_DIR"
