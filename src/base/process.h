// Running external programs (initdb, pg_ctl, pg_dump, ...) without a shell, so no argument
// is ever interpreted by one.
#pragma once

#include <string>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::base {

struct ProcessOptions {
  // Run as this OS user (through runuser) when the current process is root; "" = as is.
  std::string run_as_user;
  // Capture stdout and stderr (merged) into ProcessResult::output instead of inheriting.
  bool capture = true;
  // Working directory for the child; "" = inherit.
  std::string cwd;
  // Extra environment entries, "KEY=value".
  std::vector<std::string> env;
  // Environment variables removed in the child.
  std::vector<std::string> unset_env;
  // Keep stderr apart (ProcessResult::error_output) instead of merging it into output.
  bool separate_stderr = false;
  // Bytes fed to the child's stdin (which is /dev/null when this is empty and !use_stdin).
  std::string stdin_data;
  bool use_stdin = false;
  // Append the child's stdout and stderr to this file (created 0600 when missing) instead of
  // capturing or inheriting them; opened by us before the program runs, so no shell
  // redirection is ever needed. Takes precedence over `capture`.
  std::string output_file;
  // On Ctrl-C/SIGTERM (base/interrupt.h), send the child SIGTERM too (for long-running children
  // such as pg_dump that do not share the terminal's signal, e.g. when only pgcrate is signalled).
  bool forward_interrupt = false;
};

struct ProcessResult {
  int exit_code = -1;        // the program's exit status, or 128+signal
  std::string output;        // stdout (merged with stderr unless separate_stderr)
  std::string error_output;  // stderr when separate_stderr
};

// Runs argv[0] (looked up in PATH when it has no '/') with the given arguments and waits.
// No shell is involved: each argument reaches the program as one argv entry, whatever it
// contains (as root with run_as_user, through `runuser -u USER --`, which runs no shell either).
// Fails only when the program cannot be started; a non-zero exit is in the result.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                 const ProcessOptions& options = {});

// Finds `name` in each of `dirs` first, then in PATH; "" when not found.
std::string FindProgram(const std::string& name, const std::vector<std::string>& dirs = {});

bool IsRoot();
// The value of an environment variable, "" when unset.
std::string GetEnv(const char* name);
bool IsTty(int fd);

}  // namespace pgcrate::base
