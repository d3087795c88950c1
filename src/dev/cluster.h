// A project-local throwaway PostgreSQL cluster (what `pgcrate dev` manages and what the test
// harness starts): initdb into a directory, a free port on loopback plus a unix socket, trust
// authentication over the socket only (the socket directory is private to the server's OS
// user, so only that local user and root get in; TCP needs a generated password), superuser
// `postgres`, and the server run as the `postgres` OS user when we are root.
#pragma once

#include <string>
#include <vector>

#include "base/process.h"
#include "dev/binaries.h"
#include "pgcrate/status.h"

namespace pgcrate::dev {

struct ClusterOptions {
  std::string dir;     // the cluster's home, e.g. <project>/.pgcrate/dev
  std::string bindir;  // directory holding initdb/pg_ctl; "" = pg_config --bindir, then PATH
  // The PostgreSQL major version a new cluster gets (`dev start --pg 17`); 0 = that of the
  // default binaries. An existing cluster always runs with binaries of its own major version.
  int major = 0;
  // Where binaries of other major versions are looked for (FindPgBinDirForMajor).
  std::vector<std::string> pg_caches;
  // Extra server settings, "name=value", written to <data>/pgcrate.conf at every start.
  std::vector<std::string> settings;
};

struct ClusterStatus {
  bool initialized = false;
  bool running = false;
  int major = 0;  // the major version of its data directory (PG_VERSION); 0 before initdb
  int port = 0;
  std::string data_dir;
  std::string socket_dir;
  std::string url;  // "" unless running
};

class Cluster {
 public:
  explicit Cluster(ClusterOptions options);

  // Initialises the cluster on first use, then starts it on a free port and waits until it
  // accepts connections. Starting a running cluster is a no-op. kConflict when the cluster
  // exists with another major version than options.major asks for.
  Status Start();
  // Stops the server (fast shutdown). Stopping a stopped cluster is a no-op.
  Status Stop();
  // Stops the server and deletes the cluster directory, then starts a fresh one.
  Status Reset();
  // What is there and whether the server runs; cheap (no programs are run).
  ClusterStatus GetStatus() const;
  // The connection URL for `database` over the unix socket (no password needed).
  std::string Url(const std::string& database = "postgres") const;

 private:
  Status Init(const std::string& bindir);
  Status PrepareDirectories();
  // Writes pgcrate.conf (port, socket, options_.settings) and includes it from postgresql.conf.
  Status WriteServerSettings(int port) const;
  // run_as_user and PGDATA for pg_ctl (which gets no path on its command line).
  base::ProcessOptions PgCtlOptions() const;
  // initdb/pg_ctl for the cluster: of its data directory's major version once it exists, else
  // of options_.major, else the default ones.
  Result<std::string> BinDir() const;
  int DataMajor() const;
  std::string DataDir() const;
  std::string SocketDir() const;
  int ReadPort() const;
  std::string LogTail() const;

  ClusterOptions options_;
};

// <project_root>/.pgcrate/dev, where a project's dev cluster lives.
std::string DevClusterDir(const std::string& project_root);

// The URL of the dev cluster under `project_root`/.pgcrate/dev when it is running, else "".
std::string RunningDevClusterUrl(const std::string& project_root);

}  // namespace pgcrate::dev
