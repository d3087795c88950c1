// Schemas, extensions, types, sequences and functions.
#include <algorithm>

#include "base/strings.h"
#include "diff/builder.h"
#include "diff/sql_writer.h"
#include "sql/quote.h"

namespace pgcrate::diff::internal {
namespace {

using sql::QualifiedName;
using sql::QuoteIdent;
using sql::QuoteLiteral;

const char* TypeKind(const catalog::Type& t) {
  return t.kind == catalog::TypeKind::kEnum ? "enums" : "types";
}

std::string TypeWord(const catalog::Type& t) {
  return t.kind == catalog::TypeKind::kDomain ? "DOMAIN " : "TYPE ";
}

// True when `to` is `from` with values inserted (existing values keep their order).
bool IsAdditive(const std::vector<std::string>& from, const std::vector<std::string>& to) {
  size_t i = 0;
  for (const std::string& v : to) {
    if (i < from.size() && from[i] == v) ++i;
  }
  return i == from.size();
}

void AddEnumValues(Builder& b, const catalog::Type& from, const catalog::Type& to) {
  std::string name = QualifiedName(to.schema, to.name);
  for (size_t i = 0; i < to.labels.size(); ++i) {
    const std::string& v = to.labels[i];
    if (std::find(from.labels.begin(), from.labels.end(), v) != from.labels.end()) continue;
    std::string where;
    if (i > 0) {
      where = " AFTER " + QuoteLiteral(to.labels[i - 1]);
    } else if (to.labels.size() > 1) {
      where = " BEFORE " + QuoteLiteral(to.labels[1]);
    }
    b.Note("enums", '~', to.schema + "." + to.name, "add value '" + v + "'");
    b.EmitUnit(kCreateObjects, catalog::TypeKey(to), kRankType,
               "ALTER TYPE " + name + " ADD VALUE " + QuoteLiteral(v) + where + ";");
  }
}

// Values removed or reordered: rename the old type away, create the new one, convert every
// column through text, drop the old type. Fails (as it should) when a value in use is gone.
// Every default on such a column (inheritance children and partitions have their own) is
// dropped first and restored afterwards, table by table (ONLY), since a default of the old
// type cannot be converted. Columns of tables the plan drops, or that it drops itself, are
// gone by then; inherited columns change with their parent.
void ReplaceEnum(Builder& b, const catalog::Type& to) {
  std::string key = catalog::TypeKey(to), name = QualifiedName(to.schema, to.name);
  std::string old_name = to.name + "__pgcrate_old";
  b.Note("enums", '~', to.schema + "." + to.name, "values " + base::Join(to.labels, ", "));
  b.recreated().insert(key);
  b.EmitUnit(kCreateObjects, key, kRankType,
             "ALTER TYPE " + name + " RENAME TO " + QuoteIdent(old_name) + ";", true);
  b.EmitUnit(kCreateObjects, key, kRankType, CreateType(to));
  std::vector<std::string> retype, restore;  // after every default is gone
  for (const catalog::Table& t : b.from().tables) {
    const catalog::Table* now = b.in_to().table(t.schema, t.name);
    if (now == nullptr || !SameShape(t, *now)) continue;
    std::string rel = QualifiedName(t.schema, t.name);
    for (const catalog::Column& c : t.columns) {
      bool array = c.type == name + "[]";
      const catalog::Column* nc = ColumnOf(*now, c.name);
      if ((c.type != name && !array) || nc == nullptr) continue;
      std::string col = QuoteIdent(c.name);
      std::string only = "ALTER TABLE ONLY " + rel + " ALTER COLUMN " + col;
      if (!c.default_expr.empty()) {
        b.EmitUnit(kCreateObjects, key, kRankType, only + " DROP DEFAULT;");
        if (!nc->default_expr.empty() && nc->type == c.type)
          restore.push_back(only + " SET DEFAULT " + nc->default_expr + ";");
      }
      if (!c.is_local || c.inherited) continue;
      retype.push_back("ALTER TABLE " + rel + " ALTER COLUMN " + col + " TYPE " + c.type +
                       " USING " + col + (array ? "::text[]::" : "::text::") + c.type + ";");
      b.invalidated().insert(catalog::TableKey(t));
    }
  }
  for (const std::string& sql : retype) b.EmitUnit(kCreateObjects, key, kRankType, sql, true);
  for (const std::string& sql : restore) b.EmitUnit(kCreateObjects, key, kRankType, sql);
  b.EmitUnit(kCreateObjects, key, kRankType,
             "DROP TYPE " + QualifiedName(to.schema, old_name) + ";", true);
}

void AlterDomain(Builder& b, const catalog::Type& from, const catalog::Type& to) {
  std::string key = catalog::TypeKey(to),
              prefix = "ALTER DOMAIN " + QualifiedName(to.schema, to.name);
  if (from.default_expr != to.default_expr) {
    b.EmitUnit(kCreateObjects, key, kRankType,
               to.default_expr.empty() ? prefix + " DROP DEFAULT;"
                                       : prefix + " SET DEFAULT " + to.default_expr + ";");
  }
  if (from.not_null != to.not_null)
    b.EmitUnit(kCreateObjects, key, kRankType,
               prefix + (to.not_null ? " SET NOT NULL;" : " DROP NOT NULL;"));
  for (const auto& k : from.checks) {
    bool kept = std::any_of(to.checks.begin(), to.checks.end(), [&](const auto& n) {
      return n.name == k.name && n.definition == k.definition;
    });
    if (!kept)
      b.EmitUnit(kCreateObjects, key, kRankType,
                 prefix + " DROP CONSTRAINT " + QuoteIdent(k.name) + ";");
  }
  for (const auto& k : to.checks) {
    bool had = std::any_of(from.checks.begin(), from.checks.end(), [&](const auto& o) {
      return o.name == k.name && o.definition == k.definition;
    });
    if (!had)
      b.EmitUnit(kCreateObjects, key, kRankType,
                 prefix + " ADD CONSTRAINT " + QuoteIdent(k.name) + " " + k.definition + ";");
  }
}

void AlterComposite(Builder& b, const catalog::Type& from, const catalog::Type& to) {
  std::string key = catalog::TypeKey(to),
              prefix = "ALTER TYPE " + QualifiedName(to.schema, to.name);
  for (const auto& a : from.attributes) {
    bool kept = std::any_of(to.attributes.begin(), to.attributes.end(),
                            [&](const auto& n) { return n.name == a.name; });
    if (!kept)
      b.EmitUnit(kCreateObjects, key, kRankType,
                 prefix + " DROP ATTRIBUTE " + QuoteIdent(a.name) + ";", true);
  }
  for (const auto& a : to.attributes) {
    auto old = std::find_if(from.attributes.begin(), from.attributes.end(),
                            [&](const auto& o) { return o.name == a.name; });
    std::string def =
        QuoteIdent(a.name) + " " + a.type + (a.collation.empty() ? "" : " COLLATE " + a.collation);
    if (old == from.attributes.end()) {
      b.EmitUnit(kCreateObjects, key, kRankType, prefix + " ADD ATTRIBUTE " + def + ";");
    } else if (old->type != a.type || old->collation != a.collation) {
      b.EmitUnit(kCreateObjects, key, kRankType,
                 prefix + " ALTER ATTRIBUTE " + QuoteIdent(a.name) + " TYPE " + a.type +
                     (a.collation.empty() ? "" : " COLLATE " + a.collation) + ";");
    }
  }
}

bool SameType(const catalog::Type& a, const catalog::Type& b) {
  return a.labels == b.labels && a.base_type == b.base_type && a.default_expr == b.default_expr &&
         a.not_null == b.not_null && a.collation == b.collation &&
         a.attributes.size() == b.attributes.size() &&
         std::equal(a.attributes.begin(), a.attributes.end(), b.attributes.begin(),
                    [](const auto& x, const auto& y) {
                      return x.name == y.name && x.type == y.type && x.collation == y.collation;
                    }) &&
         std::equal(a.checks.begin(), a.checks.end(), b.checks.begin(), b.checks.end(),
                    [](const auto& x, const auto& y) {
                      return x.name == y.name && x.definition == y.definition;
                    });
}

void CreateNewType(Builder& b, const catalog::Type& t) {
  b.Note(TypeKind(t), '+', t.schema + "." + t.name);
  b.EmitUnit(kCreateObjects, catalog::TypeKey(t), kRankType, CreateType(t));
  if (!t.comment.empty())
    b.Emit(kPost, Comment(TypeWord(t) + QualifiedName(t.schema, t.name), t.comment),
           catalog::TypeKey(t));
}

void AlterType(Builder& b, const catalog::Type& old, const catalog::Type& t) {
  bool same_base = old.base_type == t.base_type && old.collation == t.collation;
  if (t.kind == catalog::TypeKind::kEnum) {
    IsAdditive(old.labels, t.labels) ? AddEnumValues(b, old, t) : ReplaceEnum(b, t);
  } else if (t.kind == catalog::TypeKind::kDomain && same_base) {
    b.Note("types", '~', t.schema + "." + t.name);
    AlterDomain(b, old, t);
  } else if (t.kind == catalog::TypeKind::kComposite) {
    b.Note("types", '~', t.schema + "." + t.name);
    AlterComposite(b, old, t);
  } else {
    b.Note("types", '~', t.schema + "." + t.name, "re-created");
    b.recreated().insert(catalog::TypeKey(t));
    b.EmitUnit(kDropObjects, catalog::TypeKey(old), kRankType, DropType(old), true);
    b.EmitUnit(kCreateObjects, catalog::TypeKey(t), kRankType, CreateType(t));
    b.invalidated().insert(catalog::TypeKey(t));
  }
}

}  // namespace

void PlanSchemasAndExtensions(Builder& b) {
  auto has_schema = [](const catalog::Catalog& c, const std::string& n) {
    return std::any_of(c.schemas.begin(), c.schemas.end(),
                       [&](const auto& s) { return s.name == n; });
  };
  auto find_ext = [](const catalog::Catalog& c, const std::string& n) -> const catalog::Extension* {
    for (const auto& e : c.extensions)
      if (e.name == n) return &e;
    return nullptr;
  };
  for (const auto& e : b.from().extensions) {
    if (find_ext(b.to(), e.name)) continue;
    b.Note("extensions", '-', e.name);
    b.Emit(kDropNamespaces, DropExtension(e.name), "extension:" + e.name, true);
  }
  for (const auto& s : b.from().schemas) {
    if (has_schema(b.to(), s.name)) continue;
    b.Note("schemas", '-', s.name);
    b.Emit(kDropNamespaces, DropSchema(s.name), "schema:" + s.name, true);
  }
  for (const auto& s : b.to().schemas) {
    const catalog::Schema* old = nullptr;
    for (const auto& o : b.from().schemas)
      if (o.name == s.name) old = &o;
    if (old == nullptr) {
      b.Note("schemas", '+', s.name);
      b.Emit(kCreateNamespaces, CreateSchema(s.name), "schema:" + s.name);
    }
    if ((old ? old->comment : "") != s.comment)
      b.Emit(kPost, Comment("SCHEMA " + QuoteIdent(s.name), s.comment), "schema:" + s.name);
  }
  for (const auto& e : b.to().extensions) {
    const catalog::Extension* old = find_ext(b.from(), e.name);
    if (old == nullptr) {
      b.Note("extensions", '+', e.name);
      b.Emit(kCreateNamespaces, CreateExtension(e), "extension:" + e.name);
    } else if (old->version != e.version) {
      b.Note("extensions", '~', e.name, "version " + old->version + " -> " + e.version);
      b.Emit(
          kCreateNamespaces,
          "ALTER EXTENSION " + QuoteIdent(e.name) + " UPDATE TO " + QuoteLiteral(e.version) + ";",
          "extension:" + e.name);
    }
  }
}

void PlanTypes(Builder& b) {
  for (const auto& t : b.from().types) {
    const catalog::Type* now = b.in_to().type(t.schema, t.name);
    if (now != nullptr && now->kind == t.kind) continue;
    b.Note(TypeKind(t), '-', t.schema + "." + t.name);
    b.EmitUnit(kDropObjects, catalog::TypeKey(t), kRankType, DropType(t), true);
    b.invalidated().insert(catalog::TypeKey(t));
  }
  for (const auto& t : b.to().types) {
    const catalog::Type* old = b.in_from().type(t.schema, t.name);
    if (old == nullptr || old->kind != t.kind) {
      CreateNewType(b, t);
      continue;
    }
    if (!SameType(*old, t)) AlterType(b, *old, t);
    if (old->comment != t.comment) {
      b.Note("comments", '~', t.schema + "." + t.name);
      b.Emit(kPost, Comment(TypeWord(t) + QualifiedName(t.schema, t.name), t.comment),
             catalog::TypeKey(t));
    }
  }
}

}  // namespace pgcrate::diff::internal
