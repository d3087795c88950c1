#include "dba/registry.h"

#include "dba/checks/checks.h"

namespace pgcrate::dba {

const std::vector<const CheckDescriptor*>& AllChecks() {
  // Built on first use so that the descriptors (defined in other files) are initialised.
  static const std::vector<const CheckDescriptor*> all = {
      &checks::kLocks,         &checks::kConnections,      &checks::kXid,
      &checks::kSequences,     &checks::kReplication,      &checks::kIndexes,
      &checks::kVacuum,        &checks::kStatsAge,         &checks::kBloat,
      &checks::kStorage,       &checks::kCheckpoints,      &checks::kAutovacuumProgress,
      &checks::kQueries,       &checks::kConfig,           &checks::kExplain,
      &checks::kPreparedXacts, &checks::kDisabledTriggers, &checks::kCacheHit,
      &checks::kPrimaryKeys,   &checks::kUnloggedTables,   &checks::kRedundantIndexes,
  };
  return all;
}

const CheckDescriptor* FindCheck(std::string_view id) {
  for (const CheckDescriptor* c : AllChecks()) {
    if (c->id == id) return c;
  }
  return nullptr;
}

std::vector<const CheckDescriptor*> TriageChecks() {
  return {&checks::kLocks,     &checks::kConnections, &checks::kXid,
          &checks::kSequences, &checks::kReplication, &checks::kPreparedXacts};
}

std::vector<const CheckDescriptor*> DoctorChecks() {
  std::vector<const CheckDescriptor*> list = TriageChecks();
  for (const CheckDescriptor* c :
       {&checks::kIndexes, &checks::kVacuum, &checks::kStatsAge, &checks::kDisabledTriggers,
        &checks::kCacheHit, &checks::kPrimaryKeys, &checks::kUnloggedTables,
        &checks::kRedundantIndexes}) {
    list.push_back(c);
  }
  return list;
}

}  // namespace pgcrate::dba
