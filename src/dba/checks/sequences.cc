// sequences: how much of its range each sequence has used. When a sequence reaches its
// maximum, every INSERT that needs a new id fails ("nextval: reached maximum value") — an
// outage. The usable range is the smaller of the sequence's own and that of the column it
// feeds (a bigint sequence behind an integer column still overflows at 2^31-1). A column is
// fed by a sequence that it owns (serial, identity, OWNED BY) or whose DEFAULT calls nextval()
// on it (found through pg_depend of the default expression); with several, the narrowest
// counts. One query.
#include <algorithm>
#include <cmath>

#include "dba/checks/checks.h"
#include "sql/user_schemas.h"

namespace pgcrate::dba::checks {
namespace sequences_check {
namespace {

const std::string kSql = R"sql(
SELECT quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename), s.data_type::text,
       s.last_value::text, s.min_value::text, s.max_value::text, s.increment_by, s.cycle,
       col.tbl, col.attname, col.typname
FROM pg_sequences s
CROSS JOIN LATERAL (SELECT format('%I.%I', s.schemaname, s.sequencename)::regclass::oid) seq(oid)
LEFT JOIN LATERAL (
  SELECT tbl, attname, typname FROM (
    -- OWNED BY, serial and identity columns: the sequence depends on the column.
    SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.relname) AS tbl,
           a.attname::text AS attname, format_type(a.atttypid, NULL) AS typname
    FROM pg_depend d
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_namespace tn ON tn.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.objid = seq.oid AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
    UNION ALL
    -- Any column whose DEFAULT calls nextval() on it: the default depends on the sequence.
    SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.relname),
           a.attname::text, format_type(a.atttypid, NULL)
    FROM pg_depend d
    JOIN pg_attrdef ad ON ad.oid = d.objid
    JOIN pg_class t ON t.oid = ad.adrelid
    JOIN pg_namespace tn ON tn.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
    WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.refobjid = seq.oid) fed
  -- The narrowest column limits the sequence.
  ORDER BY CASE typname WHEN 'smallint' THEN 0 WHEN 'integer' THEN 1 ELSE 2 END, tbl, attname
  LIMIT 1) col ON true
WHERE )sql" + sql::UserSchemaCondition("s.schemaname") +
                         R"sql(
ORDER BY 1
)sql";

struct Seq {
  std::string name, type, table, column, column_type;
  bool called = false, cycle = false;
  long double last = 0, min = 0, max = 0;
  int64_t increment = 1;
  long double effective_max = 0, effective_min = 0;
  double pct = 0;
};

long double TypeMax(const std::string& type) {
  if (type == "smallint") return 32767.0L;
  if (type == "integer") return 2147483647.0L;
  return 9223372036854775807.0L;
}

Seq Load(const pg::QueryResult& q, int r) {
  Seq s;
  s.name = q.str(r, 0);
  s.type = q.str(r, 1);
  s.called = !q.is_null(r, 2);
  s.last = s.called ? std::stold(q.str(r, 2)) : 0;
  s.min = std::stold(q.str(r, 3));
  s.max = std::stold(q.str(r, 4));
  s.increment = q.int64(r, 5);
  s.cycle = q.boolean(r, 6);
  s.table = q.str(r, 7);
  s.column = q.str(r, 8);
  s.column_type = q.str(r, 9);
  s.effective_max = s.max;
  s.effective_min = s.min;
  if (s.column_type == "smallint" || s.column_type == "integer") {
    s.effective_max = std::min(s.max, TypeMax(s.column_type));
    s.effective_min = std::max(s.min, -TypeMax(s.column_type) - 1);
  }
  // Ascending sequences use up the room above zero, descending ones the room below.
  long double span = s.increment > 0 ? s.effective_max : -s.effective_min;
  long double used = s.increment > 0 ? s.last : -s.last;
  s.pct = s.called && span > 0 ? static_cast<double>(std::max(0.0L, used) / span * 100.0L) : 0;
  return s;
}

std::string Int(long double v) { return std::to_string(static_cast<long long>(v)); }

void AddFinding(CheckReport& report, const Seq& s, Severity sev) {
  Finding f;
  f.kind = "sequence_exhaustion";
  f.severity = sev;
  f.object = s.name;
  bool column_limits = s.effective_max < s.max && s.increment > 0;
  f.message = Fixed(s.pct) + "% of its range used (" + Int(s.last) + " of " +
              Int(s.increment > 0 ? s.effective_max : s.effective_min) + ", " +
              (column_limits ? "limited by " + s.column_type + " column " + s.table + "." + s.column
                             : s.type) +
              ")";
  if (s.cycle) f.message += "; it CYCLEs, so ids will repeat";
  bool small_column = s.column_type == "smallint" || s.column_type == "integer";
  Fix upgrade{FixCommand({"sequence", s.name, "--upgrade-to", "bigint"}),
              "ALTER SEQUENCE " + s.name + " AS bigint;", "low"};
  if (s.type != "bigint") f.fix = upgrade;
  if (small_column) {
    f.action = "ALTER TABLE " + s.table + " ALTER COLUMN " + s.column +
               " TYPE bigint (rewrites the table under an ACCESS EXCLUSIVE lock; plan it)" +
               (f.fix ? ", then upgrade the sequence to bigint" : "");
  } else if (f.fix) {
    f.action = "upgrade the sequence to bigint (a catalog change, no table rewrite)";
  } else {
    f.action = "a bigint sequence this far along: check its increment and whether it was reset";
  }
  f.details = {{"data_type", s.type},
               {"last_value", Int(s.last)},
               {"max_value", Int(s.effective_max)},
               {"percent_used", s.pct},
               {"table", s.table},
               {"column", s.column},
               {"column_type", s.column_type}};
  report.Add(std::move(f));
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  report.columns = {"sequence", "type", "last value", "max", "used %", "owned by"};
  report.data["sequences"] = nlohmann::ordered_json::array();
  int flagged = 0;
  for (int r = 0; r < q->rows(); ++r) {
    Seq s = Load(q.value(), r);
    if (!ctx.options.object.empty() && s.name != ctx.options.object) continue;
    Severity sev =
        Grade(s.pct, ctx.thresholds.Get("warning_pct"), ctx.thresholds.Get("critical_pct"));
    if (sev != Severity::kOk) {
      AddFinding(report, s, sev);
      ++flagged;
    }
    std::string owner = s.table.empty() ? "" : s.table + "." + s.column;
    report.rows.push_back({s.name, s.type, s.called ? Int(s.last) : "(unused)",
                           Int(s.effective_max), Fixed(s.pct), owner});
    report.data["sequences"].push_back(
        {{"sequence", s.name},
         {"data_type", s.type},
         {"last_value", s.called ? nlohmann::ordered_json(Int(s.last)) : nlohmann::ordered_json()},
         {"max_value", Int(s.effective_max)},
         {"percent_used", s.pct},
         {"owned_by", owner}});
  }
  report.summary = std::to_string(report.rows.size()) + " sequences, " + std::to_string(flagged) +
                   " at or above " + Fixed(ctx.thresholds.Get("warning_pct"), 0) +
                   "% of their range";
  return Status::Ok();
}

}  // namespace
}  // namespace sequences_check

const CheckDescriptor kSequences = {
    "sequences",
    "Sequences close to their maximum (including the owning column's type limit)",
    {{"warning_pct", 75, "percent of the range used that is a warning"},
     {"critical_pct", 90, "percent of the range used that is critical"}},
    sequences_check::Run,
};

}  // namespace pgcrate::dba::checks
