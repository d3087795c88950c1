#include "config/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "base/files.h"
#include "base/strings.h"
#include "config/modules_internal.h"

namespace pgcrate::config {
namespace {

// Keys each section accepts; anything else is reported as a probable typo.
const std::map<std::string, std::set<std::string>>& KnownKeys() {
  static const std::map<std::string, std::set<std::string>> keys = {
      {"database", {"url"}},
      {"paths", {"migrations", "models", "seeds", "schema", "code", "allow_outside_project"}},
      {"defaults", {"with_down"}},
      {"production", {"patterns"}},
      {"generate", {"split_by", "output", "include_schemas", "exclude_schemas"}},
      {"model", {"sources"}},
      {"tools", {"pg_dump", "pg_restore", "psql", "bindir"}},
      {"anonymize", {}},  // keys are column names: any key is accepted
      {"snapshot", {"dir"}},
      {"modules", {}},  // keys are module names, each checked by ReadModules
      {"lint", {"disable", "severity", "naming", "large_table_rows"}},
      {"migrate",
       {"lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout", "lock_retries",
        "lock_wait", "lint"}},
      {"dba",
       {"triage",
        "locks",
        "sequences",
        "xid",
        "indexes",
        "vacuum",
        "bloat",
        "replication",
        "queries",
        "connections",
        "explain",
        "storage",
        "stats-age",
        "checkpoints",
        "autovacuum-progress",
        "config",
        "prepared-xacts",
        "disabled-triggers",
        "cache-hit",
        "primary-keys",
        "unlogged-tables",
        "redundant-indexes"}},
  };
  return keys;
}

std::string Where(const std::string& file, const toml::source_region& src) {
  return file + ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column);
}

std::vector<std::string> Names(const std::set<std::string>& s) { return {s.begin(), s.end()}; }

std::vector<std::string>& KnownLintRules() {
  static std::vector<std::string> ids;
  return ids;
}

SourceLocation At(const std::string& file, const toml::source_region& src) {
  return {file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)};
}

class Reader {
 public:
  Reader(const toml::table& root, const std::string& file) : root_(root), file_(file) {}

  bool Has(const char* section, const char* key) const { return Node(section, key) != nullptr; }

  Status Str(const char* section, const char* key, std::string& out) {
    const toml::node* n = Node(section, key);
    if (!n) return Status::Ok();
    if (!n->is_string()) return TypeError(section, key, *n, "a string");
    out = **n->as_string();
    return Status::Ok();
  }

  Status Int(const char* section, const char* key, int& out) {
    const toml::node* n = Node(section, key);
    if (!n) return Status::Ok();
    if (!n->is_integer() || **n->as_integer() < 0 || **n->as_integer() > 1000000) {
      return TypeError(section, key, *n, "a non-negative integer");
    }
    out = static_cast<int>(**n->as_integer());
    return Status::Ok();
  }

  Status Bool(const char* section, const char* key, bool& out) {
    const toml::node* n = Node(section, key);
    if (!n) return Status::Ok();
    if (!n->is_boolean()) return TypeError(section, key, *n, "true or false");
    out = **n->as_boolean();
    return Status::Ok();
  }

  Status List(const char* section, const char* key, std::vector<std::string>& out) {
    const toml::node* n = Node(section, key);
    if (!n) return Status::Ok();
    const toml::array* arr = n->as_array();
    if (!arr) return TypeError(section, key, *n, "an array of strings");
    out.clear();
    for (const auto& item : *arr) {
      if (!item.is_string()) return TypeError(section, key, item, "an array of strings");
      out.push_back(**item.as_string());
    }
    return Status::Ok();
  }

  // One rule for every project path: relative and inside the project, unless
  // [paths] allow_outside_project = true.
  Status Path(const char* section, const char* key, bool allow_outside, std::string& out) {
    PGCRATE_RETURN_IF_ERROR(Str(section, key, out));
    if (allow_outside) return Status::Ok();
    const char* why = base::HasParentReference(out)              ? "contains '..'"
                      : std::filesystem::path(out).is_absolute() ? "is an absolute path"
                                                                 : nullptr;
    if (why == nullptr) return Status::Ok();
    return Status(Code::kConfig, "[" + std::string(section) + "] " + key + " = \"" + out + "\" " +
                                     why +
                                     "; config paths must stay inside the project "
                                     "directory.")
        .WithHint(
            "use a path relative to the project, or set [paths] allow_outside_project = "
            "true to allow paths outside it.")
        .WithLocation(At(file_, Node(section, key)->source()));
  }

