// `pgcrate completions bash|zsh|fish` and the generated man pages: the scripts are sourced by
// the real shells and asked for completions of partial command lines in a sample project (its
// migration versions, seeds and models come from `pgcrate __complete`), and the man pages are
// checked against the command tree they come from. Hostile file names must never run.
#include <filesystem>

#include "base/files.h"
#include "base/process.h"
#include "base/strings.h"
#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

class ShellDocsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("pgcrate.toml", "[paths]\nmigrations = \"mig\"\nseeds = \"data\"\n");
    dir_.Write("mig/20250101090000_create_users.sql", "-- up\nCREATE TABLE users (id int);\n");
    dir_.Write("mig/20250102090000_create_orders.sql", "-- up\nCREATE TABLE orders (id int);\n");
    dir_.Write("mig/archive/20200101000000_old.sql", "-- up\nSELECT 0;\n");  // not discovered
    dir_.Write("data/public/users.csv", "id\n1\n");
    dir_.Write("data/public/$(touch PWNED).csv", "id\n1\n");
    dir_.Write("models/marts/revenue.sql", "SELECT 1 AS one\n");
    dir_.Write("other/pgcrate.toml", "[paths]\nmigrations = \"mig2\"\n");
    dir_.Write("mig2/20300101000000_later.sql", "-- up\nSELECT 1;\n");
  }

  // Runs `script` with bash/zsh/fish in the project, pgcrate first in PATH.
  std::string Shell(const std::string& shell, const std::string& script) {
    base::ProcessOptions o;
    o.cwd = dir_.path();
    std::string bin_dir = std::filesystem::path(PgcrateBinary()).parent_path().string();
    o.env = {"PATH=" + bin_dir + ":/usr/bin:/bin", "HOME=" + dir_.path(), "NO_COLOR=1"};
    auto r = base::RunProcess({shell, "-c", script}, o);
    EXPECT_TRUE(r.ok()) << shell;
    if (!r.ok()) return "";
    EXPECT_EQ(r->exit_code, 0) << shell << ": " << r->output;
    return r->output;
  }

  // The completions bash offers for `line` (words separated by spaces; a trailing space means
  // an empty current word), one per line.
  std::string Bash(const std::string& line) {
    std::string words;
    for (const auto& w : base::Split(line, ' ')) words += " " + base::ShellQuote(w);
    return Shell("bash",
                 "source <(pgcrate completions bash) || exit 1\n"
                 "COMP_WORDS=(" +
                     words +
                     ")\n"
                     "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                     "_pgcrate\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n");
  }

  TempDir dir_;
};

bool HasLine(const std::string& text, const std::string& line) {
  for (const auto& l : base::Split(text, '\n')) {
    if (l == line) return true;
  }
  return false;
}

// fish prints "value<TAB>description".
bool HasCandidate(const std::string& text, const std::string& value) {
  for (const auto& l : base::Split(text, '\n')) {
    if (l == value || base::StartsWith(l, value + "\t")) return true;
  }
  return false;
}

TEST_F(ShellDocsTest, BashCompletesCommandsFlagsAndTheProjectsNames) {
  EXPECT_EQ(Bash("pgcrate mig"), "migrate\n");
  std::string migrate = Bash("pgcrate migrate ");
  for (const char* sub : {"up", "down", "status", "lint", "check", "new"}) {
    EXPECT_TRUE(HasLine(migrate, sub)) << sub << " missing from:\n" << migrate;
  }
  EXPECT_EQ(Bash("pgcrate --json -d postgres://h/db migrate up --to "),
            "20250101090000\n20250102090000\n");
  std::string flags = Bash("pgcrate migrate up --dr");
  EXPECT_EQ(flags, "--dry-run\n");
  EXPECT_TRUE(HasLine(Bash("pgcrate migrate up --"), "--database-url"));  // global flags too
  EXPECT_TRUE(HasLine(Bash("pgcrate seed run "), "public.users"));
  EXPECT_EQ(Bash("pgcrate model run -s m"), "marts.revenue\n");
  std::string dba = Bash("pgcrate dba ");
  for (const char* sub : {"locks", "xid", "doctor", "fix"}) EXPECT_TRUE(HasLine(dba, sub)) << dba;
  EXPECT_EQ(Bash("pgcrate dba fix s"), "sequence\n");
  EXPECT_EQ(Bash("pgcrate que"), "query\n");  // aliases are commands too
  EXPECT_EQ(Bash("pgcrate inspect erd --format "), "mermaid\ndot\nsvg\n");  // fixed choices
  EXPECT_EQ(Bash("pgcrate --config other/pgcrate.toml migrate down --to "), "20300101000000\n");
  // Hidden commands are not offered.
  EXPECT_FALSE(HasLine(Bash("pgcrate __"), "__complete"));
}

