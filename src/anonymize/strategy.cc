#include "anonymize/strategy.h"

#include <charconv>
#include <utility>
#include <vector>

#include "base/strings.h"

namespace pgcrate::anonymize {
namespace {

struct Named {
  const char* name;
  Kind kind;
  bool takes_args;
};

constexpr Named kKinds[] = {
    {"email", Kind::kEmail, false},
    {"name", Kind::kName, false},
    {"first_name", Kind::kFirstName, false},
    {"last_name", Kind::kLastName, false},
    {"phone", Kind::kPhone, false},
    {"address", Kind::kAddress, false},
    {"city", Kind::kCity, false},
    {"company", Kind::kCompany, false},
    {"text", Kind::kText, false},
    {"lorem", Kind::kLorem, false},
    {"uuid", Kind::kUuid, false},
    {"hash", Kind::kHash, false},
    {"null", Kind::kNull, false},
    {"constant", Kind::kConstant, true},
    {"mask", Kind::kMask, true},
    {"number", Kind::kNumber, true},
    {"date_shift", Kind::kDateShift, true},
    {"json", Kind::kJson, false},
    {"keep", Kind::kKeep, false},
};

constexpr const char* kList =
    "email, name, first_name, last_name, phone, address, city, company, text, lorem, uuid, "
    "hash, null, constant(v), mask(keep_last=N), number(min,max), date_shift(days), json, keep";

Status Bad(std::string_view text, const std::string& why) {
  return Status(Code::kConfig, "invalid strategy \"" + std::string(text) + "\": " + why + ".")
      .WithHint("strategies: " + std::string(kList) + ".");
}

bool ToInt(std::string_view s, int64_t& out) {
  std::string t = base::Trim(s);
  if (t.empty()) return false;
  const char* end = t.data() + t.size();
  auto [ptr, ec] = std::from_chars(t.data(), end, out);
  return ec == std::errc() && ptr == end;
}

Status ParseArgs(std::string_view text, std::string_view args, Strategy& s) {
  switch (s.kind) {
    case Kind::kConstant:
      s.constant = std::string(args);
      return Status::Ok();
    case Kind::kMask: {
      std::string a = base::Trim(args);
      int64_t n = 0;
      if (!base::StartsWith(a, "keep_last=") || !ToInt(a.substr(10), n) || n < 0 || n > 1000)
        return Bad(text, "mask takes keep_last=N with N from 0 to 1000, e.g. mask(keep_last=4)");
      s.keep_last = static_cast<int>(n);
      return Status::Ok();
    }
    case Kind::kNumber: {
      std::vector<std::string> parts = base::Split(args, ',');
      if (parts.size() != 2 || !ToInt(parts[0], s.min) || !ToInt(parts[1], s.max))
        return Bad(text, "number takes two whole numbers, e.g. number(1,100)");
      if (s.min > s.max) return Bad(text, "number(min,max) needs min <= max");
      return Status::Ok();
    }
    case Kind::kDateShift: {
      int64_t d = 0;
      if (!ToInt(args, d) || d < 1 || d > 36500)
        return Bad(text, "date_shift takes a number of days from 1 to 36500, e.g. date_shift(30)");
      s.days = static_cast<int>(d);
      return Status::Ok();
    }
    default:
      return Status(Code::kInternal, "no arguments expected");
  }
}

}  // namespace

Result<Strategy> ParseStrategy(std::string_view text) {
  std::string t = base::Trim(text);
  std::string name = t;
  std::string_view args;
  bool has_args = false;
  size_t open = t.find('(');
  if (open != std::string::npos) {
    if (t.back() != ')') return Bad(text, "a '(' without a closing ')' at the end");
    name = base::Trim(t.substr(0, open));
    args = std::string_view(t).substr(open + 1, t.size() - open - 2);
    has_args = true;
  }
  for (const Named& n : kKinds) {
    if (name != n.name) continue;
    Strategy s;
    s.kind = n.kind;
    if (!n.takes_args) {
      if (has_args) return Bad(text, std::string(n.name) + " takes no arguments");
      return s;
    }
    if (!has_args) {
      return Bad(text, std::string(n.name) + " needs arguments in parentheses, e.g. " +
                           (n.kind == Kind::kConstant ? "constant(redacted)"
                            : n.kind == Kind::kMask   ? "mask(keep_last=4)"
                            : n.kind == Kind::kNumber ? "number(1,100)"
                                                      : "date_shift(30)"));
    }
    PGCRATE_RETURN_IF_ERROR(ParseArgs(text, args, s));
    return s;
  }
  std::vector<std::string> names;
  for (const Named& n : kKinds) names.emplace_back(n.name);
  std::string guess = base::ClosestMatch(name, names);
  return Bad(text, "unknown strategy '" + name + "'" +
                       (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
}

const char* KindName(Kind kind) {
  for (const Named& n : kKinds) {
    if (n.kind == kind) return n.name;
  }
  return "?";
}

std::string Describe(const Strategy& s) {
  std::string name = KindName(s.kind);
  switch (s.kind) {
    case Kind::kConstant:
      return name + "(" + s.constant + ")";
    case Kind::kMask:
      return name + "(keep_last=" + std::to_string(s.keep_last) + ")";
    case Kind::kNumber:
      return name + "(" + std::to_string(s.min) + "," + std::to_string(s.max) + ")";
    case Kind::kDateShift:
      return name + "(" + std::to_string(s.days) + ")";
    default:
      return name;
  }
}

bool IsFakeText(Kind kind) {
  switch (kind) {
    case Kind::kEmail:
    case Kind::kName:
    case Kind::kFirstName:
    case Kind::kLastName:
    case Kind::kPhone:
    case Kind::kAddress:
    case Kind::kCity:
    case Kind::kCompany:
    case Kind::kText:
    case Kind::kLorem:
    case Kind::kHash:
      return true;
    default:
      return false;
  }
}

}  // namespace pgcrate::anonymize
