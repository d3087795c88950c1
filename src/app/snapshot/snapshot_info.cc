// `snapshot list`, `snapshot info` and `snapshot delete`.
#include <nlohmann/json.hpp>

#include "app/snapshot/common.h"
#include "app/snapshot/snapshot_command.h"
#include "base/files.h"
#include "output/output.h"
#include "snapshot/names.h"
#include "snapshot/save.h"
#include "snapshot/store.h"

namespace pgcrate::app {
namespace {
using Json = nlohmann::ordered_json;
}  // namespace

Status RunSnapshotList(Session& session) {
  auto dir = snapshot_cmd::SnapshotsDir(session);
  if (!dir.ok()) return dir.status();
  std::vector<snapshot::Listed> all = snapshot::ListSnapshots(*dir);
  if (session.out().json()) {
    Json list = Json::array(), invalid = Json::array();
    for (const auto& l : all) {
      if (l.error.empty()) {
        list.push_back(snapshot_cmd::Summary(l.manifest));
      } else {
        invalid.push_back({{"name", l.name}, {"error", l.error}});
      }
    }
    session.out().Json({{"dir", *dir}, {"snapshots", list}, {"invalid", invalid}});
    return Status::Ok();
  }
  if (all.empty()) {
    session.out().Data("No snapshots in " + *dir + " (pgcrate snapshot save NAME).\n");
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& l : all) {
    if (!l.error.empty()) {
      session.out().Warn(l.name + ": " + l.error);
      continue;
    }
    const snapshot::Manifest& m = l.manifest;
    rows.push_back({m.name, m.kind + (m.schema_only ? " (schema)" : ""), m.created_at,
                    m.source_database, m.migration_version.empty() ? "-" : m.migration_version,
                    std::to_string(m.tables.size()), snapshot_cmd::Size(m.total_bytes)});
  }
  session.out().Data(output::RenderTable(
      {"name", "kind", "created", "source", "migration", "tables", "size"}, rows));
  return Status::Ok();
}

Status RunSnapshotInfo(Session& session, const SnapshotInfoOptions& o) {
  PGCRATE_RETURN_IF_ERROR(snapshot::ValidateName(o.name));
  auto dir = snapshot_cmd::SnapshotsDir(session);
  if (!dir.ok()) return dir.status();
  auto m = snapshot::LoadSnapshot(*dir, o.name);
  if (!m.ok()) return m.status();
  std::string path = snapshot::SnapshotPath(*dir, o.name);
  if (o.verify && m->kind == snapshot::kKindDump) {
    PGCRATE_RETURN_IF_ERROR(snapshot::VerifyFiles(path, *m));
  }
  if (session.out().json()) {
    Json verified = o.verify && m->kind == snapshot::kKindDump ? Json(true) : Json();
    session.out().Json(
        {{"path", path}, {"snapshot", snapshot::ToJson(*m)}, {"verified", verified}});
    return Status::Ok();
  }
  std::string text = snapshot_cmd::DescribeText(*m, path);
  if (o.verify && m->kind == snapshot::kKindDump) {
    text += "verified: every file matches its SHA-256\n";
  }
  session.out().Data(text);
  return Status::Ok();
}

Status RunSnapshotDelete(Session& session, const SnapshotDeleteOptions& o) {
  PGCRATE_RETURN_IF_ERROR(snapshot::ValidateName(o.name));
  auto dir = snapshot_cmd::SnapshotsDir(session);
  if (!dir.ok()) return dir.status();
  auto m = snapshot::LoadSnapshot(*dir, o.name);
  if (!m.ok()) return m.status();
  bool dropped = false;
  if (m->kind == snapshot::kKindTemplate) {
    if (!o.yes) {
      return Status(Code::kRefused, "snapshot \"" + o.name +
                                        "\" is a template snapshot: "
                                        "deleting it drops database \"" +
                                        m->template_database + "\"; pass --yes to confirm.");
    }
    auto target = session.Target();
    if (!target.ok()) return target.status();
    auto admin = snapshot_cmd::OpenAdmin(session, target->conninfo);
    if (!admin.ok()) return admin.status();
    PGCRATE_RETURN_IF_ERROR(snapshot::DropTemplateDatabase(**admin, *m, dropped));
    if (!dropped) {
      session.out().Warn("database \"" + m->template_database + "\" was not on " +
                         (*admin)->Describe() + "; deleting the folder only");
    }
  }
  PGCRATE_RETURN_IF_ERROR(snapshot::RemoveSnapshot(*dir, o.name));
  if (session.out().json()) {
    session.out().Json({{"deleted", o.name},
                        {"kind", m->kind},
                        {"dropped_database", dropped ? Json(m->template_database) : Json()}});
    return Status::Ok();
  }
  session.out().Data("Deleted snapshot " + o.name +
                     (dropped ? " and its database " + m->template_database : "") + "\n");
  return Status::Ok();
}

}  // namespace pgcrate::app
