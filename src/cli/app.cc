#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>

#include "base/interrupt.h"
#include "base/secrets.h"
#include "base/strings.h"
#include "cli/cli.h"
#include "config/config.h"
#include "lint/registry.h"
#include "lint/rule.h"
#include "output/exit_codes.h"
#include "pg/conninfo.h"
#include "pgcrate/version.h"

namespace pgcrate::cli {
namespace {

struct Registration {
  int order;
  std::vector<std::string_view> words;  // the top-level commands it adds (or adds to)
  RegisterFn fn;
};

std::vector<Registration>& Registry() {
  static std::vector<Registration> registry;
  return registry;
}

void SortRegistry() {
  std::stable_sort(Registry().begin(), Registry().end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
}

void AddGlobalFlags(CLI::App& app, CliContext& ctx) {
  MetaFlags& meta = ctx.meta;
  auto& g = ctx.globals;
  app.add_option("-d,--database-url", g.database_url,
                 "Database URL (overrides DATABASE_URL and "
                 "pgcrate.toml)")
      ->type_name("URL");
  app.add_option("--config", g.config_path, "Config file (default: ./pgcrate.toml)")
      ->type_name("FILE");
  app.add_flag("-q,--quiet", ctx.mode.quiet, "Minimal output (errors only)");
  app.add_flag("--verbose", ctx.mode.verbose, "Print executed SQL to stderr");
  app.add_flag("--json", ctx.mode.json, "Machine-readable JSON on stdout");
  WholeNumber(
      app.add_option("--connect-timeout", g.connect_timeout_ms, "Connection timeout in ms (5000)"),
      0);
  WholeNumber(app.add_option("--statement-timeout", g.statement_timeout_ms,
                             "Statement timeout in ms (30000)"),
              0);
  WholeNumber(app.add_option("--lock-timeout", g.lock_timeout_ms, "Lock wait timeout in ms (500)"),
              0);
  app.add_flag("--read-write", g.read_write, "Allow fix commands to write");
  app.add_flag("--primary", g.primary, "Confirm the target is the primary (fix commands)");
  app.add_flag("--version", meta.version, "Print the version");
  app.add_flag("--help-llm", meta.help_llm, "Print the reference for LLM agents");
}

// Every command path in the tree, e.g. "dev start".
void CommandPaths(const CLI::App* app, const std::string& prefix, std::vector<std::string>& out) {
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; })) {
    std::string path = prefix.empty() ? sub->get_name() : prefix + " " + sub->get_name();
    out.push_back(path);
    CommandPaths(sub, path, out);
  }
}

// "unknown command 'lcoks'; did you mean 'pgcrate dba locks'?" for a mistyped command.
std::string Suggest(const CLI::App& app, const std::string& word) {
  std::vector<std::string> paths, names;
  CommandPaths(&app, "", paths);
  for (const auto& p : paths) {
    std::string last = p.substr(p.rfind(' ') == std::string::npos ? 0 : p.rfind(' ') + 1);
    if (last == word && p != word) return "did you mean 'pgcrate " + p + "'?";
    names.push_back(last);
  }
  std::string close = base::ClosestMatch(word, names);
  if (close.empty()) return "";
  for (const auto& p : paths) {
    if (p == close || p.ends_with(" " + close)) return "did you mean 'pgcrate " + p + "'?";
  }
  return "";
}

const CLI::App* Deepest(const CLI::App* app) {
  for (const CLI::App* sub : app->get_subcommands()) return Deepest(sub);
  return app;
}

// "migrate up" for the `up` subcommand of `migrate`; "" for the root.
std::string CommandPath(const CLI::App* app) {
  std::string path;
  for (; app != nullptr && app->get_parent() != nullptr; app = app->get_parent()) {
    path = app->get_name() + (path.empty() ? "" : " " + path);
  }
  return path;
}

// Every argument holding a connection string (also as the value of `--opt=VALUE` or `-dVALUE`)
// is registered with its redacted form before anything is parsed, so that no message built
// from the command line — CLI11's or pgcrate's — quotes it verbatim.
void RegisterSensitiveArguments(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::vector<std::string_view> candidates = {arg};
    if (arg.size() > 2 && arg[0] == '-') {
      if (size_t eq = arg.find('='); eq != std::string_view::npos) {
        candidates.push_back(arg.substr(eq + 1));
      }
      if (arg[1] != '-') candidates.push_back(arg.substr(2));
    }
    for (std::string_view c : candidates) {
      if (pg::LooksLikeConnInfo(c)) base::RegisterSensitive(c, pg::RedactConnInfo(std::string(c)));
    }
  }
}

