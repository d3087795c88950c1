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
