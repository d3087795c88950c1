#include "migrate/templates.h"

#include <cctype>

#include "base/strings.h"
#include "sql/quote.h"

namespace pgcrate::migrate {
namespace {

bool IdentStart(unsigned char c) { return std::isalpha(c) != 0 || c == '_' || c >= 0x80; }
bool IdentChar(unsigned char c) { return IdentStart(c) || std::isdigit(c) != 0 || c == '$'; }

// A placeholder at `pos` (which starts with "{{"): its length and the trimmed path inside, or
// length 0 when the braces do not hold a dotted identifier path.
struct Placeholder {
  size_t length = 0;
  std::string path;
};

Placeholder ReadPlaceholder(std::string_view text, size_t pos) {
  size_t i = pos + 2;
  while (i < text.size() && text[i] == ' ') ++i;
  size_t begin = i;
  bool want_start = true;
  for (; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (want_start) {
      if (!IdentStart(c)) return {};
      want_start = false;
    } else if (c == '.') {
      want_start = true;
    } else if (!IdentChar(c)) {
      break;
    }
  }
  if (want_start) return {};
  size_t end = i;
  while (i < text.size() && text[i] == ' ') ++i;
  if (text.substr(i, 2) != "}}") return {};
  return {i + 2 - pos, std::string(text.substr(begin, end - begin))};
}

Status PlaceholderError(const std::string& path, int first_line, std::string_view text, size_t pos,
                        const std::string& message, const std::string& hint) {
  auto [line, col] = base::LineColumnAt(text, pos);
  return Status(Code::kParse, message)
      .WithLocation({path, first_line + line - 1, col})
      .WithHint(hint);
}

// The expansion of `p` in `ctx`, or the reason it has none ("" expansion with a message).
Result<std::string> Expansion(const Placeholder& p, const TemplateContext& ctx) {
  const std::string kHint =
      "module migrations know {{tables.NAME}} (the module schema's qualified table name) and "
      "{{schema}} (the module's schema).";
  bool table = base::StartsWith(p.path, "tables.") && p.path.find('.', 7) == std::string::npos &&
               p.path.size() > 7;
  if (p.path != "schema" && !table) {
    if (!ctx.module) return std::string();  // not ours: left as written
    return Status(Code::kParse, "unknown template placeholder {{" + p.path + "}}.").WithHint(kHint);
  }
  if (!ctx.module) {
    return Status(Code::kParse, "template placeholder {{" + p.path +
                                    "}} outside a module: the project's own migrations are "
                                    "not expanded.")
        .WithHint(
            "move the migration into a module ([modules.NAME] in pgcrate.toml, with a schema), "
            "or write the name itself.");
  }
  if (p.path == "schema") {
    if (ctx.schema.empty()) {
      return Status(Code::kParse, "{{schema}} is used but the module has no schema.")
          .WithHint("set schema = \"...\" in the module's [modules.NAME] section.");
    }
    return sql::QuoteIdent(ctx.schema);
  }
  std::string name = p.path.substr(7);
  return ctx.schema.empty() ? sql::QuoteIdent(name) : sql::QualifiedName(ctx.schema, name);
}

}  // namespace

Result<std::string> ExpandTemplates(std::string_view text, const TemplateContext& ctx,
                                    const std::string& path, int first_line,
                                    std::vector<TemplateShift>* shifts) {
  if (ctx.schema.find_first_of("\r\n") != std::string::npos) {
    return Status(Code::kParse,
                  "the module schema name contains a line break; templates "
                  "cannot expand it.")
        .WithLocation({path, 0, 0});
  }
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", pos)) {
    Placeholder p = ReadPlaceholder(text, at);
    if (p.length == 0) {
      out.append(text.substr(pos, at + 2 - pos));
      pos = at + 2;
      continue;
    }
    auto expanded = Expansion(p, ctx);
    if (!expanded.ok()) {
      return PlaceholderError(path, first_line, text, at, expanded.status().message(),
                              expanded.status().hint());
    }
    out.append(text.substr(pos, at - pos));
    if (expanded->empty()) {
      out.append(text.substr(at, p.length));
    } else {
      size_t start = out.size();
      out += expanded.value();
      shifts->push_back(
          {start, out.size(), static_cast<long>(expanded->size()) - static_cast<long>(p.length)});
    }
    pos = at + p.length;
  }
  out.append(text.substr(pos));
  return out;
}

Status ExpandFileTemplates(MigrationFile& f, const TemplateContext& ctx) {
  if (f.up_sql.find("{{") != std::string::npos) {
    auto up = ExpandTemplates(f.up_sql, ctx, f.path, f.up_line, &f.up_shifts);
    if (!up.ok()) return up.status();
    f.up_sql = std::move(up).value();
  }
  if (f.down_sql.find("{{") != std::string::npos) {
    auto down = ExpandTemplates(f.down_sql, ctx, f.path, f.down_line, &f.down_shifts);
    if (!down.ok()) return down.status();
    f.down_sql = std::move(down).value();
  }
  return Status::Ok();
}

int OriginalColumn(std::string_view expanded, const std::vector<TemplateShift>& shifts,
                   size_t offset, int column) {
  size_t line_start = expanded.find_last_of("\r\n", offset == 0 ? 0 : offset - 1);
  line_start = line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1;
  long col = column;
  for (const TemplateShift& s : shifts) {
    if (s.start < line_start || s.start >= offset) continue;
    if (offset < s.end) return static_cast<int>(col - static_cast<long>(offset - s.start));
    col -= s.delta;
  }
  return static_cast<int>(col);
}

}  // namespace pgcrate::migrate
