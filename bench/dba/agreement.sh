#!/usr/bin/env bash
# Builds one broken database and runs check_postgres and pgcrate on it with the same
# thresholds; writes a markdown table: for each problem, what check_postgres reports and
# whether pgcrate reports it too, plus what pgcrate finds that check_postgres does not.
# Usage: agreement.sh PGCRATE URL_OF_postgres_DB OUT.md   (PGHOST/PGPORT/PGUSER set)
set -euo pipefail
pgcrate="$1"; admin_url="$2"; out_md="$3"
here="$(cd "$(dirname "$0")" && pwd)"
url="${admin_url/\/postgres\?//broken?}"
tmp="$(mktemp -d)"

psql -qX -d postgres -c "DROP DATABASE IF EXISTS broken" -c "CREATE DATABASE broken"
psql -qX -v ON_ERROR_STOP=1 -d broken -f "$here/broken.sql" >/dev/null
# A lock held by one session and waited on by another.
psql -qX -d broken -c "BEGIN; LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120)" \
  >/dev/null 2>&1 & echo $! > "$PWD/holder.pid"
sleep 0.5
psql -qX -d broken -c "SELECT count(*) FROM accounts" >/dev/null 2>&1 &
waiter=$!
sleep 1.5  # the vacuum/analyze times below are compared against 1 second

cp_run() {  # action, extra args...
  local action="$1"; shift
  check_postgres --action="$action" --dbname=broken "$@" > "$tmp/cp_$action.txt" 2>&1 || true
}
cp_run sequence
cp_run txn_wraparound --warning=10 --critical=1400000000
cp_run bloat --warning='1 M' --critical='1 G'
cp_run locks --warning='waiting=1' --critical='waiting=10'
cp_run last_vacuum --warning='1s' --critical='1d' --exclude='pg_catalog.'
cp_run last_analyze --warning='1s' --critical='1d' --exclude='pg_catalog.'

cat > "$tmp/pgcrate.toml" <<'EOF'
# The same thresholds as the check_postgres runs above.
[dba.xid]
warning_pct = 0.00000046566  # 10 XIDs of 2^31
critical_pct = 65.19         # 1.4e9
[dba.bloat]
min_bytes = 1048576
warning_pct = 0.0001
critical_pct = 99.9
[dba.vacuum]
min_dead_tuples = 0
stale_vacuum_days = 0.0000116  # 1 second
[dba.stats-age]
changed_pct = 0
warning_days = 0.0000116
critical_days = 1
EOF
for check in sequences xid bloat locks vacuum stats-age; do
  (cd "$tmp" && "$pgcrate" -d "$url" --json dba "$check" > "$tmp/pg_$check.json" 2>"$tmp/pg_$check.err") || true
done
kill "$waiter" 2>/dev/null || true
python3 "$here/compare.py" "$tmp" > "$out_md" || true
rm -rf "$tmp"
