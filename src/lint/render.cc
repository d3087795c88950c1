#include "lint/render.h"

#include <charconv>
#include <map>

#include "lint/json_writer.h"

namespace pgcrate::lint {
namespace {

constexpr size_t kChunk = size_t{64} * 1024;

// Collects one format's text and hands it to the sink in chunks that end between findings.
class Chunker {
 public:
  explicit Chunker(Sink& sink) : sink_(sink) { buf_.reserve(kChunk + 4096); }
  ~Chunker() {
    if (!buf_.empty()) sink_.Write(buf_);
  }
  std::string& buf() { return buf_; }
  // Called after each finding.
  void MaybeFlush() {
    if (buf_.size() < kChunk) return;
    sink_.Write(buf_);
    buf_.clear();
  }

 private:
  Sink& sink_;
  std::string buf_;
};

class StringSink : public Sink {
 public:
  void Write(std::string_view text) override { out.append(text); }
  std::string out;
};

void AppendInt(int64_t n, std::string& out) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, static_cast<size_t>(end - digits));
}

void Paint(bool color, const char* ansi, std::string_view text, std::string& out) {
  if (color) out.append("\x1b[").append(ansi).append("m");
  out.append(text);
  if (color) out.append("\x1b[0m");
}

// "   12 | CREATE INDEX ..." and the caret line under it.
void AppendSource(const Finding& f, bool color, std::string& out) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, f.line).ptr;
  std::string_view num(digits, static_cast<size_t>(end - digits));
  out.append(num.size() + 1, ' ').append("|\n");
  out.append(" ").append(num).append(" | ").append(f.source_line).append("\n");
  out.append(num.size() + 1, ' ').append("| ");
  for (int i = 1; i < f.column && static_cast<size_t>(i) <= f.source_line.size(); ++i) {
    out += f.source_line[static_cast<size_t>(i) - 1] == '\t' ? '\t' : ' ';
  }
  Paint(color, "1;31", "^", out);
  out += '\n';
}

