#include "seed/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/files.h"
#include "base/strings.h"
#include "seed/csv.h"
#include "seed/json_rows.h"

namespace pgcrate::seed {
namespace {

Status AtFile(const Seed& seed, int line, int column, Code code, std::string message) {
  return Status(code, std::move(message))
      .WithLocation({seed.path, line, column})
      .WithObject(seed.name);
}

Result<std::vector<std::string>> ReadCsvHeader(const Seed& seed) {
  auto reader = CsvReader::Open(seed.path);
  if (!reader.ok()) return reader.status();
  CsvRecord header;
  if (!(*reader)->Next(header)) {
    if (!(*reader)->status().ok()) return (*reader)->status();
    return AtFile(seed, 1, 1, Code::kParse,
                  "the file is empty; a CSV seed starts with a header row naming the columns");
  }
  std::vector<std::string> columns;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name(header.fields[i].text);
    int col = static_cast<int>(i) + 1;
    if (name.empty()) {
      return AtFile(seed, 1, col, Code::kParse,
                    "header field " + std::to_string(col) + " is empty; name the column");
    }
    if (std::find(columns.begin(), columns.end(), name) != columns.end()) {
      return AtFile(seed, 1, col, Code::kParse, "the header names column \"" + name + "\" twice");
    }
    columns.push_back(std::move(name));
  }
  return columns;
}

// Kahn's algorithm over the foreign keys among the seeded tables, ties broken by seed order
// (names); cycles keep the name order (triggers are disabled during the load).
std::vector<size_t> LoadOrder(const std::vector<PlannedSeed>& seeds,
                              const std::vector<ForeignKey>& fks) {
  std::map<uint32_t, size_t> by_oid;
  for (size_t i = 0; i < seeds.size(); ++i) {
    if (seeds[i].target.oid != 0) by_oid[seeds[i].target.oid] = i;
  }
  std::vector<std::set<size_t>> parents(seeds.size());
  for (const ForeignKey& fk : fks) {
    auto from = by_oid.find(fk.from_oid);
    auto to = by_oid.find(fk.to_oid);
    if (from == by_oid.end() || to == by_oid.end() || from->second == to->second) continue;
    parents[from->second].insert(to->second);
  }
  std::vector<size_t> order;
  std::vector<bool> placed(seeds.size(), false);
  while (order.size() < seeds.size()) {
    size_t pick = seeds.size();
    for (size_t i = 0; i < seeds.size() && pick == seeds.size(); ++i) {
      if (placed[i]) continue;
      bool ready =
          std::all_of(parents[i].begin(), parents[i].end(), [&](size_t p) { return placed[p]; });
      if (ready) pick = i;
    }
    if (pick == seeds.size()) {  // a cycle: take the first remaining
      pick = static_cast<size_t>(std::find(placed.begin(), placed.end(), false) - placed.begin());
    }
    placed[pick] = true;
    order.push_back(pick);
  }
  return order;
}

Status CheckExists(const PlannedSeed& p) {
  const Seed& s = p.seed;
  const Target& t = p.target;
  if (!t.exists) {
    return AtFile(s, 0, 0, Code::kNotFound,
                  "the target table " + t.qualified +
                      " does not exist; create it with a migration before seeding it");
  }
  if (!t.is_table) {
    return AtFile(s, 0, 0, Code::kRefused,
                  t.qualified + " is a " + t.relkind_name + ", not a table; seeds load tables");
  }
  return Status::Ok();
}

// What loading needs beyond CheckExists: privileges and triggers the role may disable.
Status CheckLoadable(const PlannedSeed& p, bool superuser) {
  const Seed& s = p.seed;
  const Target& t = p.target;
  const char* missing = !t.can_truncate ? "TRUNCATE" : !t.can_insert ? "INSERT" : nullptr;
  if (missing != nullptr) {
    return AtFile(s, 0, 0, Code::kRefused,
                  std::string("seeding ") + t.qualified + " needs the " + missing +
                      " privilege on it, which the current role does not have");
  }
  if (t.internal_triggers > 0 && !superuser) {
    return AtFile(s, 0, 0, Code::kRefused,
                  "seeding " + t.qualified +
                      " disables its triggers (ALTER TABLE ... DISABLE TRIGGER ALL), and its "
                      "foreign-key triggers are system triggers that only a superuser may "
                      "disable; run seeds as a superuser (e.g. against a development database)");
  }
  if (t.user_triggers > 0 && !t.owned && !superuser) {
    return AtFile(s, 0, 0, Code::kRefused,
                  "seeding " + t.qualified +
                      " disables its triggers, which needs ownership of the table (or "
                      "superuser); the current role does not own it");
  }
  return Status::Ok();
}

// A table outside the set whose foreign key references a seeded table makes TRUNCATE fail
// (pgcrate never adds CASCADE): name it before anything runs.
Status CheckOutsideReferences(const SeedPlan& plan, const std::vector<ForeignKey>& fks) {
  std::set<uint32_t> truncated;
  std::map<uint32_t, const PlannedSeed*> by_oid;
  for (const PlannedSeed& p : plan.seeds) {
    if (p.seed.kind == SeedKind::kSql) continue;
    truncated.insert(p.target.oid);
    by_oid[p.target.oid] = &p;
  }
  for (const ForeignKey& fk : fks) {
    if (truncated.count(fk.to_oid) == 0 || truncated.count(fk.from_oid) != 0) continue;
    const PlannedSeed& p = *by_oid[fk.to_oid];
    return AtFile(p.seed, 0, 0, Code::kRefused,
                  fk.from + " references " + p.target.qualified + " (foreign key " + fk.name +
                      "), so " + p.target.qualified + " cannot be truncated alone; seed " +
                      fk.from + " too, or select seeds that leave " + p.target.qualified +
                      " out (pgcrate never truncates with CASCADE)");
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> ReadSeedColumns(const Seed& seed) {
  switch (seed.kind) {
    case SeedKind::kCsv:
      return ReadCsvHeader(seed);
    case SeedKind::kJson: {
      auto shape = ScanJsonSeed(seed.path);
      if (!shape.ok()) return Status(shape.status()).WithObject(seed.name);
      return shape->columns;
    }
    case SeedKind::kSql:
      break;
  }
  return std::vector<std::string>{};
}

Status CheckColumns(const Seed& seed, const std::vector<std::string>& columns,
                    const Target& target) {
  std::vector<std::string> names;
  for (const TargetColumn& c : target.columns) names.push_back(c.name);
  for (size_t i = 0; i < columns.size(); ++i) {
    int col = seed.kind == SeedKind::kCsv ? static_cast<int>(i) + 1 : 0;
    int line = seed.kind == SeedKind::kCsv ? 1 : 0;
    const TargetColumn* c = target.Column(columns[i]);
    if (c == nullptr) {
      std::string near = base::ClosestMatch(columns[i], names);
      return AtFile(seed, line, col, Code::kNotFound,
                    "column \"" + columns[i] + "\" does not exist in " + target.qualified +
                        (near.empty() ? "" : "; did you mean \"" + near + "\"?"));
    }
    if (c->generated) {
      return AtFile(seed, line, col, Code::kRefused,
                    "column \"" + columns[i] + "\" of " + target.qualified +
                        " is a generated column; the database computes it, leave it out");
    }
  }
  return Status::Ok();
}

Result<std::vector<PlannedSeed>> ResolveSeeds(pg::Connection& conn, const std::vector<Seed>& seeds,
                                              bool for_load, Targets* facts) {
  std::vector<std::pair<std::string, std::string>> names;
  for (const Seed& s : seeds) names.emplace_back(s.schema, s.table);
  auto targets = LoadTargets(conn, names);
  if (!targets.ok()) return targets.status();
  std::vector<PlannedSeed> planned;
  for (size_t i = 0; i < seeds.size(); ++i) {
    PlannedSeed p{seeds[i], targets->tables[i], {}, -1};
    if (p.seed.kind != SeedKind::kSql) {
      PGCRATE_RETURN_IF_ERROR(CheckExists(p));
      if (for_load) PGCRATE_RETURN_IF_ERROR(CheckLoadable(p, targets->superuser));
      auto cols = ReadSeedColumns(p.seed);
      if (!cols.ok()) return cols.status();
      PGCRATE_RETURN_IF_ERROR(CheckColumns(p.seed, *cols, p.target));
      p.columns = std::move(*cols);
    }
    planned.push_back(std::move(p));
  }
  if (facts != nullptr) *facts = std::move(*targets);
  return planned;
}

Result<SeedPlan> PlanSeeds(pg::Connection& conn, const std::vector<Seed>& seeds) {
  Targets facts;
  auto resolved = ResolveSeeds(conn, seeds, true, &facts);
  if (!resolved.ok()) return resolved.status();
  const std::vector<PlannedSeed>& planned = *resolved;
  SeedPlan plan;
  plan.superuser = facts.superuser;
  for (size_t i : LoadOrder(planned, facts.foreign_keys)) plan.seeds.push_back(planned[i]);
  for (const PlannedSeed& p : plan.seeds) {
    if (p.seed.kind == SeedKind::kSql) continue;
    plan.truncate.push_back(p.target.qualified);
    if (p.target.user_triggers + p.target.internal_triggers > 0) {
      plan.disable_triggers.push_back(p.target.qualified);
    }
  }
  PGCRATE_RETURN_IF_ERROR(CheckOutsideReferences(plan, facts.foreign_keys));
  return plan;
}

Status CheckSqlSeed(const Seed& seed, std::string& text, std::vector<sql::Statement>& stmts) {
  auto content = base::ReadFile(seed.path);
  if (!content.ok()) return content.status();
  text = std::move(*content);
  auto parsed = sql::ParseScript(text, seed.path);
  if (!parsed.ok()) return Status(parsed.status()).WithObject(seed.name);
  for (const sql::Statement& s : *parsed) {
    const char* why = s.kind == sql::StatementKind::kTransactionControl
                          ? "controls the transaction; seeds run inside pgcrate's one "
                            "transaction, so remove it"
                      : !s.transactional ? "cannot run inside a transaction block, and seeds "
                                           "run in one"
                                         : nullptr;
    if (why != nullptr) {
      return Status(Code::kRefused, s.node_type + " " + why)
          .WithLocation({seed.path, s.line, s.column})
          .WithObject(seed.name);
    }
  }
  stmts = std::move(*parsed);
  return Status::Ok();
}

Result<int64_t> CountSeedRows(const PlannedSeed& p) {
  if (p.seed.kind == SeedKind::kJson) {
    auto shape = ScanJsonSeed(p.seed.path);
    if (!shape.ok()) return shape.status();
    return shape->rows;
  }
  auto reader = CsvReader::Open(p.seed.path);
  if (!reader.ok()) return reader.status();
  CsvRecord record;
  int64_t rows = 0;
  if ((*reader)->Next(record)) {
    size_t columns = record.fields.size();
    while ((*reader)->Next(record)) {
      bool skip = false;
      PGCRATE_RETURN_IF_ERROR(CheckDataRecord(record, columns, p.seed.path, skip));
      if (!skip) ++rows;
    }
  }
  PGCRATE_RETURN_IF_ERROR((*reader)->status());
  return rows;
}

}  // namespace pgcrate::seed
