#include "model/directives.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"
#include "sql/parser.h"

namespace pgcrate::model {
namespace {

const std::vector<std::string>& KnownKeys() {
  static const std::vector<std::string> keys = {"materialized", "deps",     "unique_key",
                                                "tags",         "tests",    "description",
                                                "watermark",    "lookback", "incremental_filter"};
  return keys;
}

// Characters that make an item something other than a plain name (a column, tag or model).
constexpr const char* kNotInName = " \t()[]'\";";

// A comma-separated list of names; empty items, odd characters and repeats are an error.
Status Names(const std::string& path, int line, const std::string& key, const std::string& value,
             std::vector<std::string>& out) {
  out.clear();
  if (base::Trim(value).empty()) return Status::Ok();
  for (const std::string& raw : base::Split(value, ',')) {
    std::string item = base::Trim(raw);
    if (item.empty() || item.find_first_of(kNotInName) != std::string::npos) {
      return ParseErrorAt(path, line,
                          "-- " + key + ": expects a comma-separated list of names, got \"" +
                              base::Trim(value) + "\"");
    }
    if (std::find(out.begin(), out.end(), item) != out.end()) {
      return ParseErrorAt(path, line, "-- " + key + ": lists " + item + " twice");
    }
    out.push_back(item);
  }
  return Status::Ok();
}

// A comma-separated list of the model's own columns (no table prefix).
Status Columns(const std::string& path, int line, const std::string& key, const std::string& value,
               std::vector<std::string>& out) {
  PGCRATE_RETURN_IF_ERROR(Names(path, line, key, value, out));
  for (const std::string& c : out) {
    if (c.find('.') != std::string::npos) {
      return ParseErrorAt(path, line,
                          "-- " + key + ": names the model's own columns, without a table: " + c);
    }
  }
  return Status::Ok();
}

// Splits `text` at top-level commas (outside (), [] and '...').
std::vector<std::string> TopLevel(const std::string& text, bool& balanced) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool closed_early = false;  // a ) or ] with nothing open
  char quote = 0;             // ' of a literal or " of an identifier
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      closed_early = closed_early || depth == 0;
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(base::Trim(cur));
      cur.clear();
      continue;
    }
    cur.push_back(c);
  }
  balanced = depth == 0 && quote == 0 && !closed_early;
  out.push_back(base::Trim(cur));
  return out;
}

// True when the parse tree's SelectStmt `body` has no member outside `allowed` and is not a
// set operation (UNION ...): what is left is exactly the shape of the wrapper it was put in.
bool OnlyMembers(sql::JsonRef body, const std::vector<std::string_view>& allowed) {
  for (size_t i = 0; i < body.size(); ++i) {
    std::string_view key = body.at(i).key();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) return false;
  }
  return body["op"].str() == "SETOP_NONE" || !body["op"].valid();
}

// True when `v` is one SQL constant other than NULL ('text', 42, -1.5, true), as the parser
// reads `SELECT (v)`: anything else (a column, an expression, a comment, a second statement)
// would change the test's query.
bool IsLiteral(const std::string& v) {
  auto stmts = sql::ParseScript("SELECT (" + v + ")");
  if (!stmts.ok() || stmts->size() != 1) return false;
  sql::JsonRef body = stmts->front().node.node_body();
  if (stmts->front().node_type != "SelectStmt" ||
      !OnlyMembers(body, {"targetList", "limitOption", "op"}) || body["targetList"].size() != 1) {
    return false;
  }
  sql::JsonRef target = body["targetList"].at(0)["ResTarget"];
  sql::JsonRef value = target["val"];
  return !target["name"].valid() && value.node_type() == "A_Const" &&
         !value.node_body()["isnull"].boolean();
}

Status ParseValues(const std::string& path, int line, const std::string& list, ModelTest& t) {
  std::string inner = base::Trim(list);
  if (inner.size() < 2 || inner.front() != '[' || inner.back() != ']') {
    return ParseErrorAt(path, line,
                        "accepted_values needs a list: accepted_values(column, ['a', 'b'])");
  }
  bool balanced = true;
  for (const std::string& v : TopLevel(inner.substr(1, inner.size() - 2), balanced)) {
    if (v.empty()) return ParseErrorAt(path, line, "accepted_values has an empty item in its list");
    if (base::ToLower(v) == "null") {
      return ParseErrorAt(
          path, line,
          "accepted_values cannot list NULL: NULLs are not checked by accepted_values "
          "(add not_null(column) to refuse them)");
    }
    if (!IsLiteral(v)) {
      return ParseErrorAt(path, line,
                          "accepted_values items are SQL literals ('text', 42, true); got " + v);
    }
    t.values.push_back(v);
  }
  return Status::Ok();
}

