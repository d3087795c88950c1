#include "seed/run.h"

#include <algorithm>
#include <chrono>

#include "base/files.h"
#include "base/strings.h"
#include "seed/csv.h"
#include "seed/json_rows.h"
#include "sql/parser.h"
#include "sql/quote.h"

namespace pgcrate::seed {
namespace {

constexpr size_t kChunk = size_t{1} << 20;

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// "line 3" and "column sort_order" from the server's context ("COPY t, line 3, column
// sort_order: ..."); the column is matched against the seed's own column names.
void ParseCopyContext(const std::string& details, const std::vector<std::string>& columns,
                      int64_t& line, int& column) {
  line = 0;
  column = 0;
  size_t at = details.find("context: COPY ");
  if (at == std::string::npos) return;
  size_t l = details.find(", line ", at);
  if (l == std::string::npos) return;
  line = std::strtoll(details.c_str() + l + 7, nullptr, 10);
  size_t c = details.find(", column ", l);
  if (c == std::string::npos) return;
  std::string_view rest(details.c_str() + c + 9);
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string& name = columns[i];
    if (rest.substr(0, name.size()) == name &&
        (rest.size() == name.size() || rest[name.size()] == ':')) {
      column = static_cast<int>(i) + 1;
    }
  }
}

// The item of a JSON seed on "line N" of the COPY data (a value with a newline spans lines).
int64_t JsonItemOfCopyLine(const PlannedSeed& p, int64_t n) {
  int64_t lines = 0;
  int64_t found = 0;
  std::string text;
  (void)ForEachJsonRow(p.seed.path, p.columns, [&](const JsonRow& row, int64_t item) {
    text.clear();
    AppendCsvLine(row, text);
    lines += std::count(text.begin(), text.end(), '\n');
    if (lines >= n && found == 0) found = item;
    return found == 0 ? Status::Ok() : Status(Code::kConflict, "found");
  });
  return found;
}

Status MapCopyError(Status st, const PlannedSeed& p) {
  int64_t line = 0;
  int column = 0;
  ParseCopyContext(st.details(), p.columns, line, column);
  st.WithObject(p.target.qualified);
  if (line <= 0) return st.WithLocation({p.seed.path, 0, 0});
  if (p.seed.kind == SeedKind::kJson) {
    std::string where = "item " + std::to_string(JsonItemOfCopyLine(p, line));
    if (column > 0) where += ", key \"" + p.columns[static_cast<size_t>(column) - 1] + "\"";
    return st.Prefix(where + ": ").WithLocation({p.seed.path, 0, 0});
  }
  return st.WithLocation(
      {p.seed.path, static_cast<int>(FileLineOfCopyLine(p.seed.path, line)), column});
}

class ChunkSender {
 public:
  ChunkSender(pg::Connection& conn, const PlannedSeed& p, const RunOptions& o)
      : conn_(conn), p_(p), o_(o) {
    chunk_.reserve(kChunk + (kChunk >> 4));
  }
  std::string& chunk() { return chunk_; }
  // Sends the chunk once it is full (or always with `flush`); false once the server stopped.
  bool Maybe(int64_t rows, int64_t bytes, bool flush = false) {
    if (chunk_.size() < kChunk && !flush) return true;
    bool ok = conn_.CopyInPut(chunk_).ok();
    chunk_.clear();
    if (o_.progress) o_.progress({p_.seed.name, rows, bytes, p_.seed.size});
    return ok;
  }