// The argument CLI11 did not expect, from its (already redacted) message.
std::string UnexpectedWord(const std::string& rest) {
  if (base::StartsWith(rest, pg::kMalformedConnInfo)) return pg::kMalformedConnInfo;
  return base::Split(rest, ' ')[0];
}

int UsageError(const CLI::App& app, const CliContext& ctx, const CLI::ParseError& e) {
  std::string msg = base::Redact(e.what());  // before any message is built from it
  Status st(Code::kUsage, msg);
  if (auto pos = msg.find("not expected: "); pos != std::string::npos) {
    std::string word = UnexpectedWord(msg.substr(pos + 14));
    std::string hint = Suggest(app, word);
    st = Status(Code::kUsage, "unknown command or argument '" + word + "'.");
    if (!hint.empty()) st.WithHint(hint);
  }
  std::string path = CommandPath(Deepest(&app));
  if (st.hint().empty()) {
    st.WithHint(path.empty() ? "run `pgcrate --help` for usage."
                             : "run `pgcrate " + path + " --help` for usage.");
  }
  output::Output out(ctx.mode);
  out.Error(st);
  // Under dba, 2 means "critical": its usage errors get a code of their own.
  bool dba = path == "dba" || base::StartsWith(path, "dba ");
  return dba ? output::kExitDbaUsage : output::kExitUsage;
}

int PrintMeta(const CliContext& ctx, const char* key, const std::string& text) {
  if (ctx.mode.json) {
    nlohmann::ordered_json doc;
    doc[key] = text;
    output::Output(ctx.mode).Json(doc);
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (!text.empty() && text.back() != '\n') std::fputc('\n', stdout);
  }
  return output::kExitOk;
}

bool ArgvHas(int argc, char** argv, const char* flag) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--") == 0) return false;
    if (std::strcmp(argv[i], flag) == 0) return true;
  }
  return false;
}

int RunAction(CliContext& ctx) {
  output::Output out(ctx.mode);
  base::InstallInterruptHandler();
  int code;
  {
    app::Session session(ctx.globals, out);
    session.ExitsAfterCommand();  // this process ends after the one command
    try {
      code = ctx.action(session);
    } catch (const std::exception& e) {
      code = Finish(out, Status(Code::kInternal, std::string("internal error: ") + e.what()));
    }
  }  // the session (and its connections) is closed before we report the interrupt
  if (base::Interrupted() && !ctx.interrupt_ends_normally) {
    out.Info("interrupted");
    return output::kExitInterrupted;
  }
  return code;
}

}  // namespace

Registrar::Registrar(int order, std::initializer_list<std::string_view> words, RegisterFn fn) {
  Registry().push_back({order, std::vector<std::string_view>(words), fn});
}

CLI::Option* WholeNumber(CLI::Option* option, int min) {
  constexpr int kMax = std::numeric_limits<int>::max();
  std::string range = std::to_string(min) + " and " + std::to_string(kMax);
  option->check(CLI::Validator(
      [min, range](std::string& value) -> std::string {
        errno = 0;
        char* end = nullptr;
        long long v = std::strtoll(value.c_str(), &end, 10);
        bool digits =
            !value.empty() && value.find_first_not_of("+-0123456789") == std::string::npos;
        if (!digits || *end != '\0' || errno == ERANGE || v < min || v > kMax) {
          return "'" + value + "' must be a whole number between " + range;
        }
        return "";
      },
      "INT", "WholeNumber"));
  return option;
}

CLI::App* Namespace(CLI::App& app, const std::string& name, const std::string& description) {
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == name) return sub;
  }
  CLI::App* ns = app.add_subcommand(name, description);
  ns->require_subcommand(1);
  return ns;
}

int Finish(const output::Output& out, const Status& status) {
  if (status.ok()) return output::kExitOk;
  out.Error(status);
  return status.code() == Code::kUsage ? output::kExitUsage : output::kExitFailure;
}

namespace {

// config/ checks [lint] rule ids against the registry it cannot link to.
void SetLintRuleIds() {
  std::vector<std::string> ids;
  for (const lint::Rule* r : lint::AllRules()) ids.emplace_back(r->id);
  config::SetKnownLintRules(std::move(ids));
}

}  // namespace

