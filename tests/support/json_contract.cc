#include "support/json_contract.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>

#include "support/json_schema.h"

namespace pgcrate::testing {
namespace {

// Every command path of the CLI tree (src/cli/*_cmd.cc). A command added there and run with
// --json in a test without being listed here resolves to its parent namespace, which has no
// schema, so the test fails and says so: add the command here and its schema to docs/schemas/.
const std::set<std::string>& CommandTree() {
  static const std::set<std::string> tree = {
      "sql", "init", "context", "capabilities", "status", "generate", "plan", "apply", "watch",
      "anonymize", "anonymize check", "completions", "__complete", "__shell-docs",
      // dev
      "dev", "dev start", "dev stop", "dev status", "dev url", "dev reset",
      // migrate
      "migrate", "migrate up", "migrate down", "migrate new", "migrate baseline", "migrate stamp",
      "migrate status", "migrate current", "migrate history", "migrate verify", "migrate sql",
      "migrate squash", "migrate import", "migrate check", "migrate autogenerate", "migrate lint",
      // inspect
      "inspect", "inspect table", "inspect diff", "inspect erd", "inspect extensions",
      "inspect roles", "inspect grants",
      // dba: one command per check (dba/registry.cc), explain, triage, doctor, fix
      "dba", "dba locks", "dba connections", "dba xid", "dba sequences", "dba indexes",
      "dba vacuum", "dba bloat", "dba replication", "dba queries", "dba storage", "dba stats-age",
      "dba checkpoints", "dba autovacuum-progress", "dba config", "dba cache-hit",
      "dba disabled-triggers", "dba prepared-xacts", "dba primary-keys", "dba redundant-indexes",
      "dba unlogged-tables", "dba explain", "dba triage", "dba doctor", "dba fix",
      "dba fix sequence", "dba fix index", "dba fix vacuum", "dba fix bloat",
      // model
      "model", "model run", "model compile", "model show", "model status", "model graph",
      "model lint", "model lint deps", "model new", "model init", "model move", "model test",
      // seed, snapshot
      "seed", "seed list", "seed run", "seed validate", "seed diff", "snapshot", "snapshot save",
      "snapshot restore", "snapshot list", "snapshot info", "snapshot delete"};
  return tree;
}

// Global options (src/cli/app.cc) that take a value as the next argument.
bool TakesValue(const std::string& arg) {
  static const std::set<std::string> options = {"-d",
                                                "--database-url",
                                                "--config",
                                                "--connect-timeout",
                                                "--statement-timeout",
                                                "--lock-timeout"};
  return options.count(arg) > 0;
}

// The arguments before any "--".
std::vector<std::string> Flags(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    if (a == "--") break;
    out.push_back(a);
  }
  return out;
}

bool Has(const std::vector<std::string>& args, const std::string& flag) {
  for (const auto& a : Flags(args)) {
    if (a == flag) return true;
  }
  return false;
}

SchemaSet& Schemas() {
  static SchemaSet schemas(PGCRATE_SCHEMA_DIR);
  return schemas;
}

std::atomic<int> validated{0};

// Prints how many documents this test program validated, once, at exit.
void ReportCount() {
  if (validated > 0)
    std::fprintf(stderr, "json contract: %d --json documents validated\n", validated.load());
}

void Log(const std::string& schema, const std::vector<std::string>& args) {
  const char* path = std::getenv("PGCRATE_JSON_CONTRACT_LOG");
  if (path == nullptr || *path == '\0') return;
  std::string line = schema;
  for (const auto& a : args) line += " " + (a.find('\n') == std::string::npos ? a : "<text>");
  line += "\n";
  int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) return;
  (void)!::write(fd, line.data(), line.size());  // one write: lines of parallel tests stay whole
  ::close(fd);
}

