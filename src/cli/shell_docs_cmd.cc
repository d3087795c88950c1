// Registers `pgcrate completions bash|zsh|fish` and two hidden commands: `__complete KIND`
// (the project's names that the completion scripts offer) and `__shell-docs DIR` (the man
// pages and completion files, written at build time). Scripts and pages are generated from the
// command tree itself (BuildCommandTree), the same tree `--help` prints, so they cannot drift from
// the CLI.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/complete/complete_values.h"
#include "base/files.h"
#include "base/strings.h"
#include "cli/cli.h"
#include "cli/command_docs.h"
#include "output/exit_codes.h"
#include "pgcrate/version.h"

namespace pgcrate::cli {
namespace shell_docs_cmd {
namespace {

// What completes the value of an option or a positional argument, from its type name
// ("VERSION" -> the project's migration versions): "" for nothing, "file", "dir", or a kind of
// `pgcrate __complete`.
std::string ValueKind(const OptionDoc& o) {
  static const std::map<std::string, std::string, std::less<>> kinds = {
      {"VERSION", "migrations"}, {"SEED", "seeds"}, {"MODEL", "models"}, {"SELECTOR", "models"},
      {"SNAPSHOT", "snapshots"}, {"FILE", "file"},  {"DIR", "dir"}};
  auto it = kinds.find(o.type);
  return it == kinds.end() ? "" : it->second;
}

// The words of a command path in the scripts' tables: "pgcrate" for the root, else
// "pgcrate migrate up".
std::string Key(const CommandDoc& c) { return c.path.empty() ? "pgcrate" : "pgcrate " + c.path; }

// The same command under each of its names (`sql` and its alias `query`).
std::vector<std::string> Keys(const CommandDoc& c) {
  std::vector<std::string> keys = {Key(c)};
  std::string parent = Key(c).substr(0, Key(c).size() - c.name.size());
  for (const auto& alias : c.aliases) keys.push_back(parent + alias);
  return keys;
}

std::string SubcommandWords(const CommandDoc& c, const std::vector<CommandDoc>& all) {
  std::vector<std::string> words;
  for (const auto& sub : all) {
    if (sub.hidden || sub.parent != c.path || &sub == &c || sub.path.empty()) continue;
    words.push_back(sub.name);
    for (const auto& a : sub.aliases) words.push_back(a);
  }
  return base::Join(words, " ");
}

std::string OptionWords(const CommandDoc& c, bool valued_only) {
  std::vector<std::string> words;
  for (const auto& o : c.options) {
    if (o.positional || (valued_only && !o.takes_value)) continue;
    for (const auto& n : o.names) words.push_back(n);
  }
  return base::Join(words, " ");
}

std::string PositionalKind(const CommandDoc& c) {
  for (const auto& o : c.options) {
    if (o.positional && !ValueKind(o).empty()) return ValueKind(o);
  }
  return "";
}

// 'text' for fish, whose single quotes take \\ and \'.
std::string FishQuote(const std::string& text) {
  return "'" + base::ReplaceAll(base::ReplaceAll(text, "\\", "\\\\"), "'", "\\'") + "'";
}

// The tables both bash and zsh scripts read: subcommands, options, options taking a value,
// what completes an option's value and a command's positional arguments, descriptions (zsh).
// Keys are command paths ("pgcrate migrate up"); bash spells an entry `t['k']=v`, zsh
// `t+=('k' 'v')` (zsh keeps the quotes of a subscript as part of the key).
std::string ShellTables(const std::vector<CommandDoc>& all, bool zsh) {
  std::ostringstream s;
  s << (zsh ? "typeset" : "declare")
    << " -gA _pgcrate_subs _pgcrate_opts _pgcrate_valued _pgcrate_kind _pgcrate_pos"
    << " _pgcrate_choices" << (zsh ? " _pgcrate_desc" : "") << "\n";
  auto set = [&s, zsh](const char* table, const std::string& key, const std::string& value) {
    if (zsh) {
      s << table << "+=(" << base::ShellQuote(key) << " " << base::ShellQuote(value) << ")\n";
    } else {
      s << table << "[" << base::ShellQuote(key) << "]=" << base::ShellQuote(value) << "\n";
    }
  };
  for (const auto& c : all) {
    if (c.hidden) continue;
    for (const auto& key : Keys(c)) {
      if (auto subs = SubcommandWords(c, all); !subs.empty()) set("_pgcrate_subs", key, subs);
      set("_pgcrate_opts", key, OptionWords(c, false));
      set("_pgcrate_valued", key, OptionWords(c, true));
      if (auto kind = PositionalKind(c); !kind.empty()) set("_pgcrate_pos", key, kind);
      if (zsh) set("_pgcrate_desc", key, c.description);
      for (const auto& o : c.options) {
        if (o.positional || !o.takes_value) continue;
        for (const auto& n : o.names) {
          if (std::string kind = ValueKind(o); !kind.empty())
            set("_pgcrate_kind", key + " " + n, kind);
          if (!o.choices.empty())
            set("_pgcrate_choices", key + " " + n, base::Join(o.choices, " "));
        }
      }
    }
  }
  return s.str();
}

constexpr const char* kBashFunction = R"BASH(
# The command path of the words before the cursor ("pgcrate migrate up"), skipping options
# and their values; sets _pgcrate_path and _pgcrate_config (a --config FILE given).
_pgcrate_walk() {
  local i w
  _pgcrate_path=pgcrate
  _pgcrate_config=
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if [[ $w == -* ]]; then
      [[ $w == *=* ]] && continue
      if [[ " ${_pgcrate_valued[$_pgcrate_path]} ${_pgcrate_valued[pgcrate]} " == *" $w "* ]]; then
        [[ $w == --config ]] && _pgcrate_config=${COMP_WORDS[i + 1]}
        ((i++))
      fi
      continue
    fi
    if [[ " ${_pgcrate_subs[$_pgcrate_path]} " == *" $w "* ]]; then
      _pgcrate_path="$_pgcrate_path $w"
    fi
  done
}

# COMPREPLY = the lines of $1 that start with the current word. Not compgen -W: it expands
# its word list, and a project's names (files) may contain $(...).
_pgcrate_match() {
  local cur=${COMP_WORDS[COMP_CWORD]} v
  COMPREPLY=()
  while IFS= read -r v; do
    [[ -n $v && $v == "$cur"* ]] && COMPREPLY+=("$v")
  done <<<"$1"
}

# Completes the current word as a value of kind $1 (file, dir, or a `pgcrate __complete`
# kind: the project's migration versions, seeds, models or snapshots).
_pgcrate_values() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  case $1 in
    file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    dir) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
    '') COMPREPLY=() ;;
    *)
      if [[ -n $_pgcrate_config ]]; then
        _pgcrate_match "$("${COMP_WORDS[0]}" --config "$_pgcrate_config" __complete "$1" 2>/dev/null)"
      else
        _pgcrate_match "$("${COMP_WORDS[0]}" __complete "$1" 2>/dev/null)"
      fi
      ;;
  esac
}

