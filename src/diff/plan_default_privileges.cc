// ALTER DEFAULT PRIVILEGES: entries are matched by (role, schema, object type), the role
// normalized as for owners ("" = the role running the script, which needs no FOR ROLE). A
// missing global entry means the built-in privileges, a missing schema entry means none.
// Entries of schemas that do not exist in `to` are revoked before anything is dropped.
#include <map>
#include <tuple>

#include "base/strings.h"
#include "diff/builder.h"
#include "diff/sql_writer.h"
#include "sql/quote.h"

namespace pgcrate::diff::internal {
namespace {

using Key = std::tuple<std::string, std::string, char>;  // role, schema, object type

const char* TargetOf(char type) {
  switch (type) {
    case 'S':
      return "SEQUENCES";
    case 'f':
      return "FUNCTIONS";
    case 'T':
      return "TYPES";
    case 'n':
      return "SCHEMAS";
    default:
      return "TABLES";
  }
}

// The privileges in force without an entry.
catalog::Grants Absent(const catalog::Catalog& c, const Key& k) {
  if (!std::get<1>(k).empty()) return {};
  char type = std::get<2>(k);
  auto it = c.builtin_grants.find(type == 'S' ? 's' : type);
  return it == c.builtin_grants.end() ? catalog::Grants{} : it->second;
}

std::map<Key, const catalog::DefaultPrivilege*> Entries(const catalog::Catalog& c) {
  std::map<Key, const catalog::DefaultPrivilege*> out;
  for (const catalog::DefaultPrivilege& d : c.default_privileges) {
    std::string role = d.role == c.current_user || d.role == c.database_owner ? "" : d.role;
    out[{role, d.schema, d.object_type}] = &d;
  }
  return out;
}

bool SchemaIn(const catalog::Catalog& c, const std::string& name) {
  if (name.empty()) return true;
  for (const catalog::Schema& s : c.schemas) {
    if (s.name == name) return true;
  }
  return false;
}

}  // namespace

void PlanDefaultPrivileges(Builder& b) {
  auto from = Entries(b.from()), to = Entries(b.to());
  std::map<Key, bool> keys;
  for (const auto& [k, d] : from) keys[k] = true;
  for (const auto& [k, d] : to) keys[k] = true;
  for (const auto& [k, unused] : keys) {
    const auto& [role, schema, type] = k;
    // In a schema that goes, they are revoked first (DROP SCHEMA would take them along,
    // but a split migration's down steps run one file at a time).
    Bucket bucket = SchemaIn(b.to(), schema) ? kDefaultPrivileges : kDropDefaultPrivileges;
    auto f = from.find(k), t = to.find(k);
    catalog::Grants before = f != from.end() ? f->second->grants : Absent(b.from(), k);
    catalog::Grants after = t != to.end() ? t->second->grants : Absent(b.to(), k);
    std::vector<GrantChange> delta = GrantDelta(before, after);
    if (delta.empty()) continue;
    std::string prefix = "ALTER DEFAULT PRIVILEGES";
    if (!role.empty()) prefix += " FOR ROLE " + sql::QuoteIdent(role);
    if (!schema.empty()) prefix += " IN SCHEMA " + sql::QuoteIdent(schema);
    std::string display = base::ToLower(TargetOf(type)) + " created by " +
                          (role.empty() ? b.to().current_user : role) +
                          (schema.empty() ? "" : " in schema " + schema);
    for (const GrantChange& c : delta) {
      b.Emit(bucket, prefix + " " + RenderGrant(c, TargetOf(type), RoleSql(role)),
             "default_privileges");
    }
    b.Note("privileges", '~', display, DescribeGrants(delta));
  }
}

}  // namespace pgcrate::diff::internal
