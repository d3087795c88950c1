// What the snapshot commands share: the snapshots directory, the admin connection (another
// database of the target server, for CREATE/ALTER/DROP DATABASE), sizes and the manifest's
// summary as text and JSON.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/session.h"
#include "pg/connection.h"
#include "snapshot/manifest.h"

namespace pgcrate::app::snapshot_cmd {

// [snapshot] dir resolved against the project root (config loaded).
Result<std::string> SnapshotsDir(Session& session);

// A connection to the maintenance database (postgres, else template1) of the server that
// `conninfo` points at, with the session's timeouts; never `avoid` (the database to be renamed
// or copied, which the admin connection must not hold).
Result<std::unique_ptr<pg::Connection>> OpenAdmin(Session& session, const std::string& conninfo,
                                                  const std::string& avoid = "");

// "12.3 MB".
std::string Size(int64_t bytes);
// The current time as ISO 8601 UTC, e.g. 2026-11-30T19:15:00Z.
std::string NowIso();

// The one-line summary of a snapshot in `snapshot list --json`.
nlohmann::ordered_json Summary(const snapshot::Manifest& m);
// The text of `snapshot info` (and after `save`).
std::string DescribeText(const snapshot::Manifest& m, const std::string& path);

}  // namespace pgcrate::app::snapshot_cmd
