#include "anonymize/copy.h"

#include <chrono>

#include "anonymize/catalog.h"
#include "anonymize/check.h"
#include "anonymize/keyed_hash.h"
#include "anonymize/stream.h"
#include "anonymize/tool_run.h"
#include "sql/quote.h"
#include "sql/user_schemas.h"

namespace pgcrate::anonymize {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

Result<std::string> Identity(pg::Connection& c) {
  auto r = c.Exec(
      "SELECT pg_postmaster_start_time()::text || ' ' || d.oid::text || ' ' || d.datname "
      "FROM pg_database d WHERE d.datname = current_database()");
  if (!r.ok()) return r.status();
  return r->rows() ? r->str(0, 0) : std::string();
}

Status CheckTargetEmpty(pg::Connection& target) {
  auto r = target.Exec(
      "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
      "c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND (" +
      sql::UserSchemaCondition("n.nspname") + " OR n.nspname = 'pgcrate')");
  if (!r.ok()) return r.status();
  int64_t n = r->int64(0, 0);
  if (n == 0) return Status::Ok();
  return Status(Code::kRefused, "the target database " + target.database() + " has " +
                                    std::to_string(n) +
                                    " tables, views or sequences; anonymize copies into an "
                                    "empty database only.")
      .WithHint("create a new database (createdb) or drop and recreate the target.");
}

// The source session: read only, one snapshot for every COPY and for pg_dump.
Result<std::string> BeginSourceSnapshot(pg::Connection& source) {
  PGCRATE_RETURN_IF_ERROR(
      source.Run("SET default_transaction_read_only = on; SET statement_timeout = 0; "
                 "SET DateStyle = ISO; SET IntervalStyle = postgres; SET extra_float_digits = 3"));
  PGCRATE_RETURN_IF_ERROR(source.Run("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
  auto snap = source.Exec("SELECT pg_export_snapshot()");
  if (!snap.ok()) return snap.status();
  return snap->str(0, 0);
}

// Every rule must name an existing column and fit it, before anything is written.
Result<std::vector<std::unique_ptr<TableStream>>> PlanStreams(const std::vector<Table>& tables,
                                                              const CopyOptions& o,
                                                              KeyedHash& hash) {
  CheckResult coverage = CheckCoverage(tables, o.rules);
  if (!coverage.stale.empty()) {
    const StaleRule& s = coverage.stale.front();
    return Status(Code::kConfig, "[anonymize] \"" + s.key + "\": " + s.reason + " in the source.")
        .WithLocation({o.rules_file, s.line, 0});
  }
  std::vector<std::unique_ptr<TableStream>> streams;
  for (const Table& t : tables) {
    auto s = TableStream::Create(CopyShape(t), o.rules, o.rules_file, hash);
    if (!s.ok()) return s.status();
    streams.push_back(std::move(s).value());
  }
  return streams;
}

Result<CopiedTable> CopyTable(pg::Connection& source, pg::Connection& target, const Table& table,
                              TableStream& stream, const CopyOptions& o) {
  auto start = Clock::now();
  Table shape = CopyShape(table);
  std::string name = sql::QualifiedName(table.schema, table.name);
  std::string cols = CopyColumnList(shape);
  CopiedTable out{table.schema + "." + table.name, 0, 0, stream.ChangedColumns(), 0};
  PGCRATE_RETURN_IF_ERROR(target.CopyInBegin("COPY " + name + " " + cols + " FROM STDIN"));
  std::string buf;
  buf.reserve(o.chunk_bytes + 65536);
  auto read = source.CopyOut("COPY " + name + " " + cols + " TO STDOUT",
                             [&](std::string_view data) -> Status {
                               out.bytes += static_cast<int64_t>(data.size());
                               if (stream.Transforms()) {
                                 PGCRATE_RETURN_IF_ERROR(stream.Feed(data, buf));
                               } else {
                                 buf.append(data);
                               }
                               if (buf.size() < o.chunk_bytes) return Status::Ok();
                               Status put = target.CopyInPut(buf);
                               buf.clear();
                               return put;
                             });
  Status st = read.ok() ? stream.Finish(buf) : read.status();
  if (st.ok() && !buf.empty()) st = target.CopyInPut(buf);
  auto loaded = target.CopyInEnd(st);
  if (!loaded.ok()) return loaded.status();
  out.rows = *loaded;
  out.elapsed_ms = MsSince(start);
  return out;
}

Result<int> CopySequences(pg::Connection& source, pg::Connection& target) {
  auto seqs = source.Exec(
      "SELECT schemaname, sequencename, last_value::text FROM pg_sequences "
      "WHERE last_value IS NOT NULL AND " +
      sql::UserSchemaCondition("schemaname") +
      " OR (schemaname = 'pgcrate' AND last_value IS NOT NULL)");
  if (!seqs.ok()) return seqs.status();
  for (int i = 0; i < seqs->rows(); ++i) {
    auto r = target.Exec("SELECT pg_catalog.setval($1::regclass, $2::bigint, true)",
                         {sql::QualifiedName(seqs->str(i, 0), seqs->str(i, 1)), seqs->str(i, 2)});
    if (!r.ok()) return r.status();
  }
  return seqs->rows();
}

// Materialized views come from pg_dump's schema WITH NO DATA; the populated ones are
// refreshed over the anonymized tables (creation order, which follows their dependencies).
Result<int> RefreshMatviews(pg::Connection& source, pg::Connection& target) {
  auto views = source.Exec(
      "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON "
      "n.oid = c.relnamespace WHERE c.relkind = 'm' AND c.relispopulated "
      "AND " +
      sql::UserSchemaCondition("n.nspname") + " ORDER BY c.oid");
  if (!views.ok()) return views.status();
  for (int i = 0; i < views->rows(); ++i) {
    PGCRATE_RETURN_IF_ERROR(target.Run("REFRESH MATERIALIZED VIEW " +
                                       sql::QualifiedName(views->str(i, 0), views->str(i, 1))));
  }
  return views->rows();
}

Status WithPartialNote(const Status& st) {
  return Status(st.code(), st.message() +
                               " The target is partly loaded: drop it and create it again "
                               "before the next run.")
      .WithHint(st.hint());
}

}  // namespace

Status CheckDistinct(pg::Connection& a, pg::Connection& b) {
  auto ia = Identity(a);
  if (!ia.ok()) return ia.status();
  auto ib = Identity(b);
  if (!ib.ok()) return ib.status();
  if (*ia != *ib) return Status::Ok();
  return Status(Code::kRefused, "the target is the source database (" + a.Describe() +
                                    "); anonymize never writes to its source.");
}

Result<CopyResult> CopyDatabase(pg::Connection& source, pg::Connection& target,
                                const CopyOptions& o) {
  auto start = Clock::now();
  PGCRATE_RETURN_IF_ERROR(CheckDistinct(source, target));
  PGCRATE_RETURN_IF_ERROR(CheckTargetEmpty(target));
  auto hash = KeyedHash::Create(o.salt);
  if (!hash.ok()) return hash.status();
  auto snapshot = BeginSourceSnapshot(source);
  if (!snapshot.ok()) return snapshot.status();
  auto tables = LoadTables(source, {.include_pgcrate_schema = true});
  if (!tables.ok()) return tables.status();
  auto streams = PlanStreams(*tables, o, **hash);
  if (!streams.ok()) return streams.status();
  auto notify = [&](const std::string& what) {
    if (o.progress) o.progress(what);
  };
  std::vector<std::string> dump = {"--schema-only", "--no-owner", "--no-privileges",
                                   "--snapshot=" + *snapshot};
  auto pre = RunPgDump(o.pg_dump, o.source_conninfo, [&] {
    auto a = dump;
    a.push_back("--section=pre-data");
    return a;
  }());
  if (!pre.ok()) return pre.status();
  auto post = RunPgDump(o.pg_dump, o.source_conninfo, [&] {
    auto a = dump;
    a.push_back("--section=post-data");
    return a;
  }());
  if (!post.ok()) return post.status();
  notify("schema");
  PGCRATE_RETURN_IF_ERROR(RunPsqlScript(o.psql, o.target_conninfo, *pre, "schema (pre-data)"));
  PGCRATE_RETURN_IF_ERROR(target.Run("SET statement_timeout = 0; SET DateStyle = ISO"));
  CopyResult result;
  for (size_t i = 0; i < tables->size(); ++i) {
    const Table& t = (*tables)[i];
    if (t.partitioned) continue;
    notify(t.schema + "." + t.name);
    auto copied = CopyTable(source, target, t, *(*streams)[i], o);
    if (!copied.ok()) return WithPartialNote(copied.status());
    result.rows += copied->rows;
    result.bytes += copied->bytes;
    result.tables.push_back(std::move(copied).value());
  }
  notify("indexes and constraints");
  Status st =
      RunPsqlScript(o.psql, o.target_conninfo, *post, "indexes and constraints (post-data)");
  if (!st.ok()) return WithPartialNote(st);
  auto seqs = CopySequences(source, target);
  if (!seqs.ok()) return WithPartialNote(seqs.status());
  result.sequences = *seqs;
  auto views = RefreshMatviews(source, target);
  if (!views.ok()) return WithPartialNote(views.status());
  PGCRATE_RETURN_IF_ERROR(source.Run("COMMIT"));
  result.elapsed_ms = MsSince(start);
  return result;
}

}  // namespace pgcrate::anonymize
