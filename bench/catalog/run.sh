#!/usr/bin/env bash
# Catalog benchmark: introspection vs pg_dump --schema-only, and `inspect diff` vs
# @pgkit/migra on two copies of a generated schema (bench/catalog/gen_schema.py) that differ
# by 21 single changes. Also checks that every change is found, and that each tool's SQL,
# applied to a copy of the first database, really produces the second one.
#
#   bench/catalog/run.sh [N ...]      (default: 500 5000 tables)
#
# Needs: a built pgcrate (PGCRATE=path, default build/src/cli/pgcrate), PostgreSQL server
# binaries (a throwaway cluster is started with `pgcrate dev start` in a temp dir), python3,
# GNU time, and node/npm for @pgkit/migra (installed into the temp dir; MIGRA=path to skip).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pgcrate="${PGCRATE:-$root/build/src/cli/pgcrate}"
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(500 5000)
work="$(mktemp -d /tmp/pgcrate-catalog-bench.XXXXXX)"
chmod 755 "$work"
cleanup() { (cd "$work" && "$pgcrate" dev stop >/dev/null 2>&1 || true); rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
"$pgcrate" dev start >/dev/null
base_url="$("$pgcrate" dev url)"
port="$(cat .pgcrate/dev/port)"; password="$(cat .pgcrate/dev/password)"
url() { echo "${base_url/\/postgres\?//$1?}"; }
tcp() { echo "postgresql://postgres:$password@127.0.0.1:$port/$1"; }
psql_run() { psql -X -q -v ON_ERROR_STOP=1 -d "$(url "$1")" "${@:2}"; }

migra="${MIGRA:-}"
if [ -z "$migra" ]; then
  (mkdir -p node && cd node && npm init -y >/dev/null 2>&1 &&
   npm install --silent @pgkit/migra@0.6.1 >/dev/null 2>&1) || true
  migra="$work/node/node_modules/.bin/migra"
fi

# best-of-3 wall time in ms and peak RSS in MB of a command (output discarded)
measure() {
  local best=999999999 rss=0
  for _ in 1 2 3; do
    local t0 t1; t0=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 )); [ $ms -lt $best ] && best=$ms
    rss=$(( $(tail -1 "$work/rss") / 1024 ))
  done
  echo "$best ms, peak RSS $rss MB"
}

# the pattern that shows each change was found: "id|pgcrate text pattern|migra SQL pattern"
patterns() {
  local n=$1 leaf; leaf=$(printf 't%05d' $((n - 2)))
  cat <<P
add_table|+ table public.extra|create table "public"."extra"
drop_table|- table public.$leaf|drop table "public"."$leaf"
add_column|+ column public.t00010.added|add column "added"
drop_column|- column public.t00012.c3|drop column "c3"
alter_column_type|~ column public.t00014.c2: type|alter column "c2" set data type
set_not_null|~ column public.t00016.c1: set not null|alter column "c1" set not null
set_default|~ column public.t00018.c1: default|alter column "c1" set default
add_index|+ index public.t00020_new|index t00020_new
drop_index|- index public.t00022_c2|"t00022_c2"
add_fk|+ constraint public.t00024.t00024_other_id_fkey|add constraint "t00024_other_id_fkey"
drop_fk|- constraint public.t00026.t00026_parent_id_fkey|drop constraint "t00026_parent_id_fkey"
add_check|+ constraint public.t00028.t00028_id_positive|add constraint "t00028_id_positive"
add_enum_value|~ enum public.e05: add value 'z5'|'z5'
add_enum|+ enum public.e_new|"e_new"
change_view|~ view public.v001|"v001"
add_view|+ view public.v_new|"v_new"
change_function|~ function public.f15(|f15
add_function|+ function public.f_new(|f_new
add_trigger|+ trigger public.t00032.trg_new|trg_new
drop_trigger|- trigger public.t00033.trg03|trg03
add_sequence|+ sequence public.seq_new|seq_new
P
}

set +o pipefail
for n in "${sizes[@]}"; do
  echo "== $n tables"
  for db in a_$n b_$n pgc_$n mig_$n; do psql_run postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"; done
  python3 "$here/gen_schema.py" schema "$n" > schema.sql
  python3 "$here/gen_schema.py" changes "$n" > changes.sql
  for db in a_$n b_$n pgc_$n mig_$n; do psql_run "$db" -f schema.sql; done
  psql_run "b_$n" -f changes.sql
  echo "pg_dump --schema-only:        $(measure pg_dump --schema-only -d "$(url a_$n)")"
  echo "pgcrate introspection:        $(measure "$pgcrate" -d "$(url a_$n)" --json inspect table t00000)"
  echo "pgcrate inspect diff:         $(measure "$pgcrate" -d "$(url a_$n)" --json inspect diff --to "$(url b_$n)")"
  "$pgcrate" -d "$(url a_$n)" --json inspect diff --to "$(url b_$n)" --sql > pgcrate.json || true
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); open("pgcrate.txt","w").write(d["formatted_diff"]); open("pgcrate.sql","w").write(d["sql"])' pgcrate.json
  found=0; missed=""
  while IFS='|' read -r id pat _; do
    if grep -qF -- "$pat" pgcrate.txt; then found=$((found + 1)); else missed="$missed $id"; fi
  done < <(patterns "$n")
  echo "pgcrate found $found/21 changes${missed:+ (missed:$missed)}"
  if psql_run "pgc_$n" -f pgcrate.sql >/dev/null 2>pgcrate.err; then
    "$pgcrate" -d "$(url pgc_$n)" inspect diff --to "$(url b_$n)" >/dev/null && echo "pgcrate SQL applied: identical to the target" \
      || echo "pgcrate SQL applied: still different: $("$pgcrate" -d "$(url pgc_$n)" inspect diff --to "$(url b_$n)" | tail -1)"
  else echo "pgcrate SQL failed: $(head -1 pgcrate.err)"; fi
  if [ -x "$migra" ]; then
    echo "@pgkit/migra:                 $(measure "$migra" "$(tcp a_$n)" "$(tcp b_$n)" --unsafe)"
    "$migra" "$(tcp a_$n)" "$(tcp b_$n)" --unsafe > migra.sql 2>migra.err || true
    found=0; missed=""
    while IFS='|' read -r id _ pat; do
      if grep -qiF -- "$pat" migra.sql; then found=$((found + 1)); else missed="$missed $id"; fi
    done < <(patterns "$n")
    echo "migra found $found/21 changes${missed:+ (missed:$missed)}"
    if psql_run "mig_$n" -f migra.sql >/dev/null 2>migra.apply.err; then
      left="$("$pgcrate" -d "$(url mig_$n)" inspect diff --to "$(url b_$n)" | sed 1d || true)"
      echo "migra SQL applied; differences left: $(echo "$left" | tail -1)"
      echo "$left" | sed '$d' | sed 's/^/    /'
    else echo "migra SQL failed to apply: $(grep -m1 ERROR migra.apply.err)"; fi
  fi
done
