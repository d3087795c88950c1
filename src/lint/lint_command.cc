#include "lint/lint_command.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "base/files.h"
#include "base/process.h"
#include "lint/render.h"
#include "migrate/store.h"
#include "pgcrate/version.h"

namespace pgcrate::lint {
namespace {

namespace fs = std::filesystem;

// A file given on the command line: a migration when its name says so, else plain SQL.
Result<LintFile> LoadFile(const std::string& path) {
  auto content = base::ReadFile(path);
  if (!content.ok()) return content.status();
  std::string version, name;
  std::string base_name = fs::path(path).filename().string();
  if (migrate::ParseMigrationFileName(base_name, version, name).ok()) {
    auto m = migrate::ParseMigrationFile(path, content.value());
    if (!m.ok()) return m.status();
    return FromMigration(m.value(), std::move(content.value()));
  }
  LintFile f;
  f.path = path;
  f.sql = content.value();
  f.content = std::move(content.value());
  return f;
}

Status ExpandPaths(const std::vector<std::string>& given, std::vector<std::string>& out) {
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
  return Status::Ok();
}

// `path` relative to the working directory when it lies below it (GitHub annotations and SARIF
// want repository-relative paths), else unchanged.
std::string RelativeToCwd(const std::string& path) {
  std::error_code ec;
  fs::path rel = fs::relative(path, fs::current_path(ec), ec);
  if (ec || rel.empty() || rel.string().starts_with("..")) return path;
  return rel.string();
}

// The connection for DB-aware rules, or nullptr (offline, nothing configured, unreachable).
pg::Connection* MaybeConnect(app::Session& s, bool offline) {
  if (offline) return nullptr;
  auto target = s.Target();
  if (!target.ok() || target->conninfo.empty()) return nullptr;
  auto conn = s.Connect();
  if (!conn.ok()) {
    s.out().Warn("warning: " + conn.status().message() + " Linting without the live catalog.");
    return nullptr;
  }
  return conn.value();
}

Result<std::vector<LintFile>> PendingFiles(app::Session& s, pg::Connection* conn) {
  std::string dir = base::JoinPath(s.config().project_root, s.config().paths.migrations);
  auto all = migrate::DiscoverMigrations(dir);
  if (!all.ok()) return all.status();
  std::set<std::string> applied;
  if (conn) {
    auto versions = migrate::ReadAppliedVersions(*conn);
    if (!versions.ok()) return versions.status();
    applied = versions.value();
  }
  std::vector<LintFile> out;
  for (const auto& m : all.value()) {
    if (applied.count(m.version)) continue;
    auto content = base::ReadFile(m.path);
    if (!content.ok()) return content.status();
    out.push_back(FromMigration(m, std::move(content.value())));
    out.back().path = RelativeToCwd(m.path);
  }
  return out;
}

Result<LintOptions> Options(app::Session& s, const Catalog* catalog) {
  LintOptions o;
  const auto& cfg = s.config().lint;
  PGCRATE_RETURN_IF_ERROR(ApplyConfig(cfg.disable, cfg.severity, cfg.naming, o));
  o.large_table_rows = cfg.large_table_rows;
  o.catalog = catalog && catalog->loaded ? catalog : nullptr;
  if (o.catalog) o.settings.server_version_num = catalog->server_version_num;
  return o;
}

// Hands the report to stdout piece by piece (see Output::DataPart), ending with a newline as
// Output::Data does.
class StdoutSink : public Sink {
 public:
  explicit StdoutSink(const output::Output& out) : out_(out) {}
  ~StdoutSink() override { out_.DataPart(last_ == '\n' ? "" : "\n", true); }
  void Write(std::string_view text) override {
    if (text.empty()) return;
    out_.DataPart(text, false);
    last_ = text.back();
  }

 private:
  const output::Output& out_;
  char last_ = 0;
};

void Print(const output::Output& out, const LintReport& report, Format format) {
  StdoutSink sink(out);
  switch (format) {
    case Format::kJson:
      WriteJson(report, true, sink);
      break;
    case Format::kGithub:
      WriteGithub(report, sink);
      break;
    case Format::kSarif:
      WriteSarif(report, kVersion, sink);
      break;
    case Format::kText:
      WriteText(report, base::IsTty(STDOUT_FILENO) && base::GetEnv("NO_COLOR").empty(), sink);
      break;
  }
}

}  // namespace

LintFile FromMigration(const migrate::MigrationFile& m, std::string content) {
  LintFile f;
  f.path = m.path;
  f.content = std::move(content);
  f.sql = m.up_sql;
  f.line_base = std::max(m.up_line, 1);
  f.is_migration = true;
  f.has_down = m.has_down;
  f.no_transaction = m.no_transaction;
  return f;
}

Result<LintReport> RunLint(app::Session& session, const LintCommandOptions& options) {
  Format format = Format::kText;
  if (!ParseFormat(options.format, format)) {
    return Status(Code::kUsage,
                  "unknown --format '" + options.format + "'; use text, json, github or sarif.");
  }
  if (session.out().json()) format = Format::kJson;
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  pg::Connection* conn = MaybeConnect(session, options.offline);
  Catalog catalog;
  if (conn) {
    auto loaded = LoadCatalog(*conn);
    if (!loaded.ok()) return loaded.status();
    catalog = std::move(loaded.value());
  }
  std::vector<LintFile> files;
  if (options.files.empty()) {
    auto pending = PendingFiles(session, conn);
    if (!pending.ok()) return pending.status();
    files = std::move(pending.value());
  } else {
    std::vector<std::string> paths;
    PGCRATE_RETURN_IF_ERROR(ExpandPaths(options.files, paths));
    for (const auto& p : paths) {
      auto f = LoadFile(p);
      if (!f.ok()) return f.status();
      files.push_back(std::move(f.value()));
    }
  }
  auto lint_options = Options(session, &catalog);
  if (!lint_options.ok()) return lint_options.status();
  LintReport report = Lint(files, lint_options.value());
  Print(session.out(), report, format);
  return report;
}

Status LintPending(app::Session& session, const std::vector<migrate::MigrationFile>& pending,
                   const std::string& mode) {
  if (mode == "off" || pending.empty()) return Status::Ok();
  Catalog catalog;
  if (auto conn = session.Connect(); conn.ok()) {
    auto loaded = LoadCatalog(*conn.value());
    if (loaded.ok()) catalog = std::move(loaded.value());
  }
  std::vector<LintFile> files;
  for (const auto& m : pending) {
    auto content = base::ReadFile(m.path);
    if (!content.ok()) return content.status();
    files.push_back(FromMigration(m, std::move(content.value())));
  }
  auto options = Options(session, &catalog);
  if (!options.ok()) return options.status();
  LintReport report = Lint(files, options.value());
  if (report.findings.empty()) return Status::Ok();
  if (!session.out().json()) session.out().Warn(RenderText(report, false));
  if (mode == "error" && report.errors > 0) {
    return Status(Code::kRefused, "migrate lint found " + std::to_string(report.errors) +
                                      " error(s) in the pending migrations; nothing was applied.")
        .WithHint(
            "fix them, add `-- pgcrate-lint: ignore <rule-id>` on the statement, or set "
            "[migrate] lint = \"warn\".");
  }
  return Status::Ok();
}

}  // namespace pgcrate::lint
