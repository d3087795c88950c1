#include "lint/linter.h"

#include <algorithm>
#include <memory>
#include <optional>
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

std::vector<Ignore> FindIgnores(std::string_view sql) {
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

// Follows explicit BEGIN ... COMMIT blocks of a no-transaction migration, statement by
// statement (see Transaction).
class TransactionTracker {
 public:
  explicit TransactionTracker(const LintFile& f) : f_(f) {}

  // Where statement `index` runs; then takes note of the block it opens or closes.
  Transaction Next(const sql::Statement& st, size_t index) {
    if (!f_.no_transaction) return {};
    Transaction t;
    if (open_) {
      t = {2 * *open_ + 1, true, open_line_};
    } else {
      t.id = 2 * index + 2;
    }
    if (st.node_type != "TransactionStmt") return t;
    sql::JsonRef b = st.node.node_body();
    std::string_view kind = b["kind"].str();
    if (!open_ && (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START")) {
      open_ = index;
      open_line_ = f_.line_base + st.line - 1;
    } else if (((kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK") &&
                !b["chain"].boolean()) ||
               kind == "TRANS_STMT_PREPARE") {
      open_.reset();
    }
    return t;
  }

 private:
  const LintFile& f_;
  std::optional<size_t> open_;  // the BEGIN of the block we are in
  int open_line_ = 0;
};

void AddFinding(LintReport& report, Finding finding) {
  (finding.severity == Severity::kError ? report.errors : report.warnings)++;
  report.findings.push_back(std::move(finding));
}

struct Deferred {
  Finding finding;
  std::function<bool(const Facts&)> resolved;
};

class FileLinter : public Reporter {
 public:
  FileLinter(const LintFile& f, const LintOptions& o, Facts& facts, LintReport& report,
             std::vector<Deferred>& deferred)
      : f_(f), sql_(f.sql()), o_(o), facts_(facts), report_(report), deferred_(deferred) {}

  void Run();
  void Report(size_t offset, std::string message) override;
  void ReportFileWide(size_t offset, std::string message) override;
  void ReportUnlessResolved(size_t offset, std::string message,
                            std::function<bool(const Facts&)> resolved) override;

 private:
  bool Ignored(std::string_view rule, size_t offset) const;
  Severity SeverityOf(const Rule& r) const;
  Finding MakeFinding(size_t offset, std::string message) const;
  // The line indexes, built on first use: a file without findings never indexes its lines.
  const LineIndex& SqlLines() const;
  const LineIndex& FileLines() const;
  void Check(const sql::Statement& st, FileContext& fctx);
  void ReportSyntaxError(const Status& error);

  const LintFile& f_;
  std::string_view sql_;
  const LintOptions& o_;
  Facts& facts_;
  LintReport& report_;
  std::vector<Deferred>& deferred_;
  mutable std::optional<LineIndex> sql_lines_, file_lines_;  // see SqlLines()
  std::vector<std::pair<const Rule*, Severity>> active_;
  sql::SearchPath path_;
  TransactionTracker transactions_{f_};
  size_t index_ = 0;
  // The statements' spans, kept only when the file has ignore comments (to find the statement
  // a finding belongs to).
  std::vector<sql::StatementSpan> spans_;
  std::vector<Ignore> ignores_;
  const Rule* rule_ = nullptr;
  Severity severity_ = Severity::kError;
  bool file_wide_ = false;
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
  auto end_of = [&](size_t k) { return spans_[k].offset + spans_[k].length; };
  size_t i = static_cast<size_t>(std::partition_point(spans_.begin(), spans_.end(),
                                                      [&](const sql::StatementSpan& s) {
                                                        return offset >= s.offset + s.length;
                                                      }) -
                                 spans_.begin());
  if (i == spans_.size() && i > 0) --i;
  auto line_of = [&](size_t off) { return SqlLines().At(std::min(off, sql_.size())).first; };
  for (const auto& ig : ignores_) {
    if (!ig.rules.count(rule) && !ig.rules.count("all")) continue;
    if (file_wide_ || spans_.empty()) return true;
    size_t begin = i == 0 ? 0 : end_of(i - 1);
    bool trails_previous = i > 0 && line_of(ig.offset) == line_of(end_of(i - 1));
    bool before_or_in = ig.offset >= begin && ig.offset < end_of(i) && !trails_previous;
    size_t next_start = i + 1 < spans_.size() ? spans_[i + 1].offset : sql_.size();
    bool trails = ig.offset >= end_of(i) && ig.offset < next_start &&
                  line_of(ig.offset) == line_of(end_of(i));
    if (before_or_in || trails) return true;
  }
  return false;
}

const LineIndex& FileLinter::SqlLines() const {
  if (!sql_lines_) sql_lines_.emplace(sql_);
  return *sql_lines_;
}

const LineIndex& FileLinter::FileLines() const {
  if (!file_lines_) file_lines_.emplace(f_.content);
  return *file_lines_;
}

void FileLinter::Report(size_t offset, std::string message) {
  if (Ignored(rule_->id, offset)) return;
  AddFinding(report_, MakeFinding(offset, std::move(message)));
}

void FileLinter::ReportFileWide(size_t offset, std::string message) {
  file_wide_ = true;
  Report(offset, std::move(message));
  file_wide_ = false;
}

void FileLinter::ReportUnlessResolved(size_t offset, std::string message,
                                      std::function<bool(const Facts&)> resolved) {
  if (Ignored(rule_->id, offset)) return;
  deferred_.push_back({MakeFinding(offset, std::move(message)), std::move(resolved)});
}

Finding FileLinter::MakeFinding(size_t offset, std::string message) const {
  const LineIndex& file_lines = FileLines();
  Finding fd;
  fd.rule_id = rule_->id;
  fd.severity = severity_;
  fd.file = f_.path;
  size_t at = std::min(offset, sql_.size());
  auto [line, col] = SqlLines().At(at);
  fd.line = f_.line_base + line - 1;  // expansions never span lines
  fd.column = f_.shifts.empty() ? col : migrate::OriginalColumn(sql_, f_.shifts, at, col);
  if (fd.line > file_lines.count()) {
    // An empty up section after a `-- up` on the file's last line, without a line break: its
    // line is past the end, so the finding points just after the marker.
    fd.line = file_lines.count();
    fd.column = static_cast<int>(file_lines.Line(fd.line).size()) + 1;
  }
  fd.message = std::move(message);
  fd.summary = rule_->summary;
  fd.reason = rule_->reason;
  fd.fix = rule_->safe_alternative;  // views of the static descriptor
  fd.source_line = file_lines.Line(fd.line);
  return fd;
}

void FileLinter::ReportSyntaxError(const Status& error) {
  static const Rule kSyntax{"syntax-error",
                            "the file does not parse",
                            "PostgreSQL rejects it",
                            "",
                            Severity::kError,
                            nullptr,
                            nullptr};
  rule_ = &kSyntax;
  severity_ = Severity::kError;
  ignores_.clear();  // an ignore comment does not silence a file that does not parse
  // The parser's position counts characters, not bytes.
  Report(pg::ErrorPositionToOffset(sql_, error.position()), error.message());
}

void FileLinter::Check(const sql::Statement& st, FileContext& fctx) {
  path_.Apply(st);
  sql::Analysis an = sql::Analyze(st, path_);
  StatementContext ctx{fctx, index_, st, an, facts_, path_, transactions_.Next(st, index_)};
  for (const auto& [rule, sev] : active_) {
    if (!rule->check_statement) continue;
    rule_ = rule;
    severity_ = sev;
    rule->check_statement(ctx, *this);
  }
  facts_.Apply(st, an, path_);
  fctx.statements = ++index_;
}

void FileLinter::Run() {
  for (const Rule* r : AllRules()) {
    Severity s = SeverityOf(*r);
    if (s != Severity::kOff) active_.emplace_back(r, s);
  }
  ignores_ = FindIgnores(sql_);
  // What this file adds is taken back if it turns out not to parse: then its only finding is
  // the syntax error, and it changes nothing the later files see.
  const size_t findings = report_.findings.size(), deferred = deferred_.size();
  const size_t errors = report_.errors, warnings = report_.warnings;
  facts_.StartFile();
  FileContext fctx{f_, o_.settings, facts_};
  // Each statement is checked once the next one is parsed, so the span that follows it is
  // known to ignore comments trailing it.
  std::optional<sql::Statement> held;
  Status parsed = sql::ForEachStatement(sql_, f_.path, [&](sql::Statement& st) {
    if (!ignores_.empty()) spans_.push_back({st.offset, st.length});
    if (held) Check(*held, fctx);
    held = std::move(st);
    return Status::Ok();
  });
  if (parsed.ok() && held) Check(*held, fctx);
  held.reset();
  if (!parsed.ok()) {
    report_.findings.resize(findings);
    deferred_.resize(deferred);
    report_.errors = errors;
    report_.warnings = warnings;
    facts_.RollbackFile();
    ReportSyntaxError(parsed);
    return;
  }
  report_.statements += index_;
  for (const auto& [rule, sev] : active_) {
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
    AddFinding(report, std::move(d.finding));
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
