#include "model/materialize.h"

#include <algorithm>
#include <functional>

#include "base/strings.h"
#include "model/compile.h"
#include "model/relations.h"
#include "model/store.h"
#include "sql/quote.h"

namespace pgcrate::model {
namespace {

struct State {
  Existing rel;
  uint32_t recorded_oid = 0;
  std::string recorded_materialized;
  // What a rebuild needs (read with the state for table and incremental models, else on demand):
  bool rebuild_read = false;
  bool leftover = false;              // a build table an interrupted run left behind
  std::vector<Dependent> dependents;  // the views on the relation, nearest first
  std::vector<std::string> carry;     // its grants, comment and owner, as statements
};

struct Rebuild {
  size_t model;
  std::vector<std::string> carry;
};

Status ModelError(const Model& m, Code code, std::string message) {
  return Status(code, std::move(message)).WithLocation({m.path, 0, 0}).WithObject(m.Id());
}

// `select` over the model's relation (c, when it exists) and its tracking row (t, when there is
// one), with the schema, the name and the model id bound.
pg::PipelineStep ModelRelationQuery(const Model& m, std::string_view select) {
  return {std::string(select) +
              " FROM (SELECT 1) AS one "
              "LEFT JOIN (pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace) "
              "ON n.nspname = $1 AND c.relname = $2 "
              "LEFT JOIN pgcrate.models t ON t.name = $3",
          {m.schema, m.name, m.Id()},
          true};
}

// The model's relation and its pgcrate.models row, read at the start of its transaction.
pg::PipelineStep StateQuery(const Model& m) {
  return ModelRelationQuery(m,
                            "SELECT c.oid::bigint, c.relkind::text, "
                            "coalesce(t.relation_oid, 0)::bigint, coalesce(t.materialized, '')");
}

// Fails (an input syntax error, replaced by CheckOwned's message) when the model's relation
// exists and pgcrate.models does not record creating it: lets a view model send its CREATE OR
// REPLACE in the same round trip as the state read, never touching a relation it did not create.
pg::PipelineStep OwnedGuard(const Model& m) {
  return ModelRelationQuery(m,
                            "SELECT CASE WHEN c.oid IS NOT NULL AND c.oid <> "
                            "coalesce(t.relation_oid, 0) THEN (c.relname || ' was not created by "
                            "pgcrate')::int END");
}

State StateFrom(const pg::QueryResult& r) {
  State s;
  if (!r.is_null(0, 0)) {
    s.rel.oid = static_cast<uint32_t>(r.int64(0, 0));
    s.rel.kind = r.str(0, 1)[0];
  }
  s.recorded_oid = static_cast<uint32_t>(r.int64(0, 2));
  s.recorded_materialized = r.str(0, 3);
  return s;
}

std::string BuildName(const Model& m) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>()(m.Id()));
  return std::string("pgcrate_build_") + hex;
}

// The queries whose results a rebuild needs (see State), in this order; they name the relation,
// so they go in the same round trip as the state query.
std::vector<pg::PipelineStep> RebuildQueries(const Model& m) {
  return {
      {"SELECT to_regclass($1) IS NOT NULL", {sql::QualifiedName(m.schema, BuildName(m))}, true},
      DependentViewsStep(Target(m)),
      CarryOverStep(Target(m), m.materialized == Materialized::kView ? 'v' : 'r')};
}

// Fills the rebuild part of `s` from the results of RebuildQueries (`r`, from `first` on).
void RebuildFrom(const std::vector<pg::QueryResult>& r, size_t first, State& s) {
  s.rebuild_read = true;
  s.leftover = r[first].boolean(0, 0);
  s.dependents = DependentViewsFrom(r[first + 1]);
  s.carry = CarryOverFrom(r[first + 2]);
}

Status ReadRebuild(pg::Connection& conn, const Model& m, State& s) {
  if (s.rebuild_read) return Status::Ok();
  std::vector<pg::QueryResult> done;
  PGCRATE_RETURN_IF_ERROR(conn.Pipeline(RebuildQueries(m), done));
  RebuildFrom(done, 0, s);
  return Status::Ok();
}

Status CheckOwned(const Model& m, const State& s) {
  if (s.rel.oid == 0 || s.recorded_oid == s.rel.oid) return Status::Ok();
  return ModelError(m, Code::kRefused,
                    Target(m) +
                        " already exists and pgcrate did not create it (pgcrate.models "
                        "has no record of it); pgcrate never replaces a relation it did "
                        "not create. Rename or drop it yourself, or rename the model.");
}

