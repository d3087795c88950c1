// `dba fix`: each fix changes what it says and nothing else, --dry-run changes nothing,
// --verify re-runs the check, and the gates (--read-write, --primary, --yes, read-only
// server, constraint-backing index) refuse with exit 11.
#include "dba_itest.h"

namespace pgcrate::testing {
namespace {

class DbaFixTest : public PgTest {
 protected:
  // Everything about the schema except `skip`'s own row, to prove nothing else changed.
  std::string Fingerprint(const std::string& skip) {
    return Scalar(
        "SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || "
        "(SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ',' "
        "ORDER BY attnum) FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0), "
        "';' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON "
        "n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname <> '" +
        skip + "'");
  }
};

TEST_F(DbaFixTest, GatesRefuseWithoutTheirFlags) {
  Exec("CREATE SEQUENCE s AS integer");
  Exec("CREATE TABLE t (id int)");
  Exec("CREATE INDEX t_idx ON t (id)");
  struct Case {
    std::vector<std::string> args;
    std::string says;
  } cases[] = {
      {{"dba", "fix", "sequence", "public.s", "--upgrade-to", "bigint"}, "--read-write"},
      {{"--read-write", "dba", "fix", "sequence", "public.s", "--upgrade-to", "bigint"},
       "--primary"},
      {{"--read-write", "--primary", "dba", "fix", "index", "--drop", "t_idx"}, "--yes"},
      {{"--read-write", "--primary", "dba", "fix", "vacuum", "t", "--full"}, "--yes"},
      {{"--read-write", "--primary", "dba", "fix", "bloat", "t_idx"}, "--yes"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = c.args;
    args.insert(args.begin(), "--json");
    DbaRun r = RunDba(url(), args);
    EXPECT_EQ(r.exit_code, 11) << r.out;
    EXPECT_NE(r.doc["error"]["message"].get<std::string>().find(c.says), std::string::npos)
        << r.out;
  }
  EXPECT_EQ(Scalar("SELECT data_type FROM pg_sequences WHERE sequencename = 's'"), "integer");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 't_idx'"), "1");
}

TEST_F(DbaFixTest, ReadOnlyServerAndConstraintIndexAreRefused) {
  Exec("CREATE TABLE t (id int PRIMARY KEY)");
  DbaRun pk = RunDba(url(), {"--json", "--read-write", "--primary", "dba", "fix", "index", "--drop",
                             "t_pkey", "--yes"});
  EXPECT_EQ(pk.exit_code, 11) << pk.out;
  EXPECT_NE(pk.out.find("backs the constraint t_pkey"), std::string::npos);
  Exec("ALTER DATABASE " + db_name() + " SET default_transaction_read_only = on");
  DbaRun ro = RunDba(url(), {"--json", "--read-write", "--primary", "dba", "fix", "vacuum", "t"});
  EXPECT_EQ(ro.exit_code, 11) << ro.out;
  EXPECT_NE(ro.out.find("read-only"), std::string::npos) << ro.out;
  Exec("ALTER DATABASE " + db_name() + " RESET default_transaction_read_only");
  DbaRun missing =
      RunDba(url(), {"--json", "--read-write", "--primary", "dba", "fix", "vacuum", "nope"});
  EXPECT_EQ(missing.exit_code, 10) << missing.out;
  DbaRun wrong = RunDba(url(), {"--json", "--read-write", "--primary", "dba", "fix", "sequence",
                                "t", "--upgrade-to", "bigint"});
  EXPECT_EQ(wrong.exit_code, 12) << wrong.out;  // dba usage error (2 is "critical")
}

TEST_F(DbaFixTest, SequenceUpgradeChangesOnlyTheSequenceAndVerifies) {
  Exec("CREATE SEQUENCE order_seq AS integer");
  Exec("SELECT setval('order_seq', 2040109466)");
  Exec("CREATE TABLE orders (id int, note text)");
  std::string before = Fingerprint("order_seq");
  DbaRun dry = RunDba(url(), {"--json", "dba", "fix", "sequence", "public.order_seq",
                              "--upgrade-to", "bigint", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_EQ(dry.doc["sql"][0], "ALTER SEQUENCE public.order_seq AS bigint;");
  EXPECT_EQ(dry.doc["executed"], false);
  EXPECT_EQ(Scalar("SELECT data_type FROM pg_sequences WHERE sequencename = 'order_seq'"),
            "integer");
  DbaRun r = RunDba(url(), {"--json", "--read-write", "--primary", "dba", "fix", "sequence",
                            "public.order_seq", "--upgrade-to", "bigint", "--verify"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.doc["before"]["data_type"], "integer");
  EXPECT_EQ(r.doc["after"]["data_type"], "bigint");
  EXPECT_EQ(r.doc["after"]["last_value"], "2040109466");
  EXPECT_EQ(r.doc["verify"]["status"], "healthy");
  EXPECT_EQ(Scalar("SELECT max_value FROM pg_sequences WHERE sequencename = 'order_seq'"),
            "9223372036854775807");
  EXPECT_EQ(Fingerprint("order_seq"), before);
  DbaRun again = RunDba(url(), {"--json", "--read-write", "--primary", "dba", "fix", "sequence",
                                "public.order_seq", "--upgrade-to", "bigint"});
  EXPECT_EQ(again.exit_code, 12) << again.out;  // already bigint: nothing to widen
}

TEST_F(DbaFixTest, DropIndexRemovesOnlyThatIndex) {
  Exec("CREATE TABLE t (a int, b int)");
  Exec("CREATE INDEX t_a_idx ON t (a)");
  Exec("CREATE INDEX t_b_idx ON t (b)");
  std::string before = Fingerprint("t_a_idx");
  DbaRun r = RunDba(url(), {"--json", "--read-write", "--primary", "dba", "fix", "index", "--drop",
                            "public.t_a_idx", "--yes", "--verify"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.doc["sql"][0], "DROP INDEX CONCURRENTLY public.t_a_idx;");
  EXPECT_EQ(r.doc["risk"], "medium");
  EXPECT_EQ(r.doc["before"]["exists"], "t");
  EXPECT_EQ(r.doc["after"]["exists"], "f");
  EXPECT_EQ(Fingerprint("t_a_idx"), before);
}

TEST_F(DbaFixTest, VacuumRemovesDeadTuplesAndVerifies) {
  Exec("CREATE TABLE churn (id int) WITH (autovacuum_enabled = false)");
  Exec("INSERT INTO churn SELECT generate_series(1, 10000)");
  Exec("DELETE FROM churn WHERE id <= 6000");
  ASSERT_TRUE(WaitUntil(conn(),
                        "SELECT n_dead_tup >= 6000 FROM pg_stat_user_tables "
                        "WHERE relname = 'churn'"));
  std::string before = Fingerprint("");
  DbaRun r = RunDba(url(), {"--json", "--read-write", "--primary", "dba", "fix", "vacuum",
                            "public.churn", "--verify"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.doc["sql"][0], "VACUUM public.churn;");
  EXPECT_EQ(r.doc["risk"], "low");
  EXPECT_EQ(r.doc["after"]["dead_tuples"], "0");
  EXPECT_EQ(r.doc["verify"]["status"], "healthy") << r.out;
  EXPECT_EQ(Scalar("SELECT count(*) FROM churn"), "4000");
  EXPECT_EQ(Fingerprint(""), before);
  DbaRun full = RunDba(url(), {"--json", "--read-write", "--primary", "dba", "fix", "vacuum",
                               "churn", "--full", "--analyze", "--yes"});
  EXPECT_EQ(full.exit_code, 0) << full.out;
  EXPECT_EQ(full.doc["sql"][0], "VACUUM (FULL, ANALYZE) public.churn;");
  EXPECT_EQ(full.doc["risk"], "high");
}

TEST_F(DbaFixTest, ReindexRebuildsTheBloatedIndex) {
  Exec("CREATE TABLE events (id int) WITH (autovacuum_enabled = false)");
  Exec("INSERT INTO events SELECT generate_series(1, 100000)");
  Exec("CREATE INDEX events_id_idx ON events (id)");
  Exec("DELETE FROM events WHERE id <= 90000");
  Exec("VACUUM events");
  Exec("ANALYZE events");
  std::string before = Fingerprint("");
  DbaRun r = RunDba(url(),
                    {"--json", "--read-write", "--primary", "dba", "fix", "bloat",
                     "public.events_id_idx", "--yes", "--verify"},
                    "[dba.bloat]\nmin_bytes = 100000\n");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.doc["sql"][0], "REINDEX INDEX CONCURRENTLY public.events_id_idx;");
  EXPECT_LT(std::stoll(r.doc["after"]["bytes"].get<std::string>()),
            std::stoll(r.doc["before"]["bytes"].get<std::string>()) / 3);
  EXPECT_EQ(r.doc["verify"]["status"], "healthy") << r.out;
  EXPECT_EQ(Fingerprint(""), before);
  EXPECT_EQ(Scalar("SELECT count(*) FROM events"), "10000");
}

}  // namespace
}  // namespace pgcrate::testing
