// Shared libraries loaded on first use. The pgcrate executable does not link libpq or libcrypto
// at start-up: their functions are defined by small forwarding files (pg/libpq_lazy.cc,
// base/crypto_lazy.cc) that resolve the real function here on the first call, so `--version`,
// `--help`, `lint` or `completions` never pay for loading the ~25 libraries libpq drags in
// (Kerberos, LDAP, GnuTLS, OpenSSL). Programs that link pgcrate's libraries (tests, embedders)
// link libpq and libcrypto normally and never use this.
#pragma once

namespace pgcrate::base {

// The address of `symbol` in the shared library `soname` (e.g. "libpq.so.5"), which is loaded
// on the first call. When the library or the symbol cannot be found the process ends with exit
// code 1 and a message on stderr naming the library and `package` (the Debian package that
// provides it): nothing can go on without it.
void* LazySymbol(const char* soname, const char* package, const char* symbol);

}  // namespace pgcrate::base

// Defines the C function `name` (declared by the library's own header, so a signature that
// differs does not compile) as a forwarder to the real one of `soname`, looked up on its first
// call:  PGCRATE_LAZY_FUNCTION("libpq.so.5", "libpq5", int, PQntuples, (const PGresult* r), (r))
#define PGCRATE_LAZY_FUNCTION(soname, package, ret, name, params, args)                           \
  extern "C" ret name params {                                                                    \
    static const auto fn =                                                                        \
        reinterpret_cast<decltype(&::name)>(::pgcrate::base::LazySymbol(soname, package, #name)); \
    return fn args;                                                                               \
  }
