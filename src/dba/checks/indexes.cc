// indexes: invalid indexes (a failed CREATE INDEX CONCURRENTLY leaves one behind: written on
// every change, never used), unused indexes (slow every write, take space and WAL),
// duplicate indexes (the same definition twice), foreign keys without an index on the
// referencing columns (every DELETE/UPDATE of the parent scans the child table, under a
// lock), and tables read mostly by sequential scans (a probably missing index). Index builds
// scan the table and are counted by PostgreSQL as sequential scans: they are subtracted (one
// per index on the table) before judging either "missing" or "unused". Three
// queries, whatever the number of tables. Nothing here takes a lock on a table or index
// (no pg_get_indexdef/pg_get_expr/pg_relation_size): a table locked by a migration must not
// make the check wait or fail.
#include <map>
#include <tuple>

#include "dba/checks/checks.h"
#include "sql/user_schemas.h"

namespace pgcrate::dba::checks {
namespace indexes_check {
namespace {

const std::string kIndexesSql = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(ci.relname),
       quote_ident(n.nspname) || '.' || quote_ident(ct.relname),
       i.indisunique, i.indisprimary, i.indisvalid,
       coalesce(s.idx_scan, 0), ci.relpages::bigint * current_setting('block_size')::bigint,
       coalesce((SELECT conname::text FROM pg_constraint WHERE conindid = i.indexrelid
                 AND contype IN ('p', 'u', 'x') LIMIT 1), ''),
       i.indrelid::text || '/' || i.indkey::text || '/' || i.indclass::text || '/' ||
       i.indcollation::text || '/' ||
       -- Expression trees carry their position in the CREATE INDEX text: not part of the key.
       coalesce(regexp_replace(i.indexprs::text, ':location -?[0-9]+', '', 'g'), '') || '/' ||
       coalesce(regexp_replace(i.indpred::text, ':location -?[0-9]+', '', 'g'), '') || '/' ||
       am.amname,
       i.indexrelid::bigint,
       -- Reads of the table since statistics began that were not index builds: each
       -- CREATE INDEX (or REINDEX) scans the table once and counts as a sequential scan.
       greatest(coalesce(st.seq_scan, 0) - count(*) OVER (PARTITION BY i.indrelid), 0) +
         coalesce(st.idx_scan, 0)
FROM pg_index i
JOIN pg_class ci ON ci.oid = i.indexrelid
JOIN pg_class ct ON ct.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ci.relnamespace
JOIN pg_am am ON am.oid = ci.relam
LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
LEFT JOIN pg_stat_user_tables st ON st.relid = i.indrelid
WHERE )sql" + sql::UserSchemaCondition("n.nspname") +
                                R"sql(
ORDER BY 1
)sql";

const std::string kForeignKeysSql = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname), c.conname::text,
       (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
          FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
       c.confrelid::regclass::text, coalesce(st.n_live_tup, 0)
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_stat_user_tables st ON st.relid = c.conrelid
WHERE c.contype = 'f' AND )sql" + sql::UserSchemaCondition("n.nspname") +
                                    R"sql(
  AND NOT EXISTS (
    SELECT 1 FROM pg_index i
    WHERE i.indrelid = c.conrelid AND i.indisvalid AND i.indpred IS NULL
      AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
      AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
ORDER BY 1, 2
)sql";

// Sequential scans and rows read net of index builds (one scan of the whole table per index,
// counted with today's row count, which over-subtracts when the table grew since: the check
// errs towards silence). What remains must be at least $2 scans, of at least $1 rows each on
// average, and more than the index scans.
constexpr const char* kSeqScanSql = R"sql(
SELECT name, scans, reads, idx_scan, live FROM (
  SELECT quote_ident(st.schemaname) || '.' || quote_ident(st.relname) AS name,
         st.seq_scan - b.builds AS scans,
         greatest(st.seq_tup_read - b.builds * st.n_live_tup, 0) AS reads,
         coalesce(st.idx_scan, 0) AS idx_scan, st.n_live_tup AS live
  FROM pg_stat_user_tables st,
       LATERAL (SELECT count(*) AS builds FROM pg_index i WHERE i.indrelid = st.relid) b) t