void AppendIndented(std::string_view label, std::string_view text, std::string& out) {
  if (text.empty()) return;
  size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
    if (first)
      out.append("  = ").append(label).append(": ");
    else
      out.append(6 + label.size(), ' ');
    out.append(line).append("\n");
    first = false;
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

std::string Plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void AppendGithubEscaped(std::string_view s, bool property, std::string& out) {
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
}

void WriteJsonFinding(const Finding& f, JsonWriter& w) {
  w.BeginObject();
  w.Member("rule", f.rule_id);
  w.Member("severity", SeverityName(f.severity));
  w.Member("file", f.file);
  w.Member("line", f.line);
  w.Member("column", f.column);
  w.Member("message", f.message);
  w.Member("summary", f.summary);
  w.Member("reason", f.reason);
  w.Member("fix", f.fix);
  w.Member("source", f.source_line);
  w.EndObject();
}

void WriteSarifRule(const Finding& f, JsonWriter& w) {
  w.BeginObject();
  w.Member("id", f.rule_id);
  w.Key("shortDescription");
  w.BeginObject();
  w.Member("text", f.summary);
  w.EndObject();
  w.Key("fullDescription");
  w.BeginObject();
  w.Member("text", f.reason);
  w.EndObject();
  w.Key("help");
  w.BeginObject();
  w.Member("text", f.fix);
  w.EndObject();
  w.Member("helpUri", "docs/rules/" + std::string(f.rule_id) + ".md");
  w.EndObject();
}

void WriteSarifResult(const Finding& f, size_t rule_index, JsonWriter& w) {
  w.BeginObject();
  w.Member("ruleId", f.rule_id);
  w.Member("ruleIndex", static_cast<int64_t>(rule_index));
  w.Member("level", f.severity == Severity::kError ? "error" : "warning");
  w.Key("message");
  w.BeginObject();
  w.Member("text", f.message);
  w.EndObject();
  w.Key("locations");
  w.BeginArray();
  w.BeginObject();
  w.Key("physicalLocation");
  w.BeginObject();
  w.Key("artifactLocation");
  w.BeginObject();
  w.Member("uri", f.file);
  w.EndObject();
  w.Key("region");
  w.BeginObject();
  w.Member("startLine", f.line);
  w.Member("startColumn", f.column);
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

}  // namespace

bool ParseFormat(const std::string& name, Format& out) {
  if (name == "text")
    out = Format::kText;
  else if (name == "json")
    out = Format::kJson;
  else if (name == "github")
    out = Format::kGithub;
  else if (name == "sarif")
    out = Format::kSarif;
  else
    return false;
  return true;
}

void WriteText(const LintReport& report, bool color, Sink& sink) {
  Chunker chunks(sink);
  std::string& out = chunks.buf();
  for (const auto& f : report.findings) {
    bool err = f.severity == Severity::kError;
    if (color) out.append("\x1b[1m");
    out.append(f.file).append(":");
    AppendInt(f.line, out);
    out.append(":");
    AppendInt(f.column, out);
    out.append(": ");
    if (color) out.append("\x1b[0m");
    Paint(color, err ? "1;31" : "1;33", SeverityName(f.severity), out);
    out.append("[").append(f.rule_id).append("]: ").append(f.message).append("\n");
    AppendSource(f, color, out);
    AppendIndented("why", f.reason, out);
    AppendIndented("fix", f.fix, out);
    out += '\n';
    chunks.MaybeFlush();
  }
  out += Plural(report.errors, "error") + ", " + Plural(report.warnings, "warning") + " in " +
         Plural(report.files, "file") + " (" + Plural(report.statements, "statement") + ")\n";
}

void WriteJson(const LintReport& report, bool ok, Sink& sink) {
  Chunker chunks(sink);
  JsonWriter w(chunks.buf());
  w.BeginObject();
  if (ok) {
    w.Key("ok");
    w.Bool(true);
  }
  w.Key("findings");
  w.BeginArray();
  for (const auto& f : report.findings) {
    WriteJsonFinding(f, w);
    chunks.MaybeFlush();
  }
  w.EndArray();
  w.Key("summary");
  w.BeginObject();
  w.Member("files", static_cast<int64_t>(report.files));
  w.Member("statements", static_cast<int64_t>(report.statements));
  w.Member("errors", static_cast<int64_t>(report.errors));
  w.Member("warnings", static_cast<int64_t>(report.warnings));
  w.EndObject();
  w.EndObject();
}

void WriteGithub(const LintReport& report, Sink& sink) {
  Chunker chunks(sink);
  std::string& out = chunks.buf();
  for (const auto& f : report.findings) {
    out += f.severity == Severity::kError ? "::error " : "::warning ";
    out += "file=";
    AppendGithubEscaped(f.file, true, out);
    out += ",line=";
    AppendInt(f.line, out);
    out += ",col=";
    AppendInt(f.column, out);
    out += ",title=";
    AppendGithubEscaped(f.rule_id, true, out);
    out += "::";
    AppendGithubEscaped(f.message, false, out);
    AppendGithubEscaped("\nfix: ", false, out);
    AppendGithubEscaped(f.fix, false, out);
    out += '\n';
    chunks.MaybeFlush();
  }
}

void WriteSarif(const LintReport& report, std::string_view version, Sink& sink) {
  Chunker chunks(sink);
  JsonWriter w(chunks.buf());
  w.BeginObject();
  w.Member("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.Member("version", "2.1.0");
  w.Key("runs");
  w.BeginArray();
  w.BeginObject();
  w.Key("tool");
  w.BeginObject();
  w.Key("driver");
  w.BeginObject();
  w.Member("name", "pgcrate");
  w.Member("version", version);
  w.Member("informationUri", "https://github.com/pgcrate/pgcrate");
  w.Key("rules");
  w.BeginArray();
  std::map<std::string_view, size_t> index;  // rule id -> position in "rules"
  for (const auto& f : report.findings) {
    if (!index.emplace(f.rule_id, index.size()).second) continue;
    WriteSarifRule(f, w);
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  w.Key("results");
  w.BeginArray();
  for (const auto& f : report.findings) {
    WriteSarifResult(f, index[f.rule_id], w);
    chunks.MaybeFlush();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

std::string RenderText(const LintReport& report, bool color) {
  StringSink s;
  WriteText(report, color, s);
  return std::move(s.out);
}

std::string RenderJson(const LintReport& report) {
  StringSink s;
  WriteJson(report, false, s);
  return std::move(s.out);
}

std::string RenderGithub(const LintReport& report) {
  StringSink s;
  WriteGithub(report, s);
  return std::move(s.out);
}

std::string RenderSarif(const LintReport& report, std::string_view version) {
  StringSink s;
  WriteSarif(report, version, s);
  return std::move(s.out);
}

}  // namespace pgcrate::lint
