// Triggers (on tables and views), policies, row security and comments of existing tables.
#include <functional>

#include "diff/builder.h"
#include "diff/sql_writer.h"
#include "sql/quote.h"

namespace pgcrate::diff::internal {
namespace {

using catalog::Table;
using sql::QualifiedName;
using sql::QuoteIdent;

bool SamePolicy(const catalog::Policy& a, const catalog::Policy& b) {
  return a.command == b.command && a.permissive == b.permissive && a.roles == b.roles &&
         a.using_expr == b.using_expr && a.check_expr == b.check_expr;
}

template <typename T>
void PlanComments(Builder& b, const std::string& key, const std::vector<T>& from,
                  const std::vector<T>& to, const std::function<std::string(const T&)>& target) {
  for (const T& item : to) {
    const T* old = Named(from, item.name);
    if (old == nullptr || old->comment == item.comment) continue;
    b.Note("comments", '~', target(item));
    b.Emit(kPost, Comment(target(item), item.comment), key);
  }
}

}  // namespace

void PlanTriggersOf(Builder& b, const std::string& key, const std::string& rel,
                    const std::string& display, const std::vector<catalog::Trigger>& from,
                    const std::vector<catalog::Trigger>& to) {
  auto replaced = [&](const catalog::Trigger& g) {
    return b.invalidated().count("function:" + g.function + "()") > 0;
  };
  for (const catalog::Trigger& g : from) {
    const catalog::Trigger* now = Named(to, g.name);
    if (now != nullptr && now->definition == g.definition && !replaced(g)) continue;
    if (now == nullptr) b.Note("triggers", '-', display + "." + g.name);
    b.Emit(kDropTriggers, DropTrigger(rel, g.name), key);
  }
  for (const catalog::Trigger& g : to) {
    const catalog::Trigger* old = Named(from, g.name);
    bool recreate = old == nullptr || old->definition != g.definition || replaced(g);
    if (recreate) {
      if (old == nullptr || old->definition != g.definition) {
        b.Note("triggers", old == nullptr ? '+' : '~', display + "." + g.name);
      }
      b.Emit(kAddTriggers, CreateTrigger(g), key);
    }
    if ((recreate && g.enabled != 'O') || (!recreate && old->enabled != g.enabled)) {
      if (!recreate) b.Note("triggers", '~', display + "." + g.name, "enabled state");
      std::string state = TriggerState(rel, g);
      b.Emit(kAddTriggers,
             state.empty() ? "ALTER TABLE " + rel + " ENABLE TRIGGER " + QuoteIdent(g.name) + ";"
                           : state,
             key);
    }
    if (recreate && !g.comment.empty()) {
      b.Emit(kPost, Comment("TRIGGER " + QuoteIdent(g.name) + " ON " + rel, g.comment), key);
    }
  }
}

void PlanPoliciesOf(Builder& b, const Table& from, const Table& to) {
  std::string key = catalog::TableKey(to), rel = QualifiedName(to.schema, to.name);
  std::string display = to.schema + "." + to.name;
  for (const catalog::Policy& p : from.policies) {
    const catalog::Policy* now = Named(to.policies, p.name);
    if (now != nullptr && SamePolicy(p, *now)) continue;
    if (now == nullptr) b.Note("policies", '-', display + "." + p.name);
    b.Emit(kDropTriggers, DropPolicy(to, p.name), key);
  }
  for (const catalog::Policy& p : to.policies) {
    const catalog::Policy* old = Named(from.policies, p.name);
    if (old != nullptr && SamePolicy(p, *old)) continue;
    b.Note("policies", old == nullptr ? '+' : '~', display + "." + p.name);
    b.Emit(kAddTriggers, CreatePolicy(to, p), key);
  }
  bool rls = from.rls_enabled != to.rls_enabled, forced = from.rls_forced != to.rls_forced;
  if (rls || forced) {
    b.Note("tables", '~', display, "row level security");
    b.Emit(kAddTriggers, RowSecurity(to, rls, forced), key);
  }
  if (from.unlogged != to.unlogged) {
    b.Note("tables", '~', display, to.unlogged ? "unlogged" : "logged");
    b.Emit(kAddConstraints,
           "ALTER TABLE " + rel + (to.unlogged ? " SET UNLOGGED;" : " SET LOGGED;"), key);
  }
  if (from.comment != to.comment) {
    b.Note("comments", '~', display);
    b.Emit(kPost, Comment("TABLE " + rel, to.comment), key);
  }
  PlanComments<catalog::Constraint>(b, key, from.constraints, to.constraints, [&](const auto& k) {
    return "CONSTRAINT " + QuoteIdent(k.name) + " ON " + rel;
  });
  PlanComments<catalog::Index>(b, key, from.indexes, to.indexes, [&](const auto& x) {
    return "INDEX " + QualifiedName(to.schema, x.name);
  });
  PlanComments<catalog::Trigger>(b, key, from.triggers, to.triggers, [&](const auto& g) {
    return "TRIGGER " + QuoteIdent(g.name) + " ON " + rel;
  });
}

}  // namespace pgcrate::diff::internal
