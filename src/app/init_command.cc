#include "app/init_command.h"

#include <nlohmann/json.hpp>

#include "base/files.h"
#include "base/strings.h"

namespace pgcrate::app {
namespace {

bool Yes(const std::string& answer, bool fallback) {
  std::string a = base::ToLower(base::Trim(answer));
  if (a.empty()) return fallback;
  return a == "y" || a == "yes";
}

void Ask(InitOptions& o, const Prompter& prompt) {
  auto dir = [&](const std::string& q, std::string& value) {
    std::string a = base::Trim(prompt(q, value));
    if (!a.empty()) value = a;
  };
  // The prompter shows the second argument in brackets: the default directory, or which
  // answer Enter gives for a yes/no question.
  auto yes_no = [&](const std::string& q, bool& value) {
    value = Yes(prompt(q, value ? "Y/n" : "y/N"), value);
  };
  dir("Migrations directory", o.migrations_dir);
  yes_no("Enable seeds?", o.seeds);
  if (o.seeds) dir("Seeds directory", o.seeds_dir);
  yes_no("Enable models?", o.models);
  if (o.models) dir("Models directory", o.models_dir);
}

std::string ConfigText(const InitOptions& o) {
  std::string t =
      "# pgcrate configuration. Reference: `pgcrate --help-llm`.\n\n"
      "[database]\n"
      "# The database to use. Precedence: -d/--database-url > DATABASE_URL > this key; with\n"
      "# none of them (and no PGHOST/PGDATABASE/PGSERVICE), a running `pgcrate dev` cluster.\n"
      "# url = \"postgresql://user@localhost:5432/app\"\n\n"
      "[paths]\n"
      "migrations = \"" +
      o.migrations_dir + "\"\n";
  if (o.models) t += "models = \"" + o.models_dir + "\"\n";
  if (o.seeds) t += "seeds = \"" + o.seeds_dir + "\"\n";
  t += "\n[defaults]\nwith_down = false\n\n"
       "[production]\n"
       "# A host, database or user name containing one of these warns; changes need --yes.\n"
       "patterns = [\"prod\", \"production\"]\n";
  return t;
}

Status CheckDir(const std::string& flag, const std::string& dir) {
  if (dir.empty() || base::HasParentReference(dir) || dir.starts_with('/')) {
    return Status(Code::kConfig, flag + " \"" + dir +
                                     "\" must be a relative path inside the "
                                     "project (no '..').");
  }
  return Status::Ok();
}

}  // namespace

Status RunInit(InitOptions o, const output::Output& out, const Prompter& prompt) {
  if (!o.yes) Ask(o, prompt);
  PGCRATE_RETURN_IF_ERROR(CheckDir("--migrations-dir", o.migrations_dir));
  if (o.models) PGCRATE_RETURN_IF_ERROR(CheckDir("--models-dir", o.models_dir));
  if (o.seeds) PGCRATE_RETURN_IF_ERROR(CheckDir("--seeds-dir", o.seeds_dir));
  std::string config_path = base::JoinPath(o.root, "pgcrate.toml");
  if (base::Exists(config_path) && !o.force) {
    return Status(Code::kConflict, "pgcrate.toml already exists; pass --force to overwrite it.")
        .WithObject(config_path);
  }
  std::vector<std::string> dirs = {o.migrations_dir};
  if (o.models) dirs.push_back(o.models_dir);
  if (o.seeds) dirs.push_back(o.seeds_dir);
  std::string gitignore = base::JoinPath(o.root, ".gitignore");
  auto existing = base::ReadFile(gitignore);
  bool add_ignore = !existing.ok() || existing->find(".pgcrate/") == std::string::npos;

  if (!o.dry_run) {
    PGCRATE_RETURN_IF_ERROR(base::WriteFile(config_path, ConfigText(o), true));
    for (const auto& d : dirs) PGCRATE_RETURN_IF_ERROR(base::MakeDirs(base::JoinPath(o.root, d)));
    if (add_ignore) {
      std::string text = existing.ok() ? existing.value() : "";
      if (!text.empty() && text.back() != '\n') text += "\n";
      text += "# pgcrate dev cluster and local state\n.pgcrate/\n";
      PGCRATE_RETURN_IF_ERROR(base::WriteFile(gitignore, text, true));
    }
  }
  if (out.json()) {
    nlohmann::ordered_json doc;
    doc["dry_run"] = o.dry_run;
    doc["config"] = "pgcrate.toml";
    doc["directories"] = dirs;
    doc["gitignore_updated"] = add_ignore;
    out.Json(doc);
    return Status::Ok();
  }
  if (o.dry_run) {
    std::string text = "Would create pgcrate.toml:\n\n" + ConfigText(o) + "\nWould create:\n";
    for (const auto& d : dirs) text += "  " + d + "/\n";
    if (add_ignore) text += "Would add .pgcrate/ to .gitignore\n";
    out.Data(text);
    return Status::Ok();
  }
  std::string msg = "Created pgcrate.toml";
  for (const auto& d : dirs) msg += ", " + d + "/";
  out.Info(msg +
           "\nNext: `pgcrate dev start` for a local database, then "
           "`pgcrate migrate new create_users`.");
  return Status::Ok();
}

}  // namespace pgcrate::app