 private:
  pg::Connection& conn_;
  const PlannedSeed& p_;
  const RunOptions& o_;
  std::string chunk_;
};

Status StreamCsv(const PlannedSeed& p, ChunkSender& out, int64_t& rows) {
  auto reader = CsvReader::Open(p.seed.path);
  if (!reader.ok()) return reader.status();
  CsvRecord record;
  if (!(*reader)->Next(record)) return (*reader)->status();  // the header
  while ((*reader)->Next(record)) {
    bool skip = false;
    PGCRATE_RETURN_IF_ERROR(CheckDataRecord(record, p.columns.size(), p.seed.path, skip));
    if (skip) continue;
    // Line endings normalized to \n: PostgreSQL wants one style per COPY.
    out.chunk().append(record.raw);
    out.chunk().push_back('\n');
    ++rows;
    if (!out.Maybe(rows, (*reader)->position())) return Status::Ok();
  }
  PGCRATE_RETURN_IF_ERROR((*reader)->status());
  out.Maybe(rows, p.seed.size, true);
  return Status::Ok();
}

Status StreamJson(const PlannedSeed& p, ChunkSender& out, int64_t& rows) {
  bool open = true;
  PGCRATE_RETURN_IF_ERROR(ForEachJsonRow(p.seed.path, p.columns, [&](const JsonRow& row, int64_t) {
    if (!open) return Status::Ok();
    AppendCsvLine(row, out.chunk());
    ++rows;
    open = out.Maybe(rows, 0);
    return Status::Ok();
  }));
  if (open) out.Maybe(rows, p.seed.size, true);
  return Status::Ok();
}

std::string ColumnList(const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& c : columns) out += (out.empty() ? "" : ", ") + sql::QuoteIdent(c);
  return "(" + out + ")";
}

}  // namespace

Result<int64_t> CopySeed(pg::Connection& conn, const PlannedSeed& p, const std::string& copy_sql,
                         const RunOptions& options) {
  if (p.columns.empty()) return int64_t{0};  // a JSON seed with no rows
  PGCRATE_RETURN_IF_ERROR(conn.CopyInBegin(copy_sql));
  ChunkSender sender(conn, p, options);
  int64_t rows = 0;
  Status producer =
      p.seed.kind == SeedKind::kJson ? StreamJson(p, sender, rows) : StreamCsv(p, sender, rows);
  if (!producer.ok()) producer.WithObject(p.target.qualified);
  auto done = conn.CopyInEnd(producer);
  if (!done.ok() && producer.ok()) return MapCopyError(done.status(), p);
  return done;
}

namespace {

Status RunSqlSeed(pg::Connection& conn, const Seed& seed) {
  std::string text;
  std::vector<sql::Statement> stmts;
  PGCRATE_RETURN_IF_ERROR(CheckSqlSeed(seed, text, stmts));
  std::vector<pg::QueryResult> done;
  Status st = conn.ExecScript(text, done);
  if (st.ok()) return st;
  size_t failed = std::min(done.size(), stmts.empty() ? size_t{0} : stmts.size() - 1);
  if (!stmts.empty()) st.WithLocation({seed.path, stmts[failed].line, stmts[failed].column});
  return st.WithObject(seed.name);
}

// Moves each identity/serial sequence of a loaded column past the largest loaded value.
Status MoveSequences(pg::Connection& conn, const SeedPlan& plan, RunResult& result) {
  std::string query;
  pg::Params params;
  for (const PlannedSeed& p : plan.seeds) {
    for (const std::string& col : p.columns) {
      const TargetColumn* c = p.target.Column(col);
      if (c == nullptr || c->sequence.empty()) continue;
      params.emplace_back(c->sequence);
      query += std::string(query.empty() ? "" : " UNION ALL ") + "SELECT $" +
               std::to_string(params.size()) + "::text AS seq, max(" + sql::QuoteIdent(col) +
               ")::bigint AS m FROM " + p.target.qualified;
    }
  }
  if (query.empty()) return Status::Ok();
  auto r = conn.Exec("SELECT s.seq, setval(s.seq::regclass, s.m) FROM (" + query +
                         ") s WHERE s.m >= (SELECT q.seqmin FROM pg_sequence q "
                         "WHERE q.seqrelid = s.seq::regclass)",
                     params);
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) result.sequences_moved.push_back(r->str(i, 0));
  return Status::Ok();
}

Status LoadOne(pg::Connection& conn, const PlannedSeed& p, const RunOptions& o, LoadedSeed& out) {
  auto started = std::chrono::steady_clock::now();
  if (p.seed.kind == SeedKind::kSql) {
    PGCRATE_RETURN_IF_ERROR(RunSqlSeed(conn, p.seed));
  } else {
    auto rows =
        CopySeed(conn, p,
                 "COPY " + p.target.qualified + " " + ColumnList(p.columns) +
                     // FREEZE: the table was truncated in this transaction, so the
                     // rows can be written frozen (no later vacuum rewrite); not
                     // allowed on partitioned tables.
                     " FROM STDIN WITH (FORMAT csv" + (p.target.partitioned ? ")" : ", FREEZE)"),
                 o);
    if (!rows.ok()) return rows.status();
    out.rows = *rows;
  }
  out.elapsed_ms = MsSince(started);
  return Status::Ok();
}

