#include "lint/sources.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/files.h"
#include "migrate/store.h"
#include "migrate/templates.h"

namespace pgcrate::lint {
namespace {

namespace fs = std::filesystem;

// The module whose directory holds `path`, or null.
const ModuleDir* ModuleOf(const std::string& path, const std::vector<ModuleDir>& modules) {
  if (modules.empty()) return nullptr;
  std::error_code ec;
  fs::path parent = fs::weakly_canonical(fs::absolute(path, ec).parent_path(), ec);
  for (const ModuleDir& m : modules) {
    std::error_code ec2;
    if (fs::weakly_canonical(fs::absolute(m.dir, ec2), ec2) == parent) return &m;
  }
  return nullptr;
}

// A file given on the command line: a migration when its name says so (a module's naming and
// templates inside its directory), else plain SQL.
Result<LintFile> LoadFile(const std::string& path, const std::vector<ModuleDir>& modules) {
  auto content = base::ReadFile(path);
  if (!content.ok()) return content.status();
  std::string version, name;
  std::string base_name = fs::path(path).filename().string();
  const ModuleDir* module = ModuleOf(path, modules);
  migrate::Naming naming = module ? module->discover.naming : migrate::Naming::kTimestamp;
  if (migrate::ParseMigrationFileName(base_name, version, name, naming).ok()) {
    return MigrationLintFile(path, std::move(content).value(), naming,
                             module ? module->discover.templates : migrate::TemplateContext{});
  }
  LintFile f;
  f.path = path;
  f.content = std::move(content).value();
  return f;
}

void ExpandPaths(const std::vector<std::string>& given, std::vector<std::string>& out) {
  for (const auto& p : given) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> sqls;
    for (const auto& e : fs::directory_iterator(p, ec)) {
      // Legacy `.down.sql` halves are rollbacks (dropping is their job): not linted as ups.
      std::string name = e.path().filename().string();
      if (e.is_regular_file() && name.ends_with(".sql") && !name.ends_with(".down.sql")) {
        sqls.push_back(e.path().string());
      }
    }
    std::sort(sqls.begin(), sqls.end());
    out.insert(out.end(), sqls.begin(), sqls.end());
  }
}

}  // namespace

namespace {

// The LintFile of migration `m` parsed from `content`: its up section viewed in the file.
LintFile ViewOf(const migrate::MigrationFile& m, std::string content) {
  LintFile f;
  f.path = m.path;
  f.content = std::move(content);
  f.sql_offset = m.up_offset;
  f.sql_size = m.up_size;
  f.line_base = std::max(m.up_line, 1);
  f.is_migration = true;
  f.has_down = m.has_down;
  f.no_transaction = m.no_transaction;
  return f;
}

}  // namespace

LintFile FromMigration(const migrate::MigrationFile& m, std::string content) {
  LintFile f = ViewOf(m, std::move(content));
  f.shifts = m.up_shifts;
  // A copy only when the section was expanded, or the file read now is not the one `m` was
  // parsed from.
  if (!m.up_shifts.empty() || f.sql() != m.up_sql) f.expanded = m.up_sql;
  return f;
}

Result<LintFile> MigrationLintFile(const std::string& path, std::string content,
                                   migrate::Naming naming,
                                   const migrate::TemplateContext& templates) {
  // Only a file with placeholders needs its sections copied out (to expand them, or to report
  // them as errors outside a module, as `migrate up` does).
  bool placeholders = content.find("{{") != std::string::npos;
  auto m = migrate::ParseMigrationFile(path, content, placeholders, naming);
  if (!m.ok()) return m.status();
  if (!placeholders) return ViewOf(*m, std::move(content));
  PGCRATE_RETURN_IF_ERROR(migrate::ExpandFileTemplates(*m, templates));
  return FromMigration(*m, std::move(content));
}

Result<std::vector<LintFile>> ReadLintFiles(const std::vector<std::string>& paths,
                                            const std::vector<ModuleDir>& modules) {
  std::vector<std::string> expanded;
  ExpandPaths(paths, expanded);
  std::vector<LintFile> files;
  for (const auto& p : expanded) {
    auto f = LoadFile(p, modules);
    if (!f.ok()) return f.status();
    files.push_back(std::move(f.value()));
  }
  return files;
}

Result<std::vector<LintFile>> PendingLintFiles(const std::string& dir, pg::Connection* conn) {
  return PendingLintFiles(dir, conn, migrate::DiscoverOptions{}, migrate::Tracking{});
}

Result<std::vector<LintFile>> PendingLintFiles(const std::string& dir, pg::Connection* conn,
                                               const migrate::DiscoverOptions& discover,
                                               const migrate::Tracking& tracking) {
  // Listed and validated without keeping their SQL: each pending file is read and parsed once
  // more on its own, so only the file being loaded is in memory twice.
  migrate::DiscoverOptions listing = discover;
  listing.with_sql = false;
  auto all = migrate::DiscoverMigrations(dir, listing, nullptr);
  if (!all.ok()) return all.status();
  std::set<std::string> applied;
  if (conn) {
    auto versions = migrate::ReadAppliedVersions(*conn, tracking);
    if (!versions.ok()) return versions.status();
    applied = versions.value();
  }
  std::vector<LintFile> out;
  for (const auto& m : all.value()) {
    if (applied.count(m.version)) continue;
    auto content = base::ReadFile(m.path);
    if (!content.ok()) return content.status();
    auto f =
        MigrationLintFile(m.path, std::move(content).value(), discover.naming, discover.templates);
    if (!f.ok()) return f.status();
    out.push_back(std::move(f).value());
    out.back().path = base::RelativeToCwd(m.path);
  }
  return out;
}

Result<std::vector<LintFile>> CodeLintFiles(const std::string& dir) {
  std::vector<LintFile> out;
  if (!base::IsDirectory(dir)) return out;
  auto paths = base::FindFiles(dir, ".sql");
  if (!paths.ok()) return paths.status();
  for (const auto& p : paths.value()) {
    auto content = base::ReadFile(p);
    if (!content.ok()) return content.status();
    LintFile f;
    f.path = base::RelativeToCwd(p);
    f.content = std::move(content).value();
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::vector<LintFile>> ReadMigrations(const std::vector<migrate::MigrationFile>& files) {
  std::vector<LintFile> out;
  for (const auto& m : files) {
    auto content = base::ReadFile(m.path);
    if (!content.ok()) return content.status();
    out.push_back(FromMigration(m, std::move(content.value())));
  }
  return out;
}

}  // namespace pgcrate::lint
