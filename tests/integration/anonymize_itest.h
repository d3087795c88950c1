// The fixture of the `pgcrate anonymize` integration tests: the test's database is the
// source; target databases are created empty on the same cluster and dropped afterwards.
#pragma once

#include <string>
#include <vector>

#include "pg/connection.h"
#include "sql/quote.h"
#include "support/pg_test.h"

namespace pgcrate::testing {

class AnonymizeTest : public PgTest {
 protected:
  void TearDown() override {
    if (auto admin = Open(ClusterUrl())) {
      for (const std::string& db : targets_) {
        (void)admin->Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(db) + " WITH (FORCE)");
      }
    }
    PgTest::TearDown();
  }

  // A new empty database on the cluster; returns its URL.
  std::string NewTarget() {
    std::string db = db_name() + "_dst" + std::to_string(targets_.size());
    auto admin = Open(ClusterUrl());
    EXPECT_TRUE(admin && admin->Run("CREATE DATABASE " + sql::QuoteIdent(db)).ok());
    targets_.push_back(db);
    return ClusterUrl(db);
  }

  void Config(const std::string& toml) { dir_.Write("pgcrate.toml", toml); }

  // Runs pgcrate with -d <source> in the project directory, PGCRATE_ANON_SALT=`salt` (unset
  // when empty).
  CliRun Anon(std::vector<std::string> args, const std::string& salt = "test-salt") {
    args.insert(args.begin(), {"-d", url()});
    CliOptions o;
    o.cwd = dir_.path();
    if (!salt.empty()) o.env.push_back("PGCRATE_ANON_SALT=" + salt);
    return RunPgcrate(args, o);
  }

  std::string ScalarAt(const std::string& url, const std::string& sql) {
    auto c = Open(url);
    if (!c) return "<no connection>";
    auto r = c->Exec(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString() << "\n" << sql;
    return r.ok() && r->rows() > 0 ? r->str(0, 0) : "";
  }

  // The text-format COPY of `query` on `url`, as bytes.
  std::string CopyText(const std::string& url, const std::string& query) {
    auto c = Open(url);
    std::string out;
    if (!c) return out;
    auto n = c->CopyOut("COPY (" + query + ") TO STDOUT", [&](std::string_view d) {
      out.append(d);
      return Status::Ok();
    });
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return out;
  }

  // users (unique email) and audit_log (FK to users, with the same emails) with `n` users
  // and 3n log rows.
  void UsersAndAuditLog(int n) {
    Exec(
        "CREATE TABLE users (id serial PRIMARY KEY, email varchar(60) NOT NULL UNIQUE, "
        "name text, phone text, note text)");
    Exec(
        "CREATE TABLE audit_log (id bigserial PRIMARY KEY, user_id integer NOT NULL "
        "REFERENCES users (id), actor_email text, detail text)");
    Exec(
        "INSERT INTO users (email, name, phone, note) SELECT 'user' || g || '@corp.test', "
        "'Person ' || g, '+33 6 00 00 ' || g, E'tab\\there\\nline \\\\ ' || g "
        "FROM generate_series(1, " +
        std::to_string(n) + ") g");
    Exec("INSERT INTO audit_log (user_id, actor_email, detail) SELECT g % " + std::to_string(n) +
         " + 1, 'user' || (g % " + std::to_string(n) +
         " + 1) || '@corp.test', 'did ' || g FROM generate_series(1, " + std::to_string(3 * n) +
         ") g");
  }

  static std::unique_ptr<pg::Connection> Open(const std::string& url) {
    auto c = pg::Connection::Open(url, pg::SessionOptions{});
    return c.ok() ? std::move(c).value() : nullptr;
  }

  TempDir dir_;

 private:
  std::vector<std::string> targets_;
};

inline const char* kUsersRules =
    "[anonymize]\n"
    "\"public.users.email\" = \"email\"\n"
    "\"public.users.name\" = \"name\"\n"
    "\"public.users.phone\" = \"mask(keep_last=2)\"\n"
    "\"public.users.note\" = \"keep\"\n"
    "\"public.audit_log.actor_email\" = \"email\"\n";

}  // namespace pgcrate::testing
