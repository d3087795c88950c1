#!/bin/sh
# Compares `pgcrate migrate lint` with squawk (npm package squawk-cli) on the same inputs:
#   catch rate on bench/lint/cases (one unsafe migration per risky operation),
#   findings on tests/corpus, and speed on 1,000 files and on one 10,000-statement file.
# Usage: bench/lint/run.sh PGCRATE_BINARY [SQUAWK_BINARY]   (squawk: npm install squawk-cli)
set -eu
PGCRATE=${1:?pgcrate binary}
SQUAWK=${2:-$(command -v squawk || echo node_modules/.bin/squawk)}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 "$HERE/gen.py" "$WORK"

if [ "${SPEED_ONLY:-0}" != 1 ]; then
echo "== catch rate (bench/lint/cases) =="
for f in "$HERE"/cases/*.sql; do
  p=$("$PGCRATE" migrate lint --offline --json "$f" | python3 -c 'import json,sys; print(",".join(sorted({x["rule"] for x in json.load(sys.stdin)["findings"]})) or "-")')
  s=$("$SQUAWK" --reporter json "$f" 2>/dev/null | python3 -c 'import json,sys; d=sys.stdin.read(); print(",".join(sorted({x["rule_name"] for x in json.loads(d or "[]")})) or "-")' || true)
  printf '%-36s pgcrate: %-60s squawk: %s\n' "$(basename "$f" .sql)" "$p" "$s"
done

echo "== findings per rule on the shared corpus (false-alarm review) =="
CORPUS=${CORPUS:-$HERE/../../tests/corpus}
set -- $(ls "$CORPUS"/migrations-harness/postgres/*.sql | grep -v '\.down\.sql$') \
  "$CORPUS"/pagila/pagila-schema.sql "$CORPUS"/schema-openslides/schema_relational.sql \
  "$CORPUS"/schema-synapse/full.sql.postgres
echo "files: $#"
echo "-- pgcrate (offline):"
"$PGCRATE" migrate lint --offline --json "$@" | python3 -c '
import collections, json, sys
d = json.load(sys.stdin)
for rule, n in collections.Counter(f["rule"] for f in d["findings"]).most_common():
    print("  %5d %s" % (n, rule))
print("  summary:", d["summary"])'
echo "-- squawk:"
"$SQUAWK" --reporter json "$@" 2>/dev/null | python3 -c '
import collections, json, sys
d = json.loads(sys.stdin.read() or "[]")
for rule, n in collections.Counter(f["rule_name"] for f in d).most_common():
    print("  %5d %s" % (n, rule))' || true

echo "== migrations-harness, each file linted alone (every earlier migration applied) =="
count_pgcrate() { python3 -c '
import collections, json, sys
dec, s, i, c = json.JSONDecoder(), sys.stdin.read(), 0, collections.Counter()
while True:
    while i < len(s) and s[i].isspace(): i += 1
    if i >= len(s): break
    d, i = dec.raw_decode(s, i)
    c.update(f["rule"] for f in d["findings"])
for rule, n in c.most_common(): print("  %5d %s" % (n, rule))'; }
count_squawk() { python3 -c '
import collections, json, sys
c = collections.Counter()
for line in sys.stdin:
    line = line.strip()
    if line.startswith("["): c.update(f["rule_name"] for f in json.loads(line))
for rule, n in c.most_common(): print("  %5d %s" % (n, rule))'; }
echo "-- pgcrate:"
for f in $(ls "$CORPUS"/migrations-harness/postgres/*.sql | grep -v '\.down\.sql$'); do
  "$PGCRATE" migrate lint --offline --json "$f" || true; done | count_pgcrate
echo "-- squawk:"
for f in $(ls "$CORPUS"/migrations-harness/postgres/*.sql | grep -v '\.down\.sql$'); do
  { "$SQUAWK" --reporter json "$f" 2>/dev/null || true; } | tr -d '\n'; echo; done | count_squawk

fi  # SPEED_ONLY

# Best of 3 runs: wall seconds, user+sys CPU seconds, peak RSS KB.
measure() {
  best=""
  for i in 1 2 3; do
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/t" "$@" > /dev/null 2>&1 || true
    line=$(cat "$WORK/t" | tail -1)
    best=$(printf '%s\n%s\n' "$best" "$line" | awk 'NF==4' | sort -n | head -1)
  done
  echo "$best"
}
report() {  # name statements wall user sys rss
  awk -v n="$1" -v s="$2" -v w="$3" -v u="$4" -v y="$5" -v m="$6" 'BEGIN {
    printf "%-34s %8.3f s wall %8.0f stmt/s wall %8.0f stmt/s cpu  peak RSS %6.1f MB\n",
           n, w, s / (w > 0 ? w : 0.001), s / ((u + y) > 0 ? (u + y) : 0.001), m / 1024 }'
}
# Speed inputs: big.sql (few findings), findings.sql (10,000 statements cycling through 24
# DDL shapes on existing tables, most with findings: issue 10 #23) and many/. SPEED_ONLY=1
# skips the catch-rate and corpus parts. With hyperfine (PGCRATE_BENCH_DEPS=1
# scripts/setup.sh) every pgcrate format and squawk also run in one hyperfine session per
# input, and the ratios are printed.
echo "== speed =="
for input in big findings many; do
  case $input in
    big|findings) args="$WORK/$input.sql"; n=10000 ;;
    many) args="$WORK/many"; n=$(cat "$WORK/many.count") ;;
  esac
  for fmt in text json github sarif; do
    set -- $(measure "$PGCRATE" migrate lint --offline --format "$fmt" $args)
    report "pgcrate $input --format $fmt" "$n" "$@"
  done
  sq_args=$args
  [ "$input" = many ] && sq_args="$WORK/many/*.sql"
  set -- $(measure sh -c "\"$SQUAWK\" --reporter json $sq_args")
  report "squawk $input --reporter json" "$n" "$@"
  set -- $(measure sh -c "\"$SQUAWK\" $sq_args")
  report "squawk $input (default reporter)" "$n" "$@"
done

command -v hyperfine > /dev/null || exit 0
echo "== speed, one hyperfine session per input (mean wall time; ratio = squawk json / pgcrate) =="
for input in big findings many; do
  case $input in
    big|findings) args="$WORK/$input.sql"; sq_args=$args ;;
    many) args="$WORK/many"; sq_args="$WORK/many/*.sql" ;;
  esac
  # The default shell (its start-up time is subtracted) expands squawk's glob.
  hyperfine --warmup 2 --runs "${RUNS:-20}" --export-json "$WORK/h.json" -i \
    "$PGCRATE migrate lint --offline --format text $args" \
    "$PGCRATE migrate lint --offline --format json $args" \
    "$PGCRATE migrate lint --offline --format github $args" \
    "$PGCRATE migrate lint --offline --format sarif $args" \
    "$SQUAWK --reporter json $sq_args" > /dev/null
  python3 - "$WORK/h.json" "$input" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
sq = r[-1]["mean"]
for x in r:
    name = "squawk json" if x is r[-1] else "pgcrate " + x["command"].split("--format ")[1].split()[0]
    print("%-9s %-16s mean %7.1f ms  user+sys %7.1f ms  ratio %5.2fx" % (
        sys.argv[2], name, x["mean"] * 1000, (x["user"] + x["system"]) * 1000, sq / x["mean"]))
PY
done