LoadedSeed Describe(const PlannedSeed& p) {
  LoadedSeed s;
  s.name = p.seed.name;
  s.kind = std::string(KindName(p.seed.kind));
  s.path = p.seed.path;
  s.target = p.target.qualified;
  s.columns = p.columns;
  s.bytes = p.seed.size;
  return s;
}

Status DryRun(const SeedPlan& plan, RunResult& result) {
  for (const PlannedSeed& p : plan.seeds) {
    LoadedSeed s = Describe(p);
    if (p.seed.kind == SeedKind::kSql) {
      std::string text;
      std::vector<sql::Statement> stmts;
      PGCRATE_RETURN_IF_ERROR(CheckSqlSeed(p.seed, text, stmts));
    } else {
      auto rows = CountSeedRows(p);
      if (!rows.ok()) return Status(rows.status()).WithObject(p.target.qualified);
      s.rows = *rows;
      result.rows += *rows;
    }
    result.seeds.push_back(std::move(s));
  }
  return Status::Ok();
}

Status Load(pg::Connection& conn, const SeedPlan& plan, const RunOptions& o, RunResult& result) {
  for (const PlannedSeed& p : plan.seeds) {  // SQL seeds are checked before anything runs
    if (p.seed.kind != SeedKind::kSql) continue;
    std::string text;
    std::vector<sql::Statement> stmts;
    PGCRATE_RETURN_IF_ERROR(CheckSqlSeed(p.seed, text, stmts));
  }
  auto txn = pg::Transaction::Begin(conn);
  if (!txn.ok()) return txn.status();
  // A load may take longer than the session's statement_timeout; lock_timeout still applies.
  PGCRATE_RETURN_IF_ERROR(conn.Run("SET LOCAL statement_timeout = 0"));
  if (!result.truncate_sql.empty()) PGCRATE_RETURN_IF_ERROR(conn.Run(result.truncate_sql));
  for (const std::string& t : plan.disable_triggers) {
    PGCRATE_RETURN_IF_ERROR(conn.Run("ALTER TABLE " + t + " DISABLE TRIGGER ALL"));
  }
  for (const PlannedSeed& p : plan.seeds) {
    LoadedSeed s = Describe(p);
    PGCRATE_RETURN_IF_ERROR(LoadOne(conn, p, o, s));
    if (s.rows > 0) result.rows += s.rows;
    result.seeds.push_back(std::move(s));
  }
  PGCRATE_RETURN_IF_ERROR(MoveSequences(conn, plan, result));
  for (const std::string& t : plan.disable_triggers) {
    PGCRATE_RETURN_IF_ERROR(conn.Run("ALTER TABLE " + t + " ENABLE TRIGGER ALL"));
  }
  if (!plan.truncate.empty()) {
    PGCRATE_RETURN_IF_ERROR(conn.Run("ANALYZE " + base::Join(plan.truncate, ", ")));
  }
  return (*txn)->Commit();
}

}  // namespace

Result<RunResult> RunSeeds(pg::Connection& conn, const std::vector<Seed>& seeds,
                           const RunOptions& options) {
  if (conn.in_transaction()) {
    return Status(Code::kInternal, "seed run needs a connection outside a transaction");
  }
  auto started = std::chrono::steady_clock::now();
  auto plan = PlanSeeds(conn, seeds);
  if (!plan.ok()) return plan.status();
  RunResult result;
  result.dry_run = options.dry_run;
  if (!plan->truncate.empty()) {
    result.truncate_sql = "TRUNCATE " + base::Join(plan->truncate, ", ") + " RESTART IDENTITY";
  }
  result.triggers_disabled = plan->disable_triggers;
  PGCRATE_RETURN_IF_ERROR(options.dry_run ? DryRun(*plan, result)
                                          : Load(conn, *plan, options, result));
  result.elapsed_ms = MsSince(started);
  return result;
}

}  // namespace pgcrate::seed
