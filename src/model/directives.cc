#include "model/directives.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"

namespace pgcrate::model {
namespace {

const std::vector<std::string>& KnownKeys() {
  static const std::vector<std::string> keys = {"materialized", "deps",     "unique_key",
                                                "tags",         "tests",    "description",
                                                "watermark",    "lookback", "incremental_filter"};
  return keys;
}

Status At(const std::string& path, int line, std::string message) {
  return Status(Code::kParse, std::move(message)).WithLocation({path, line, 0});
}

// A comma-separated list of names; empty items are an error.
Status Names(const std::string& path, int line, const std::string& key, const std::string& value,
             std::vector<std::string>& out) {
  out.clear();
  if (base::Trim(value).empty()) return Status::Ok();
  for (const std::string& raw : base::Split(value, ',')) {
    std::string item = base::Trim(raw);
    if (item.empty() || item.find_first_of(" \t()") != std::string::npos) {
      return At(path, line,
                "-- " + key + ": expects a comma-separated list of names, got \"" +
                    base::Trim(value) + "\"");
    }
    out.push_back(item);
  }
  return Status::Ok();
}

// Splits `text` at top-level commas (outside (), [] and '...').
std::vector<std::string> TopLevel(const std::string& text, bool& balanced) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool quoted = false;
  for (char c : text) {
    if (quoted) {
      quoted = c != '\'';
    } else if (c == '\'') {
      quoted = true;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(base::Trim(cur));
      cur.clear();
      continue;
    }
    cur.push_back(c);
  }
  balanced = depth == 0 && !quoted;
  out.push_back(base::Trim(cur));
  return out;
}

Status ParseValues(const std::string& path, int line, const std::string& list, ModelTest& t) {
  std::string inner = base::Trim(list);
  if (inner.size() < 2 || inner.front() != '[' || inner.back() != ']') {
    return At(path, line, "accepted_values needs a list: accepted_values(column, ['a', 'b'])");
  }
  bool balanced = true;
  for (const std::string& v : TopLevel(inner.substr(1, inner.size() - 2), balanced)) {
    if (v.empty()) return At(path, line, "accepted_values has an empty item in its list");
    bool literal = (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') ||
                   v.find_first_not_of("0123456789.-+eE") == std::string::npos || v == "true" ||
                   v == "false";
    if (!literal) {
      return At(path, line, "accepted_values items are SQL literals ('text', 42, true); got " + v);
    }
    t.values.push_back(v);
  }
  return Status::Ok();
}

Result<ModelTest> ParseTest(const std::string& path, int line, const std::string& text) {
  size_t open = text.find('(');
  if (open == std::string::npos || text.back() != ')') {
    return At(path, line, "a test is written type(arguments); got \"" + text + "\"");
  }
  std::string type = base::Trim(text.substr(0, open));
  bool balanced = true;
  std::vector<std::string> args = TopLevel(text.substr(open + 1, text.size() - open - 2), balanced);
  ModelTest t;
  t.line = line;
  static const std::vector<std::string> kTypes = {"not_null", "unique", "accepted_values",
                                                  "relationships"};
  if (type == "not_null" || type == "unique") {
    t.kind = type == "unique" ? TestKind::kUnique : TestKind::kNotNull;
    for (const std::string& a : args) {
      if (a.empty()) return At(path, line, type + "() needs column names");
      t.columns.push_back(a);
    }
    if (t.kind == TestKind::kNotNull && t.columns.size() != 1) {
      return At(path, line, "not_null takes one column: not_null(column)");
    }
    return t;
  }
  if (type == "accepted_values") {
    t.kind = TestKind::kAcceptedValues;
    if (args.size() != 2 || args[0].empty()) {
      return At(path, line, "accepted_values takes a column and a list: accepted_values(c, ['a'])");
    }
    t.columns.push_back(args[0]);
    PGCRATE_RETURN_IF_ERROR(ParseValues(path, line, args[1], t));
    return t;
  }
  if (type == "relationships") {
    t.kind = TestKind::kRelationships;
    std::vector<std::string> ref =
        args.size() == 2 ? base::Split(args[1], '.') : std::vector<std::string>{};
    if (args.size() != 2 || args[0].empty() || ref.size() != 3) {
      return At(path, line,
                "relationships takes a column and schema.table.column: "
                "relationships(user_id, staging.users.id)");
    }
    t.kind = TestKind::kRelationships;
    t.columns.push_back(args[0]);
    t.ref_schema = ref[0];
    t.ref_table = ref[1];
    t.ref_column = ref[2];
    return t;
  }
  std::string near = base::ClosestMatch(type, kTypes);
  return At(path, line,
            "unknown test type \"" + type +
                "\" (known: not_null, unique, "
                "accepted_values, relationships)" +
                (near.empty() ? "" : "; did you mean " + near + "?"));
}

Status ApplyMaterialized(const std::string& path, int line, const std::string& value, Model& m) {
  if (value == "view") {
    m.materialized = Materialized::kView;
  } else if (value == "table") {
    m.materialized = Materialized::kTable;
  } else if (value == "incremental") {
    m.materialized = Materialized::kIncremental;
  } else {
    return At(path, line, "-- materialized: is view, table or incremental; got \"" + value + "\"");
  }
  return Status::Ok();
}

Status ApplyDeps(const std::string& path, int line, const std::string& value, Model& m) {
  PGCRATE_RETURN_IF_ERROR(Names(path, line, "deps", value, m.deps));
  for (const std::string& d : m.deps) {
    if (std::count(d.begin(), d.end(), '.') != 1 || d.front() == '.' || d.back() == '.') {
      return At(path, line, "-- deps: names schema.model, got \"" + d + "\"");
    }
  }
  m.deps_line = line;
  return Status::Ok();
}

}  // namespace

bool SplitDirective(const std::string& comment, std::string& key, std::string& value) {
  size_t colon = comment.find(':');
  if (colon == std::string::npos || colon == 0) return false;
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
  if (!balanced) return At(path, line, "-- tests: has an unclosed (, [ or quote");
  for (const std::string& item : items) {
    if (item.empty()) return At(path, line, "-- tests: has an empty item");
    auto t = ParseTest(path, line, item);
    if (!t.ok()) return t.status();
    out.push_back(std::move(*t));
  }
  return out;
}

Status ApplyDirective(const std::string& path, int line, const std::string& key,
                      const std::string& value, Model& m) {
  if (key == "materialized") return ApplyMaterialized(path, line, value, m);
  if (key == "deps") return ApplyDeps(path, line, value, m);
  if (key == "unique_key") return Names(path, line, key, value, m.unique_key);
  if (key == "tags") return Names(path, line, key, value, m.tags);
  if (key == "watermark") return Names(path, line, key, value, m.watermark);
  if (key == "description") {
    m.description = value;
    return Status::Ok();
  }
  if (key == "lookback") {
    m.lookback = value;
    return Status::Ok();
  }
  if (key == "incremental_filter") {
    m.incremental_filter = value;
    return Status::Ok();
  }
  if (key == "tests") {
    auto tests = ParseTests(path, line, value);
    if (!tests.ok()) return tests.status();
    m.tests.insert(m.tests.end(), tests->begin(), tests->end());
    return Status::Ok();
  }
  std::string near = base::ClosestMatch(key, KnownKeys());
  return At(path, line,
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

}  // namespace pgcrate::model
