// toml++ compiled into pgcrate (this is its one implementation unit) instead of linking
// libtomlplusplus.so: the executable links libstdc++ statically (docs/packaging.md,
// "Start-up"), and an exception thrown inside a shared C++ library built against the shared
// libstdc++ is not caught by the static one (a bad pgcrate.toml aborted).
#define TOML_IMPLEMENTATION 1
#include <toml++/toml.h>
