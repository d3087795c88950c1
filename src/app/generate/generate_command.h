// `pgcrate generate`: the migrations of generate/generate.h for the session's database.
#pragma once

#include "app/session.h"
#include "generate/generate.h"
#include "pgcrate/status.h"

namespace pgcrate::generate {

// The command: options from flags over [generate] config, catalog of the session's database.
Status RunGenerate(app::Session& session, GenerateOptions options);

}  // namespace pgcrate::generate
