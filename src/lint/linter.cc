#include "lint/linter.h"

#include <algorithm>
#include <memory>
#include <tuple>

#include "base/strings.h"
#include "lint/registry.h"
#include "migrate/templates.h"
#include "pg/error.h"
#include "sql/comments.h"

namespace pgcrate::lint {
namespace {

// Byte offset -> (line, column) by binary search over line starts. \n, \r\n and a lone \r
// end lines, as in base::LineColumnAt and the migration file's line numbers.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      bool lone_cr = text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n');
      if (text[i] == '\n' || lone_cr) starts_.push_back(i + 1);
    }
  }
  std::pair<int, int> At(size_t offset) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    size_t line = static_cast<size_t>(it - starts_.begin());
    return {static_cast<int>(line), static_cast<int>(offset - starts_[line - 1]) + 1};
  }
  int count() const { return static_cast<int>(starts_.size()); }
  std::string Line(int line) const {
    if (line < 1 || static_cast<size_t>(line) > starts_.size()) return "";
    size_t b = starts_[static_cast<size_t>(line) - 1];
    size_t e = text_.find_first_of("\r\n", b);
    return std::string(
        text_.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
  }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// Rule ids named by `-- pgcrate-lint: ignore a, b` comments, with the comment's offset.
struct Ignore {
  size_t offset;
  std::set<std::string, std::less<>> rules;
};

std::vector<Ignore> FindIgnores(const std::string& sql) {
  std::vector<Ignore> out;
  if (sql.find("pgcrate-lint") == std::string::npos) return out;  // skip the scan
  for (const auto& c : sql::ScanComments(sql)) {
    size_t at = c.text.find("pgcrate-lint:");
    if (at == std::string::npos) continue;
    std::string rest = base::Trim(c.text.substr(at + 13));
    if (rest.ends_with("*/")) rest = base::Trim(rest.substr(0, rest.size() - 2));
    if (!rest.starts_with("ignore")) continue;
    Ignore ig{c.offset, {}};
    for (auto& part : base::Split(base::ReplaceAll(rest.substr(6), ",", " "), ' ')) {
      if (!base::Trim(part).empty()) ig.rules.insert(base::Trim(part));
    }
    if (ig.rules.empty()) ig.rules.insert("all");
    out.push_back(std::move(ig));
  }
  return out;
}

// The transaction of each statement (see FileContext::transactions).
std::vector<size_t> Transactions(const LintFile& f, const std::vector<sql::Statement>& stmts) {
  std::vector<size_t> out(stmts.size(), 0);
  if (!f.no_transaction) return out;
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t open = kNone;  // index of the BEGIN of the block we are in
  for (size_t i = 0; i < stmts.size(); ++i) {
    out[i] = open == kNone ? stmts.size() + 1 + i : open + 1;
    if (stmts[i].node_type != "TransactionStmt") continue;
    sql::JsonRef b = stmts[i].node.node_body();
    std::string_view kind = b["kind"].str();
    if (open == kNone && (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START")) {
      open = i;
    } else if (((kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK") &&
                !b["chain"].boolean()) ||
               kind == "TRANS_STMT_PREPARE") {
      open = kNone;
    }
  }
  return out;
}

struct Deferred {
  Finding finding;
  std::function<bool(const Facts&)> resolved;
};

class FileLinter : public Reporter {
 public:
  FileLinter(const LintFile& f, const LintOptions& o, Facts& facts, LintReport& report,
             std::vector<Deferred>& deferred)
      : f_(f),
        o_(o),
        facts_(facts),
        report_(report),
        deferred_(deferred),
        sql_lines_(f.sql),
        file_lines_(f.content) {}

  void Run();
  void Report(size_t offset, std::string message) override;
  void ReportUnlessResolved(size_t offset, std::string message,
                            std::function<bool(const Facts&)> resolved) override;

 private:
  bool Ignored(std::string_view rule, size_t offset) const;
  Severity SeverityOf(const Rule& r) const;
  Finding MakeFinding(size_t offset, std::string message) const;
  void RunStatementRules(const FileContext& fctx);
  std::vector<std::pair<const Rule*, Severity>> ActiveRules() const;

  void RunFileRules();

  std::vector<sql::Analysis> analyses_;
  std::vector<sql::SearchPath> paths_;
  std::vector<size_t> transactions_;
  bool parsed_ = false;

  const LintFile& f_;
  const LintOptions& o_;
  Facts& facts_;
  LintReport& report_;
  std::vector<Deferred>& deferred_;
  LineIndex sql_lines_, file_lines_;
  std::vector<sql::Statement> stmts_;
  std::vector<Ignore> ignores_;
  const Rule* rule_ = nullptr;
  Severity severity_ = Severity::kError;
  bool file_level_ = false;
};

Severity FileLinter::SeverityOf(const Rule& r) const {
  if (o_.disabled.count(r.id)) return Severity::kOff;
  auto it = o_.severities.find(r.id);
  return it == o_.severities.end() ? r.default_severity : it->second;
}

bool FileLinter::Ignored(std::string_view rule, size_t offset) const {
  if (ignores_.empty()) return false;
  // A finding belongs to the statement that contains it (or the first one after it). An
  // ignore comment covers a statement when it sits in the statement or before it (after the
  // previous one), or trails it on the line where it ends.
  size_t i = 0;
  while (i + 1 < stmts_.size() && offset >= stmts_[i].offset + stmts_[i].length) ++i;
  auto end_of = [&](size_t k) { return stmts_[k].offset + stmts_[k].length; };
  auto line_of = [&](size_t off) { return sql_lines_.At(std::min(off, f_.sql.size())).first; };
  for (const auto& ig : ignores_) {
    if (!ig.rules.count(rule) && !ig.rules.count("all")) continue;
    if (file_level_ || stmts_.empty()) return true;
    size_t begin = i == 0 ? 0 : end_of(i - 1);
    bool trails_previous = i > 0 && line_of(ig.offset) == line_of(end_of(i - 1));
    bool before_or_in = ig.offset >= begin && ig.offset < end_of(i) && !trails_previous;
    size_t next_start = i + 1 < stmts_.size() ? stmts_[i + 1].offset : f_.sql.size();
    bool trails = ig.offset >= end_of(i) && ig.offset < next_start &&
                  line_of(ig.offset) == line_of(end_of(i));
    if (before_or_in || trails) return true;
  }
  return false;
}

void FileLinter::Report(size_t offset, std::string message) {
  if (Ignored(rule_->id, offset)) return;
  Finding fd = MakeFinding(offset, std::move(message));
  (severity_ == Severity::kError ? report_.errors : report_.warnings)++;
  report_.findings.push_back(std::move(fd));
}

void FileLinter::ReportUnlessResolved(size_t offset, std::string message,
                                      std::function<bool(const Facts&)> resolved) {
  if (Ignored(rule_->id, offset)) return;
  deferred_.push_back({MakeFinding(offset, std::move(message)), std::move(resolved)});
}

Finding FileLinter::MakeFinding(size_t offset, std::string message) const {
  Finding fd;
  fd.rule_id = rule_->id;
  fd.severity = severity_;
  fd.file = f_.path;
  size_t at = std::min(offset, f_.sql.size());
  auto [line, col] = sql_lines_.At(at);
  fd.line = f_.line_base + line - 1;  // expansions never span lines
  fd.column = f_.shifts.empty() ? col : migrate::OriginalColumn(f_.sql, f_.shifts, at, col);
  if (fd.line > file_lines_.count()) {
    // An empty up section after a `-- up` on the file's last line, without a line break: its
    // line is past the end, so the finding points just after the marker.
    fd.line = file_lines_.count();
    fd.column = static_cast<int>(file_lines_.Line(fd.line).size()) + 1;
  }
  fd.message = std::move(message);
  fd.summary = rule_->summary;
  fd.reason = rule_->reason;
  fd.fix = rule_->safe_alternative;  // views of the static descriptor
  fd.source_line = file_lines_.Line(fd.line);
  return fd;
}

void FileLinter::Run() {
  auto parsed = sql::ParseScript(f_.sql, f_.path);
  if (!parsed.ok()) {
    static const Rule kSyntax{"syntax-error",
                              "the file does not parse",
                              "PostgreSQL rejects it",
                              "",
                              Severity::kError,
                              nullptr,
                              nullptr};
    rule_ = &kSyntax;
    // The parser's position counts characters, not bytes.
    size_t pos = pg::ErrorPositionToOffset(f_.sql, parsed.status().position());
    Report(pos, parsed.status().message());
    return;
  }
  stmts_ = std::move(parsed.value());
  parsed_ = true;
  ignores_ = FindIgnores(f_.sql);
  report_.statements += stmts_.size();
  std::vector<sql::SearchPath> paths;
  std::vector<sql::Analysis> analyses;
  paths.reserve(stmts_.size());
  analyses.reserve(stmts_.size());
  sql::SearchPath path;
  for (const auto& st : stmts_) {
    path.Apply(st);
    paths.push_back(path);
    analyses.push_back(sql::Analyze(st, path));
  }
  analyses_ = std::move(analyses);
  paths_ = std::move(paths);
  transactions_ = Transactions(f_, stmts_);
  RunStatementRules(FileContext{f_, stmts_, analyses_, paths_, transactions_, o_.settings, facts_});
  RunFileRules();
}

std::vector<std::pair<const Rule*, Severity>> FileLinter::ActiveRules() const {
  std::vector<std::pair<const Rule*, Severity>> active;
  for (const Rule* r : AllRules()) {
    Severity s = SeverityOf(*r);
    if (s != Severity::kOff) active.emplace_back(r, s);
  }
  return active;
}

void FileLinter::RunStatementRules(const FileContext& fctx) {
  auto active = ActiveRules();
  for (size_t i = 0; i < stmts_.size(); ++i) {
    StatementContext ctx{fctx, i, stmts_[i], fctx.analyses[i], facts_, fctx.paths[i]};
    for (const auto& [rule, sev] : active) {
      if (!rule->check_statement) continue;
      rule_ = rule;
      severity_ = sev;
      rule->check_statement(ctx, *this);
    }
    facts_.Apply(stmts_[i], fctx.analyses[i], fctx.paths[i]);
  }
}

void FileLinter::RunFileRules() {
  if (!parsed_) return;
  FileContext fctx{f_, stmts_, analyses_, paths_, transactions_, o_.settings, facts_};
  file_level_ = true;
  for (const auto& [rule, sev] : ActiveRules()) {
    if (!rule->check_file) continue;
    rule_ = rule;
    severity_ = sev;
    rule->check_file(fctx, *this);
  }
}

// Stable sort by (file position in the run, line, column); the keys are computed once per
// finding rather than in the comparator.
void SortFindings(const std::map<std::string, size_t>& order, std::vector<Finding>& findings) {
  std::vector<std::tuple<size_t, int, int, size_t>> keys;
  keys.reserve(findings.size());
  const std::string* last = nullptr;
  size_t file = 0;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (!last || *last != findings[i].file) {
      last = &findings[i].file;
      auto it = order.find(*last);
      file = it == order.end() ? order.size() : it->second;
    }
    keys.emplace_back(file, findings[i].line, findings[i].column, i);
  }
  std::sort(keys.begin(), keys.end());
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (const auto& key : keys) sorted.push_back(std::move(findings[std::get<3>(key)]));
  findings = std::move(sorted);
}

}  // namespace

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kOff:
      return "off";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

size_t LocationOr(sql::JsonRef node, size_t fallback) {
  sql::JsonRef loc = node["location"];
  return loc.is_number() && loc.num() >= 0 ? static_cast<size_t>(loc.num()) : fallback;
}

bool StatementContext::InExplicitBlock() const {
  return file.file.no_transaction && file.transactions[index] <= file.statements.size();
}

bool StatementContext::Atomic() const { return !file.file.no_transaction || InExplicitBlock(); }

bool StatementContext::SameTransaction(size_t other) const {
  return file.transactions[other] == file.transactions[index];
}

sql::ObjectName StatementContext::Table(sql::JsonRef rv) const {
  return {"table", path.Resolve(rv["schemaname"].str()), std::string(rv["relname"].str())};
}

LintReport Lint(const std::vector<LintFile>& files, const LintOptions& options) {
  LintReport report;
  Facts facts(options.catalog, options.large_table_rows);
  std::vector<Deferred> deferred;
  std::map<std::string, size_t> order;
  for (const auto& f : files) {
    FileLinter(f, options, facts, report, deferred).Run();
    order.emplace(f.path, order.size());
    ++report.files;
  }
  for (auto& d : deferred) {
    if (d.resolved(facts)) continue;
    (d.finding.severity == Severity::kError ? report.errors : report.warnings)++;
    report.findings.push_back(std::move(d.finding));
  }
  // Always: file-level rules report after the statement rules (and deferred findings come
  // last), so the findings are put in file order here whether or not any was deferred.
  SortFindings(order, report.findings);
  return report;
}

Status ApplyConfig(const std::vector<std::string>& disable,
                   const std::map<std::string, std::string>& severity,
                   const std::map<std::string, std::string>& naming, LintOptions& options) {
  auto check = [](const std::string& id, const char* where) {
    if (FindRule(id)) return Status::Ok();
    std::vector<std::string> ids;
    for (const Rule* r : AllRules()) ids.emplace_back(r->id);
    std::string guess = base::ClosestMatch(id, ids);
    return Status(Code::kConfig, std::string(where) + " names an unknown lint rule '" + id + "'" +
                                     (guess.empty() ? "." : " (did you mean '" + guess + "'?)."));
  };
  for (const auto& id : disable) {
    PGCRATE_RETURN_IF_ERROR(check(id, "[lint] disable"));
    options.disabled.insert(id);
  }
  for (const auto& [id, sev] : severity) {
    PGCRATE_RETURN_IF_ERROR(check(id, "[lint.severity]"));
    options.severities[id] = sev == "off"       ? Severity::kOff
                             : sev == "warning" ? Severity::kWarning
                                                : Severity::kError;
  }
  for (const auto& [kind, pattern] : naming) options.settings.naming.emplace_back(kind, pattern);
  return Status::Ok();
}

}  // namespace pgcrate::lint
