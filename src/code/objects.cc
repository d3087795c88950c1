#include "code/objects.h"

#include <map>
#include <set>

#include "base/files.h"
#include "base/strings.h"
#include "code/definition.h"
#include "migrate/migration_file.h"
#include "migrate/prepare.h"
#include "sql/comments.h"
#include "sql/references.h"

namespace pgcrate::code {
namespace {

using sql::JsonRef;

// Where a statement's SQL starts (after the comments and blank lines before it).
SourceLocation StatementLocation(const std::string& path, std::string_view text,
                                 const sql::Statement& st) {
  size_t off = migrate::SkipLeadingComments(text, st.offset);
  auto [line, col] = base::LineColumnAt(text, off);
  return {path, line, col};
}

bool IsPlpgsql(const sql::Statement& st) {
  JsonRef options = st.node.node_body()["options"];
  for (size_t i = 0; i < options.size(); ++i) {
    JsonRef def = options.at(i)["DefElem"];
    if (def["defname"].str() == "language") return def["arg"]["String"]["sval"].str() != "sql";
  }
  return false;
}

// Fills `o.hard` / `o.soft` from the statement's references.
void ReadReferences(const sql::Statement& st, CodeObject& o) {
  sql::References refs = sql::FindReferences(st);
  auto append = [](std::vector<sql::ObjectName>& to, const sql::References& r) {
    to.insert(to.end(), r.relations.begin(), r.relations.end());
    to.insert(to.end(), r.functions.begin(), r.functions.end());
    to.insert(to.end(), r.types.begin(), r.types.end());
  };
  bool routine = o.kind == "function" || o.kind == "procedure";
  if (routine && IsPlpgsql(st)) {
    // PL/pgSQL bodies are resolved when they run: only the signature ties the routine.
    JsonRef body = st.node.node_body();
    append(o.hard, sql::FindReferencesIn(body["parameters"]));
    append(o.hard, sql::FindReferencesIn(body["returnType"]));
    append(o.soft, refs);
  } else {
    append(o.hard, refs);
  }
  if (!o.table.empty()) {
    JsonRef body = st.node.node_body();
    JsonRef rv = o.kind == "trigger" ? body["relation"] : body["table"];
    o.hard.push_back(
        {"relation", std::string(rv["schemaname"].str()), std::string(rv["relname"].str())});
  }
}

std::string Key(std::string_view schema, std::string_view name) {
  return std::string(schema) + '\x1f' + std::string(name);
}

struct Lookup {
  std::map<std::string, size_t> relations, types;
  std::map<std::string, std::vector<size_t>> routines;
};

Lookup BuildLookup(const CodeSet& set) {
  Lookup l;
  for (size_t i = 0; i < set.objects.size(); ++i) {
    const CodeObject& o = set.objects[i];
    std::string key = Key(o.schema, o.name);
    if (o.kind == "view" || o.kind == "materialized view") l.relations[key] = i;
    if (o.kind == "type" || o.kind == "domain") l.types[key] = i;
    if (o.kind == "function" || o.kind == "procedure" || o.kind == "aggregate") {
      l.routines[key].push_back(i);
    }
  }
  return l;
}

// The code objects a reference names (empty: not a code object).
std::vector<size_t> Targets(const Lookup& l, const sql::ObjectName& ref,
                            const std::vector<std::string>& path) {
  std::vector<std::string> schemas = ref.schema.empty() ? path : std::vector{ref.schema};
  for (const auto& s : schemas) {
    std::string key = Key(s, ref.name);
    if (ref.kind == "function") {
      if (auto it = l.routines.find(key); it != l.routines.end()) return it->second;
      continue;
    }
    const auto& map = ref.kind == "type" ? l.types : l.relations;
    if (auto it = map.find(key); it != map.end()) return {it->second};
  }
  return {};
}

Status CheckDuplicates(const CodeSet& set) {
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < set.objects.size(); ++i) {
    const CodeObject& o = set.objects[i];
    auto [it, fresh] = seen.emplace(o.identity, i);
    if (fresh) continue;
    const CodeObject& first = set.objects[it->second];
    return Status(Code::kConflict, o.identity + " is defined twice: " + first.file + ":" +
                                       std::to_string(first.line) + " and " + o.file + ":" +
                                       std::to_string(o.line) + ".")
        .WithLocation({o.file, o.line, o.column})
        .WithHint("keep one definition of each object in the code folder.");
  }
  return Status::Ok();
}

// The index of the object one attachment name means, or -1.
long MatchName(const CodeSet& set, const std::string& name) {
  if (!base::EndsWith(name, "(*)")) return set.Find(name);
  std::string prefix = name.substr(0, name.size() - 2);
  long found = -1;
  for (size_t i = 0; i < set.objects.size(); ++i) {
    if (!base::StartsWith(set.objects[i].identity, prefix)) continue;
    if (found >= 0) return -2;  // ambiguous
    found = static_cast<long>(i);
  }
  return found;
}

Status ResolveAttachment(CodeSet& set, size_t index) {
  Attachment& a = set.attachments[index];
  for (const auto& candidates : a.names) {
    long hit = -1;
    for (const auto& name : candidates) {
      hit = MatchName(set, name);
      if (hit != -1) break;
    }
    if (hit < 0) {
      return Status(Code::kConfig,
                    std::string(hit == -2 ? "ambiguous: several code objects match " : "") +
                        candidates.front() +
                        (hit == -2 ? "" : " is not defined in the code folder") +
                        "; COMMENT ON and GRANT here may only name code objects.")
          .WithLocation({a.file, a.line, a.column})
          .WithHint(hit == -2 ? "give the argument types."
                              : "define it in the code folder, or "
                                "move this statement into a migration.");
    }
    a.targets.push_back(static_cast<size_t>(hit));
    set.objects[static_cast<size_t>(hit)].attachments.push_back(index);
  }
  return Status::Ok();
}

}  // namespace

