#include "seed/json_rows.h"

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace pgcrate::seed {
namespace {

using Json = nlohmann::json;

// Builds rows from SAX events. depth 0: outside; 1: inside the top array; 2: inside a row
// object; deeper: inside a nested value, which is re-serialized as JSON text.
class RowReader : public nlohmann::json_sax<Json> {
 public:
  // `fixed` columns: keys outside them are errors; otherwise columns are collected.
  RowReader(std::string path, std::vector<std::string> columns, bool fixed,
            const std::function<Status(const JsonRow&, int64_t)>* sink)
      : path_(std::move(path)), columns_(std::move(columns)), fixed_(fixed), sink_(sink) {
    for (size_t i = 0; i < columns_.size(); ++i) index_[columns_[i]] = static_cast<int>(i);
  }

  bool null() override { return Scalar(std::nullopt, "null"); }
  bool boolean(bool v) override { return Scalar(std::string(v ? "true" : "false"), "a boolean"); }
  bool number_integer(number_integer_t v) override { return Scalar(std::to_string(v), "a number"); }
  bool number_unsigned(number_unsigned_t v) override {
    return Scalar(std::to_string(v), "a number");
  }
  bool number_float(number_float_t /*v*/, const string_t& s) override {
    return Scalar(s, "a number");
  }
  bool string(string_t& v) override {
    if (depth_ > 2) return Nested(Json(v).dump());
    return Scalar(v, "a string");
  }
  bool binary(binary_t& /*v*/) override { return Fail("binary values are not JSON"); }
  bool start_object(std::size_t /*n*/) override {
    if (depth_ == 0) return Fail("the file must hold an array of objects, not one object");
    if (depth_ == 1) {
      ++item_;
      row_.assign(columns_.size(), std::nullopt);
      seen_.assign(columns_.size(), false);
      depth_ = 2;
      return true;
    }
    return Open('{');
  }
  bool key(string_t& k) override {
    if (depth_ > 2) return Nested(Json(k).dump() + ":", false);
    auto it = index_.find(k);
    if (it == index_.end()) {
      if (fixed_) return Fail("key \"" + k + "\" is not a column of the seed");
      it = index_.emplace(k, static_cast<int>(columns_.size())).first;
      columns_.push_back(k);
      row_.emplace_back();
      seen_.push_back(false);
    }
    current_ = it->second;
    if (seen_[static_cast<size_t>(current_)]) return Fail("key \"" + k + "\" appears twice");
    seen_[static_cast<size_t>(current_)] = true;
    return true;
  }
  bool end_object() override {
    if (depth_ > 3) return Close('}');
    if (depth_ == 3) return Close('}') && Finish();
    depth_ = 1;
    ++rows_;
    if (sink_ != nullptr) {
      status_ = (*sink_)(row_, item_);
      if (!status_.ok()) return false;
    }
    return true;
  }
  bool start_array(std::size_t /*n*/) override {
    if (depth_ == 0) {
      depth_ = 1;
      return true;
    }
    if (depth_ == 1) {
      ++item_;
      return Fail("is an array, not an object");
    }
    return Open('[');
  }
  bool end_array() override {
    if (depth_ == 1) {
      depth_ = 0;
      return true;
    }
    if (depth_ == 3) return Close(']') && Finish();
    return Close(']');
  }
  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    auto colon = what.rfind(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    status_ = Status(Code::kParse, "invalid JSON: " + what)
                  .WithLocation(LocationOf(position > 0 ? position - 1 : 0));
    return false;
  }

  const Status& status() const { return status_; }
  const std::vector<std::string>& columns() const { return columns_; }
  int64_t rows() const { return rows_; }

 private:
  bool Scalar(std::optional<std::string> v, const char* what) {
    if (depth_ > 2) return Nested(v ? *v : "null");
    if (depth_ == 0)
      return Fail(std::string("the file must hold an array of objects, not ") + what);
    if (depth_ == 1) {
      ++item_;
      return Fail(std::string("is ") + what + ", not an object");
    }
    row_[static_cast<size_t>(current_)] = std::move(v);
    return true;
  }
  bool Open(char c) {
    if (depth_ == 2) {
      nested_.clear();
      first_.clear();
    } else if (!Nested(std::string(), true)) {
      return false;
    }
    nested_.push_back(c);
    first_.push_back(true);
    ++depth_;
    return true;
  }
  bool Close(char c) {
    nested_.push_back(c);
    first_.pop_back();
    --depth_;
    return true;
  }
  // Appends one element of a nested value (a comma first unless it is the first element or
  // follows its key).
  bool Nested(const std::string& text, bool value = true) {
    if (!after_key_ && !first_.back()) nested_.push_back(',');
    first_.back() = false;
    nested_ += text;
    after_key_ = !value;
    return true;
  }
  bool Finish() {
    row_[static_cast<size_t>(current_)] = nested_;
    return true;
  }
  bool Fail(const std::string& message) {
    std::string where = item_ > 0 ? "item " + std::to_string(item_) + ": " : "";
    status_ = Status(Code::kParse, where + message).WithLocation({path_, 0, 0});
    return false;
  }
  SourceLocation LocationOf(size_t offset) const {
    SourceLocation loc{path_, 1, 1};
    std::FILE* f = std::fopen(path_.c_str(), "rb");
    if (f == nullptr) return loc;
    for (size_t i = 0; i < offset; ++i) {
      int c = std::fgetc(f);
      if (c == EOF) break;
      if (c == '\n') {
        ++loc.line;
        loc.column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++loc.column;
      }
    }
    std::fclose(f);
    return loc;
  }

  std::string path_;
  std::vector<std::string> columns_;
  std::unordered_map<std::string, int> index_;
  bool fixed_;
  const std::function<Status(const JsonRow&, int64_t)>* sink_;
  int depth_ = 0;
  int64_t item_ = 0;
  int64_t rows_ = 0;
  int current_ = 0;
  JsonRow row_;
  std::vector<bool> seen_;
  std::string nested_;
  std::vector<bool> first_;
  bool after_key_ = false;
  Status status_;
};

Status Parse(const std::string& path, RowReader& reader) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Status(Code::kNotFound, "cannot open " + path);
  bool ok = Json::sax_parse(f.get(), &reader);
  if (!ok && reader.status().ok())
    return Status(Code::kParse, "invalid JSON").WithLocation({path, 0, 0});
  if (!ok) return reader.status();
  return Status::Ok();
}

}  // namespace

Result<JsonShape> ScanJsonSeed(const std::string& path) {
  RowReader reader(path, {}, false, nullptr);
  PGCRATE_RETURN_IF_ERROR(Parse(path, reader));
  return JsonShape{reader.columns(), reader.rows()};
}

Status ForEachJsonRow(const std::string& path, const std::vector<std::string>& columns,
                      const std::function<Status(const JsonRow&, int64_t item)>& row) {
  RowReader reader(path, columns, true, &row);
  return Parse(path, reader);
}

void AppendCsvLine(const JsonRow& row, std::string& out) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out.push_back(',');
    if (!row[i]) continue;
    out.push_back('"');
    for (char c : *row[i]) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('\n');
}

}  // namespace pgcrate::seed
