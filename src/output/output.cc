#include "output/output.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/process.h"
#include "base/secrets.h"
#include "pg/conninfo.h"

namespace pgcrate::output {
namespace {

// Diagnostics (stderr, JSON error documents) may quote a connection string the user gave:
// each is printed redacted. Data (stdout) is written as it is, byte for byte.
std::string Scrub(std::string_view text) { return pg::RedactConnInfoInText(base::Redact(text)); }

// Writes `text` and a final line break when it lacks one (without copying: data can be a
// 100 MB script).
void Write(FILE* f, std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), f);
  if (text.empty() || text.back() != '\n') std::fputc('\n', f);
  std::fflush(f);
}

// nlohmann's serializer writing straight to a FILE: a document holding a 100 MB string is not
// built a second time as one dump string.
class FileAdapter : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  explicit FileAdapter(FILE* f) : f_(f) {}
  void write_character(char c) override { putc_unlocked(c, f_); }
  void write_characters(const char* s, std::size_t n) override { std::fwrite(s, 1, n, f_); }

 private:
  FILE* f_;
};

// As dump(2) with invalid UTF-8 replaced, then a line break.
void WriteJson(FILE* f, const nlohmann::ordered_json& doc) {
  nlohmann::detail::serializer<nlohmann::ordered_json> out(
      std::make_shared<FileAdapter>(f), ' ', nlohmann::ordered_json::error_handler_t::replace);
  out.dump(doc, true, false, 2);
  std::fputc('\n', f);
  std::fflush(f);
}

}  // namespace

Output::Output(Mode mode)
    : mode_(mode), color_(base::IsTty(STDERR_FILENO) && base::GetEnv("NO_COLOR").empty()) {}

std::string Output::Paint(std::string_view text, const char* ansi) const {
  if (!color_) return std::string(text);
  return std::string(ansi) + std::string(text) + "\033[0m";
}

void Output::Data(std::string_view text) const { Write(stdout, text); }

void Output::DataPart(std::string_view text, bool last) const {
  // Data is written as it is, like Data() (a chunk boundary could also split a secret).
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (last) std::fflush(stdout);
}

void Output::Json(nlohmann::ordered_json doc) const {
  nlohmann::ordered_json out;
  out["ok"] = true;
  for (auto& [k, v] : doc.items()) {
    if (k != "ok") out[k] = std::move(v);
  }
  WriteJson(stdout, out);
}

void Output::Info(std::string_view text) const {
  if (!mode_.quiet && !mode_.json) Write(stderr, Scrub(text));
}

void Output::Warn(std::string_view text) const {
  if (!mode_.json) Write(stderr, Paint("warning: ", "\033[33m") + Scrub(text));
}

void Output::Sql(std::string_view sql) const {
  if (mode_.verbose && !mode_.json) Write(stderr, Paint("-- sql: ", "\033[2m") + Scrub(sql));
}

void Output::Error(const Status& status) const {
  if (mode_.json) {
    Write(stdout, ErrorJson(status).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  std::string text = Paint("error: ", "\033[31m") + Scrub(status.ToString());
  std::string extras = StatusExtras(status);
  if (!extras.empty()) text += "\n" + Scrub(extras);
  Write(stderr, text);
}

nlohmann::ordered_json ErrorJson(const Status& status) {
  nlohmann::ordered_json err;
  std::string message = status.ToString();
  err["message"] = message.empty() ? "unknown error" : Scrub(message);
  std::string extras = StatusExtras(status);
  if (!extras.empty()) err["details"] = Scrub(extras);
  nlohmann::ordered_json doc;
  doc["ok"] = false;
  doc["error"] = err;
  return doc;
}

std::string StatusExtras(const Status& status) {
  std::vector<std::string> lines;
  if (!status.details().empty()) lines.push_back("detail: " + status.details());
  if (!status.hint().empty()) lines.push_back("hint: " + status.hint());
  if (!status.object().empty()) lines.push_back("object: " + status.object());
  if (!status.sqlstate().empty()) lines.push_back("sqlstate: " + status.sqlstate());
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\n  " : "  ") + lines[i];
  return out;
}

namespace {

// `cell(r, c)` is row r's column c (an empty view past a short row's end).
template <typename Cell>
std::string Render(const std::vector<std::string>& headers, size_t rows, const Cell& cell,
                   bool footer) {
  std::vector<size_t> width(headers.size());
  for (size_t c = 0; c < headers.size(); ++c) width[c] = headers[c].size();
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < width.size(); ++c) width[c] = std::max(width[c], cell(r, c).size());
  }
  size_t line_width = 2;
  for (size_t w : width) line_width += w + 3;
  std::string out;
  out.reserve(line_width * (rows + 2) + 32);
  auto line = [&](auto&& text_of) {
    for (size_t c = 0; c < width.size(); ++c) {
      out += c ? " | " : " ";
      std::string_view text = text_of(c);
      out += text;
      out.append(width[c] - text.size(), ' ');
    }
    out += " \n";
  };
  line([&](size_t c) { return std::string_view(headers[c]); });
  for (size_t c = 0; c < width.size(); ++c) {
    out += c ? "-+-" : "-";
    out.append(width[c], '-');
  }
  out += "-\n";
  for (size_t r = 0; r < rows; ++r) line([&](size_t c) { return cell(r, c); });
  if (footer) out += "(" + std::to_string(rows) + (rows == 1 ? " row)" : " rows)");
  return out;
}

}  // namespace

std::string RenderTable(const std::vector<std::string>& headers,
                        const std::vector<std::vector<std::string>>& rows, bool footer) {
  return Render(
      headers, rows.size(),
      [&rows](size_t r, size_t c) {
        return c < rows[r].size() ? std::string_view(rows[r][c]) : std::string_view();
      },
      footer);
}

std::string RenderTableCells(const std::vector<std::string>& headers,
                             const std::vector<std::string_view>& cells, bool footer) {
  size_t n = headers.empty() ? 0 : cells.size() / headers.size();
  return Render(
      headers, n, [&](size_t r, size_t c) { return cells[r * headers.size() + c]; }, footer);
}

}  // namespace pgcrate::output