long CodeSet::Find(const std::string& identity) const {
  for (size_t i = 0; i < objects.size(); ++i) {
    if (objects[i].identity == identity) return static_cast<long>(i);
  }
  return -1;
}

std::string Normalise(std::string_view text) {
  auto tokens = sql::ScanTokens(text);
  if (!tokens.ok()) return std::string(text);
  std::string out;
  for (const sql::Token& t : tokens.value()) {
    if (t.kind == sql::TokenKind::kComment) continue;
    if (!out.empty()) out += ' ';
    out.append(text.substr(t.start, t.end - t.start));
  }
  return out;
}

Status AddFile(const std::string& path, std::string_view text, const LoadOptions& options,
               CodeSet& set) {
  auto stmts = sql::ParseScript(text, path);
  if (!stmts.ok()) return stmts.status();
  const std::string& def = options.search_path.empty() ? "public" : options.search_path.front();
  for (const sql::Statement& st : stmts.value()) {
    SourceLocation loc = StatementLocation(path, text, st);
    CodeObject o;
    Attachment a;
    bool is_attachment = false;
    PGCRATE_RETURN_IF_ERROR(internal::ReadStatement(st, def, loc, o, a, &is_attachment));
    if (is_attachment) {
      a.file = path;
      a.line = loc.line;
      a.column = loc.column;
      a.sql = st.text;
      set.attachments.push_back(std::move(a));
      continue;
    }
    o.file = path;
    o.line = loc.line;
    o.column = loc.column;
    o.create_sql = st.text;
    o.sql_line = st.line;
    o.sql_column = st.column;
    ReadReferences(st, o);
    set.objects.push_back(std::move(o));
  }
  return Status::Ok();
}

Status Resolve(CodeSet& set, const LoadOptions& options) {
  PGCRATE_RETURN_IF_ERROR(CheckDuplicates(set));
  Lookup lookup = BuildLookup(set);
  for (size_t i = 0; i < set.objects.size(); ++i) {
    CodeObject& o = set.objects[i];
    std::set<size_t> deps;
    for (const auto& ref : o.hard) {
      auto targets = Targets(lookup, ref, options.search_path);
      if (targets.empty() && ref.kind != "function") o.external.push_back(ref);
      for (size_t t : targets)
        if (t != i) deps.insert(t);
    }
    o.deps.assign(deps.begin(), deps.end());
  }
  for (size_t i = 0; i < set.attachments.size(); ++i) {
    PGCRATE_RETURN_IF_ERROR(ResolveAttachment(set, i));
  }
  for (CodeObject& o : set.objects) {
    std::string text = Normalise(o.create_sql);
    for (size_t a : o.attachments) text += "\n" + Normalise(set.attachments[a].sql);
    o.hash = migrate::Sha256Hex(text);
  }
  return Status::Ok();
}

Result<CodeSet> LoadCodeFolder(const std::string& dir, const LoadOptions& options) {
  CodeSet set;
  if (!base::Exists(dir)) return set;
  if (!base::IsDirectory(dir)) {
    return Status(Code::kConfig, "[paths] code is " + dir + ", which is not a folder.");
  }
  auto files = base::FindFiles(dir, ".sql");
  if (!files.ok()) return files.status();
  for (const std::string& path : files.value()) {
    auto text = base::ReadFile(path);
    if (!text.ok()) return text.status();
    PGCRATE_RETURN_IF_ERROR(AddFile(path, text.value(), options, set));
  }
  PGCRATE_RETURN_IF_ERROR(Resolve(set, options));
  return set;
}

}  // namespace pgcrate::code