// A bare column name, or a double-quoted one ("Mixed ""Col""", as SQL writes it).
bool IsName(const std::string& s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] != '"') continue;
      if (i + 2 < s.size() && s[i + 1] == '"') {
        ++i;
      } else {
        return false;
      }
    }
    return s.size() > 2;
  }
  return !s.empty() && s.find_first_of(kNotInName) == std::string::npos &&
         s.find_first_of(".,") == std::string::npos;
}

// Splits a.b.c at the dots outside double quotes.
std::vector<std::string> SplitDotted(const std::string& s) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : s) {
    if (c == '"') quoted = !quoted;
    if (c == '.' && !quoted) {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

// not_null(column) / unique(column, ...).
Status ParseColumns(const std::string& path, int line, const std::string& type,
                    const std::vector<std::string>& args, ModelTest& t) {
  t.kind = type == "unique" ? TestKind::kUnique : TestKind::kNotNull;
  for (const std::string& a : args) {
    if (a.empty()) return ParseErrorAt(path, line, type + "() needs column names");
    if (!IsName(a))
      return ParseErrorAt(path, line, type + "(): \"" + a + "\" is not a column name");
    t.columns.push_back(a);
  }
  if (t.kind == TestKind::kNotNull && t.columns.size() != 1) {
    return ParseErrorAt(path, line, "not_null takes one column: not_null(column)");
  }
  return Status::Ok();
}

// accepted_values(column, [literal, ...]).
Status ParseAccepted(const std::string& path, int line, const std::vector<std::string>& args,
                     ModelTest& t) {
  t.kind = TestKind::kAcceptedValues;
  if (args.size() != 2 || args[0].empty()) {
    return ParseErrorAt(path, line,
                        "accepted_values takes a column and a list: accepted_values(c, ['a'])");
  }
  if (!IsName(args[0])) {
    return ParseErrorAt(path, line, "accepted_values: \"" + args[0] + "\" is not a column name");
  }
  t.columns.push_back(args[0]);
  return ParseValues(path, line, args[1], t);
}

// relationships(column, schema.table.column).
Status ParseRelationship(const std::string& path, int line, const std::vector<std::string>& args,
                         ModelTest& t) {
  t.kind = TestKind::kRelationships;
  std::vector<std::string> ref =
      args.size() == 2 ? SplitDotted(args[1]) : std::vector<std::string>{};
  bool ok = args.size() == 2 && IsName(args[0]) && ref.size() == 3;
  for (const std::string& part : ref) ok = ok && IsName(part);
  if (!ok) {
    return ParseErrorAt(path, line,
                        "relationships takes a column and schema.table.column: "
                        "relationships(user_id, staging.users.id)");
  }
  t.columns.push_back(args[0]);
  t.ref_schema = ref[0];
  t.ref_table = ref[1];
  t.ref_column = ref[2];
  return Status::Ok();
}

Result<ModelTest> ParseTest(const std::string& path, int line, const std::string& text) {
  size_t open = text.find('(');
  if (open == std::string::npos || text.back() != ')') {
    return ParseErrorAt(path, line, "a test is written type(arguments); got \"" + text + "\"");
  }
  std::string type = base::Trim(text.substr(0, open));
  bool balanced = true;
  std::vector<std::string> args = TopLevel(text.substr(open + 1, text.size() - open - 2), balanced);
  ModelTest t;
  t.line = line;
  Status st;
  if (type == "not_null" || type == "unique") {
    st = ParseColumns(path, line, type, args, t);
  } else if (type == "accepted_values") {
    st = ParseAccepted(path, line, args, t);
  } else if (type == "relationships") {
    st = ParseRelationship(path, line, args, t);
  } else {
    static const std::vector<std::string> kTypes = {"not_null", "unique", "accepted_values",
                                                    "relationships"};
    std::string near = base::ClosestMatch(type, kTypes);
    return ParseErrorAt(path, line,
                        "unknown test type \"" + type +
                            "\" (known: not_null, unique, accepted_values, relationships)" +
                            (near.empty() ? "" : "; did you mean " + near + "?"));
  }
  if (!st.ok()) return st;
  if (!balanced)
    return ParseErrorAt(path, line, "-- tests: " + text + " has an unclosed (, [ or quote");
  return t;
}

Status ApplyMaterialized(const std::string& path, int line, const std::string& value, Model& m) {
  if (value == "view") {
    m.materialized = Materialized::kView;
  } else if (value == "table") {
    m.materialized = Materialized::kTable;
  } else if (value == "incremental") {
    m.materialized = Materialized::kIncremental;
  } else {
    return ParseErrorAt(path, line,
                        "-- materialized: is view, table or incremental; got \"" + value + "\"");
  }
  return Status::Ok();
}

Status ApplyDeps(const std::string& path, int line, const std::string& value, Model& m) {
  PGCRATE_RETURN_IF_ERROR(Names(path, line, "deps", value, m.deps));
  for (const std::string& d : m.deps) {
    if (std::count(d.begin(), d.end(), '.') != 1 || d.front() == '.' || d.back() == '.') {
      return ParseErrorAt(path, line, "-- deps: names schema.model, got \"" + d + "\"");
    }
  }
  m.deps_line = line;
  return Status::Ok();
}

// An interval such as "2 days", "6 hours" or "1 day 12:00:00"; it is compiled into a quoted
// interval literal, so it holds no quote and no SQL, and at least one digit.
Status ApplyLookback(const std::string& path, int line, const std::string& value, Model& m) {
  bool ok = value.find_first_of("0123456789") != std::string::npos;
  for (char c : value) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '.' || c == ':' ||
                c == '-' || c == '+');
  }
  if (!ok) {
    return ParseErrorAt(
        path, line, "-- lookback: is an interval such as 2 days or 6 hours; got \"" + value + "\"");
  }
  m.lookback = value;
  return Status::Ok();
}

}  // namespace

