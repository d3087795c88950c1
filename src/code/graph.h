// Ordering code objects by their dependencies: the order to create a set of objects in, the
// reverse order to drop them, and the objects that must go when one of theirs is dropped. The
// graph's nodes are identities, so objects recorded in the state table (whose files are gone)
// take part with the dependencies recorded for them.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "code/objects.h"
#include "pgcrate/status.h"

namespace pgcrate::code {

// identity -> identities it depends on.
using DepMap = std::map<std::string, std::vector<std::string>>;

// The hard dependencies of every code object, by identity.
DepMap CodeDeps(const CodeSet& set);

// `nodes` ordered so that each comes after the nodes it depends on (dependencies outside
// `nodes` are taken as present); ties keep the order of `nodes`. A cycle is kConflict that
// prints it ("view a -> view b -> view a").
Result<std::vector<std::string>> DependencyOrder(const std::vector<std::string>& nodes,
                                                 const DepMap& deps);

// `roots` and every code object that depends on one of them, directly or transitively.
std::set<size_t> WithDependents(const CodeSet& set, const std::set<size_t>& roots);

}  // namespace pgcrate::code
