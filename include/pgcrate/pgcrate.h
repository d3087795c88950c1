// pgcrate's embeddable API in one include. Link the CMake target pgcrate::pgcrate
// (`find_package(pgcrate)`); see examples/embed/ for a complete program.
#pragma once

#include "pgcrate/migrator.h"
#include "pgcrate/options.h"
#include "pgcrate/status.h"
#include "pgcrate/version.h"
