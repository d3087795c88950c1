#include "snapshot/manifest.h"

#include <nlohmann/json.hpp>

#include "base/files.h"

namespace pgcrate::snapshot {
namespace {

using Json = nlohmann::ordered_json;

Json FiltersJson(const Filters& f) {
  return {{"schemas", f.schemas},
          {"exclude_schemas", f.exclude_schemas},
          {"tables", f.tables},
          {"exclude_table_data", f.exclude_table_data}};
}

Json TablesJson(const std::vector<TableInfo>& tables) {
  Json out = Json::array();
  for (const TableInfo& t : tables) {
    out.push_back({{"schema", t.schema},
                   {"name", t.name},
                   {"rows", t.rows < 0 ? Json() : Json(t.rows)},
                   {"rows_exact", t.rows_exact},
                   {"bytes", t.bytes},
                   {"data", t.data}});
  }
  return out;
}

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json() : Json(s); }

std::string Str(const Json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : "";
}

void ReadTables(const Json& doc, Manifest& m) {
  for (const Json& t : doc.value("tables", Json::array())) {
    TableInfo info;
    info.schema = Str(t, "schema");
    info.name = Str(t, "name");
    info.rows = t.value("rows", Json()).is_number() ? t["rows"].get<int64_t>() : -1;
    info.rows_exact = t.value("rows_exact", false);
    info.bytes = t.value("bytes", int64_t{0});
    info.data = t.value("data", true);
    m.tables.push_back(std::move(info));
  }
}

void ReadFilters(const Json& f, Filters& out) {
  if (!f.is_object()) return;
  out.schemas = f.value("schemas", std::vector<std::string>{});
  out.exclude_schemas = f.value("exclude_schemas", std::vector<std::string>{});
  out.tables = f.value("tables", std::vector<std::string>{});
  out.exclude_table_data = f.value("exclude_table_data", std::vector<std::string>{});
}

Result<Manifest> FromDoc(const Json& doc, const std::string& path) {
  Manifest m;
  m.format = doc.value("format", 0);
  m.name = Str(doc, "name");
  m.kind = Str(doc, "kind");
  if (m.format != kManifestFormat || m.name.empty() ||
      (m.kind != kKindDump && m.kind != kKindTemplate)) {
    return Status(Code::kParse, path + ": not a pgcrate snapshot manifest (format " +
                                    std::to_string(kManifestFormat) +
                                    " with a name and a kind \"dump\" or \"template\" expected).");
  }
  m.created_at = Str(doc, "created_at");
  const Json& src = doc.value("source", Json::object());
  m.source_url = Str(src, "url");
  m.source_display = Str(src, "display");
  m.source_database = Str(src, "database");
  m.server_version = Str(doc, "server_version");
  m.server_version_num = doc.value("server_version_num", 0);
  m.encoding = Str(doc, "encoding");
  m.pg_dump_version = Str(doc, "pg_dump_version");
  m.migration_version = Str(doc, "migration_version");
  m.schema_only = doc.value("schema_only", false);
  m.anonymized = doc.value("anonymized", false);
  ReadFilters(doc.value("filters", Json::object()), m.filters);
  m.jobs = doc.value("jobs", 1);
  m.template_database = Str(doc, "template_database");
  ReadTables(doc, m);
  m.database_bytes = doc.value("database_bytes", int64_t{0});
  m.total_bytes = doc.value("total_bytes", int64_t{0});
  for (const Json& f : doc.value("files", Json::array())) {
    m.files.push_back({Str(f, "path"), f.value("bytes", int64_t{0}), Str(f, "sha256")});
  }
  return m;
}

}  // namespace

nlohmann::ordered_json ToJson(const Manifest& m) {
  Json files = Json::array();
  for (const FileInfo& f : m.files) {
    files.push_back({{"path", f.path}, {"bytes", f.bytes}, {"sha256", f.sha256}});
  }
  return {{"format", m.format},
          {"name", m.name},
          {"kind", m.kind},
          {"created_at", m.created_at},
          {"source",
           {{"url", NullIfEmpty(m.source_url)},
            {"display", m.source_display},
            {"database", m.source_database}}},
          {"server_version", m.server_version},
          {"server_version_num", m.server_version_num},
          {"encoding", m.encoding},
          {"pg_dump_version", NullIfEmpty(m.pg_dump_version)},
          {"migration_version", NullIfEmpty(m.migration_version)},
          {"schema_only", m.schema_only},
          {"anonymized", m.anonymized},
          {"filters", FiltersJson(m.filters)},
          {"jobs", m.jobs},
          {"template_database", NullIfEmpty(m.template_database)},
          {"row_counts", "estimate"},
          {"tables", TablesJson(m.tables)},
          {"database_bytes", m.database_bytes},
          {"total_bytes", m.total_bytes},
          {"files", files}};
}

Result<Manifest> ParseManifest(const std::string& text, const std::string& path) {
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status(Code::kParse, path + ": not valid JSON.");
  }
  try {
    return FromDoc(doc, path);
  } catch (const nlohmann::json::exception& e) {
    return Status(Code::kParse, path + ": a field has the wrong type (" + e.what() + ").");
  }
}

Result<Manifest> ReadManifest(const std::string& folder) {
  std::string path = base::JoinPath(folder, kManifestFile);
  auto text = base::ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseManifest(*text, path);
}

Status WriteManifest(const std::string& folder, const Manifest& m) {
  return base::WriteFile(base::JoinPath(folder, kManifestFile), ToJson(m).dump(2) + "\n", true);
}

}  // namespace pgcrate::snapshot