// With $PGCRATE_JSON_SAMPLES_DIR set, writes `doc` there as <schema>.<pid>.<n>.json: real
// outputs to write or review a schema from.
void Sample(const std::string& schema, const nlohmann::json& doc) {
  const char* dir = std::getenv("PGCRATE_JSON_SAMPLES_DIR");
  if (dir == nullptr || *dir == '\0') return;
  static std::atomic<int> n{0};
  std::string path = std::string(dir) + "/" + (schema.empty() ? "none" : schema) + "." +
                     std::to_string(::getpid()) + "." + std::to_string(n++) + ".json";
  if (FILE* f = std::fopen(path.c_str(), "w")) {
    std::string text = doc.dump(2);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
}

// The documents in `out`: one, or several printed one after another.
bool ParseDocuments(const std::string& out, std::vector<nlohmann::json>& docs) {
  std::istringstream in(out);
  while (true) {
    in >> std::ws;
    if (in.peek() == std::char_traits<char>::eof()) return !docs.empty();
    nlohmann::json doc;
    try {
      in >> doc;
    } catch (const nlohmann::json::exception&) {
      return false;
    }
    docs.push_back(std::move(doc));
  }
}

std::string Joined(const std::vector<std::string>& args) {
  std::string out = "pgcrate";
  for (const auto& a : args) out += " " + a;
  return out;
}

}  // namespace

std::string CommandPathOf(const std::vector<std::string>& args) {
  std::string path;
  std::vector<std::string> flags = Flags(args);
  for (size_t i = 0; i < flags.size(); ++i) {
    const std::string& a = flags[i];
    if (!a.empty() && a[0] == '-') {
      if (TakesValue(a)) ++i;
      continue;
    }
    std::string word = path.empty() && a == "query" ? "sql" : a;
    std::string next = path.empty() ? word : path + " " + word;
    if (!CommandTree().count(next)) break;
    path = next;
  }
  return path == "status" ? "migrate status" : path;
}

std::string SchemaFileFor(const std::vector<std::string>& args, bool doc_ok) {
  if (!doc_ok) return "error.schema.json";
  if (Has(args, "--help") || Has(args, "-h")) return "help.schema.json";
  if (Has(args, "--version")) return "version.schema.json";
  if (Has(args, "--help-llm")) return "help-llm.schema.json";
  std::string path = CommandPathOf(args);
  if (path.empty()) return "";
  for (char& c : path) {
    if (c == ' ') c = '-';
  }
  return path + ".schema.json";
}

void CheckJsonContract(const std::vector<std::string>& args, const std::string& out) {
  static const bool registered = [] { return std::atexit(ReportCount) == 0; }();
  (void)registered;
  if (!Has(args, "--json") || out.empty()) return;
  std::vector<nlohmann::json> docs;
  if (!ParseDocuments(out, docs)) {
    ADD_FAILURE() << "`" << Joined(args) << "` printed something that is not JSON:\n" << out;
    return;
  }
  for (const auto& doc : docs) {
    bool ok = !(doc.is_object() && doc.contains("ok") && doc["ok"] == false);
    std::string schema = SchemaFileFor(args, ok);
    Sample(schema, doc);
    if (schema.empty() || !Schemas().Has(schema)) {
      ADD_FAILURE() << "`" << Joined(args) << "`: no JSON schema for this command ("
                    << (schema.empty() ? "no command path" : "docs/schemas/" + schema)
                    << "); add one (docs/schemas/README.md) and the command to CommandTree() "
                       "in tests/support/json_contract.cc if it is new.";
      continue;
    }
    std::vector<SchemaError> errors = Schemas().Validate(schema, doc);
    ++validated;
    Log(schema, args);
    if (!errors.empty()) {
      ADD_FAILURE() << "`" << Joined(args) << "`: the output does not match docs/schemas/" << schema
                    << ":\n"
                    << FormatSchemaErrors(errors) << "\noutput:\n"
                    << doc.dump(2);
    }
  }
}

}  // namespace pgcrate::testing
