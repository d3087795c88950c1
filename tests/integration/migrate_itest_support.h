// Shared fixture for the migration integration tests: a project directory with a
// db/migrations folder, helpers to write migration files, and runners for the real binary
// (blocking, or spawned in the background so tests can race or kill them).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "support/pg_test.h"

extern char** environ;

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

  // Starts pgcrate in the background (stdout/stderr to files under the project); returns pid.
  pid_t Spawn(std::vector<std::string> args, const std::string& log_prefix) {
    args.insert(args.begin(), {PGCRATE_BINARY, "-d", url()});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    std::string out = project_.path() + "/" + log_prefix + ".out";
    std::string err = project_.path() + "/" + log_prefix + ".err";
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addchdir_np(&fa, project_.path().c_str());
    pid_t pid = -1;
    int rc = posix_spawn(&pid, PGCRATE_BINARY, &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    EXPECT_EQ(rc, 0);
    return pid;
  }

  // Waits for `pid`; returns its exit code, or 128+signal.
  static int Wait(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  // N files, each creating table t_<i> with an index (the benchmark's shape).
  void WriteTableMigrations(int n) {
    for (int i = 0; i < n; ++i) {
      char version[32];
      std::snprintf(version, sizeof version, "2025%010d", i + 1);
      std::string t = "t_" + std::to_string(i);
      Write(version, "create_" + t,
            "-- up\nCREATE TABLE " + t + " (id bigint PRIMARY KEY, body text, created_at "
            "timestamptz DEFAULT now());\nCREATE INDEX " + t + "_created ON " + t +
            " (created_at);\n\n-- down\nDROP TABLE " + t + ";\n");
    }
  }

  int TrackedCount() { return std::stoi(Scalar("SELECT count(*) FROM pgcrate.schema_migrations")); }

 private:
  TempDir project_;
};

}  // namespace pgcrate::testing
