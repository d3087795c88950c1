#include "anonymize/rules.h"

#include "base/strings.h"

namespace pgcrate::anonymize {
namespace {

Status BadKey(const RuleEntry& e, const std::string& file, const std::string& why) {
  return Status(Code::kConfig, "[anonymize] \"" + e.key + "\": " + why)
      .WithLocation({file, e.line, 0});
}

// Splits "schema.table.column" (each part non-empty, no quoting: names with a '.' are not
// supported) and the optional "->path".
Status SplitKey(const RuleEntry& e, const std::string& file, ColumnRule& rule,
                std::vector<std::string>& path) {
  std::string key = e.key;
  size_t arrow = key.find("->");
  if (arrow != std::string::npos) {
    for (std::string seg : base::Split(key.substr(arrow + 2), '.')) {
      bool each = seg.size() > 2 && base::EndsWith(seg, "[]");  // "tags[]" = "tags.[]"
      if (each) seg.resize(seg.size() - 2);
      if (seg.empty()) return BadKey(e, file, "the JSON path after '->' has an empty segment.");
      path.push_back(seg);
      if (each) path.emplace_back("[]");
    }
    key = key.substr(0, arrow);
  }
  std::vector<std::string> parts = base::Split(key, '.');
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty()) {
    return BadKey(e, file,
                  "a key must be \"schema.table.column\" (or \"schema.table.column->json.path\" "
                  "for a key inside a json column).");
  }
  rule.schema = parts[0];
  rule.table = parts[1];
  rule.column = parts[2];
  return Status::Ok();
}

Status AddEntry(const RuleEntry& e, const std::string& file, RuleSet& set) {
  ColumnRule rule;
  std::vector<std::string> path;
  PGCRATE_RETURN_IF_ERROR(SplitKey(e, file, rule, path));
  auto strategy = ParseStrategy(e.strategy);
  if (!strategy.ok()) {
    return Status(Code::kConfig, "[anonymize] \"" + e.key + "\": " + strategy.status().message())
        .WithHint(strategy.status().hint())
        .WithLocation({file, e.line, 0});
  }
  ColumnRule* existing = nullptr;
  for (ColumnRule& r : set.rules) {
    if (r.schema == rule.schema && r.table == rule.table && r.column == rule.column) existing = &r;
  }
  if (path.empty()) {
    if (existing && (existing->strategy.kind != Kind::kJson || strategy->kind != Kind::kJson)) {
      return BadKey(e, file,
                    "the column has a rule already (line " + std::to_string(existing->line) + ").");
    }
    if (existing) return Status::Ok();
    rule.strategy = *strategy;
    rule.line = e.line;
    set.rules.push_back(std::move(rule));
    return Status::Ok();
  }
  Status fits = CheckFitsJson(*strategy);
  if (!fits.ok()) return BadKey(e, file, fits.message());
  if (!existing) {
    rule.strategy.kind = Kind::kJson;
    rule.line = e.line;
    set.rules.push_back(std::move(rule));
    existing = &set.rules.back();
  } else if (existing->strategy.kind != Kind::kJson) {
    return BadKey(e, file,
                  "the column's rule (line " + std::to_string(existing->line) + ") is " +
                      Describe(existing->strategy) +
                      ", not json: a JSON path needs the column to be json.");
  }
  existing->json.push_back({path, *strategy});
  return Status::Ok();
}

}  // namespace

const ColumnRule* RuleSet::Find(const std::string& schema, const std::string& table,
                                const std::string& column) const {
  for (const ColumnRule& r : rules) {
    if (r.schema == schema && r.table == table && r.column == column) return &r;
  }
  return nullptr;
}

Result<RuleSet> ParseRules(const std::vector<RuleEntry>& entries, const std::string& file) {
  RuleSet set;
  for (const RuleEntry& e : entries) PGCRATE_RETURN_IF_ERROR(AddEntry(e, file, set));
  return set;
}

}  // namespace pgcrate::anonymize
