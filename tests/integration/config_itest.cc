// Where the database comes from and what goes wrong on the way: precedence (flag >
// DATABASE_URL > pgcrate.toml > libpq environment > dev cluster), config errors, connection
// failures with clear messages, the production gate, and passwords never printed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

using nlohmann::json;

class ConfigTest : public PgTest {};

TEST_F(ConfigTest, DatabaseUrlPrecedence) {
  TempDir project;
  std::string other = ClusterUrl("postgres");
  project.Write("pgcrate.toml", "[database]\nurl = \"" + other + "\"\n");
  auto source_and_db = [&](std::vector<std::string> args, std::vector<std::string> env) {
    args.insert(args.end(), {"--json", "context"});
    CliRun r = RunPgcrate(args, {.cwd = project.path(), .env = env});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return JsonField(r.out, "/connection/source") + " " + JsonField(r.out, "/connection/database");
  };
  EXPECT_EQ(source_and_db({}, {}), "pgcrate.toml postgres");
  EXPECT_EQ(source_and_db({}, {"DATABASE_URL=" + url()}), "DATABASE_URL " + db_name());
  EXPECT_EQ(source_and_db({"-d", url()}, {"DATABASE_URL=" + other}), "--database-url " + db_name());
}

TEST_F(ConfigTest, LibpqEnvironmentWorksWithoutAUrl) {
  CliRun r =
      RunPgcrate({"--json", "context"},
                 {.env = {"PGHOST=" + ClusterSocketDir(), "PGPORT=" + std::to_string(ClusterPort()),
                          "PGUSER=postgres", "PGDATABASE=" + db_name()}});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(JsonField(r.out, "/connection/source"), "libpq");
  EXPECT_EQ(JsonField(r.out, "/connection/database"), db_name());
}

