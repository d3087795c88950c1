#include "model/graph.h"

#include <algorithm>
#include <functional>
#include <set>

#include "base/files.h"
#include "base/strings.h"

namespace pgcrate::model {
namespace {

// Depth-first topological sort; on a cycle, the cycle's ids.
bool TopoSort(const std::vector<std::vector<size_t>>& up, std::vector<size_t>& order,
              std::vector<size_t>& cycle) {
  std::vector<int> state(up.size(), 0);  // 0 new, 1 on stack, 2 done
  std::vector<size_t> stack;
  std::function<bool(size_t)> visit = [&](size_t i) {
    if (state[i] == 2) return true;
    if (state[i] == 1) {
      auto from = std::find(stack.begin(), stack.end(), i);
      cycle.assign(from, stack.end());
      cycle.push_back(i);
      return false;
    }
    state[i] = 1;
    stack.push_back(i);
    for (size_t u : up[i]) {
      if (!visit(u)) return false;
    }
    stack.pop_back();
    state[i] = 2;
    order.push_back(i);
    return true;
  };
  for (size_t i = 0; i < up.size(); ++i) {
    if (!visit(i)) return false;
  }
  return true;
}

std::string Quoted(const std::string& s) { return "\"" + base::ReplaceAll(s, "\"", "\\\"") + "\""; }

}  // namespace

Result<Graph> Graph::Build(std::vector<Model> models) {
  Graph g;
  g.models_ = std::move(models);
  for (size_t i = 0; i < g.models_.size(); ++i) g.index_[g.models_[i].Id()] = i;
  g.up_.assign(g.models_.size(), {});
  g.down_.assign(g.models_.size(), {});
  for (size_t i = 0; i < g.models_.size(); ++i) {
    for (const Relation& r : g.models_[i].reads) {
      auto it = g.index_.find(r.Qualified());
      if (it == g.index_.end()) continue;
      g.up_[i].push_back(it->second);
      g.down_[it->second].push_back(i);
    }
  }
  std::vector<size_t> cycle;
  if (!TopoSort(g.up_, g.order_, cycle)) {
    std::string path;
    for (size_t i : cycle) path += (path.empty() ? "" : " -> ") + g.models_[i].Id();
    return Status(Code::kParse, "the models form a cycle: " + path +
                                    " (each reads the next; a model cannot depend on itself)")
        .WithLocation({g.models_[cycle.front()].path, 0, 0});
  }
  return g;
}

int Graph::Find(const std::string& id) const {
  auto it = index_.find(id);
  if (it != index_.end()) return static_cast<int>(it->second);
  if (id.find('.') != std::string::npos) return -1;
  int found = -1;
  for (size_t i = 0; i < models_.size(); ++i) {
    if (models_[i].name != id) continue;
    if (found >= 0) return -1;  // ambiguous
    found = static_cast<int>(i);
  }
  return found;
}

std::vector<std::vector<size_t>> Graph::Layers() const {
  std::vector<int> layer(models_.size(), 0);
  int top = -1;
  for (size_t i : order_) {
    for (size_t u : up_[i]) layer[i] = std::max(layer[i], layer[u] + 1);
    top = std::max(top, layer[i]);
  }
  std::vector<std::vector<size_t>> out(static_cast<size_t>(top + 1));
  for (size_t i : order_) out[static_cast<size_t>(layer[i])].push_back(i);
  for (auto& l : out) std::sort(l.begin(), l.end());
  return out;
}

std::vector<size_t> Graph::Closure(const std::vector<size_t>& seeds, bool upstream) const {
  std::set<size_t> seen(seeds.begin(), seeds.end());
  std::vector<size_t> work(seeds.begin(), seeds.end());
  while (!work.empty()) {
    size_t i = work.back();
    work.pop_back();
    for (size_t n : upstream ? up_[i] : down_[i]) {
      if (seen.insert(n).second) work.push_back(n);
    }
  }
  return {seen.begin(), seen.end()};
}

Result<std::vector<size_t>> Graph::Select(const std::vector<std::string>& selectors) const {
  std::set<size_t> chosen;
  if (selectors.empty()) chosen.insert(order_.begin(), order_.end());
  std::vector<std::string> ids;
  for (const Model& m : models_) ids.push_back(m.Id());
  for (const std::string& sel : selectors) {
    size_t colon = sel.find(':');
    std::string kind = colon == std::string::npos ? "" : sel.substr(0, colon);
    std::string arg = colon == std::string::npos ? sel : sel.substr(colon + 1);
    if (kind == "tag") {
      size_t before = chosen.size();
      for (size_t i = 0; i < models_.size(); ++i) {
        const auto& tags = models_[i].tags;
        if (std::find(tags.begin(), tags.end(), arg) != tags.end()) chosen.insert(i);
      }
      if (chosen.size() == before) {
        return Status(Code::kNotFound, "no model has the tag " + arg).WithObject(sel);
      }
      continue;
    }
    if (!kind.empty() && kind != "deps" && kind != "downstream" && kind != "tree") {
      return Status(Code::kUsage, "unknown selector " + sel +
                                      " (use name, schema.name, tag:T, deps:M, downstream:M, "
                                      "tree:M)");
    }
    int i = Find(arg);
    if (i < 0) {
      std::string near = base::ClosestMatch(arg, ids);
      return Status(Code::kNotFound,
                    "no model named " + arg + (near.empty() ? "" : "; did you mean " + near + "?"))
          .WithObject(sel);
    }
    std::vector<size_t> one = {static_cast<size_t>(i)};
    if (kind == "deps" || kind == "tree") one = Closure(one, true);
    if (kind == "downstream" || kind == "tree") {
      for (size_t d : Closure({static_cast<size_t>(i)}, false)) one.push_back(d);
    }
    chosen.insert(one.begin(), one.end());
  }
  std::vector<size_t> out;
  for (size_t i : order_) {
    if (chosen.count(i) != 0) out.push_back(i);
  }
  return out;
}

std::vector<DepsMismatch> CheckDeps(const Graph& g) {
  std::vector<DepsMismatch> out;
  for (size_t i = 0; i < g.models().size(); ++i) {
    const Model& m = g.models()[i];
    DepsMismatch d;
    d.model = i;
    for (size_t u : g.upstream(i)) d.found.push_back(g.models()[u].Id());
    std::sort(d.found.begin(), d.found.end());
    for (const std::string& f : d.found) {
      if (std::find(m.deps.begin(), m.deps.end(), f) == m.deps.end()) d.missing.push_back(f);
    }
    for (const std::string& dep : m.deps) {
      if (std::find(d.found.begin(), d.found.end(), dep) == d.found.end()) d.extra.push_back(dep);
    }
    if (!d.missing.empty() || !d.extra.empty()) out.push_back(std::move(d));
  }
  return out;
}

Status FixDeps(const Model& model, const std::vector<std::string>& found) {
  auto text = base::ReadFile(model.path);
  if (!text.ok()) return text.status();
  std::vector<std::string> lines = base::Split(*text, '\n');
  std::string deps = "-- deps: " + base::Join(found, ", ");
  if (model.deps_line > 0) {
    std::string& l = lines[static_cast<size_t>(model.deps_line) - 1];
    bool crlf = !l.empty() && l.back() == '\r';
    l = deps + (crlf ? "\r" : "");
  } else {
    size_t at = 0;
    if (!lines.empty() && base::StartsWith(base::Trim(lines[0]), "-- materialized:")) at = 1;
    lines.insert(lines.begin() + static_cast<long>(at), deps);
  }
  return base::WriteFile(model.path, base::Join(lines, "\n"), true);
}

std::string GraphText(const Graph& g, const std::vector<size_t>& subset) {
  std::set<size_t> in(subset.begin(), subset.end());
  std::string out;
  auto layers = g.Layers();
  for (size_t l = 0; l < layers.size(); ++l) {
    std::string line;
    for (size_t i : layers[l]) {
      if (in.count(i) == 0) continue;
      const Model& m = g.models()[i];
      line += "  " + m.Id() + " (" + MaterializedName(m.materialized) + ")";
      std::vector<std::string> ups;
      for (size_t u : g.upstream(i)) ups.push_back(g.models()[u].Id());
      if (!ups.empty()) line += " <- " + base::Join(ups, ", ");
      line += "\n";
    }
    if (!line.empty()) out += "layer " + std::to_string(l) + ":\n" + line;
  }
  return out.empty() ? "No models.\n" : out;
}

std::string GraphMermaid(const Graph& g, const std::vector<size_t>& subset) {
  std::set<size_t> in(subset.begin(), subset.end());
  std::string out = "graph LR\n";
  for (size_t i : subset) {
    const Model& m = g.models()[i];
    out += "  m" + std::to_string(i) + "[" +
           Quoted(m.Id() + " (" + MaterializedName(m.materialized) + ")") + "]\n";
  }
  for (size_t i : subset) {
    for (size_t u : g.upstream(i)) {
      if (in.count(u) != 0) out += "  m" + std::to_string(u) + " --> m" + std::to_string(i) + "\n";
    }
  }
  return out;
}

std::string GraphDot(const Graph& g, const std::vector<size_t>& subset) {
  std::set<size_t> in(subset.begin(), subset.end());
  std::string out = "digraph models {\n  rankdir=LR;\n";
  for (size_t i : subset) {
    const Model& m = g.models()[i];
    out += "  " + Quoted(m.Id()) +
           " [label=" + Quoted(m.Id() + "\\n" + MaterializedName(m.materialized)) + "];\n";
  }
  for (size_t i : subset) {
    for (size_t u : g.upstream(i)) {
      if (in.count(u) != 0) {
        out += "  " + Quoted(g.models()[u].Id()) + " -> " + Quoted(g.models()[i].Id()) + ";\n";
      }
    }
  }
  return out + "}\n";
}

}  // namespace pgcrate::model
