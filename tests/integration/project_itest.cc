// `pgcrate init` (files, flags, conflicts, non-TTY) and `pgcrate dev` (a second throwaway
// cluster in a temporary project: start, status, url, use without any URL, stop).
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "base/files.h"
#include "base/process.h"
#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

TEST(Init, NonInteractiveCreatesConfigDirectoriesAndGitignore) {
  TempDir project;
  CliRun r = RunPgcrate({"init", "--seeds", "--models", "--models-dir", "sql/models"},
                        {.cwd = project.path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto toml = base::ReadFile(project.path() + "/pgcrate.toml");
  ASSERT_TRUE(toml.ok());
  EXPECT_NE(toml->find("migrations = \"db/migrations\""), std::string::npos);
  EXPECT_NE(toml->find("models = \"sql/models\""), std::string::npos);
  EXPECT_NE(toml->find("seeds = \"seeds\""), std::string::npos);
  for (const char* d : {"db/migrations", "sql/models", "seeds"}) {
    EXPECT_TRUE(base::IsDirectory(project.path() + "/" + d)) << d;
  }
  EXPECT_NE(base::ReadFile(project.path() + "/.gitignore")->find(".pgcrate/"), std::string::npos);
  // The file it wrote is a valid config with no warnings.
  CliRun check = RunPgcrate({"--help-llm"}, {.cwd = project.path()});
  EXPECT_TRUE(check.err.empty());
  CliRun again = RunPgcrate({"init", "-y"}, {.cwd = project.path()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("--force"), std::string::npos);
  CliRun forced = RunPgcrate({"init", "-y", "--force", "--migrations-dir", "migrations"},
                             {.cwd = project.path()});
  EXPECT_EQ(forced.exit_code, 0);
  EXPECT_NE(base::ReadFile(project.path() + "/pgcrate.toml")->find("\"migrations\""),
            std::string::npos);
  auto ignore = base::ReadFile(project.path() + "/.gitignore");
  EXPECT_EQ(ignore->find(".pgcrate/"), ignore->rfind(".pgcrate/")) << "added twice";
}

TEST(Init, DryRunWritesNothingAndBadDirsAreRefused) {
  TempDir project;
  CliRun dry = RunPgcrate({"init", "--dry-run"}, {.cwd = project.path()});
  EXPECT_EQ(dry.exit_code, 0);
  EXPECT_NE(dry.out.find("Would create pgcrate.toml"), std::string::npos);
  EXPECT_FALSE(base::Exists(project.path() + "/pgcrate.toml"));
  EXPECT_FALSE(base::Exists(project.path() + "/db"));
  CliRun as_json = RunPgcrate({"--json", "init", "--dry-run"}, {.cwd = project.path()});
  EXPECT_EQ(JsonField(as_json.out, "/dry_run"), "true");
  CliRun dots = RunPgcrate({"init", "-y", "--migrations-dir", "../x"}, {.cwd = project.path()});
  EXPECT_EQ(dots.exit_code, 1);
  EXPECT_NE(dots.err.find("'..'"), std::string::npos);
  EXPECT_FALSE(base::Exists(project.path() + "/pgcrate.toml"));
}

TEST(Init, PipedStdinBehavesAsYes) {
  TempDir project;
  // Answers on a pipe are not read: without a TTY, init never prompts.
  CliRun r = RunPgcrate({"init"}, {.stdin_data = "custom\ny\n", .cwd = project.path()});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err.find("Migrations directory"), std::string::npos);
  EXPECT_TRUE(base::IsDirectory(project.path() + "/db/migrations"));
}

// On a terminal, init asks; `script` gives it a pseudo-terminal and types the answers.
TEST(Init, TerminalPromptsAreAskedAndAnswered) {
  if (::access("/usr/bin/script", X_OK) != 0) GTEST_SKIP() << "util-linux script is missing";
  TempDir project;
  std::string command = PgcrateBinary() + " init";
  auto r = base::RunProcess({"/usr/bin/script", "-q", "-e", "-c", command, "/dev/null"},
                            {.capture = true,
                             .cwd = project.path(),
                             .unset_env = {"NO_COLOR"},
                             .stdin_data = "custom/migs\ny\n\nn\n"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 0) << r->output;
  EXPECT_NE(r->output.find("Migrations directory [db/migrations]:"), std::string::npos)
      << r->output;
  EXPECT_NE(r->output.find("Enable seeds? [y/N]:"), std::string::npos) << r->output;
  EXPECT_NE(r->output.find("Seeds directory [seeds]:"), std::string::npos) << r->output;
  EXPECT_TRUE(base::IsDirectory(project.path() + "/custom/migs"));
  EXPECT_TRUE(base::IsDirectory(project.path() + "/seeds"));
  EXPECT_FALSE(base::IsDirectory(project.path() + "/models"));
  auto config = base::ReadFile(project.path() + "/pgcrate.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_NE(config->find("migrations = \"custom/migs\""), std::string::npos) << *config;
  EXPECT_EQ(config->find("models ="), std::string::npos) << *config;
}

TEST(Dev, StartStatusUrlUseAndStop) {
  TempDir project;
  CliOptions in{.cwd = project.path()};
  CliRun stopped = RunPgcrate({"--json", "dev", "status"}, in);
  EXPECT_EQ(JsonField(stopped.out, "/running"), "false");
  CliRun url_before = RunPgcrate({"dev", "url"}, in);
  EXPECT_EQ(url_before.exit_code, 1);
  CliRun start = RunPgcrate({"dev", "start"}, in);
  ASSERT_EQ(start.exit_code, 0) << start.err;
  EXPECT_EQ(start.out.rfind("postgresql://postgres@/postgres?host=", 0), 0u) << start.out;
  CliRun status = RunPgcrate({"--json", "dev", "status"}, in);
  EXPECT_EQ(JsonField(status.out, "/running"), "true");
  CliRun url = RunPgcrate({"dev", "url"}, in);
  EXPECT_EQ(url.out, start.out);
  // With no URL anywhere, commands use the running dev cluster and say so on stderr only.
  CliRun q = RunPgcrate({"sql", "-c", "SELECT 7 AS seven"}, in);
  EXPECT_EQ(q.exit_code, 0) << q.err;
  EXPECT_NE(q.out.find("7"), std::string::npos);
  EXPECT_NE(q.err.find("using the pgcrate dev cluster"), std::string::npos);
  CliRun qj = RunPgcrate({"--json", "sql", "-c", "SELECT 7 AS seven"}, in);
  EXPECT_EQ(JsonField(qj.out, "/rows/0/seven"), "7");
  EXPECT_TRUE(qj.err.empty()) << qj.err;
  CliRun ctx = RunPgcrate({"--json", "context"}, in);
  EXPECT_EQ(JsonField(ctx.out, "/connection/source"), "pgcrate dev");
  EXPECT_EQ(RunPgcrate({"dev", "start"}, in).exit_code, 0) << "start is idempotent";
  CliRun stop = RunPgcrate({"dev", "stop"}, in);
  EXPECT_EQ(stop.exit_code, 0) << stop.err;
  EXPECT_EQ(JsonField(RunPgcrate({"--json", "dev", "status"}, in).out, "/running"), "false");
  EXPECT_EQ(RunPgcrate({"dev", "stop"}, in).exit_code, 0) << "stop is idempotent";
}

}  // namespace
}  // namespace pgcrate::testing
