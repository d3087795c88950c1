#include "seed/validate.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>

#include "seed/csv.h"
#include "seed/json_rows.h"
#include "seed/plan.h"
#include "seed/value_types.h"

namespace pgcrate::seed {
namespace {

// One column's checks: the declared types its values must parse as, or inference.
struct ColumnCheck {
  ValidatedColumn report;
  std::vector<TypeCheck> checks;
  TypeInference inference;
  bool infer = true;
  bool not_null = false;
};

class SeedValidator {
 public:
  SeedValidator(const Seed& seed, const Target* target, const ValidateOptions& options)
      : seed_(seed), target_(target), options_(options) {
    out_.name = seed.name;
    out_.kind = std::string(KindName(seed.kind));
    out_.path = seed.path;
  }

  ValidatedSeed Run() {
    if (seed_.kind == SeedKind::kSql) {
      std::string text;
      std::vector<sql::Statement> stmts;
      Add(CheckSqlSeed(seed_, text, stmts));
      return Finish();
    }
    auto columns = ReadSeedColumns(seed_);
    if (!columns.ok()) {
      Add(columns.status());
      return Finish();
    }
    if (target_ != nullptr) {
      Status st = !target_->exists
                      ? Status(Code::kNotFound,
                               "the target table " + target_->qualified + " does not exist")
                            .WithLocation({seed_.path, 0, 0})
                      : CheckColumns(seed_, *columns, *target_);
      if (!st.ok()) {
        Add(st);
        return Finish();
      }
    }
    if (!Setup(*columns)) return Finish();
    seed_.kind == SeedKind::kCsv ? ReadCsv() : ReadJson();
    CheckKeys();
    return Finish();
  }

 private:
  void Add(Status st) {
    ++out_.error_count;
    if (static_cast<int>(out_.errors.size()) < options_.max_errors_per_seed) {
      if (st.location().file.empty()) st.WithLocation({seed_.path, 0, 0});
      out_.errors.push_back(std::move(st));
    }
  }
  void AddAt(int64_t line, int column, std::string message) {
    Add(Status(Code::kParse, std::move(message))
            .WithLocation({seed_.path, static_cast<int>(line), column}));
  }

  bool Setup(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      ColumnCheck c;
      c.report.name = name;
      const TargetColumn* tc = target_ != nullptr ? target_->Column(name) : nullptr;
      if (tc != nullptr) {
        c.checks.push_back(TypeCheck::FromSql(tc->type));
        c.report.type = tc->type;
        c.report.source = "table";
        c.not_null = tc->not_null;
        c.infer = false;
      }
      columns_.push_back(std::move(c));
    }
    if (seed_.sidecar) return ApplySidecar(*seed_.sidecar);
    if (target_ != nullptr) out_.primary_key = target_->primary_key;
    return ResolveKey();
  }

  bool ApplySidecar(const Sidecar& sc) {
    for (const auto& [name, type] : sc.columns) {
      ColumnCheck* c = Find(name);
      if (c == nullptr) {
        Add(Status(Code::kConfig,
                   "the sidecar declares column \"" + name + "\", which the seed does not have")
                .WithLocation({sc.path, 0, 0}));
        return false;
      }
      c->checks.insert(c->checks.begin(), TypeCheck::FromSql(type));
      c->report.type = c->checks.front().name();
      c->report.source = "sidecar";
      c->infer = false;
    }
    out_.primary_key = sc.primary_key;
    if (out_.primary_key.empty() && target_ != nullptr) out_.primary_key = target_->primary_key;
    return ResolveKey();
  }

  bool ResolveKey() {
    for (const std::string& k : out_.primary_key) {
      auto it = std::find_if(columns_.begin(), columns_.end(),
                             [&](const ColumnCheck& c) { return c.report.name == k; });
      if (it == columns_.end()) {
        Add(Status(Code::kConfig, "primary key column \"" + k + "\" is not in the seed")
                .WithLocation({seed_.sidecar ? seed_.sidecar->path : seed_.path, 0, 0}));
        return false;
      }
      key_.push_back(static_cast<size_t>(it - columns_.begin()));
    }
    return true;
  }

  ColumnCheck* Find(const std::string& name) {
    for (ColumnCheck& c : columns_) {
      if (c.report.name == name) return &c;
    }
    return nullptr;
  }

