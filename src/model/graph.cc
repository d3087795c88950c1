#include "model/graph.h"

#include <algorithm>
#include <functional>
#include <set>

#include "base/files.h"
#include "base/strings.h"
#include "model/directives.h"

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

// The inside of a Graphviz dot string.
std::string DotEscaped(const std::string& s) {
  return base::ReplaceAll(base::ReplaceAll(s, "\\", "\\\\"), "\"", "\\\"");
}

std::string Quoted(const std::string& s) { return "\"" + DotEscaped(s) + "\""; }

// A Mermaid node label: Mermaid has no backslash escapes, a quote is the entity #quot;.
std::string MermaidLabel(const std::string& s) {
  return "\"" + base::ReplaceAll(s, "\"", "#quot;") + "\"";
}

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
  // Layer by layer, by id within a layer: the order runs and listings follow.
  std::vector<size_t> order;
  for (const auto& layer : g.Layers()) order.insert(order.end(), layer.begin(), layer.end());
  g.order_ = std::move(order);
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
  auto by_id = [&](size_t a, size_t b) { return models_[a].Id() < models_[b].Id(); };
  for (auto& l : out) std::sort(l.begin(), l.end(), by_id);
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

Status Graph::Resolve(const std::string& sel, const std::string& arg, size_t& index) const {
  int i = Find(arg);
  if (i >= 0) {
    index = static_cast<size_t>(i);
    return Status::Ok();
  }
  std::vector<std::string> same, ids, names;
  for (const Model& m : models_) {
    if (m.name == arg) same.push_back(m.Id());
    ids.push_back(m.Id());
    names.push_back(m.name);
  }
  if (same.size() > 1) {
    return Status(Code::kUsage, "the model name " + arg + " is ambiguous: " +
                                    base::Join(same, ", ") + "; write schema.name")
        .WithObject(sel);
  }
  // A bare name is compared with the models' names, a qualified one with their ids.
  bool bare = arg.find('.') == std::string::npos;
  std::string near = base::ClosestMatch(arg, bare ? names : ids);
  if (bare && !near.empty()) {
    int n = Find(near);
    near = n >= 0 ? models_[static_cast<size_t>(n)].Id() : "";
  }
  return Status(Code::kNotFound,
                "no model named " + arg + (near.empty() ? "" : "; did you mean " + near + "?"))
      .WithObject(sel);
}

Result<std::vector<size_t>> Graph::Select(const std::vector<std::string>& selectors) const {
  std::set<size_t> chosen;
  if (selectors.empty()) chosen.insert(order_.begin(), order_.end());
  for (const std::string& sel : selectors) {
    size_t colon = sel.find(':');
    std::string kind = colon == std::string::npos ? "" : sel.substr(0, colon);
    std::string arg = colon == std::string::npos ? sel : sel.substr(colon + 1);
    if (kind == "tag") {
      bool any = false;
      for (size_t i = 0; i < models_.size(); ++i) {
        const auto& tags = models_[i].tags;
        if (std::find(tags.begin(), tags.end(), arg) == tags.end()) continue;
        chosen.insert(i);
        any = true;
      }
      if (!any) return Status(Code::kNotFound, "no model has the tag " + arg).WithObject(sel);
      continue;
    }
    if (!kind.empty() && kind != "deps" && kind != "downstream" && kind != "tree") {
      return Status(Code::kUsage, "unknown selector " + sel +
                                      " (use name, schema.name, tag:T, deps:M, downstream:M, "
                                      "tree:M)")
          .WithObject(sel);
    }
    size_t i = 0;
    PGCRATE_RETURN_IF_ERROR(Resolve(sel, arg, i));
    std::vector<size_t> one = {i};
    if (kind == "deps" || kind == "tree") one = Closure(one, true);
    if (kind == "downstream" || kind == "tree") {
      for (size_t d : Closure({i}, false)) one.push_back(d);
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
    // A declared relation that is read but is not a model (a source) is true: it stays.
    for (const std::string& dep : m.deps) {
      bool read = std::any_of(m.reads.begin(), m.reads.end(),
                              [&](const Relation& r) { return r.Qualified() == dep; });
      if (read && g.Find(dep) < 0) d.found.push_back(dep);
    }
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
  bool crlf = !lines.empty() && !lines[0].empty() && lines[0].back() == '\r';
  std::string deps = found.empty() ? "-- deps:" : "-- deps: " + base::Join(found, ", ");
  if (crlf) deps += "\r";
  if (model.deps_line > 0) {
    size_t at = static_cast<size_t>(model.deps_line) - 1;
    std::string key, value;
    std::string old = at < lines.size() ? base::Trim(lines[at]) : "";
    if (!base::StartsWith(old, "--") || !SplitDirective(base::Trim(old.substr(2)), key, value) ||
        key != "deps") {
      return Status(Code::kConflict, model.path + " changed since it was read: line " +
                                         std::to_string(model.deps_line) +
                                         " is no longer its -- deps: line; run again")
          .WithLocation({model.path, model.deps_line, 0});
    }
    lines[at] = deps;
  } else {
    // After the -- materialized: line when there is one, else first.
    auto mat = model.lines.find("materialized");
    size_t at = mat == model.lines.end() ? 0 : static_cast<size_t>(mat->second);
    const std::string bom = "\xEF\xBB\xBF";  // stays the file's first bytes
    if (at == 0 && !lines.empty() && base::StartsWith(lines[0], bom)) {
      lines[0].erase(0, bom.size());
      deps = bom + deps;
    }
    lines.insert(lines.begin() + static_cast<long>(std::min(at, lines.size())), deps);
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
           MermaidLabel(m.Id() + " (" + MaterializedName(m.materialized) + ")") + "]\n";
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
    out += "  " + Quoted(m.Id()) + " [label=\"" + DotEscaped(m.Id()) + "\\n" +
           MaterializedName(m.materialized) + "\"];\n";
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
