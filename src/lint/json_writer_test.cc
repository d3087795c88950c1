// The streaming JSON writer against nlohmann as the oracle: the same bytes as dump(2) with
// error_handler_t::replace, for nesting, empty containers, escapes and invalid UTF-8 (random
// byte strings included), and never an exception.
#include "lint/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace pgcrate::lint {
namespace {

using nlohmann::ordered_json;

std::string Oracle(const ordered_json& j) {
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(s, out);
  return out;
}

TEST(LintJsonWriter, StringsMatchNlohmannIncludingInvalidUtf8) {
  const std::vector<std::string> cases = {"",
                                          "plain",
                                          "quote \" backslash \\ slash /",
                                          "tab\tnl\ncr\rbs\bff\f",
                                          std::string("nul\0x", 5),
                                          "\x01\x1f\x7f",
                                          "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
                                          "\xC3",
                                          "\xC3(",
                                          "\x80\x80",
                                          "\xE0\x80\x80",
                                          "\xED\xA0\x80",
                                          "\xF4\x90\x80\x80",
                                          "\xF0\x9F\x98",
                                          "\xF0\x9F\x98x",
                                          "\xC0\xAF",
                                          "\xFF\xFE",
                                          "ok\xE2\x82",
                                          "\xC3\xFF"};
  for (const auto& s : cases) EXPECT_EQ(Quoted(s), Oracle(ordered_json(s))) << s;
  std::mt19937 rng(42);
  for (int n = 0; n < 3000; ++n) {
    std::string s(rng() % 12, ' ');
    for (char& c : s) c = static_cast<char>(rng() % 2 ? 0x80 + rng() % 0x80 : rng() % 0x100);
    ASSERT_EQ(Quoted(s), Oracle(ordered_json(s)));
  }
}

TEST(LintJsonWriter, NestingMatchesDump2) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("ok");
  w.Bool(true);
  w.Key("empty_array");
  w.BeginArray();
  w.EndArray();
  w.Key("empty_object");
  w.BeginObject();
  w.EndObject();
  w.Key("list");
  w.BeginArray();
  w.BeginObject();
  w.Member("a", "x\xFFy");
  w.Member("n", int64_t{-12});
  w.EndObject();
  w.String("s");
  w.Int(3);
  w.BeginArray();
  w.BeginObject();
  w.Key("deep");
  w.BeginArray();
  w.Int(1);
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndArray();
  w.EndObject();
  ordered_json expected = {
      {"ok", true},
      {"empty_array", ordered_json::array()},
      {"empty_object", ordered_json::object()},
      {"list", ordered_json::array(
                   {ordered_json{{"a", "x\xFFy"}, {"n", -12}}, "s", 3,
                    ordered_json::array({ordered_json{{"deep", ordered_json::array({1})}}})})}};
  EXPECT_EQ(out, Oracle(expected));
}

}  // namespace
}  // namespace pgcrate::lint