_pgcrate() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=
  ((COMP_CWORD > 1)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  COMPREPLY=()
  _pgcrate_walk
  local p=$_pgcrate_path
  if [[ $prev == -* && " ${_pgcrate_valued[$p]} ${_pgcrate_valued[pgcrate]} " == *" $prev "* ]]; then
    if [[ -n ${_pgcrate_choices["$p $prev"]} ]]; then
      _pgcrate_match "$(printf '%s\n' ${_pgcrate_choices["$p $prev"]})"
      return 0
    fi
    local kind=${_pgcrate_kind["$p $prev"]}
    [[ -z $kind ]] && kind=${_pgcrate_kind["pgcrate $prev"]}
    _pgcrate_values "$kind"
    return 0
  fi
  if [[ $cur == -* ]]; then
    _pgcrate_match "$(printf '%s\n' ${_pgcrate_opts[$p]} ${_pgcrate_opts[pgcrate]})"
    return 0
  fi
  if [[ -n ${_pgcrate_subs[$p]} ]]; then
    _pgcrate_match "$(printf '%s\n' ${_pgcrate_subs[$p]})"
    return 0
  fi
  _pgcrate_values "${_pgcrate_pos[$p]}"
}
complete -F _pgcrate pgcrate
)BASH";

constexpr const char* kZshFunction = R"ZSH(
_pgcrate() {
  local cmdpath=pgcrate cfg= i w
  for ((i = 2; i < CURRENT; i++)); do
    w=${words[i]}
    if [[ $w == -* ]]; then
      [[ $w == *=* ]] && continue
      if [[ " ${_pgcrate_valued[$cmdpath]} ${_pgcrate_valued[pgcrate]} " == *" $w "* ]]; then
        [[ $w == --config ]] && cfg=${words[i+1]}
        ((i++))
      fi
      continue
    fi
    [[ " ${_pgcrate_subs[$cmdpath]} " == *" $w "* ]] && cmdpath="$cmdpath $w"
  done
  local cur=${words[CURRENT]} prev=${words[CURRENT-1]} kind=
  if [[ $prev == -* && " ${_pgcrate_valued[$cmdpath]} ${_pgcrate_valued[pgcrate]} " == *" $prev "* ]]; then
    if [[ -n ${_pgcrate_choices[$cmdpath $prev]} ]]; then
      compadd -- ${=_pgcrate_choices[$cmdpath $prev]}
      return
    fi
    kind=${_pgcrate_kind[$cmdpath $prev]:-${_pgcrate_kind[pgcrate $prev]}}
    [[ -n $kind ]] || return 1
  elif [[ $cur == -* ]]; then
    compadd -- ${=_pgcrate_opts[$cmdpath]} ${=_pgcrate_opts[pgcrate]}
    return
  elif [[ -n ${_pgcrate_subs[$cmdpath]} ]]; then
    local -a items
    local s
    for s in ${=_pgcrate_subs[$cmdpath]}; do
      items+=("$s:${_pgcrate_desc[$cmdpath $s]}")
    done
    _describe -t commands 'pgcrate command' items
    return
  else
    kind=${_pgcrate_pos[$cmdpath]}
  fi
  case $kind in
    file) _files ;;
    dir) _files -/ ;;
    '') return 1 ;;
    *)
      local -a values
      if [[ -n $cfg ]]; then
        values=(${(f)"$(${words[1]} --config $cfg __complete $kind 2>/dev/null)"})
      else
        values=(${(f)"$(${words[1]} __complete $kind 2>/dev/null)"})
      fi
      compadd -- $values
      ;;
  esac
}
if [[ $funcstack[1] == _pgcrate ]]; then _pgcrate "$@"; else compdef _pgcrate pgcrate; fi
)ZSH";

