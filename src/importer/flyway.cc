// Flyway's SQL migrations (documentation "Migrations" and "Script config files"): versioned
// `V<version>__<description>.sql`, undo `U<version>__<description>.sql`, repeatable
// `R__<description>.sql`, found in any sub-folder of the location. A version is numbers
// separated by '.' or '_' (`V1_2__x` is version 1.2), compared part by part with missing parts
// as 0 (1 = 1.0); a `<script>.sql.conf` file may say `executeInTransaction=false`, and on
// PostgreSQL Flyway runs statements that cannot be in a transaction outside one by itself.
//
// Version mapping (docs/import.md): every version is written with the same number of digits
// per part (the widest of that part among all versions) and the parts concatenated, then
// zero-padded to 14 digits; the order is Flyway's. 1.1, 1.2 and 2 become ...011, ...012 and
// ...020. More than 14 digits in all is refused.
#include <algorithm>
#include <map>

#include "base/files.h"
#include "base/strings.h"
#include "importer/convert.h"
#include "importer/readers.h"

namespace pgcrate::importer::internal {
namespace {

struct FlywayFile {
  std::string rel;                 // path relative to the location
  std::string path;                // full path
  std::vector<std::string> parts;  // normalised version parts (no leading zeros, no trailing 0)
  std::string raw_version;         // as written, '_' as '.'
  std::string description;
};

// "1_02.0" -> {"1", "2"}; false when a part is not a number.
bool ParseVersion(const std::string& raw, std::vector<std::string>& parts) {
  parts.clear();
  std::string cur;
  for (size_t i = 0; i <= raw.size(); ++i) {
    if (i == raw.size() || raw[i] == '.' || raw[i] == '_') {
      if (!AllDigits(cur)) return false;
      size_t nz = cur.find_first_not_of('0');
      parts.push_back(nz == std::string::npos ? "0" : cur.substr(nz));
      cur.clear();
    } else {
      cur += raw[i];
    }
  }
  while (parts.size() > 1 && parts.back() == "0") parts.pop_back();
  return true;
}

std::string Normalised(const std::vector<std::string>& parts) { return base::Join(parts, "."); }

std::string BaseName(const std::string& rel) {
  size_t slash = rel.rfind('/');
  return slash == std::string::npos ? rel : rel.substr(slash + 1);
}

// Warns about Flyway placeholders (`${name}`), which Flyway replaces and pgcrate does not.
void WarnPlaceholders(const SourceText& t, ImportPlan& plan) {
  size_t at = t.text.find("${");
  if (at == std::string::npos) return;
  int line = t.first_line + base::LineColumnAt(t.text, at).first - 1;
  plan.warnings.push_back(t.path + ":" + std::to_string(line) +
                          ": `${` looks like a Flyway placeholder; Flyway replaced it when it "
                          "ran the script, pgcrate keeps the text as it is.");
}

// `executeInTransaction=false` from the script's .conf file, other keys warned about.
Result<bool> ConfNoTransaction(const std::string& script_path, ImportPlan& plan) {
  std::string conf = script_path + ".conf";
  if (!base::Exists(conf)) return false;
  auto text = base::ReadFile(conf);
  if (!text.ok()) return text.status();
  bool no_tx = false;
  auto lines = base::Split(*text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string line = base::Trim(lines[i]);
    if (line.empty() || line[0] == '#') continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) return ErrorAt(conf, static_cast<int>(i + 1), "not key=value.");
    std::string key = base::Trim(line.substr(0, eq)), value = base::Trim(line.substr(eq + 1));
    if (key == "executeInTransaction") {
      no_tx = no_tx || base::ToLower(value) == "false";
    } else {
      plan.warnings.push_back(conf + ":" + std::to_string(i + 1) + ": Flyway setting '" +
                              Printable(key) + "' has no pgcrate equivalent and is dropped.");
    }
  }
  return no_tx;
}

struct Scan {
  std::map<std::string, FlywayFile> versioned, undo;  // by normalised version
  std::vector<FlywayFile> repeatable;
};

Status Sort(const std::string& dir, const std::string& rel, ImportPlan& plan, Scan& scan) {
  std::string name = BaseName(rel);
  std::string stem = name.substr(0, name.size() - 4);
  size_t sep = stem.find("__");
  char prefix = stem.empty() ? '\0' : stem[0];
  if (sep != std::string::npos && prefix == 'B') {
    plan.skipped.push_back(Printable(rel) +
                           ": a baseline migration (it stands for the versioned migrations up "
                           "to its version on new databases; those are imported instead)");
    return Status::Ok();
  }
  if (sep == std::string::npos || (prefix != 'V' && prefix != 'U' && prefix != 'R')) {
    plan.skipped.push_back(Printable(rel) + ": not a V/U/R migration (a callback or another file)");
    return Status::Ok();
  }
  FlywayFile f{rel, base::JoinPath(dir, rel), {}, stem.substr(1, sep - 1), stem.substr(sep + 2)};
  if (prefix == 'R') {
    if (!f.raw_version.empty()) return ErrorAt(f.path, 0, "a repeatable migration has no version.");
    scan.repeatable.push_back(f);
    return Status::Ok();
  }
  if (!ParseVersion(f.raw_version, f.parts)) {
    return ErrorAt(f.path, 0,
                   "invalid Flyway version '" + Printable(f.raw_version) +
                       "': numbers separated by '.' or '_' expected.");
  }
  f.raw_version = base::ReplaceAll(f.raw_version, "_", ".");
  auto& into = prefix == 'V' ? scan.versioned : scan.undo;
  auto [it, fresh] = into.emplace(Normalised(f.parts), f);
  if (!fresh) {
    return Status(Code::kConflict, "duplicate Flyway version " + Normalised(f.parts) + ": " +
                                       Printable(it->second.rel) + " and " + Printable(rel) + ".")
        .WithLocation({f.path, 0, 0});
  }
  return Status::Ok();
}

// The 14-digit versions of every versioned migration (see the file comment).
Result<std::map<std::string, std::string>> MapVersions(const Scan& scan, const std::string& dir) {
  std::vector<size_t> widths;
  for (const auto& [v, f] : scan.versioned) {
    if (widths.size() < f.parts.size()) widths.resize(f.parts.size(), 1);
    for (size_t i = 0; i < f.parts.size(); ++i) widths[i] = std::max(widths[i], f.parts[i].size());
  }
  size_t total = 0;
  for (size_t w : widths) total += w;
  if (total > 14) {
    return ErrorAt(dir, 0,
                   "the Flyway versions need " + std::to_string(total) +
                       " digits when every part gets the width of its widest value; pgcrate's "
                       "versions have 14.");
  }
  std::map<std::string, std::string> out;
  for (const auto& [v, f] : scan.versioned) {
    std::string digits;
    for (size_t i = 0; i < widths.size(); ++i) {
      std::string part = i < f.parts.size() ? f.parts[i] : "0";
      digits += std::string(widths[i] - part.size(), '0') + part;
    }
    out[v] = std::string(14 - digits.size(), '0') + digits;
  }
  return out;
}

Result<SourceText> ReadText(const FlywayFile& f) {
  auto text = base::ReadFile(f.path);
  if (!text.ok()) return text.status();
  return SourceText{f.path, std::move(text).value(), 1};
}

Result<SourceMigration> Build(const FlywayFile& v, const FlywayFile* undo,
                              const std::string& target, ImportPlan& plan) {
  SourceMigration m;
  m.source = undo ? v.rel + ", " + undo->rel : v.rel;
  m.source_version = v.raw_version;
  m.source_name = v.description;
  m.tracking_key = Normalised(v.parts);
  m.target_version = target;
  auto up = ReadText(v);
  if (!up.ok()) return up.status();
  m.up = std::move(up).value();
  auto conf = ConfNoTransaction(v.path, plan);
  if (!conf.ok()) return conf.status();
  auto needs = NeedsNoTransaction(m.up);
  if (!needs.ok()) return needs.status();
  m.no_transaction = *conf || *needs;
  WarnPlaceholders(m.up, plan);
  if (undo) {
    auto down = ReadText(*undo);
    if (!down.ok()) return down.status();
    m.down = std::move(down).value();
    m.has_down = true;
    auto down_needs = NeedsNoTransaction(m.down);
    if (!down_needs.ok()) return down_needs.status();
    m.no_transaction = m.no_transaction || *down_needs;
    WarnPlaceholders(m.down, plan);
  }
  return m;
}

Status AddRepeatables(const Scan& scan, ImportPlan& plan) {
  std::map<std::string, std::string> seen;
  for (const FlywayFile& r : scan.repeatable) {
    std::string rel = FileNamePart(r.description) + ".sql";
    auto [it, fresh] = seen.emplace(rel, r.rel);
    if (!fresh) {
      return Status(Code::kConflict, "repeatable migrations " + Printable(it->second) + " and " +
                                         Printable(r.rel) + " would both become " + rel +
                                         " in the code folder.")
          .WithLocation({r.path, 0, 0});
    }
    auto text = ReadText(r);
    if (!text.ok()) return text.status();
    WarnPlaceholders(*text, plan);
    plan.code_files.push_back({r.rel, rel,
                               "-- Imported from flyway: " + Printable(r.rel) +
                                   " (a repeatable migration)\n" + text->text});
  }
  return Status::Ok();
}

}  // namespace

