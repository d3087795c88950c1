#!/usr/bin/env bash
# Modules benchmark (issue 16): `pgcrate migrate status` over 10 modules x 100 files (each
# module in its own schema, files using {{tables.x}}) against one module of 1,000 files, every
# migration applied, on a local PostgreSQL started here with default settings.
# Goal: the 10-module status under 2x the time of the 1,000-file module.
#
# Usage: bench/modules/run.sh [PGCRATE_BINARY] [RUNS=20]
set -euo pipefail
PGCRATE=$(realpath "${1:-build/src/cli/pgcrate}")
RUNS=${2:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/pgcrate-modules-bench-XXXXXX)}
mkdir -p "$BENCH_DIR"
chmod 755 "$BENCH_DIR"
PORT=${BENCH_PORT:-55447}
# shellcheck source=../lib/cluster.sh
source "$HERE/../lib/cluster.sh"
bench_cluster_start "$BENCH_DIR" "$PORT"
BASE="postgresql://postgres@127.0.0.1:$PORT"
url() { echo "$BASE/$1?sslmode=disable"; }
psql -X -q -v ON_ERROR_STOP=1 "$(url postgres)" -c "CREATE DATABASE ten" -c "CREATE DATABASE one"

# ten/: modules m0..m9, 100 files each; one/: a single module of 1,000 files.
python3 - "$BENCH_DIR" <<'PY'
import os, sys
root = sys.argv[1]
def module(dir, n, prefix):
    os.makedirs(dir, exist_ok=True)
    for i in range(1, n + 1):
        first = "CREATE SCHEMA IF NOT EXISTS {{schema}};\n" if i == 1 else ""
        with open(os.path.join(dir, "%04d_%s_t%d.sql" % (i, prefix, i)), "w") as f:
            f.write("-- up\n" + first +
                    "CREATE TABLE {{tables.t%d}} (id bigint PRIMARY KEY, body text);\n" % i +
                    "-- down\nDROP TABLE {{tables.t%d}};\n" % i)
ten = os.path.join(root, "ten")
with open(os.path.join(ten + ".toml"), "w") as cfg:
    for m in range(10):
        module(os.path.join(ten, "m%d" % m), 100, "m%d" % m)
        cfg.write('[modules.m%d]\nmigrations = "m%d"\nschema = "m%d"\n\n' % (m, m, m))
os.rename(ten + ".toml", os.path.join(ten, "pgcrate.toml"))
one = os.path.join(root, "one")
module(os.path.join(one, "big"), 1000, "big")
with open(os.path.join(one, "pgcrate.toml"), "w") as cfg:
    cfg.write('[modules.big]\nmigrations = "big"\nschema = "big"\n')
PY
(cd "$BENCH_DIR/ten" && "$PGCRATE" -q -d "$(url ten)" migrate up)
(cd "$BENCH_DIR/one" && "$PGCRATE" -q -d "$(url one)" migrate up)
for p in ten one; do
  (cd "$BENCH_DIR/$p" && "$PGCRATE" --json -d "$(url $p)" migrate status) |
    python3 -c 'import json,sys; d=json.load(sys.stdin); c=d["counts"]; assert c["pending"]==0 and c["applied"]==1000, c; print(sys.argv[1], c)' "$p"
done

echo "== migrate status, PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}'), $(nproc) cores"
hyperfine --warmup 3 --runs "$RUNS" --style basic --export-json "$BENCH_DIR/status.json" \
  -n "1 module x 1000 files" "cd $BENCH_DIR/one && $PGCRATE -q -d '$(url one)' migrate status" \
  -n "10 modules x 100 files" "cd $BENCH_DIR/ten && $PGCRATE -q -d '$(url ten)' migrate status"
python3 - "$BENCH_DIR/status.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
one, ten = r["1 module x 1000 files"], r["10 modules x 100 files"]
print("ratio 10x100 / 1x1000 = %.2f (goal < 2.0): %s" % (ten / one, "ok" if ten / one < 2 else "MISSED"))
PY
