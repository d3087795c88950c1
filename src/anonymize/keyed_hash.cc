#include "anonymize/keyed_hash.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace pgcrate::anonymize {

struct KeyedHash::Impl {
  EVP_MD_CTX* inner = nullptr;  // SHA-256 after (key ^ ipad)
  EVP_MD_CTX* outer = nullptr;  // SHA-256 after (key ^ opad)
  EVP_MD_CTX* work = nullptr;
  ~Impl() {
    EVP_MD_CTX_free(inner);
    EVP_MD_CTX_free(outer);
    EVP_MD_CTX_free(work);
  }
};

namespace {

constexpr size_t kBlock = 64;  // SHA-256 block size

bool Sha256(std::string_view data, uint8_t* out) {
  unsigned int len = 0;
  return EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr) == 1;
}

bool InitPad(EVP_MD_CTX* ctx, const uint8_t* key, uint8_t pad) {
  uint8_t block[kBlock];
  for (size_t i = 0; i < kBlock; ++i) block[i] = key[i] ^ pad;
  return EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
         EVP_DigestUpdate(ctx, block, kBlock) == 1;
}

}  // namespace

Result<std::unique_ptr<KeyedHash>> KeyedHash::Create(std::string_view salt) {
  if (salt.empty()) return Status(Code::kConfig, "the anonymization salt is empty.");
  std::unique_ptr<KeyedHash> h(new KeyedHash());
  h->impl_ = std::make_unique<Impl>();
  Impl& m = *h->impl_;
  m.inner = EVP_MD_CTX_new();
  m.outer = EVP_MD_CTX_new();
  m.work = EVP_MD_CTX_new();
  uint8_t key[kBlock] = {};
  bool ok = m.inner && m.outer && m.work;
  if (ok && salt.size() > kBlock) {
    ok = Sha256(salt, key);  // RFC 2104: a key longer than a block is hashed first
  } else {
    for (size_t i = 0; i < salt.size(); ++i) key[i] = static_cast<uint8_t>(salt[i]);
  }
  ok = ok && InitPad(m.inner, key, 0x36) && InitPad(m.outer, key, 0x5c);
  if (!ok) return Status(Code::kInternal, "OpenSSL could not set up HMAC-SHA256.");
  return h;
}

KeyedHash::~KeyedHash() = default;

Digest KeyedHash::Of(std::string_view value) {
  Impl& m = *impl_;
  Digest inner_digest{};
  Digest out{};
  unsigned int len = 0;
  // Failures here mean OpenSSL is out of memory; the zero digest then still keeps the output
  // deterministic for the value, and allocation failure would surface elsewhere first.
  if (EVP_MD_CTX_copy_ex(m.work, m.inner) != 1 ||
      EVP_DigestUpdate(m.work, value.data(), value.size()) != 1 ||
      EVP_DigestFinal_ex(m.work, inner_digest.data(), &len) != 1 ||
      EVP_MD_CTX_copy_ex(m.work, m.outer) != 1 ||
      EVP_DigestUpdate(m.work, inner_digest.data(), inner_digest.size()) != 1 ||
      EVP_DigestFinal_ex(m.work, out.data(), &len) != 1) {
    out.fill(0);
  }
  return out;
}

Result<std::string> RandomSalt() {
  uint8_t bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return Status(Code::kInternal, "OpenSSL could not produce random bytes for a salt.");
  }
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (uint8_t b : bytes) {
    s += hex[b >> 4];
    s += hex[b & 15];
  }
  return s;
}

uint64_t DigestWord(const Digest& d, int word) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v = (v << 8) | d[static_cast<size_t>(word) * 8 + static_cast<size_t>(i)];
  return v;
}

}  // namespace pgcrate::anonymize