std::string NormaliseFlywayVersion(const std::string& raw) {
  std::vector<std::string> parts;
  return ParseVersion(raw, parts) ? Normalised(parts) : "";
}

Status ReadFlyway(const std::string& dir, ImportPlan& plan) {
  if (!base::IsDirectory(dir)) {
    return Status(Code::kNotFound, "the source directory " + dir + " does not exist.");
  }
  auto files = base::FindFiles(dir, ".sql");
  if (!files.ok()) return files.status();
  Scan scan;
  for (const auto& path : *files) {
    std::string rel = path.substr(base::JoinPath(dir, "").size());
    PGCRATE_RETURN_IF_ERROR(Sort(dir, rel, plan, scan));
  }
  for (const auto& [v, u] : scan.undo) {
    if (!scan.versioned.count(v)) {
      return ErrorAt(u.path, 0, "an undo migration without a versioned migration V" + v + ".");
    }
  }
  auto targets = MapVersions(scan, dir);
  if (!targets.ok()) return targets.status();
  std::vector<SourceMigration> ms;
  for (const auto& [v, f] : scan.versioned) {
    auto undo = scan.undo.find(v);
    auto m = Build(f, undo == scan.undo.end() ? nullptr : &undo->second, targets->at(v), plan);
    if (!m.ok()) return m.status();
    ms.push_back(std::move(m).value());
  }
  std::sort(ms.begin(), ms.end(), [](const SourceMigration& a, const SourceMigration& b) {
    return a.target_version < b.target_version;
  });
  PGCRATE_RETURN_IF_ERROR(ConvertAll(Tool::kFlyway, ms, plan));
  return AddRepeatables(scan, plan);
}

}  // namespace pgcrate::importer::internal
