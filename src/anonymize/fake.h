// Made-up values drawn from a digest (anonymize/keyed_hash.h) and the built-in word lists.
// Each function is a pure function of its arguments: the same digest gives the same value.
// Lengths are not limited here; anonymize/value.h fits the result to the column.
#pragma once

#include <string>
#include <string_view>

#include "anonymize/keyed_hash.h"

namespace pgcrate::anonymize::fake {

std::string FirstName(const Digest& d);
std::string LastName(const Digest& d);
std::string FullName(const Digest& d);
// "first.last.1234" (the local part; the caller adds "@" + EmailDomain()).
std::string EmailLocal(const Digest& d);
std::string EmailDomain(const Digest& d);
std::string Phone(const Digest& d);    // "+1 555 123 4567"
std::string Address(const Digest& d);  // "1234 Maple Street"
std::string City(const Digest& d);
std::string Company(const Digest& d);  // "Miller Partners"
// 3 to 12 lorem words, the first capitalised, ending with '.'.
std::string Lorem(const Digest& d);
// `input` with each letter or non-ASCII character replaced by a letter (case kept for ASCII)
// and each digit by a digit; ASCII punctuation and spaces kept: the same number of characters.
std::string SameLengthText(const Digest& d, std::string_view input);
std::string Hex(const Digest& d);   // 64 hex digits
std::string Uuid(const Digest& d);  // RFC 4122 layout, version 4 bits set
// 13 base-32 characters (0-9a-v) from the digest's last 64 bits: the uniqueness tag.
std::string Tag(const Digest& d);

}  // namespace pgcrate::anonymize::fake
