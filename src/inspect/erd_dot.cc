// The Graphviz DOT of an Erd. Names reach DOT in two forms, each escaped for its own syntax:
// quoted IDs and tooltips (DOT strings: `"` and `\` backslash-escaped, line breaks as \n) and
// HTML-like labels (XML text: & < > " ' as entities, control characters shown as \n, \t,
// \xNN since an XML parser refuses them). Record labels are not used, so `{`, `|` and `<`
// have no meaning in a name.
#include <cstdio>
#include <string>

#include "base/strings.h"
#include "inspect/erd.h"

namespace pgcrate::inspect {
namespace {

std::string ControlText(char c) {
  if (c == '\n') return "\\n";
  if (c == '\r') return "\\r";
  if (c == '\t') return "\\t";
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
  return buf;
}

// A DOT double-quoted string (an ID or an escString attribute such as a tooltip).
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (base::IsAsciiControl(c)) {
      out += "\\" + ControlText(c);  // the backslash doubled: shown, not interpreted
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Text inside an HTML-like label.
std::string Html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += base::IsAsciiControl(c) ? ControlText(c) : std::string(1, c);
    }
  }
  return out;
}

std::string KeyMarks(const ErdColumn& c) {
  std::string keys;
  auto add = [&keys](const char* k) { keys += keys.empty() ? k : std::string(", ") + k; };
  if (c.primary_key) add("PK");
  if (c.foreign_key) add("FK");
  if (c.unique) add("UK");
  return keys;
}

std::string Header(const ErdTable& t) {
  std::string note;
  if (t.external) {
    note = "outside the drawn schemas";
  } else if (t.partitioned) {
    note = "partitioned, " + std::to_string(t.partitions) + " partition" +
           (t.partitions == 1 ? "" : "s");
  }
  std::string cell = "<B>" + Html(t.Qualified()) + "</B>";
  if (!note.empty()) cell += "<BR/><FONT POINT-SIZE=\"8\">" + note + "</FONT>";
  return "<TR><TD COLSPAN=\"3\" BGCOLOR=\"" + std::string(t.external ? "#eeeeee" : "#dde6f0") +
         "\">" + cell + "</TD></TR>";
}

std::string Node(const ErdTable& t) {
  std::string rows = Header(t);
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const ErdColumn& c = t.columns[i];
    rows += "<TR><TD ALIGN=\"LEFT\" PORT=\"c" + std::to_string(i) + "\">" + Html(c.name) +
            "</TD><TD ALIGN=\"LEFT\">" + Html(c.type) + "</TD><TD>" + KeyMarks(c) + "</TD></TR>";
  }
  return "  " + Quoted(t.Qualified()) +
         " [label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\">" +
         rows + "</TABLE>>];\n";
}

// The node and, when the column is drawn, its port: "\"public.t\":c2".
std::string End(const ErdTable& t, const std::vector<std::string>& columns) {
  std::string id = Quoted(t.Qualified());
  if (columns.empty()) return id;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].name == columns.front()) return id + ":c" + std::to_string(i);
  }
  return id;
}

std::string Edge(const Erd& erd, const ErdForeignKey& fk) {
  std::string name = fk.names.front();
  if (fk.names.size() > 1) name += " and " + std::to_string(fk.names.size() - 1) + " more";
  std::string tooltip;
  for (const std::string& n : fk.names) tooltip += (tooltip.empty() ? "" : ", ") + n;
  return "  " + End(erd.tables[fk.from], fk.columns) + " -> " +
         End(erd.tables[fk.to], fk.ref_columns) + " [label=<" + Html(name) + "<BR/>" +
         Html(ColumnMapping(fk)) + ">, tooltip=" + Quoted(tooltip) +
         ", arrowtail=" + (fk.one_to_one ? "tee" : "crow") +
         ", arrowhead=" + (fk.optional ? "teeodot" : "teetee") + "];\n";
}

}  // namespace

std::string RenderDot(const Erd& erd) {
  std::string out =
      "digraph erd {\n"
      "  graph [rankdir=LR, fontname=\"Helvetica\"];\n"
      "  node [shape=plain, fontname=\"Helvetica\", fontsize=10];\n"
      "  edge [dir=both, fontname=\"Helvetica\", fontsize=8];\n";
  for (const ErdTable& t : erd.tables) out += Node(t);
  for (const ErdForeignKey& fk : erd.foreign_keys) out += Edge(erd, fk);
  return out + "}\n";
}

}  // namespace pgcrate::inspect
