// Which file of a split generation each plan step belongs to (internal to generate/).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "diff/planner.h"

namespace pgcrate::generate::internal {

struct Group {
  std::string id;           // stable id, e.g. "schema:public", "table:public.film", "fks"
  std::string name;         // file name part, e.g. "public", "public_film", "foreign_keys"
  std::string description;  // header comment
  int order = 0;            // files are written in increasing order
};

class Grouper {
 public:
  // `split_by` is none, schema or table; `forward` is the plan from empty to `c`.
  Grouper(const catalog::Catalog& c, const std::string& split_by, const diff::Plan& forward);
  // The group of one step (of the forward or the reverse plan).
  Group Of(const diff::Step& step) const;

 private:
  std::string SchemaOf(const catalog::ObjectKey& key) const;
  bool DependsOnTable(const catalog::ObjectKey& key) const;

  const catalog::Catalog& c_;
  std::string split_by_;
  std::map<catalog::ObjectKey, std::string> schema_of_;
  std::map<std::string, int> first_seen_;
  Group first_group_;  // schema split: where extensions go  // group id -> position of its first
                       // forward step
};

}  // namespace pgcrate::generate::internal
