// `pgcrate anonymize --to URL` against the real server: FK and join consistency across two
// tables, unique columns, the source untouched, byte-identical determinism, every strategy on
// real column types, and the refusals (same database, production target, non-empty target,
// no salt, a rule that does not fit).
#include "anonymize_itest.h"

namespace pgcrate::testing {
namespace {

TEST_F(AnonymizeTest, CopyKeepsJoinsForeignKeysAndUniquenessAndLeavesTheSourceAlone) {
  PGCRATE_SKIP_WITHOUT_PG_DUMP();
  UsersAndAuditLog(2000);
  Config(kUsersRules);
  std::string before = Scalar(
      "SELECT md5(string_agg(u::text, ',' ORDER BY id)) || md5((SELECT string_agg(a::text, ',' "
      "ORDER BY id) FROM audit_log a)) FROM users u");
  std::string target = NewTarget();
  CliRun r = Anon({"anonymize", "--to", target});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("public.users"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("test-salt"), std::string::npos);
  EXPECT_EQ(r.err.find("test-salt"), std::string::npos);
  // Source unchanged.
  EXPECT_EQ(Scalar("SELECT md5(string_agg(u::text, ',' ORDER BY id)) || md5((SELECT "
                   "string_agg(a::text, ',' ORDER BY id) FROM audit_log a)) FROM users u"),
            before);
  // Rows, FK joins and email joins preserved; nothing of the original left.
  EXPECT_EQ(ScalarAt(target, "SELECT count(*) FROM users"), "2000");
  EXPECT_EQ(ScalarAt(target, "SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id"),
            "6000");
  EXPECT_EQ(ScalarAt(target,
                     "SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id "
                     "AND u.email = a.actor_email"),
            "6000");
  EXPECT_EQ(ScalarAt(target,
                     "SELECT count(*) FROM users WHERE email LIKE '%corp.test' OR name "
                     "LIKE 'Person%' OR phone LIKE '+33%'"),
            "0");
  EXPECT_EQ(ScalarAt(target, "SELECT count(DISTINCT email) FROM users"), "2000");
  EXPECT_EQ(ScalarAt(target, "SELECT max(length(email)) <= 60 FROM users"), "t");
  // keep passes bytes through (tabs, newlines, backslashes), mask keeps the tail.
  EXPECT_EQ(ScalarAt(target, "SELECT note FROM users WHERE id = 7"), "tab\there\nline \\ 7");
  EXPECT_EQ(ScalarAt(target, "SELECT phone FROM users WHERE id = 12"), "xxxxxxxxxxxx12");
  // Constraints, indexes and sequences came along (post-data after the load).
  EXPECT_EQ(ScalarAt(target,
                     "SELECT count(*) FROM pg_constraint WHERE contype IN ('p','u','f') "
                     "AND conrelid IN ('users'::regclass, 'audit_log'::regclass)"),
            "4");
  EXPECT_EQ(ScalarAt(target, "SELECT last_value FROM users_id_seq"), "2000");
  Exec("INSERT INTO users (email) VALUES ('new@corp.test')");  // the source still writable
}

TEST_F(AnonymizeTest, TwoRunsWithTheSameSaltGiveByteIdenticalData) {
  PGCRATE_SKIP_WITHOUT_PG_DUMP();
  UsersAndAuditLog(300);
  Config(kUsersRules);
  std::string a = NewTarget(), b = NewTarget(), c = NewTarget();
  ASSERT_EQ(Anon({"anonymize", "--to", a}).exit_code, 0);
  CliRun jb = Anon({"--json", "anonymize", "--to", b});
  ASSERT_EQ(jb.exit_code, 0) << jb.out;
  EXPECT_EQ(JsonField(jb.out, "/ok"), "true");
  EXPECT_EQ(JsonField(jb.out, "/rows"), "1200");
  EXPECT_EQ(JsonField(jb.out, "/tables/1/table"), "public.users");
  EXPECT_EQ(JsonField(jb.out, "/tables/1/anonymized_columns/0"), "email: email");
  EXPECT_TRUE(jb.err.empty()) << jb.err;
  ASSERT_EQ(Anon({"anonymize", "--to", c}, "other-salt").exit_code, 0);
  for (const char* q : {"SELECT * FROM users ORDER BY id", "SELECT * FROM audit_log ORDER BY id"}) {
    std::string da = CopyText(a, q);
    EXPECT_FALSE(da.empty());
    EXPECT_EQ(da, CopyText(b, q)) << q;
    EXPECT_NE(da, CopyText(c, q)) << q << ": another salt must give other values";
  }
}

// One rule per strategy on the people table below.
const char* const kEveryStrategy =
    "[anonymize]\n\"public.people.email\" = \"email\"\n\"public.people.name\" = \"name\"\n"
    "\"public.people.first_name\" = \"first_name\"\n\"public.people.last_name\" = "
    "\"last_name\"\n\"public.people.phone\" = \"phone\"\n\"public.people.address\" = "
    "\"address\"\n\"public.people.city\" = \"city\"\n\"public.people.company\" = \"company\"\n"
    "\"public.people.bio\" = \"text\"\n\"public.people.about\" = \"lorem\"\n"
    "\"public.people.ext_id\" = \"uuid\"\n\"public.people.token\" = \"hash\"\n"
    "\"public.people.secret\" = \"null\"\n\"public.people.status\" = \"constant(gone)\"\n"
    "\"public.people.card\" = \"mask(keep_last=4)\"\n\"public.people.score\" = "
    "\"number(1,5)\"\n\"public.people.born\" = \"date_shift(10)\"\n\"public.people.seen\" = "
    "\"date_shift(2)\"\n\"public.people.profile->email\" = \"email\"\n"
    "\"public.people.raw->k\" = \"hash\"\n\"public.people.code\" = \"text\"\n";

TEST_F(AnonymizeTest, EveryStrategyFitsRealColumnTypes) {
  PGCRATE_SKIP_WITHOUT_PG_DUMP();
  Exec(
      "CREATE TABLE people (id int PRIMARY KEY, email varchar(30) UNIQUE, name varchar(12), "
      "first_name text, last_name text, phone varchar(20), address text, city text, "
      "company text, bio text, about text, ext_id uuid, token varchar(20) UNIQUE, "
      "secret text, status text, card text, score int, born date, seen timestamptz, "
      "profile jsonb, raw json, code char(8))");
  Exec(
      "INSERT INTO people SELECT g, 'p' || g || '@corp.test', 'Name ' || g, 'F' || g, 'L' || g, "
      "'555-' || g, g || ' Road', 'Town', 'Acme ' || g, 'Bio of ' || g, 'About ' || g, "
      "gen_random_uuid(), 'tok' || g, 's' || g, 'active', '4111111111111' || g, g, "
      "date '2000-01-01' + g, timestamptz '2024-01-01 10:00:00+00' + g * interval '1 hour', "
      "jsonb_build_object('email', 'p' || g || '@corp.test', 'n', g), "
      "json_build_object('k', 'v' || g), 'c' || g FROM generate_series(1, 200) g");
  Exec("INSERT INTO people (id) VALUES (0)");  // NULLs everywhere
  Config(kEveryStrategy);
  std::string target = NewTarget();
  CliRun r = Anon({"anonymize", "--to", target});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(ScalarAt(target, "SELECT count(*) FROM people"), "201");
  // NULL stays NULL in every column.
  EXPECT_EQ(ScalarAt(target,
                     "SELECT num_nulls(email, name, first_name, last_name, phone, "
                     "address, city, company, bio, about, ext_id, token, secret, status, "
                     "card, score, born, seen, profile, raw, code) FROM people WHERE "
                     "id = 0"),
            "21");
  EXPECT_EQ(ScalarAt(target,
                     "SELECT count(*) FROM people WHERE id > 0 AND (secret IS NOT NULL "
                     "OR status <> 'gone' OR score NOT BETWEEN 1 AND 5 OR card NOT LIKE "
                     "'xxxxxxxxxx%' OR length(bio) <> length('Bio of ' || id))"),
            "0");
  EXPECT_EQ(
      ScalarAt(target,
               "SELECT count(DISTINCT email) || '/' || count(DISTINCT token) || "
               "'/' || (max(length(name)) <= 12) || '/' || (max(length(email)) <= 30) FROM people"),
      "200/200/true/true");
  EXPECT_EQ(ScalarAt(target,
                     "SELECT bool_and(abs(born - (date '2000-01-01' + id)) <= 10) FROM "
                     "people WHERE id > 0"),
            "t");
  std::string email = ScalarAt(target, "SELECT email FROM people WHERE id = 5");
  std::string in_json = ScalarAt(target, "SELECT profile->>'email' FROM people WHERE id = 5");
  EXPECT_NE(in_json.find("@example."), std::string::npos) << in_json;
  EXPECT_NE(email.find('@'), std::string::npos);
  EXPECT_EQ(ScalarAt(target,
                     "SELECT count(*) FROM people WHERE profile->>'email' LIKE "
                     "'%corp.test' OR raw->>'k' LIKE 'v%'"),
            "0");
}

TEST_F(AnonymizeTest, PartitionsGeneratedColumnsDomainsAndMaterializedViews) {
  PGCRATE_SKIP_WITHOUT_PG_DUMP();
  Exec("CREATE DOMAIN short_mail AS varchar(28) NOT NULL");
  Exec(
      "CREATE TABLE events (id int, at date NOT NULL, email short_mail, "
      "email_len int GENERATED ALWAYS AS (length(email)) STORED) PARTITION BY RANGE (at)");
  Exec(
      "CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO "
      "('2024-01-01')");
  Exec(
      "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO "
      "('2025-01-01')");
  Exec(
      "INSERT INTO events SELECT g, date '2023-06-01' + g, 'e' || g || '@corp.test' "
      "FROM generate_series(1, 400) g");
  Exec("CREATE MATERIALIZED VIEW event_mails AS SELECT DISTINCT email FROM events");
  Config("[anonymize]\n\"public.events.email\" = \"email\"\n");
  std::string target = NewTarget();
  CliRun r = Anon({"anonymize", "--to", target});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("public.events_2024"), std::string::npos) << r.out;
  EXPECT_EQ(ScalarAt(target,
                     "SELECT count(*) || '/' || count(*) FILTER (WHERE email LIKE "
                     "'%corp.test') || '/' || max(length(email)) FROM events"),
            "400/0/28");
  // The generated column was computed by the target from the anonymized value.
  EXPECT_EQ(ScalarAt(target, "SELECT bool_and(email_len = length(email)) FROM events"), "t");
  EXPECT_EQ(ScalarAt(target, "SELECT count(*) FROM event_mails"), "400");
  EXPECT_EQ(ScalarAt(target, "SELECT count(*) FROM event_mails WHERE email LIKE '%corp.test'"),
            "0");
  // A rule that names a generated column is refused.
  Config("[anonymize]\n\"public.events.email_len\" = \"number(1,2)\"\n");
  CliRun gen = Anon({"anonymize", "--to", NewTarget()});
  EXPECT_EQ(gen.exit_code, 1);
  EXPECT_NE(gen.err.find("generated column"), std::string::npos) << gen.err;
}

TEST_F(AnonymizeTest, RefusesTheSourceAProductionTargetAFullTargetAndAMissingSalt) {
  PGCRATE_SKIP_WITHOUT_PG_DUMP();
  UsersAndAuditLog(10);
  Config(kUsersRules);
  CliRun same = Anon({"anonymize", "--to", url()});
  EXPECT_EQ(same.exit_code, 1);
  EXPECT_NE(same.err.find("the target is the source database"), std::string::npos) << same.err;
  CliRun prod = Anon({"anonymize", "--to", "postgresql://u:hunter2@db.example.com/app_prod"});
  EXPECT_EQ(prod.exit_code, 1);
  EXPECT_NE(prod.err.find("production"), std::string::npos) << prod.err;
  EXPECT_EQ(prod.err.find("hunter2"), std::string::npos);
  std::string target = NewTarget();
  CliRun no_salt = Anon({"anonymize", "--to", target}, "");
  EXPECT_EQ(no_salt.exit_code, 1);
  EXPECT_NE(no_salt.err.find("PGCRATE_ANON_SALT is not set"), std::string::npos) << no_salt.err;
  EXPECT_EQ(ScalarAt(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
  CliRun random = Anon({"anonymize", "--to", target, "--allow-random-salt"}, "");
  EXPECT_EQ(random.exit_code, 0) << random.err;
  CliRun again = Anon({"anonymize", "--to", target});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("empty database only"), std::string::npos) << again.err;
  CliRun json = Anon({"--json", "anonymize", "--to", url()});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(JsonField(json.out, "/ok"), "false");
  CliRun missing = Anon({"anonymize"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
}

TEST_F(AnonymizeTest, RulesThatDoNotFitAreRefusedBeforeAnythingIsWritten) {
  PGCRATE_SKIP_WITHOUT_PG_DUMP();
  UsersAndAuditLog(10);
  struct Case {
    const char* toml;
    const char* says;
  };
  for (const Case& c :
       {Case{"[anonymize]\n\"public.users.id\" = \"email\"\n", "column id (integer)"},
        Case{"[anonymize]\n\"public.users.email\" = \"constant(x)\"\n", "unique"},
        Case{"[anonymize]\n\"public.users.mail\" = \"email\"\n", "no column mail"},
        Case{"[anonymize]\n\"public.nope.mail\" = \"email\"\n", "no table public.nope"},
        Case{"[anonymize]\n\"public.users.email\" = \"emial\"\n", "did you mean 'email'"}}) {
    Config(c.toml);
    std::string target = NewTarget();
    CliRun r = Anon({"anonymize", "--to", target});
    EXPECT_EQ(r.exit_code, 1) << c.toml;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("pgcrate.toml:2"), std::string::npos) << r.err;
    EXPECT_EQ(ScalarAt(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0")
        << c.toml;
  }
}

}  // namespace
}  // namespace pgcrate::testing
