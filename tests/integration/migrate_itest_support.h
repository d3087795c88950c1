// Shared fixture for the migration integration tests: a project directory with a
// db/migrations folder, helpers to write migration files, and runners for the real binary
// (blocking, or spawned in the background so tests can race or kill them).
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "support/pg_test.h"

namespace pgcrate::testing {

class MigrateTest : public PgTest {
 protected:
  // Writes db/migrations/<version>_<name>.sql and returns its path relative to the project
  // (as pgcrate prints it).
  std::string Write(const std::string& version, const std::string& name,
                    const std::string& content) {
    std::string rel = "db/migrations/" + version + "_" + name + ".sql";
    project_.Write(rel, content);
    return rel;
  }
  std::string Abs(const std::string& relative) const { return project_.path() + "/" + relative; }
  // Writes any file under the project.
  std::string WriteRaw(const std::string& relative, const std::string& content) {
    return project_.Write(relative, content);
  }
  std::string Dir() const { return project_.path(); }
  std::string MigrationsDir() const { return project_.path() + "/db/migrations"; }

  // Runs pgcrate in the project against this test's database.
  CliRun Run(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), {"-d", url()});
    CliOptions o;
    o.cwd = project_.path();
    o.env = std::move(env);
    return RunPgcrate(args, o);
  }

  // Starts pgcrate in the background in the project against this test's database.
  std::unique_ptr<BackgroundPgcrate> Start(std::vector<std::string> args) {
    args.insert(args.begin(), {"-d", url()});
    return std::make_unique<BackgroundPgcrate>(args, project_.path());
  }

  // N files, each creating table t_<i> with an index (the benchmark's shape).
  void WriteTableMigrations(int n) {
    for (int i = 0; i < n; ++i) {
      char version[32];
      std::snprintf(version, sizeof version, "2025%010d", i + 1);
      std::string t = "t_" + std::to_string(i);
      Write(version, "create_" + t,
            "-- up\nCREATE TABLE " + t +
                " (id bigint PRIMARY KEY, body text, created_at "
                "timestamptz DEFAULT now());\nCREATE INDEX " +
                t + "_created ON " + t + " (created_at);\n\n-- down\nDROP TABLE " + t + ";\n");
    }
  }

  int TrackedCount() {
    return std::stoi(
        Scalar("SELECT count(*) FROM pgcrate.schema_migrations WHERE rolled_back_at IS NULL"));
  }

 private:
  TempDir project_;
};

}  // namespace pgcrate::testing