bool IsDirectiveKey(const std::string& key) {
  const auto& keys = KnownKeys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool SplitDirective(const std::string& comment, std::string& key, std::string& value) {
  size_t colon = comment.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  if (comment.compare(colon, 3, "://") == 0) return false;  // a URL in free text
  for (size_t i = 0; i < colon; ++i) {
    char c = comment[i];
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  key = comment.substr(0, colon);
  value = base::Trim(comment.substr(colon + 1));
  return true;
}

Result<std::vector<ModelTest>> ParseTests(const std::string& path, int line,
                                          const std::string& value) {
  std::vector<ModelTest> out;
  if (base::Trim(value).empty()) return out;
  bool balanced = true;
  std::vector<std::string> items = TopLevel(value, balanced);
  if (!balanced) return ParseErrorAt(path, line, "-- tests: has an unclosed (, [ or quote");
  for (const std::string& item : items) {
    if (item.empty()) return ParseErrorAt(path, line, "-- tests: has an empty item");
    auto t = ParseTest(path, line, item);
    if (!t.ok()) return t.status();
    out.push_back(std::move(*t));
  }
  return out;
}

Status ApplyDirective(const std::string& path, int line, const std::string& key,
                      const std::string& value, Model& m) {
  if (IsDirectiveKey(key)) {
    auto [prev, first] = m.lines.emplace(key, line);
    // Several tests: lines add up; any other directive given twice is a mistake.
    if (!first && key != "tests") {
      return ParseErrorAt(path, line,
                          "-- " + key + ": is given twice (line " + std::to_string(prev->second) +
                              " and here); keep one");
    }
  }
  if (key == "materialized") return ApplyMaterialized(path, line, value, m);
  if (key == "deps") return ApplyDeps(path, line, value, m);
  if (key == "unique_key") return Columns(path, line, key, value, m.unique_key);
  if (key == "tags") return Names(path, line, key, value, m.tags);
  if (key == "watermark") return Columns(path, line, key, value, m.watermark);
  if (key == "description") {
    m.description = value;
    return Status::Ok();
  }
  if (key == "lookback") return ApplyLookback(path, line, value, m);
  if (key == "incremental_filter") {
    m.incremental_filter = value;
    return Status::Ok();
  }
  if (key == "tests") {
    auto tests = ParseTests(path, line, value);
    if (!tests.ok()) return tests.status();
    for (ModelTest& t : *tests) {
      std::string name = t.Name();
      for (const ModelTest& prev : m.tests) {
        if (prev.Name() == name)
          return ParseErrorAt(path, line, "-- tests: lists " + name + " twice");
      }
      m.tests.push_back(std::move(t));
    }
    return Status::Ok();
  }
  std::string near = base::ClosestMatch(key, KnownKeys());
  return ParseErrorAt(path, line,
                      "unknown header directive \"-- " + key + ":\"" +
                          (near.empty() ? "" : "; did you mean \"-- " + near + ":\"?") +
                          " (a plain comment must not start with a lower-case word and a colon)");
}

std::string ModelTest::Name() const {
  switch (kind) {
    case TestKind::kNotNull:
      return "not_null(" + columns[0] + ")";
    case TestKind::kUnique:
      return "unique(" + base::Join(columns, ", ") + ")";
    case TestKind::kAcceptedValues:
      return "accepted_values(" + columns[0] + ", [" + base::Join(values, ", ") + "])";
    case TestKind::kRelationships:
      return "relationships(" + columns[0] + ", " + ref_schema + "." + ref_table + "." +
             ref_column + ")";
  }
  return "";
}

Status ParseErrorAt(const std::string& path, int line, std::string message) {
  return Status(Code::kParse, std::move(message)).WithLocation({path, line, 0});
}

}  // namespace pgcrate::model
