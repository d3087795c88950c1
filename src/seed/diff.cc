#include "seed/diff.h"

#include <algorithm>

#include "base/strings.h"
#include "seed/plan.h"
#include "seed/run.h"
#include "sql/quote.h"

namespace pgcrate::seed {
namespace {

std::string Text(const std::string& side, const std::string& col) {
  return side + "." + sql::QuoteIdent(col) + "::text";
}

// The key the comparison joins on, and where it came from.
void ChooseKey(const PlannedSeed& p, SeedDiff& d) {
  auto has = [&](const std::vector<std::string>& cols) {
    return !cols.empty() && std::all_of(cols.begin(), cols.end(), [&](const std::string& c) {
      return std::find(p.columns.begin(), p.columns.end(), c) != p.columns.end();
    });
  };
  if (p.seed.sidecar && has(p.seed.sidecar->primary_key)) {
    d.key = p.seed.sidecar->primary_key;
    d.key_source = "sidecar";
  } else if (has(p.target.primary_key)) {
    d.key = p.target.primary_key;
    d.key_source = "table";
  } else {
    d.key_source = "row";
  }
}

std::string List(const std::vector<std::string>& cols, const std::string& side) {
  std::string out;
  for (const std::string& c : cols) out += (out.empty() ? "" : ", ") + Text(side, c);
  return out;
}

// A column as compared: its own type where that type has an equality operator (keys always
// do), its text form otherwise (json, xml, geometric types).
std::string Cmp(const PlannedSeed& p, const std::string& side, const std::string& col) {
  const TargetColumn* c = p.target.Column(col);
  std::string type = c == nullptr ? "" : c->type;
  while (base::EndsWith(type, "[]")) type.resize(type.size() - 2);
  static constexpr const char* kNoEquality[] = {"json", "xml",  "point",   "line",  "lseg",
                                                "box",  "path", "polygon", "circle"};
  for (const char* t : kNoEquality) {
    if (type == t) return Text(side, col);
  }
  return side + "." + sql::QuoteIdent(col);
}

std::vector<std::string> NonKey(const PlannedSeed& p, const SeedDiff& d) {
  std::vector<std::string> out;
  for (const std::string& c : p.columns) {
    if (std::find(d.key.begin(), d.key.end(), c) == d.key.end()) out.push_back(c);
  }
  return out;
}

std::string Differs(const PlannedSeed& p, const std::string& col) {
  return Cmp(p, "f", col) + " IS DISTINCT FROM " + Cmp(p, "t", col);
}

std::string AnyDiffers(const PlannedSeed& p, const SeedDiff& d) {
  std::string out;
  for (const std::string& c : NonKey(p, d)) out += (out.empty() ? "" : " OR ") + Differs(p, c);
  return out.empty() ? "false" : "(" + out + ")";
}

std::string On(const PlannedSeed& p, const SeedDiff& d) {
  std::string on;
  for (const std::string& k : d.key) {
    on += (on.empty() ? "" : " AND ") + Cmp(p, "f", k) + " = " + Cmp(p, "t", k);
  }
  return on;
}

std::string KeyJson(const SeedDiff& d, const std::string& side) {
  std::string key;
  for (const std::string& k : d.key)
    key += (key.empty() ? "" : ", ") + side + "." + sql::QuoteIdent(k);
  return "json_build_array(" + key + ")::text";
}

// One pass over the full join for every count; the examples only for kinds that occur.
Status CompareByKey(pg::Connection& conn, const PlannedSeed& p, const std::string& temp,
                    const DiffOptions& o, SeedDiff& d) {
  std::string cols;
  for (const std::string& c : p.columns) cols += sql::QuoteIdent(c) + ", ";
  std::string from = "(SELECT " + cols + "true AS \"pgcrate.present\" FROM " + temp +
                     ") f FULL JOIN (SELECT " + cols + "true AS \"pgcrate.present\" FROM " +
                     p.target.qualified + ") t ON " + On(p, d);
  std::string both = "f.\"pgcrate.present\" AND t.\"pgcrate.present\"";
  std::vector<std::string> rest = NonKey(p, d);
  std::string q =
      "SELECT count(*) FILTER (WHERE t.\"pgcrate.present\" IS NULL), count(*) FILTER "
      "(WHERE f.\"pgcrate.present\" IS NULL), count(*) FILTER (WHERE " +
      both + " AND " + AnyDiffers(p, d) + ")";
  for (const std::string& c : rest)
    q += ", count(*) FILTER (WHERE " + both + " AND " + Differs(p, c) + ")";
  auto r = conn.Exec(q + " FROM " + from);
  if (!r.ok()) return r.status();
  d.only_in_file = r->int64(0, 0);
  d.only_in_table = r->int64(0, 1);
  d.changed = r->int64(0, 2);
  for (size_t i = 0; i < rest.size(); ++i) {
    int64_t n = r->int64(0, static_cast<int>(i) + 3);
    if (n > 0) d.changed_columns[rest[i]] = n;
  }
  // No ORDER BY: any examples do, and LIMIT then stops the scan early.
  std::string limit = " LIMIT " + std::to_string(o.max_examples);
  auto examples = [&](const std::string& sql, std::vector<std::string>& out) -> Status {
    auto e = conn.Exec(sql + limit);
    if (!e.ok()) return e.status();
    for (int i = 0; i < e->rows(); ++i) out.push_back(e->str(i, 0));
    return Status::Ok();
  };
  if (d.only_in_file > 0) {
    PGCRATE_RETURN_IF_ERROR(examples("SELECT " + KeyJson(d, "f") + " FROM " + temp +
                                         " f WHERE NOT EXISTS (SELECT 1 FROM " +
                                         p.target.qualified + " t WHERE " + On(p, d) + ")",
                                     d.examples_only_in_file));
  }
  if (d.only_in_table > 0) {
    PGCRATE_RETURN_IF_ERROR(examples("SELECT " + KeyJson(d, "t") + " FROM " + p.target.qualified +
                                         " t WHERE NOT EXISTS (SELECT 1 FROM " + temp +
                                         " f WHERE " + On(p, d) + ")",
                                     d.examples_only_in_table));
  }
  if (d.changed > 0) {
    std::string names;
    for (const std::string& c : rest) {
      names += std::string(names.empty() ? "" : ", ") + "CASE WHEN " + Differs(p, c) + " THEN " +
               sql::QuoteLiteral(c) + " END";
    }
    PGCRATE_RETURN_IF_ERROR(examples("SELECT " + KeyJson(d, "f") +
                                         " || ' ' || array_to_string(ARRAY[" + names +
                                         "], ', ') FROM " + temp + " f JOIN " + p.target.qualified +
                                         " t ON " + On(p, d) + " WHERE " + AnyDiffers(p, d),
                                     d.examples_changed));
  }
  return Status::Ok();
}

// Without a key: rows as multisets (EXCEPT ALL over the text forms).
Status CompareRows(pg::Connection& conn, const PlannedSeed& p, const std::string& temp,
                   const DiffOptions& o, SeedDiff& d) {
  std::string f = "SELECT " + List(p.columns, "f") + " FROM " + temp + " f";
  std::string t = "SELECT " + List(p.columns, "t") + " FROM " + p.target.qualified + " t";
  std::string limit = std::to_string(o.max_examples);
  std::string q = "WITH a AS (" + f + " EXCEPT ALL " + t + "), b AS (" + t + " EXCEPT ALL " + f +
                  ") SELECT 'a', (SELECT count(*) FROM a), NULL UNION ALL (SELECT 'ea', 0, "
                  "row_to_json(a)::text FROM a LIMIT " +
                  limit +
                  ") UNION ALL SELECT 'b', (SELECT count(*) FROM b), NULL UNION ALL (SELECT "
                  "'eb', 0, row_to_json(b)::text FROM b LIMIT " +
                  limit + ")";
  auto r = conn.Exec(q);
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    std::string kind = r->str(i, 0);
    if (kind == "a") d.only_in_file = r->int64(i, 1);
    if (kind == "b") d.only_in_table = r->int64(i, 1);
    if (kind == "ea") d.examples_only_in_file.push_back(r->str(i, 2));
    if (kind == "eb") d.examples_only_in_table.push_back(r->str(i, 2));
  }
  return Status::Ok();
}

Status DiffOne(pg::Connection& conn, const PlannedSeed& p, size_t index, const DiffOptions& o,
               SeedDiff& d) {
  std::string temp = sql::QuoteIdent("pgcrate_seed_diff_" + std::to_string(index));
  std::string cols;
  for (const std::string& c : p.columns) cols += (cols.empty() ? "" : ", ") + sql::QuoteIdent(c);
  if (cols.empty()) cols = "NULL::int AS none";
  PGCRATE_RETURN_IF_ERROR(conn.Run("CREATE TEMP TABLE " + temp + " ON COMMIT DROP AS SELECT " +
                                   cols + " FROM " + p.target.qualified + " WITH NO DATA"));
  auto rows =
      CopySeed(conn, p, "COPY " + temp + " (" + cols + ") FROM STDIN WITH (FORMAT csv)", {});
  if (!rows.ok()) return rows.status();
  d.file_rows = *rows;
  // Statistics for the planner: without them the join is misestimated (JIT, wrong join).
  PGCRATE_RETURN_IF_ERROR(conn.Run("ANALYZE " + temp));
  auto n = conn.Exec("SELECT count(*) FROM " + p.target.qualified);
  if (!n.ok()) return n.status();
  d.table_rows = n->int64(0, 0);
  ChooseKey(p, d);
  if (p.columns.empty()) {
    d.only_in_table = d.table_rows;
    return Status::Ok();
  }
  return d.key.empty() ? CompareRows(conn, p, temp, o, d) : CompareByKey(conn, p, temp, o, d);
}

}  // namespace

