#!/usr/bin/env bash
# Installs every Debian package pgcrate needs to build, test and benchmark.
# A no-op when they are all present. Safe to run repeatedly; needs root or sudo
# only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache clang-format
  libpq-dev libpg-query-dev libprotobuf-c-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 postgresql-client-15
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
[[ ${#missing[@]} -eq 0 ]] && exit 0

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
