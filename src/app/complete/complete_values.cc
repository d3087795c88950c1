#include "app/complete/complete_values.h"

#include <algorithm>

#include "app/snapshot/common.h"
#include "base/files.h"
#include "base/strings.h"
#include "migrate/migration_file.h"
#include "model/model.h"
#include "seed/project.h"
#include "snapshot/store.h"

namespace pgcrate::app {

namespace {

// From the file names alone: a file whose SQL has a mistake is still a version to complete.
// Only the directory's own files, as discovery takes them (FindFiles also descends).
std::vector<std::string> MigrationVersions(Session& session) {
  std::string dir = session.ProjectPath(session.config().paths.migrations);
  auto files = base::FindFiles(dir, ".sql");
  std::vector<std::string> out;
  if (!files.ok()) return out;
  std::string prefix = base::JoinPath(dir, "");  // "dir/"
  for (const auto& path : *files) {
    if (!base::StartsWith(path, prefix) || path.find('/', prefix.size()) != std::string::npos) {
      continue;  // in a subfolder
    }
    std::string version, name;
    if (migrate::ParseMigrationFileName(path.substr(path.rfind('/') + 1), version, name).ok()) {
      out.push_back(version);
    }
  }
  return out;
}

std::vector<std::string> SeedNames(Session& session) {
  auto seeds = seed::DiscoverSeeds(session.ProjectPath(session.config().paths.seeds));
  std::vector<std::string> out;
  if (!seeds.ok()) return out;
  for (const auto& s : *seeds) out.push_back(s.name);
  return out;
}

std::vector<std::string> ModelNames(Session& session) {
  auto models = model::DiscoverModels(session.ProjectPath(session.config().paths.models));
  std::vector<std::string> out;
  if (!models.ok()) return out;
  for (const auto& m : *models) out.push_back(m.schema + "." + m.name);
  return out;
}

std::vector<std::string> SnapshotNames(Session& session) {
  auto dir = snapshot_cmd::SnapshotsDir(session);
  std::vector<std::string> out;
  if (!dir.ok()) return out;
  for (const auto& l : snapshot::ListSnapshots(*dir)) {
    if (l.error.empty()) out.push_back(l.name);
  }
  return out;
}

}  // namespace

std::vector<std::string> CompletionValues(Session& session, const std::string& kind) {
  if (!session.LoadConfig().ok()) return {};
  std::vector<std::string> out;
  if (kind == "migrations") out = MigrationVersions(session);
  if (kind == "seeds") out = SeedNames(session);
  if (kind == "models") out = ModelNames(session);
  if (kind == "snapshots") out = SnapshotNames(session);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace pgcrate::app
