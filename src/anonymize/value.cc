#include "anonymize/value.h"

#include <charconv>

#include "anonymize/fake.h"

namespace pgcrate::anonymize {
namespace {

constexpr int kTagChars = 13;           // fake::Tag
constexpr int kTagged = kTagChars + 1;  // "-" + tag
constexpr int kMinUnique = kTagged + 2;
constexpr int kEmailTagged = 12 + 1 + kTagged;  // "a.<tag>@example.com"

Status Unfit(const Strategy& s, const Column& c, const std::string& why) {
  return Status(Code::kConfig, "strategy " + Describe(s) + " cannot be used on column " + c.name +
                                   " (" + c.type + "): " + why + ".");
}

bool IsText(const Column& c) { return c.type_class == TypeClass::kText; }

Status CheckFakeText(const Strategy& s, const Column& c) {
  if (!IsText(c)) return Unfit(s, c, "it makes text and the column is not a text type");
  int need = s.kind == Kind::kEmail ? 13 : 1;  // "x@example.com"
  if (c.unique)
    need = s.kind == Kind::kEmail ? kEmailTagged : s.kind == Kind::kHash ? 16 : kMinUnique;
  if (c.max_chars >= 0 && c.max_chars < need) {
    return Unfit(s, c,
                 "the column holds at most " + std::to_string(c.max_chars) + " characters and " +
                     (c.unique ? "keeping a unique column unique" : "this strategy") + " needs " +
                     std::to_string(need) + (c.unique ? " (a 64-bit tag from the HMAC)" : ""));
  }
  return Status::Ok();
}

Status CheckConstant(const Strategy& s, const Column& c) {
  if (c.unique) return Unfit(s, c, "one constant would repeat in a unique column");
  if (IsText(c) && c.max_chars >= 0 && CharCount(s.constant) > static_cast<size_t>(c.max_chars))
    return Unfit(
        s, c,
        "the constant is longer than the column's " + std::to_string(c.max_chars) + " characters");
  if (c.type_class == TypeClass::kInteger) {
    int64_t v = 0;
    const char* end = s.constant.data() + s.constant.size();
    auto [p, ec] = std::from_chars(s.constant.data(), end, v);
    if (ec != std::errc() || p != end || v < c.int_min || v > c.int_max)
      return Unfit(s, c, "the constant is not a whole number in the column's range");
  }
  return Status::Ok();
}

Status CheckNumber(const Strategy& s, const Column& c) {
  if (c.unique) return Unfit(s, c, "numbers drawn from a range can repeat in a unique column");
  if (c.type_class == TypeClass::kInteger) {
    if (s.min < c.int_min || s.max > c.int_max)
      return Unfit(s, c, "the range does not fit the column's type");
    return Status::Ok();
  }
  if (c.type_class == TypeClass::kNumeric) return Status::Ok();
  if (IsText(c)) {
    size_t len = std::max(std::to_string(s.min).size(), std::to_string(s.max).size());
    if (c.max_chars >= 0 && len > static_cast<size_t>(c.max_chars))
      return Unfit(s, c, "the numbers are longer than the column's length");
    return Status::Ok();
  }
  return Unfit(s, c, "it makes numbers and the column is not a number or text type");
}

}  // namespace

Status CheckFits(const Strategy& s, const Column& c) {
  switch (s.kind) {
    case Kind::kKeep:
      return Status::Ok();
    case Kind::kNull:
      return c.not_null ? Unfit(s, c, "the column is NOT NULL") : Status::Ok();
    case Kind::kConstant:
      return CheckConstant(s, c);
    case Kind::kNumber:
      return CheckNumber(s, c);
    case Kind::kMask:
      if (!IsText(c)) return Unfit(s, c, "mask works on text columns only");
      if (c.unique) return Unfit(s, c, "masked values can repeat in a unique column");
      return Status::Ok();
    case Kind::kDateShift:
      if (c.type_class != TypeClass::kDate && c.type_class != TypeClass::kTimestamp)
        return Unfit(s, c, "date_shift works on date and timestamp columns only");
      if (c.unique) return Unfit(s, c, "shifted dates can repeat in a unique column");
      return Status::Ok();
    case Kind::kJson:
      if (c.type_class != TypeClass::kJson && c.type_class != TypeClass::kJsonb)
        return Unfit(s, c, "json works on json and jsonb columns only");
      return Status::Ok();
    case Kind::kUuid:
      if (c.type_class == TypeClass::kUuid) return Status::Ok();
      if (IsText(c) && (c.max_chars < 0 || c.max_chars >= 36)) return Status::Ok();
      return Unfit(s, c, "a uuid needs a uuid column or text of at least 36 characters");
    default:
      return CheckFakeText(s, c);
  }
}

Status CheckFitsJson(const Strategy& s) {
  if (s.kind == Kind::kJson) {
    return Status(Code::kConfig,
                  "strategy json cannot be used at a JSON path (nest the path "
                  "instead).");
  }
  return Status::Ok();
}

ValueAnonymizer::ValueAnonymizer(Strategy strategy, Column column, std::vector<JsonRule> json)
    : strategy_(std::move(strategy)), column_(std::move(column)), json_(std::move(json)) {}

size_t CharCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

namespace {

// `s` cut to `max` characters (ASCII: the fake values are ASCII).
std::string Cut(std::string s, int max) {
  if (max >= 0 && s.size() > static_cast<size_t>(max)) s.resize(static_cast<size_t>(max));
  return s;
}

// `base` + sep + tag, `base` shortened so that the whole fits `max` (-1 = no limit).
std::string Tagged(const std::string& base, char sep, const Digest& d, int max) {
  std::string tag = sep + fake::Tag(d);
  if (max < 0) return base + tag;
  size_t room = static_cast<size_t>(max) > tag.size() ? static_cast<size_t>(max) - tag.size() : 0;
  return base.substr(0, std::min(room, base.size())) + tag;
}

std::string Mask(std::string_view v, int keep_last) {
  size_t chars = CharCount(v);
  size_t hide = chars > static_cast<size_t>(keep_last) ? chars - static_cast<size_t>(keep_last) : 0;
  std::string out(hide, 'x');
  size_t seen = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if ((static_cast<unsigned char>(v[i]) & 0xC0) != 0x80) ++seen;
    if (seen > hide) out += v[i];
  }
  return out;
}

}  // namespace

