// bloat: estimated wasted space in tables and btree indexes — pages that hold far fewer live
// rows than they could, left by mass UPDATE/DELETE that VACUUM cleaned but cannot give back
// to the OS. Bloat makes every scan read more pages and the cache hold less useful data.
// The estimate is the classic statistics-based one (as in check_postgres and ioguix's
// queries): the expected size from reltuples and pg_stats average widths against relpages.
// Tables or indexes without statistics are skipped (ANALYZE them). Two queries.
#include <cmath>

#include "dba/checks/checks.h"
#include "sql/user_schemas.h"

namespace pgcrate::dba::checks {
namespace bloat_check {
namespace {

const std::string kTablesSql = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relpages::float8,
       c.reltuples::float8, current_setting('block_size')::float8,
       coalesce((SELECT option_value::float8 FROM pg_options_to_table(c.reloptions)
                 WHERE option_name = 'fillfactor'), 100),
       coalesce(sum(s.avg_width * (1 - s.null_frac)), 0)::float8,
       count(s.attname) = (SELECT count(*) FROM pg_attribute a
                           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
       coalesce(max(s.null_frac), 0) > 0,
       (SELECT count(*) FROM pg_attribute a
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)::int
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
WHERE c.relkind IN ('r', 'm') AND c.relpages > 0
  AND )sql" + sql::UserSchemaCondition("n.nspname") +
                               R"sql(
GROUP BY c.oid, n.nspname, c.relname, c.relpages, c.reltuples, c.reloptions
)sql";

const std::string kIndexesSql = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(ci.relname),
       quote_ident(n.nspname) || '.' || quote_ident(ct.relname), ci.relpages::float8,
       ci.reltuples::float8, current_setting('block_size')::float8,
       coalesce((SELECT option_value::float8 FROM pg_options_to_table(ci.reloptions)
                 WHERE option_name = 'fillfactor'), 90),
       coalesce(sum(s.avg_width), 0)::float8, count(s.attname) = i.indnatts,
       coalesce(max(s.null_frac), 0) > 0
FROM pg_index i
JOIN pg_class ci ON ci.oid = i.indexrelid
JOIN pg_class ct ON ct.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ct.relnamespace
JOIN pg_am am ON am.oid = ci.relam AND am.amname = 'btree'
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = ct.relname
                    AND s.attname = a.attname
WHERE i.indexprs IS NULL AND ci.relpages > 1
  AND )sql" + sql::UserSchemaCondition("n.nspname") +
                                R"sql(
GROUP BY ci.oid, n.nspname, ci.relname, ct.relname, ci.relpages, ci.reltuples, ci.reloptions,
         i.indnatts
)sql";

double MaxAlign(double n) { return std::ceil(n / 8) * 8; }

struct Estimate {
  std::string name, table;
  double bytes = 0, wasted = 0, pct = 0;
};

// Heap: 23-byte tuple header (+ null bitmap) and the data, each MAXALIGNed, plus a 4-byte
// line pointer; pages of block_size minus the 24-byte page header, filled to fillfactor.
Estimate TableEstimate(const pg::QueryResult& q, int r) {
  double pages = q.float64(r, 1), tuples = std::max(q.float64(r, 2), 0.0), bs = q.float64(r, 3);
  double header = 23 + (q.boolean(r, 7) ? std::ceil(q.float64(r, 8) / 8) : 0);
  double tuple = MaxAlign(header) + MaxAlign(q.float64(r, 5)) + 4;
  double per_page = std::max(1.0, std::floor((bs - 24) * q.float64(r, 4) / 100 / tuple));
  double expected = std::ceil(tuples / per_page);
  Estimate e{q.str(r, 0), q.str(r, 0), pages * bs, std::max(0.0, (pages - expected) * bs), 0};
  e.pct = pages > 0 ? 100 * e.wasted / (pages * bs) : 0;
  return e;
}

// Btree: 8-byte index tuple header (+ null bitmap) and key data MAXALIGNed plus a 4-byte line
// pointer; pages of block_size minus page header and the 16-byte btree special space, filled
// to fillfactor (90); one metapage.
Estimate IndexEstimate(const pg::QueryResult& q, int r) {
  double pages = q.float64(r, 2), tuples = std::max(q.float64(r, 3), 0.0), bs = q.float64(r, 4);
  double tuple = MaxAlign(8 + (q.boolean(r, 8) ? 8 : 0) + q.float64(r, 6)) + 4;
  double per_page = std::max(1.0, std::floor((bs - 24 - 16) * q.float64(r, 5) / 100 / tuple));
  double expected = std::ceil(tuples / per_page) + 1;
  Estimate e{q.str(r, 0), q.str(r, 1), pages * bs, std::max(0.0, (pages - expected) * bs), 0};
  e.pct = pages > 0 ? 100 * e.wasted / (pages * bs) : 0;
  return e;
}

