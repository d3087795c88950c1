#include "app/session.h"

#include <gtest/gtest.h>

#include <memory>

namespace pgcrate::app {
namespace {

// Counts its own destruction.
struct Tracked {
  explicit Tracked(int* counter) : destroyed(counter) {}
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
  ~Tracked() { ++*destroyed; }
  int* destroyed;
};

TEST(SessionDiscard, DestroysAtOnceUnlessTheProcessEndsAfterTheCommand) {
  output::Output out(output::Mode{});
  int destroyed = 0;
  {
    Session session(GlobalOptions{}, out);
    session.Discard(std::make_unique<Tracked>(&destroyed));
    EXPECT_EQ(destroyed, 1);                      // a test or an embedding program: freed now
    session.Discard(std::unique_ptr<Tracked>());  // nothing to discard
    EXPECT_EQ(destroyed, 1);
  }
  {
    Session session(GlobalOptions{}, out);
    session.ExitsAfterCommand();
    session.Discard(std::make_unique<Tracked>(&destroyed));
  }
  // Kept for the rest of the process (reachable, so the leak checker stays quiet), never
  // destroyed: not when Discard returned, not with the session.
  EXPECT_EQ(destroyed, 1);
}

}  // namespace
}  // namespace pgcrate::app