std::string ValueAnonymizer::FakeText(std::string_view value, const Digest& d) const {
  int max = column_.max_chars;
  bool unique = column_.unique;
  std::string s;
  switch (strategy_.kind) {
    case Kind::kEmail: {
      // Always the tagged form when it fits, unique column or not: an email is a join key,
      // so the same address must give the same output in every table.
      std::string domain = "@" + fake::EmailDomain(d);
      int room = max < 0 ? -1 : max - static_cast<int>(domain.size());
      std::string local = fake::EmailLocal(d);
      if (unique || max < 0 || max >= kEmailTagged) {
        return Tagged(local.substr(0, local.rfind('.')), '.', d, room) + domain;
      }
      return Cut(local, room) + domain;
    }
    case Kind::kHash:
      return Cut(fake::Hex(d), max);
    case Kind::kName:
      s = fake::FullName(d);
      break;
    case Kind::kFirstName:
      s = fake::FirstName(d);
      break;
    case Kind::kLastName:
      s = fake::LastName(d);
      break;
    case Kind::kPhone:
      s = fake::Phone(d);
      break;
    case Kind::kAddress:
      s = fake::Address(d);
      break;
    case Kind::kCity:
      s = fake::City(d);
      break;
    case Kind::kCompany:
      s = fake::Company(d);
      break;
    case Kind::kLorem:
      s = fake::Lorem(d);
      break;
    default:
      s = fake::SameLengthText(d, value);
      break;
  }
  return unique ? Tagged(s, '-', d, max) : Cut(std::move(s), max);
}

Result<std::optional<std::string>> ValueAnonymizer::Apply(std::optional<std::string_view> value,
                                                          KeyedHash& hash) const {
  if (!value) return std::optional<std::string>();
  const Strategy& s = strategy_;
  switch (s.kind) {
    case Kind::kKeep:
      return std::optional<std::string>(std::string(*value));
    case Kind::kNull:
      return std::optional<std::string>();
    case Kind::kConstant:
      return std::optional<std::string>(s.constant);
    case Kind::kMask:
      return std::optional<std::string>(Mask(*value, s.keep_last));
    case Kind::kNumber: {
      uint64_t span = static_cast<uint64_t>(s.max) - static_cast<uint64_t>(s.min) + 1;
      uint64_t r = DigestWord(hash.Of(*value), 0);
      if (span != 0) r %= span;
      return std::optional<std::string>(
          std::to_string(static_cast<int64_t>(static_cast<uint64_t>(s.min) + r)));
    }
    case Kind::kDateShift: {
      auto shifted = ShiftDate(*value, s.days, hash.Of(*value));
      if (!shifted.ok()) return shifted.status();
      return std::optional<std::string>(std::move(shifted).value());
    }
    case Kind::kJson: {
      auto j = Json(*value, hash);
      if (!j.ok()) return j.status();
      return std::optional<std::string>(std::move(j).value());
    }
    case Kind::kUuid:
      return std::optional<std::string>(fake::Uuid(hash.Of(*value)));
    default:
      if (value->empty()) return std::optional<std::string>(std::string());
      return std::optional<std::string>(FakeText(*value, hash.Of(*value)));
  }
}

}  // namespace pgcrate::anonymize
