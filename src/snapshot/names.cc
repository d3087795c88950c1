#include "snapshot/names.h"

#include <cctype>

namespace pgcrate::snapshot {

Status ValidateName(const std::string& name) {
  auto bad = [&](const std::string& why) {
    return Status(Code::kUsage, "invalid snapshot name: " + why + ".")
        .WithHint("use letters, digits, '_', '-' and '.', e.g. before_migration_42.");
  };
  if (name.empty()) return bad("it is empty");
  if (name.size() > kMaxNameLength) {
    return bad("it is longer than " + std::to_string(kMaxNameLength) + " characters");
  }
  if (name[0] == '.' || name[0] == '-') return bad("it starts with '" + name.substr(0, 1) + "'");
  if (name.find("..") != std::string::npos) return bad("it contains \"..\"");
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.') continue;
    if (c == '/') return bad("it contains '/'");
    return bad("it contains a character other than letters, digits, '_', '-' and '.'");
  }
  return Status::Ok();
}

std::string TemplateDatabase(const std::string& name) { return kTemplatePrefix + name; }

}  // namespace pgcrate::snapshot
