#!/usr/bin/env bash
# `dba triage` (goal < 300 ms) and `dba doctor` (goal < 1 s) wall time with hyperfine, and
# their peak RSS (goal < 30 MB) with /usr/bin/time -v, on a database with 500 tables (each
# with an identity PK, a FK to the previous table, two indexes, 20 rows, analyzed).
# Usage: timings.sh PGCRATE URL_OF_postgres_DB OUTDIR   (PGHOST/PGPORT/PGUSER set)
set -euo pipefail
pgcrate="$1"; admin_url="$2"; outdir="$3"
url="${admin_url/\/postgres\?//bench500?}"
tables=500

psql -qX -d postgres -c "DROP DATABASE IF EXISTS bench500" -c "CREATE DATABASE bench500"
python3 - "$tables" > "$outdir/.schema.sql" <<'EOF'
import sys
n = int(sys.argv[1])
for i in range(n):
    fk = f", parent_id bigint REFERENCES t_{i - 1}" if i else ", parent_id bigint"
    print(f"CREATE TABLE t_{i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY{fk}, "
          f"name text, created_at timestamptz DEFAULT now());")
    print(f"CREATE INDEX t_{i}_parent_idx ON t_{i} (parent_id);")
    print(f"CREATE INDEX t_{i}_created_idx ON t_{i} (created_at);")
    print(f"INSERT INTO t_{i} (name) SELECT 'row ' || g FROM generate_series(1, 20) g;")
print("ANALYZE;")
EOF
psql -qX -v ON_ERROR_STOP=1 -d bench500 -f "$outdir/.schema.sql" >/dev/null
rm -f "$outdir/.schema.sql"
count="$(psql -qAtX -d bench500 -c "SELECT count(*) FROM pg_stat_user_tables")"

empty="$(mktemp -d)"  # no pgcrate.toml, no migrations: doctor reads defaults
cd "$empty"
hyperfine -N -i --warmup 3 --runs 30 --export-json "$outdir/hyperfine.json" \
  "$pgcrate -d $url dba triage" "$pgcrate -d $url dba doctor" >/dev/null
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {print $2+0}'; }
rss_triage="$(rss "$pgcrate" -d "$url" dba triage)"
rss_doctor="$(rss "$pgcrate" -d "$url" dba doctor)"
cd / && rm -rf "$empty"

python3 - "$outdir/hyperfine.json" "$rss_triage" "$rss_doctor" "$count" > "$outdir/timings.md" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
rss = {"triage": int(sys.argv[2]), "doctor": int(sys.argv[3])}
goal = {"triage": 300, "doctor": 1000}
print(f"## Timings on a database with {sys.argv[4]} tables\n")
print("| command | mean (ms) | σ (ms) | min (ms) | max (ms) | goal | peak RSS (MB) | goal |")
print("|---|---|---|---|---|---|---|---|")
for r in res:
    name = "triage" if r["command"].endswith("triage") else "doctor"
    ms = lambda v: f"{v * 1000:.1f}"
    print(f"| dba {name} | {ms(r['mean'])} | {ms(r['stddev'])} | {ms(r['min'])} | {ms(r['max'])} "
          f"| < {goal[name]} ms {'ok' if r['mean'] * 1000 < goal[name] else 'MISSED'} "
          f"| {rss[name] / 1024:.1f} | < 30 MB {'ok' if rss[name] < 30 * 1024 else 'MISSED'} |")
print("\nhyperfine -N --warmup 3 --runs 30; peak RSS from /usr/bin/time -v (one run each).")
EOF