// Appends to `steps` the statements that drop the views on the model's relation (deepest
// first), when all of them are view models, and returns how to re-create them (one round trip
// reads their grants, comments and owners); otherwise refuses, naming the others.
Result<std::vector<Rebuild>> DetachDependents(pg::Connection& conn, const Graph& g, const Model& m,
                                              const std::vector<Dependent>& deps,
                                              std::vector<pg::PipelineStep>& steps) {
  std::vector<std::string> foreign;
  std::vector<Rebuild> out;
  std::vector<pg::PipelineStep> carry_queries;
  for (const Dependent& d : deps) {
    int i = g.Find(d.schema + "." + d.name);
    if (i < 0 || d.kind != 'v' ||
        g.models()[static_cast<size_t>(i)].materialized != Materialized::kView) {
      foreign.push_back(sql::QualifiedName(d.schema, d.name));
      continue;
    }
    out.push_back({static_cast<size_t>(i), {}});
    carry_queries.push_back(CarryOverStep(sql::QualifiedName(d.schema, d.name), 'v'));
  }
  if (!foreign.empty()) {
    return ModelError(
        m, Code::kRefused,
        "rebuilding " + Target(m) +
            " would drop the views that read it and are "
            "not models: " +
            base::Join(foreign, ", ") +
            "; pgcrate never drops them silently. Drop them first, or make them models.");
  }
  if (out.empty()) return out;
  std::vector<pg::QueryResult> carried;
  PGCRATE_RETURN_IF_ERROR(conn.Pipeline(carry_queries, carried));
  for (size_t k = 0; k < out.size(); ++k) out[k].carry = CarryOverFrom(carried[k]);
  for (auto it = out.rbegin(); it != out.rend(); ++it) {  // deepest first
    steps.push_back({"DROP VIEW " + Target(g.models()[it->model]), {}, false});
  }
  return out;
}

void AppendAll(std::vector<pg::PipelineStep>& steps, const std::vector<std::string>& statements) {
  for (const std::string& s : statements) steps.push_back({s, {}, false});
}

// Appends the statements that re-create the detached views, with their grants, comments, owners
// and tracking rows.
void Reattach(const Graph& g, const std::vector<Rebuild>& rebuilds,
              std::vector<pg::PipelineStep>& steps) {
  for (const Rebuild& r : rebuilds) {
    const Model& dep = g.models()[r.model];
    steps.push_back({"CREATE VIEW " + Target(dep) + " AS\n" + BuildSelect(dep), {}, false});
    AppendAll(steps, r.carry);
    steps.push_back(RecordModelStep(dep, SqlHash(dep), -1, 0));
  }
}

// The statement that drops the existing relation (its model-view dependents are re-created by
// the caller).
pg::PipelineStep DropExisting(const Model& m, const State& s) {
  return {std::string(s.rel.kind == 'v' ? "DROP VIEW " : "DROP TABLE ") + Target(m), {}, false};
}

// The second attempt at a view model, after CREATE OR REPLACE VIEW failed (BuildViewInOne): the
// relation is dropped and created again, with the model views on it, their grants, comments and
// owners. Its statements go to `last`, sent with the tracking row and the COMMIT.
Result<BuildOutcome> RecreateView(pg::Connection& conn, const Graph& g, const Model& m, State& s,
                                  std::vector<pg::PipelineStep>& last) {
  std::string create = "CREATE VIEW " + Target(m) + " AS\n" + BuildSelect(m);
  if (s.rel.oid == 0) {  // gone since the first attempt
    last.push_back({std::move(create), {}, false});
    return BuildOutcome{"created view", -1};
  }
  PGCRATE_RETURN_IF_ERROR(ReadRebuild(conn, m, s));
  auto rebuilds = DetachDependents(conn, g, m, s.dependents, last);
  if (!rebuilds.ok()) return rebuilds.status();
  last.push_back(DropExisting(m, s));
  last.push_back({std::move(create), {}, false});
  AppendAll(last, s.carry);
  Reattach(g, *rebuilds, last);
  return BuildOutcome{s.rel.kind == 'v' ? "re-created view" : "replaced table with view", -1};
}

Status AddPrimaryKey(pg::Connection& conn, const Model& m, const std::string& table) {
  std::string cols;
  for (const std::string& k : m.unique_key) cols += (cols.empty() ? "" : ", ") + sql::QuoteIdent(k);
  Status st = conn.Run("ALTER TABLE " + table + " ADD PRIMARY KEY (" + cols + ")");
  if (st.ok() || (st.sqlstate() != "23505" && st.sqlstate() != "23502")) return st;
  std::string what = st.sqlstate() == "23505" ? "has duplicate unique_key values"
                                              : "has NULL in a unique_key column";
  return ModelError(m, Code::kRefused,
                    "the SELECT of " + m.Id() + " " + what + " (" + base::Join(m.unique_key, ", ") +
                        "): " + st.details())
      .WithHint("unique_key must identify one row of the model's result");
}

