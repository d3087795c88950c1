#include "app/inspect/table_command.h"

#include "catalog/loader.h"
#include "inspect/table.h"

namespace pgcrate::inspect {

Status RunInspectTable(app::Session& session, const std::string& name) {
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  auto cat = catalog::Load(**conn);
  if (!cat.ok()) return cat.status();
  auto table = ResolveTable(*cat, name);
  if (!table.ok()) return table.status();
  auto doc = DescribeTable(**conn, *cat, **table);
  if (!doc.ok()) return doc.status();
  if (session.out().json()) {
    session.out().Json(*doc);
  } else {
    session.out().Data(RenderTableText(*doc));
  }
  return Status::Ok();
}

}  // namespace pgcrate::inspect
