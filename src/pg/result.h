// QueryResult: an RAII owner of a libpq PGresult with typed getters. Values come back in
// text format; getters parse them. Move-only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct pg_result;

namespace pgcrate::pg {

class QueryResult {
 public:
  QueryResult() = default;
  explicit QueryResult(pg_result* res) : res_(res) {}
  QueryResult(QueryResult&& other) noexcept : res_(other.res_) { other.res_ = nullptr; }
  QueryResult& operator=(QueryResult&& other) noexcept;
  QueryResult(const QueryResult&) = delete;
  QueryResult& operator=(const QueryResult&) = delete;
  ~QueryResult();

  int rows() const;
  int columns() const;
  std::string column_name(int col) const;
  // The column's type OID (see pg_type), 0 when unknown.
  unsigned column_type(int col) const;
  // Index of the column named `name`, or -1.
  int column_index(std::string_view name) const;
  bool is_null(int row, int col) const;
  // The value's text; empty for NULL.
  std::string_view text(int row, int col) const;
  std::string str(int row, int col) const { return std::string(text(row, col)); }
  std::optional<std::string> optional_str(int row, int col) const;
  // Parsed integers/floats/booleans; NULL or unparsable gives `fallback`.
  int64_t int64(int row, int col, int64_t fallback = 0) const;
  double float64(int row, int col, double fallback = 0) const;
  bool boolean(int row, int col, bool fallback = false) const;
  // The command tag, e.g. "INSERT 0 1" or "SELECT 3".
  std::string command_status() const;
  // Rows affected by INSERT/UPDATE/DELETE/..., 0 when not applicable.
  int64_t affected_rows() const;
  bool returns_rows() const;

  pg_result* raw() const { return res_; }

 private:
  pg_result* res_ = nullptr;
};

}  // namespace pgcrate::pg
