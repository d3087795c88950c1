// Schema pictures (`pgcrate inspect erd`): the tables of a catalog with their key columns and
// the foreign keys between them, as a small diagram model, and that model rendered as a
// Mermaid `erDiagram`, as Graphviz DOT, or as JSON. Pure: a catalog in, text out; running
// Graphviz for SVG is the command layer's (app/graphviz.h).
//
// Partitions are folded into their partitioned root table: the root is drawn once, the FKs
// declared on its partitions become the root's (one edge per distinct column mapping, carrying
// every constraint name), and FKs to a partition point at its root. FK clones that PostgreSQL
// makes on partitions for a constraint of the parent are left out (the parent's edge is
// enough). A referenced table outside the drawn schemas is drawn as a name-only "external" box.
// Views are not drawn.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/model.h"

namespace pgcrate::inspect {

enum class ErdColumns {
  kKeys,  // primary-key, foreign-key and unique columns only
  kAll,   // every column
};

struct ErdOptions {
  std::vector<std::string> schemas;          // only these schemas (empty = all user schemas)
  std::vector<std::string> exclude_schemas;  // minus these
  ErdColumns columns = ErdColumns::kKeys;
};

struct ErdColumn {
  std::string name, type;  // type as format_type() renders it
  bool not_null = false;
  bool primary_key = false;
  bool foreign_key = false;
  bool unique = false;  // part of a UNIQUE constraint
};

struct ErdTable {
  std::string schema, name;
  bool partitioned = false;
  int partitions = 0;     // partitions folded into this table (any depth)
  bool external = false;  // referenced from the drawn schemas but outside them: name only
  std::vector<ErdColumn> columns;
  std::string Qualified() const { return schema + "." + name; }
};

struct ErdForeignKey {
  std::vector<std::string> names;  // the constraint; several when folded from partitions
  size_t from = 0, to = 0;         // indexes into Erd::tables (equal for self-references)
  std::vector<std::string> columns, ref_columns;
  bool optional = false;    // a referencing column may be NULL (zero-or-one on the parent side)
  bool one_to_one = false;  // the referencing columns are the child's PK or a UNIQUE key
};

struct Erd {
  std::vector<ErdTable> tables;  // drawn tables first, sorted; then external ones
  std::vector<ErdForeignKey> foreign_keys;
};

// The diagram of `catalog`'s tables in the schemas `options` selects (through
// catalog::FilterSchemas, so --schema/--exclude-schema mean what they mean for inspect diff).
Erd BuildErd(const catalog::Catalog& catalog, const ErdOptions& options);

// Mermaid `erDiagram` text. Entity names are the quoted "schema.table" with the characters
// Mermaid cannot hold in them (`"`, `%`, `\`, control characters) replaced by `_`; attribute
// types and names are reduced to Mermaid's word characters, the real column name then kept in
// the attribute's comment.
std::string RenderMermaid(const Erd& erd);

// Graphviz DOT text: nodes are the quoted "schema.table" IDs with HTML-like table labels
// (one row per column, PORT per column), edges go from the referencing column to the
// referenced one, labelled with the constraint name and its column mapping.
std::string RenderDot(const Erd& erd);

// {"tables":[{"schema","name","partitioned","partitions","external","columns":[{"name",
// "type","not_null","primary_key","foreign_key","unique"}]}],"foreign_keys":[{"name",
// "constraints":[..],"from":{"schema","table","columns"},"to":{"schema","table","columns"},
// "optional","one_to_one"}]}
nlohmann::ordered_json ErdJson(const Erd& erd);

// "a, b → x, y": an FK's column mapping as edge labels show it.
std::string ColumnMapping(const ErdForeignKey& fk);

}  // namespace pgcrate::inspect
