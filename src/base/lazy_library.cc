#include "base/lazy_library.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace pgcrate::base {

namespace {

[[noreturn]] void Fail(const char* soname, const char* package, const char* what) {
  std::fprintf(stderr, "pgcrate: error: cannot load %s: %s\n  hint: install %s (apt install %s).\n",
               soname, what != nullptr ? what : "unknown error", package, package);
  std::_Exit(1);
}

}  // namespace

void* LazySymbol(const char* soname, const char* package, const char* symbol) {
  // dlopen of a library already loaded returns the same handle (reference counted), so one
  // handle per call site's library is all the caching needed; each forwarding function keeps
  // the address it got in a function-local static.
  void* handle = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);
  if (handle == nullptr) Fail(soname, package, dlerror());
  void* address = dlsym(handle, symbol);
  if (address == nullptr) Fail(soname, package, dlerror());
  return address;
}

}  // namespace pgcrate::base
