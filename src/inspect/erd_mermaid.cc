// The Mermaid `erDiagram` of an Erd. Mermaid's grammar (erDiagram.jison) is narrow: a quoted
// entity name may not hold `"`, `%`, `\` or line breaks; attribute types and names are single
// words of [A-Za-z0-9_-()[]] (starting with a letter, `_` or `*`) and may not be PK, FK or UK
// (any case: the lexer takes them for keys); comments and relationship labels are
// double-quoted without a `"` inside; and a line holding "direction" + blanks + TB/BT/RL/LR
// anywhere is taken for a direction statement. Everything outside that is replaced, and
// distinct tables whose names become equal are told apart by a suffix.
#include <set>
#include <string>
#include <vector>

#include "base/strings.h"
#include "inspect/erd.h"

namespace pgcrate::inspect {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// "direction" + blanks + TB/BT/RL/LR with the blanks made `_`: Mermaid's lexer matches that
// pattern anywhere on a line, inside quotes too, before it looks for anything else.
std::string DefuseDirection(std::string s) {
  std::string lower = base::ToLower(s);
  for (size_t at = lower.find("direction"); at != std::string::npos;
       at = lower.find("direction", at + 1)) {
    size_t end = at + 9;
    while (end < s.size() && IsBlank(s[end])) ++end;
    std::string next = lower.substr(end, 2);
    if (end == at + 9 || (next != "tb" && next != "bt" && next != "rl" && next != "lr")) continue;
    for (size_t i = at + 9; i < end; ++i) s[i] = '_';
  }
  return s;
}

// Text inside a Mermaid quoted entity name.
std::string EntityText(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '"' || c == '%' || c == '\\' || base::IsAsciiControl(c)) ? '_' : c;
  return out.empty() ? "_" : DefuseDirection(out);
}

// Text inside a Mermaid quoted comment or label.
std::string QuotedText(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '"' ? '\'' : base::IsAsciiControl(c) ? ' ' : c;
  return DefuseDirection(out);
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '(' || c == ')' || c == '[' || c == ']';
}

// An attribute type or name as one Mermaid word: "character varying(20)" ->
// "character_varying(20)", "numeric(10,2)" -> "numeric(10_2)", "pk" -> "_pk".
std::string Word(const std::string& s) {
  std::string out;
  for (char c : s) out += IsWordChar(c) ? c : '_';
  if (out.empty() ||
      !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z') || out[0] == '_')) {
    out.insert(out.begin(), '_');
  }
  std::string lower = base::ToLower(out);
  if (lower == "pk" || lower == "fk" || lower == "uk") out.insert(out.begin(), '_');
  return out;
}

// One entity name per table, unique after the replacements.
std::vector<std::string> EntityNames(const Erd& erd) {
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const ErdTable& t : erd.tables) {
    std::string base = EntityText(t.Qualified());
    std::string name = base;
    for (int n = 2; !taken.insert(name).second; ++n) name = base + "~" + std::to_string(n);
    names.push_back("\"" + name + "\"");
  }
  return names;
}

std::string Attribute(const ErdColumn& c) {
  std::vector<std::string> keys;
  if (c.primary_key) keys.emplace_back("PK");
  if (c.foreign_key) keys.emplace_back("FK");
  if (c.unique) keys.emplace_back("UK");
  std::string name = Word(c.name);
  std::string line = "    " + Word(c.type) + " " + name;
  if (!keys.empty()) line += " " + base::Join(keys, ", ");
  if (name != c.name) line += " \"" + QuotedText(c.name) + "\"";
  return line + "\n";
}

std::string Entity(const ErdTable& t, const std::string& name) {
  if (t.columns.empty()) return "  " + name + "\n";
  std::string out = "  " + name + " {\n";
  for (const ErdColumn& c : t.columns) out += Attribute(c);
  return out + "  }\n";
}

// Identifying (solid line) when the referencing columns are all part of the child's PK.
bool Identifying(const Erd& erd, const ErdForeignKey& fk) {
  for (const std::string& col : fk.columns) {
    bool pk = false;
    for (const ErdColumn& c : erd.tables[fk.from].columns) pk |= c.name == col && c.primary_key;
    if (!pk) return false;
  }
  return !fk.columns.empty();
}

std::string Label(const ErdForeignKey& fk) {
  std::string name = fk.names.front();
  if (fk.names.size() > 1) name += " and " + std::to_string(fk.names.size() - 1) + " more";
  return QuotedText(name + " (" + ColumnMapping(fk) + ")");
}

}  // namespace

std::string RenderMermaid(const Erd& erd) {
  std::vector<std::string> names = EntityNames(erd);
  std::string out = "erDiagram\n";
  for (size_t i = 0; i < erd.tables.size(); ++i) out += Entity(erd.tables[i], names[i]);
  for (const ErdForeignKey& fk : erd.foreign_keys) {
    out += "  " + names[fk.from] + " " + (fk.one_to_one ? "|o" : "}o") +
           (Identifying(erd, fk) ? "--" : "..") + (fk.optional ? "o|" : "||") + " " + names[fk.to] +
           " : \"" + Label(fk) + "\"\n";
  }
  return out;
}

}  // namespace pgcrate::inspect
