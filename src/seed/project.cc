#include "seed/project.h"

#include <sys/stat.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "base/files.h"
#include "base/strings.h"

namespace pgcrate::seed {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSidecarSuffix = ".schema.toml";

std::optional<SeedKind> KindOfFile(const std::string& file) {
  if (base::EndsWith(file, ".csv")) return SeedKind::kCsv;
  if (base::EndsWith(file, ".json")) return SeedKind::kJson;
  if (base::EndsWith(file, ".sql")) return SeedKind::kSql;
  return std::nullopt;
}

Status SidecarError(const std::string& path, const toml::source_region& where,
                    const std::string& message) {
  return Status(Code::kConfig, message)
      .WithLocation(
          {path, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column)});
}

Result<toml::table> ParseToml(const std::string& path) {
  auto text = base::ReadFile(path);
  if (!text.ok()) return text.status();
#if TOML_EXCEPTIONS
  try {
    return toml::parse(*text, path);
  } catch (const toml::parse_error& err) {
    return SidecarError(path, err.source(), "invalid TOML: " + std::string(err.description()));
  }
#else
  toml::parse_result parsed = toml::parse(*text, path);
  if (!parsed) {
    return SidecarError(path, parsed.error().source(),
                        "invalid TOML: " + std::string(parsed.error().description()));
  }
  return std::move(parsed).table();
#endif
}

Status ReadPrimaryKey(const std::string& path, const toml::node& node, Sidecar& out) {
  const toml::array* arr = node.as_array();
  if (arr == nullptr || arr->empty()) {
    return SidecarError(path, node.source(),
                        "primary_key must be a non-empty array of column names");
  }
  for (const auto& item : *arr) {
    if (!item.is_string() || item.as_string()->get().empty()) {
      return SidecarError(path, item.source(), "primary_key must list column names as strings");
    }
    const std::string& col = item.as_string()->get();
    if (std::find(out.primary_key.begin(), out.primary_key.end(), col) != out.primary_key.end()) {
      return SidecarError(path, item.source(), "primary_key names \"" + col + "\" twice");
    }
    out.primary_key.push_back(col);
  }
  return Status::Ok();
}

Status ReadColumns(const std::string& path, const toml::node& node, Sidecar& out) {
  const toml::table* cols = node.as_table();
  if (cols == nullptr) {
    return SidecarError(path, node.source(), "[columns] must be a table of column = \"type\"");
  }
  for (const auto& [key, value] : *cols) {
    if (!value.is_string() || base::Trim(value.as_string()->get()).empty()) {
      return SidecarError(path, value.source(),
                          "the type of column \"" + std::string(key.str()) +
                              "\" must be a non-empty string such as \"integer\"");
    }
    out.columns.emplace_back(std::string(key.str()), value.as_string()->get());
  }
  // toml++ keeps tables sorted by key; keep the file's order instead.
  std::sort(out.columns.begin(), out.columns.end(), [&](const auto& a, const auto& b) {
    const auto* na = cols->get(a.first);
    const auto* nb = cols->get(b.first);
    return na->source().begin < nb->source().begin;
  });
  return Status::Ok();
}

}  // namespace

std::string_view KindName(SeedKind kind) {
  switch (kind) {
    case SeedKind::kCsv:
      return "csv";
    case SeedKind::kJson:
      return "json";
    case SeedKind::kSql:
      return "sql";
  }
  return "csv";
}

Result<Sidecar> ReadSidecar(const std::string& path) {
  auto root = ParseToml(path);
  if (!root.ok()) return root.status();
  Sidecar out;
  out.path = path;
  for (const auto& [key, value] : *root) {
    if (key.str() == "primary_key") {
      PGCRATE_RETURN_IF_ERROR(ReadPrimaryKey(path, value, out));
    } else if (key.str() == "columns") {
      PGCRATE_RETURN_IF_ERROR(ReadColumns(path, value, out));
    } else {
      return SidecarError(path, value.source(),
                          "unknown key \"" + std::string(key.str()) +
                              "\" (a sidecar has primary_key and [columns])");
    }
  }
  return out;
}

