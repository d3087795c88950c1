// Shared fixture of the snapshot integration tests: a project folder (pgcrate.toml, the
// snapshots directory), the pgcrate binary run against this test's database, extra databases
// dropped at the end, and the comparisons of a round trip (pg_dump -s, row counts).
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/process.h"
#include "base/strings.h"
#include "sql/quote.h"
#include "support/pg_test.h"

namespace pgcrate::testing {

class SnapshotTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    PGCRATE_SKIP_WITHOUT_PG_DUMP();
    dir_.Write("pgcrate.toml", "[snapshot]\ndir = \"snaps\"\n");
  }
  void TearDown() override {
    {
      pg::SessionOptions o;
      auto admin = pg::Connection::Open(ClusterUrl(), o);
      if (admin.ok()) {
        for (const std::string& db : extra_dbs_) {
          (void)(*admin)->Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(db) + " WITH (FORCE)");
        }
      }
    }
    PgTest::TearDown();
  }
  // pgcrate -d <url> snapshot ARGS... in the project folder.
  CliRun Snap(std::vector<std::string> args, const std::string& url = "") {
    std::vector<std::string> full = {"-d", url.empty() ? this->url() : url, "snapshot"};
    full.insert(full.end(), args.begin(), args.end());
    CliOptions o;
    o.cwd = dir_.path();
    return RunPgcrate(full, o);
  }
  std::string SnapDir() const { return dir_.path() + "/snaps"; }
  // A database dropped in TearDown (created here when `create`).
  std::string ExtraDb(const std::string& name, bool create = false) {
    extra_dbs_.push_back(name);
    if (create) Admin("CREATE DATABASE " + sql::QuoteIdent(name));
    return name;
  }
  void Admin(const std::string& sql) {
    pg::SessionOptions o;
    auto admin = pg::Connection::Open(ClusterUrl(), o);
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    Status st = (*admin)->Run(sql);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  // Runs `sql` on database `db` through a connection closed right after.
  std::string On(const std::string& db, const std::string& sql) {
    pg::SessionOptions o;
    auto c = pg::Connection::Open(ClusterUrl(db), o);
    if (!c.ok()) {
      ADD_FAILURE() << c.status().ToString();
      return "";
    }
    auto r = (*c)->Exec(sql);
    if (!r.ok()) {
      ADD_FAILURE() << r.status().ToString() << "\n" << sql;
      return "";
    }
    return r->rows() > 0 && r->columns() > 0 ? r->str(0, 0) : "";
  }
  bool DbExists(const std::string& db) {
    return On("postgres",
              "SELECT count(*) FROM pg_database WHERE datname = " + sql::QuoteLiteral(db)) == "1";
  }
  // pg_dump -s of `db`, without the lines that differ between any two runs.
  std::string SchemaDump(const std::string& db) {
    auto r = base::RunProcess({"pg_dump", "--schema-only", "--dbname=" + ClusterUrl(db)});
    if (!r.ok() || r->exit_code != 0) {
      ADD_FAILURE() << "pg_dump -s failed";
      return "";
    }
    std::string out;
    for (const std::string& line : base::Split(r->output, '\n')) {
      if (base::StartsWith(line, "\\restrict") || base::StartsWith(line, "\\unrestrict")) continue;
      out += line + "\n";
    }
    return out;
  }
  // `url` with the password s3cr3t-pw added to its user (the test cluster's socket trusts us).
  static std::string ReplaceAllPassword(const std::string& url) {
    return base::ReplaceAll(url, "postgres@", "postgres:s3cr3t-pw@");
  }
  // "table=count" for every user table of `db`, sorted.
  std::string RowCounts(const std::string& db, const std::vector<std::string>& tables) {
    std::string out;
    for (const std::string& t : tables) out += t + "=" + On(db, "SELECT count(*) FROM " + t) + ";";
    return out;
  }
  // The temporary databases (pgcrate_restore_<pid>, pgcrate_old_<pid>) named in the --verbose
  // SQL of a restore's stderr.
  static std::vector<std::string> TempDbsIn(const std::string& err) {
    std::vector<std::string> out;
    for (const char* prefix : {"pgcrate_restore_", "pgcrate_old_"}) {
      for (size_t at = err.find(prefix); at != std::string::npos; at = err.find(prefix, at + 1)) {
        size_t end = err.find_first_not_of("0123456789", at + std::string(prefix).size());
        out.push_back(err.substr(at, end - at));
      }
    }
    return out;
  }
  // An executable script at path()/name with `body` (sh).
  std::string Script(const std::string& name, const std::string& body) {
    std::string path = dir_.Write(name, "#!/bin/sh\n" + body);
    ::chmod(path.c_str(), 0755);
    return path;
  }
  // The entries of the snapshots directory, hidden ones included.
  std::vector<std::string> SnapEntries() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(SnapDir(), ec)) {
      out.push_back(e.path().filename().string());
    }
    return out;
  }
  void Fill() {
    Exec(
        "CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "email text NOT NULL UNIQUE, created_at timestamptz DEFAULT now())");
    Exec(
        "CREATE TABLE orders (id serial PRIMARY KEY, customer_id bigint REFERENCES customers, "
        "total numeric(10,2) CHECK (total >= 0))");
    Exec("CREATE INDEX orders_customer ON orders (customer_id)");
    Exec("CREATE SCHEMA audit");
    Exec("CREATE TABLE audit.\"Log Entries\" (id int, note text)");
    Exec("CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100");
    Exec(
        "INSERT INTO customers (email) SELECT 'u' || g || '@example.com' "
        "FROM generate_series(1, 500) g");
    Exec(
        "INSERT INTO orders (customer_id, total) SELECT 1 + g % 500, g FROM generate_series(1, "
        "2000) g");
    Exec("INSERT INTO audit.\"Log Entries\" SELECT g, 'n' || g FROM generate_series(1, 30) g");
  }
  const std::vector<std::string> kTables = {"customers", "orders", "audit.\"Log Entries\""};
  TempDir dir_;
  std::vector<std::string> extra_dbs_;
};

using json = nlohmann::json;

}  // namespace pgcrate::testing
