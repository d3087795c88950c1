// Whole connection strings that must never reach a diagnostic verbatim. The command line and
// the session register each connection string that carries a password (or could not be
// parsed) together with its redacted form; Redact() swaps the registered strings, whole, for
// those forms. It never looks for a password on its own: a short password such as "id" or
// "postgres" must stay visible where it is data or an identifier.
#pragma once

#include <string>
#include <string_view>

namespace pgcrate::base {

// Remembers that `raw` (a whole connection string, or a command-line argument holding one) is
// printed as `replacement`. Ignored when `raw` is empty or equal to `replacement`. Thread-safe.
void RegisterSensitive(std::string_view raw, std::string_view replacement);
// `text` with every registered string replaced by its redacted form (longest first).
// Thread-safe.
std::string Redact(std::string_view text);

}  // namespace pgcrate::base