  // Every rule id named by [lint] disable and [lint.severity] must exist.
  Status LintRuleIds() const {
    const toml::table* lint = root_["lint"].as_table();
    if (lint == nullptr || KnownLintRules().empty()) return Status::Ok();
    if (const toml::array* arr = root_["lint"]["disable"].as_array()) {
      for (const auto& item : *arr) {
        if (!item.is_string()) continue;
        PGCRATE_RETURN_IF_ERROR(LintRuleId("[lint] disable", **item.as_string(), item.source()));
      }
    }
    if (const toml::table* sev = root_["lint"]["severity"].as_table()) {
      for (const auto& [id, value] : *sev) {
        PGCRATE_RETURN_IF_ERROR(
            LintRuleId("[lint.severity]", std::string(id.str()), value.source()));
      }
    }
    return Status::Ok();
  }

  // Reads [section.key] as a table of strings (e.g. [lint.severity]).
  Status StrMap(const char* section, const char* key, std::map<std::string, std::string>& out) {
    const toml::node* n = Node(section, key);
    if (!n) return Status::Ok();
    const toml::table* t = n->as_table();
    if (!t) return TypeError(section, key, *n, "a table of strings");
    for (const auto& [name, value] : *t) {
      if (!value.is_string()) return TypeError(section, key, value, "a table of strings");
      out[std::string(name.str())] = **value.as_string();
    }
    return Status::Ok();
  }

  // Reads [dba.<check>] tables of numbers into "<check>.<name>" entries.
  Status DbaThresholds(std::map<std::string, double>& out) {
    const toml::table* dba = root_["dba"].as_table();
    if (!dba) return Status::Ok();
    for (const auto& [check, node] : *dba) {
      const toml::table* t = node.as_table();
      if (!t) {
        return Status(Code::kConfig, "[dba] " + std::string(check.str()) +
                                         " must be a table of thresholds, e.g. [dba." +
                                         std::string(check.str()) + "] warning_pct = 80.")
            .WithLocation({file_, static_cast<int>(node.source().begin.line),
                           static_cast<int>(node.source().begin.column)});
      }
      for (const auto& [name, value] : *t) {
        std::string key = std::string(check.str()) + "." + std::string(name.str());
        auto num = value.value<double>();
        if (!num || value.is_boolean()) {
          return Status(Code::kConfig, "[dba." + std::string(check.str()) + "] " +
                                           std::string(name.str()) + " must be a number.")
              .WithLocation({file_, static_cast<int>(value.source().begin.line),
                             static_cast<int>(value.source().begin.column)});
        }
        out[key] = *num;
      }
    }
    return Status::Ok();
  }

  // Reads [anonymize]: every value a string (the strategy), kept in file order.
  Status Anonymize(std::vector<AnonymizeEntry>& out) {
    const toml::node* n = root_.get("anonymize");
    if (!n) return Status::Ok();
    const toml::table* t = n->as_table();
    if (!t) {
      return Status(Code::kConfig,
                    "[anonymize] must be a table of \"schema.table.column\" = "
                    "\"strategy\" entries.")
          .WithLocation(At(file_, n->source()));
    }
    for (const auto& [key, value] : *t) {
      if (!value.is_string()) {
        return Status(Code::kConfig, "[anonymize] \"" + std::string(key.str()) +
                                         "\" must be a strategy string, e.g. \"email\".")
            .WithLocation(At(file_, value.source()));
      }
      out.push_back({std::string(key.str()), **value.as_string(),
                     static_cast<int>(value.source().begin.line)});
    }
    std::sort(out.begin(), out.end(),
              [](const AnonymizeEntry& a, const AnonymizeEntry& b) { return a.line < b.line; });
    return Status::Ok();
  }

  // Appends a warning per unknown section or key, in file order.
  void CollectUnknown(std::vector<std::string>& warnings) const {
    std::vector<std::pair<toml::source_position, std::string>> found;
    auto warn = [&](const toml::node& n, std::string msg) {
      found.emplace_back(n.source().begin, Where(file_, n.source()) + ": " + std::move(msg));
    };
    std::vector<std::string> sections = Names([] {
      std::set<std::string> s;
      for (const auto& [k, _] : KnownKeys()) s.insert(k);
      return s;
    }());
    for (const auto& [name, node] : root_) {
      std::string sec(name.str());
      auto known = KnownKeys().find(sec);
      if (known == KnownKeys().end() || !node.is_table()) {
        std::string guess = base::ClosestMatch(sec, sections);
        warn(node, "unknown section [" + sec + "]" +
                       (guess.empty() ? "" : " (did you mean [" + guess + "]?)") +
                       "; it is ignored.");
        continue;
      }
      if (sec == "anonymize" || sec == "modules") continue;
      for (const auto& [key, value] : *node.as_table()) {
        std::string k(key.str());
        if (known->second.count(k)) continue;
        std::string guess = base::ClosestMatch(k, Names(known->second));
        warn(value, "unknown key '" + k + "' in [" + sec + "]" +
                        (guess.empty() ? "" : " (did you mean '" + guess + "'?)") +
                        "; it is ignored.");
      }
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first.line, a.first.column) < std::tie(b.first.line, b.first.column);
    });
    for (auto& [pos, msg] : found) warnings.push_back(std::move(msg));
  }

 private:
  const toml::node* Node(const char* section, const char* key) const {
    const toml::table* t = root_[section].as_table();
    return t ? t->get(key) : nullptr;
  }

  Status LintRuleId(const char* where, const std::string& id,
                    const toml::source_region& src) const {
    const auto& ids = KnownLintRules();
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) return Status::Ok();
    std::string guess = base::ClosestMatch(id, ids);
    return Status(Code::kConfig, std::string(where) + " names an unknown lint rule '" + id + "'" +
                                     (guess.empty() ? "." : " (did you mean '" + guess + "'?)."))
        .WithHint("`pgcrate migrate lint --help` and docs/rules/ list the rule ids.")
        .WithLocation(At(file_, src));
  }

  Status TypeError(const char* section, const char* key, const toml::node& n, const char* want) {
    return Status(Code::kConfig, "[" + std::string(section) + "] " + key + " must be " + want + ".")
        .WithLocation({file_, static_cast<int>(n.source().begin.line),
                       static_cast<int>(n.source().begin.column)});
  }

  const toml::table& root_;
  const std::string& file_;
};

