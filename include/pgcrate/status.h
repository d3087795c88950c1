// Status and Result<T>: how every fallible pgcrate call reports failure. A Status is a
// value: a code, a full-sentence message, and optional details, hint, SQLSTATE, source
// location (file:line:col) and object name. No exception crosses a subsystem boundary.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace pgcrate {

// Broad classes of failure; the CLI maps them to exit codes.
enum class Code {
  kOk = 0,
  kUsage,       // the caller asked for something malformed (exit 2)
  kNotFound,    // a file, object or database does not exist
  kIo,          // reading or writing a file or running a program failed
  kConfig,      // pgcrate.toml or another setting is invalid
  kConnection,  // could not connect to PostgreSQL
  kQuery,       // the server rejected a statement
  kParse,       // SQL could not be parsed
  kRefused,     // pgcrate refused on purpose (a safety gate)
  kConflict,    // something already exists or changed under us
  kInternal,    // a bug
};

// Where in a source file a problem is; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

// [[nodiscard]]: a Status that is dropped unread is a compile-time warning (an error in
// pgcrate's own -Werror build); write `(void)` to drop one on purpose.
class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& details() const { return details_; }
  const std::string& hint() const { return hint_; }
  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& object() const { return object_; }
  const SourceLocation& location() const { return location_; }
  // 1-based character position in the statement the server reported, 0 when none.
  int position() const { return position_; }

  // Builders; each returns *this so they chain on temporaries.
  Status& WithDetails(std::string d) {
    details_ = std::move(d);
    return *this;
  }
  Status& WithHint(std::string h) {
    hint_ = std::move(h);
    return *this;
  }
  Status& WithSqlState(std::string s) {
    sqlstate_ = std::move(s);
    return *this;
  }
  Status& WithObject(std::string o) {
    object_ = std::move(o);
    return *this;
  }
  Status& WithLocation(SourceLocation l) {
    location_ = std::move(l);
    return *this;
  }
  Status& WithPosition(int p) {
    position_ = p;
    return *this;
  }
  // Prefixes the message, e.g. "while reading pgcrate.toml: ".
  Status& Prefix(const std::string& context) {
    message_ = context + message_;
    return *this;
  }

  // "file:line:col: message" (location parts only when known), without details.
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string details_;
  std::string hint_;
  std::string sqlstate_;
  std::string object_;
  SourceLocation location_;
  int position_ = 0;
};

// A value or the Status explaining why there is none. Reading the value of a Result that holds
// an error is a programming error: it prints the Status to stderr and aborts (never undefined
// behaviour). Check ok() first.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Status(Code::kInternal, "a Result was built from an OK Status.");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return Checked(); }
  const T& value() const& { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &Checked(); }
  T& operator*() { return Checked(); }
  const T& operator*() const { return Checked(); }

 private:
  T& Checked() { return const_cast<T&>(static_cast<const Result*>(this)->Checked()); }
  const T& Checked() const {
    if (!value_.has_value()) {
      std::fprintf(stderr, "pgcrate: the value of a failed Result was read: %s\n",
                   status_.ToString().c_str());
      std::abort();
    }
    return *value_;
  }

  std::optional<T> value_;
  Status status_;
};

}  // namespace pgcrate

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define PGCRATE_RETURN_IF_ERROR(expr) \
  do {                                \
    ::pgcrate::Status _st = (expr);   \
    if (!_st.ok()) return _st;        \
  } while (0)