  // One value; `line` 0 with `item` for JSON seeds.
  void Value(size_t col, std::optional<std::string_view> v, int64_t line, int64_t item) {
    ColumnCheck& c = columns_[col];
    auto where = [&](const std::string& m) {
      std::string msg = "column \"" + c.report.name + "\": " + m;
      if (line > 0) return AddAt(line, static_cast<int>(col) + 1, msg);
      AddAt(0, 0, "item " + std::to_string(item) + ", " + msg);
    };
    if (!v) {
      ++c.report.nulls;
      if (c.not_null) where("NULL in a NOT NULL column (an empty unquoted field is NULL)");
      return;
    }
    if (!IsValidUtf8(*v)) return where("not valid UTF-8");
    if (std::memchr(v->data(), 0, v->size()) != nullptr) return where("holds a NUL byte");
    if (c.infer) c.inference.Add(*v);
    for (const TypeCheck& t : c.checks) {
      if (auto bad = t.Check(*v)) return where(*bad);
    }
  }

  void Key(const std::vector<std::optional<std::string_view>>& values, int64_t line, int64_t item) {
    if (key_.empty()) return;
    std::string key;
    for (size_t k : key_) {
      if (!values[k]) {
        return line > 0 ? AddAt(line, static_cast<int>(k) + 1,
                                "primary key column \"" + columns_[k].report.name + "\" is NULL")
                        : AddAt(0, 0,
                                "item " + std::to_string(item) + ": primary key column \"" +
                                    columns_[k].report.name + "\" is NULL");
      }
      key.append(*values[k]);
      key.push_back('\x1F');
    }
    keys_.emplace_back(std::hash<std::string>()(key), line > 0 ? line : item);
  }

  void ReadCsv() {
    auto reader = CsvReader::Open(seed_.path);
    if (!reader.ok()) return Add(reader.status());
    CsvRecord record;
    (void)(*reader)->Next(record);  // the header
    std::vector<std::optional<std::string_view>> values(columns_.size());
    while ((*reader)->Next(record)) {
      bool skip = false;
      Status st = CheckDataRecord(record, columns_.size(), seed_.path, skip);
      if (!st.ok()) Add(st);
      if (skip || !st.ok()) continue;
      ++out_.rows;
      for (size_t i = 0; i < columns_.size(); ++i) {
        const CsvField& f = record.fields[i];
        values[i] =
            f.text.empty() && !f.quoted ? std::nullopt : std::optional<std::string_view>(f.text);
        Value(i, values[i], record.line, 0);
      }
      Key(values, record.line, 0);
    }
    if (!(*reader)->status().ok()) Add((*reader)->status());
  }

  void ReadJson() {
    std::vector<std::string> names;
    for (const ColumnCheck& c : columns_) names.push_back(c.report.name);
    std::vector<std::optional<std::string_view>> values(columns_.size());
    Status st = ForEachJsonRow(seed_.path, names, [&](const JsonRow& row, int64_t item) {
      ++out_.rows;
      for (size_t i = 0; i < row.size(); ++i) {
        values[i] = row[i] ? std::optional<std::string_view>(*row[i]) : std::nullopt;
        Value(i, values[i], 0, item);
      }
      Key(values, 0, item);
      return Status::Ok();
    });
    if (!st.ok()) Add(st);
  }

  void CheckKeys() {
    std::sort(keys_.begin(), keys_.end());
    for (size_t i = 1; i < keys_.size(); ++i) {
      if (keys_[i].first != keys_[i - 1].first) continue;
      std::string cols;
      for (const std::string& k : out_.primary_key) cols += (cols.empty() ? "" : ", ") + k;
      bool csv = seed_.kind == SeedKind::kCsv;
      std::string first = (csv ? "line " : "item ") + std::to_string(keys_[i - 1].second);
      AddAt(csv ? keys_[i].second : 0, 0,
            (csv ? "" : "item " + std::to_string(keys_[i].second) + ": ") +
                "duplicate primary key (" + cols + "): the same key as " + first);
    }
  }

  ValidatedSeed Finish() {
    for (ColumnCheck& c : columns_) {
      if (c.infer) {
        c.report.type = std::string(InferredTypeName(c.inference.Result()));
        c.report.source = "inferred";
      }
      out_.columns.push_back(c.report);
    }
    return std::move(out_);
  }

  const Seed& seed_;
  const Target* target_;
  const ValidateOptions& options_;
  ValidatedSeed out_;
  std::vector<ColumnCheck> columns_;
  std::vector<size_t> key_;
  std::vector<std::pair<size_t, int64_t>> keys_;  // key hash, line (or item)
};

}  // namespace

ValidateResult ValidateSeeds(const std::vector<Seed>& seeds, const std::vector<Target>* targets,
                             const ValidateOptions& options) {
  ValidateResult result;
  result.used_database = targets != nullptr;
  for (size_t i = 0; i < seeds.size(); ++i) {
    const Target* t = targets != nullptr ? &(*targets)[i] : nullptr;
    result.seeds.push_back(SeedValidator(seeds[i], t, options).Run());
    result.errors += result.seeds.back().error_count;
  }
  return result;
}

}  // namespace pgcrate::seed
