// Time helpers shared by the subsystems that name migration files.
#pragma once

#include <ctime>
#include <string>

namespace pgcrate::base {

// `t` as a 14-digit UTC migration version, YYYYMMDDHHMMSS.
std::string MigrationTimestamp(std::time_t t);

}  // namespace pgcrate::base
