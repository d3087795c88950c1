#include "seed/csv.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "seed/json_rows.h"

namespace pgcrate::seed {
namespace {

class CsvFile {
 public:
  explicit CsvFile(const std::string& content) {
    char tmpl[] = "/tmp/pgcrate-csv-XXXXXX";
    int fd = mkstemp(tmpl);
    path_ = tmpl;
    std::FILE* f = fdopen(fd, "wb");
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
  }
  ~CsvFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::vector<std::vector<std::string>> ReadAll(const std::string& content, Status* error = nullptr,
                                              std::vector<int64_t>* lines = nullptr,
                                              size_t block = CsvReader::kBlock) {
  CsvFile f(content);
  auto reader = CsvReader::Open(f.path(), block);
  EXPECT_TRUE(reader.ok());
  std::vector<std::vector<std::string>> out;
  CsvRecord r;
  while ((*reader)->Next(r)) {
    std::vector<std::string> row;
    for (const CsvField& field : r.fields) {
      row.push_back(field.quoted || !field.text.empty() ? std::string(field.text) : "<NULL>");
    }
    out.push_back(row);
    if (lines) lines->push_back(r.line);
  }
  if (error) *error = (*reader)->status();
  return out;
}

TEST(CsvReader, QuotesEscapesNullsAndLineEndings) {
  std::vector<int64_t> lines;
  auto rows = ReadAll(
      "\xEF\xBB\xBF"
      "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\r\n\"\",\"two\nlines\",z\rlast,,\"\"",
      nullptr, &lines);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));  // the BOM is skipped
  EXPECT_EQ(rows[1], (std::vector<std::string>{"x,1", "say \"hi\"", "<NULL>"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"", "two\nlines", "z"}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"last", "<NULL>", ""}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 3, 5}));
}

TEST(CsvReader, AQuoteMayOpenInsideAFieldAsInPostgres) {
  auto rows = ReadAll("ab\"c,d\"e,f\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"abc,de", "f"}));
}

TEST(CsvReader, AnUnterminatedQuoteIsLocatedWhereItOpens) {
  Status st;
  auto rows = ReadAll("a,b\n1,2\n3,\"open\n4,5\n", &st);
  EXPECT_EQ(rows.size(), 2u);
  EXPECT_EQ(st.code(), Code::kParse);
  EXPECT_EQ(st.location().line, 3);
  EXPECT_EQ(st.location().column, 2);
}

TEST(CsvReader, RecordsSpanningBlockBoundariesAreIntact) {
  // Records of varying size, quoted ones with escaped quotes and newlines, across several
  // 1 MiB blocks (and one record larger than a block).
  std::string content = "id,text\n";
  std::vector<std::string> expected;
  for (int i = 0; i < 60000; ++i) {
    std::string text = "v" + std::to_string(i) + std::string(static_cast<size_t>(i % 37), 'x');
    if (i % 3 == 0) text += "\"q\"\n,";
    expected.push_back(text);
    std::string quoted;
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    content += std::to_string(i) + ",\"" + quoted + "\"\r\n";
  }
  std::string big(3 << 20, 'b');
  expected.push_back(big);
  content += "60000," + big + "\n";
  Status st;
  auto rows = ReadAll(content, &st);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(rows.size(), expected.size() + 1);
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(rows[i + 1][0], std::to_string(i));
    ASSERT_EQ(rows[i + 1][1], expected[i]) << i;
  }
}

TEST(CsvReader, SmallBlocksReadTheSameRecords) {
  // Every cut of the file between reads: inside quotes, between \r and \n, inside the BOM's
  // first read, in a record longer than the block (the buffer grows).
  std::string content = "\xEF\xBB\xBFid,text\r\n1,\"a \"\"q\"\"\r\nb\"\r\n2,\r3,\"\"\n\n4," +
                        std::string(50, 'x') + ",\"\"\"\"\r\n\"5\"";
  Status whole_status;
  std::vector<int64_t> whole_lines;
  auto whole = ReadAll(content, &whole_status, &whole_lines);
  ASSERT_TRUE(whole_status.ok()) << whole_status.ToString();
  ASSERT_EQ(whole.size(), 7u);
  EXPECT_EQ(whole[0][0], "id");
  for (size_t block = 0; block <= 70; ++block) {
    Status st;
    std::vector<int64_t> lines;
    EXPECT_EQ(ReadAll(content, &st, &lines, block), whole) << block;
    EXPECT_TRUE(st.ok()) << block << ": " << st.ToString();
    EXPECT_EQ(lines, whole_lines) << block;
  }
}

TEST(CsvReader, DataRecordChecks) {
  CsvFile f("a,b\n1,2\n\n3\n\\.\n");
  auto reader = CsvReader::Open(f.path());
  ASSERT_TRUE(reader.ok());
  CsvRecord r;
  ASSERT_TRUE((*reader)->Next(r));
  bool skip = false;
  ASSERT_TRUE((*reader)->Next(r));
  EXPECT_TRUE(CheckDataRecord(r, 2, f.path(), skip).ok());
  ASSERT_TRUE((*reader)->Next(r));
  EXPECT_TRUE(CheckDataRecord(r, 2, f.path(), skip).ok());
  EXPECT_TRUE(skip);  // a blank line
  ASSERT_TRUE((*reader)->Next(r));
  Status ragged = CheckDataRecord(r, 2, f.path(), skip);
  EXPECT_EQ(ragged.location().line, 4);
  ASSERT_TRUE((*reader)->Next(r));
  EXPECT_FALSE(CheckDataRecord(r, 1, f.path(), skip).ok());  // \. ends COPY early
  EXPECT_EQ(FileLineOfCopyLine(f.path(), 2), 4);
}

TEST(CsvReader, AMissingFileIsNotFound) {
  auto reader = CsvReader::Open("/nonexistent/x.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), Code::kNotFound);
}

TEST(JsonRows, NestedValuesBecomeJsonTextAndMissingKeysNull) {
  CsvFile f(R"([{"a": 1, "b": {"x": [1, "two", null, {"y": false}], "z": 2.50}},
                {"b": [], "a": "s\"q", "c": true}])");
  auto shape = ScanJsonSeed(f.path());
  ASSERT_TRUE(shape.ok()) << shape.status().ToString();
  EXPECT_EQ(shape->columns, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(shape->rows, 2);
  std::vector<JsonRow> rows;
  ASSERT_TRUE(ForEachJsonRow(f.path(), shape->columns, [&](const JsonRow& row, int64_t) {
                rows.push_back(row);
                return Status::Ok();
              }).ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(*rows[0][0], "1");
  EXPECT_EQ(*rows[0][1], R"({"x":[1,"two",null,{"y":false}],"z":2.50})");
  EXPECT_FALSE(rows[0][2].has_value());
  EXPECT_EQ(*rows[1][0], "s\"q");
  EXPECT_EQ(*rows[1][1], "[]");
  EXPECT_EQ(*rows[1][2], "true");
  std::string line;
  AppendCsvLine(rows[1], line);
  EXPECT_EQ(line, "\"s\"\"q\",\"[]\",\"true\"\n");
}

TEST(JsonRows, ShapeErrors) {
  CsvFile dup(R"([{"a": 1, "a": 2}])");
  auto r = ScanJsonSeed(dup.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("appears twice"), std::string::npos);
  CsvFile syntax("[\n  {\"a\": 1,}\n]");
  auto s = ScanJsonSeed(syntax.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().location().line, 2);
}

}  // namespace
}  // namespace pgcrate::seed
