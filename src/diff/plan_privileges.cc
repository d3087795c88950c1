// Owners and privileges of every object of `to`: ALTER ... OWNER TO and GRANT/REVOKE, after
// everything is created. An owner equal to the role a catalog was read as, or to the
// database's owner, is "the role running the script" (written CURRENT_USER where needed), so
// scripts do not hard-code the role that applies migrations, and a database compares equal
// to a shadow copy built by another role; other owners are named. An object the plan creates (or
// drops and re-creates) starts from its built-in privileges plus the default privileges `from`
// gives the running role.
#include <algorithm>

#include "diff/builder.h"
#include "diff/sql_writer.h"
#include "sql/quote.h"

namespace pgcrate::diff::internal {
namespace {

using catalog::Catalog;
using catalog::Grants;
using sql::QualifiedName;
using sql::QuoteIdent;

std::string OwnerOf(const Catalog& c, const std::string& owner) {
  return owner == c.current_user || owner == c.database_owner ? "" : owner;
}

void Merge(Grants& into, const Grants& add) {
  for (const catalog::Grant& g : add) {
    bool found = false;
    for (catalog::Grant& have : into) {
      if (have.grantee == g.grantee && have.privilege == g.privilege) {
        have.grantable = have.grantable || g.grantable;
        found = true;
      }
    }
    if (!found) into.push_back(g);
  }
}

// What a new object of `kind` ('r', 's', 'f', 'T', 'n'; default-privilege type `type`) in
// `schema` gets when the running role creates it in `from`.
Grants Initial(const Catalog& from, char kind, char type, const std::string& schema) {
  Grants out;
  if (auto it = from.builtin_grants.find(kind); it != from.builtin_grants.end()) out = it->second;
  for (const catalog::DefaultPrivilege& d : from.default_privileges) {
    if (d.role == from.current_user && d.object_type == type && d.schema.empty()) out = d.grants;
  }
  for (const catalog::DefaultPrivilege& d : from.default_privileges) {
    if (d.role == from.current_user && d.object_type == type && !schema.empty() &&
        d.schema == schema) {
      Merge(out, d.grants);
    }
  }
  return out;
}

// One object as the privilege planner sees it.
struct Subject {
  catalog::ObjectKey key;  // step owner (which file of a split generation)
  std::string display;     // "table public.t"
  std::string alter;       // "ALTER TABLE public.t"; "" = its owner follows another object
  std::string target;      // "TABLE public.t"
  char kind = 'r', type = 'r';
  std::string schema;
};

struct State {
  std::string owner;  // normalized: "" = the role running the script
  Grants grants;
};

class Planner {
 public:
  explicit Planner(Builder& b) : b_(b) {}

  // The state `to` needs, from `from_state` (nullptr = created by the plan).
  std::vector<GrantChange> Object(const Subject& s, const State* from_state, const State& to) {
    State base = from_state ? *from_state : State{"", Initial(b_.from(), s.kind, s.type, s.schema)};
    if (!s.alter.empty() && base.owner != to.owner) {
      b_.Note("owners", '~', s.display,
              Name(base.owner, b_.from()) + " -> " + Name(to.owner, b_.to()));
      b_.Emit(kPrivileges, s.alter + " OWNER TO " + RoleSql(to.owner) + ";", s.key);
      base.grants = AfterOwnerChange(base.grants, to.owner);
    }
    std::vector<GrantChange> delta = GrantDelta(base.grants, to.grants);
    Emit(s, delta, RoleSql(to.owner), "");
    return delta;
  }

  // Column privileges of one column; `table_delta` is what the table got (a table-level
  // REVOKE also takes the privilege from every column).
  void Column(const Subject& s, const Grants* from, const catalog::Column& to,
              const std::vector<GrantChange>& table_delta, const std::string& owner) {
    Grants base;
    for (catalog::Grant g : from ? *from : Grants{}) {
      bool revoked = false;
      for (const GrantChange& c : table_delta) {
        bool hit =
            !c.grant && g.grantee == c.grantee &&
            std::find(c.privileges.begin(), c.privileges.end(), g.privilege) != c.privileges.end();
        if (hit && c.grant_option) g.grantable = false;
        revoked = revoked || (hit && !c.grant_option);
      }
      if (!revoked) base.push_back(g);
    }
    Subject col = s;
    col.display = s.display + " column " + to.name;
    Emit(col, GrantDelta(base, to.grants), RoleSql(owner), QuoteIdent(to.name));
  }

  std::string Owner(const Catalog& c, const std::string& raw) const { return OwnerOf(c, raw); }

 private:
  static std::string Name(const std::string& owner, const Catalog& c) {
    return owner.empty() ? c.current_user : owner;
  }

  // After ALTER ... OWNER TO, what the new owner held as a grantee merges into the owner's.
  Grants AfterOwnerChange(const Grants& grants, const std::string& owner) const {
    std::string raw = owner.empty() ? b_.from().current_user : owner;
    Grants out;
    for (catalog::Grant g : grants) {
      if (g.grantee == raw) g.grantee = "";
      Merge(out, {g});
    }
    return out;
  }

  void Emit(const Subject& s, const std::vector<GrantChange>& delta, const std::string& owner,
            const std::string& column) {
    if (delta.empty()) return;
    for (const GrantChange& c : delta) {
      b_.Emit(kPrivileges, RenderGrant(c, s.target, owner, column), s.key);
    }
    b_.Note("privileges", '~', s.display, DescribeGrants(delta));
  }

