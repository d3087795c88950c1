// Fault injection (fault_itest.h) into `model run` and `apply`: their sessions killed and the
// server restarted (fast and immediate) at random moments, from an empty database or over a
// complete earlier run. Each model is built with its pgcrate.models row in one transaction, so
// a relation and its row always agree (oid, rows); apply is one transaction, so the database
// is exactly the old state or exactly the new one, migrations and code objects alike.
#include <nlohmann/json.hpp>

#include "fault_itest.h"

namespace pgcrate::testing {
namespace {

using json = nlohmann::json;

constexpr int kSourceRows = 5000;

// id, materialization: a chain of views, tables and an incremental model with views over
// tables (re-created when those are rebuilt); the tables sleep so faults land inside them.
struct ModelSpec {
  const char* id;
  const char* file;
};
const ModelSpec kModels[] = {
    {"staging.src_v", "-- materialized: view\nSELECT id, grp, amount FROM public.src\n"},
    {"marts.by_grp",
     "-- materialized: table\n-- deps: staging.src_v\nSELECT s.grp, sum(s.amount) AS total, "
     "count(*) AS n FROM staging.src_v s CROSS JOIN pg_sleep(0.02) GROUP BY s.grp\n"},
    {"marts.by_grp_v",
     "-- materialized: view\n-- deps: marts.by_grp\nSELECT grp, total FROM marts.by_grp WHERE n > "
     "0\n"},
    {"marts.inc",
     "-- materialized: incremental\n-- unique_key: id\n-- deps: staging.src_v\nSELECT s.id, "
     "s.grp, s.amount FROM staging.src_v s CROSS JOIN pg_sleep(0.02)\n"},
    {"marts.top",
     "-- materialized: table\n-- deps: marts.by_grp\nSELECT b.grp, b.total FROM marts.by_grp b "
     "CROSS JOIN pg_sleep(0.02) ORDER BY b.total DESC, b.grp LIMIT 5\n"},
    {"marts.top_v", "-- materialized: view\n-- deps: marts.top\nSELECT grp FROM marts.top\n"},
    {"marts.inc_sum",
     "-- materialized: table\n-- deps: marts.inc\nSELECT i.grp, sum(i.amount) AS total FROM "
     "marts.inc i CROSS JOIN pg_sleep(0.02) GROUP BY i.grp\n"},
    {"marts.final",
     "-- materialized: table\n-- deps: marts.top, marts.inc_sum\nSELECT t.grp, t.total, "
     "s.total AS inc_total FROM marts.top t JOIN marts.inc_sum s USING (grp) CROSS JOIN "
     "pg_sleep(0.02)\n"},
};

class FaultInjectionModel : public FaultInjectionTest {
 protected:
  void SetUp() override {
    FaultInjectionTest::SetUp();
    project_.Write("pgcrate.toml", "[paths]\nmodels = \"models\"\n");
    for (const ModelSpec& m : kModels) {
      std::string id = m.id;
      project_.Write(
          "models/" + id.substr(0, id.find('.')) + "/" + id.substr(id.find('.') + 1) + ".sql",
          m.file);
    }
  }

  // Each model's relation exists exactly when pgcrate.models records it, with the recorded
  // oid, and a table holds the rows recorded for it; `model status` finds nothing modified.
  void ExpectRelationsMatchRecords(pg::Connection& conn, bool complete) {
    bool store = Scalar(conn, "SELECT to_regclass('pgcrate.models') IS NOT NULL") == "t";
    for (const ModelSpec& m : kModels) {
      SCOPED_TRACE(m.id);
      std::string oid = Scalar(conn, std::string("SELECT to_regclass('") + m.id + "')::oid");
      std::string rec = !store ? ""
                               : Scalar(conn, std::string("SELECT relation_oid || '/' || ") +
                                                  "coalesce(rows::text, 'view') FROM "
                                                  "pgcrate.models WHERE name = '" +
                                                  m.id + "'");
      EXPECT_EQ(oid.empty(), rec.empty()) << "relation oid '" << oid << "', record '" << rec << "'";
      if (complete) {
        EXPECT_FALSE(oid.empty());
      }
      if (oid.empty() || rec.empty()) continue;
      std::string rows = Scalar(conn, std::string("SELECT CASE relkind WHEN 'v' THEN 'view' ELSE "
                                                  "(SELECT count(*) FROM ") +
                                          m.id + ")::text END FROM pg_class WHERE oid = " + oid);
      EXPECT_EQ(rec, oid + "/" + rows);
    }
    CliRun status = RunToEnd(*cluster_, db_, {{"--json", "model", "status"}, project_.path()});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    for (const auto& m : json::parse(status.out)["models"]) {
      std::string s = m["status"];
      EXPECT_TRUE(s == "synced" || (s == "missing" && !complete)) << m.dump();
    }
  }

