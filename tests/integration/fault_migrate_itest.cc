// Fault injection (fault_itest.h) into `migrate up` and `seed run`: their sessions killed and
// the server restarted (fast and immediate) at random moments. migrate up commits each
// migration with its tracking row, so the recorded versions are always a prefix of the files
// whose objects all exist, and nothing of a later transactional migration does; seed run is
// one transaction, so the seeded tables hold either all their old rows or all the new ones.
#include <cstdio>
#include <set>

#include "fault_itest.h"

namespace pgcrate::testing {
namespace {

constexpr int kMigrations = 30;
constexpr int kRowsPerTable = 500;

std::string Version(int i) {
  char v[32];
  std::snprintf(v, sizeof v, "2025%010d", i);
  return v;
}

// Every tenth migration is no-transaction (its index built CONCURRENTLY on the table of the
// one before, written to be re-runnable as the docs ask); the others create t_<i> with rows
// and an index, then sleep a little so that faults land inside them.
bool NoTransaction(int i) { return i % 10 == 0; }

std::string FileName(int i) {
  return Version(i) + "_" + (NoTransaction(i) ? "index_" : "create_") + std::to_string(i) + ".sql";
}

std::string MigrationSql(int i) {
  if (NoTransaction(i)) {
    std::string t = "t_" + std::to_string(i - 1);
    return "-- pgcrate: no-transaction\n-- up\nDROP INDEX CONCURRENTLY IF EXISTS " + t +
           "_v_cc;\nCREATE INDEX CONCURRENTLY " + t + "_v_cc ON " + t + " (v);\n";
  }
  std::string t = "t_" + std::to_string(i);
  return "-- up\nCREATE TABLE " + t + " (id integer PRIMARY KEY, v text NOT NULL);\nINSERT INTO " +
         t + " SELECT g, md5(g::text) FROM generate_series(1, " + std::to_string(kRowsPerTable) +
         ") g;\nCREATE INDEX " + t + "_v ON " + t + " (v);\nSELECT pg_sleep(0.01);\n";
}

class FaultInjectionMigrate : public FaultInjectionTest {
 protected:
  void SetUp() override {
    FaultInjectionTest::SetUp();
    project_.Write("pgcrate.toml", "[paths]\nmigrations = \"db/migrations\"\n");
    for (int i = 1; i <= kMigrations; ++i) {
      project_.Write("db/migrations/" + FileName(i), MigrationSql(i));
    }
  }

  // The applied versions, in order; none when the tracking table was never created.
  static std::vector<std::string> Recorded(pg::Connection& conn) {
    std::vector<std::string> out;
    if (Scalar(conn, "SELECT to_regclass('pgcrate.schema_migrations') IS NULL") == "t") return out;
    auto r = conn.Exec(
        "SELECT version FROM pgcrate.schema_migrations WHERE rolled_back_at IS NULL ORDER BY "
        "version");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    for (int i = 0; r.ok() && i < r->rows(); ++i) out.push_back(r->str(i, 0));
    return out;
  }

  // The objects of migration i are there exactly when it is recorded (a no-transaction one
  // that is not recorded may have left part of its work, as documented).
  static void ExpectObjectsOf(pg::Connection& conn, int i, bool recorded) {
    SCOPED_TRACE(FileName(i) + (recorded ? " (recorded)" : " (not recorded)"));
    if (NoTransaction(i)) {
      if (!recorded) return;
      EXPECT_EQ(Scalar(conn,
                       "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = "
                       "to_regclass('public.t_" +
                           std::to_string(i - 1) + "_v_cc')"),
                "t");
      return;
    }
    std::string t = "public.t_" + std::to_string(i);
    bool exists = Scalar(conn, "SELECT to_regclass('" + t + "') IS NOT NULL") == "t";
    EXPECT_EQ(exists, recorded);
    if (!exists || !recorded) return;
    EXPECT_EQ(Scalar(conn, "SELECT count(*) FROM " + t), std::to_string(kRowsPerTable));
    EXPECT_EQ(Scalar(conn, "SELECT to_regclass('" + t + "_v') IS NOT NULL"), "t");
  }

