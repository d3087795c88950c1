#include "pg/result.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

namespace pgcrate::pg {

QueryResult& QueryResult::operator=(QueryResult&& other) noexcept {
  if (this != &other) {
    if (res_) PQclear(res_);
    res_ = other.res_;
    other.res_ = nullptr;
  }
  return *this;
}

QueryResult::~QueryResult() {
  if (res_) PQclear(res_);
}

int QueryResult::rows() const { return res_ ? PQntuples(res_) : 0; }
int QueryResult::columns() const { return res_ ? PQnfields(res_) : 0; }
std::string QueryResult::column_name(int col) const { return PQfname(res_, col); }
unsigned QueryResult::column_type(int col) const { return PQftype(res_, col); }

int QueryResult::column_index(std::string_view name) const {
  for (int c = 0; c < columns(); ++c) {
    if (name == PQfname(res_, c)) return c;
  }
  return -1;
}

bool QueryResult::is_null(int row, int col) const { return PQgetisnull(res_, row, col) == 1; }

std::string_view QueryResult::text(int row, int col) const {
  return std::string_view(PQgetvalue(res_, row, col),
                          static_cast<size_t>(PQgetlength(res_, row, col)));
}

std::optional<std::string> QueryResult::optional_str(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  return str(row, col);
}

int64_t QueryResult::int64(int row, int col, int64_t fallback) const {
  if (is_null(row, col)) return fallback;
  auto t = text(row, col);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  return ec == std::errc() && p == t.data() + t.size() ? v : fallback;
}

double QueryResult::float64(int row, int col, double fallback) const {
  if (is_null(row, col)) return fallback;
  std::string s = str(row, col);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  return end && *end == '\0' && !s.empty() ? v : fallback;
}

bool QueryResult::boolean(int row, int col, bool fallback) const {
  if (is_null(row, col)) return fallback;
  auto t = text(row, col);
  return t == "t" || t == "true" || t == "on";
}

std::string QueryResult::command_status() const { return res_ ? PQcmdStatus(res_) : ""; }

int64_t QueryResult::affected_rows() const {
  const char* n = res_ ? PQcmdTuples(res_) : "";
  return *n ? std::atoll(n) : 0;
}

bool QueryResult::returns_rows() const { return res_ && PQresultStatus(res_) == PGRES_TUPLES_OK; }

}  // namespace pgcrate::pg
