// The catalog model: one in-memory picture of a database's schema (schemas, extensions,
// types, sequences, tables with columns/constraints/indexes/triggers/policies, views,
// materialized views, functions, procedures and aggregates, comments, owners and ACLs) plus
// the dependency edges between top-level objects. Everything is plain data, filled by
// loader.h and compared by diff/. Every name is unquoted; definitions are the server's own
// rendering (pg_get_*def) under an empty search_path, so names in them are schema-qualified.
// Vectors are sorted by (schema, name) in byte order, so two loads of one schema are equal.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace pgcrate::catalog {

// One privilege of one grantee, as aclexplode() reports the object's ACL (or the built-in
// default ACL when it is NULL), in the ACL's own order. Grantee "" is the object's owner
// (so the entry follows ownership changes), "public" is PUBLIC. Grantors are not kept: a
// re-created grant is made by the owner.
struct Grant {
  std::string grantee;
  std::string privilege;  // SELECT, INSERT, ..., EXECUTE, USAGE, CREATE
  bool grantable = false;
  bool operator==(const Grant&) const = default;
};
using Grants = std::vector<Grant>;

struct Column {
  std::string name;
  std::string type;          // format_type(): "character varying(20)", "public.mood"
  std::string collation;     // qualified collation when it differs from the type's, else ""
  std::string default_expr;  // pg_get_expr of the default ("" = none); the expression for
                             // generated columns
  bool not_null = false;
  char identity = 0;       // 0, 'a' (ALWAYS) or 'd' (BY DEFAULT)
  bool generated = false;  // GENERATED ALWAYS AS (default_expr) STORED
  bool is_local = true;    // false when only inherited from a parent (partitions, INHERITS)
  bool inherited = false;  // inherited from a parent (also when declared locally as well):
                           // its type can only change on the parent
  // SERIAL/BIGSERIAL/SMALLSERIAL: an owned sequence exactly as CREATE TABLE ... serial makes it.
  std::string serial_type;        // "serial", "bigserial", "smallserial" or ""
  std::string identity_options;   // "START WITH 1 INCREMENT BY 1 ..." for identity columns
  std::string identity_sequence;  // qualified name of the identity sequence
  std::string comment;
  Grants grants;  // column privileges (attacl); grantee "" = the table's owner
};

enum class ConstraintType { kPrimaryKey, kUnique, kForeignKey, kCheck, kExclude, kTrigger };

struct Constraint {
  std::string name;
  ConstraintType type = ConstraintType::kCheck;
  std::string definition;  // pg_get_constraintdef(): "FOREIGN KEY (a) REFERENCES ..."
  std::vector<std::string> columns;
  std::string ref_table;                 // qualified referenced table for foreign keys
  std::vector<std::string> ref_columns;  // its referenced columns, in the key's order
  bool deferrable = false;
  bool deferred = false;
  bool validated = true;
  bool is_local = true;  // false when inherited (conparentid or !conislocal)
  std::string comment;
};

struct Index {
  std::string name;
  std::string definition;  // pg_get_indexdef(): "CREATE INDEX x ON public.t USING btree (a)"
  std::string method;
  bool unique = false;
  bool primary = false;
  bool partial = false;
  std::vector<std::string> columns;  // key column names ("" for expressions)
  bool is_constraint = false;        // backs a PK/UNIQUE/EXCLUDE constraint (created with it)
  bool is_local = true;              // false for partition indexes attached to a parent index
  std::string comment;
};

struct Trigger {
  std::string name;
  std::string definition;  // pg_get_triggerdef()
  char enabled = 'O';      // O, D, R, A (pg_trigger.tgenabled)
  bool is_constraint = false;
  std::string function;  // qualified function name
  std::string comment;
};

struct Policy {
  std::string name;
  std::string command;  // ALL, SELECT, INSERT, UPDATE, DELETE
  bool permissive = true;
  std::vector<std::string> roles;
  std::string using_expr;
  std::string check_expr;
};

// Tables (relkind r/p), views (v), materialized views (m), sequences (S) share a relation key.
struct Table {
  uint32_t oid = 0;
  std::string schema, name;
  bool partitioned = false;
  std::string partition_key;    // pg_get_partkeydef(): "RANGE (payment_date)"
  std::string parent;           // qualified parent (partition or inheritance), "" = none
  std::string partition_bound;  // "FOR VALUES FROM (...) TO (...)" for partitions, else ""
  bool unlogged = false;
  std::string options;  // reloptions "fillfactor=70,..." or ""
  bool rls_enabled = false;
  bool rls_forced = false;
  std::vector<Column> columns;
  std::vector<Constraint> constraints;
  std::vector<Index> indexes;
  std::vector<Trigger> triggers;
  std::vector<Policy> policies;
  std::string owner, comment;
  Grants grants;
  int64_t row_estimate = 0;  // pg_class.reltuples (-1: never analyzed, PostgreSQL 14+)
  int64_t pages = 0;         // pg_class.relpages
};