TEST_F(ShellDocsTest, AHostileNameIsOfferedAsTextAndNeverRuns) {
  std::string seeds = Bash("pgcrate seed run ");
  EXPECT_TRUE(HasLine(seeds, "public.$(touch PWNED)")) << seeds;
  Shell("zsh", "autoload -U compinit && compinit -u -D; source <(pgcrate completions zsh)");
  EXPECT_FALSE(base::Exists(dir_.path() + "/PWNED"));
  EXPECT_FALSE(base::Exists(dir_.path() + "/data/PWNED"));
}

TEST_F(ShellDocsTest, ZshAndFishScriptsLoadAndFishCompletes) {
  // zsh: the script parses, and its tables hold what bash's do.
  std::string z = Shell("zsh",
                        "autoload -U compinit && compinit -u -D\n"
                        "source <(pgcrate completions zsh) || exit 1\n"
                        "print -r -- ${_pgcrate_subs[pgcrate dba fix]}\n"
                        "print -r -- ${_pgcrate_kind[pgcrate migrate up --to]}\n"
                        "print -r -- ${_pgcrate_choices[pgcrate inspect erd --format]}\n"
                        "whence -w _pgcrate\n");
  EXPECT_EQ(z,
            "sequence index vacuum bloat\nmigrations\nmermaid dot svg\n"
            "_pgcrate: function\n");
  std::string f = Shell("fish",
                        "pgcrate completions fish | source\n"
                        "complete -C 'pgcrate migrate up --to '\n"
                        "complete -C 'pgcrate dba fix '\n"
                        "complete -C 'pgcrate model run -s '\n");
  EXPECT_TRUE(HasCandidate(f, "20250101090000")) << f;
  EXPECT_TRUE(HasCandidate(f, "20250102090000")) << f;
  EXPECT_NE(f.find("sequence\tUpgrade a sequence"), std::string::npos) << f;
  EXPECT_TRUE(HasCandidate(f, "marts.revenue")) << f;
}

TEST_F(ShellDocsTest, CompletionsJsonWrapsTheScript) {
  CliRun text = RunPgcrate({"completions", "fish"});
  CliRun as_json = RunPgcrate({"completions", "fish", "--json"});  // checked against its schema
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  EXPECT_EQ(JsonField(as_json.out, "/script"), text.out);
  EXPECT_EQ(JsonField(as_json.out, "/shell"), "fish");
}

TEST_F(ShellDocsTest, CompletionsNeedAKnownShell) {
  CliRun r = RunPgcrate({"completions", "tcsh"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("tcsh"), std::string::npos) << r.err;
}

TEST_F(ShellDocsTest, ManPagesDescribeEveryCommandAndRender) {
  TempDir out;
  CliRun r = RunPgcrate({"__shell-docs", out.path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* page : {"pgcrate", "pgcrate-migrate", "pgcrate-dba", "pgcrate-seed",
                           "pgcrate-model", "pgcrate-snapshot", "pgcrate-inspect", "pgcrate-dev"}) {
    std::string path = out.path() + "/man1/" + page + ".1";
    ASSERT_TRUE(base::Exists(path)) << path;
    // man renders it without complaint (groff warnings go to stderr with -ww).
    base::ProcessOptions o;
    o.separate_stderr = true;
    o.env = {"MANWIDTH=100", "MAN_KEEP_FORMATTING=0"};
    auto m = base::RunProcess({"man", "--warnings", "-l", path}, o);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->exit_code, 0) << page << ": " << m->error_output;
    EXPECT_EQ(m->error_output, "") << page;
  }
  auto migrate = base::ReadFile(out.path() + "/man1/pgcrate-migrate.1");
  ASSERT_TRUE(migrate.ok());
  for (const char* text : {"pgcrate migrate up [OPTIONS]", "\\fB\\-\\-to\\fR \\fIVERSION\\fR",
                           "pgcrate migrate lint", "EXIT STATUS"}) {
    EXPECT_NE(migrate->find(text), std::string::npos) << text;
  }
  // Every top-level command is in pgcrate(1): namespaces by reference, the rest in full.
  auto root = base::ReadFile(out.path() + "/man1/pgcrate.1");
  ASSERT_TRUE(root.ok());
  CliRun help = RunPgcrate({"--help"});
  bool in_subcommands = false;
  for (const auto& line : base::Split(help.out, '\n')) {
    if (line == "Subcommands:") in_subcommands = true;
    if (!in_subcommands || !base::StartsWith(line, "  ")) continue;
    std::string name = base::Split(base::Trim(line), ' ')[0];
    if (!name.empty() && name.back() == ',') name.pop_back();
    bool listed = root->find("\\fB" + name + "\\fR") != std::string::npos ||
                  root->find("\"pgcrate " + name + " ") != std::string::npos;
    EXPECT_TRUE(listed) << name << " missing from pgcrate.1";
  }
}

}  // namespace
}  // namespace pgcrate::testing
