#include "config/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <tuple>
#include <map>
#include <set>

#include "base/files.h"
#include "base/strings.h"

namespace pgcrate::config {
namespace {

// Keys each section accepts; anything else is reported as a probable typo.
const std::map<std::string, std::set<std::string>>& KnownKeys() {
  static const std::map<std::string, std::set<std::string>> keys = {
      {"database", {"url"}},
      {"paths", {"migrations", "models", "seeds", "schema", "code"}},
      {"defaults", {"with_down"}},
      {"production", {"patterns"}},
      {"generate", {"split_by", "output", "include_schemas", "exclude_schemas"}},
      {"model", {"sources"}},
      {"tools", {"pg_dump", "pg_restore", "psql", "bindir"}},
  };
  return keys;
}

std::string Where(const std::string& file, const toml::source_region& src) {
  return file + ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column);
}

std::vector<std::string> Names(const std::set<std::string>& s) { return {s.begin(), s.end()}; }

class Reader {
 public:
  Reader(const toml::table& root, const std::string& file) : root_(root), file_(file) {}

  Status Str(const char* section, const char* key, std::string& out) {
    const toml::node* n = Node(section, key);
    if (!n) return Status::Ok();
    if (!n->is_string()) return TypeError(section, key, *n, "a string");
    out = **n->as_string();
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

  Status Path(const char* section, const char* key, std::string& out) {
    PGCRATE_RETURN_IF_ERROR(Str(section, key, out));
    if (base::HasParentReference(out)) {
      const toml::node* n = Node(section, key);
      return Status(Code::kConfig, "[" + std::string(section) + "] " + key + " = \"" + out +
                                       "\" contains '..'; config paths must stay inside the "
                                       "project directory.")
          .WithLocation({file_, static_cast<int>(n->source().begin.line),
                         static_cast<int>(n->source().begin.column)});
    }
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

  Status TypeError(const char* section, const char* key, const toml::node& n, const char* want) {
    return Status(Code::kConfig, "[" + std::string(section) + "] " + key + " must be " + want + ".")
        .WithLocation({file_, static_cast<int>(n.source().begin.line),
                       static_cast<int>(n.source().begin.column)});
  }

  const toml::table& root_;
  const std::string& file_;
};

Status ReadAll(Reader& r, Config& c) {
  PGCRATE_RETURN_IF_ERROR(r.Str("database", "url", c.database_url));
  PGCRATE_RETURN_IF_ERROR(r.Path("paths", "migrations", c.paths.migrations));
  PGCRATE_RETURN_IF_ERROR(r.Path("paths", "models", c.paths.models));
  PGCRATE_RETURN_IF_ERROR(r.Path("paths", "seeds", c.paths.seeds));
  PGCRATE_RETURN_IF_ERROR(r.Path("paths", "schema", c.paths.schema));
  PGCRATE_RETURN_IF_ERROR(r.Path("paths", "code", c.paths.code));
  PGCRATE_RETURN_IF_ERROR(r.Bool("defaults", "with_down", c.with_down));
  PGCRATE_RETURN_IF_ERROR(r.List("production", "patterns", c.production_patterns));
  PGCRATE_RETURN_IF_ERROR(r.Str("generate", "split_by", c.generate.split_by));
  PGCRATE_RETURN_IF_ERROR(r.Path("generate", "output", c.generate.output));
  PGCRATE_RETURN_IF_ERROR(r.List("generate", "include_schemas", c.generate.include_schemas));
  PGCRATE_RETURN_IF_ERROR(r.List("generate", "exclude_schemas", c.generate.exclude_schemas));
  PGCRATE_RETURN_IF_ERROR(r.List("model", "sources", c.model_sources));
  PGCRATE_RETURN_IF_ERROR(r.Str("tools", "pg_dump", c.tools.pg_dump));
  PGCRATE_RETURN_IF_ERROR(r.Str("tools", "pg_restore", c.tools.pg_restore));
  PGCRATE_RETURN_IF_ERROR(r.Str("tools", "psql", c.tools.psql));
  PGCRATE_RETURN_IF_ERROR(r.Str("tools", "bindir", c.tools.bindir));
  const auto& s = c.generate.split_by;
  if (s != "none" && s != "schema" && s != "table") {
    return Status(Code::kConfig, "[generate] split_by must be \"none\", \"schema\" or \"table\", "
                                 "not \"" + s + "\".")
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
    return Status(Code::kConfig, "cannot read config file " + path + ": it does not exist or "
                                 "is not readable.");
  }
  auto cfg = ParseConfig(text.value(), path);
  if (!cfg.ok()) return cfg;
  // Paths resolve against the working directory, as the reference says.
  cfg->project_root = std::filesystem::current_path().string();
  return cfg;
}

bool IsProductionUrl(const std::string& url, const std::vector<std::string>& patterns) {
  std::string lower = base::ToLower(url);
  for (const auto& p : patterns) {
    if (!p.empty() && lower.find(base::ToLower(p)) != std::string::npos) return true;
  }
  return false;
}

}  // namespace pgcrate::config
