// `pgcrate inspect table NAME`: the describe document of inspect/table.h as text (psql \d
// style) or as the spec's describe JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::inspect {

// psql-like text for a describe document.
std::string RenderTableText(const nlohmann::ordered_json& doc);

Status RunInspectTable(app::Session& session, const std::string& name);

}  // namespace pgcrate::inspect
