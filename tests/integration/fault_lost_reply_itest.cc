// Fault injection (fault_itest.h) at the one moment random points rarely hit: the server
// committed, and the connection breaks before its reply to COMMIT reaches pgcrate (a network
// or proxy failure, or a session killed right after its commit). A proxy in front of the
// private cluster drops the connection instead of passing that reply on. pgcrate cannot know
// whether the transaction committed, so it must say so: before the fix `migrate up` said the
// migration "was rolled back as a whole: nothing of it was applied" while it was applied.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

#include "fault_itest.h"

namespace pgcrate::testing {
namespace {

// The server's CommandComplete message for COMMIT: 'C', length 11, "COMMIT\0".
const std::string kCommitComplete(
    "C\0\0\0\x0b"
    "COMMIT\0",
    12);

bool WriteAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, data, n);
    if (w <= 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// A unix-socket proxy in front of the server. Once a client has sent `trigger`, the next reply
// of the server holding a COMMIT's CommandComplete is not passed on (or, with `at_trigger`,
// the message holding the trigger is not): both sides are closed (once; later connections are
// relayed untouched).
class LostCommitProxy {
 public:
  LostCommitProxy(std::string server_socket, std::string trigger, bool at_trigger = false)
      : server_(std::move(server_socket)), trigger_(std::move(trigger)), at_trigger_(at_trigger) {
    listen_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr = Address(dir_.path() + "/.s.PGSQL.5432");
    if (::bind(listen_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_, 16) != 0) {
      ADD_FAILURE() << "the proxy cannot listen in " << dir_.path();
    }
    acceptor_ = std::thread([this] { Accept(); });
  }
  ~LostCommitProxy() {
    stop_ = true;
    acceptor_.join();
    ::close(listen_);
    std::lock_guard<std::mutex> lock(mu_);
    for (std::thread& t : relays_) t.join();
  }
  LostCommitProxy(const LostCommitProxy&) = delete;
  LostCommitProxy& operator=(const LostCommitProxy&) = delete;

  std::string Url(const std::string& db) const {
    return "postgresql://postgres@/" + db + "?host=" + dir_.path() + "&port=5432";
  }
  bool cut() const { return cut_; }

 private:
  static sockaddr_un Address(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    return addr;
  }

  void Accept() {
    while (!stop_) {
      pollfd p{listen_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int client = ::accept(listen_, nullptr, nullptr);
      if (client < 0) continue;
      std::lock_guard<std::mutex> lock(mu_);
      relays_.emplace_back([this, client] { Relay(client); });
    }
  }

  // Copies both ways until one side closes, the proxy stops, or the COMMIT reply is dropped.
  void Relay(int client) {
    int server = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr = Address(server_);
    if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(client);
      ::close(server);
      return;
    }
    bool armed = false;
    std::string sent;  // the client's bytes, for the trigger (kept whole: scripts are small)
    char buf[65536];
    while (!stop_) {
      pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      if (::poll(p, 2, 50) <= 0) continue;
      if (p[0].revents != 0) {
        ssize_t n = ::read(client, buf, sizeof buf);
        if (n <= 0) break;
        if (!armed) {
          sent.append(buf, static_cast<size_t>(n));
          armed = sent.find(trigger_) != std::string::npos;
          if (armed && at_trigger_ && !cut_.exchange(true)) break;  // the server never sees it
        }
        if (!WriteAll(server, buf, static_cast<size_t>(n))) break;
      }
      if (p[1].revents != 0) {
        ssize_t n = ::read(server, buf, sizeof buf);
        if (n <= 0) break;
        std::string_view reply(buf, static_cast<size_t>(n));
        if (armed && reply.find(kCommitComplete) != std::string_view::npos &&
            !cut_.exchange(true)) {
          break;  // the server committed; the client never hears of it
        }
        if (!WriteAll(client, buf, static_cast<size_t>(n))) break;
      }
    }
    ::close(client);
    ::close(server);
  }

  TempDir dir_;
  std::string server_;
  std::string trigger_;
  bool at_trigger_ = false;
  int listen_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<bool> cut_{false};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> relays_;
};

class FaultInjectionLostReply : public FaultInjectionTest {
 protected:
  void SetUp() override {
    FaultInjectionTest::SetUp();
    cluster_->CreateDatabase(db_);
  }
  void TearDown() override { cluster_->DropDatabase(db_); }

  // Runs pgcrate in the project through a proxy that drops the reply to the first COMMIT
  // after `trigger` (or, `at_trigger`, the trigger itself); the proxy must have done so.
  CliRun RunThroughProxy(const std::string& trigger, const std::vector<std::string>& args,
                         bool at_trigger = false) {
    LostCommitProxy proxy(cluster_->SocketPath(), trigger, at_trigger);
    std::vector<std::string> full = {"-d", proxy.Url(db_)};
    full.insert(full.end(), args.begin(), args.end());
    CliOptions o;
    o.cwd = project_.path();
    CliRun r = RunPgcrate(full, o);
    EXPECT_TRUE(proxy.cut()) << "the proxy never cut the connection at " << trigger;
    return r;
  }
  CliRun RunDirect(const std::vector<std::string>& args) {
    return RunToEnd(*cluster_, db_, {args, project_.path()});
  }
  std::string Query(const std::string& sql) {
    auto conn = OpenOrFail(cluster_->Url(db_));
    return conn ? Scalar(*conn, sql) : "";
  }

  const std::string db_ = "lost_reply";
};

TEST_F(FaultInjectionLostReply, MigrateUpSaysAMigrationWhoseCommitReplyWasLostMayHaveCommitted) {
  project_.Write("pgcrate.toml", "[paths]\nmigrations = \"db/migrations\"\n");
  for (int i = 1; i <= 3; ++i) {
    std::string t = "t_" + std::to_string(i);
    project_.Write("db/migrations/2025010100000" + std::to_string(i) + "_" + t + ".sql",
                   "-- up\nCREATE TABLE " + t + " (id integer PRIMARY KEY);\nINSERT INTO " + t +
                       " SELECT generate_series(1, 10);\n");
  }
  CliRun r = RunThroughProxy("CREATE TABLE t_2", {"migrate", "up"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // The server committed migration 2 with its tracking row...
  EXPECT_EQ(Query("SELECT string_agg(version, ',' ORDER BY version) FROM "
                  "pgcrate.schema_migrations"),
            "20250101000001,20250101000002");
  EXPECT_EQ(Query("SELECT count(*) FROM t_2"), "10");
  // ...so pgcrate must not say it was rolled back, and must say how to find out.
  EXPECT_EQ(r.err.find("rolled back as a whole"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("20250101000002_t_2.sql, so whether it was applied is unknown"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("pgcrate migrate status"), std::string::npos) << r.err;
  CliRun again = RunDirect({"migrate", "up"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Query("SELECT count(*) || '/' || count(DISTINCT version) FROM "
                  "pgcrate.schema_migrations"),
            "3/3");
}

// A connection lost while migrate up sets its safety settings used to be reported as "invalid
// [migrate] safety setting" with a hint about durations.
TEST_F(FaultInjectionLostReply, MigrateUpDoesNotBlameTheSettingsForALostConnection) {
  project_.Write("pgcrate.toml", "[paths]\nmigrations = \"db/migrations\"\n");
  project_.Write("db/migrations/20250101000001_t.sql", "-- up\nCREATE TABLE t (id integer);\n");
  CliRun r = RunThroughProxy("'idle_in_transaction_session_timeout', $3", {"migrate", "up"}, true);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err.find("invalid [migrate]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("server closed the connection"), std::string::npos) << r.err;
  CliRun again = RunDirect({"migrate", "up"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Query("SELECT to_regclass('public.t') IS NOT NULL"), "t");
}

TEST_F(FaultInjectionLostReply, SeedRunSaysALostCommitReplyLeavesTheOutcomeUnknown) {
  project_.Write("pgcrate.toml", "[paths]\nseeds = \"seeds\"\n");
  project_.Write("seeds/public/s.csv", "id,tag\n1,new\n2,new\n");
  Sql(db_, "CREATE TABLE s (id integer PRIMARY KEY, tag text); INSERT INTO s VALUES (9, 'old')");
  // ANALYZE is the last statement before COMMIT.
  CliRun r = RunThroughProxy("ANALYZE", {"seed", "run"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Query("SELECT string_agg(tag, ',') FROM s"), "new,new");
  EXPECT_NE(r.err.find("whether the transaction committed is unknown"), std::string::npos) << r.err;
  CliRun again = RunDirect({"seed", "run"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Query("SELECT string_agg(tag, ',') FROM s"), "new,new");
}

TEST_F(FaultInjectionLostReply, ModelRunSaysALostCommitReplyLeavesTheOutcomeUnknown) {
  project_.Write("pgcrate.toml", "[paths]\nmodels = \"models\"\n");
  project_.Write("models/marts/t.sql", "-- materialized: table\nSELECT 1 AS one\n");
  CliRun r = RunThroughProxy("INSERT INTO pgcrate.models", {"model", "run"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(Query("SELECT relation_oid = 'marts.t'::regclass FROM pgcrate.models"), "t");
  EXPECT_NE(r.out.find("whether the transaction committed is unknown"), std::string::npos) << r.out;
  CliRun again = RunDirect({"model", "run"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
}

TEST_F(FaultInjectionLostReply, ApplySaysALostCommitReplyLeavesTheOutcomeUnknown) {
  project_.Write("pgcrate.toml", "[paths]\nmigrations = \"db/migrations\"\ncode = \"db/code\"\n");
  project_.Write("db/migrations/20250101000001_t.sql", "-- up\nCREATE TABLE t (id integer);\n");
  project_.Write("db/code/v.sql", "CREATE VIEW public.v AS SELECT id FROM public.t;\n");
  CliRun r = RunThroughProxy("INSERT INTO pgcrate.code_objects", {"apply"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Query("SELECT count(*) FROM pgcrate.code_objects"), "1");
  EXPECT_EQ(r.err.find("rolled back"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("whether the transaction committed is unknown"), std::string::npos) << r.err;
  CliRun again = RunDirect({"apply"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
}

}  // namespace
}  // namespace pgcrate::testing