WHERE scans >= $2 AND live >= $1 AND reads / nullif(scans, 0) >= $1 AND scans > idx_scan
ORDER BY reads DESC LIMIT 20
)sql";

struct Index {
  std::string name, table, constraint, key;
  bool unique = false, primary = false, valid = true;
  int64_t scans = 0, bytes = 0, oid = 0;
  int64_t table_reads = 0;  // reads of its table other than index builds
};

Fix DropFix(const std::string& index) {
  return Fix{FixCommand({"index", "--drop", index, "--yes"}),
             "DROP INDEX CONCURRENTLY " + index + ";", "medium"};
}

void AddIndexFinding(CheckReport& report, const Index& ix, const std::string& kind,
                     const std::string& message, const std::string& action) {
  Finding f;
  f.kind = kind;
  f.severity = Severity::kWarning;
  f.object = ix.name;
  f.message = message;
  f.action = action;
  if (ix.constraint.empty()) f.fix = DropFix(ix.name);
  f.details = {{"index", ix.name}, {"table", ix.table}, {"bytes", ix.bytes}, {"scans", ix.scans}};
  report.Add(std::move(f));
}

// Same key = same table, columns, operator classes, collations, expressions, predicate and
// access method. The one kept is the one backing a constraint, else a unique one, else the
// oldest (lowest OID): the later ones are the duplicates.
void CheckDuplicates(CheckReport& report, const std::vector<Index>& all) {
  std::map<std::string, std::vector<const Index*>> groups;
  for (const Index& ix : all) {
    if (ix.valid) groups[ix.key].push_back(&ix);
  }
  for (auto& [key, group] : groups) {
    if (group.size() < 2) continue;
    const Index* keep = group.front();
    for (const Index* ix : group) {
      auto rank = [](const Index* i) {
        return (i->constraint.empty() ? 0 : 2) + (i->unique ? 1 : 0);
      };
      if (rank(ix) > rank(keep) || (rank(ix) == rank(keep) && ix->oid < keep->oid)) keep = ix;
    }
    for (const Index* ix : group) {
      if (ix == keep) continue;
      AddIndexFinding(report, *ix, "duplicate_index",
                      "duplicates " + keep->name +
                          " (same columns, operator classes and "
                          "predicate)",
                      "drop the duplicate; keep " + keep->name);
    }
  }
}

void CheckEachIndex(CheckContext& ctx, CheckReport& report, const std::vector<Index>& all) {
  for (const Index& ix : all) {
    if (!ix.valid) {
      AddIndexFinding(report, ix, "invalid_index",
                      "is INVALID (a failed CREATE INDEX CONCURRENTLY or REINDEX); it is "
                      "maintained on every write but never used",
                      "DROP INDEX CONCURRENTLY " + ix.name +
                          ", then create it again (pg_get_indexdef shows its definition)");
      continue;
    }
    bool removable = !ix.unique && !ix.primary && ix.constraint.empty();
    // An index nobody used says nothing while its table is not read at all (e.g. right
    // after it was built): only judge it once the table has seen real reads.
    if (removable && ix.scans == 0 &&
        static_cast<double>(ix.bytes) >= ctx.thresholds.Get("unused_min_bytes") &&
        static_cast<double>(ix.table_reads) >= ctx.thresholds.Get("unused_min_table_reads")) {
      AddIndexFinding(report, ix, "unused_index",
                      "has never been scanned since statistics were reset, while its table was "
                      "read " +
                          std::to_string(ix.table_reads) + " times; it takes " +
                          HumanBytes(static_cast<double>(ix.bytes)),
                      "check replicas and rare jobs first, then drop it");
    }
  }
  CheckDuplicates(report, all);
}

std::vector<Index> LoadIndexes(const pg::QueryResult& q) {
  std::vector<Index> out;
  for (int r = 0; r < q.rows(); ++r) {
    Index ix;
    ix.name = q.str(r, 0);
    ix.table = q.str(r, 1);
    ix.unique = q.boolean(r, 2);
    ix.primary = q.boolean(r, 3);
    ix.valid = q.boolean(r, 4);
    ix.scans = q.int64(r, 5);
    ix.bytes = q.int64(r, 6);
    ix.constraint = q.str(r, 7);
    ix.key = q.str(r, 8);
    ix.oid = q.int64(r, 9);
    ix.table_reads = q.int64(r, 10);
    out.push_back(std::move(ix));
  }
  return out;
}

