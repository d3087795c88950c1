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

// f = the file (temp table), t = the table; both expose the seed's columns as text and a
// "present" marker, joined on the key.
std::string Joined(const PlannedSeed& p, const SeedDiff& d, const std::string& temp) {
  std::string on;
  for (const std::string& k : d.key) {
    on += std::string(on.empty() ? "" : " AND ") + Text("f", k) + " = " + Text("t", k);
  }
  std::string cols;
  for (const std::string& c : p.columns) cols += sql::QuoteIdent(c) + ", ";
  return "(SELECT " + cols + "true AS \"pgcrate.present\" FROM " + temp + ") f FULL JOIN (SELECT " +
         cols + "true AS \"pgcrate.present\" FROM " + p.target.qualified + ") t ON " + on;
}

std::string ChangedColumns(const PlannedSeed& p, const SeedDiff& d) {
  std::string out;
  for (const std::string& c : p.columns) {
    if (std::find(d.key.begin(), d.key.end(), c) != d.key.end()) continue;
    out += std::string(out.empty() ? "" : ", ") + "CASE WHEN " + Text("f", c) +
           " IS DISTINCT FROM " + Text("t", c) + " THEN " + sql::QuoteLiteral(c) + " END";
  }
  return "ARRAY[" + (out.empty() ? "NULL" : out) + "]::text[]";
}

Status CompareByKey(pg::Connection& conn, const PlannedSeed& p, const std::string& temp,
                    const DiffOptions& o, SeedDiff& d) {
  std::string from = Joined(p, d, temp);
  std::string changed = "array_remove(" + ChangedColumns(p, d) + ", NULL)";
  std::string key;
  for (const std::string& k : d.key) {
    key += std::string(key.empty() ? "" : ", ") + "coalesce(" + Text("f", k) + ", " + Text("t", k) +
           ")";
  }
  std::string limit = " LIMIT " + std::to_string(o.max_examples);
  std::string q =
      "WITH j AS (SELECT f.\"pgcrate.present\" AS in_file, t.\"pgcrate.present\" AS in_table, "
      "json_build_array(" +
      key + ")::text AS key, " + changed + " AS changed FROM " + from +
      ") SELECT 'counts', NULL, count(*) FILTER (WHERE in_table IS NULL), count(*) FILTER "
      "(WHERE in_file IS NULL), count(*) FILTER (WHERE in_file AND in_table AND changed <> '{}')"
      ", NULL FROM j UNION ALL (SELECT 'file', key, 0, 0, 0, NULL FROM j WHERE in_table IS NULL "
      "ORDER BY key" +
      limit +
      ") UNION ALL (SELECT 'table', key, 0, 0, 0, NULL FROM j WHERE "
      "in_file IS NULL ORDER BY key" +
      limit +
      ") UNION ALL (SELECT 'changed', key, 0, 0, 0, "
      "array_to_string(changed, ', ') FROM j WHERE in_file AND in_table AND changed <> '{}' ORDER "
      "BY key" +
      limit +
      ") UNION ALL SELECT 'column', c, count(*), 0, 0, NULL FROM j, unnest(j.changed) c "
      "WHERE in_file AND in_table GROUP BY c";
  auto r = conn.Exec(q);
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    std::string kind = r->str(i, 0);
    if (kind == "counts") {
      d.only_in_file = r->int64(i, 2);
      d.only_in_table = r->int64(i, 3);
      d.changed = r->int64(i, 4);
    } else if (kind == "file") {
      d.examples_only_in_file.push_back(r->str(i, 1));
    } else if (kind == "table") {
      d.examples_only_in_table.push_back(r->str(i, 1));
    } else if (kind == "changed") {
      d.examples_changed.push_back(r->str(i, 1) + " " + r->str(i, 5));
    } else {
      d.changed_columns[r->str(i, 1)] = r->int64(i, 2);
    }
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

Result<std::vector<PlannedSeed>> Prepare(pg::Connection& conn, const std::vector<Seed>& seeds) {
  std::vector<std::pair<std::string, std::string>> names;
  for (const Seed& s : seeds) names.emplace_back(s.schema, s.table);
  auto targets = LoadTargets(conn, names);
  if (!targets.ok()) return targets.status();
  std::vector<PlannedSeed> out;
  for (size_t i = 0; i < seeds.size(); ++i) {
    PlannedSeed p{seeds[i], targets->tables[i], {}, -1};
    if (p.seed.kind != SeedKind::kSql) {
      if (!p.target.exists || !p.target.is_table) {
        return Status(Code::kNotFound, "the target table " + p.target.qualified +
                                           " does not exist (or is not a table)")
            .WithLocation({p.seed.path, 0, 0})
            .WithObject(p.seed.name);
      }
      auto cols = ReadSeedColumns(p.seed);
      if (!cols.ok()) return cols.status();
      PGCRATE_RETURN_IF_ERROR(CheckColumns(p.seed, *cols, p.target));
      p.columns = std::move(*cols);
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

Result<DiffResult> DiffSeeds(pg::Connection& conn, const std::vector<Seed>& seeds,
                             const DiffOptions& options) {
  auto planned = Prepare(conn, seeds);
  if (!planned.ok()) return planned.status();
  // Rolled back when it goes out of scope: the temporary tables leave no trace.
  auto txn = pg::Transaction::Begin(conn);
  if (!txn.ok()) return txn.status();
  PGCRATE_RETURN_IF_ERROR(conn.Run("SET LOCAL statement_timeout = 0"));
  PGCRATE_RETURN_IF_ERROR(conn.Run("SET LOCAL work_mem = '64MB'"));
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
