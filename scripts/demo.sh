#!/usr/bin/env bash
# README command 1: installs what is missing, builds pgcrate, starts a local throwaway
# PostgreSQL with `pgcrate dev start` inside examples/demo, and runs pgcrate on that project:
# context, a query, lint, migrations, seeds, inspection, generate, diff, drift check, health check.
# The dev cluster keeps running afterwards; stop it with
#   (cd examples/demo && ../../build/src/cli/pgcrate dev stop)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target pgcrate
pgcrate="$PWD/build/src/cli/pgcrate"
cd examples/demo

# Headings in bold only on a terminal, and never with NO_COLOR (the output contract).
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s$ pgcrate %s%s\n' "$bold" "$*" "$plain"; "$pgcrate" "$@"; }

step dev start
dev_url=$("$pgcrate" dev url)
step context
step sql -c "SELECT current_database() AS database, version() AS server"
step migrate lint || true            # findings are warnings here; errors would exit 1
step plan
step apply
step migrate status
step seed validate
step seed run
step seed list
step seed diff
step model graph
step model run
step model test
step model status
step inspect table users
step generate --dry-run --output /tmp/pgcrate-demo-generated

# A second database that drifted from the first: one column added by hand.
scratch_url="${dev_url/\/postgres\?//demo_scratch?}"
"$pgcrate" -q sql --allow-write -c "DROP DATABASE IF EXISTS demo_scratch WITH (FORCE)"
"$pgcrate" -q sql --allow-write -c "CREATE DATABASE demo_scratch"
"$pgcrate" -q -d "$scratch_url" migrate up
"$pgcrate" -q -d "$scratch_url" sql --allow-write -c "ALTER TABLE users ADD COLUMN nickname text"
step inspect diff --from "$dev_url" --to "$scratch_url" --sql || true   # exit 1: they differ
step migrate check
step dba triage --include-fixes || true   # exit 1/2 would mean warnings/critical findings
step dba doctor
