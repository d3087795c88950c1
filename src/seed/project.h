// The seed files of a project: `<seeds dir>/<schema>/<table>.csv|.json|.sql`, each loading
// into `<schema>.<table>`, with an optional `<table>.schema.toml` sidecar beside a CSV or JSON
// seed (`primary_key = [...]`, `[columns] name = "type"`). Reading the folder needs no database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::seed {

enum class SeedKind { kCsv, kJson, kSql };

// "csv", "json", "sql".
std::string_view KindName(SeedKind kind);

struct Sidecar {
  std::string path;
  std::vector<std::string> primary_key;
  // Declared column types in file order: {"sort_order", "integer"}.
  std::vector<std::pair<std::string, std::string>> columns;
};

struct Seed {
  std::string name;  // "<schema>.<table>" as the file names spell them (not quoted)
  std::string schema;
  std::string table;
  SeedKind kind = SeedKind::kCsv;
  std::string path;  // the data file
  int64_t size = 0;  // bytes
  std::optional<Sidecar> sidecar;
};

// Every seed under `dir`, sorted by name. A missing folder is an empty list. kConfig naming
// the files: a seed file outside `<schema>/`, two files for one table (users.csv and
// users.json), a sidecar without a CSV/JSON seed, an invalid sidecar (at file:line:column).
Result<std::vector<Seed>> DiscoverSeeds(const std::string& dir);

// The seeds named in `names` ("schema.table"; a bare "table" means public.table), in the
// order of `all`; every seed when `names` is empty. kNotFound for an unknown name, with the
// closest match.
Result<std::vector<Seed>> SelectSeeds(const std::vector<Seed>& all,
                                      const std::vector<std::string>& names);

// Reads a sidecar file (kConfig at file:line:column on a mistake).
Result<Sidecar> ReadSidecar(const std::string& path);

}  // namespace pgcrate::seed
