#include "snapshot/save.h"

#include <chrono>
#include <cstdlib>
#include <set>

#include "base/files.h"
#include "base/interrupt.h"
#include "base/strings.h"
#include "pg/conninfo.h"
#include "snapshot/child.h"
#include "snapshot/names.h"
#include "snapshot/store.h"
#include "snapshot/tools.h"
#include "sql/quote.h"

namespace pgcrate::snapshot {
namespace {

using Clock = std::chrono::steady_clock;

// Removes the temporary folder unless the snapshot was published.
class TempGuard {
 public:
  explicit TempGuard(std::string path) : path_(std::move(path)) {}
  ~TempGuard() {
    if (!path_.empty()) (void)base::RemoveAll(path_);
  }
  TempGuard(const TempGuard&) = delete;
  TempGuard& operator=(const TempGuard&) = delete;
  void Release() { path_.clear(); }

 private:
  std::string path_;
};

Status Prepare(const SaveOptions& o) {
  PGCRATE_RETURN_IF_ERROR(base::MakeDirs(o.dir));
  RemoveStaleTempFolders(o.dir);
  if (base::Exists(SnapshotPath(o.dir, o.name))) {
    return Status(Code::kConflict, "snapshot \"" + o.name + "\" already exists in " + o.dir + ".")
        .WithHint("choose another name, or delete it first: pgcrate snapshot delete " + o.name +
                  " --yes");
  }
  return Status::Ok();
}

Manifest BaseManifest(const SourceFacts& f, const SaveOptions& o, const std::string& kind) {
  Manifest m;
  m.name = o.name;
  m.kind = kind;
  m.created_at = o.created_at;
  const std::string& source = o.recorded_conninfo.empty() ? o.conninfo : o.recorded_conninfo;
  m.source_url = source.empty() ? "" : pg::RedactConnInfo(source);
  m.source_display = pg::DescribeConnInfo(source);
  m.source_database = o.recorded_database.empty() ? f.database : o.recorded_database;
  m.anonymized = o.anonymized;
  m.server_version = f.server_version;
  m.server_version_num = f.server_version_num;
  m.encoding = f.encoding;
  m.migration_version = o.migration_version;
  m.database_bytes = f.database_bytes;
  return m;
}

std::vector<std::string> DumpArgs(const Tool& t, const std::string& folder, const SaveOptions& o,
                                  const ChildConn& conn) {
  std::vector<std::string> a = {t.path,
                                "--format=directory",
                                "--file=" + folder,
                                "--jobs=" + std::to_string(o.jobs),
                                "--no-password",
                                "--dbname=" + conn.conninfo};
  if (o.schema_only) a.push_back("--schema-only");
  for (const auto& s : o.filters.schemas) a.push_back("--schema=" + s);
  for (const auto& s : o.filters.exclude_schemas) a.push_back("--exclude-schema=" + s);
  for (const auto& s : o.filters.tables) a.push_back("--table=" + s);
  for (const auto& s : o.filters.exclude_table_data) a.push_back("--exclude-table-data=" + s);
  return a;
}

// The oids of the tables the archive defines (TABLE / MATERIALIZED VIEW entries) and of those
// whose rows it holds (... DATA entries), from `pg_restore -l`. Only the leading numbers of
// each line are read, so no name is ever parsed.
struct Toc {
  std::set<uint32_t> tables, data;
};
Toc ParseToc(const std::string& listing) {
  Toc toc;
  for (const std::string& line : base::Split(listing, '\n')) {
    size_t semi = line.find("; ");
    if (line.empty() || line[0] == ';' || semi == std::string::npos) continue;
    std::vector<std::string> parts = base::Split(line.substr(semi + 2), ' ');
    if (parts.size() < 4) continue;
    uint32_t oid = static_cast<uint32_t>(std::strtoul(parts[1].c_str(), nullptr, 10));
    std::string rest = parts[2] + " " + parts[3] + (parts.size() > 4 ? " " + parts[4] : "");
    // Data entries carry tableoid 0 and the table's oid; relation entries pg_class (1259).
    if (parts[0] == "0" && (base::StartsWith(rest, "TABLE DATA ") ||
                            base::StartsWith(rest, "MATERIALIZED VIEW DATA"))) {
      toc.data.insert(oid);
    } else if (parts[0] == "1259" &&
               (parts[2] == "TABLE" || base::StartsWith(rest, "MATERIALIZED VIEW "))) {
      toc.tables.insert(oid);
    }
  }
  return toc;
}

Result<Tool> RestoreToolBeside(const Tool& pg_dump) {
  std::string beside = pg_dump.path.substr(0, pg_dump.path.rfind('/') + 1) + "pg_restore";
  // The pg_restore of the same installation has pg_dump's version: no second probe.
  if (base::Exists(beside)) return Tool{beside, pg_dump.version, pg_dump.major, pg_dump.origin};
  return FindTool("pg_restore", "", pg_dump.major, "the pg_dump that wrote the snapshot");
}

Status DescribeArchive(const Tool& pg_dump, const std::string& folder, const SourceFacts& facts,
                       Manifest& m) {
  auto pg_restore = RestoreToolBeside(pg_dump);
  if (!pg_restore.ok()) return pg_restore.status();
  auto listing = RunChild({pg_restore->path, "--list", folder}, ChildConn{});
  if (!listing.ok()) return listing.status();
  Toc toc = ParseToc(*listing);
  for (const SourceTable& t : facts.tables) {
    if (!toc.tables.count(t.oid)) continue;
    m.tables.push_back(t.info);
    m.tables.back().data = toc.data.count(t.oid) > 0;
  }
  auto files = HashFiles(folder);
  if (!files.ok()) return files.status();
  m.files = std::move(files).value();
  for (const FileInfo& f : m.files) m.total_bytes += f.bytes;
  return Status::Ok();
}

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

Result<SaveResult> SaveDump(pg::Connection& source, const SaveOptions& o) {
  auto start = Clock::now();
  PGCRATE_RETURN_IF_ERROR(Prepare(o));
  auto facts = ReadSourceFacts(source);
  if (!facts.ok()) return facts.status();
  auto tool = FindTool("pg_dump", o.pg_dump, pg::MajorOf(facts->server_version_num), "the server");
  if (!tool.ok()) return tool.status();
  auto conn = ForChild(o.conninfo, facts->database);
  if (!conn.ok()) return conn.status();
  std::string tmp = TempFolder(o.dir, o.name);
  TempGuard guard(tmp);
  if (o.progress)
    o.progress("pg_dump " + tool->version + " --jobs=" + std::to_string(o.jobs) + " into " + tmp);
  auto dumped = RunChild(DumpArgs(*tool, tmp, o, *conn), *conn);
  if (base::Interrupted()) return Status(Code::kIo, "interrupted; no snapshot was written.");
  if (!dumped.ok()) return Status(dumped.status()).Prefix("no snapshot was written: ");
  Manifest m = BaseManifest(*facts, o, kKindDump);
  m.pg_dump_version = tool->version;
  m.schema_only = o.schema_only;
  m.filters = o.filters;
  m.jobs = o.jobs;
  PGCRATE_RETURN_IF_ERROR(DescribeArchive(*tool, tmp, *facts, m));
  PGCRATE_RETURN_IF_ERROR(WriteManifest(tmp, m));
  std::string final_path = SnapshotPath(o.dir, o.name);
  PGCRATE_RETURN_IF_ERROR(PublishFolder(tmp, final_path));
  guard.Release();
  return SaveResult{std::move(m), final_path, MsSince(start)};
}

Result<SaveResult> SaveTemplate(pg::Connection& admin, const SourceFacts& facts,
                                const SaveOptions& o, const WaitOptions& wait) {
  auto start = Clock::now();
  PGCRATE_RETURN_IF_ERROR(Prepare(o));
  std::string db = TemplateDatabase(o.name);
  auto exists = DatabaseExists(admin, db);
  if (!exists.ok()) return exists.status();
  if (*exists) {
    return Status(Code::kConflict, "database \"" + db + "\" already exists on the server.")
        .WithHint("drop it or choose another snapshot name.");
  }
  std::string tmp = TempFolder(o.dir, o.name);
  TempGuard guard(tmp);
  PGCRATE_RETURN_IF_ERROR(base::MakeDirs(tmp));
  PGCRATE_RETURN_IF_ERROR(admin.Run("SET statement_timeout = 0"));
  std::string create =
      "CREATE DATABASE " + sql::QuoteIdent(db) + " TEMPLATE " + sql::QuoteIdent(facts.database);
  PGCRATE_RETURN_IF_ERROR(RunAlone(admin, facts.database, wait, [&] { return admin.Run(create); }));
  Manifest m = BaseManifest(facts, o, kKindTemplate);
  m.template_database = db;
  m.total_bytes = facts.database_bytes;
  for (const SourceTable& t : facts.tables) m.tables.push_back(t.info);
  Status st = admin.Run("ALTER DATABASE " + sql::QuoteIdent(db) + " WITH ALLOW_CONNECTIONS false");
  if (st.ok()) st = WriteManifest(tmp, m);
  if (st.ok()) st = PublishFolder(tmp, SnapshotPath(o.dir, o.name));
  if (!st.ok()) {
    (void)admin.Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(db));
    return st;
  }
  guard.Release();
  return SaveResult{std::move(m), SnapshotPath(o.dir, o.name), MsSince(start)};
}

Status DropTemplateDatabase(pg::Connection& admin, const Manifest& m, bool& dropped) {
  dropped = false;
  if (m.template_database.empty()) return Status::Ok();
  auto exists = DatabaseExists(admin, m.template_database);
  if (!exists.ok()) return exists.status();
  if (!*exists) return Status::Ok();
  PGCRATE_RETURN_IF_ERROR(admin.Run("DROP DATABASE " + sql::QuoteIdent(m.template_database)));
  dropped = true;
  return Status::Ok();
}

}  // namespace pgcrate::snapshot
