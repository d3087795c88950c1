#include "diff/planner.h"

#include <map>

#include "diff/builder.h"

namespace pgcrate::diff {
namespace {

// "indexes" -> "index", "materialized_views" -> "materialized view", ...
std::string Singular(const std::string& kind) {
  static const std::map<std::string, std::string> kNames = {
      {"indexes", "index"},
      {"policies", "policy"},
      {"materialized_views", "materialized view"},
      {"privileges", "privileges of"},
      {"owners", "owner of"}};
  auto it = kNames.find(kind);
  if (it != kNames.end()) return it->second;
  return kind.size() > 1 && kind.back() == 's' ? kind.substr(0, kind.size() - 1) : kind;
}

}  // namespace

Plan PlanMigration(const catalog::Catalog& from, const catalog::Catalog& to) {
  return internal::Builder(from, to).Build();
}

std::vector<std::pair<std::string, int>> Summarize(const Plan& plan) {
  std::vector<std::pair<std::string, int>> counts = {
      {"tables", 0},     {"columns", 0},    {"indexes", 0},  {"constraints", 0},
      {"enums", 0},      {"functions", 0},  {"views", 0},    {"triggers", 0},
      {"sequences", 0},  {"extensions", 0}, {"schemas", 0},  {"materialized_views", 0},
      {"types", 0},      {"policies", 0},   {"comments", 0}, {"owners", 0},
      {"privileges", 0},
  };
  for (const Change& c : plan.changes) {
    for (auto& [kind, n] : counts) {
      if (kind == c.kind) ++n;
    }
  }
  return counts;
}

std::string FormatDiff(const Plan& plan, const std::string& from_label,
                       const std::string& to_label) {
  std::string out = "Comparing: " + from_label + " \u2192 " + to_label + "\n";
  if (plan.changes.empty()) return out + "Schemas are identical.\n";
  for (const Change& c : plan.changes) {
    out += std::string(1, c.action) + " " + Singular(c.kind) + " " + c.object;
    if (!c.detail.empty()) out += ": " + c.detail;
    out += "\n";
  }
  return out + std::to_string(plan.changes.size()) + " difference" +
         (plan.changes.size() == 1 ? "" : "s") + ".\n";
}

std::string RenderScript(const std::vector<Step>& steps, bool include_destructive) {
  std::string out = "SET check_function_bodies = false;\n";
  for (const Step& s : steps) {
    if (s.destructive && !include_destructive) {
      std::string commented = "-- left out (destructive, --no-destructive): ";
      for (char ch : s.sql) {
        commented += ch;
        if (ch == '\n') commented += "--   ";
      }
      out += "\n" + commented + "\n";
      continue;
    }
    out += "\n";
    if (s.destructive) out += "-- destructive: this step can lose data\n";
    out += s.sql + "\n";
  }
  return out;
}

}  // namespace pgcrate::diff
