#include "anonymize/check.h"

#include <cctype>

namespace pgcrate::anonymize {
namespace {

// Matched as whole words of the column name.
constexpr const char* kWords[] = {
    "name",   "firstname", "lastname", "surname",  "fullname",  "username",  "ip",
    "ssn",    "dob",       "zip",      "tel",      "mobile",    "fax",       "city",
    "street", "postcode",  "zipcode",  "iban",     "bic",       "token",     "secret",
    "salt",   "passport",  "gender",   "sex",      "birthday",  "birthdate", "tin",
    "vat",    "lat",       "lng",      "latitude", "longitude", "card",      "cvv",
};
// Matched anywhere in the name.
constexpr const char* kParts[] = {
    "email",       "e_mail",      "phone",       "address",         "birth",     "password",
    "passwd",      "ssn",         "iban",        "token",           "secret",    "creditcard",
    "credit_card", "card_number", "national_id", "social_security", "tax_id",    "license",
    "licence",     "first_name",  "last_name",   "full_name",       "user_name", "postal",
    "api_key",     "apikey",      "private_key",
};

// The words of a name: split at '_', digits and lower-to-upper case changes, lower-cased.
std::vector<std::string> Words(const std::string& name) {
  std::vector<std::string> words;
  std::string w;
  for (size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    bool boundary = !std::isalpha(c) || (std::isupper(c) && i > 0 &&
                                         std::islower(static_cast<unsigned char>(name[i - 1])));
    if (boundary && !w.empty()) {
      words.push_back(w);
      w.clear();
    }
    if (std::isalpha(c)) w += static_cast<char>(std::tolower(c));
  }
  if (!w.empty()) words.push_back(w);
  return words;
}

std::string Lower(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string PersonalDataReason(const std::string& column, const std::string& type) {
  if (type == "boolean") return "";  // email_verified, has_phone: flags hold no personal data
  std::string lower = Lower(column);
  for (const char* p : kParts) {
    if (lower.find(p) != std::string::npos) return "name contains '" + std::string(p) + "'";
  }
  for (const std::string& w : Words(column)) {
    for (const char* k : kWords) {
      if (w == k) return "name has the word '" + w + "'";
    }
  }
  if (type == "inet" || type == "cidr" || type == "macaddr" || type == "macaddr8")
    return "type " + type;
  return "";
}

CheckResult CheckCoverage(const std::vector<Table>& tables, const RuleSet& rules) {
  CheckResult result;
  result.rules = static_cast<int>(rules.rules.size());
  for (const Table& t : tables) {
    // A partition is covered by the rules of its partitioned table (listed itself).
    if (t.root_schema != t.schema || t.root_name != t.name) continue;
    for (const Column& c : t.columns) {
      ++result.columns_checked;
      if (rules.Find(t.schema, t.name, c.name)) continue;
      std::string why = PersonalDataReason(c.name, c.type);
      if (!why.empty()) result.uncovered.push_back({t.schema, t.name, c.name, c.type, why});
    }
  }
  for (const ColumnRule& r : rules.rules) {
    const Table* table = nullptr;
    for (const Table& t : tables) {
      if (t.schema == r.schema && t.name == r.table) table = &t;
    }
    if (!table) {
      result.stale.push_back({r.Key(), r.line, "no table " + r.schema + "." + r.table});
      continue;
    }
    bool found = false;
    for (const Column& c : table->columns) found = found || c.name == r.column;
    if (!found) {
      result.stale.push_back(
          {r.Key(), r.line, "no column " + r.column + " in " + r.schema + "." + r.table});
    }
  }
  return result;
}

}  // namespace pgcrate::anonymize