  std::string db_;
};

TEST_F(FaultInjectionModel, ModelRunKeepsRelationsAndRecordsTogetherAndARerunCompletes) {
  FaultWorkload w;
  w.command = {{"model", "run", "--threads", "2"}, project_.path()};
  w.prepare = [this, &w](const std::string& db, const FaultPoint& p) {
    db_ = db;
    Sql(db,
        "CREATE TABLE src (id integer PRIMARY KEY, grp integer NOT NULL, amount integer NOT "
        "NULL); INSERT INTO src SELECT g, g % 10, g % 100 FROM generate_series(1, " +
            std::to_string(kSourceRows) + ") g");
    // Every other point interrupts a run over complete results of older data.
    if (p.index % 2 == 1) {
      CliRun first = RunToEnd(*cluster_, db, w.command);
      ASSERT_EQ(first.exit_code, 0) << first.err;
    }
    Sql(db, "UPDATE src SET grp = id % 20");
  };
  w.check_after_fault = [this](pg::Connection& conn, const FaultOutcome& o) {
    ExpectRelationsMatchRecords(conn, o.exit_code == 0);
  };
  w.check_complete = [this](pg::Connection& conn) {
    ExpectRelationsMatchRecords(conn, true);
    EXPECT_EQ(Scalar(conn, "SELECT count(*) FROM marts.by_grp"), "20");
    EXPECT_EQ(Scalar(conn, "SELECT count(*) FROM marts.by_grp_v"), "20");
    EXPECT_EQ(Scalar(conn, "SELECT count(*) FROM marts.final"), "5");
    EXPECT_EQ(Scalar(conn,
                     "SELECT (SELECT sum(amount) FROM marts.inc) = (SELECT sum(amount) "
                     "FROM public.src) AND (SELECT count(DISTINCT grp) FROM marts.inc) = 20"),
              "t");
  };
  RunFaultPoints(*cluster_, w);
}

// apply: version 1 (two migrations, a type, functions, views and a materialized view that
// sleeps) and version 2 (two more migrations, one retyping a column the views read, a modified
// view and function, a new view).
void WriteApplyProject(const TempDir& dir, bool v2) {
  dir.Write("pgcrate.toml", "[paths]\nmigrations = \"db/migrations\"\ncode = \"db/code\"\n");
  dir.Write("db/migrations/20250101000001_items.sql",
            "-- up\nCREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, price integer "
            "NOT NULL);\nINSERT INTO items SELECT g, 'item ' || g, g % 100 FROM "
            "generate_series(1, 5000) g;\nSELECT pg_sleep(0.03);\n");
  dir.Write("db/migrations/20250101000002_orders.sql",
            "-- up\nCREATE TABLE orders (id integer PRIMARY KEY, item_id integer NOT NULL "
            "REFERENCES items, qty integer NOT NULL);\nINSERT INTO orders SELECT g, g % 5000 + 1, "
            "g % 7 FROM generate_series(1, 5000) g;\nSELECT pg_sleep(0.03);\n");
  dir.Write("db/code/types.sql", "CREATE TYPE public.tier AS ENUM ('low', 'high');\n");
  dir.Write("db/code/functions/tier_of.sql",
            "CREATE FUNCTION public.tier_of(p bigint) RETURNS public.tier LANGUAGE sql IMMUTABLE "
            "AS $$ SELECT CASE WHEN p > 50 THEN 'high'::public.tier ELSE 'low'::public.tier END "
            "$$;\n");
  dir.Write("db/code/functions/code_version.sql",
            std::string("CREATE FUNCTION public.code_version() RETURNS text LANGUAGE sql AS $$ "
                        "SELECT '") +
                (v2 ? "v2" : "v1") + "' $$;\n");
  dir.Write("db/code/views/item_tiers.sql",
            std::string("CREATE VIEW public.item_tiers AS SELECT id, price, ") +
                (v2 ? "name, " : "") + "public.tier_of(price) AS tier FROM public.items;\n");
  dir.Write("db/code/views/order_totals.sql",
            "CREATE VIEW public.order_totals AS SELECT o.id, o.qty * i.price AS total FROM "
            "public.orders o JOIN public.items i ON i.id = o.item_id;\n");
  dir.Write("db/code/views/slow_summary.sql",
            "CREATE MATERIALIZED VIEW public.slow_summary AS SELECT t.tier, count(*) AS n FROM "
            "public.item_tiers t CROSS JOIN pg_sleep(0.05) GROUP BY t.tier;\n");
  if (!v2) return;
  dir.Write("db/migrations/20250101000003_wider_price.sql",
            "-- up\nALTER TABLE items ALTER COLUMN price TYPE bigint;\nSELECT pg_sleep(0.03);\n");
  dir.Write("db/migrations/20250101000004_notes.sql",
            "-- up\nCREATE TABLE notes (id integer PRIMARY KEY, body text);\nINSERT INTO notes "
            "SELECT g, 'note' FROM generate_series(1, 1000) g;\nSELECT pg_sleep(0.03);\n");
  dir.Write("db/code/views/expensive.sql",
            "CREATE VIEW public.expensive AS SELECT id FROM public.item_tiers WHERE tier = "
            "'high';\n");
}

class FaultInjectionApply : public FaultInjectionTest {
 protected:
  void SetUp() override {
    FaultInjectionTest::SetUp();
    WriteApplyProject(v1_, false);
    WriteApplyProject(project_, true);
  }

