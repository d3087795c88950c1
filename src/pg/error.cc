#include "pg/error.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>

#include "base/strings.h"
#include "pg/conninfo.h"

namespace pgcrate::pg {
namespace {

std::string Field(const PGresult* res, int code) {
  const char* v = res ? PQresultErrorField(res, code) : nullptr;
  return v ? v : "";
}

}  // namespace

Status StatusFromResult(const PGresult* res, const PGconn* conn) {
  std::string msg = Field(res, PG_DIAG_MESSAGE_PRIMARY);
  if (msg.empty()) msg = base::Trim(conn ? PQerrorMessage(conn) : "unknown error");
  Status st(Code::kQuery, msg);
  st.WithSqlState(Field(res, PG_DIAG_SQLSTATE));
  std::string details = Field(res, PG_DIAG_MESSAGE_DETAIL);
  std::string context = Field(res, PG_DIAG_CONTEXT);
  if (!context.empty()) details += (details.empty() ? "" : "\n") + ("context: " + context);
  st.WithDetails(details).WithHint(Field(res, PG_DIAG_MESSAGE_HINT));
  std::string pos = Field(res, PG_DIAG_STATEMENT_POSITION);
  if (!pos.empty()) st.WithPosition(std::atoi(pos.c_str()));
  std::string table = Field(res, PG_DIAG_TABLE_NAME);
  std::string schema = Field(res, PG_DIAG_SCHEMA_NAME);
  std::string constraint = Field(res, PG_DIAG_CONSTRAINT_NAME);
  if (!table.empty()) st.WithObject(schema.empty() ? table : schema + "." + table);
  if (!constraint.empty()) st.WithObject(constraint);
  return st;
}

size_t ErrorPositionToOffset(std::string_view text, int position) {
  size_t offset = 0;
  for (int chars = 1; chars < position && offset < text.size(); ++chars) {
    // One UTF-8 sequence: a lead byte, then its continuation bytes (10xxxxxx).
    ++offset;
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) {
      ++offset;
    }
  }
  return std::min(offset, text.size());
}

Status StatusFromConnectFailure(const PGconn* conn, const std::string& where) {
  std::string raw = conn ? base::Trim(PQerrorMessage(conn)) : "out of memory";
  // libpq does not echo the password when connecting; a URL in the text is still redacted.
  std::string msg = RedactConnInfoInText(raw);
  Status st(Code::kConnection, "cannot connect to " + where + ": " + msg);
  if (raw.find("does not exist") != std::string::npos &&
      raw.find("database") != std::string::npos) {
    st.WithHint(
        "create the database first (createdb), or point --database-url at one that exists.");
  } else if (raw.find("password authentication failed") != std::string::npos) {
    st.WithHint("check the password in the URL, PGPASSWORD or ~/.pgpass.");
  } else if (raw.find("timeout expired") != std::string::npos) {
    st.WithHint("the server did not answer in time; raise --connect-timeout or check the host.");
  } else if (raw.find("Connection refused") != std::string::npos ||
             raw.find("No such file or directory") != std::string::npos) {
    st.WithHint("is the server running? For a local throwaway server run `pgcrate dev start`.");
  }
  return st;
}

}  // namespace pgcrate::pg