namespace {

struct Found {
  std::map<std::string, Seed> seeds;            // by name
  std::map<std::string, std::string> sidecars;  // seed name -> sidecar path
};

Status AddFile(const fs::path& file, const std::string& schema, Found& found) {
  std::string base = file.filename().string();
  if (base.empty() || base[0] == '.') return Status::Ok();
  if (base::EndsWith(base, kSidecarSuffix)) {
    std::string table = base.substr(0, base.size() - kSidecarSuffix.size());
    found.sidecars[schema + "." + table] = file.string();
    return Status::Ok();
  }
  auto kind = KindOfFile(base);
  if (!kind) return Status::Ok();
  Seed seed;
  seed.schema = schema;
  seed.table = file.stem().string();
  seed.name = schema + "." + seed.table;
  seed.kind = *kind;
  seed.path = file.string();
  struct stat st {};
  if (::stat(seed.path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status(Code::kIo, seed.path + " is not a regular file").WithObject(seed.name);
  }
  seed.size = st.st_size;
  auto [it, inserted] = found.seeds.emplace(seed.name, seed);
  if (!inserted) {
    return Status(Code::kConfig, "two seed files load " + seed.name + ": " + it->second.path +
                                     " and " + seed.path + "; keep one")
        .WithObject(seed.name);
  }
  return Status::Ok();
}

Status ScanSchemaDir(const fs::path& dir, Found& found) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory()) continue;  // deeper folders are not seeds
    PGCRATE_RETURN_IF_ERROR(AddFile(e.path(), dir.filename().string(), found));
  }
  if (ec) return Status(Code::kIo, "cannot read " + dir.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

Result<std::vector<Seed>> DiscoverSeeds(const std::string& dir) {
  if (!base::Exists(dir)) return std::vector<Seed>{};
  if (!base::IsDirectory(dir))
    return Status(Code::kConfig, "seeds path " + dir + " is not a folder");
  Found found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string base = e.path().filename().string();
    if (base.empty() || base[0] == '.') continue;
    if (e.is_directory()) {
      PGCRATE_RETURN_IF_ERROR(ScanSchemaDir(e.path(), found));
    } else if (KindOfFile(base) || base::EndsWith(base, kSidecarSuffix)) {
      return Status(Code::kConfig, e.path().string() +
                                       " is not in a schema folder: seed files live in " + dir +
                                       "/<schema>/<table>.csv|.json|.sql");
    }
  }
  if (ec) return Status(Code::kIo, "cannot read " + dir + ": " + ec.message());
  for (const auto& [name, path] : found.sidecars) {
    auto it = found.seeds.find(name);
    if (it == found.seeds.end() || it->second.kind == SeedKind::kSql) {
      return Status(Code::kConfig,
                    path + " describes " + name + ", but there is no CSV or JSON seed for it")
          .WithObject(name);
    }
    auto sidecar = ReadSidecar(path);
    if (!sidecar.ok()) return sidecar.status();
    it->second.sidecar = std::move(*sidecar);
  }
  std::vector<Seed> out;
  out.reserve(found.seeds.size());
  for (auto& [name, seed] : found.seeds) out.push_back(std::move(seed));
  return out;
}

Result<std::vector<Seed>> SelectSeeds(const std::vector<Seed>& all,
                                      const std::vector<std::string>& names) {
  if (names.empty()) return all;
  std::vector<std::string> known;
  for (const Seed& s : all) known.push_back(s.name);
  std::vector<bool> chosen(all.size(), false);
  for (const std::string& raw : names) {
    std::string name = raw.find('.') == std::string::npos ? "public." + raw : raw;
    auto it = std::find(known.begin(), known.end(), name);
    if (it == known.end()) {
      std::string near = base::ClosestMatch(name, known);
      return Status(Code::kNotFound,
                    "no seed named " + raw + (near.empty() ? "" : "; did you mean " + near + "?"))
          .WithObject(raw);
    }
    chosen[static_cast<size_t>(it - known.begin())] = true;
  }
  std::vector<Seed> out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (chosen[i]) out.push_back(all[i]);
  }
  return out;
}

}  // namespace pgcrate::seed
