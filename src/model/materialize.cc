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
};

struct Rebuild {
  size_t model;
  std::vector<std::string> carry;
};

Status ModelError(const Model& m, Code code, std::string message) {
  return Status(code, std::move(message)).WithLocation({m.path, 0, 0}).WithObject(m.Id());
}

// The model's relation and its pgcrate.models row, read at the start of its transaction.
pg::PipelineStep StateQuery(const Model& m) {
  return {
      "SELECT c.oid::bigint, c.relkind::text, coalesce(t.relation_oid, 0)::bigint, "
      "coalesce(t.materialized, '') FROM (SELECT 1) AS one "
      "LEFT JOIN (pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace) "
      "ON n.nspname = $1 AND c.relname = $2 "
      "LEFT JOIN pgcrate.models t ON t.name = $3",
      {m.schema, m.name, m.Id()},
      true};
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

Status CheckOwned(const Model& m, const State& s) {
  if (s.rel.oid == 0 || s.recorded_oid == s.rel.oid) return Status::Ok();
  return ModelError(m, Code::kRefused,
                    Target(m) +
                        " already exists and pgcrate did not create it (pgcrate.models "
                        "has no record of it); pgcrate never replaces a relation it did "
                        "not create. Rename or drop it yourself, or rename the model.");
}

// Drops the views that depend on relation `oid` when all of them are view models (returning how
// to re-create them); otherwise refuses, naming the others.
Result<std::vector<Rebuild>> DetachDependents(pg::Connection& conn, const Graph& g, const Model& m,
                                              uint32_t oid) {
  auto deps = DependentViews(conn, oid);
  if (!deps.ok()) return deps.status();
  std::vector<std::string> foreign;
  std::vector<Rebuild> out;
  for (const Dependent& d : *deps) {
    int i = g.Find(d.schema + "." + d.name);
    if (i < 0 || d.kind != 'v' ||
        g.models()[static_cast<size_t>(i)].materialized != Materialized::kView) {
      foreign.push_back(sql::QualifiedName(d.schema, d.name));
      continue;
    }
    auto carry = CarryOverSql(conn, d.oid, sql::QualifiedName(d.schema, d.name), 'v');
    if (!carry.ok()) return carry.status();
    out.push_back({static_cast<size_t>(i), std::move(*carry)});
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
  for (auto it = out.rbegin(); it != out.rend(); ++it) {  // deepest first
    PGCRATE_RETURN_IF_ERROR(conn.Run("DROP VIEW " + Target(g.models()[it->model])));
  }
  return out;
}

Status Reattach(pg::Connection& conn, const Graph& g, const std::vector<Rebuild>& rebuilds) {
  for (const Rebuild& r : rebuilds) {
    const Model& dep = g.models()[r.model];
    PGCRATE_RETURN_IF_ERROR(conn.Run("CREATE VIEW " + Target(dep) + " AS\n" + BuildSelect(dep)));
    PGCRATE_RETURN_IF_ERROR(RunAll(conn, r.carry));
    PGCRATE_RETURN_IF_ERROR(RecordModel(conn, dep, SqlHash(dep), -1, 0));
  }
  return Status::Ok();
}

// Drops the existing relation (its model-view dependents are re-created by the caller).
Status DropExisting(pg::Connection& conn, const Model& m, const State& s) {
  return conn.Run(std::string(s.rel.kind == 'v' ? "DROP VIEW " : "DROP TABLE ") + Target(m));
}

// `recreate`: CREATE OR REPLACE failed in an earlier attempt (columns removed, renamed or
// retyped), so drop and re-create. The first attempt tries it without a savepoint: the common
// case costs one statement, the rare one a second transaction.
// A view built by one statement (created, or replaced in place) leaves it in `with_commit`: it is
// sent with the tracking row and the COMMIT, in one round trip. When CREATE OR REPLACE VIEW fails
// (the new SELECT drops, renames or retypes a column), `retry` asks for a second attempt that
// re-creates the view and the views on it.
Result<BuildOutcome> BuildView(pg::Connection& conn, const Graph& g, const Model& m, const State& s,
                               bool recreate, bool& retry, std::string& with_commit) {
  std::string body = " AS\n" + BuildSelect(m);
  if (s.rel.oid == 0) {
    with_commit = "CREATE VIEW " + Target(m) + body;
    return BuildOutcome{"created view", -1};
  }
  if (s.rel.kind == 'v' && !recreate) {
    with_commit = "CREATE OR REPLACE VIEW " + Target(m) + body;
    retry = true;  // consulted only when the build fails
    return BuildOutcome{"replaced view", -1};
  }
  auto carry = CarryOverSql(conn, s.rel.oid, Target(m), 'v');
  if (!carry.ok()) return carry.status();
  auto rebuilds = DetachDependents(conn, g, m, s.rel.oid);
  if (!rebuilds.ok()) return rebuilds.status();
  PGCRATE_RETURN_IF_ERROR(DropExisting(conn, m, s));
  PGCRATE_RETURN_IF_ERROR(conn.Run("CREATE VIEW " + Target(m) + body));
  PGCRATE_RETURN_IF_ERROR(RunAll(conn, *carry));
  PGCRATE_RETURN_IF_ERROR(Reattach(conn, g, *rebuilds));
  return BuildOutcome{s.rel.kind == 'v' ? "re-created view" : "replaced table with view", -1};
}

std::string BuildName(const Model& m) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>()(m.Id()));
  return std::string("pgcrate_build_") + hex;
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
// commit, then the new one, never a missing or half-filled one.
Result<BuildOutcome> BuildTable(pg::Connection& conn, const Graph& g, const Model& m,
                                const State& s) {
  std::string tmp = sql::QualifiedName(m.schema, BuildName(m));
  auto leftover = conn.ExecCached("SELECT to_regclass($1) IS NOT NULL", {tmp});
  if (!leftover.ok()) return leftover.status();
  if (leftover->boolean(0, 0)) PGCRATE_RETURN_IF_ERROR(conn.Run("DROP TABLE " + tmp));
  auto created = conn.Exec("CREATE TABLE " + tmp + " AS\n" + BuildSelect(m));
  if (!created.ok())
    return Status(created.status()).WithLocation({m.path, m.sql_line, 0}).WithObject(m.Id());
  int64_t rows = created->affected_rows();
  bool incremental = m.materialized == Materialized::kIncremental;
  if (incremental) PGCRATE_RETURN_IF_ERROR(AddPrimaryKey(conn, m, tmp));
  std::vector<std::string> carry;
  std::vector<Rebuild> rebuilds;
  if (s.rel.oid != 0) {
    auto c = CarryOverSql(conn, s.rel.oid, Target(m), 'r');
    if (!c.ok()) return c.status();
    carry = std::move(*c);
    auto r = DetachDependents(conn, g, m, s.rel.oid);
    if (!r.ok()) return r.status();
    rebuilds = std::move(*r);
    PGCRATE_RETURN_IF_ERROR(DropExisting(conn, m, s));
  }
  PGCRATE_RETURN_IF_ERROR(conn.Run("ALTER TABLE " + tmp + " RENAME TO " + sql::QuoteIdent(m.name)));
  if (incremental) {
    (void)conn.Run("ALTER INDEX " + sql::QualifiedName(m.schema, BuildName(m) + "_pkey") +
                   " RENAME TO " + sql::QuoteIdent(m.name.substr(0, 58) + "_pkey"));
  }
  PGCRATE_RETURN_IF_ERROR(RunAll(conn, carry));
  PGCRATE_RETURN_IF_ERROR(Reattach(conn, g, rebuilds));
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

Result<BuildOutcome> BuildOnce(pg::Connection& conn, const Graph& graph, const Model& m,
                               const BuildOptions& options, bool recreate, bool& retry) {
  // One round trip: the transaction, its settings and the model's state.
  std::vector<pg::QueryResult> began;
  auto txn = pg::Transaction::Begin(
      conn, {{"BEGIN", {}, false}, {"SET LOCAL statement_timeout = 0", {}, false}, StateQuery(m)},
      began);
  if (!txn.ok()) return txn.status();
  State state = StateFrom(began.back());
  PGCRATE_RETURN_IF_ERROR(CheckOwned(m, state));
  Result<BuildOutcome> out = BuildOutcome{};
  std::string with_commit;
  if (m.materialized == Materialized::kView) {
    out = BuildView(conn, graph, m, state, recreate, retry, with_commit);
  } else if (m.materialized == Materialized::kTable || options.full_refresh || state.rel.oid == 0 ||
             state.rel.kind != 'r' || state.recorded_materialized != "incremental") {
    out = BuildTable(conn, graph, m, state);
  } else {
    out = MergeIncremental(conn, m, conn.server_version());
  }
  if (!out.ok()) return out;
  // One round trip: the view's statement (when it is one), the tracking row and COMMIT.
  std::vector<pg::PipelineStep> last;
  if (!with_commit.empty()) last.push_back({std::move(with_commit), {}, false});
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