void Judge(CheckContext& ctx, CheckReport& report, const Estimate& e, bool index) {
  const Thresholds& t = ctx.thresholds;
  if (e.wasted < t.Get("min_bytes")) return;
  Severity sev = Grade(e.pct, t.Get("warning_pct"), t.Get("critical_pct"));
  if (sev == Severity::kOk) return;
  Finding f;
  f.kind = index ? "index_bloat" : "table_bloat";
  f.severity = sev;
  f.object = e.name;
  f.message = "about " + HumanBytes(e.wasted) + " of " + HumanBytes(e.bytes) + " (" + Fixed(e.pct) +
              "%) is wasted space (estimate)";
  if (index) {
    f.action = "rebuild it without blocking writes (REINDEX INDEX CONCURRENTLY)";
    f.fix = Fix{FixCommand({"bloat", e.name, "--yes"}),
                "REINDEX INDEX CONCURRENTLY " + e.name + ";", "medium"};
  } else {
    f.action =
        "VACUUM FULL rewrites it under an ACCESS EXCLUSIVE lock; pg_repack does it "
        "online. Plain VACUUM only makes the space reusable";
    f.fix = Fix{FixCommand({"vacuum", e.name, "--full", "--yes"}), "VACUUM (FULL) " + e.name + ";",
                "high"};
  }
  f.details = {
      {"bytes", e.bytes}, {"wasted_bytes", e.wasted}, {"wasted_pct", e.pct}, {"table", e.table}};
  report.Add(std::move(f));
}

void AddRow(CheckReport& report, const Estimate& e, const char* kind) {
  report.rows.push_back({kind, e.name, HumanBytes(e.bytes), HumanBytes(e.wasted), Fixed(e.pct)});
  report.data["objects"].push_back({{"type", kind},
                                    {"name", e.name},
                                    {"table", e.table},
                                    {"bytes", e.bytes},
                                    {"wasted_bytes", e.wasted},
                                    {"wasted_pct", e.pct}});
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto tables = ctx.conn.Exec(kTablesSql);
  if (!tables.ok()) return tables.status();
  auto indexes = ctx.conn.Exec(kIndexesSql);
  if (!indexes.ok()) return indexes.status();
  report.columns = {"type", "name", "size", "wasted", "wasted %"};
  report.data["objects"] = nlohmann::ordered_json::array();
  int skipped = 0;
  const std::string& only = ctx.options.object;
  for (int r = 0; r < tables->rows(); ++r) {
    if (!tables->boolean(r, 6)) {
      ++skipped;
      continue;
    }
    Estimate e = TableEstimate(tables.value(), r);
    if (!only.empty() && e.name != only) continue;
    Judge(ctx, report, e, false);
    AddRow(report, e, "table");
  }
  for (int r = 0; r < indexes->rows(); ++r) {
    if (!indexes->boolean(r, 7)) {
      ++skipped;
      continue;
    }
    Estimate e = IndexEstimate(indexes.value(), r);
    if (!only.empty() && e.name != only) continue;
    Judge(ctx, report, e, true);
    AddRow(report, e, "index");
  }
  report.data["skipped_without_statistics"] = skipped;
  report.summary =
      std::to_string(report.rows.size()) + " tables and btree indexes estimated, " +
      std::to_string(report.findings.size()) + " bloated" +
      (skipped ? ", " + std::to_string(skipped) + " without statistics (ANALYZE)" : "");
  return Status::Ok();
}

}  // namespace
}  // namespace bloat_check

const CheckDescriptor kBloat = {
    "bloat",
    "Estimated table and btree index bloat",
    {{"warning_pct", 30, "estimated wasted percent that is a warning"},
     {"critical_pct", 60, "... that is critical"},
     {"min_bytes", 10485760, "objects wasting less than this many bytes are not reported"}},
    bloat_check::Run,
};

}  // namespace pgcrate::dba::checks
