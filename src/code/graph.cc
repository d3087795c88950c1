#include "code/graph.h"

#include <algorithm>
#include <functional>

#include "base/strings.h"

namespace pgcrate::code {

DepMap CodeDeps(const CodeSet& set) {
  DepMap out;
  for (const CodeObject& o : set.objects) {
    auto& list = out[o.identity];
    for (size_t d : o.deps) list.push_back(set.objects[d].identity);
  }
  return out;
}

namespace {

enum class Mark { kNone, kVisiting, kDone };

struct Sorter {
  const DepMap& deps;
  std::map<std::string, Mark> marks;  // only nodes of the set
  std::vector<std::string> order, stack;

  Status Visit(const std::string& node) {
    Mark& m = marks[node];
    if (m == Mark::kDone) return Status::Ok();
    if (m == Mark::kVisiting) return Cycle(node);
    m = Mark::kVisiting;
    stack.push_back(node);
    if (auto it = deps.find(node); it != deps.end()) {
      for (const std::string& d : it->second) {
        if (marks.count(d) == 0) continue;  // outside the set: present
        PGCRATE_RETURN_IF_ERROR(Visit(d));
      }
    }
    stack.pop_back();
    marks[node] = Mark::kDone;
    order.push_back(node);
    return Status::Ok();
  }

  Status Cycle(const std::string& node) const {
    auto from = std::find(stack.begin(), stack.end(), node);
    std::vector<std::string> cycle(from, stack.end());
    cycle.push_back(node);
    return Status(Code::kConflict, "dependency cycle: " + base::Join(cycle, " -> ") + ".")
        .WithHint(
            "code objects cannot depend on each other in a circle; break the cycle "
            "(e.g. move one reference into a PL/pgSQL body, which is resolved when it "
            "runs).");
  }
};

}  // namespace

Result<std::vector<std::string>> DependencyOrder(const std::vector<std::string>& nodes,
                                                 const DepMap& deps) {
  Sorter s{deps, {}, {}, {}};
  for (const auto& n : nodes) s.marks.emplace(n, Mark::kNone);
  for (const auto& n : nodes) PGCRATE_RETURN_IF_ERROR(s.Visit(n));
  return s.order;
}

std::set<size_t> WithDependents(const CodeSet& set, const std::set<size_t>& roots) {
  std::vector<std::vector<size_t>> dependents(set.objects.size());
  for (size_t i = 0; i < set.objects.size(); ++i) {
    for (size_t d : set.objects[i].deps) dependents[d].push_back(i);
  }
  std::set<size_t> out = roots;
  std::vector<size_t> todo(roots.begin(), roots.end());
  while (!todo.empty()) {
    size_t n = todo.back();
    todo.pop_back();
    for (size_t d : dependents[n]) {
      if (out.insert(d).second) todo.push_back(d);
    }
  }
  return out;
}

}  // namespace pgcrate::code
