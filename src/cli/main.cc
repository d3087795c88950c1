// The pgcrate executable: everything happens in the library; main only hands over argv.
#include <malloc.h>

#include "cli/cli.h"

int main(int argc, char** argv) {
  // A short-lived process: the heap's top grows in 64 MiB steps (address space only; pages are
  // touched when used) and is never trimmed, instead of a brk call every 128 KiB. Over 10,000
  // migrations `status` allocates ~20 MB.
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  return pgcrate::cli::Run(argc, argv);
}