  Builder& b_;
};

bool Fresh(Builder& b, const catalog::ObjectKey& key) { return b.recreated().count(key) > 0; }

template <typename T>
const State* StateOf(const Planner& p, const Catalog& c, const T* obj, State& slot) {
  if (obj == nullptr) return nullptr;
  slot = {p.Owner(c, obj->owner), obj->grants};
  return &slot;
}

void PlanSchemas(Builder& b, Planner& p) {
  for (const catalog::Schema& s : b.to().schemas) {
    const catalog::Schema* old = nullptr;
    for (const auto& o : b.from().schemas) {
      if (o.name == s.name) old = &o;
    }
    std::string name = QuoteIdent(s.name);
    Subject subject{"schema:" + s.name,
                    "schema " + s.name,
                    "ALTER SCHEMA " + name,
                    "SCHEMA " + name,
                    'n',
                    'n',
                    ""};
    State slot;
    p.Object(subject, StateOf(p, b.from(), old, slot), {p.Owner(b.to(), s.owner), s.grants});
  }
}

void PlanTypes(Builder& b, Planner& p) {
  for (const catalog::Type& t : b.to().types) {
    const catalog::Type* old = b.in_from().type(t.schema, t.name);
    std::string key = catalog::TypeKey(t), name = QualifiedName(t.schema, t.name);
    if (old != nullptr && (old->kind != t.kind || Fresh(b, key))) old = nullptr;
    std::string word = t.kind == catalog::TypeKind::kDomain ? "DOMAIN " : "TYPE ";
    Subject subject{
        key,     "type " + t.schema + "." + t.name, "ALTER " + word + name, word + name, 'T', 'T',
        t.schema};
    State slot;
    p.Object(subject, StateOf(p, b.from(), old, slot), {p.Owner(b.to(), t.owner), t.grants});
  }
}

void PlanFunctions(Builder& b, Planner& p) {
  for (const catalog::Function& f : b.to().functions) {
    const catalog::Function* old = b.in_from().function(f);
    std::string key = catalog::FunctionKey(f);
    if (Fresh(b, key)) old = nullptr;
    std::string sig = QualifiedName(f.schema, f.name) + "(" + f.identity_args + ")";
    bool procedure = f.kind == catalog::FunctionKind::kProcedure;
    Subject subject{key,
                    "function " + f.schema + "." + f.name + "(" + f.identity_args + ")",
                    "ALTER " + FunctionSignature(f),
                    (procedure ? "PROCEDURE " : "FUNCTION ") + sig,
                    'f',
                    'f',
                    f.schema};
    State slot;
    p.Object(subject, StateOf(p, b.from(), old, slot), {p.Owner(b.to(), f.owner), f.grants});
  }
}

const catalog::Column* ColumnNamed(const std::vector<catalog::Column>* cols,
                                   const std::string& name) {
  if (cols == nullptr) return nullptr;
  for (const catalog::Column& c : *cols) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// A table or view and its columns.
template <typename T>
void PlanRelation(Builder& b, Planner& p, const T& rel, const T* old, const Subject& subject) {
  State slot;
  std::string owner = p.Owner(b.to(), rel.owner);
  auto delta = p.Object(subject, StateOf(p, b.from(), old, slot), {owner, rel.grants});
  std::string name = QualifiedName(rel.schema, rel.name);
  for (const catalog::Column& c : rel.columns) {
    const catalog::Column* before = ColumnNamed(old ? &old->columns : nullptr, c.name);
    if (Fresh(b, "column:" + name + "." + QuoteIdent(c.name))) before = nullptr;
    p.Column(subject, before ? &before->grants : nullptr, c, delta, owner);
  }
}

void PlanRelations(Builder& b, Planner& p) {
  for (const catalog::Table& t : b.to().tables) {
    const catalog::Table* old = b.in_from().table(t.schema, t.name);
    std::string key = catalog::TableKey(t), name = QualifiedName(t.schema, t.name);
    if (Fresh(b, key)) old = nullptr;
    PlanRelation(b, p, t, old,
                 {key, "table " + t.schema + "." + t.name, "ALTER TABLE " + name, "TABLE " + name,
                  'r', 'r', t.schema});
  }
  for (const catalog::View& v : b.to().views) {
    const catalog::View* old = b.in_from().view(v.schema, v.name);
    std::string key = catalog::ViewKey(v), name = QualifiedName(v.schema, v.name);
    if (Fresh(b, key)) old = nullptr;
    std::string word = v.materialized ? "MATERIALIZED VIEW " : "VIEW ";
    PlanRelation(b, p, v, old,
                 {key, "view " + v.schema + "." + v.name, "ALTER " + word + name, "TABLE " + name,
                  'r', 'r', v.schema});
  }
}

// Sequences owned by a column follow their table's owner (ALTER TABLE ... OWNER moves them;
// they cannot be given another), and their statements belong with that table.
void PlanSequences(Builder& b, Planner& p) {
  for (const catalog::Sequence& s : b.to().sequences) {
    const catalog::Sequence* old = b.in_from().sequence(s.schema, s.name);
    std::string key = catalog::SequenceKey(s), name = QualifiedName(s.schema, s.name);
    bool owned = !s.owned_table.empty();
    if (Fresh(b, key) || (owned && Fresh(b, "table:" + s.owned_table))) old = nullptr;
    Subject subject{owned ? "table:" + s.owned_table : key,
                    "sequence " + s.schema + "." + s.name,
                    owned ? "" : "ALTER SEQUENCE " + name,
                    "SEQUENCE " + name,
                    's',
                    'S',
                    s.schema};
    State slot;
    p.Object(subject, StateOf(p, b.from(), old, slot), {p.Owner(b.to(), s.owner), s.grants});
  }
}

}  // namespace

void PlanPrivileges(Builder& b) {
  Planner p(b);
  PlanSchemas(b, p);
  PlanTypes(b, p);
  PlanFunctions(b, p);
  PlanRelations(b, p);
  PlanSequences(b, p);
}

}  // namespace pgcrate::diff::internal
