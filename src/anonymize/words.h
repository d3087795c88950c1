// The built-in word lists fake values are drawn from (compiled in; no network, no files).
// Invented or very common words only, so no list names a real person or business.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pgcrate::anonymize {

struct WordList {
  const std::string_view* words;
  size_t size;
  std::string_view Pick(uint64_t n) const { return words[n % size]; }
};

const WordList& FirstNames();
const WordList& LastNames();
const WordList& Cities();
const WordList& Streets();
const WordList& StreetSuffixes();
const WordList& CompanySuffixes();
const WordList& LoremWords();
// Reserved documentation domains (RFC 2606): example.com, example.net, example.org.
const WordList& EmailDomains();

}  // namespace pgcrate::anonymize
