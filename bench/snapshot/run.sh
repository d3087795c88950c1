#!/usr/bin/env bash
# Snapshot benchmark: `pgcrate snapshot save` / `restore` against plain pg_dump -Fd /
# pg_restore with the same --jobs on a generated database, in the same run (hyperfine), and
# `snapshot save --template` (CREATE DATABASE ... TEMPLATE) of the same database.
#
#   bench/snapshot/run.sh [ROWS]      (default 2000000 rows in 4 tables, about 200 MB on disk)
#
# Env: JOBS (default 2), RUNS (default 3), PGCRATE (default build/src/cli/pgcrate).
# Needs: PostgreSQL server and client binaries (a throwaway cluster is started with
# `pgcrate dev start` in a temp dir), psql, hyperfine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pgcrate="${PGCRATE:-$root/build/src/cli/pgcrate}"
rows="${1:-2000000}"
jobs="${JOBS:-2}"
runs="${RUNS:-3}"
work="$(mktemp -d /tmp/pgcrate-snapshot-bench.XXXXXX)"
chmod 755 "$work"
cleanup() { (cd "$work" && "$pgcrate" dev stop >/dev/null 2>&1 || true); rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
"$pgcrate" dev start >/dev/null
base_url="$("$pgcrate" dev url)"
url() { echo "${base_url/\/postgres\?//$1?}"; }
psql_run() { psql -X -q -v ON_ERROR_STOP=1 -d "$(url "$1")" "${@:2}"; }

psql_run postgres -c "CREATE DATABASE bench"
per=$((rows / 4))
for t in 1 2 3 4; do
  psql_run bench -c "CREATE TABLE events_$t (id bigint PRIMARY KEY, at timestamptz NOT NULL,
      kind int NOT NULL, payload text NOT NULL);
    INSERT INTO events_$t SELECT g, '2024-01-01'::timestamptz + g * interval '1 second',
      g % 17, md5(g::text) || repeat(md5((g::bigint * 7919)::text), 2) FROM generate_series(1, $per) g;
    CREATE INDEX ON events_$t (at);" &
done
wait
psql_run bench -c "VACUUM ANALYZE"
size="$(psql_run bench -At -c "SELECT pg_size_pretty(pg_database_size('bench'))")"
echo "database bench: $rows rows in 4 tables, $size; jobs=$jobs; $(pg_dump --version)"
echo "machine: $(nproc) cores, $(uname -r)"

export PGCRATE_BIN="$pgcrate"
printf '[database]\nurl = "%s"\n' "$(url bench)" > pgcrate.toml
hyperfine --runs "$runs" --export-markdown save.md \
  --prepare "rm -rf .pgcrate/snapshots/s1 plain" \
  -n "pgcrate snapshot save --jobs $jobs" "$pgcrate -q snapshot save s1 --jobs $jobs" \
  -n "pg_dump -Fd --jobs $jobs" "pg_dump -Fd --jobs $jobs -f plain -d '$(url bench)'"

"$pgcrate" -q snapshot save s1 --jobs "$jobs" >/dev/null
rm -rf plain && pg_dump -Fd --jobs "$jobs" -f plain -d "$(url bench)"
drop() { echo "psql -X -q -d '$(url postgres)' -c 'DROP DATABASE IF EXISTS $1'"; }
hyperfine --runs "$runs" --export-markdown restore.md \
  -n "pgcrate snapshot restore --jobs $jobs" \
  --prepare "$(drop r1)" "$pgcrate -q snapshot restore s1 --to '$(url r1)' --jobs $jobs" \
  -n "CREATE DATABASE + pg_restore --jobs $jobs" \
  --prepare "$(drop r2)" \
  "psql -X -q -d '$(url postgres)' -c 'CREATE DATABASE r2' && pg_restore --jobs $jobs -d '$(url r2)' plain"

hyperfine --runs "$runs" --export-markdown template.md \
  --prepare "$pgcrate -q snapshot delete t1 --yes >/dev/null 2>&1 || true" \
  -n "pgcrate snapshot save --template" "$pgcrate -q snapshot save t1 --template" \
  -n "pgcrate snapshot restore (template) --replace" \
  --prepare "$pgcrate -q snapshot save t1 --template >/dev/null 2>&1 || true" \
  "$pgcrate -q snapshot restore t1 --to '$(url r3)' --replace --yes"
cat save.md restore.md template.md
