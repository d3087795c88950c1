// COPY's text format (the server's default for COPY TO/FROM STDOUT/STDIN): one row per line,
// fields separated by a tab, \N for NULL, and backslash escapes for backslash, tab, newline,
// carriage return, \b \f \v, octal (\123) and hex (\x41). Decoding reads every escape the
// server accepts; encoding writes what the server writes, so a value that passes through
// unchanged is byte-identical.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgcrate::pg {

// Splits one row (without its newline) into its raw, still-escaped fields.
void SplitCopyRow(std::string_view row, std::vector<std::string_view>& fields);
// True when a raw field is \N (NULL).
inline bool IsCopyNull(std::string_view raw) { return raw == "\\N"; }
// Decodes one raw field that is not \N.
std::string DecodeCopyField(std::string_view raw);
// Appends `value` escaped for the text format, or \N for nullopt.
void AppendCopyField(std::string& out, const std::optional<std::string>& value);

}  // namespace pgcrate::pg
