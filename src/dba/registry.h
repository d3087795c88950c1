// The one table of DBA checks, in the order `dba doctor` runs them, and lookups into it.
#pragma once

#include <string_view>
#include <vector>

#include "dba/check.h"

namespace pgcrate::dba {

// Every check, in a fixed order.
const std::vector<const CheckDescriptor*>& AllChecks();
// The check named `id`, or nullptr.
const CheckDescriptor* FindCheck(std::string_view id);
// The checks `dba triage` runs (the emergencies: locks, connections, xid, sequences,
// replication, prepared transactions left open).
std::vector<const CheckDescriptor*> TriageChecks();
// The checks `dba doctor` runs on the database (triage plus indexes, vacuum, stats-age,
// disabled-triggers, cache-hit, primary-keys, unlogged-tables, redundant-indexes).
std::vector<const CheckDescriptor*> DoctorChecks();

}  // namespace pgcrate::dba
