#include "model/status.h"

#include <map>
#include <nlohmann/json.hpp>

#include "model/store.h"

namespace pgcrate::model {
namespace {

struct Live {
  uint32_t oid = 0;
  std::string signature;
};

// The current oid and shape signature of each "schema.name".
Result<std::map<std::string, Live>> ReadLive(
    pg::Connection& conn, const std::vector<std::pair<std::string, std::string>>& names) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [schema, name] : names) list.push_back({schema, name});
  auto r = conn.Exec(
      "SELECT e->>0 || '.' || (e->>1), c.oid::bigint, " + SignatureSql("c.oid") +
          " FROM jsonb_array_elements($1::jsonb) e JOIN pg_namespace n ON n.nspname = e->>0 "
          "JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = e->>1",
      {list.dump()});
  if (!r.ok()) return r.status();
  std::map<std::string, Live> out;
  for (int i = 0; i < r->rows(); ++i) {
    out[r->str(i, 0)] = {static_cast<uint32_t>(r->int64(i, 1)), r->str(i, 2)};
  }
  return out;
}

ModelStatus Classify(const Model& m, const ModelRecord* rec, const Live* live) {
  ModelStatus s{m.Id(), m.path, MaterializedName(m.materialized), "synced", "", "", -1};
  if (rec != nullptr) {
    s.last_run_at = rec->last_run_at;
    s.rows = rec->rows;
  }
  if (live == nullptr) {
    s.status = "missing";
    s.detail = rec == nullptr ? "never built" : "its relation is gone";
  } else if (rec == nullptr) {
    s.status = "modified";
    s.detail = "the relation exists but pgcrate did not build it";
  } else if (rec->relation_oid != live->oid || rec->signature != live->signature) {
    s.status = "modified";
    s.detail = "changed in the database since the last run";
  } else if (rec->sql_hash != SqlHash(m) || rec->materialized != s.materialized) {
    s.status = "changed";
    s.detail = "the model file changed since the last run";
  }
  return s;
}

}  // namespace

Result<std::vector<ModelStatus>> ModelStatuses(pg::Connection& conn, const Graph& graph) {
  auto records = ReadModelRecords(conn);
  if (!records.ok()) return records.status();
  std::vector<std::pair<std::string, std::string>> names;
  for (const Model& m : graph.models()) names.emplace_back(m.schema, m.name);
  std::vector<std::string> orphans;
  for (const auto& [name, rec] : *records) {
    if (graph.Find(name) >= 0 && name.find('.') != std::string::npos) continue;
    size_t dot = name.find('.');
    names.emplace_back(name.substr(0, dot), name.substr(dot + 1));
    orphans.push_back(name);
  }
  auto live = ReadLive(conn, names);
  if (!live.ok()) return live.status();
  std::vector<ModelStatus> out;
  for (const Model& m : graph.models()) {
    auto rec = records->find(m.Id());
    auto l = live->find(m.Id());
    out.push_back(Classify(m, rec == records->end() ? nullptr : &rec->second,
                           l == live->end() ? nullptr : &l->second));
  }
  for (const std::string& name : orphans) {
    if (live->count(name) == 0) continue;  // file and relation both gone: nothing to report
    const ModelRecord& rec = records->at(name);
    out.push_back({name, "", rec.materialized, "orphaned",
                   "built by pgcrate, but its model file is gone", rec.last_run_at, rec.rows});
  }
  return out;
}

}  // namespace pgcrate::model
