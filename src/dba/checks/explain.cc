// explain: a query plan read the way a DBA reads it. Runs EXPLAIN (FORMAT JSON, VERBOSE) —
// with ANALYZE only when asked, inside a transaction that is always rolled back — and flags
// the spec's patterns: sequential scans of large tables (and the filter columns an index
// would serve), nested loops over large sets, big sorts, and a high total cost. The plan
// tells estimated output rows; rows scanned come from pg_class.reltuples (one query for all
// relations of the plan).
#include <set>

#include "base/strings.h"
#include "dba/checks/checks.h"
#include "sql/expression.h"
#include "sql/parser.h"
#include "sql/quote.h"
#include "sql/read_only.h"

namespace pgcrate::dba::checks {
namespace explain_check {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr const char* kRelTuplesSql = R"sql(
SELECT r, coalesce((SELECT reltuples FROM pg_class WHERE oid = to_regclass(r)), -1)::float8
FROM json_array_elements_text($1::json) r
)sql";

struct Node {
  const json* plan;
  int depth;
};

void Flatten(const json& plan, int depth, std::vector<Node>& out) {
  out.push_back({&plan, depth});
  if (plan.contains("Plans")) {
    for (const auto& child : plan["Plans"]) Flatten(child, depth + 1, out);
  }
}

std::string RelationOf(const json& p) {
  if (!p.contains("Relation Name")) return "";
  std::string schema = p.value("Schema", "");
  return (schema.empty() ? "" : sql::QuoteIdent(schema) + ".") +
         sql::QuoteIdent(p.value("Relation Name", ""));
}

struct Analysis {
  CheckContext& ctx;
  CheckReport& report;
  std::map<std::string, double> reltuples;
};

void SeqScan(Analysis& a, const json& p) {
  const Thresholds& t = a.ctx.thresholds;
  std::string rel = RelationOf(p);
  double rows = std::max(p.value("Plan Rows", 0.0), a.reltuples.count(rel) ? a.reltuples[rel] : 0);
  Severity sev =
      Grade(rows, t.Get("seq_scan_warning_rows") + 1, t.Get("seq_scan_critical_rows") + 1);
  if (sev == Severity::kOk) return;
  Finding f{"seq_scan_large_table",
            sev,
            rel,
            "sequential scan of about " + Fixed(rows, 0) + " rows",
            "add an index on the filter columns, or check whether the whole table is needed",
            std::nullopt,
            {{"rows", rows}, {"plan_rows", p.value("Plan Rows", 0.0)}}};
  if (p.contains("Filter")) f.details["filter"] = p["Filter"];
  a.report.Add(f);
  if (!p.contains("Filter")) return;
  std::vector<std::string> cols = sql::ColumnsOfExpression(p["Filter"].get<std::string>());
  if (cols.empty()) return;
  std::vector<std::string> quoted;
  for (const auto& c : cols) quoted.push_back(sql::QuoteIdent(c));
  std::string sql = "CREATE INDEX CONCURRENTLY ON " + rel + " (" + base::Join(quoted, ", ") + ");";
  Finding idx{"missing_index_on_filter",
              Severity::kInfo,
              rel,
              "the filter " + p["Filter"].get<std::string>() + " is evaluated row by row",
              "CreateIndex: " + sql,
              Fix{sql, sql, "medium"},
              {{"columns", cols}, {"filter", p["Filter"]}}};
  a.report.Add(idx);
}

void Inspect(Analysis& a, const json& p) {
  const Thresholds& t = a.ctx.thresholds;
  std::string type = p.value("Node Type", "");
  double rows = p.value("Plan Rows", 0.0);
  if (type == "Seq Scan") SeqScan(a, p);
  if (type == "Nested Loop" && rows > t.Get("nested_loop_rows")) {
    a.report.Add({"nested_loop_large_set",
                  Severity::kInfo,
                  "",
                  "nested loop producing about " + Fixed(rows, 0) + " rows",
                  "check the inner side has an index on the join key, and that estimates are "
                  "right (ANALYZE)",
                  std::nullopt,
                  {{"rows", rows}}});
  }
  if (type == "Sort" && rows > t.Get("sort_rows")) {
    std::string keys = p.contains("Sort Key")
                           ? base::Join(p["Sort Key"].get<std::vector<std::string>>(), ", ")
                           : "";
    a.report.Add({"sort_without_index",
                  Severity::kInfo,
                  "",
                  "sort of about " + Fixed(rows, 0) + " rows by " + keys,
                  "ConsiderIndex: an index on (" + keys + ") can return rows already sorted",
                  std::nullopt,
                  {{"rows", rows}, {"sort_key", keys}}});
  }
}

Result<json> ExplainJson(CheckContext& ctx, const std::string& stmt, bool write) {
  bool read_only = !write || !ctx.options.allow_write;
  PGCRATE_RETURN_IF_ERROR(ctx.conn.Run(read_only ? "BEGIN READ ONLY" : "BEGIN"));
  std::string opts =
      ctx.options.analyze ? "FORMAT JSON, VERBOSE, ANALYZE, BUFFERS" : "FORMAT JSON, VERBOSE";
  // Extended protocol: the server refuses to run it as more than one statement.
  auto r = ctx.conn.Exec("EXPLAIN (" + opts + ") " + stmt, pg::Params{});
  Status rb = ctx.conn.Run("ROLLBACK");
  if (!r.ok()) return r.status();
  PGCRATE_RETURN_IF_ERROR(rb);
  json doc = json::parse(r->str(0, 0), nullptr, false);
  if (doc.is_discarded() || !doc.is_array() || doc.empty()) {
    return Status(Code::kInternal, "EXPLAIN returned no JSON plan.");
  }
  return doc[0];
}

Result<sql::Statement> OneStatement(const CheckOptions& o) {
  auto parsed = sql::ParseScript(o.query, o.query_file.empty() ? "<query>" : o.query_file);
  if (!parsed.ok()) return parsed.status();
  if (parsed->size() != 1) {
    return Status(Code::kUsage, "dba explain takes exactly one statement; got " +
                                    std::to_string(parsed->size()) + ".");
  }
  const sql::Statement& s = parsed->front();
  if (s.node_type == "ExplainStmt") {
    return Status(Code::kUsage, "pass the statement itself, without EXPLAIN.");
  }
  // The same gate as `sql`: what ANALYZE would execute that a READ ONLY transaction does not
  // stop is refused unless --read-write is given.
  std::string why = o.analyze && !o.allow_write ? sql::ReadOnlyViolation(s) : "";
  if (!why.empty()) {
    return Status(Code::kRefused, "--analyze would execute this statement, which " + why +
                                      "; pass --read-write to allow it (a write is rolled back).");
  }
  return s;
}

Result<std::map<std::string, double>> RelTuples(CheckContext& ctx, const std::vector<Node>& nodes) {
  std::set<std::string> rels;
  for (const Node& n : nodes) {
    std::string rel = RelationOf(*n.plan);
    if (!rel.empty()) rels.insert(rel);
  }
  auto q = ctx.conn.Exec(kRelTuplesSql, {json(rels).dump()});
  if (!q.ok()) return q.status();
  std::map<std::string, double> out;
  for (int r = 0; r < q->rows(); ++r) out[q->str(r, 0)] = q->float64(r, 1);
  return out;
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto stmt = OneStatement(ctx.options);
  if (!stmt.ok()) return stmt.status();
  auto plan = ExplainJson(ctx, stmt->text, stmt->kind == sql::StatementKind::kWrite);
  if (!plan.ok()) return plan.status();
  const json& root = plan.value()["Plan"];
  std::vector<Node> nodes;
  Flatten(root, 0, nodes);
  auto tuples = RelTuples(ctx, nodes);
  if (!tuples.ok()) return tuples.status();
  Analysis a{ctx, report, tuples.value()};
  for (const Node& n : nodes) Inspect(a, *n.plan);
  double cost = root.value("Total Cost", 0.0);
  if (cost > ctx.thresholds.Get("high_cost")) {
    report.Add({"high_cost_estimate",
                Severity::kWarning,
                "",
                "total estimated cost " + Fixed(cost, 0),
                "look at the largest nodes above",
                std::nullopt,
                {{"total_cost", cost}}});
  }
  report.columns = {"node", "relation", "est. rows", "cost"};
  for (const Node& n : nodes) {
    const json& p = *n.plan;
    report.rows.push_back(
        {std::string(static_cast<size_t>(n.depth) * 2, ' ') + p.value("Node Type", ""),
         RelationOf(p), Fixed(p.value("Plan Rows", 0.0), 0), Fixed(p.value("Total Cost", 0.0), 1)});
  }
  report.data["query"] = stmt->text;
  report.data["total_cost"] = cost;
  report.data["analyzed"] = ctx.options.analyze;
  if (plan->contains("Execution Time")) report.data["execution_ms"] = (*plan)["Execution Time"];
  report.data["plan"] = ordered_json::parse(plan->dump());
  report.summary = std::to_string(nodes.size()) + " plan nodes, total cost " + Fixed(cost, 1) +
                   ", " + std::to_string(report.findings.size()) + " recommendations";
  return Status::Ok();
}

}  // namespace
}  // namespace explain_check

const CheckDescriptor kExplain = {
    "explain",
    "Query plan analysis with recommendations",
    {{"seq_scan_warning_rows", 10000, "a sequential scan of more rows than this: warning"},
     {"seq_scan_critical_rows", 100000, "... of more rows than this: critical"},
     {"nested_loop_rows", 1000, "a nested loop producing more rows than this: info"},
     {"sort_rows", 10000, "a sort of more rows than this: consider an index"},
     {"high_cost", 10000, "a total cost above this: warning"}},
    explain_check::Run,
};

}  // namespace pgcrate::dba::checks
