// The single table of lint rules. Adding a rule: write rules/<rule_id>.cc defining
// `extern const Rule k<Name>`, declare it here, list it in AllRules(), add its fixtures
// (rules/testdata/<rule-id>/{ok,err}) and docs/rules/<rule-id>.md.
#include "lint/registry.h"

namespace pgcrate::lint {
namespace rules {
extern const Rule kRequireConcurrentIndexCreation, kRequireConcurrentIndexDeletion,
    kExclusiveMaintenance, kConstraintMissingNotValid, kSetNotNull, kAddingRequiredColumn,
    kVolatileDefault, kChangingColumnType, kConstraintWithoutUsingIndex, kRenamingColumn,
    kRenamingTable, kBanDropColumn, kBanDropTable, kBanDropDatabase, kBanTruncate, kUnfilteredDml,
    kUnbatchedBackfill, kForeignKeyWithoutIndex, kTransactionControl, kMissingNoTransaction,
    kMixedNonTransactional, kPreferBigintOverInt, kPreferTextField, kPreferTimestamptz,
    kPreferIdentity, kRequireExplicitName, kNamingConvention, kMissingDown, kDisabledTimeout,
    kPreferRobustStmts, kIdentifierTooLong, kDomainConstraintMissingNotValid,
    kRequireConcurrentDetachPartition, kSessionLevelSet;
}  // namespace rules

const std::vector<const Rule*>& AllRules() {
  using namespace rules;
  static const std::vector<const Rule*> all = {&kRequireConcurrentIndexCreation,
                                               &kRequireConcurrentIndexDeletion,
                                               &kRequireConcurrentDetachPartition,
                                               &kExclusiveMaintenance,
                                               &kConstraintMissingNotValid,
                                               &kDomainConstraintMissingNotValid,
                                               &kSetNotNull,
                                               &kAddingRequiredColumn,
                                               &kVolatileDefault,
                                               &kChangingColumnType,
                                               &kConstraintWithoutUsingIndex,
                                               &kRenamingColumn,
                                               &kRenamingTable,
                                               &kBanDropColumn,
                                               &kBanDropTable,
                                               &kBanDropDatabase,
                                               &kBanTruncate,
                                               &kUnfilteredDml,
                                               &kUnbatchedBackfill,
                                               &kForeignKeyWithoutIndex,
                                               &kTransactionControl,
                                               &kMissingNoTransaction,
                                               &kMixedNonTransactional,
                                               &kPreferBigintOverInt,
                                               &kPreferTextField,
                                               &kPreferTimestamptz,
                                               &kPreferIdentity,
                                               &kRequireExplicitName,
                                               &kNamingConvention,
                                               &kMissingDown,
                                               &kDisabledTimeout,
                                               &kSessionLevelSet,
                                               &kPreferRobustStmts,
                                               &kIdentifierTooLong};
  return all;
}

const Rule* FindRule(std::string_view id) {
  for (const Rule* r : AllRules()) {
    if (id == r->id) return r;
  }
  return nullptr;
}

}  // namespace pgcrate::lint
