#include "anonymize/stream.h"

#include "pg/copy_text.h"
#include "sql/quote.h"

namespace pgcrate::anonymize {

std::string CopyColumnList(const Table& table) {
  std::string s = "(";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) s += ", ";
    s += sql::QuoteIdent(table.columns[i].name);
  }
  return s + ")";
}

Result<std::unique_ptr<TableStream>> TableStream::Create(const Table& table, const RuleSet& rules,
                                                         const std::string& rules_file,
                                                         KeyedHash& hash) {
  std::unique_ptr<TableStream> s(new TableStream(table, hash));
  s->columns_.resize(table.columns.size());
  for (const ColumnRule& r : rules.rules) {
    bool own = r.schema == table.schema && r.table == table.name;
    bool root = r.schema == table.root_schema && r.table == table.root_name;
    if (!own && !root) continue;
    size_t i = 0;
    while (i < table.columns.size() && table.columns[i].name != r.column) ++i;
    if (i == table.columns.size()) {
      return Status(Code::kConfig, "[anonymize] \"" + r.Key() + "\": the table " + table.schema +
                                       "." + table.name + " has no column " + r.column +
                                       " (or it is a generated column).")
          .WithLocation({rules_file, r.line, 0});
    }
    Status fits = CheckFits(r.strategy, table.columns[i]);
    if (!fits.ok()) {
      return Status(Code::kConfig, "[anonymize] \"" + r.Key() + "\": " + fits.message())
          .WithLocation({rules_file, r.line, 0});
    }
    for (const JsonRule& j : r.json) {
      Column leaf{r.column, "json value",
                  j.strategy.kind == Kind::kNumber ? TypeClass::kNumeric : TypeClass::kText};
      fits = CheckFits(j.strategy, leaf);
      if (!fits.ok()) {
        return Status(Code::kConfig, "[anonymize] \"" + r.Key() + "\": " + fits.message())
            .WithLocation({rules_file, r.line, 0});
      }
    }
    if (r.strategy.kind == Kind::kKeep || (r.strategy.kind == Kind::kJson && r.json.empty()))
      continue;
    s->columns_[i].emplace(r.strategy, table.columns[i], r.json);
    s->changed_.push_back(i);
  }
  return s;
}

std::vector<std::string> TableStream::ChangedColumns() const {
  std::vector<std::string> out;
  for (size_t i : changed_) {
    out.push_back(table_.columns[i].name + ": " + Describe(columns_[i]->strategy()));
  }
  return out;
}

Status TableStream::Row(std::string_view row, std::string& out) {
  ++rows_;
  pg::SplitCopyRow(row, fields_);
  auto where = [&](const std::string& what) {
    return Status(Code::kConfig, "table " + table_.schema + "." + table_.name + ", row " +
                                     std::to_string(rows_) + ": " + what);
  };
  if (fields_.size() != columns_.size()) {
    return where("expected " + std::to_string(columns_.size()) + " fields, got " +
                 std::to_string(fields_.size()) + " (the COPY column list does not match).");
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) out += '\t';
    if (!columns_[i]) {
      out.append(fields_[i]);  // unchanged columns pass through still escaped
      continue;
    }
    std::optional<std::string> in;
    if (!pg::IsCopyNull(fields_[i])) in = pg::DecodeCopyField(fields_[i]);
    auto value =
        columns_[i]->Apply(in ? std::optional<std::string_view>(*in) : std::nullopt, hash_);
    if (!value.ok())
      return where("column " + table_.columns[i].name + ": " + value.status().message());
    pg::AppendCopyField(out, *value);
  }
  out += '\n';
  return Status::Ok();
}

Status TableStream::Feed(std::string_view data, std::string& out) {
  size_t start = 0;
  if (!partial_.empty()) {
    size_t nl = data.find('\n');
    if (nl == std::string_view::npos) {
      partial_.append(data);
      return Status::Ok();
    }
    partial_.append(data.substr(0, nl));
    std::string row = std::move(partial_);
    partial_.clear();
    PGCRATE_RETURN_IF_ERROR(Row(row, out));
    start = nl + 1;
  }
  for (;;) {
    size_t nl = data.find('\n', start);
    if (nl == std::string_view::npos) break;
    PGCRATE_RETURN_IF_ERROR(Row(data.substr(start, nl - start), out));
    start = nl + 1;
  }
  partial_.append(data.substr(start));
  return Status::Ok();
}

Status TableStream::Finish(std::string& out) {
  (void)out;
  if (partial_.empty()) return Status::Ok();
  return Status(Code::kConfig, "table " + table_.schema + "." + table_.name +
                                   ": the COPY data ends in the middle of a row.");
}

}  // namespace pgcrate::anonymize