std::string BashScript(const std::vector<CommandDoc>& all) {
  return "# bash completion for pgcrate " + std::string(kVersion) +
         " (generated by `pgcrate completions bash`).\n" + ShellTables(all, false) + kBashFunction;
}

std::string ZshScript(const std::vector<CommandDoc>& all) {
  return "#compdef pgcrate\n# zsh completion for pgcrate " + std::string(kVersion) +
         " (generated by `pgcrate completions zsh`).\n" + ShellTables(all, true) + kZshFunction;
}

std::string FishScript(const std::vector<CommandDoc>& all) {
  std::ostringstream s;
  s << "# fish completion for pgcrate " << kVersion
    << " (generated by `pgcrate completions fish`).\n";
  s << "function __pgcrate_subs\n    switch $argv[1]\n";
  for (const auto& c : all) {
    if (c.hidden) continue;
    auto subs = SubcommandWords(c, all);
    if (subs.empty()) continue;
    for (const auto& key : Keys(c)) s << "        case " << FishQuote(key) << "\n";
    s << "            string split ' ' -- " << FishQuote(subs) << "\n";
  }
  s << "    end\nend\n";
  s << "function __pgcrate_valued\n    switch $argv[1]\n";
  for (const auto& c : all) {
    auto valued = OptionWords(c, true);
    if (c.hidden || valued.empty()) continue;
    for (const auto& key : Keys(c)) s << "        case " << FishQuote(key) << "\n";
    s << "            string split ' ' -- " << FishQuote(valued) << "\n";
  }
  s << "    end\nend\n";
  s << R"FISH(# The command path of the words before the cursor, e.g. "pgcrate migrate up".
function __pgcrate_path
    set -l tokens (commandline -opc)
    set -l p pgcrate
    set -l skip 0
    for t in $tokens[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        if string match -q -- '-*' $t
            if not string match -q -- '*=*' $t
                and contains -- $t (__pgcrate_valued $p) (__pgcrate_valued pgcrate)
                set skip 1
            end
            continue
        end
        if contains -- $t (__pgcrate_subs $p)
            set p "$p $t"
        end
    end
    echo $p
end
function __pgcrate_at
    test (__pgcrate_path) = "$argv[1]"
end
# The project's names of a kind (migrations, seeds, models, snapshots).
function __pgcrate_values
    set -l tokens (commandline -opc)
    set -l config
    set -l i (contains -i -- --config $tokens)
    and set config --config $tokens[(math $i + 1)]
    $tokens[1] $config __complete $argv[1] 2>/dev/null
end
complete -c pgcrate -f
)FISH";
  for (const auto& c : all) {
    if (c.hidden) continue;
    for (const auto& key : Keys(c)) {
      std::string cond =
          c.path.empty() ? "" : " -n " + FishQuote("__pgcrate_at " + base::ShellQuote(key));
      for (const auto& sub : all) {
        if (sub.hidden || sub.path.empty() || sub.parent != c.path || &sub == &c) continue;
        s << "complete -c pgcrate" << cond << " -a " << FishQuote(sub.name) << " -d "
          << FishQuote(sub.description) << "\n";
      }
      for (const auto& o : c.options) {
        std::string kind = ValueKind(o);
        std::string values = kind == "file" || kind == "dir" ? " -F"
                             : !o.choices.empty() ? " -a " + FishQuote(base::Join(o.choices, " "))
                             : kind.empty()       ? ""
                                            : " -a " + FishQuote("(__pgcrate_values " + kind + ")");
        if (o.positional) {
          if (!values.empty()) s << "complete -c pgcrate" << cond << values << "\n";
          continue;
        }
        s << "complete -c pgcrate" << cond;
        for (const auto& n : o.names) {
          s << (base::StartsWith(n, "--") ? " -l " + n.substr(2) : " -s " + n.substr(1));
        }
        if (o.takes_value) s << " -r" << values;
        s << " -d " << FishQuote(o.description) << "\n";
      }
    }
  }
  return s.str();
}