  // The recorded versions are the first k files, and each file's objects agree with that.
  static int ExpectConsistent(pg::Connection& conn, const std::string& err) {
    std::vector<std::string> recorded = Recorded(conn);
    EXPECT_LE(recorded.size(), static_cast<size_t>(kMigrations));
    int k = static_cast<int>(recorded.size());
    for (int i = 1; i <= k && i <= kMigrations; ++i) {
      EXPECT_EQ(recorded[static_cast<size_t>(i) - 1], Version(i)) << "not a prefix of the files";
    }
    for (int i = 1; i <= kMigrations; ++i) {
      ExpectObjectsOf(conn, i, i <= k);
      // What the error says about a migration must be true.
      if (err.find(FileName(i) + " was rolled back as a whole") != std::string::npos) {
        EXPECT_GT(i, k) << FileName(i) << " is recorded, but the error says it was rolled back:\n"
                        << err;
      }
      if (err.find(FileName(i) + " committed") != std::string::npos) {
        EXPECT_LE(i, k) << FileName(i) << " is not recorded, but the error says it committed:\n"
                        << err;
      }
    }
    return k;
  }
};

TEST_F(FaultInjectionMigrate, MigrateUpLeavesWholeMigrationsAndARerunCompletes) {
  FaultWorkload w;
  w.command = {{"migrate", "up"}, project_.path()};
  w.prepare = [](const std::string&, const FaultPoint&) {};
  w.check_after_fault = [](pg::Connection& conn, const FaultOutcome& o) {
    int k = ExpectConsistent(conn, o.err);
    if (o.exit_code == 0) {
      EXPECT_EQ(k, kMigrations) << "exit 0 but not every migration applied";
    }
  };
  w.check_complete = [](pg::Connection& conn) {
    EXPECT_EQ(ExpectConsistent(conn, ""), kMigrations);
  };
  RunFaultPoints(*cluster_, w);
}

// Seeds: five tables with three "old" rows each; the seeds replace them with "new" rows (CSV
// with a foreign key between two of them, an identity column, JSON, and a SQL seed that
// sleeps so that faults land inside the transaction).
constexpr int kSeedRows = 10000;
constexpr int kJsonRows = 1000;
constexpr int kSqlRows = 100;
const char* const kSeedTables[] = {"s_a", "s_b", "s_c", "s_d", "s_log"};

std::string CsvRows(const std::string& header, const std::function<std::string(int)>& row) {
  std::string out = header + "\n";
  for (int i = 1; i <= kSeedRows; ++i) out += row(i) + "\n";
  return out;
}

class FaultInjectionSeed : public FaultInjectionTest {
 protected:
  void SetUp() override {
    FaultInjectionTest::SetUp();
    project_.Write("pgcrate.toml", "[paths]\nseeds = \"seeds\"\n");
    project_.Write("seeds/public/s_a.csv", CsvRows("id,tag,payload", [](int i) {
                     return std::to_string(i) + ",new,payload " + std::to_string(i);
                   }));
    project_.Write("seeds/public/s_b.csv", CsvRows("id,a_id,tag", [](int i) {
                     return std::to_string(i) + "," + std::to_string(i) + ",new";
                   }));
    project_.Write("seeds/public/s_c.csv", CsvRows("id,tag,n", [](int i) {
                     return std::to_string(i) + ",new," + std::to_string(i * 7);
                   }));
    std::string json_rows = "[";
    for (int i = 1; i <= kJsonRows; ++i) {
      json_rows += std::string(i > 1 ? ",\n" : "\n") + "{\"id\": " + std::to_string(i) +
                   ", \"tag\": \"new\", \"doc\": {\"k\": " + std::to_string(i) + "}}";
    }
    project_.Write("seeds/public/s_d.json", json_rows + "\n]\n");
    project_.Write("seeds/public/s_log.sql",
                   "DELETE FROM public.s_log;\nINSERT INTO public.s_log SELECT g, 'new' FROM "
                   "generate_series(1, " +
                       std::to_string(kSqlRows) + ") g;\nSELECT pg_sleep(0.1);\n");
  }

