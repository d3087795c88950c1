#include "base/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace pgcrate::base {
namespace {

TEST(ParallelFor, VisitsEveryIndexExactlyOnce) {
  std::vector<std::atomic<int>> visits(1000);
  ParallelFor(visits.size(), 1, [&](size_t i) { visits[i]++; });
  for (size_t i = 0; i < visits.size(); ++i) EXPECT_EQ(visits[i].load(), 1) << i;
}

TEST(ParallelFor, SmallInputsStayOnTheCallingThread) {
  std::vector<std::thread::id> ids(10);
  ParallelFor(ids.size(), 11, [&](size_t i) { ids[i] = std::this_thread::get_id(); });
  for (const auto& id : ids) EXPECT_EQ(id, std::this_thread::get_id());
  int calls = 0;
  ParallelFor(0, 0, [&](size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace pgcrate::base