void CheckForeignKeys(CheckReport& report, const pg::QueryResult& q) {
  for (int r = 0; r < q.rows(); ++r) {
    std::string table = q.str(r, 0), name = q.str(r, 1), cols = q.str(r, 2);
    Finding f;
    f.kind = "fk_without_index";
    f.severity = Severity::kWarning;
    f.object = table;
    f.message = "foreign key " + name + " (" + cols + ") referencing " + q.str(r, 3) +
                " has no index starting with its columns";
    f.action = "CREATE INDEX CONCURRENTLY ON " + table + " (" + cols +
               "); without it every DELETE or key UPDATE on " + q.str(r, 3) + " scans " + table;
    f.details = {{"table", table},
                 {"constraint", name},
                 {"columns", cols},
                 {"references", q.str(r, 3)},
                 {"rows", q.int64(r, 4)}};
    report.Add(std::move(f));
  }
}

void CheckSeqScans(CheckReport& report, const pg::QueryResult& q) {
  for (int r = 0; r < q.rows(); ++r) {
    std::string table = q.str(r, 0);
    int64_t scans = q.int64(r, 1), read = q.int64(r, 2);
    Finding f;
    f.kind = "missing_index";
    f.severity = Severity::kInfo;
    f.object = table;
    f.message = std::to_string(scans) + " sequential scans reading " +
                std::to_string(read / std::max<int64_t>(scans, 1)) + " rows each on average, " +
                std::to_string(q.int64(r, 3)) + " index scans";
    f.action = "find the queries (dba queries, dba explain) and index their filter columns";
    f.details = {{"table", table},
                 {"seq_scan", scans},
                 {"seq_tup_read", read},
                 {"idx_scan", q.int64(r, 3)},
                 {"live_rows", q.int64(r, 4)}};
    report.Add(std::move(f));
  }
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto ix = ctx.conn.Exec(kIndexesSql);
  if (!ix.ok()) return ix.status();
  auto fks = ctx.conn.Exec(kForeignKeysSql);
  if (!fks.ok()) return fks.status();
  auto seq = ctx.conn.Exec(kSeqScanSql, {Fixed(ctx.thresholds.Get("missing_index_min_rows"), 0),
                                         Fixed(ctx.thresholds.Get("missing_index_min_scans"), 0)});
  if (!seq.ok()) return seq.status();
  std::vector<Index> all = LoadIndexes(ix.value());
  CheckEachIndex(ctx, report, all);
  CheckForeignKeys(report, fks.value());
  CheckSeqScans(report, seq.value());
  report.columns = {"index", "table", "scans", "size", "valid"};
  report.data["indexes"] = nlohmann::ordered_json::array();
  for (const Index& i : all) {
    report.rows.push_back({i.name, i.table, std::to_string(i.scans),
                           HumanBytes(static_cast<double>(i.bytes)), i.valid ? "yes" : "NO"});
    report.data["indexes"].push_back({{"index", i.name},
                                      {"table", i.table},
                                      {"scans", i.scans},
                                      {"bytes", i.bytes},
                                      {"valid", i.valid},
                                      {"unique", i.unique}});
  }
  report.summary = std::to_string(all.size()) + " indexes, " +
                   std::to_string(report.findings.size()) + " findings";
  return Status::Ok();
}

}  // namespace
}  // namespace indexes_check

const CheckDescriptor kIndexes = {
    "indexes",
    "Invalid, unused and duplicate indexes, foreign keys without an index, missing indexes",
    {{"unused_min_bytes", 1048576, "unused indexes smaller than this are not reported"},
     {"unused_min_table_reads", 100,
      "an index is judged unused only once its table was read this often (index builds do "
      "not count)"},
     {"missing_index_min_rows", 10000,
      "a table this large read mostly by sequential scans of this many rows is reported"},
     {"missing_index_min_scans", 10,
      "... after at least this many sequential scans beyond those index builds explain"}},
    indexes_check::Run,
};

}  // namespace pgcrate::dba::checks