  static void CreateTables(const std::string& db) {
    Sql(db,
        "CREATE TABLE s_a (id integer PRIMARY KEY, tag text NOT NULL, payload text);"
        "CREATE TABLE s_b (id integer PRIMARY KEY, a_id integer REFERENCES s_a, tag text NOT "
        "NULL);"
        "CREATE TABLE s_c (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, tag text NOT "
        "NULL, n integer);"
        "CREATE TABLE s_d (id integer PRIMARY KEY, tag text NOT NULL, doc jsonb);"
        "CREATE TABLE s_log (id integer PRIMARY KEY, tag text NOT NULL);"
        "INSERT INTO s_a SELECT g, 'old', NULL FROM generate_series(1, 3) g;"
        "INSERT INTO s_b SELECT g, g, 'old' FROM generate_series(1, 3) g;"
        "INSERT INTO s_c (tag, n) SELECT 'old', g FROM generate_series(1, 3) g;"
        "INSERT INTO s_d SELECT g, 'old', '{}' FROM generate_series(1, 3) g;"
        "INSERT INTO s_log SELECT g, 'old' FROM generate_series(1, 3) g;");
  }

  static std::string Expected(const std::string& table, bool loaded) {
    if (!loaded) return "3/0";
    int n = table == "s_d" ? kJsonRows : table == "s_log" ? kSqlRows : kSeedRows;
    return std::to_string(n) + "/" + std::to_string(n);
  }

  // "rows/new rows" of each table: all of them old, or all of them loaded; true when loaded.
  static bool ExpectAllOrNothing(pg::Connection& conn) {
    std::vector<std::string> seen;
    for (const char* t : kSeedTables) {
      seen.push_back(Scalar(conn, std::string("SELECT count(*) || '/' || count(*) FILTER (WHERE "
                                              "tag = 'new') FROM public.") +
                                      t));
    }
    bool loaded = seen[0] != Expected(kSeedTables[0], false);
    for (size_t i = 0; i < seen.size(); ++i) {
      EXPECT_EQ(seen[i], Expected(kSeedTables[i], loaded))
          << "public." << kSeedTables[i] << " disagrees with public.s_a (" << seen[0]
          << "): seed run is one transaction";
    }
    return loaded;
  }
};

TEST_F(FaultInjectionSeed, SeedRunLoadsEveryTableOrNoneAndARerunCompletes) {
  FaultWorkload w;
  w.command = {{"seed", "run"}, project_.path()};
  w.prepare = [](const std::string& db, const FaultPoint&) { CreateTables(db); };
  w.check_after_fault = [](pg::Connection& conn, const FaultOutcome& o) {
    bool loaded = ExpectAllOrNothing(conn);
    if (o.exit_code == 0) {
      EXPECT_TRUE(loaded) << "exit 0 but the seeds are not loaded";
    }
  };
  w.check_complete = [](pg::Connection& conn) {
    EXPECT_TRUE(ExpectAllOrNothing(conn));
    // The identity sequence was moved past the loaded ids, and the triggers are enabled again.
    EXPECT_EQ(Scalar(conn, "SELECT nextval(pg_get_serial_sequence('public.s_c', 'id')) > " +
                               std::to_string(kSeedRows)),
              "t");
    EXPECT_EQ(Scalar(conn, "SELECT count(*) FROM pg_trigger WHERE tgenabled = 'D'"), "0");
  };
  RunFaultPoints(*cluster_, w);
}

}  // namespace
}  // namespace pgcrate::testing
