// The pgcrate executable: everything happens in the library; main only hands over argv.
#include "cli/cli.h"

int main(int argc, char** argv) { return pgcrate::cli::Run(argc, argv); }