Result<DiffResult> DiffSeeds(pg::Connection& conn, const std::vector<Seed>& seeds,
                             const DiffOptions& options) {
  auto planned = ResolveSeeds(conn, seeds, false);
  if (!planned.ok()) return planned.status();
  // Rolled back when it goes out of scope: the temporary tables leave no trace.
  auto txn = pg::Transaction::Begin(conn);
  if (!txn.ok()) return txn.status();
  PGCRATE_RETURN_IF_ERROR(conn.Run("SET LOCAL statement_timeout = 0"));
  PGCRATE_RETURN_IF_ERROR(conn.Run("SET LOCAL work_mem = '64MB'"));
  // Compiling these one-off joins costs more than it saves.
  PGCRATE_RETURN_IF_ERROR(conn.Run("SET LOCAL jit = off"));
  DiffResult result;
  for (size_t i = 0; i < planned->size(); ++i) {
    const PlannedSeed& p = (*planned)[i];
    SeedDiff d;
    d.name = p.seed.name;
    d.kind = std::string(KindName(p.seed.kind));
    d.path = p.seed.path;
    d.target = p.target.qualified;
    if (p.seed.kind == SeedKind::kSql) {
      d.skipped = "a SQL seed runs code; only CSV and JSON seeds can be compared";
    } else {
      PGCRATE_RETURN_IF_ERROR(DiffOne(conn, p, i, options, d));
    }
    if (d.differs()) result.identical = false;
    result.seeds.push_back(std::move(d));
  }
  return result;
}

}  // namespace pgcrate::seed
