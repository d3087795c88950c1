#!/usr/bin/env bash
# Model benchmark (issue 13): a generated project of MODELS models in 4 layers (views, tables,
# a few incremental) over 20 seeded tables, on a local PostgreSQL started here with DEFAULT
# server settings. Compared in one run, interleaved (hyperfine):
#   pgcrate model run --threads 1 / --threads 4   vs  the psql floor: one psql session running
#                                                     the same statements in dependency order
#   pgcrate model test --threads 1 / 4            vs  psql running the same test queries
# Then the offline commands over 1,000 models: model graph, compile, lint deps (and status,
# which reads the catalog).
#
# Usage: bench/model/run.sh [PGCRATE_BINARY] [MODELS=200] [RUNS=5]
#   BASELINE=/path/to/older/pgcrate adds that binary's `model run --threads 1/4` to the same
#   interleaved run (an A/B comparison that the machine's drift between runs cannot skew).
set -euo pipefail
PGCRATE=$(realpath "${1:-build/src/cli/pgcrate}")
MODELS=${2:-200}
RUNS=${3:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/pgcrate-model-bench-XXXXXX)}
mkdir -p "$BENCH_DIR"
chmod 755 "$BENCH_DIR"
PORT=${BENCH_PORT:-55442}
# shellcheck source=../lib/cluster.sh
source "$HERE/../lib/cluster.sh"
bench_cluster_start "$BENCH_DIR" "$PORT"
URL="postgresql://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"

python3 "$HERE/gen.py" "$BENCH_DIR/w" "$MODELS" >/dev/null
python3 "$HERE/gen.py" "$BENCH_DIR/w1000" 1000 20 10 >/dev/null
W="$BENCH_DIR/w"
psql -X -q "$URL" -f "$W/setup.sql"
(cd "$W/project" && "$PGCRATE" -q -d "$URL" seed run >/dev/null)
(cd "$W/project" && "$PGCRATE" -q -d "$URL" model run >/dev/null)   # first build
psql -X -q "$URL" -c "CREATE DATABASE floor"
FLOOR_URL="${URL/\/postgres\?//floor?}"
psql -X -q "$FLOOR_URL" -f "$W/setup.sql"
(cd "$W/project" && "$PGCRATE" -q -d "$FLOOR_URL" seed run >/dev/null)
psql -X -q -v ON_ERROR_STOP=1 "$FLOOR_URL" -f "$W/floor_run.sql" >/dev/null

echo "== $MODELS models, PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}'), $(nproc) cores"
cd "$W/project"
AB=()
if [ -n "${BASELINE:-}" ]; then
  B=$(realpath "$BASELINE")
  AB=(-n "baseline run --threads 1" "$B -q -d '$URL' model run --threads 1"
      -n "baseline run --threads 4" "$B -q -d '$URL' model run --threads 4")
fi
hyperfine --warmup 1 --runs "$RUNS" --style basic --export-json "$BENCH_DIR/run.json" \
  -n "psql floor (run)" "psql -X -q -v ON_ERROR_STOP=1 '$FLOOR_URL' -f $W/floor_run.sql" \
  -n "model run --threads 1" "$PGCRATE -q -d '$URL' model run --threads 1" \
  -n "model run --threads 4" "$PGCRATE -q -d '$URL' model run --threads 4" \
  "${AB[@]}" \
  -n "psql floor (test)" "psql -X -q '$FLOOR_URL' -f $W/floor_test.sql" \
  -n "model test --threads 1" "$PGCRATE -q -d '$URL' model test --threads 1" \
  -n "model test --threads 4" "$PGCRATE -q -d '$URL' model test --threads 4"
python3 - "$BENCH_DIR/run.json" <<'PY'
import json, sys
r = {x['command']: x for x in json.load(open(sys.argv[1]))['results']}
def ratio(a, b): return r[a]['mean'] / r[b]['mean']
for cmd in r: print(f"{cmd:24s} mean {r[cmd]['mean']*1000:8.1f} ms  min {r[cmd]['min']*1000:8.1f} ms")
print(f"model run  --threads 1 / floor: {ratio('model run --threads 1', 'psql floor (run)'):.2f}x")
print(f"model run  --threads 4 / floor: {ratio('model run --threads 4', 'psql floor (run)'):.2f}x")
for t in ('1', '4'):
    if f'baseline run --threads {t}' in r:
        print(f"baseline   --threads {t} / floor: {ratio(f'baseline run --threads {t}', 'psql floor (run)'):.2f}x")
print(f"model test --threads 1 / floor: {ratio('model test --threads 1', 'psql floor (test)'):.2f}x")
print(f"model test --threads 4 / floor: {ratio('model test --threads 4', 'psql floor (test)'):.2f}x")
PY

echo "== 1,000 models: offline commands"
cd "$BENCH_DIR/w1000/project"
hyperfine --warmup 2 --runs 10 --style basic \
  -n "model graph" "$PGCRATE -q model graph" \
  -n "model compile" "$PGCRATE -q model compile" \
  -n "model lint deps" "$PGCRATE -q model lint deps" \
  -n "model status" "$PGCRATE -q -d '$URL' model status"
