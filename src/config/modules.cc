#include <algorithm>
#include <cctype>
#include <filesystem>

#include "base/files.h"
#include "base/strings.h"
#include "config/modules_internal.h"

namespace pgcrate::config {
namespace {

SourceLocation At(const std::string& file, const toml::node& n) {
  return {file, static_cast<int>(n.source().begin.line), static_cast<int>(n.source().begin.column)};
}

bool ValidModuleName(const std::string& name) {
  return !name.empty() && name.size() <= 63 &&
         std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c == '-'; });
}

// A string value of the module table, "" when absent.
Result<std::string> StrKey(const toml::table& t, const char* key, const std::string& where,
                           const std::string& file) {
  const toml::node* n = t.get(key);
  if (!n) return std::string();
  if (!n->is_string()) {
    return Status(Code::kConfig, where + " " + key + " must be a string.")
        .WithLocation(At(file, *n));
  }
  return std::string(**n->as_string());
}

Status CheckKeys(const toml::table& t, const std::string& where, const std::string& file) {
  const std::vector<std::string> known = {"migrations", "schema", "tracking"};
  for (const auto& [key, value] : t) {
    std::string k(key.str());
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    std::string guess = base::ClosestMatch(k, known);
    return Status(Code::kConfig, "unknown key '" + k + "' in " + where +
                                     (guess.empty() ? "." : " (did you mean '" + guess + "'?)."))
        .WithLocation(At(file, value));
  }
  return Status::Ok();
}

Status CheckPath(const std::string& path, const std::string& where, bool allow_outside,
                 const std::string& file, const toml::node& n) {
  if (allow_outside) return Status::Ok();
  const char* why = base::HasParentReference(path)              ? "contains '..'"
                    : std::filesystem::path(path).is_absolute() ? "is an absolute path"
                                                                : nullptr;
  if (why == nullptr) return Status::Ok();
  return Status(Code::kConfig, where + " migrations = \"" + path + "\" " + why +
                                   "; config paths must stay inside the project directory.")
      .WithHint("use a path relative to the project, or set [paths] allow_outside_project = true.")
      .WithLocation(At(file, n));
}

Result<Module> ReadOne(const std::string& name, const toml::node& node, const std::string& file,
                       bool allow_outside) {
  std::string where = "[modules." + name + "]";
  if (!ValidModuleName(name)) {
    return Status(Code::kConfig,
                  "module name '" + name + "' must be 1-63 letters, digits, '_' or '-'.")
        .WithLocation(At(file, node));
  }
  const toml::table* t = node.as_table();
  if (!t) {
    return Status(Code::kConfig, where + " must be a table (migrations = \"...\").")
        .WithLocation(At(file, node));
  }
  PGCRATE_RETURN_IF_ERROR(CheckKeys(*t, where, file));
  Module m;
  m.name = name;
  m.line = static_cast<int>(node.source().begin.line);
  auto dir = StrKey(*t, "migrations", where, file);
  auto schema = StrKey(*t, "schema", where, file);
  auto tracking = StrKey(*t, "tracking", where, file);
  for (const auto* r : {&dir, &schema, &tracking}) {
    if (!r->ok()) return r->status();
  }
  if (dir->empty()) {
    return Status(Code::kConfig, where + " needs migrations = \"<directory>\".")
        .WithLocation(At(file, node));
  }
  PGCRATE_RETURN_IF_ERROR(CheckPath(*dir, where, allow_outside, file, *t->get("migrations")));
  m.migrations = *dir;
  m.schema = *schema;
  if (!tracking->empty() && *tracking != "global" && *tracking != "schema") {
    return Status(Code::kConfig,
                  where + " tracking must be \"global\" or \"schema\", not \"" + *tracking + "\".")
        .WithLocation(At(file, *t->get("tracking")));
  }
  m.schema_tracking = *tracking == "schema";
  if (m.schema_tracking && m.schema.empty()) {
    return Status(Code::kConfig, where + " tracking = \"schema\" needs schema = \"...\".")
        .WithLocation(At(file, *t->get("tracking")));
  }
  return m;
}

}  // namespace

Status ReadModules(const toml::table& root, const std::string& file, bool allow_outside,
                   std::vector<Module>& out) {
  const toml::node* n = root.get("modules");
  if (!n) return Status::Ok();
  const toml::table* t = n->as_table();
  if (!t) {
    return Status(Code::kConfig, "[modules] must hold [modules.<name>] sections.")
        .WithLocation(At(file, *n));
  }
  for (const auto& [key, value] : *t) {
    auto m = ReadOne(std::string(key.str()), value, file, allow_outside);
    if (!m.ok()) return m.status();
    out.push_back(std::move(m).value());
  }
  std::sort(out.begin(), out.end(),
            [](const Module& a, const Module& b) { return a.line < b.line; });
  return Status::Ok();
}

}  // namespace pgcrate::config
