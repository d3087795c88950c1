// Sequences, functions and views (with the views that must be re-created around changes).
#include <algorithm>
#include <functional>

#include "diff/builder.h"
#include "diff/sql_writer.h"
#include "sql/quote.h"

namespace pgcrate::diff::internal {
namespace {

using sql::QualifiedName;
using sql::QuoteIdent;

bool SameParameters(const catalog::Sequence& a, const catalog::Sequence& b) {
  return a.type == b.type && a.start == b.start && a.increment == b.increment && a.min == b.min &&
         a.max == b.max && a.cache == b.cache && a.cycle == b.cycle;
}

// True when the owner of `s` goes away in `to` (then DROP TABLE/COLUMN drops `s` too).
bool OwnerDropped(const catalog::Sequence& s, const CatalogIndex& to) {
  if (s.owned_by.empty()) return false;
  const catalog::Table* t = to.table(s.owned_table);
  return t == nullptr || std::none_of(t->columns.begin(), t->columns.end(),
                                      [&](const auto& c) { return c.name == s.owned_column; });
}

// True when the column owning `s` does not exist in `from` (it is created with `s`).
bool ColumnIsNew(const catalog::Sequence& s, const CatalogIndex& from) {
  const catalog::Table* t = from.table(s.owned_table);
  return t == nullptr || std::none_of(t->columns.begin(), t->columns.end(),
                                      [&](const auto& c) { return c.name == s.owned_column; });
}

std::string FunctionDisplay(const catalog::Function& f) {
  return f.schema + "." + f.name + "(" + f.identity_args + ")";
}

bool SameView(const catalog::View& a, const catalog::View& b) {
  return a.materialized == b.materialized && a.definition == b.definition &&
         a.options == b.options && a.check_option == b.check_option;
}

std::string ViewWord(const catalog::View& v) {
  return v.materialized ? "MATERIALIZED VIEW " : "VIEW ";
}

void EmitViewExtras(Builder& b, const catalog::View& v, const catalog::View* old) {
  std::string key = catalog::ViewKey(v), rel = QualifiedName(v.schema, v.name);
  for (const catalog::Index& x : v.indexes) {
    const catalog::Index* before = nullptr;
    if (old)
      for (const auto& o : old->indexes)
        if (o.name == x.name) before = &o;
    if (before && before->definition == x.definition) continue;
    if (before) b.Emit(kDropConstraints, DropIndex(v.schema, x.name), key);
    if (old) b.Note("indexes", before ? '~' : '+', v.schema + "." + x.name);
    b.Emit(kAddIndexes, CreateIndex(x), key);
  }
  if (old) {
    for (const auto& o : old->indexes) {
      bool kept = std::any_of(v.indexes.begin(), v.indexes.end(),
                              [&](const auto& x) { return x.name == o.name; });
      if (!kept) {
        b.Note("indexes", '-', v.schema + "." + o.name);
        b.Emit(kDropConstraints, DropIndex(v.schema, o.name), key);
      }
    }
  }
  PlanTriggersOf(b, key, rel, v.schema + "." + v.name,
                 old ? old->triggers : std::vector<catalog::Trigger>{}, v.triggers);
  if ((old ? old->comment : "") != v.comment)
    b.Emit(kPost, Comment(ViewWord(v) + rel, v.comment), key);
  for (const auto& c : v.columns) {
    std::string before;
    if (old)
      for (const auto& o : old->columns)
        if (o.name == c.name) before = o.comment;
    if (before != c.comment)
      b.Emit(kPost, Comment("COLUMN " + rel + "." + QuoteIdent(c.name), c.comment), key);
  }
}

// Views of `from` that must be dropped: gone, changed, or depending (transitively) on
// something dropped, replaced or re-typed.
std::set<std::string> ViewsToDrop(Builder& b) {
  std::set<std::string> drop;
  for (const auto& v : b.from().views) {
    const catalog::View* now = b.in_to().view(v.schema, v.name);
    if (now == nullptr || !SameView(v, *now)) drop.insert(catalog::ViewKey(v));
  }
  std::map<std::string, bool> memo;
  std::function<bool(const std::string&)> tainted = [&](const std::string& key) {
    if (drop.count(key) || b.invalidated().count(key)) return true;
    auto m = memo.find(key);
    if (m != memo.end()) return m->second;
    memo[key] = false;
    auto it = b.from().depends_on.find(key);
    bool result = false;
    if (it != b.from().depends_on.end()) {
      for (const auto& dep : it->second) result = result || tainted(dep);
    }
    return memo[key] = result;
  };
  for (const auto& v : b.from().views) {
    if (tainted(catalog::ViewKey(v))) drop.insert(catalog::ViewKey(v));
  }
  return drop;
}

}  // namespace

void PlanSequences(Builder& b) {
  for (const auto& s : b.from().sequences) {
    if (s.is_identity || b.in_to().sequence(s.schema, s.name) != nullptr ||
        OwnerDropped(s, b.in_to()))
      continue;
    b.Note("sequences", '-', s.schema + "." + s.name);
    // A serial column's sequence can only go once the column's default no longer uses it.
    if (s.is_serial) {
      b.Emit(kPost, DropSequence(s), catalog::SequenceKey(s), true);
    } else {
      b.EmitUnit(kDropObjects, catalog::SequenceKey(s), kRankSequence, DropSequence(s), true);
    }
  }
  for (const auto& s : b.to().sequences) {
    const catalog::Sequence* old = b.in_from().sequence(s.schema, s.name);
    std::string key = catalog::SequenceKey(s), display = s.schema + "." + s.name;
    // Identity sequences come with their column; serial ones with a new serial column.
    if (old == nullptr && (s.is_identity || (s.is_serial && ColumnIsNew(s, b.in_from())))) continue;
    if (old == nullptr) {
      b.Note("sequences", '+', display);
      b.EmitUnit(kCreateObjects, key, kRankSequence, CreateSequence(s));
    } else if (!SameParameters(*old, s)) {
      b.Note("sequences", '~', display, "parameters");
      b.EmitUnit(kCreateObjects, key, kRankSequence, AlterSequence(s));
    }
    if (s.is_identity) continue;
    if ((old ? old->owned_by : "") != s.owned_by) {
      if (old)
        b.Note("sequences", '~', display, "owned by " + (s.owned_by.empty() ? "none" : s.owned_by));
      // Ownership needs the table, so it belongs with the table (split generation).
      b.Emit(kPost, SequenceOwnedBy(s), s.owned_table.empty() ? key : "table:" + s.owned_table);
    }
    if ((old ? old->comment : "") != s.comment) {
      b.Emit(kPost, Comment("SEQUENCE " + QualifiedName(s.schema, s.name), s.comment), key);
    }
  }
}

void PlanFunctions(Builder& b) {
  for (const auto& f : b.from().functions) {
    const catalog::Function* now = b.in_to().function(f);
    bool replace = now != nullptr && now->definition != f.definition &&
                   (now->result != f.result || now->kind != f.kind ||
                    f.kind == catalog::FunctionKind::kAggregate);
    if (now != nullptr && !replace) continue;
    if (now == nullptr) b.Note("functions", '-', FunctionDisplay(f));
    b.EmitUnit(kDropObjects, catalog::FunctionKey(f), kRankFunction, DropFunction(f));
    b.invalidated().insert(catalog::FunctionKey(f));
    b.recreated().insert(catalog::FunctionKey(f));
  }
  for (const auto& f : b.to().functions) {
    const catalog::Function* old = b.in_from().function(f);
    std::string key = catalog::FunctionKey(f);
    if (old == nullptr || old->definition != f.definition) {
      b.Note("functions", old == nullptr ? '+' : '~', FunctionDisplay(f));
      b.EmitUnit(kCreateObjects, key, kRankFunction, CreateFunction(f));
    }
    if ((old ? old->comment : "") != f.comment) {
      if (old) b.Note("comments", '~', FunctionDisplay(f));
      b.Emit(kPost, Comment(FunctionSignature(f), f.comment), key);
    }
  }
}

void PlanViews(Builder& b) {
  std::set<std::string> drop = ViewsToDrop(b);
  for (const auto& v : b.from().views) {
    if (!drop.count(catalog::ViewKey(v))) continue;
    const catalog::View* now = b.in_to().view(v.schema, v.name);
    if (now == nullptr)
      b.Note(v.materialized ? "materialized_views" : "views", '-', v.schema + "." + v.name);
    b.EmitUnit(kDropViews, catalog::ViewKey(v), kRankView, DropView(v));
  }
  for (const auto& v : b.to().views) {
    const catalog::View* old = b.in_from().view(v.schema, v.name);
    std::string key = catalog::ViewKey(v);
    bool recreate = old == nullptr || drop.count(key);
    if (old == nullptr || !SameView(*old, v)) {
      b.Note(v.materialized ? "materialized_views" : "views", old == nullptr ? '+' : '~',
             v.schema + "." + v.name);
    }
    if (recreate) {
      b.recreated().insert(key);
      b.EmitUnit(kCreateObjects, key, kRankView, CreateView(v));
    }
    EmitViewExtras(b, v, recreate ? nullptr : old);
  }
}

}  // namespace pgcrate::diff::internal
