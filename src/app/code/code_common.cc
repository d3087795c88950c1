#include "app/code/code_common.h"

#include <nlohmann/json.hpp>

#include "app/migrate/commands_internal.h"
#include "base/files.h"

namespace pgcrate::app::code_internal {

using nlohmann::ordered_json;

Result<Project> OpenProject(Session& session) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  Project p;
  p.code_dir = base::RelativeToCwd(session.ProjectPath(session.config().paths.code));
  if (base::Exists(migrate::internal::MigrationsDir(session))) {
    auto loaded = migrate::internal::LoadFilesAndConnect(session);
    if (!loaded.ok()) return loaded.status();
    p.migrations = std::move(loaded->files);
    p.conn = loaded->conn;
  } else {
    auto conn = session.Connect();
    if (!conn.ok()) return conn.status();
    p.conn = conn.value();
  }
  auto path = code::ServerSearchPath(*p.conn);
  if (!path.ok()) return path.status();
  p.load.search_path = std::move(path).value();
  return p;
}

Result<code::CodeSet> LoadCode(const Project& project) {
  return code::LoadCodeFolder(project.code_dir, project.load);
}

namespace {

std::string Where(const code::CodeObject& o) { return o.file + ":" + std::to_string(o.line); }

std::string StepText(const code::Step& s, const code::CodeSet& code) {
  switch (s.kind) {
    case code::Step::Kind::kDrop:
      return s.sql;
    case code::Step::Kind::kMigrate:
      return "Run migration: " + s.migration->file_name;
    case code::Step::Kind::kCreate:
    case code::Step::Kind::kReplace: {
      const code::CodeObject& o = code.objects[static_cast<size_t>(s.object)];
      std::string verb =
          s.kind == code::Step::Kind::kReplace || o.or_replace ? "CREATE OR REPLACE " : "CREATE ";
      std::string kw = o.kind;
      for (char& c : kw) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      std::string n = o.attachments.empty()
                          ? ""
                          : " + " + std::to_string(o.attachments.size()) + " comment/grant";
      return verb + kw + " " + o.identity.substr(o.kind.size() + 1) + " (from " + Where(o) + ")" +
             n;
    }
  }
  return "";
}

}  // namespace

std::string PlanText(const code::Plan& plan, const code::CodeSet& code) {
  if (plan.Empty() && plan.migrations.empty()) {
    return "Nothing to do: no pending migrations, and the database matches the code folder (" +
           std::to_string(code.objects.size()) + " objects).";
  }
  std::string out = "PLAN:";
  for (const auto& m : plan.migrations) {
    out += "\nPending migration: " + m.file->file_name;
    if (m.file->no_transaction) out += " (no-transaction)";
    if (m.affected.empty()) continue;
    out += "\n  Affected objects that will be recreated:";
    for (const auto& a : m.affected) out += "\n    - " + a.identity + " (" + a.reason + ")";
  }
  if (!plan.changes.empty()) {
    out += "\n\nCode changes detected:";
    for (const auto& c : plan.changes) {
      out += "\n  - " + c.file + ": " + c.identity + " (" + c.change + ")";
    }
  }
  out += plan.single_transaction ? "\n\nExecution order (one transaction):"
                                 : "\n\nExecution order (split: a no-transaction migration is "
                                   "pending, so drops, migrations and creates commit "
                                   "separately):";
  int n = 0;
  for (const auto& s : plan.steps) {
    out += "\n  " + std::to_string(++n) + ". " + StepText(s, code);
    if (s.kind == code::Step::Kind::kDrop && !s.reason.empty()) out += "  -- " + s.reason;
  }
  if (!plan.record.empty() || !plan.forget.empty()) {
    out += "\n  " + std::to_string(++n) + ". Update pgcrate.code_objects (" +
           std::to_string(plan.record.size()) + " recorded, " + std::to_string(plan.forget.size()) +
           " forgotten)";
  }
  return out;
}

ordered_json PlanJson(const code::Plan& plan, const code::CodeSet& code) {
  ordered_json doc, migs = ordered_json::array(), changes = ordered_json::array(),
                    steps = ordered_json::array();
  for (const auto& m : plan.migrations) {
    ordered_json affected = ordered_json::array();
    for (const auto& a : m.affected)
      affected.push_back({{"object", a.identity}, {"reason", a.reason}});
    migs.push_back({{"version", m.file->version},
                    {"name", m.file->name},
                    {"file", m.file->path},
                    {"transactional", !m.file->no_transaction},
                    {"affected", affected}});
  }
  for (const auto& c : plan.changes) {
    changes.push_back({{"object", c.identity},
                       {"kind", c.kind},
                       {"file", c.file},
                       {"line", c.line},
                       {"change", c.change}});
  }
  int n = 0;
  for (const auto& s : plan.steps) {
    ordered_json step{{"n", ++n}, {"action", code::StepKindName(s.kind)}};
    if (s.migration) {
      step["migration"] = s.migration->file_name;
    } else {
      step["object"] = s.identity;
      step["sql"] = s.sql;
      if (s.object >= 0) {
        const auto& o = code.objects[static_cast<size_t>(s.object)];
        step["file"] = o.file;
        step["line"] = o.line;
      }
      if (!s.reason.empty()) step["reason"] = s.reason;
    }
    steps.push_back(step);
  }
  doc["up_to_date"] = plan.Empty() && plan.migrations.empty();
  doc["single_transaction"] = plan.single_transaction;
  doc["objects"] = code.objects.size();
  doc["pending_migrations"] = migs;
  doc["changes"] = changes;
  doc["steps"] = steps;
  doc["record"] = plan.record.size();
  doc["forget"] = plan.forget;
  return doc;
}

std::string StepLine(const code::Step& s) {
  switch (s.kind) {
    case code::Step::Kind::kDrop:
      return "dropped " + s.identity;
    case code::Step::Kind::kMigrate:
      return "applied migration " + s.migration->file_name;
    case code::Step::Kind::kCreate:
      return "created " + s.identity;
    case code::Step::Kind::kReplace:
      return "replaced " + s.identity;
  }
  return "";
}

}  // namespace pgcrate::app::code_internal