namespace {

// How much of the command tree a run builds. Building all of it (~150 commands and their
// options in CLI11) was two thirds of `pgcrate --version`'s start-up; a run builds the part
// its command word names, and the whole tree only for what needs it (help, suggestions).
enum class Tree { kNone, kCommand, kAll };

// The command word of the command line: the first argument that is neither a global option
// nor the value of one ("" when there is none or "--" comes first).
std::string CommandWord(const CLI::App& root, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") return "";
    if (arg.size() < 2 || arg[0] != '-') return arg;
    if (arg.find('=') != std::string::npos) continue;  // --option=value
    const CLI::Option* opt = root.get_option_no_throw(arg);
    if (opt != nullptr && opt->get_items_expected_min() > 0) ++i;  // its value is next
  }
  return "";
}

// The tree that `argc`/`argv` need: the registrations of its command word; none for a bare
// `--version` or `--help-llm`; all of them for `--help`, no command or an unknown word.
std::vector<const Registration*> RegistrationsFor(const CLI::App& root, int argc, char** argv,
                                                  Tree tree) {
  std::vector<const Registration*> chosen;
  std::string word = tree == Tree::kAll ? "" : CommandWord(root, argc, argv);
  for (const Registration& r : Registry()) {
    if (std::find(r.words.begin(), r.words.end(), word) != r.words.end()) chosen.push_back(&r);
  }
  bool meta_only = word.empty() && tree != Tree::kAll && !ArgvHas(argc, argv, "--help") &&
                   !ArgvHas(argc, argv, "-h") &&
                   (ArgvHas(argc, argv, "--version") || ArgvHas(argc, argv, "--help-llm"));
  if (meta_only) return {};
  if (chosen.empty()) {
    for (const Registration& r : Registry()) chosen.push_back(&r);
  }
  return chosen;
}

constexpr const char* kDescription =
    "pgcrate: migrations, schema tools and health checks for PostgreSQL";

int RunTree(int argc, char** argv, Tree tree) {
  CliContext ctx;
  ctx.mode.json = ArgvHas(argc, argv, "--json");
  const MetaFlags& meta = ctx.meta;
  CLI::App app(kDescription, "pgcrate");
  app.fallthrough();  // global flags are accepted after the subcommand too
  AddGlobalFlags(app, ctx);
  std::vector<const Registration*> chosen = RegistrationsFor(app, argc, argv, tree);
  bool partial = chosen.size() < Registry().size();
  for (const Registration* r : chosen) r->fn(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return PrintMeta(ctx, "help", Deepest(&app)->help());
  } catch (const CLI::CallForAllHelp&) {
    return PrintMeta(ctx, "help", app.help("", CLI::AppFormatMode::All));
  } catch (const CLI::ParseError& e) {
    // A usage error is reported with the whole tree, whose suggestions see every command.
    if (partial) return RunTree(argc, argv, Tree::kAll);
    return UsageError(app, ctx, e);
  }
  if (meta.version) {
    return ctx.mode.json ? PrintMeta(ctx, "version", kVersion)
                         : PrintMeta(ctx, "version", std::string("pgcrate ") + kVersion);
  }
  if (meta.help_llm) return PrintMeta(ctx, "llm_help", kLlmsText);
  if (!ctx.action) {
    if (partial) return RunTree(argc, argv, Tree::kAll);
    if (ctx.mode.json) {
      output::Output(ctx.mode).Error(Status(Code::kUsage, "no command given.")
                                         .WithHint("run `pgcrate --help` for the commands."));
    } else {
      std::cerr << app.help();
    }
    return output::kExitUsage;
  }
  return RunAction(ctx);
}

}  // namespace

std::unique_ptr<CLI::App> BuildCommandTree(CliContext& ctx) {
  auto app = std::make_unique<CLI::App>(kDescription, "pgcrate");
  app->fallthrough();
  AddGlobalFlags(*app, ctx);
  SortRegistry();
  for (const Registration& r : Registry()) r.fn(*app, ctx);
  return app;
}

int Run(int argc, char** argv) {
  RegisterSensitiveArguments(argc, argv);
  SetLintRuleIds();
  SortRegistry();
  return RunTree(argc, argv, Tree::kCommand);
}

}  // namespace pgcrate::cli
