#include "output/output.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pgcrate::output {

TEST(Output, ErrorJsonFollowsTheSpecSchema) {
  auto plain = ErrorJson(Status(Code::kQuery, "boom"));
  EXPECT_EQ(plain.dump(), R"({"ok":false,"error":{"message":"boom"}})");
  Status st(Code::kQuery, "relation \"x\" does not exist");
  st.WithSqlState("42P01").WithHint("create it").WithLocation({"m.sql", 3, 7});
  auto full = ErrorJson(st);
  EXPECT_EQ(full["error"]["message"], "m.sql:3:7: relation \"x\" does not exist");
  EXPECT_EQ(full["error"]["details"], "  hint: create it\n  sqlstate: 42P01");
}

TEST(Output, RenderTableAlignsLikePsql) {
  EXPECT_EQ(RenderTable({"id", "name"}, {{"1", "alice"}, {"22", "b"}}),
            " id | name  \n"
            "----+-------\n"
            " 1  | alice \n"
            " 22 | b     \n"
            "(2 rows)");
}

TEST(Output, RenderTableCellsIsTheSameTableFromOneVector) {
  std::vector<std::string_view> cells = {"1", "alice", "22", "b"};
  EXPECT_EQ(RenderTableCells({"id", "name"}, cells),
            RenderTable({"id", "name"}, {{"1", "alice"}, {"22", "b"}}));
  EXPECT_EQ(RenderTableCells({"id"}, {}, false), " id \n----\n");
}

}  // namespace pgcrate::output