  // How many of `sql`'s rows there are, 0 when `table` does not exist.
  static int CountIn(pg::Connection& conn, const std::string& table, const std::string& sql) {
    if (Scalar(conn, "SELECT to_regclass('" + table + "') IS NULL") == "t") return 0;
    return std::atoi(Scalar(conn, sql).c_str());
  }

  // The state is exactly one of: nothing applied, version 1, version 2. Returns which (0-2).
  int ExpectOneWholeState(pg::Connection& conn, const std::string& db) {
    int v = 0;
    if (Scalar(conn, "SELECT to_regprocedure('public.code_version()') IS NOT NULL") == "t") {
      v = Scalar(conn, "SELECT public.code_version()") == "v1" ? 1 : 2;
    }
    int migrations = CountIn(conn, "pgcrate.schema_migrations",
                             "SELECT count(*) FROM pgcrate.schema_migrations WHERE "
                             "rolled_back_at IS NULL");
    int objects =
        CountIn(conn, "pgcrate.code_objects", "SELECT count(*) FROM pgcrate.code_objects");
    const int kMigrationsOf[] = {0, 2, 4}, kObjectsOf[] = {0, 6, 7};
    EXPECT_EQ(migrations, kMigrationsOf[v]) << "code objects of version " << v;
    EXPECT_EQ(objects, kObjectsOf[v]) << "code objects of version " << v;
    EXPECT_EQ(Scalar(conn, "SELECT to_regclass('public.expensive') IS NOT NULL"),
              v == 2 ? "t" : "f");
    EXPECT_EQ(Scalar(conn, "SELECT to_regclass('public.slow_summary') IS NOT NULL"),
              v > 0 ? "t" : "f");
    if (v == 0) {
      EXPECT_EQ(Scalar(conn,
                       "SELECT to_regclass('public.items') IS NULL AND to_regtype("
                       "'public.tier') IS NULL"),
                "t");
      return v;
    }
    // pgcrate's own view of it: nothing to do for the project of that version.
    CliRun plan =
        RunToEnd(*cluster_, db, {{"--json", "plan"}, v == 1 ? v1_.path() : project_.path()});
    EXPECT_EQ(plan.exit_code, 0) << plan.err;
    EXPECT_EQ(JsonField(plan.out, "/up_to_date"), "true") << plan.out;
    return v;
  }

  TempDir v1_;
  std::string db_;
};

TEST_F(FaultInjectionApply, ApplyIsAllOrNothingAndARerunCompletes) {
  FaultWorkload w;
  w.command = {{"apply"}, project_.path()};
  w.prepare = [this](const std::string& db, const FaultPoint& p) {
    db_ = db;
    // Every other point interrupts the move from a complete version 1 to version 2.
    if (p.index % 2 == 1) {
      CliRun first = RunToEnd(*cluster_, db, {{"apply"}, v1_.path()});
      ASSERT_EQ(first.exit_code, 0) << first.err;
    }
  };
  w.check_after_fault = [this](pg::Connection& conn, const FaultOutcome& o) {
    int v = ExpectOneWholeState(conn, db_);
    if (o.exit_code == 0) {
      EXPECT_EQ(v, 2) << "exit 0 but version 2 is not applied";
    }
  };
  w.check_complete = [this](pg::Connection& conn) {
    EXPECT_EQ(ExpectOneWholeState(conn, db_), 2);
    EXPECT_EQ(Scalar(conn,
                     "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                     "attrelid = 'public.items'::regclass AND attname = 'price'"),
              "bigint");
    EXPECT_EQ(Scalar(conn, "SELECT sum(n) FROM public.slow_summary"), "5000");
  };
  RunFaultPoints(*cluster_, w);
}

}  // namespace
}  // namespace pgcrate::testing
