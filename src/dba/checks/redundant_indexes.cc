// redundant-indexes: a B-tree index whose key columns are the leading key columns of a wider
// index on the same table, with the same operator classes, collations, sort options and
// predicate: every search it serves, the wider one serves too, while it slows every write
// and takes space. Not reported: unique or primary-key indexes and indexes backing a
// constraint (they enforce something), indexes with expressions or INCLUDE columns, invalid
// ones, and exact duplicates (dba indexes reports those). One query; nothing is locked.
#include "dba/checks/checks.h"
#include "sql/user_schemas.h"

namespace pgcrate::dba::checks {
namespace redundant_indexes_check {
namespace {

// Slices of int2vector/oidvector casts are 1-based arrays, so equal prefixes compare equal.
// Predicates are compared as node trees without their source positions.
const std::string kSql = R"sql(
WITH ix AS (
  SELECT i.indexrelid, i.indrelid, i.indnkeyatts AS n, i.indnatts, i.indisunique,
         i.indisprimary, i.indisvalid, i.indexprs IS NULL AS plain,
         i.indkey::int2[] AS keys, i.indclass::oid[] AS ops,
         i.indcollation::oid[] AS colls, i.indoption::int2[] AS opts,
         coalesce(regexp_replace(i.indpred::text, ':location -?[0-9]+', '', 'g'), '') AS pred,
         c.relam, c.relpages, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name,
         EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) AS backs
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE )sql" + sql::UserSchemaCondition("n.nspname") +
                         R"sql()
SELECT a.name, b.name, t.oid::regclass::text,
       a.relpages::float8 * current_setting('block_size')::float8
FROM ix a
JOIN ix b ON b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid AND b.relam = a.relam
JOIN pg_class t ON t.oid = a.indrelid
JOIN pg_am am ON am.oid = a.relam
WHERE am.amname = 'btree' AND a.indisvalid AND b.indisvalid AND a.plain AND b.plain
  AND NOT a.indisunique AND NOT a.indisprimary AND NOT a.backs AND a.indnatts = a.n
  AND b.n > a.n AND a.pred = b.pred
  AND a.keys[0:a.n - 1] = b.keys[0:a.n - 1] AND a.ops[0:a.n - 1] = b.ops[0:a.n - 1]
  AND a.colls[0:a.n - 1] = b.colls[0:a.n - 1] AND a.opts[0:a.n - 1] = b.opts[0:a.n - 1]
ORDER BY 1, b.n DESC, 2
)sql";

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  report.columns = {"index", "covered by", "table", "size"};
  report.data["redundant"] = nlohmann::ordered_json::array();
  std::string last;
  for (int r = 0; r < q->rows(); ++r) {
    std::string index = q->str(r, 0), wider = q->str(r, 1), table = q->str(r, 2);
    double bytes = q->float64(r, 3);
    if (index == last) continue;  // one finding per index, naming its widest cover
    last = index;
    if (!ctx.options.object.empty() && index != ctx.options.object) continue;
    Finding f;
    f.kind = "redundant_index";
    f.severity = Severity::kWarning;
    f.object = index;
    f.message = "its columns lead " + wider +
                " (same operator classes, collations and "
                "predicate), which serves the same searches; it takes " +
                HumanBytes(bytes);
    f.action = "drop it after checking that no query relies on its smaller size";
    f.fix = Fix{FixCommand({"index", "--drop", index, "--yes"}),
                "DROP INDEX CONCURRENTLY " + index + ";", "medium"};
    f.details = {{"index", index}, {"covered_by", wider}, {"table", table}, {"bytes", bytes}};
    report.Add(std::move(f));
    report.rows.push_back({index, wider, table, HumanBytes(bytes)});
    report.data["redundant"].push_back(
        {{"index", index}, {"covered_by", wider}, {"table", table}, {"bytes", bytes}});
  }
  report.summary = std::to_string(report.findings.size()) + " redundant indexes";
  return Status::Ok();
}

}  // namespace
}  // namespace redundant_indexes_check

const CheckDescriptor kRedundantIndexes = {
    "redundant-indexes",
    "Indexes whose columns lead a wider index with the same definition otherwise",
    {},
    redundant_indexes_check::Run,
};

}  // namespace pgcrate::dba::checks
