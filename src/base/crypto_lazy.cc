// The OpenSSL functions pgcrate calls, forwarded to libcrypto.so.3 loaded on first use (see
// base/lazy_library.h). Linked only into the pgcrate executable; a signature that differs from
// OpenSSL's headers does not compile.
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "base/lazy_library.h"

#define PGCRATE_CRYPTO(ret, name, params, args) \
  PGCRATE_LAZY_FUNCTION("libcrypto.so.3", "libssl3", ret, name, params, args)

PGCRATE_CRYPTO(EVP_MD_CTX*, EVP_MD_CTX_new, (void), ())
PGCRATE_CRYPTO(void, EVP_MD_CTX_free, (EVP_MD_CTX * ctx), (ctx))
PGCRATE_CRYPTO(int, EVP_MD_CTX_copy_ex, (EVP_MD_CTX * out, const EVP_MD_CTX* in), (out, in))
PGCRATE_CRYPTO(const EVP_MD*, EVP_sha256, (void), ())
PGCRATE_CRYPTO(int, EVP_DigestInit_ex, (EVP_MD_CTX * ctx, const EVP_MD* type, ENGINE* impl),
               (ctx, type, impl))
PGCRATE_CRYPTO(int, EVP_DigestUpdate, (EVP_MD_CTX * ctx, const void* d, size_t cnt), (ctx, d, cnt))
PGCRATE_CRYPTO(int, EVP_DigestFinal_ex, (EVP_MD_CTX * ctx, unsigned char* md, unsigned int* s),
               (ctx, md, s))
PGCRATE_CRYPTO(int, EVP_Digest,
               (const void* data, size_t count, unsigned char* md, unsigned int* size,
                const EVP_MD* type, ENGINE* impl),
               (data, count, md, size, type, impl))
PGCRATE_CRYPTO(int, RAND_bytes, (unsigned char* buf, int num), (buf, num))