Status ReadMigrate(Reader& r, Migrate& m) {
  PGCRATE_RETURN_IF_ERROR(r.Str("migrate", "lock_timeout", m.lock_timeout));
  PGCRATE_RETURN_IF_ERROR(r.Str("migrate", "statement_timeout", m.statement_timeout));
  PGCRATE_RETURN_IF_ERROR(r.Str("migrate", "idle_in_transaction_session_timeout",
                                m.idle_in_transaction_session_timeout));
  PGCRATE_RETURN_IF_ERROR(r.Int("migrate", "lock_retries", m.lock_retries));
  PGCRATE_RETURN_IF_ERROR(r.Int("migrate", "lock_wait", m.lock_wait));
  PGCRATE_RETURN_IF_ERROR(r.Str("migrate", "lint", m.lint));
  if (m.lint != "off" && m.lint != "warn" && m.lint != "error") {
    return Status(Code::kConfig,
                  "[migrate] lint must be \"off\", \"warn\" or \"error\", not \"" + m.lint + "\".");
  }
  return Status::Ok();
}

Status ReadLint(Reader& r, Lint& l) {
  PGCRATE_RETURN_IF_ERROR(r.List("lint", "disable", l.disable));
  PGCRATE_RETURN_IF_ERROR(r.StrMap("lint", "severity", l.severity));
  PGCRATE_RETURN_IF_ERROR(r.StrMap("lint", "naming", l.naming));
  int rows = static_cast<int>(l.large_table_rows);
  PGCRATE_RETURN_IF_ERROR(r.Int("lint", "large_table_rows", rows));
  l.large_table_rows = rows;
  for (const auto& [rule, sev] : l.severity) {
    if (sev != "error" && sev != "warning" && sev != "off") {
      return Status(Code::kConfig, "[lint.severity] " + rule +
                                       " must be \"error\", \"warning\" "
                                       "or \"off\", not \"" +
                                       sev + "\".");
    }
  }
  return Status::Ok();
}

