#!/usr/bin/env bash
# DBA bench. Starts a throwaway cluster (pgcrate dev, in a temp directory) and measures:
#  1. agreement with check_postgres (Debian package check-postgres) on one broken database:
#     for sequence, txn_wraparound, bloat, locks, last_vacuum and last_analyze, every problem
#     check_postgres reports must be reported by pgcrate too (same thresholds on both sides);
#  2. `dba triage` and `dba doctor` wall time (hyperfine) and peak RSS (/usr/bin/time -v) on a
#     database with 500 tables.
# Needs: PGCRATE_BENCH_DEPS=1 scripts/setup.sh (hyperfine, check-postgres, time), python3.
# Usage: bench/dba/run.sh [path/to/pgcrate]   (default build/src/cli/pgcrate)
# Writes bench/dba/results/{agreement.md,timings.md,hyperfine.json} and prints them.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pgcrate="$(readlink -f "${1:-$root/build/src/cli/pgcrate}")"
out="$here/results"
mkdir -p "$out"
for tool in hyperfine check_postgres psql python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (PGCRATE_BENCH_DEPS=1 scripts/setup.sh)" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time missing" >&2; exit 1; }

work="$(mktemp -d /tmp/pgcrate-dba-bench-XXXXXX)"
chmod 755 "$work"
holder_pid=""
cleanup() {
  [[ -n "$holder_pid" ]] && kill "$holder_pid" 2>/dev/null || true
  (cd "$work" && "$pgcrate" dev stop >/dev/null 2>&1) || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
"$pgcrate" dev start >/dev/null
base_url="$("$pgcrate" dev url)"
socket="$(python3 -c 'import sys,urllib.parse as u; q=u.parse_qs(u.urlparse(sys.argv[1]).query); print(q["host"][0])' "$base_url")"
port="$(python3 -c 'import sys,urllib.parse as u; q=u.parse_qs(u.urlparse(sys.argv[1]).query); print(q["port"][0])' "$base_url")"
export PGHOST="$socket" PGPORT="$port" PGUSER=postgres
db_url() { echo "postgresql://postgres@/$1?host=$socket&port=$port"; }

"$here/agreement.sh" "$pgcrate" "$(db_url postgres)" "$out/agreement.md"
holder_pid="$(cat "$work/holder.pid" 2>/dev/null || true)"
"$here/timings.sh" "$pgcrate" "$(db_url postgres)" "$out"
cat "$out/agreement.md" "$out/timings.md"
