// CompileTest: a model test to its query. Column names and accepted_values literals go through
// the PostgreSQL parser and are written back from the parse tree (quoted identifiers, quoted
// string literals, numbers as the parser read them), so no text from the file is pasted.
#include <string>
#include <vector>

#include "base/strings.h"
#include "model/testing.h"
#include "sql/parser.h"
#include "sql/quote.h"

namespace pgcrate::model {
namespace {

Status At(const Model& m, const ModelTest& t, const std::string& message) {
  return Status(Code::kParse, m.Id() + " " + t.Name() + ": " + message)
      .WithLocation({m.path, t.line, 0});
}

// The lone target of "SELECT <target>" when that is the whole statement (no FROM, WHERE...).
Result<sql::JsonRef> LoneTarget(const std::string& sql, std::vector<sql::Statement>& keep) {
  auto parsed = sql::ParseScript(sql);
  if (!parsed.ok()) return parsed.status();
  keep = std::move(parsed).value();
  if (keep.size() != 1 || keep[0].node_type != "SelectStmt")
    return Status(Code::kParse, "not a single item");
  sql::JsonRef body = keep[0].node.node_body();
  for (size_t i = 0; i < body.size(); ++i) {
    std::string_view key = body.at(i).key();
    if (key != "targetList" && key != "limitOption" && key != "op")
      return Status(Code::kParse, "not a single item");
  }
  if (body["targetList"].size() != 1) return Status(Code::kParse, "not a single item");
  return body["targetList"].at(0)["ResTarget"];
}

// A column (or schema/table) name as written in SQL: bare names fold to lower case, "quoted"
// names are kept as they are; a keyword is a name here (it is read as a column label).
Result<std::string> Identifier(const Model& m, const ModelTest& t, const std::string& text) {
  std::vector<sql::Statement> keep;
  auto target = LoneTarget("SELECT 1 AS " + text, keep);
  std::string name = target.ok() ? std::string((*target)["name"].str()) : "";
  if (name.empty()) return At(m, t, "\"" + text + "\" is not a column name");
  return name;
}

// An integer literal's value. libpg_query 15 prints a negative integer constant as if it were
// 0 ("ival": {}), so a 0 is checked by parsing the negation: -(-2) reads as 2, -(0) as 0.
std::string Integer(const std::string& text, int64_t parsed) {
  if (parsed != 0) return std::to_string(parsed);
  std::vector<sql::Statement> keep;
  auto negated = LoneTarget("SELECT -(" + text + "\n)", keep);
  int64_t v = negated.ok() ? (*negated)["val"]["A_Const"]["ival"]["ival"].num() : 0;
  return std::to_string(-v);
}

// One accepted_values literal, rewritten from its parse tree; `is_string` tells a string.
Result<std::string> Literal(const Model& m, const ModelTest& t, const std::string& text,
                            bool& is_string) {
  std::vector<sql::Statement> keep;
  auto target = LoneTarget("SELECT " + text, keep);
  sql::JsonRef c = target.ok() ? (*target)["val"]["A_Const"] : sql::JsonRef();
  if (!c.valid() || (*target)["name"].valid() || c["isnull"].boolean()) {
    return At(m, t, text + " is not a SQL literal ('text', 42, 1.5, true)");
  }
  is_string = c["sval"].valid();
  if (is_string) return sql::QuoteLiteral(c["sval"]["sval"].str());
  if (c["ival"].valid()) return Integer(text, c["ival"]["ival"].num());
  if (c["fval"].valid()) return std::string(c["fval"]["fval"].str());
  if (c["boolval"].valid())
    return std::string(c["boolval"]["boolval"].boolean() ? "true" : "false");
  return At(m, t, text + " is not a SQL literal ('text', 42, 1.5, true)");
}

// The failing rows of each test type, as a subquery over the model's relation.
Result<std::string> NotAccepted(const Model& m, const ModelTest& t, const std::string& col) {
  std::vector<std::string> values;
  bool all_strings = true;
  for (const std::string& v : t.values) {
    bool is_string = false;
    auto lit = Literal(m, t, v, is_string);
    if (!lit.ok()) return lit.status();
    values.push_back(*lit);
    all_strings = all_strings && is_string;
  }
  return col + " IS NOT NULL AND " + col + (all_strings ? "::text" : "") + " NOT IN (" +
         base::Join(values, ", ") + ")";
}

Result<std::string> Unique(const Model& m, const ModelTest& t, const std::string& rel) {
  std::vector<std::string> cols;
  std::vector<std::string> not_null;
  for (const std::string& c : t.columns) {
    auto id = Identifier(m, t, c);
    if (!id.ok()) return id.status();
    cols.push_back(sql::QuoteIdent(*id));
    not_null.push_back(cols.back() + " IS NOT NULL");
  }
  std::string key = base::Join(cols, ", ");
  return "SELECT " + key + ", count(*) AS row_count FROM " + rel + " WHERE " +
         base::Join(not_null, " AND ") + " GROUP BY " + key + " HAVING count(*) > 1";
}

Result<std::string> Dangling(const Model& m, const ModelTest& t, const std::string& rel,
                             const std::string& col) {
  std::vector<std::string> ref;
  for (const std::string* part : {&t.ref_schema, &t.ref_table, &t.ref_column}) {
    auto id = Identifier(m, t, *part);
    if (!id.ok()) return id.status();
    ref.push_back(*id);
  }
  return "SELECT pgcrate_m.* FROM " + rel + " AS pgcrate_m WHERE pgcrate_m." + col +
         " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + sql::QualifiedName(ref[0], ref[1]) +
         " AS pgcrate_r WHERE pgcrate_r." + sql::QuoteIdent(ref[2]) + " = pgcrate_m." + col + ")";
}

Result<std::string> FailingRows(const Model& m, const ModelTest& t) {
  std::string rel = sql::QualifiedName(m.schema, m.name);
  if (t.kind == TestKind::kUnique) return Unique(m, t, rel);
  if (t.columns.size() != 1) return At(m, t, "expects one column");
  auto id = Identifier(m, t, t.columns[0]);
  if (!id.ok()) return id.status();
  std::string col = sql::QuoteIdent(*id);
  switch (t.kind) {
    case TestKind::kNotNull:
      return "SELECT * FROM " + rel + " WHERE " + col + " IS NULL";
    case TestKind::kAcceptedValues: {
      auto where = NotAccepted(m, t, col);
      if (!where.ok()) return where.status();
      return "SELECT * FROM " + rel + " WHERE " + *where;
    }
    case TestKind::kRelationships:
      return Dangling(m, t, rel, col);
    case TestKind::kUnique:
      break;
  }
  return At(m, t, "unknown test type");
}

}  // namespace

Result<std::string> CompileTest(const Model& model, const ModelTest& test) {
  auto failing = FailingRows(model, test);
  if (!failing.ok()) return failing.status();
  // count(*) OVER () is the total before LIMIT; `pgcrate_f.*` is the whole row even when the
  // relation has a column named like the alias.
  return "SELECT count(*) OVER (), row_to_json(pgcrate_f.*)::text FROM (" + *failing +
         ") AS pgcrate_f LIMIT 5";
}

}  // namespace pgcrate::model
