// The models' dependency graph: an edge from each model to every other model its SQL reads
// (found by the PostgreSQL parser, not taken from `-- deps:`), checked for cycles, in
// topological layers; selectors (name, tag:, deps:, downstream:, tree:); and the comparison of
// the declared `-- deps:` lines with what the parser found.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/model.h"
#include "pgcrate/status.h"

namespace pgcrate::model {

class Graph {
 public:
  // kParse naming the cycle ("a -> b -> a") when there is one.
  static Result<Graph> Build(std::vector<Model> models);

  const std::vector<Model>& models() const { return models_; }
  // Index of the model "schema.name" (a bare "name" matches a unique model of that name), -1.
  int Find(const std::string& id) const;
  const std::vector<size_t>& upstream(size_t i) const { return up_[i]; }
  const std::vector<size_t>& downstream(size_t i) const { return down_[i]; }
  // Topological layers: layer 0 reads no model; layer n reads models of layers < n (and one of
  // layer n - 1). Within a layer, by id.
  std::vector<std::vector<size_t>> Layers() const;
  // Models `selectors` choose (any of them; all when empty), in topological order (layer by
  // layer, by id within a layer). kNotFound for a selector that matches nothing (with the
  // closest model id), kUsage for an unknown kind or an ambiguous bare name.
  Result<std::vector<size_t>> Select(const std::vector<std::string>& selectors) const;
  // `seeds` plus every model upstream (or downstream) of them, transitively.
  std::vector<size_t> Closure(const std::vector<size_t>& seeds, bool upstream) const;

 private:
  // The model `arg` of selector `sel` names: kUsage when a bare name is ambiguous, kNotFound
  // (with the closest model) when none matches.
  Status Resolve(const std::string& sel, const std::string& arg, size_t& index) const;

  std::vector<Model> models_;
  std::map<std::string, size_t> index_;
  std::vector<std::vector<size_t>> up_;
  std::vector<std::vector<size_t>> down_;
  std::vector<size_t> order_;  // topological: layer by layer, by id within a layer
};

// A model whose `-- deps:` does not say what its SQL reads.
struct DepsMismatch {
  size_t model = 0;
  // What deps should say, sorted: the models the parser found, plus the declared non-model
  // relations (sources) the SQL does read.
  std::vector<std::string> found;
  std::vector<std::string> missing;  // models read but not declared
  std::vector<std::string> extra;    // declared but not read (or not a relation it reads)
};

std::vector<DepsMismatch> CheckDeps(const Graph& graph);

// Rewrites the `-- deps:` line of the model's file to `found` (adds one after the
// materialized line, or first, when there is none), keeping CRLF line endings. The file is
// replaced atomically. kConflict when the file changed since `model` was parsed (its deps
// line moved).
Status FixDeps(const Model& model, const std::vector<std::string>& found);

// Renderings of the graph restricted to `subset` (indexes, in the order given): text layers,
// Mermaid and Graphviz dot. Edges are drawn between models of the subset only; the text
// lists every model a model reads.
std::string GraphText(const Graph& g, const std::vector<size_t>& subset);
std::string GraphMermaid(const Graph& g, const std::vector<size_t>& subset);
std::string GraphDot(const Graph& g, const std::vector<size_t>& subset);

}  // namespace pgcrate::model