TEST_F(ConfigTest, ConfigErrorsNameFileLineAndColumn) {
  TempDir project;
  project.Write("pgcrate.toml", "[paths]\nmigrations = [1,\n");
  CliRun bad = RunPgcrate({"-d", url(), "context"}, {.cwd = project.path()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("error: pgcrate.toml:2:"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("invalid TOML"), std::string::npos);
  project.Write("pgcrate.toml", "[paths]\nmigrations = \"../outside\"\n");
  CliRun dots = RunPgcrate({"--json", "-d", url(), "context"}, {.cwd = project.path()});
  EXPECT_EQ(dots.exit_code, 1);
  EXPECT_NE(JsonField(dots.out, "/error/message").find("contains '..'"), std::string::npos);
  project.Write("pgcrate.toml", "[paths]\nmigration = \"db\"\n");
  CliRun typo = RunPgcrate({"-d", url(), "sql", "-c", "select 1"}, {.cwd = project.path()});
  EXPECT_EQ(typo.exit_code, 0);
  EXPECT_NE(typo.err.find("pgcrate.toml:2:13: unknown key 'migration' in [paths] (did you mean "
                          "'migrations'?)"),
            std::string::npos)
      << typo.err;
  CliRun typo_json =
      RunPgcrate({"--json", "-d", url(), "sql", "-c", "select 1"}, {.cwd = project.path()});
  EXPECT_TRUE(typo_json.err.empty()) << typo_json.err;
  CliRun missing = RunPgcrate({"--config", "nope.toml", "-d", url(), "context"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("nope.toml"), std::string::npos);
}

TEST_F(ConfigTest, ProductionGateNeedsYesForWrites) {
  TempDir project;
  project.Write("pgcrate.toml", "[production]\npatterns = [\"" + db_name() + "\"]\n");
  Exec("CREATE TABLE t (a int)");
  CliRun read = RunPgcrate({"-d", url(), "sql", "-c", "SELECT 1"}, {.cwd = project.path()});
  EXPECT_EQ(read.exit_code, 0);
  CliRun refused =
      RunPgcrate({"-d", url(), "sql", "--allow-write", "-c", "INSERT INTO t VALUES (1)"},
                 {.cwd = project.path()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("production"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--yes"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "0");
  CliRun yes =
      RunPgcrate({"-d", url(), "sql", "--allow-write", "--yes", "-c", "INSERT INTO t VALUES (1)"},
                 {.cwd = project.path()});
  EXPECT_EQ(yes.exit_code, 0) << yes.err;
  EXPECT_NE(yes.err.find("warning:"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "1");
}

// A TCP listener that accepts connections and never answers: libpq must give up after
// --connect-timeout instead of hanging.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len);
    ::listen(fd_, 8);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentServer() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

TEST(ConnectionErrors, UnreachableServerHonoursConnectTimeout) {
  SilentServer silent;
  auto start = std::chrono::steady_clock::now();
  CliRun r = RunPgcrate(
      {"--connect-timeout", "1000", "-d",
       "postgresql://u:SilentPw1@127.0.0.1:" + std::to_string(silent.port()) + "/db", "context"});
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_LT(secs, 6.0);
  EXPECT_NE(r.err.find("timeout"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("SilentPw1"), std::string::npos);
}

TEST(ConnectionErrors, RefusedPortSaysIsTheServerRunning) {
  int port = 0;
  {
    SilentServer taken;  // a free port; nobody listens on it once this closes
    port = taken.port();
  }
  CliRun r = RunPgcrate(
      {"--json", "-d", "postgresql://127.0.0.1:" + std::to_string(port) + "/x", "context"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(JsonField(r.out, "/ok"), "false");
  EXPECT_NE(JsonField(r.out, "/error/message").find("cannot connect"), std::string::npos);
}

TEST_F(ConfigTest, WrongPasswordMissingDatabaseAndMalformedUrl) {
  std::string tcp =
      "postgresql://postgres:Wr0ngPassw0rd@127.0.0.1:" + std::to_string(ClusterPort()) + "/" +
      db_name();
  CliRun pw = RunPgcrate({"-d", tcp, "context"});
  EXPECT_EQ(pw.exit_code, 1);
  EXPECT_NE(pw.err.find("password authentication failed"), std::string::npos) << pw.err;
  CliRun nodb = RunPgcrate({"-d", ClusterUrl("no_such_db_here"), "context"});
  EXPECT_EQ(nodb.exit_code, 1);
  EXPECT_NE(nodb.err.find("database \"no_such_db_here\" does not exist"), std::string::npos);
  EXPECT_NE(nodb.err.find("hint:"), std::string::npos);
  // A malformed -d is a bad argument (exit 2); a malformed DATABASE_URL is a bad setting (1).
  CliRun bad = RunPgcrate({"--json", "-d", "postgresql://me:Malf0rmedPw@[::1/db", "context"});
  EXPECT_EQ(bad.exit_code, 2);
  CliRun bad_env = RunPgcrate({"context"}, {.env = {"DATABASE_URL=postgresql://x@[::1/db"}});
  EXPECT_EQ(bad_env.exit_code, 1);
  EXPECT_NE(bad_env.err.find("in DATABASE_URL: malformed connection string"), std::string::npos)
      << bad_env.err;
  EXPECT_NE(JsonField(bad.out, "/error/message").find("malformed connection string"),
            std::string::npos);
}

// Every output of every kind of run with a known password must not contain it.
TEST_F(ConfigTest, PasswordNeverAppearsInAnyOutput) {
  const std::string pw = "Kn0wnS3cret!pw";
  const std::string encoded = "Kn0wnS3cret%21pw";
  std::string socket_url = "postgresql://postgres:" + encoded + "@/" + db_name() +
                           "?host=" + ClusterSocketDir() + "&port=" + std::to_string(ClusterPort());
  std::string tcp_url = "postgresql://postgres:" + encoded +
                        "@127.0.0.1:" + std::to_string(ClusterPort()) + "/" + db_name();
  std::vector<std::vector<std::string>> runs = {
      {"-d", socket_url, "context"},
      {"-d", socket_url, "--json", "context"},
      {"-d", socket_url, "--verbose", "sql", "-c", "SELECT current_setting('application_name')"},
      {"-d", socket_url, "--json", "capabilities"},
      {"-d", socket_url, "sql", "-c", "SELECT * FROM missing"},
      {"-d", tcp_url, "context"},
      {"-d", tcp_url, "--json", "context"},
      {"-d", "postgresql://postgres:" + encoded + "@[::1/db", "context"},
      {"-d", "postgresql://postgres:" + encoded + "@127.0.0.1:1/x", "--json", "context"},
      {"-d", socket_url, "contxt"},
  };
  for (const auto& args : runs) {
    CliRun r = RunPgcrate(args);
    std::string all = r.out + r.err;
    EXPECT_EQ(all.find(pw), std::string::npos) << all;
    EXPECT_EQ(all.find(encoded), std::string::npos) << all;
  }
  CliRun env = RunPgcrate({"context"}, {.env = {"DATABASE_URL=" + tcp_url}});
  EXPECT_EQ((env.out + env.err).find(encoded), std::string::npos);
  // The same text typed into a query is data, not the password of a printed connection
  // string: it is printed as it is (issue 10 #6: redaction never touches data).
  CliRun data = RunPgcrate({"-d", socket_url, "sql", "-c", "SELECT '" + pw + "' AS typed"});
  EXPECT_NE(data.out.find(pw), std::string::npos) << data.out;
}

}  // namespace
}  // namespace pgcrate::testing
