#!/usr/bin/env bash
# Builds the Debian packages pgcrate_<version>_<arch>.deb and pgcrate-dev_<version>_<arch>.deb
# into dist/ with CPack (cmake/packaging.cmake), from the build tree $1 (default: build, the
# tree scripts/test.sh uses, configured and built here when needed). The binary is stripped
# in the package.
#
#   scripts/package.sh                 build/ -> dist/*.deb
#   scripts/package.sh build-release   another build tree (e.g. -DCMAKE_BUILD_TYPE=Release)
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
jobs=$(nproc 2>/dev/null || echo 2)
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGCRATE_WERROR=ON >/dev/null
fi
cmake --build "$build" -j "$jobs"
mkdir -p dist
(cd "$build" && cpack -G DEB -B "$PWD/../dist/.cpack" >&2)
mv dist/.cpack/*.deb dist/
rm -rf dist/.cpack
ls -1 dist/*.deb
