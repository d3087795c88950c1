#!/usr/bin/env bash
# The package test: installs dist/pgcrate_*.deb and dist/pgcrate-dev_*.deb (scripts/package.sh)
# with dpkg, runs the installed /usr/bin/pgcrate (--version, man page, completion file, and a
# real project: dev cluster, migrate up/status, lint), builds examples/embed against the
# installed pgcrate-dev, and purges both packages again, also when a step fails; lintian checks
# both first. Needs root (CI runs as root); skips, saying so, otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -ne 0 ]]; then
  echo "package-test: skipped (dpkg -i needs root)" >&2
  exit 0
fi
debs=(dist/pgcrate_*.deb dist/pgcrate-dev_*.deb)
for d in "${debs[@]}"; do [[ -f $d ]] || { echo "package-test: $d missing (scripts/package.sh)" >&2; exit 1; }; done
if dpkg-query -W pgcrate >/dev/null 2>&1 || [[ -e /usr/bin/pgcrate ]]; then
  echo "package-test: pgcrate is already installed here; not touching it" >&2
  exit 1
fi

work=$(mktemp -d)
chmod 755 "$work"
cleanup() {
  (cd "$work/project" 2>/dev/null && /usr/bin/pgcrate dev stop >/dev/null 2>&1) || true
  dpkg --purge pgcrate pgcrate-dev >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { echo "package-test: $*" >&2; }
# Debian's own checks of the packages (policy, control fields, changelog, copyright): any error
# or warning fails the test. Where lintian is missing (scripts/setup.sh installs it) this says so.
if command -v lintian >/dev/null; then
  step "lintian ${debs[*]}"
  lintian --fail-on error,warning "${debs[@]}" >&2
else
  step "lintian: not installed, skipped"
fi

step "dpkg -i ${debs[*]}"
dpkg -i "${debs[@]}" >&2

step "pgcrate --version"
[[ $(command -v pgcrate) == /usr/bin/pgcrate ]]
/usr/bin/pgcrate --version | grep -qx "pgcrate $(dpkg-query -W -f='${Version}' pgcrate)"

step "man page and completions"
[[ $(man -w pgcrate) == */man1/pgcrate.1.gz ]]  # gzipped, as Debian policy wants
man -w pgcrate-migrate >/dev/null
zcat "$(man -w pgcrate-migrate)" >"$work/migrate.1"
grep -q '^\.TH "PGCRATE' "$work/migrate.1"
[[ -f /usr/share/bash-completion/completions/pgcrate ]]
[[ -f /usr/share/zsh/vendor-completions/_pgcrate ]]
[[ -f /usr/share/fish/vendor_completions.d/pgcrate.fish ]]

step "a project: dev cluster, migrate up, status, lint"
mkdir -p "$work/project"
cd "$work/project"
/usr/bin/pgcrate init -y >/dev/null
/usr/bin/pgcrate migrate new create_users >/dev/null
file=$(ls db/migrations/*.sql)
printf -- '-- up\nCREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n-- down\nDROP TABLE users;\n' >"$file"
/usr/bin/pgcrate migrate lint >/dev/null
/usr/bin/pgcrate dev start >/dev/null
/usr/bin/pgcrate migrate up >/dev/null
/usr/bin/pgcrate --json migrate status | grep -q '"applied": 1'
/usr/bin/pgcrate dev stop >/dev/null
cd - >/dev/null

step "examples/embed against the installed pgcrate-dev"
cmake -S examples/embed -B "$work/embed" >/dev/null
cmake --build "$work/embed" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
[[ -x "$work/embed/migrate_on_start" ]]

step "dpkg --purge"
dpkg --purge pgcrate pgcrate-dev >&2
[[ ! -e /usr/bin/pgcrate ]]
step "passed"
