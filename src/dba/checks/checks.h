// The descriptor each checks/<id>.cc defines; registry.cc lists them once.
#pragma once

#include "dba/check.h"

namespace pgcrate::dba::checks {

extern const CheckDescriptor kLocks;
extern const CheckDescriptor kSequences;
extern const CheckDescriptor kXid;
extern const CheckDescriptor kIndexes;
extern const CheckDescriptor kVacuum;
extern const CheckDescriptor kBloat;
extern const CheckDescriptor kReplication;
extern const CheckDescriptor kQueries;
extern const CheckDescriptor kConnections;
extern const CheckDescriptor kExplain;
extern const CheckDescriptor kStorage;
extern const CheckDescriptor kStatsAge;
extern const CheckDescriptor kCheckpoints;
extern const CheckDescriptor kAutovacuumProgress;
extern const CheckDescriptor kConfig;
extern const CheckDescriptor kPreparedXacts;
extern const CheckDescriptor kDisabledTriggers;
extern const CheckDescriptor kCacheHit;
extern const CheckDescriptor kPrimaryKeys;
extern const CheckDescriptor kUnloggedTables;
extern const CheckDescriptor kRedundantIndexes;

}  // namespace pgcrate::dba::checks
