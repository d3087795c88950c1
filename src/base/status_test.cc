#include "pgcrate/status.h"

#include <gtest/gtest.h>

#include <string>

#include "pgcrate/version.h"

namespace pgcrate {
namespace {

Result<int> Fails() { return Status(Code::kNotFound, "no such thing."); }

TEST(Result, ValueOfAnErrorAbortsWithTheStatus) {
  EXPECT_DEATH((void)Fails().value(), "failed Result was read: no such thing");
  EXPECT_DEATH((void)*Fails(), "failed Result was read");
}

TEST(Result, BuiltFromAnOkStatusIsAnInternalError) {
  Result<int> r(Status::Ok());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInternal);
}

TEST(Version, MacrosMatchTheString) {
  std::string expected = std::to_string(PGCRATE_VERSION_MAJOR) + "." +
                         std::to_string(PGCRATE_VERSION_MINOR) + "." +
                         std::to_string(PGCRATE_VERSION_PATCH);
  EXPECT_EQ(expected, kVersion);
}

}  // namespace
}  // namespace pgcrate