void RegisterCompletions(CLI::App& app, CliContext& ctx) {
  auto shell = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "completions", "Print the shell completion script (bash, zsh or fish) for pgcrate");
  cmd->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  cmd->footer(
      "Install: pgcrate completions bash > ~/.local/share/bash-completion/completions/pgcrate\n"
      "         pgcrate completions zsh > \"${fpath[1]}/_pgcrate\"\n"
      "         pgcrate completions fish > ~/.config/fish/completions/pgcrate.fish");
  cmd->callback([&ctx, shell] {
    ctx.action = [shell](app::Session& s) {
      CliContext scratch;
      std::vector<CommandDoc> all = DescribeCommands(*BuildCommandTree(scratch));
      std::string script = *shell == "bash"  ? BashScript(all)
                           : *shell == "zsh" ? ZshScript(all)
                                             : FishScript(all);
      if (s.out().json()) {
        s.out().Json({{"shell", *shell}, {"script", script}});
      } else {
        s.out().Data(script);
      }
      return output::kExitOk;
    };
  });
}

void RegisterCompleteValues(CLI::App& app, CliContext& ctx) {
  auto kind = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("__complete", "Names for shell completion");
  cmd->group("");  // hidden: the completion scripts call it
  cmd->add_option("kind", *kind, "migrations, seeds, models or snapshots")->required();
  cmd->callback([&ctx, kind] {
    ctx.mode.quiet = true;  // a config warning must not end up in the shell's line
    ctx.action = [kind](app::Session& s) {
      std::string text;
      for (const auto& v : app::CompletionValues(s, *kind)) text += v + "\n";
      s.out().Data(text);
      return output::kExitOk;
    };
  });
}

// The files a package installs: DIR/man1/*.1 and DIR/completions/{pgcrate.bash, _pgcrate,
// pgcrate.fish}.
Status WriteShellDocs(const std::string& dir) {
  CliContext scratch;
  std::vector<CommandDoc> all = DescribeCommands(*BuildCommandTree(scratch));
  std::vector<std::pair<std::string, std::string>> files = ManPages(all);
  for (auto& [name, text] : files) name = "man1/" + name;
  files.emplace_back("completions/pgcrate.bash", BashScript(all));
  files.emplace_back("completions/_pgcrate", ZshScript(all));
  files.emplace_back("completions/pgcrate.fish", FishScript(all));
  for (const auto& [name, text] : files) {
    std::string path = base::JoinPath(dir, name);
    PGCRATE_RETURN_IF_ERROR(base::MakeDirs(path.substr(0, path.rfind('/'))));
    PGCRATE_RETURN_IF_ERROR(base::WriteFile(path, text, /*overwrite=*/true));
  }
  return Status::Ok();
}

void RegisterShellDocFiles(CLI::App& app, CliContext& ctx) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("__shell-docs", "Write the man pages and completions");
  cmd->group("");  // hidden: the build runs it (src/cli/CMakeLists.txt)
  cmd->add_option("dir", *dir, "Output directory")->required()->type_name("DIR");
  cmd->callback([&ctx, dir] {
    ctx.action = [dir](app::Session& s) { return Finish(s.out(), WriteShellDocs(*dir)); };
  });
}

void RegisterShellDocs(CLI::App& app, CliContext& ctx) {
  RegisterCompletions(app, ctx);
  RegisterCompleteValues(app, ctx);
  RegisterShellDocFiles(app, ctx);
}

const Registrar kRegistrar(90, {"completions", "__complete", "__shell-docs"}, RegisterShellDocs);

}  // namespace
}  // namespace shell_docs_cmd
}  // namespace pgcrate::cli
