#!/usr/bin/env bash
# Runs @pgkit/migra and pgcrate on every src/diff/testdata case (from.sql -> to.sql): does
# each tool's SQL apply to the `from` database, and is the result identical to `to`
# (judged by `pgcrate inspect diff` and by pg_dump --schema-only)?
#
#   bench/catalog/migra_cases.sh            (PGCRATE=path, MIGRA=path to an installed migra)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pgcrate="${PGCRATE:-$root/build/src/cli/pgcrate}"
work="$(mktemp -d /tmp/pgcrate-migra-cases.XXXXXX)"; chmod 755 "$work"
cleanup() { (cd "$work" && "$pgcrate" dev stop >/dev/null 2>&1 || true); rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
"$pgcrate" dev start >/dev/null
base_url="$("$pgcrate" dev url)"
port="$(cat .pgcrate/dev/port)"; password="$(cat .pgcrate/dev/password)"
url() { echo "${base_url/\/postgres\?//$1?}"; }
tcp() { echo "postgresql://postgres:$password@127.0.0.1:$port/$1"; }
migra="${MIGRA:-}"
if [ -z "$migra" ]; then
  (mkdir -p node && cd node && npm init -y >/dev/null 2>&1 &&
   npm install --silent @pgkit/migra@0.6.1 >/dev/null 2>&1)
  migra="$work/node/node_modules/.bin/migra"
fi
dump() { pg_dump --schema-only --no-owner --no-privileges -d "$(url "$1")" | grep -v -e '^--' -e '^$' -e '^SET ' -e '^\\' -e 'set_config'; }
fresh() { psql -X -q -d "$(url postgres)" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" 2>/dev/null; }
# verdict DB: "ok" when DB now equals `to`, else what is left
verdict() {
  if ! "$pgcrate" -d "$(url "$1")" inspect diff --to "$(url dst)" >/dev/null; then
    echo "left: $("$pgcrate" -d "$(url "$1")" inspect diff --to "$(url dst)" | sed -n 2p)"
  elif [ "$(dump "$1")" != "$(dump dst)" ]; then echo "pg_dump differs"; else echo "ok"; fi
}
printf '%-32s %-12s %s\n' case pgcrate migra
pg_ok=0; mg_ok=0; total=0
for dir in "$root"/src/diff/testdata/*/; do
  name="$(basename "$dir")"; total=$((total + 1))
  for db in src dst pgc mig; do fresh $db; done
  for db in src pgc mig; do psql -X -q -v ON_ERROR_STOP=1 -d "$(url $db)" -f "$dir/from.sql" >/dev/null; done
  psql -X -q -v ON_ERROR_STOP=1 -d "$(url dst)" -f "$dir/to.sql" >/dev/null
  "$pgcrate" -d "$(url src)" inspect diff --to "$(url dst)" --sql > pgc.sql
  if psql -X -q -v ON_ERROR_STOP=1 -d "$(url pgc)" -f pgc.sql >/dev/null 2>err; then p="$(verdict pgc)"; else p="error: $(grep -m1 ERROR err)"; fi
  "$migra" "$(tcp src)" "$(tcp dst)" --unsafe > mig.sql 2>err
  if [ ! -s mig.sql ]; then m="nothing emitted"
  elif psql -X -q -v ON_ERROR_STOP=1 -d "$(url mig)" -f mig.sql >/dev/null 2>err; then m="$(verdict mig)"; else m="error: $(grep -m1 ERROR err | cut -c1-90)"; fi
  [ "$p" = ok ] && pg_ok=$((pg_ok + 1)); [ "$m" = ok ] && mg_ok=$((mg_ok + 1))
  printf '%-32s %-12s %s\n' "$name" "$p" "$m"
done
echo "correct migrations: pgcrate $pg_ok/$total, migra $mg_ok/$total"
