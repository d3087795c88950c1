// Detects names longer than PostgreSQL's 63-byte limit (NAMEDATALEN - 1): they are silently
// truncated, so two long names can collide and later migrations cannot find the object by
// the name they were written with.
#include <cctype>

#include "lint/rule.h"
#include "sql/comments.h"

namespace pgcrate::lint::rules {
namespace identifier_too_long_rule {
namespace {

constexpr size_t kMaxIdentifier = 63;

// A cheap filter before running the scanner: a long identifier needs a run of more than 63
// identifier bytes, or a quoted identifier.
bool MayHaveLongIdentifier(std::string_view sql) {
  if (sql.find('"') != std::string::npos) return true;
  size_t run = 0;
  for (unsigned char c : sql) {
    run = (std::isalnum(c) || c == '_' || c == '$' || c >= 0x80) ? run + 1 : 0;
    if (run > kMaxIdentifier) return true;
  }
  return false;
}

void CheckFile(const FileContext& f, Reporter& out) {
  if (!MayHaveLongIdentifier(f.file.sql())) return;
  for (const auto& id : sql::ScanLongIdentifiers(f.file.sql(), kMaxIdentifier)) {
    out.ReportFileWide(id.offset, "identifier " + id.text +
                                      " is longer than 63 bytes; PostgreSQL "
                                      "truncates it silently.");
  }
}

}  // namespace
}  // namespace identifier_too_long_rule

extern const Rule kIdentifierTooLong = {
    "identifier-too-long",
    "identifier longer than 63 bytes",
    "PostgreSQL silently truncates identifiers to 63 bytes: two long names can collide, and a "
    "later DROP or ALTER using the full name fails to find the object.",
    "CREATE INDEX CONCURRENTLY idx_orders_user_id_created_at ON orders (user_id, created_at);",
    Severity::kError,
    nullptr,
    identifier_too_long_rule::CheckFile};

}  // namespace pgcrate::lint::rules
