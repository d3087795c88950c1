#include "app/inspect/listings_command.h"

#include <functional>

#include "output/output.h"

namespace pgcrate::inspect {
namespace {

using Lister = std::function<Result<ListingTable>(pg::Connection&)>;

Status Print(app::Session& s, const Lister& list) {
  auto conn = s.Connect();
  if (!conn.ok()) return conn.status();
  auto table = list(**conn);
  if (!table.ok()) return table.status();
  if (s.out().json()) {
    s.out().Json({{table->key, table->json}});
  } else {
    s.out().Data(output::RenderTable(table->headers, table->rows));
  }
  return Status::Ok();
}

}  // namespace

Status RunInspectExtensions(app::Session& session) { return Print(session, ListExtensions); }

Status RunInspectRoles(app::Session& session, bool all) {
  return Print(session, [all](pg::Connection& conn) { return ListRoles(conn, all); });
}

Status RunInspectGrants(app::Session& session, const GrantFilter& filter) {
  return Print(session, [&filter](pg::Connection& conn) { return ListGrants(conn, filter); });
}

}  // namespace pgcrate::inspect
