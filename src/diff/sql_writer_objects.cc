// The non-table half of sql_writer.h: views, sequences, types, functions, schemas,
// extensions.
#include "base/strings.h"
#include "diff/sql_writer.h"
#include "sql/quote.h"

namespace pgcrate::diff {
namespace {

using sql::QualifiedName;
using sql::QuoteIdent;
using sql::QuoteLiteral;

std::string TrimSemicolon(std::string s) {
  s = base::Trim(s);
  while (!s.empty() && s.back() == ';') s.pop_back();
  return s;
}

std::string SequenceOptions(const catalog::Sequence& s) {
  return "AS " + s.type + "\n    START WITH " + std::to_string(s.start) + "\n    INCREMENT BY " +
         std::to_string(s.increment) + "\n    MINVALUE " + std::to_string(s.min) +
         "\n    MAXVALUE " + std::to_string(s.max) + "\n    CACHE " + std::to_string(s.cache) +
         (s.cycle ? "\n    CYCLE" : "\n    NO CYCLE");
}

const char* FunctionWord(catalog::FunctionKind k) {
  switch (k) {
    case catalog::FunctionKind::kProcedure:
      return "PROCEDURE";
    case catalog::FunctionKind::kAggregate:
      return "AGGREGATE";
    default:
      return "FUNCTION";
  }
}

}  // namespace

std::string CreateView(const catalog::View& v) {
  std::string sql = std::string("CREATE ") + (v.materialized ? "MATERIALIZED " : "") + "VIEW " +
                    QualifiedName(v.schema, v.name);
  if (!v.options.empty()) sql += " WITH (" + v.options + ")";
  sql += " AS\n" + TrimSemicolon(v.definition);
  if (!v.check_option.empty()) sql += "\n  WITH " + base::ToLower(v.check_option) + " CHECK OPTION";
  return sql + ";";
}

std::string DropView(const catalog::View& v) {
  return std::string("DROP ") + (v.materialized ? "MATERIALIZED " : "") + "VIEW " +
         QualifiedName(v.schema, v.name) + ";";
}

std::string CreateSequence(const catalog::Sequence& s) {
  return "CREATE SEQUENCE " + QualifiedName(s.schema, s.name) + "\n    " + SequenceOptions(s) + ";";
}

std::string AlterSequence(const catalog::Sequence& s) {
  return "ALTER SEQUENCE " + QualifiedName(s.schema, s.name) + "\n    " + SequenceOptions(s) + ";";
}

std::string SequenceOwnedBy(const catalog::Sequence& s) {
  std::string owner =
      s.owned_table.empty() ? "NONE" : s.owned_table + "." + QuoteIdent(s.owned_column);
  return "ALTER SEQUENCE " + QualifiedName(s.schema, s.name) + " OWNED BY " + owner + ";";
}

std::string DropSequence(const catalog::Sequence& s) {
  return "DROP SEQUENCE " + QualifiedName(s.schema, s.name) + ";";
}

std::string CreateType(const catalog::Type& t) {
  std::string name = QualifiedName(t.schema, t.name);
  std::vector<std::string> parts;
  switch (t.kind) {
    case catalog::TypeKind::kEnum:
      for (const std::string& l : t.labels) parts.push_back("    " + QuoteLiteral(l));
      return "CREATE TYPE " + name + " AS ENUM (\n" + base::Join(parts, ",\n") + "\n);";
    case catalog::TypeKind::kRange:
      return "CREATE TYPE " + name + " AS RANGE (SUBTYPE = " + t.base_type + ");";
    case catalog::TypeKind::kComposite:
      for (const catalog::Column& a : t.attributes) {
        parts.push_back("    " + QuoteIdent(a.name) + " " + a.type +
                        (a.collation.empty() ? "" : " COLLATE " + a.collation));
      }
      return "CREATE TYPE " + name + " AS (\n" + base::Join(parts, ",\n") + "\n);";
    case catalog::TypeKind::kDomain:
      break;
  }
  std::string sql = "CREATE DOMAIN " + name + " AS " + t.base_type;
  if (!t.collation.empty()) sql += " COLLATE " + t.collation;
  if (!t.default_expr.empty()) sql += " DEFAULT " + t.default_expr;
  if (t.not_null) sql += " NOT NULL";
  for (const catalog::DomainConstraint& k : t.checks) {
    sql += "\n    CONSTRAINT " + QuoteIdent(k.name) + " " + k.definition;
  }
  return sql + ";";
}

std::string DropType(const catalog::Type& t) {
  return std::string(t.kind == catalog::TypeKind::kDomain ? "DROP DOMAIN " : "DROP TYPE ") +
         QualifiedName(t.schema, t.name) + ";";
}

std::string FunctionSignature(const catalog::Function& f) {
  std::string args = f.identity_args;
  if (f.kind == catalog::FunctionKind::kAggregate && args.empty()) args = "*";
  return std::string(FunctionWord(f.kind)) + " " + QualifiedName(f.schema, f.name) + "(" + args +
         ")";
}

std::string CreateFunction(const catalog::Function& f) { return TrimSemicolon(f.definition) + ";"; }

std::string DropFunction(const catalog::Function& f) {
  return "DROP " + FunctionSignature(f) + ";";
}

std::string CreateSchema(const std::string& name) {
  return "CREATE SCHEMA " + QuoteIdent(name) + ";";
}

std::string DropSchema(const std::string& name) { return "DROP SCHEMA " + QuoteIdent(name) + ";"; }

std::string CreateExtension(const catalog::Extension& e) {
  return "CREATE EXTENSION IF NOT EXISTS " + QuoteIdent(e.name) + " WITH SCHEMA " +
         QuoteIdent(e.schema) + ";";
}

std::string DropExtension(const std::string& name) {
  return "DROP EXTENSION " + QuoteIdent(name) + ";";
}

}  // namespace pgcrate::diff
