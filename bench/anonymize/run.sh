#!/usr/bin/env bash
# Anonymize benchmark (issue 15): a ROWS-row table (id bigint PK, email UNIQUE, name, phone,
# city, created_at, amount, note) copied from one database into an empty one on a throwaway
# `pgcrate dev` cluster (fsync off, unix socket), three ways, interleaved round by round:
#   plain-copy      psql "COPY t TO STDOUT" | psql "COPY t FROM STDIN" into the pre-data schema,
#                   then the post-data section (PK + unique index) — what anonymize does,
#                   without the rules (schema creation not timed)
#   pgcrate-keep    `pgcrate anonymize --to` with the 4 columns set to "keep" (the pipeline
#                   with no transform: schema via pg_dump/psql, COPY out/in, post-data)
#   pgcrate-anon    `pgcrate anonymize --to` with email=email, name=name, phone=mask(keep_last=4),
#                   city=city
# Reported: best and median wall time of RUNS rounds, rows/s, and peak RSS of pgcrate (from
# /usr/bin/time -v). Goal: pgcrate-anon >= 0.5x the throughput of plain-copy, RSS < 100 MB.
#
# Usage: bench/anonymize/run.sh [PGCRATE_BINARY] [ROWS=1000000] [RUNS=3]
#   RESULTS (default bench/anonymize/RESULTS.md next to this script) receives the summary.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PGCRATE=$(realpath "${1:-build/src/cli/pgcrate}")
ROWS=${2:-1000000}
RUNS=${3:-3}
CMDLINE="bench/anonymize/run.sh $*"
RESULTS=${RESULTS:-$HERE/RESULTS.md}
WORK=$(mktemp -d /tmp/pgcrate-anonbench-XXXXXX)
chmod 755 "$WORK"
cd "$WORK"

for tool in psql pg_dump python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

"$PGCRATE" dev start >/dev/null
cleanup() { "$PGCRATE" dev stop >/dev/null 2>&1 || true; cd /; rm -rf "$WORK"; }
trap cleanup EXIT
BASE=$("$PGCRATE" dev url)
url() { python3 -c 'import sys; u=sys.argv[1]; a,b=u.split("?",1); print(a.rsplit("/",1)[0]+"/"+sys.argv[2]+"?"+b)' "$BASE" "$1"; }
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
SRC=$(url src)

q "$BASE" -c "CREATE DATABASE src"
q "$SRC" <<SQL
CREATE TABLE t (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text, phone text,
                city text, created_at timestamptz, amount numeric(12,2), note text);
INSERT INTO t SELECT g, 'user' || g || '@corp.test', 'Person Number ' || g, '+33 6 12 ' || g,
  'City ' || (g % 1000), timestamptz '2020-01-01' + g * interval '1 minute', g % 10000 / 100.0,
  'note ' || md5(g::text) FROM generate_series(1, $ROWS) g;
VACUUM ANALYZE t;
SQL
BYTES=$(psql -X -At "$SRC" -c "SELECT pg_total_relation_size('t')")
PRE=$(pg_dump -s --section=pre-data --no-owner --no-privileges -d "$SRC")
POST=$(pg_dump -s --section=post-data --no-owner --no-privileges -d "$SRC")

cat > keep.toml <<'T'
[anonymize]
"public.t.email" = "keep"
"public.t.name" = "keep"
"public.t.phone" = "keep"
"public.t.city" = "keep"
T
cat > anon.toml <<'T'
[anonymize]
"public.t.email" = "email"
"public.t.name" = "name"
"public.t.phone" = "mask(keep_last=4)"
"public.t.city" = "city"
T

n=0
fresh() { n=$((n + 1)); q "$BASE" -c "CREATE DATABASE d$n"; q "$BASE" -c "CHECKPOINT"; DST=$(url "d$n"); }
now() { date +%s.%N; }
declare -A times rss
run_plain() {
  fresh; local dst=$DST
  printf '%s\n' "$PRE" | q "$dst" >/dev/null
  local t0; t0=$(now)
  psql -X -q "$SRC" -c "COPY t TO STDOUT" | psql -X -q "$dst" -c "COPY t FROM STDIN"
  printf '%s\n' "$POST" | q "$dst" >/dev/null
  times[plain]+="$(python3 -c "print($(now) - $t0)") "
}
run_pgcrate() {  # $1 = keep|anon
  fresh; local dst=$DST
  local t0; t0=$(now)
  PGCRATE_ANON_SALT=bench-salt /usr/bin/time -v -o "time.$1" \
    "$PGCRATE" --config "$1.toml" -d "$SRC" --quiet anonymize --to "$dst" >/dev/null
  times[$1]+="$(python3 -c "print($(now) - $t0)") "
  rss[$1]+="$(awk -F': ' '/Maximum resident/ {print $2}' "time.$1") "
  [ "$(psql -X -At "$dst" -c 'SELECT count(*) FROM t')" = "$ROWS" ] || { echo "row count mismatch" >&2; exit 1; }
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= RUNS; r++)); do
  run_plain
  run_pgcrate keep
  run_pgcrate anon
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

summary=$(python3 - "$ROWS" "${times[plain]}" "${times[keep]}" "${times[anon]}" "${rss[keep]}" "${rss[anon]}" <<'PY'
import sys, statistics as st
rows = int(sys.argv[1])
t = {k: [float(x) for x in sys.argv[i].split()] for k, i in (("plain", 2), ("keep", 3), ("anon", 4))}
rss = {k: max(int(x) for x in sys.argv[i].split()) for k, i in (("keep", 5), ("anon", 6))}
print("| pipeline | best s | median s | rows/s (best) | vs plain-copy (best) | peak RSS |")
print("|---|---|---|---|---|---|")
for k, name in (("plain", "plain-copy"), ("keep", "pgcrate-keep"), ("anon", "pgcrate-anon")):
    b, m = min(t[k]), st.median(t[k])
    ratio = min(t["plain"]) / b
    mem = "%.1f MB" % (rss[k] / 1024) if k in rss else "-"
    print("| %s | %.2f | %.2f | %d | %.2fx | %s |" % (name, b, m, rows / b, ratio, mem))
PY
)
{
  echo "# Anonymize benchmark"
  echo
  echo "Command: \`$CMDLINE\` ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $LOAD_BEFORE before, $LOAD_AFTER after;"
  echo "PostgreSQL $(psql -X -At "$SRC" -c 'SHOW server_version'), pgcrate dev cluster (fsync off), table of $ROWS rows, $((BYTES / 1024 / 1024)) MB with indexes; $RUNS rounds, interleaved)."
  echo
  echo "$summary"
  echo
  echo "plain-copy: psql COPY TO STDOUT | psql COPY FROM STDIN into the pre-data schema, then the post-data"
  echo "section (PK + unique index). pgcrate-keep: \`anonymize --to\` with the 4 columns \"keep\"."
  echo "pgcrate-anon: email=email, name=name, phone=mask(keep_last=4), city=city. pgcrate times include"
  echo "pg_dump (twice), psql for pre- and post-data, and the sequence step."
} >"$RESULTS"
cat "$RESULTS"