// Builds the table under a temporary name, then swaps it in; readers see the old table until
// commit, then the new one, never a missing or half-filled one. The swap's statements go to
// `last` (sent with the tracking row and the COMMIT).
Result<BuildOutcome> BuildTable(pg::Connection& conn, const Graph& g, const Model& m, State& s,
                                std::vector<pg::PipelineStep>& last) {
  std::string tmp = sql::QualifiedName(m.schema, BuildName(m));
  PGCRATE_RETURN_IF_ERROR(ReadRebuild(conn, m, s));
  if (s.leftover) PGCRATE_RETURN_IF_ERROR(conn.Run("DROP TABLE " + tmp));
  auto created = conn.Exec("CREATE TABLE " + tmp + " AS\n" + BuildSelect(m));
  if (!created.ok())
    return Status(created.status()).WithLocation({m.path, m.sql_line, 0}).WithObject(m.Id());
  int64_t rows = created->affected_rows();
  bool incremental = m.materialized == Materialized::kIncremental;
  if (incremental) PGCRATE_RETURN_IF_ERROR(AddPrimaryKey(conn, m, tmp));
  std::vector<Rebuild> rebuilds;
  if (s.rel.oid != 0) {
    auto r = DetachDependents(conn, g, m, s.dependents, last);
    if (!r.ok()) return r.status();
    rebuilds = std::move(*r);
    last.push_back(DropExisting(m, s));
  }
  last.push_back({"ALTER TABLE " + tmp + " RENAME TO " + sql::QuoteIdent(m.name), {}, false});
  if (incremental) {
    last.push_back({"ALTER INDEX " + sql::QualifiedName(m.schema, BuildName(m) + "_pkey") +
                        " RENAME TO " + sql::QuoteIdent(m.name.substr(0, 58) + "_pkey"),
                    {},
                    false});
  }
  if (s.rel.oid != 0) AppendAll(last, s.carry);
  Reattach(g, rebuilds, last);
  std::string what = incremental ? "incremental table" : "table";
  return BuildOutcome{(s.rel.oid == 0 ? "created " : "rebuilt ") + what, rows};
}

Result<std::vector<std::string>> ColumnsOf(pg::Connection& conn, const std::string& regclass) {
  auto r = conn.Exec(
      "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT "
      "attisdropped ORDER BY attnum",
      {regclass});
  if (!r.ok()) return r.status();
  std::vector<std::string> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(r->str(i, 0));
  return out;
}

Status CheckIncoming(pg::Connection& conn, const Model& m, const std::vector<std::string>& in,
                     const std::vector<std::string>& existing) {
  std::vector<std::string> added;
  for (const std::string& c : in) {
    if (std::find(existing.begin(), existing.end(), c) == existing.end()) added.push_back(c);
  }
  if (!added.empty()) {
    return ModelError(m, Code::kRefused,
                      "the SELECT of " + m.Id() + " has column(s) the table lacks: " +
                          base::Join(added, ", ") + "; run `pgcrate model run -s " + m.Id() +
                          " --full-refresh` to rebuild the table with them");
  }
  std::string keys;
  for (const std::string& k : m.unique_key) {
    if (std::find(in.begin(), in.end(), k) == in.end()) {
      return ModelError(m, Code::kRefused,
                        "unique_key column " + k + " is not in the SELECT of " + m.Id());
    }
    keys += (keys.empty() ? "" : ", ") + sql::QuoteIdent(k);
  }
  auto dup = conn.Exec("SELECT row(" + keys + ")::text FROM pgcrate_incoming GROUP BY " + keys +
                       " HAVING count(*) > 1 LIMIT 1");
  if (!dup.ok()) return dup.status();
  if (dup->rows() > 0) {
    return ModelError(m, Code::kRefused,
                      "the SELECT of " + m.Id() + " returns the unique_key (" +
                          base::Join(m.unique_key, ", ") + ") = " + dup->str(0, 0) +
                          " more than once; unique_key must identify one row");
  }
  return Status::Ok();
}

