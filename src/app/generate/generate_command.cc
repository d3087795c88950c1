// The `pgcrate generate` command: flags over [generate] config, the session's catalog,
// then either a dry-run listing or the files written.
#include "app/generate/generate_command.h"

#include <nlohmann/json.hpp>

#include "app/source.h"
#include "base/files.h"

namespace pgcrate::generate {
namespace {

void ApplyConfig(const config::Config& cfg, GenerateOptions& o) {
  if (o.split_by.empty())
    o.split_by = cfg.generate.split_by.empty() ? "none" : cfg.generate.split_by;
  if (o.output_dir.empty()) {
    std::string dir = cfg.generate.output.empty() ? cfg.paths.migrations : cfg.generate.output;
    o.output_dir = cfg.project_root.empty() || dir.rfind('/', 0) == 0
                       ? dir
                       : base::JoinPath(cfg.project_root, dir);
  }
  if (o.include_schemas.empty()) o.include_schemas = cfg.generate.include_schemas;
  if (o.exclude_schemas.empty()) o.exclude_schemas = cfg.generate.exclude_schemas;
}

void Report(app::Session& s, const std::vector<GeneratedFile>& files, bool dry_run) {
  if (s.out().json()) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& f : files) {
      nlohmann::ordered_json item{{"path", f.path}, {"name", f.file_name}};
      if (dry_run) item["content"] = f.Content();
      list.push_back(item);
    }
    s.out().Json({{"dry_run", dry_run}, {"files", list}});
    return;
  }
  for (const auto& f : files) {
    if (dry_run) {
      s.out().Data("-- ==> " + f.path + " <==\n" + f.Content() + "\n");
    } else {
      s.out().Data(f.path + "\n");
    }
  }
  if (!dry_run) s.out().Info("wrote " + std::to_string(files.size()) + " migration file(s)");
}

}  // namespace

Status RunGenerate(app::Session& session, GenerateOptions o) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  ApplyConfig(session.config(), o);
  auto cat = app::LoadCatalogAt(session, "", o.include_schemas, o.exclude_schemas, &o.source_label);
  if (!cat.ok()) return cat.status();
  auto files = BuildMigrations(*cat, o);
  if (!files.ok()) return files.status();
  if (files->empty()) {
    session.out().Info("nothing to generate: no schema objects found");
  } else if (!o.dry_run) {
    PGCRATE_RETURN_IF_ERROR(WriteMigrations(*files));
  }
  Report(session, *files, o.dry_run);
  return Status::Ok();
}

}  // namespace pgcrate::generate