Status ReadAll(Reader& r, Config& c) {
  PGCRATE_RETURN_IF_ERROR(r.Str("database", "url", c.database_url));
  PGCRATE_RETURN_IF_ERROR(r.Bool("paths", "allow_outside_project", c.allow_outside_project));
  bool outside = c.allow_outside_project;
  PGCRATE_RETURN_IF_ERROR(r.Path("paths", "migrations", outside, c.paths.migrations));
  PGCRATE_RETURN_IF_ERROR(r.Path("paths", "models", outside, c.paths.models));
  PGCRATE_RETURN_IF_ERROR(r.Path("paths", "seeds", outside, c.paths.seeds));
  PGCRATE_RETURN_IF_ERROR(r.Path("paths", "schema", outside, c.paths.schema));
  PGCRATE_RETURN_IF_ERROR(r.Path("paths", "code", outside, c.paths.code));
  PGCRATE_RETURN_IF_ERROR(r.Bool("defaults", "with_down", c.with_down));
  c.production_patterns_set = r.Has("production", "patterns");
  PGCRATE_RETURN_IF_ERROR(r.List("production", "patterns", c.production_patterns));
  PGCRATE_RETURN_IF_ERROR(r.Str("generate", "split_by", c.generate.split_by));
  PGCRATE_RETURN_IF_ERROR(r.Path("generate", "output", outside, c.generate.output));
  PGCRATE_RETURN_IF_ERROR(r.List("generate", "include_schemas", c.generate.include_schemas));
  PGCRATE_RETURN_IF_ERROR(r.List("generate", "exclude_schemas", c.generate.exclude_schemas));
  PGCRATE_RETURN_IF_ERROR(r.List("model", "sources", c.model_sources));
  PGCRATE_RETURN_IF_ERROR(r.Str("tools", "pg_dump", c.tools.pg_dump));
  PGCRATE_RETURN_IF_ERROR(r.Str("tools", "pg_restore", c.tools.pg_restore));
  PGCRATE_RETURN_IF_ERROR(r.Str("tools", "psql", c.tools.psql));
  PGCRATE_RETURN_IF_ERROR(r.Str("tools", "bindir", c.tools.bindir));
  PGCRATE_RETURN_IF_ERROR(r.Path("snapshot", "dir", outside, c.snapshot.dir));
  PGCRATE_RETURN_IF_ERROR(ReadMigrate(r, c.migrate));
  PGCRATE_RETURN_IF_ERROR(r.Anonymize(c.anonymize));
  PGCRATE_RETURN_IF_ERROR(r.DbaThresholds(c.dba_thresholds));
  PGCRATE_RETURN_IF_ERROR(ReadLint(r, c.lint));
  PGCRATE_RETURN_IF_ERROR(r.LintRuleIds());
  const auto& s = c.generate.split_by;
  if (s != "none" && s != "schema" && s != "table") {
    return Status(Code::kConfig,
                  "[generate] split_by must be \"none\", \"schema\" or \"table\", "
                  "not \"" +
                      s + "\".")
        .WithLocation({c.file, 0, 0});
  }
  return Status::Ok();
}

Status ParseErrorStatus(const toml::parse_error& err, const std::string& file) {
  return Status(Code::kConfig, "invalid TOML: " + std::string(err.description()) + ".")
      .WithLocation({file, static_cast<int>(err.source().begin.line),
                     static_cast<int>(err.source().begin.column)});
}

}  // namespace

Result<Config> ParseConfig(std::string_view text, const std::string& file) {
  toml::table root;
#if TOML_EXCEPTIONS
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& err) {
    return ParseErrorStatus(err, file);
  }
#else
  toml::parse_result parsed = toml::parse(text, file);
  if (!parsed) return ParseErrorStatus(parsed.error(), file);
  root = std::move(parsed).table();
#endif
  Config c;
  c.file = file;
  Reader reader(root, file);
  PGCRATE_RETURN_IF_ERROR(ReadAll(reader, c));
  PGCRATE_RETURN_IF_ERROR(ReadModules(root, file, c.allow_outside_project, c.modules));
  reader.CollectUnknown(c.warnings);
  return c;
}

Result<Config> LoadConfig(const std::string& explicit_path) {
  std::string path = explicit_path.empty() ? "pgcrate.toml" : explicit_path;
  auto text = base::ReadFile(path);
  if (!text.ok()) {
    if (explicit_path.empty() && text.status().code() == Code::kNotFound) {
      Config c;
      c.project_root = std::filesystem::current_path().string();
      return c;
    }
    return Status(Code::kConfig, "cannot read config file " + path +
                                     ": it does not exist or "
                                     "is not readable.");
  }
  auto cfg = ParseConfig(text.value(), path);
  if (!cfg.ok()) return cfg;
  // Paths resolve against the working directory, as the reference says.
  cfg->project_root = std::filesystem::current_path().string();
  return cfg;
}

void SetKnownLintRules(std::vector<std::string> ids) { KnownLintRules() = std::move(ids); }

namespace {

// True when `pattern` is one of the words of `name` (split at anything but letters/digits).
bool HasWord(const std::string& name, const std::string& pattern) {
  std::string word;
  for (char c : name + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      if (word == pattern) return true;
      word.clear();
    }
  }
  return false;
}

}  // namespace

std::string ProductionMatch(const Config& config, const TargetNames& target) {
  std::vector<std::pair<const char*, std::string>> names = {{"host", target.host},
                                                            {"database name", target.dbname}};
  if (config.production_patterns_set) names.emplace_back("user name", target.user);
  auto matched = [](const char* what, const std::string& name, const std::string& pattern) {
    return "the " + std::string(what) + " '" + name + "' matches the [production] pattern '" +
           pattern + "'";
  };
  for (const auto& [what, name] : names) {
    std::string lower_name = base::ToLower(name);
    if (config.production_patterns_set) {
      for (const auto& p : config.production_patterns) {
        std::string lower = base::ToLower(p);
        if (!lower.empty() && lower_name.find(lower) != std::string::npos) {
          return matched(what, name, p);
        }
      }
      continue;
    }
    for (const char* p : kDefaultProductionPatterns) {
      if (HasWord(lower_name, p))
        return matched(what, name, p) +
               " (a default; set [production] "
               "patterns to change it)";
    }
  }
  return "";
}

}  // namespace pgcrate::config