struct View {
  uint32_t oid = 0;
  std::string schema, name;
  bool materialized = false;
  std::string definition;         // pg_get_viewdef(), the SELECT
  std::string options;            // reloptions, e.g. "security_barrier=true"
  std::string check_option;       // "local", "cascaded" or ""
  std::vector<Column> columns;    // names and types only
  std::vector<Index> indexes;     // materialized views only
  std::vector<Trigger> triggers;  // INSTEAD OF triggers on views
  std::string owner, comment;
  Grants grants;
  int64_t row_estimate = 0;  // materialized views: pg_class.reltuples, as Table's
  int64_t pages = 0;
};

struct Sequence {
  uint32_t oid = 0;
  std::string schema, name;
  std::string type;  // smallint, integer, bigint
  int64_t start = 1, increment = 1, min = 1, max = 0, cache = 1;
  bool cycle = false;
  std::string owned_by;     // "schema.table.column" (unquoted parts joined by '.') or ""
  std::string owned_table;  // qualified (quoted) owning table or ""
  std::string owned_column;
  bool is_identity = false;  // belongs to an identity column (part of that column)
  bool is_serial = false;    // belongs to a serial column (part of that column)
  std::string owner, comment;
  Grants grants;
};

enum class TypeKind { kEnum, kDomain, kComposite, kRange };

struct DomainConstraint {
  std::string name;
  std::string definition;  // "CHECK (VALUE > 0)" (with NOT VALID when so)
};

struct Type {
  uint32_t oid = 0;
  std::string schema, name;
  TypeKind kind = TypeKind::kEnum;
  std::vector<std::string> labels;       // enum values in order
  std::string base_type;                 // domains; range subtype for ranges
  std::string default_expr;              // domains
  bool not_null = false;                 // domains
  std::string collation;                 // domains
  std::vector<DomainConstraint> checks;  // domains
  std::vector<Column> attributes;        // composites (name, type, collation)
  std::string owner, comment;
  Grants grants;
};

enum class FunctionKind { kFunction, kProcedure, kAggregate, kWindow };

struct Function {
  uint32_t oid = 0;
  std::string schema, name;
  FunctionKind kind = FunctionKind::kFunction;
  std::string identity_args;  // pg_get_function_identity_arguments()
  std::string result;         // pg_get_function_result()
  std::string definition;     // full CREATE statement (pg_get_functiondef or built aggregate)
  std::string language;
  std::string owner, comment;
  Grants grants;
};

struct Extension {
  std::string name, schema, version;
  std::string comment;
};

struct Schema {
  uint32_t oid = 0;
  std::string name;
  std::string owner, comment;
  Grants grants;
};

// ALTER DEFAULT PRIVILEGES: what objects of one kind that `role` creates (in `schema`, or
// anywhere when "") start with. Grantee "" is `role` itself. A global entry is the whole
// ACL new objects get; a schema's entry only adds to it (pg_default_acl's rules).
struct DefaultPrivilege {
  std::string role, schema;
  char object_type = 'r';  // r tables and views, S sequences, f routines, T types, n schemas
  Grants grants;
};

// A top-level object's identity in dependency edges and diffs:
// "table:public.film", "view:public.v", "type:public.mood", "sequence:public.s",
// "function:public.f(integer)", "schema:public", "extension:hstore".
using ObjectKey = std::string;

struct Catalog {
  int server_version = 0;
  std::string current_user;    // the role the catalog was read as (owner of what it creates)
  std::string database_owner;  // the database's owner
  std::string public_owner;    // owner of the public schema in a fresh database
  Grants public_grants;        // and its privileges (pg_init_privs), grantee "" = that owner
  // The built-in privileges of a new object (acldefault) per kind: 'r' relations,
  // 's' sequences, 'f' routines, 'T' types, 'n' schemas. Grantee "" = the owner.
  std::map<char, Grants> builtin_grants;
  std::vector<DefaultPrivilege> default_privileges;
  std::vector<Schema> schemas;
  std::vector<Extension> extensions;
  std::vector<Type> types;
  std::vector<Sequence> sequences;
  std::vector<Table> tables;
  std::vector<View> views;
  std::vector<Function> functions;
  // dependent key -> keys it depends on (only between objects of this catalog).
  std::map<ObjectKey, std::set<ObjectKey>> depends_on;
};

ObjectKey TableKey(const Table& t);
ObjectKey ViewKey(const View& v);
ObjectKey TypeKey(const Type& t);
ObjectKey SequenceKey(const Sequence& s);
ObjectKey FunctionKey(const Function& f);

// Lookups by qualified (unquoted) schema and name; nullptr when absent.
const Table* FindTable(const Catalog& c, const std::string& schema, const std::string& name);
const View* FindView(const Catalog& c, const std::string& schema, const std::string& name);

// Keeps only objects in schemas accepted by the include/exclude lists (an empty include list
// accepts all). Extensions and default privileges are kept when their schema is accepted;
// default privileges for all schemas only when there is no include list (as pg_dump -n).
void FilterSchemas(Catalog& c, const std::vector<std::string>& include,
                   const std::vector<std::string>& exclude);

// Removes the tables and views named in `relations` ("schema.name", unquoted) with their
// dependency edges, then the schemas in `prunable` that hold nothing any more. For comparisons
// that must ignore relations another subsystem owns (the relations `model run` builds).
void RemoveRelations(Catalog& c, const std::set<std::string>& relations,
                     const std::set<std::string>& prunable);

}  // namespace pgcrate::catalog
