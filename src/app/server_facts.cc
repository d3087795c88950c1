#include "app/server_facts.h"

#include "base/strings.h"
#include "pg/program_version.h"

namespace pgcrate::app {
namespace {

constexpr const char* kFactsQuery = R"sql(
SELECT current_database(), current_user, session_user,
       current_setting('application_name'),
       current_setting('server_version'), current_setting('server_version_num')::int,
       version(), pg_is_in_recovery(), current_setting('default_transaction_read_only')::bool,
       current_setting('server_encoding'), current_setting('TimeZone'),
       pg_postmaster_start_time()::text,
       extract(epoch FROM now() - pg_postmaster_start_time())::bigint,
       current_setting('max_connections')::int,
       (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
       array_to_string(current_schemas(false), ','),
       r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls,
       has_database_privilege(current_database(), 'CREATE'),
       coalesce(has_schema_privilege('public', 'CREATE'), false),
       pg_has_role(current_user, 'pg_monitor', 'USAGE'),
       pg_has_role(current_user, 'pg_read_all_stats', 'USAGE'),
       to_regnamespace('pgcrate') IS NOT NULL,
       coalesce(to_regnamespace('pgcrate') IS NOT NULL
                AND has_schema_privilege('pgcrate', 'CREATE'), false),
       (SELECT coalesce(string_agg(extname || '=' || extversion, ',' ORDER BY extname), '')
          FROM pg_extension)
FROM pg_roles r WHERE r.rolname = current_user
)sql";

}  // namespace

Result<ServerFacts> LoadServerFacts(pg::Connection& conn) {
  auto r = conn.Exec(kFactsQuery);
  if (!r.ok()) return r.status();
  if (r->rows() != 1) return Status(Code::kInternal, "the server facts query returned no row.");
  const pg::QueryResult& q = r.value();
  ServerFacts f;
  int c = 0;
  f.database = q.str(0, c++);
  f.current_user = q.str(0, c++);
  f.session_user = q.str(0, c++);
  f.application_name = q.str(0, c++);
  f.version = q.str(0, c++);
  f.version_num = static_cast<int>(q.int64(0, c++));
  f.full_version = q.str(0, c++);
  f.in_recovery = q.boolean(0, c++);
  f.default_read_only = q.boolean(0, c++);
  f.encoding = q.str(0, c++);
  f.timezone = q.str(0, c++);
  f.started_at = q.str(0, c++);
  f.uptime_seconds = q.int64(0, c++);
  f.max_connections = static_cast<int>(q.int64(0, c++));
  f.connections = static_cast<int>(q.int64(0, c++));
  std::string path = q.str(0, c++);
  if (!path.empty()) f.search_path = base::Split(path, ',');
  for (bool* b : {&f.superuser, &f.create_db, &f.create_role, &f.replication, &f.bypass_rls,
                  &f.create_in_database, &f.create_in_public, &f.pg_monitor, &f.read_all_stats,
                  &f.pgcrate_schema_exists, &f.pgcrate_schema_writable}) {
    *b = q.boolean(0, c++);
  }
  std::string exts = q.str(0, c++);
  for (const auto& e : base::Split(exts, ',')) {
    if (e.empty()) continue;
    size_t eq = e.find('=');
    f.extensions.emplace_back(e.substr(0, eq), eq == std::string::npos ? "" : e.substr(eq + 1));
  }
  return f;
}

std::string ServerSupport(const ServerFacts& f) {
  int major = pg::MajorOf(f.version_num);
  std::string oldest = std::to_string(pg::kOldestSupportedMajor);
  std::string newest = std::to_string(pg::kNewestTestedMajor);
  std::string version = f.version.substr(0, f.version.find(' '));
  if (major < pg::kOldestSupportedMajor) {
    return "PostgreSQL " + version + " is older than " + oldest +
           ", the oldest version pgcrate supports; other commands refuse it";
  }
  if (major > pg::kNewestTestedMajor) {
    return "PostgreSQL " + version + " is newer than " + newest +
           ", the newest version pgcrate is tested on";
  }
  return "PostgreSQL " + version + " is supported (pgcrate is tested on " + oldest + " to " +
         newest + ")";
}

}  // namespace pgcrate::app
