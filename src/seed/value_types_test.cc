// Seed value types: inference over columns of values, offline checks of declared types (what
// PostgreSQL's input functions accept, ranges and lengths included), UTF-8 validation.
#include "seed/value_types.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

namespace pgcrate::seed {
namespace {

InferredType Infer(std::initializer_list<std::string_view> values) {
  TypeInference inference;
  for (std::string_view v : values) inference.Add(v);
  return inference.Result();
}

std::string_view InferName(std::initializer_list<std::string_view> values) {
  return InferredTypeName(Infer(values));
}

// The message for `value` as `type`, "" when accepted.
std::string Error(std::string_view type, std::string_view value) {
  TypeCheck check = TypeCheck::FromSql(type);
  EXPECT_TRUE(check.checked()) << type;
  return check.Check(value).value_or("");
}

bool Ok(std::string_view type, std::string_view value) { return Error(type, value).empty(); }

TEST(TypeInference, EmptyColumnIsText) { EXPECT_EQ(InferName({}), "text"); }

TEST(TypeInference, Booleans) {
  EXPECT_EQ(InferName({"true", "false", "TRUE", "False"}), "boolean");
  EXPECT_EQ(InferName({"t", "f", "T", "F"}), "boolean");
  EXPECT_EQ(InferName({"yes", "no", "YES", "No"}), "boolean");
  EXPECT_EQ(InferName({"true", "maybe"}), "text");
  EXPECT_EQ(InferName({"on", "off"}), "text");
  EXPECT_EQ(InferName({"y", "n"}), "text");
  EXPECT_EQ(InferName({"true "}), "text");
}

TEST(TypeInference, ZeroOneColumnIsBigint) {
  EXPECT_EQ(InferName({"0", "1", "1", "0"}), "bigint");
  EXPECT_EQ(InferName({"true", "1"}), "text");
}

TEST(TypeInference, Bigints) {
  EXPECT_EQ(InferName({"1", "-2", "+3", "007"}), "bigint");
  EXPECT_EQ(InferName({"9223372036854775807", "-9223372036854775808"}), "bigint");
  EXPECT_EQ(InferName({"9223372036854775808"}), "numeric");
  EXPECT_EQ(InferName({"-9223372036854775809"}), "numeric");
  EXPECT_EQ(InferName({"99999999999999999999999"}), "numeric");
  EXPECT_EQ(InferName({"1", "2.5"}), "numeric");
  EXPECT_EQ(InferName({"2.5", "1"}), "numeric");
  EXPECT_EQ(InferName({"-"}), "text");
  EXPECT_EQ(InferName({"+"}), "text");
  EXPECT_EQ(InferName({" 1"}), "text");
  EXPECT_EQ(InferName({"1 "}), "text");
  EXPECT_EQ(InferName({"1_000"}), "text");
  EXPECT_EQ(InferName({"0x10"}), "text");
}

TEST(TypeInference, Numerics) {
  EXPECT_EQ(InferName({"1.5", "-2.25", "+0.0", ".5", "5.", "1e10", "1.5E-3", "-2e+4"}), "numeric");
  EXPECT_EQ(InferName({"1.2.3"}), "text");
  EXPECT_EQ(InferName({"."}), "text");
  EXPECT_EQ(InferName({"1e"}), "text");
  EXPECT_EQ(InferName({"e5"}), "text");
  EXPECT_EQ(InferName({"1e+"}), "text");
  EXPECT_EQ(InferName({"NaN"}), "text");
  EXPECT_EQ(InferName({"Infinity"}), "text");
  EXPECT_EQ(InferName({"1,5"}), "text");
  EXPECT_EQ(InferName({"1e2000", "1e131071", "1e-16383"}), "numeric");
  EXPECT_EQ(InferName({"1e131072"}), "text");    // numeric overflows past 131072 digits
  EXPECT_EQ(InferName({"1.5e-16383"}), "text");  // and past 16383 fractional digits
}

TEST(TypeInference, Dates) {
  EXPECT_EQ(InferName({"2024-01-31", "1999-12-01"}), "date");
  EXPECT_EQ(InferName({"2024-02-29"}), "date");
  EXPECT_EQ(InferName({"2000-02-29"}), "date");
  EXPECT_EQ(InferName({"2023-02-29"}), "text");
  EXPECT_EQ(InferName({"1900-02-29"}), "text");
  EXPECT_EQ(InferName({"2024-13-01"}), "text");
  EXPECT_EQ(InferName({"2024-00-10"}), "text");
  EXPECT_EQ(InferName({"2024-04-31"}), "text");
  EXPECT_EQ(InferName({"2024-01-00"}), "text");
  EXPECT_EQ(InferName({"0000-01-01"}), "text");
  EXPECT_EQ(InferName({"2024-1-01"}), "text");
  EXPECT_EQ(InferName({"2024/01/01"}), "text");
  EXPECT_EQ(InferName({"20240101"}), "bigint");
}

TEST(TypeInference, Timestamps) {
  EXPECT_EQ(
      InferName({"2024-01-31 10:20", "2024-01-31T10:20:30", "2024-01-31 10:20:30.123456",
                 "2024-01-31T10:20:30Z", "2024-01-31 10:20:30+02", "2024-01-31 10:20:30-05:30",
                 "2024-01-31 10:20:30 +0100", "2024-01-31 24:00:00"}),
      "timestamptz");
  EXPECT_EQ(InferName({"2024-01-31 25:00"}), "text");
  EXPECT_EQ(InferName({"2024-01-31 10:60"}), "text");
  EXPECT_EQ(InferName({"2024-01-31 10:20:30."}), "text");
  EXPECT_EQ(InferName({"2024-01-31 10:20:30+2"}), "text");
  EXPECT_EQ(InferName({"2024-01-31 10:20:30 UTC"}), "text");
  EXPECT_EQ(InferName({"2024-01-31 10"}), "text");
  EXPECT_EQ(InferName({"2023-02-29 10:00"}), "text");
  EXPECT_EQ(InferName({"2024-01-31x10:00"}), "text");
}

TEST(TypeInference, DatesMixedWithTimestampsAreTimestamptz) {
  EXPECT_EQ(InferName({"2024-01-31", "2024-01-31 10:20"}), "timestamptz");
  EXPECT_EQ(InferName({"2024-01-31 10:20", "2024-01-31"}), "timestamptz");
  EXPECT_EQ(InferName({"2024-01-31", "1"}), "text");
}

TEST(TypeInference, Uuids) {
  EXPECT_EQ(
      InferName({"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"}),
      "uuid");
  EXPECT_EQ(InferName({"a0eebc999c0b4ef8bb6d6bb9bd380a11"}), "text");
  EXPECT_EQ(InferName({"{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"}), "text");
  EXPECT_EQ(InferName({"g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}), "text");
  EXPECT_EQ(InferName({"a0eebc99-9c0b4-ef8-bb6d-6bb9bd380a11"}), "text");
}

TEST(TypeInference, Json) {
  EXPECT_EQ(InferName({"{\"a\": 1}", "[1, 2]", "  {}", "[]"}), "jsonb");
  EXPECT_EQ(InferName({"{"}), "text");
  EXPECT_EQ(InferName({"{a: 1}"}), "text");
  EXPECT_EQ(InferName({"[1,]"}), "text");
  EXPECT_EQ(InferName({"\"string\""}), "text");
  EXPECT_EQ(InferName({"{}", "1"}), "text");
}

TEST(TypeInference, TextAndEmptyStrings) {
  EXPECT_EQ(InferName({"hello"}), "text");
  EXPECT_EQ(InferName({""}), "text");
  EXPECT_EQ(InferName({"1", ""}), "text");
  EXPECT_EQ(InferName({"abc", "1", "true"}), "text");
}

// What inference accepts, the check of the inferred type accepts too: `seed validate` needs no
// second pass over an inferred column.
TEST(TypeInference, InferredValuesPassTheInferredTypesCheck) {
  for (std::string_view v : {"t",
                             "No",
                             "0",
                             "-9223372036854775808",
                             "+7",
                             "1.5",
                             ".5",
                             "5.",
                             "-2e+4",
                             "1e-16383",
                             "1e131071",
                             "2024-02-29",
                             "2024-01-31 24:00:00",
                             "2024-01-31T10:20:30.5-05:30",
                             "2024-01-31 10:20:30 +0100",
                             "2024-01-31 10:20Z",
                             "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
                             " [1, {\"a\": null}]",
                             "{}",
                             "anything"}) {
    for (std::string_view widen : {"", "1.5", "2024-01-01 10:00"}) {
      TypeInference inference;
      inference.Add(v);
      if (!widen.empty()) inference.Add(widen);
      InferredType type = inference.Result();
      EXPECT_EQ(TypeCheck::For(type).Check(v), std::nullopt)
          << v << " as " << InferredTypeName(type);
    }
  }
}

TEST(TypeCheck, FromSqlCanonicalNames) {
  struct Case {
    std::string_view sql;
    std::string_view name;
  };
  for (auto [sql, name] : std::initializer_list<Case>{
           {"int2", "smallint"},
           {"int", "integer"},
           {" INTEGER ", "integer"},
           {"int8", "bigint"},
           {"decimal", "numeric"},
           {"numeric(10)", "numeric(10,0)"},
           {"NUMERIC ( 10 , 2 )", "numeric(10,2)"},
           {"float4", "real"},
           {"float", "double precision"},
           {"float(10)", "real"},
           {"float(30)", "double precision"},
           {"double   precision", "double precision"},
           {"bool", "boolean"},
           {"timestamp", "timestamp without time zone"},
           {"timestamptz", "timestamp with time zone"},
           {"timestamp(3) with time zone", "timestamp(3) with time zone"},
           {"timestamptz(3)", "timestamp(3) with time zone"},
           {"time", "time without time zone"},
           {"timetz", "time with time zone"},
           {"varchar(20)", "character varying(20)"},
           {"character varying", "character varying"},
           {"char", "character(1)"},
           {"char(3)", "character(3)"},
           {"bpchar", "bpchar"},
           {"json", "json"},
           {"jsonb", "jsonb"},
           {"uuid", "uuid"},
           {"text", "text"},
           {"date", "date"},
       }) {
    TypeCheck check = TypeCheck::FromSql(sql);
    EXPECT_TRUE(check.checked()) << sql;
    EXPECT_EQ(check.name(), name) << sql;
  }
}

TEST(TypeCheck, UncheckedTypesAcceptEverything) {
  for (std::string_view sql :
       {"text[]", "integer[]", "public.mood", "mood", "interval", "inet", "\"char\"", "integer(5)",
        "varchar(0)", "numeric(0)", "float(54)", "varchar(1,2)", "numeric(10", "money", ""}) {
    TypeCheck check = TypeCheck::FromSql(sql);
    EXPECT_FALSE(check.checked()) << sql;
    EXPECT_EQ(check.Check("anything at all"), std::nullopt) << sql;
  }
  EXPECT_EQ(TypeCheck::FromSql(" public.Mood ").name(), "public.Mood");
}

TEST(TypeCheck, ForInferredTypes) {
  EXPECT_EQ(TypeCheck::For(InferredType::kTimestamptz).name(), "timestamp with time zone");
  EXPECT_EQ(TypeCheck::For(InferredType::kBigint).name(), "bigint");
  EXPECT_EQ(TypeCheck::For(InferredType::kJsonb).name(), "jsonb");
  EXPECT_EQ(TypeCheck::For(InferredType::kText).Check("\xff"), std::nullopt);
  EXPECT_TRUE(TypeCheck::For(InferredType::kBoolean).Check("maybe").has_value());
}

TEST(TypeCheck, Integers) {
  EXPECT_TRUE(Ok("smallint", "32767"));
  EXPECT_TRUE(Ok("smallint", "-32768"));
  EXPECT_EQ(Error("smallint", "32768"), "\"32768\" is out of range for smallint");
  EXPECT_EQ(Error("int2", "300000"), "\"300000\" is out of range for smallint");
  EXPECT_TRUE(Ok("integer", "2147483647"));
  EXPECT_TRUE(Ok("integer", "-2147483648"));
  EXPECT_FALSE(Ok("integer", "2147483648"));
  EXPECT_FALSE(Ok("integer", "-2147483649"));
  EXPECT_TRUE(Ok("bigint", "9223372036854775807"));
  EXPECT_TRUE(Ok("bigint", "-9223372036854775808"));
  EXPECT_EQ(Error("bigint", "9223372036854775808"),
            "\"9223372036854775808\" is out of range for bigint");
  EXPECT_FALSE(Ok("bigint", "-9223372036854775809"));
  EXPECT_FALSE(Ok("bigint", "99999999999999999999999999"));
  EXPECT_TRUE(Ok("integer", "  42 "));
  EXPECT_TRUE(Ok("integer", "+42"));
  EXPECT_TRUE(Ok("integer", "1_000_000"));
  EXPECT_TRUE(Ok("integer", "0x7fffffff"));
  EXPECT_FALSE(Ok("integer", "0x80000000"));
  EXPECT_TRUE(Ok("integer", "-0x80000000"));
  EXPECT_TRUE(Ok("integer", "0o17"));
  EXPECT_TRUE(Ok("integer", "0b1010"));
  EXPECT_TRUE(Ok("integer", "0x_ff"));
  EXPECT_EQ(Error("integer", "abc"), "\"abc\" is not a valid integer");
  for (std::string_view bad :
       {"", " ", "1.5", "1e3", "_1", "1_", "1__0", "0x", "0b2", "--1", "+-1", "1 2", "١"}) {
    EXPECT_FALSE(Ok("integer", bad)) << bad;
  }
}

TEST(TypeCheck, Booleans) {
  for (std::string_view good : {"t", "true", "TRUE", "tr", "y", "yes", "on", "ON", "1", "f",
                                "false", "fa", "n", "no", "of", "off", "0", " true ", "\tf\n"}) {
    EXPECT_TRUE(Ok("boolean", good)) << good;
  }
  for (std::string_view bad : {"", "o", "truex", "yess", "10", "2", "maybe", "t r"}) {
    EXPECT_FALSE(Ok("bool", bad)) << bad;
  }
  EXPECT_EQ(Error("boolean", "maybe"), "\"maybe\" is not a valid boolean");
}

TEST(TypeCheck, Numerics) {
  for (std::string_view good :
       {"0",       "1.5", "-1.5",   ".5",       "5.",        " 12 ",      "1e3",
        "1.5E-10", "NaN", "nan",    "Infinity", "-Infinity", "+infinity", "inf",
        "-Inf",    "007", "1e1001", "0e999999", "1e131071",  "1e-16383"}) {
    EXPECT_TRUE(Ok("numeric", good)) << good;
  }
  for (std::string_view bad : {"", ".", "abc", "1.2.3", "1e", "infinit", "1,5", "- 1", "NaN1"}) {
    EXPECT_FALSE(Ok("numeric", bad)) << bad;
  }
  EXPECT_EQ(Error("numeric", "1e131072"), "\"1e131072\" is out of range for numeric");
  EXPECT_FALSE(Ok("numeric", "1.5e-16383"));
  EXPECT_FALSE(Ok("numeric", "0e9999999999"));
  EXPECT_EQ(Error("numeric(5,2)", "1234.5"), "\"1234.5\" is out of range for numeric(5,2)");
  EXPECT_TRUE(Ok("numeric(5,2)", "123.45"));
  EXPECT_TRUE(Ok("numeric(5,2)", "123.454999"));  // rounded by the server
  EXPECT_TRUE(Ok("numeric(5,2)", "-999.994"));
  EXPECT_FALSE(Ok("numeric(5,2)", "999.995"));  // rounds to 1000.00
  EXPECT_TRUE(Ok("numeric(5,2)", "0.001"));
  EXPECT_TRUE(Ok("numeric(5,2)", "000123.4"));
  EXPECT_TRUE(Ok("numeric(5,2)", "1.2345e2"));
  EXPECT_FALSE(Ok("numeric(5,2)", "1.2345e3"));
  EXPECT_TRUE(Ok("numeric(5,2)", "NaN"));
  EXPECT_EQ(Error("numeric(5,2)", "Infinity"), "\"Infinity\" is out of range for numeric(5,2)");
  EXPECT_TRUE(Ok("numeric(3)", "999"));
  EXPECT_FALSE(Ok("numeric(3)", "999.5"));
  EXPECT_TRUE(Ok("numeric(3)", "999.4"));
  EXPECT_TRUE(Ok("numeric(2,5)", "0.00099"));
  EXPECT_FALSE(Ok("numeric(2,5)", "0.001"));
  EXPECT_TRUE(Ok("numeric(3,-2)", "12345"));
  EXPECT_FALSE(Ok("numeric(3,-2)", "123456"));
}

TEST(TypeCheck, Floats) {
  for (std::string_view good : {"1", "1.5", "-1.5e10", ".5", "5.", " 3.14 ", "+2", "NaN", "nan",
                                "Infinity", "-Infinity", "inf", "-inf", "1e308", "1e-300"}) {
    EXPECT_TRUE(Ok("double precision", good)) << good;
  }
  for (std::string_view bad : {"", "abc", "1.2.3", "1e", "--1", "+-1", "0x10", "1 2"}) {
    EXPECT_FALSE(Ok("float8", bad)) << bad;
  }
  EXPECT_EQ(Error("float8", "1e400"), "\"1e400\" is out of range for double precision");
  EXPECT_FALSE(Ok("float8", "1e-400"));
  EXPECT_TRUE(Ok("real", "3.4e38"));
  EXPECT_EQ(Error("real", "1e39"), "\"1e39\" is out of range for real");
  EXPECT_FALSE(Ok("real", "1e-50"));
  EXPECT_TRUE(Ok("real", "0"));
  EXPECT_TRUE(Ok("real", "-0.0"));
}

TEST(TypeCheck, Dates) {
  for (std::string_view good :
       {"2024-02-29", "2000-02-29", " 2024-01-31 ", "2024-1-5", "12345-01-01", "5874897-12-31",
        "0001-02-29 BC", "2024-01-01 AD", "infinity", "-Infinity", "epoch", "NOW", "today",
        "tomorrow", "yesterday", "2024-01-01 10:00:00", "2024-01-01T10:00:00+02"}) {
    EXPECT_TRUE(Ok("date", good)) << good;
  }
  for (std::string_view bad :
       {"2023-02-29", "2024-13-01", "2024-04-31", "2024-00-01", "0000-01-01", "", "yesteryear",
        "01/08/1999", "2024-01-01 xyz!", "2024-01-01 25:00", "0002-02-29 BC", "2024-01-01x",
        "5874898-01-01", "4714-01-01 BC"}) {
    EXPECT_FALSE(Ok("date", bad)) << bad;
  }
  EXPECT_EQ(Error("date", "2023-02-29"), "\"2023-02-29\" is not a valid date");
}

TEST(TypeCheck, Timestamps) {
  for (std::string_view good : {"2024-01-31 10:20",
                                "2024-01-31T10:20:30",
                                "2024-01-31 10:20:30.123456",
                                "2024-01-31 10:20:30Z",
                                "2024-01-31 10:20:30+02",
                                "2024-01-31 10:20:30-05:30",
                                "2024-01-31 10:20:30 +0100",
                                "2024-01-31 10:20:30 UTC",
                                "2024-01-31 10:20 Europe/Paris",
                                "2024-01-31 24:00:00",
                                "2024-01-31 23:59:60",
                                "2024-01-31",
                                "  2024-01-31 1:02  ",
                                "infinity",
                                "-infinity",
                                "now",
                                "epoch",
                                "2024-01-31 10:20:30 BC",
                                "2024-01-31 10:2",
                                "2024-01-31 10:20:3.",
                                "2024-01-31 10:20+2",
                                "2024-01-31 10:20 +5:30",
                                "2024-01-31T  10:20",
                                "2024-01-31t10:20",
                                "294276-12-31 23:59:59"}) {
    EXPECT_TRUE(Ok("timestamptz", good)) << good;
    EXPECT_TRUE(Ok("timestamp", good)) << good;
  }
  for (std::string_view bad :
       {"2024-01-31 24:00:01", "2024-01-31 10:60", "2024-01-31 10", "2024-01-31 10:20:30+16",
        "2023-02-29 10:00", "294277-01-01", "10:20", "", "2024-01-31 10:20 +", "+infinity"}) {
    EXPECT_FALSE(Ok("timestamptz", bad)) << bad;
  }
  EXPECT_EQ(Error("timestamp(3) with time zone", "x"),
            "\"x\" is not a valid timestamp(3) with time zone");
}

TEST(TypeCheck, Times) {
  for (std::string_view good :
       {"10:20", "10:20:30", "1:02", "10:20:30.5", "24:00", "10:20 PM", " 10:20:30+02 ", "allballs",
        "now", "2024-01-31 10:20", "10:2:3", "12:20 AM", "0:20 pm"}) {
    EXPECT_TRUE(Ok("time", good)) << good;
  }
  for (std::string_view bad :
       {"25:00", "10:60", "10", "10:", "", "noon", "2024-01-31", "13:20 PM", "2024-01-31T10:20"}) {
    EXPECT_FALSE(Ok("time", bad)) << bad;
  }
}

TEST(TypeCheck, Uuids) {
  for (std::string_view good :
       {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
        "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
        "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11}"}) {
    EXPECT_TRUE(Ok("uuid", good)) << good;
  }
  for (std::string_view bad :
       {"", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
        "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        "a0e-ebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-"}) {
    EXPECT_FALSE(Ok("uuid", bad)) << bad;
  }
  EXPECT_EQ(Error("uuid", "nope"), "\"nope\" is not a valid uuid");
}

TEST(TypeCheck, Json) {
  for (std::string_view good : {"{}", "[]", "1", "\"s\"", "null", "true", " {\"a\": [1, 2]} "}) {
    EXPECT_TRUE(Ok("jsonb", good)) << good;
    EXPECT_TRUE(Ok("json", good)) << good;
  }
  for (std::string_view bad : {"", "{", "{a: 1}", "[1,]", "'s'", "{} {}"}) {
    EXPECT_FALSE(Ok("jsonb", bad)) << bad;
  }
  EXPECT_EQ(Error("json", "{"), "\"{\" is not a valid json");
  // jsonb refuses the \u0000 escape, json keeps it; an escaped backslash before u0000 is text.
  EXPECT_TRUE(Ok("json", R"({"a": "\u0000"})"));
  EXPECT_FALSE(Ok("jsonb", R"({"a": "\u0000"})"));
  EXPECT_FALSE(Ok("jsonb", R"(["\\\u0000"])"));
  EXPECT_TRUE(Ok("jsonb", R"(["\\u0000"])"));
  EXPECT_EQ(InferName({R"({"a": "\u0000"})"}), "text");
}

TEST(TypeCheck, VarcharAndCharLengths) {
  EXPECT_TRUE(Ok("varchar(3)", "abc"));
  EXPECT_TRUE(Ok("varchar(3)", ""));
  EXPECT_EQ(Error("varchar(3)", "abcde"), "value too long for character varying(3) (5 characters)");
  EXPECT_TRUE(Ok("varchar(3)", "h\xc3\xa9\xc3\xa9"));             // 3 characters, 5 bytes
  EXPECT_TRUE(Ok("varchar(2)", "\xe2\x82\xac\xf0\x9f\x98\x80"));  // euro sign, emoji
  EXPECT_EQ(Error("varchar(2)", "\xc3\xa9\xc3\xa9\xc3\xa9"),
            "value too long for character varying(2) (3 characters)");
  EXPECT_TRUE(Ok("varchar(3)", "abc   "));  // blanks beyond the length are cut by the server
  EXPECT_FALSE(Ok("varchar(3)", "abc  x"));
  EXPECT_TRUE(Ok("char(3)", "ab   "));
  EXPECT_TRUE(Ok("char(3)", "abc "));
  EXPECT_EQ(Error("char(3)", "abcd"), "value too long for character(3) (4 characters)");
  EXPECT_TRUE(Ok("char", "a"));
  EXPECT_FALSE(Ok("char", "ab"));
  EXPECT_TRUE(Ok("bpchar", "any length at all"));
  EXPECT_TRUE(Ok("character varying", std::string(10000, 'x')));
  EXPECT_TRUE(Ok("text", std::string(10000, 'x')));
}

TEST(TypeCheck, LongValuesAreCutInMessages) {
  std::string value(50, 'a');
  EXPECT_EQ(Error("integer", value), "\"" + std::string(40, 'a') + "...\" is not a valid integer");
  // Cut on a character boundary: 39 ASCII bytes, then a two-byte character across byte 40.
  std::string accented = std::string(39, 'a') + "\xc3\xa9" + std::string(10, 'b');
  EXPECT_EQ(Error("integer", accented),
            "\"" + std::string(39, 'a') + "...\" is not a valid integer");
}

TEST(TypeCheck, MessagesStayOnOneLine) {
  EXPECT_EQ(Error("integer", "1\n2"), R"("1\n2" is not a valid integer)");
  EXPECT_EQ(Error("integer", "a\"b\\c\td\r"), R"("a\"b\\c\td\r" is not a valid integer)");
  EXPECT_EQ(Error("integer", std::string_view("x\0\x1f", 3)),
            R"("x\x00\x1f" is not a valid integer)");
}

TEST(Utf8, Valid) {
  for (std::string_view good :
       {std::string_view(""), std::string_view("plain ascii, longer than eight bytes"),
        std::string_view("caf\xc3\xa9"), std::string_view("\xe2\x82\xac 100"),
        std::string_view("\xf0\x9f\x98\x80"), std::string_view("\xef\xbf\xbf"),
        std::string_view("\xf4\x8f\xbf\xbf"), std::string_view("\xed\x9f\xbf"),
        std::string_view("a\0b", 3), std::string_view("\xc2\x80")}) {
    EXPECT_TRUE(IsValidUtf8(good)) << good;
  }
}

TEST(Utf8, Invalid) {
  for (std::string_view bad : {
           "\xc0\x80",          // overlong NUL
           "\xc1\xbf",          // overlong
           "\xe0\x80\xaf",      // overlong three-byte
           "\xf0\x80\x80\xaf",  // overlong four-byte
           "\xed\xa0\x80",      // surrogate U+D800
           "\xed\xbf\xbf",      // surrogate U+DFFF
           "\xf4\x90\x80\x80",  // above U+10FFFF
           "\xf5\x80\x80\x80",  // above U+10FFFF
           "\xff",              // never valid
           "\x80",              // lone continuation
           "abc\xc3",           // truncated at the end
           "\xe2\x82",          // truncated
           "\xf0\x9f\x98",      // truncated
           "\xc3(",             // bad continuation
           "\xe2\x28\xa1",      // bad continuation
           "0123456789abcdef\xc3\xa9\xc3",
       }) {
    EXPECT_FALSE(IsValidUtf8(bad)) << bad;
  }
}

}  // namespace
}  // namespace pgcrate::seed
