// The CI templates users copy (docs/ci/): every line that runs pgcrate carries the marker
// "# [pgcrate-ci]"; these tests extract exactly those commands from each template and run them,
// in order, against a real database with a sample project (DATABASE_URL set as the templates
// do), so a template that names a command or flag pgcrate does not have fails here.
#include <filesystem>
#include <sstream>

#include "base/files.h"
#include "base/process.h"
#include "base/strings.h"
#include "migrate_itest_support.h"

namespace pgcrate::testing {
namespace {

constexpr std::string_view kMarker = "# [pgcrate-ci]";

std::string Template(const std::string& name) {
  auto text = base::ReadFile(std::string(PGCRATE_SOURCE_DIR) + "/docs/ci/" + name);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? *text : "";
}

// The command part of a template line: YAML's "- " and "run: " and the indentation removed.
std::string CommandPart(std::string line) {
  line = base::Trim(line);
  for (std::string_view prefix : {"- ", "run: "}) {
    if (base::StartsWith(line, prefix)) line = base::Trim(line.substr(prefix.size()));
  }
  return line;
}

// The argv (without "pgcrate") of each marked line. Marked lines must be plain words: no shell
// expansion or quoting, so what runs here is what runs in CI.
std::vector<std::vector<std::string>> MarkedCommands(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    size_t mark = line.find(kMarker);
    std::string cmd = CommandPart(line.substr(0, mark == std::string::npos ? line.size() : mark));
    if (!base::StartsWith(cmd, "pgcrate ")) continue;
    EXPECT_NE(mark, std::string::npos) << "a pgcrate command without the marker: " << line;
    EXPECT_EQ(cmd.find_first_of("$\"'`|;&<>\\"), std::string::npos) << "not plain words: " << cmd;
    std::istringstream words(cmd.substr(8));
    std::vector<std::string> argv;
    for (std::string w; words >> w;) argv.push_back(w);
    out.push_back(argv);
  }
  return out;
}

class CiTemplatesTest : public MigrateTest {
 protected:
  void SetUp() override {
    MigrateTest::SetUp();
    WriteRaw("pgcrate.toml", "[paths]\nmigrations = \"db/migrations\"\n");
    Write("20250101000000", "create_users",
          "-- up\nCREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
          "email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\n"
          "-- down\nDROP TABLE users;\n");
    Write("20250102000000", "create_orders",
          "-- up\nCREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
          "user_id bigint NOT NULL REFERENCES users (id));\n"
          "CREATE INDEX orders_user_id_idx ON orders (user_id);\n"
          "-- down\nDROP TABLE orders;\n");
  }

  // Runs the template's commands in order as CI would (DATABASE_URL, the project as cwd).
  void RunTemplate(const std::string& name, size_t expected_commands) {
    auto commands = MarkedCommands(Template(name));
    ASSERT_EQ(commands.size(), expected_commands) << name;
    for (const auto& argv : commands) {
      CliOptions o;
      o.cwd = Dir();
      o.env = {"DATABASE_URL=" + url()};
      CliRun r = RunPgcrate(argv, o);
      EXPECT_EQ(r.exit_code, 0) << name << ": pgcrate " << base::Join(argv, " ") << "\n"
                                << r.out << r.err;
    }
    EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "2") << name;
  }
};

TEST_F(CiTemplatesTest, GithubActionsCommandsRun) { RunTemplate("github-actions.yml", 4); }

TEST_F(CiTemplatesTest, GitlabCiCommandsRun) { RunTemplate("gitlab-ci.yml", 4); }

TEST_F(CiTemplatesTest, PreCommitHookCommandsRun) {
  // The hook does not apply migrations (it verifies and checks a database that has them).
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  RunTemplate("pre-commit", 4);
}

// The hook as a whole, as git runs it: from a subdirectory of a repository, pgcrate from PATH.
TEST_F(CiTemplatesTest, PreCommitHookRunsAsAScript) {
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  base::ProcessOptions git;
  git.cwd = Dir();
  auto init = base::RunProcess({"git", "init", "-q"}, git);
  ASSERT_TRUE(init.ok() && init->exit_code == 0) << (init.ok() ? init->output : "");
  std::string bin_dir = std::filesystem::path(PgcrateBinary()).parent_path().string();
  base::ProcessOptions o;
  o.cwd = Dir() + "/db/migrations";
  o.env = {"PATH=" + bin_dir + ":/usr/bin:/bin", "DATABASE_URL=" + url()};
  std::string hook = std::string(PGCRATE_SOURCE_DIR) + "/docs/ci/pre-commit";
  auto with_db = base::RunProcess({"sh", hook}, o);
  ASSERT_TRUE(with_db.ok());
  EXPECT_EQ(with_db->exit_code, 0) << with_db->output;
  Exec("ALTER TABLE users ADD COLUMN nickname text");  // drift: the hook must stop the commit
  auto drifted = base::RunProcess({"sh", hook}, o);
  ASSERT_TRUE(drifted.ok());
  EXPECT_EQ(drifted->exit_code, 1) << drifted->output;
  o.env = {"PATH=" + bin_dir + ":/usr/bin:/bin"};  // no database: lint offline only
  auto offline = base::RunProcess({"sh", hook}, o);
  ASSERT_TRUE(offline.ok());
  EXPECT_EQ(offline->exit_code, 0) << offline->output;
}

// The extraction is what makes the test bite: a misspelt command or flag is a usage error.
TEST_F(CiTemplatesTest, AnUnknownCommandOrFlagFails) {
  auto commands = MarkedCommands(
      "      - run: pgcrate migrate lint --formt github  # [pgcrate-ci]\n"
      "    - pgcrate migrate verfy  # [pgcrate-ci]\n");
  ASSERT_EQ(commands.size(), 2u);
  for (const auto& argv : commands) {
    CliOptions o;
    o.cwd = Dir();
    o.env = {"DATABASE_URL=" + url()};
    EXPECT_EQ(RunPgcrate(argv, o).exit_code, 2) << base::Join(argv, " ");
  }
}

// A drifted database makes the templates' last step fail, as CI should.
TEST_F(CiTemplatesTest, DriftFailsTheCheckStep) {
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  Exec("ALTER TABLE users ADD COLUMN nickname text");
  auto commands = MarkedCommands(Template("github-actions.yml"));
  ASSERT_FALSE(commands.empty());
  ASSERT_EQ(commands.back(), (std::vector<std::string>{"migrate", "check"}));
  CliOptions o;
  o.cwd = Dir();
  o.env = {"DATABASE_URL=" + url()};
  EXPECT_EQ(RunPgcrate(commands.back(), o).exit_code, 1);
}

}  // namespace
}  // namespace pgcrate::testing
