#include "code/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "code/graph.h"
#include "code/impact.h"

namespace pgcrate::code {
namespace {

struct Facts {
  std::map<std::string, StateRow> state;
  std::vector<bool> exists;                   // per code object
  std::map<std::string, bool> deleted_exist;  // per deleted identity
  std::vector<std::string> search_path;
};

Result<Facts> ReadFacts(pg::Connection& conn, const CodeSet& code) {
  Facts f;
  auto state = ReadState(conn);
  if (!state.ok()) return state.status();
  f.state = std::move(state).value();
  std::vector<ObjectRef> refs;
  for (const auto& o : code.objects) refs.push_back(RefOf(o));
  std::vector<std::string> deleted;
  for (const auto& [id, row] : f.state) {
    if (code.Find(id) >= 0) continue;
    deleted.push_back(id);
    refs.push_back(RefOf(row));
  }
  auto exists = ExistingObjects(conn, refs);
  if (!exists.ok()) return exists.status();
  f.exists.assign(exists->begin(), exists->begin() + static_cast<long>(code.objects.size()));
  for (size_t i = 0; i < deleted.size(); ++i) {
    f.deleted_exist[deleted[i]] = (*exists)[code.objects.size() + i];
  }
  auto path = ServerSearchPath(conn);
  if (!path.ok()) return path.status();
  f.search_path = std::move(path).value();
  return f;
}

bool Replaceable(const CodeObject& o, const StateRow& row) {
  return o.or_replace && (o.kind == "function" || o.kind == "procedure") &&
         row.interface == o.interface;
}

struct Work {
  std::set<size_t> drop_roots, replace, create;
  std::map<std::string, std::string> reasons;  // identity -> why it is dropped/created
};

Status Classify(const CodeSet& code, const Facts& f, Plan& plan, Work& w) {
  for (size_t i = 0; i < code.objects.size(); ++i) {
    const CodeObject& o = code.objects[i];
    auto it = f.state.find(o.identity);
    std::string change;
    if (it == f.state.end()) {
      if (f.exists[i] && !o.or_replace) {
        return Status(Code::kConflict, o.identity + " already exists in the database, but " +
                                           "pgcrate did not create it from the code folder.")
            .WithLocation({o.file, o.line, o.column})
            .WithHint(
                "write it as CREATE OR REPLACE to adopt the existing object, or drop it "
                "in a migration first; pgcrate never drops what it did not create.");
      }
      change = "new";
      w.create.insert(i);
    } else if (it->second.sha256 != o.hash) {
      change = "modified";
      if (f.exists[i] && Replaceable(o, it->second)) {
        w.replace.insert(i);
      } else {
        if (f.exists[i]) w.drop_roots.insert(i);
        w.create.insert(i);
      }
    } else if (!f.exists[i]) {
      change = "missing";
      w.create.insert(i);
    } else {
      if (it->second.file != o.file) plan.record.push_back(i);  // moved: same object
      continue;
    }
    w.reasons[o.identity] = change;
    plan.changes.push_back({o.identity, o.kind, o.file, o.line, change});
  }
  for (const auto& [id, row] : f.state) {
    if (code.Find(id) >= 0) continue;
    plan.changes.push_back({id, row.kind, row.file, 0, "deleted"});
    plan.forget.push_back(id);
  }
  return Status::Ok();
}

Status AddMigrations(pg::Connection& conn, const CodeSet& code, const Facts& f,
                     const std::vector<const migrate::MigrationFile*>& pending, Plan& plan,
                     Work& w) {
  for (const migrate::MigrationFile* m : pending) {
    PendingMigration pm{m, {}};
    if (m->no_transaction) plan.single_transaction = false;
    auto impact = internal::MigrationImpact(conn, code, *m, f.search_path);
    if (!impact.ok()) return impact.status();
    for (const auto& [i, why] : impact.value()) {
      if (!f.exists[i]) continue;  // created after the migrations anyway
      pm.affected.push_back({code.objects[i].identity, why});
      w.drop_roots.insert(i);
      w.replace.erase(i);
      w.create.insert(i);
      w.reasons.emplace(code.objects[i].identity, "affected by " + m->file_name);
    }
    plan.migrations.push_back(std::move(pm));
  }
  return Status::Ok();
}

// The code object of `set` that caused `i` to be dropped ("depends on ...").
std::string DependencyReason(const CodeSet& code, size_t i, const std::set<size_t>& dropped) {
  for (size_t d : code.objects[i].deps) {
    if (dropped.count(d)) return "depends on " + code.objects[d].identity;
  }
  return "depends on a dropped object";
}

Status AddDrops(const CodeSet& code, const Facts& f, Plan& plan, Work& w) {
  std::set<size_t> all = WithDependents(code, w.drop_roots);
  std::vector<std::string> nodes;
  for (size_t i : all) {
    if (!f.exists[i]) continue;
    const CodeObject& o = code.objects[i];
    nodes.push_back(o.identity);
    w.replace.erase(i);
    w.create.insert(i);
    w.reasons.emplace(o.identity, DependencyReason(code, i, all));
  }
  DepMap deps = CodeDeps(code);
  for (const auto& id : plan.forget) {
    deps[id] = f.state.at(id).depends_on;
    w.reasons.emplace(id, "deleted");
    if (f.deleted_exist.at(id)) nodes.push_back(id);
  }
  auto order = DependencyOrder(nodes, deps);
  if (!order.ok()) return order.status();
  for (auto it = order->rbegin(); it != order->rend(); ++it) {
    long idx = code.Find(*it);
    std::string sql =
        idx >= 0 ? code.objects[static_cast<size_t>(idx)].drop_sql : f.state.at(*it).drop_sql;
    plan.steps.push_back({Step::Kind::kDrop, *it, -1, nullptr, sql, w.reasons[*it]});
  }
  return Status::Ok();
}

Status AddCreates(const CodeSet& code, Plan& plan, Work& w) {
  std::vector<std::string> nodes;
  for (size_t i = 0; i < code.objects.size(); ++i) {
    if (w.create.count(i) || w.replace.count(i)) nodes.push_back(code.objects[i].identity);
  }
  auto order = DependencyOrder(nodes, CodeDeps(code));
  if (!order.ok()) return order.status();
  for (const auto& id : order.value()) {
    auto i = static_cast<size_t>(code.Find(id));
    Step::Kind kind = w.replace.count(i) ? Step::Kind::kReplace : Step::Kind::kCreate;
    plan.steps.push_back(
        {kind, id, static_cast<long>(i), nullptr, code.objects[i].create_sql, w.reasons[id]});
    plan.record.push_back(i);
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> ServerSearchPath(pg::Connection& conn) {
  auto r = conn.Exec("SELECT unnest(current_schemas(false))::text");
  if (!r.ok()) return r.status();
  std::vector<std::string> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(r->str(i, 0));
  if (out.empty()) out.push_back("public");
  return out;
}

const char* StepKindName(Step::Kind k) {
  switch (k) {
    case Step::Kind::kDrop:
      return "drop";
    case Step::Kind::kMigrate:
      return "migrate";
    case Step::Kind::kCreate:
      return "create";
    case Step::Kind::kReplace:
      return "replace";
  }
  return "";
}

Result<Plan> MakePlan(pg::Connection& conn, const CodeSet& code,
                      const std::vector<const migrate::MigrationFile*>& pending,
                      const PlanOptions& options) {
  // The whole graph must be orderable, not just what changes.
  std::vector<std::string> all;
  for (const auto& o : code.objects) all.push_back(o.identity);
  auto whole = DependencyOrder(all, CodeDeps(code));
  if (!whole.ok()) return whole.status();

  auto facts = ReadFacts(conn, code);
  if (!facts.ok()) return facts.status();
  Plan plan;
  Work w;
  PGCRATE_RETURN_IF_ERROR(Classify(code, facts.value(), plan, w));
  if (!options.code_only) {
    PGCRATE_RETURN_IF_ERROR(AddMigrations(conn, code, facts.value(), pending, plan, w));
  }
  PGCRATE_RETURN_IF_ERROR(AddDrops(code, facts.value(), plan, w));
  for (const auto& pm : plan.migrations) {
    plan.steps.push_back({Step::Kind::kMigrate, "", -1, pm.file, "", ""});
  }
  PGCRATE_RETURN_IF_ERROR(AddCreates(code, plan, w));
  return plan;
}

}  // namespace pgcrate::code