Result<BuildOutcome> MergeIncremental(pg::Connection& conn, const Model& m, int server_version) {
  auto made =
      conn.Exec("CREATE TEMP TABLE pgcrate_incoming ON COMMIT DROP AS\n" + IncrementalSelect(m));
  if (!made.ok())
    return Status(made.status()).WithLocation({m.path, m.sql_line, 0}).WithObject(m.Id());
  auto in = ColumnsOf(conn, "pg_temp.pgcrate_incoming");
  if (!in.ok()) return in.status();
  auto existing = ColumnsOf(conn, Target(m));
  if (!existing.ok()) return existing.status();
  PGCRATE_RETURN_IF_ERROR(CheckIncoming(conn, m, *in, *existing));
  auto merged = conn.Exec(UpsertSql(m, "pgcrate_incoming", *in, server_version));
  if (!merged.ok()) return Status(merged.status()).WithObject(m.Id());
  return BuildOutcome{server_version >= 170000 ? "merged (MERGE)" : "merged (ON CONFLICT)",
                      merged->affected_rows()};
}

}  // namespace

namespace {

// A view model in one round trip: the transaction, the state read, the ownership guard, CREATE
// OR REPLACE VIEW (which also creates) and the tracking row. When CREATE OR REPLACE fails on an
// existing relation (a column dropped, renamed or retyped; a table becoming a view), `retry`
// asks for the attempt that re-creates it with the views on it.
Result<BuildOutcome> BuildViewInOne(pg::Connection& conn, const Model& m, bool& retry) {
  std::vector<pg::QueryResult> got;
  Status st = pg::Transaction::RunWhole(
      conn,
      {{"SET LOCAL statement_timeout = 0", {}, false},
       StateQuery(m),
       OwnedGuard(m),
       {"CREATE OR REPLACE VIEW " + Target(m) + " AS\n" + BuildSelect(m), {}, false},
       RecordModelStep(m, SqlHash(m), -1, 0)},
      got);
  if (got.size() < 2) return st;
  State state = StateFrom(got[1]);
  PGCRATE_RETURN_IF_ERROR(CheckOwned(m, state));
  if (st.ok()) return BuildOutcome{state.rel.oid == 0 ? "created view" : "replaced view", -1};
  retry = got.size() == 3 && state.rel.oid != 0;  // the CREATE OR REPLACE itself failed
  return st;
}

// `recreate`: the second attempt at a view model (see BuildViewInOne).
Result<BuildOutcome> BuildOnce(pg::Connection& conn, const Graph& graph, const Model& m,
                               const BuildOptions& options, bool recreate, bool& retry) {
  if (m.materialized == Materialized::kView && !recreate) return BuildViewInOne(conn, m, retry);
  // One round trip: the transaction, its settings and the model's state (and for a table what
  // its rebuild needs; an incremental model reads that only when it is rebuilt).
  std::vector<pg::PipelineStep> first = {
      {"BEGIN", {}, false}, {"SET LOCAL statement_timeout = 0", {}, false}, StateQuery(m)};
  bool table = m.materialized == Materialized::kTable;
  if (table) {
    for (pg::PipelineStep& q : RebuildQueries(m)) first.push_back(std::move(q));
  }
  std::vector<pg::QueryResult> began;
  auto txn = pg::Transaction::Begin(conn, first, began);
  if (!txn.ok()) return txn.status();
  State state = StateFrom(began[1]);
  if (table) RebuildFrom(began, 2, state);
  PGCRATE_RETURN_IF_ERROR(CheckOwned(m, state));
  Result<BuildOutcome> out = BuildOutcome{};
  std::vector<pg::PipelineStep> last;
  if (m.materialized == Materialized::kView) {
    out = RecreateView(conn, graph, m, state, last);
  } else if (table || options.full_refresh || state.rel.oid == 0 || state.rel.kind != 'r' ||
             state.recorded_materialized != "incremental") {
    out = BuildTable(conn, graph, m, state, last);
  } else {
    out = MergeIncremental(conn, m, conn.server_version());
  }
  if (!out.ok()) return out;
  // One round trip: the statements left (a view's, a table's swap), the tracking row and COMMIT.
  last.push_back(RecordModelStep(m, SqlHash(m), out->rows, 0));
  PGCRATE_RETURN_IF_ERROR((*txn)->Commit(last));
  return out;
}

}  // namespace

Result<BuildOutcome> BuildModel(pg::Connection& conn, const Graph& graph, size_t index,
                                const BuildOptions& options) {
  const Model& m = graph.models()[index];
  bool retry = false;
  auto out = BuildOnce(conn, graph, m, options, false, retry);
  if (out.ok() || !retry) return out;
  return BuildOnce(conn, graph, m, options, true, retry);
}

}  // namespace pgcrate::model
