// Small string helpers shared by every subsystem.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pgcrate::base {

std::string Trim(std::string_view s);
std::string ToLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
// Splits on `sep`; keeps empty fields.
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
// Sorts `items` as std::sort would (byte order), comparing a key packed from the first 16 bytes
// of each first and the whole strings only when those tie: several times fewer instructions
// for thousands of names that share long prefixes (migration files: a 14-digit version).
void SortStrings(std::vector<std::string>& items);
// Replaces every occurrence of `from` (non-empty) with `to`.
std::string ReplaceAll(std::string s, std::string_view from, std::string_view to);
// Levenshtein distance, for did-you-mean suggestions.
size_t EditDistance(std::string_view a, std::string_view b);
// The candidate closest to `word` within a small edit distance, or "" when none is close.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);
// 1-based line and column of byte `offset` in `text` (column counts bytes).
std::pair<int, int> LineColumnAt(std::string_view text, size_t offset);
// A C0 control character or DEL.
inline bool IsAsciiControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

// `word` as one POSIX shell word, for command lines pgcrate prints for a user to paste: bare
// when it has only characters no shell treats specially (letters, digits, and
// @%+=:,./_-), else in single quotes with each ' written as '\''. "" becomes ''.
std::string ShellQuote(std::string_view word);
// FNV-1a 64 of `s` as 16 lower-case hex digits: a stable fingerprint for naming cache files,
// with no library to load first. Never for integrity (that is Sha256Hex's job).
std::string FingerprintHex(std::string_view s);
// The words of a command line, each ShellQuote'd, joined by spaces.
std::string ShellCommand(const std::vector<std::string>& words);

}  // namespace pgcrate::base
