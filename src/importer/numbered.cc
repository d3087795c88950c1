// Numbered layouts: golang-migrate (github.com/golang-migrate/migrate, source/parse.go:
// `^([0-9]+)_(.*)\.(down|up)\.(.*)$`, the version a uint64, the down file optional, other
// names ignored), the generic `pairs` (`<n>_<name>.up.sql` with its `<n>_<name>.down.sql`)
// and `numbered` (`<n>_<name>.sql`, up only). Versions are numbers: "001" and "1" are the same
// version, and they map to pgcrate's 14 digits zero-padded. None of these tools marks a
// migration as non-transactional; golang-migrate and psql send a file as it is, so the
// statements decide (importer::internal::NeedsNoTransaction).
#include <algorithm>
#include <cctype>
#include <map>

#include "base/files.h"
#include "base/strings.h"
#include "importer/convert.h"
#include "importer/readers.h"

namespace pgcrate::importer::internal {
namespace {

struct NameParts {
  std::string version;  // digits as written
  std::string title;
  std::string direction;  // "up", "down" or "" (numbered)
  std::string ext;
};

size_t LeadingDigits(const std::string& name) {
  size_t n = 0;
  while (n < name.size() && std::isdigit(static_cast<unsigned char>(name[n]))) ++n;
  return n;
}

// `^([0-9]+)_(.*)\.(down|up)\.(.*)$` (the title takes as much as it can).
bool ParsePairName(const std::string& name, NameParts& out) {
  size_t digits = LeadingDigits(name);
  if (digits == 0 || digits >= name.size() || name[digits] != '_') return false;
  for (size_t i = name.size(); i-- > digits + 1;) {
    for (const char* dir : {"up", "down"}) {
      std::string mark = "." + std::string(dir) + ".";
      if (name.compare(i, mark.size(), mark) != 0) continue;
      out = {name.substr(0, digits), name.substr(digits + 1, i - digits - 1), dir,
             name.substr(i + mark.size())};
      return true;
    }
  }
  return false;
}

// `^([0-9]+)_(.+)\.sql$`.
bool ParseNumberedName(const std::string& name, NameParts& out) {
  size_t digits = LeadingDigits(name);
  if (digits == 0 || digits + 1 >= name.size() || name[digits] != '_') return false;
  if (!base::EndsWith(name, ".sql") || name.size() - 4 <= digits + 1) return false;
  out = {name.substr(0, digits), name.substr(digits + 1, name.size() - 4 - digits - 1), "", "sql"};
  return true;
}

std::string Significant(const std::string& digits) {
  size_t first = digits.find_first_not_of('0');
  return first == std::string::npos ? "0" : digits.substr(first);
}

struct Pair {
  NameParts up_parts;
  std::string up, down;  // file names
};

Status Duplicate(const std::string& dir, const std::string& a, const std::string& b) {
  return Status(Code::kConflict, "duplicate migration version: " + Printable(a) + " and " +
                                     Printable(b) + " have the same version.")
      .WithLocation({base::JoinPath(dir, b), 0, 0});
}

// Sorts one file name into `pairs` (keyed by the version's number) or `plan.skipped`.
Status Classify(const std::string& dir, const std::string& name, ImportPlan& plan,
                std::map<std::string, Pair>& pairs) {
  NameParts parts;
  bool numbered = plan.tool == Tool::kNumbered;
  bool ok = numbered ? ParseNumberedName(name, parts) : ParsePairName(name, parts);
  if (numbered && ok && (base::EndsWith(name, ".up.sql") || base::EndsWith(name, ".down.sql"))) {
    return ErrorAt(base::JoinPath(dir, name), 0,
                   "an .up.sql/.down.sql file in a `numbered` directory; import it with "
                   "--from pairs (or --from golang-migrate).");
  }
  if (!ok || parts.ext != "sql" || (plan.tool == Tool::kPairs && parts.title.empty())) {
    plan.skipped.push_back(Printable(name) + ": not a migration of this layout");
    return Status::Ok();
  }
  Pair& p = pairs[Significant(parts.version)];
  std::string& slot = parts.direction == "down" ? p.down : p.up;
  if (!slot.empty()) return Duplicate(dir, slot, name);
  slot = name;
  if (parts.direction != "down") p.up_parts = parts;
  return Status::Ok();
}

Status CheckPair(const std::string& dir, Tool tool, const Pair& p) {
  if (p.up.empty()) {
    return ErrorAt(base::JoinPath(dir, p.down), 0,
                   "a down migration without its up migration (no .up.sql of this version).");
  }
  if (tool != Tool::kPairs) return Status::Ok();
  if (p.down.empty()) {
    return ErrorAt(base::JoinPath(dir, p.up), 0,
                   "no down migration for this file: `pairs` expects " +
                       Printable(p.up.substr(0, p.up.size() - 7)) + ".down.sql next to it.")
        .WithHint("add the .down.sql (it may be empty), or import with --from golang-migrate.");
  }
  if (p.down.substr(0, p.down.size() - 9) != p.up.substr(0, p.up.size() - 7)) {
    return ErrorAt(base::JoinPath(dir, p.down), 0,
                   "the down file's name does not match its up file " + Printable(p.up) + ".");
  }
  return Status::Ok();
}

Result<SourceText> ReadText(const std::string& dir, const std::string& name) {
  auto text = ReadSource(dir, name);
  if (!text.ok()) return text.status();
  return SourceText{base::JoinPath(dir, name), std::move(text).value(), 1};
}

Result<SourceMigration> Build(const std::string& dir, const std::string& version, const Pair& p) {
  SourceMigration m;
  m.source = p.down.empty() ? p.up : p.up + ", " + p.down;
  m.source_version = p.up_parts.version;
  m.source_name = p.up_parts.title;
  m.tracking_key = version;
  auto padded = PadVersion(version, base::JoinPath(dir, p.up));
  if (!padded.ok()) return padded.status();
  m.target_version = *padded;
  auto up = ReadText(dir, p.up);
  if (!up.ok()) return up.status();
  m.up = std::move(up).value();
  auto up_no_tx = NeedsNoTransaction(m.up);
  if (!up_no_tx.ok()) return up_no_tx.status();
  m.no_transaction = *up_no_tx;
  if (!p.down.empty()) {
    auto down = ReadText(dir, p.down);
    if (!down.ok()) return down.status();
    m.down = std::move(down).value();
    m.has_down = true;
    auto down_no_tx = NeedsNoTransaction(m.down);
    if (!down_no_tx.ok()) return down_no_tx.status();
    m.no_transaction = m.no_transaction || *down_no_tx;
  }
  return m;
}

bool NumberLess(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

}  // namespace

Status ReadNumbered(const std::string& dir, ImportPlan& plan) {
  auto names = ListFiles(dir);
  if (!names.ok()) return names.status();
  std::map<std::string, Pair> pairs;
  for (const auto& name : *names) PGCRATE_RETURN_IF_ERROR(Classify(dir, name, plan, pairs));
  std::vector<std::pair<std::string, const Pair*>> ordered;
  for (const auto& [version, p] : pairs) ordered.emplace_back(version, &p);
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return NumberLess(a.first, b.first); });
  std::vector<SourceMigration> ms;
  for (const auto& [version, p] : ordered) {
    PGCRATE_RETURN_IF_ERROR(CheckPair(dir, plan.tool, *p));
    auto m = Build(dir, version, *p);
    if (!m.ok()) return m.status();
    ms.push_back(std::move(m).value());
  }
  return ConvertAll(plan.tool, ms, plan);
}

}  // namespace pgcrate::importer::internal
