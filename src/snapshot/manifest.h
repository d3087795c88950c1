// pgcrate-snapshot.json: what a snapshot folder holds and where it came from. A "dump"
// snapshot is a pg_dump directory-format archive beside this file (every file's SHA-256
// listed); a "template" snapshot is a database on the source's server (CREATE DATABASE ...
// TEMPLATE) and the folder holds only this file. Never holds a password.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::snapshot {

inline constexpr const char* kManifestFile = "pgcrate-snapshot.json";
inline constexpr int kManifestFormat = 1;
inline constexpr const char* kKindDump = "dump";
inline constexpr const char* kKindTemplate = "template";

struct Filters {
  std::vector<std::string> schemas;             // pg_dump --schema patterns
  std::vector<std::string> exclude_schemas;     // --exclude-schema
  std::vector<std::string> tables;              // --table
  std::vector<std::string> exclude_table_data;  // --exclude-table-data
};

struct TableInfo {
  std::string schema, name;
  int64_t rows = -1;        // -1 = unknown (never analyzed and too large to count)
  bool rows_exact = false;  // counted with count(*) rather than the planner's estimate
  int64_t bytes = 0;        // pg_total_relation_size at save time
  bool data = true;         // its rows are in the snapshot (false: schema only / excluded)
};

struct FileInfo {
  std::string path;  // relative to the snapshot folder
  int64_t bytes = 0;
  std::string sha256;
};

struct Manifest {
  int format = kManifestFormat;
  std::string name;
  std::string kind = kKindDump;
  std::string created_at;      // ISO 8601 UTC
  std::string source_url;      // redacted (pg::RedactConnInfo), "" when from libpq's environment
  std::string source_display;  // user@host:port/db, never a password
  std::string source_database;
  std::string server_version;  // "15.4"
  int server_version_num = 0;
  std::string encoding;
  std::string pg_dump_version;    // "" for a template snapshot
  std::string migration_version;  // newest applied migration, "" when none
  bool schema_only = false;
  bool anonymized = false;
  Filters filters;
  int jobs = 1;
  std::string template_database;  // kind "template"
  std::vector<TableInfo> tables;
  int64_t database_bytes = 0;  // pg_database_size of the source
  int64_t total_bytes = 0;     // the snapshot's files (dump) or database_bytes (template)
  std::vector<FileInfo> files;
};

nlohmann::ordered_json ToJson(const Manifest& m);
// Parses the JSON text of `path`; kParse naming the file and the missing or mistyped field.
Result<Manifest> ParseManifest(const std::string& text, const std::string& path);
// Reads <folder>/pgcrate-snapshot.json.
Result<Manifest> ReadManifest(const std::string& folder);
// Writes <folder>/pgcrate-snapshot.json (atomically).
Status WriteManifest(const std::string& folder, const Manifest& m);

}  // namespace pgcrate::snapshot
