// `pgcrate dba doctor`: one health check of the whole setup — pgcrate.toml, the connection,
// the server version and role, the migrations (files against pgcrate.schema_migrations,
// read-only) and the database checks of DoctorChecks(). By default only problems are
// printed; --verbose shows passing checks, --quiet prints nothing, --json gives the report.
#pragma once

#include "app/session.h"

namespace pgcrate::dba {

struct DoctorOptions {
  bool verbose = false;  // print passing checks too
  bool strict = false;   // warnings count as errors (the caller's exit code)
  bool quiet = false;    // print nothing
};

// kFatal: the config cannot be read or the database cannot be reached (nothing else ran).
enum class DoctorVerdict { kOk, kWarnings, kErrors, kFatal };

// Runs every doctor check and prints the report (unless quiet).
DoctorVerdict RunDoctor(app::Session& session, const DoctorOptions& options);

}  // namespace pgcrate::dba
