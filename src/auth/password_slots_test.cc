// PasswordSlots: the bounds in all, per login and per address, and release.
#include "auth/password_slots.h"

#include <gtest/gtest.h>

#include <vector>

namespace keygate::auth {
namespace {

TEST(PasswordSlots, BoundsInAllPerLoginAndPerAddress) {
  PasswordSlots slots({/*total=*/3, /*per_login=*/1, /*per_address=*/2});
  auto a = slots.TryAcquire("alice", "10.0.0.1");
  ASSERT_TRUE(a);
  EXPECT_FALSE(slots.TryAcquire("alice", "10.0.0.2"));  // one hash per login at a time
  auto b = slots.TryAcquire("bob", "10.0.0.1");
  ASSERT_TRUE(b);
  EXPECT_FALSE(slots.TryAcquire("carol", "10.0.0.1"));  // the address has its share
  auto c = slots.TryAcquire("carol", "10.0.0.2");
  ASSERT_TRUE(c);
  EXPECT_FALSE(slots.TryAcquire("dave", "10.0.0.3"));  // all slots taken
  EXPECT_EQ(slots.in_use(), 3u);
  {
    auto moved = std::move(*a);
    a.reset();
    EXPECT_EQ(slots.in_use(), 3u);  // moving keeps the slot
  }
  EXPECT_EQ(slots.in_use(), 2u);
  EXPECT_TRUE(slots.TryAcquire("alice", "10.0.0.3"));  // released at the end of that scope
  EXPECT_EQ(slots.in_use(), 2u);
}

TEST(PasswordSlots, LimitsFollowTheWorkers) {
  auto l = PasswordSlots::LimitsFor(8, 0);
  EXPECT_EQ(l.total, 4u);
  EXPECT_EQ(l.per_address, 2u);
  EXPECT_EQ(l.per_login, 1u);
  l = PasswordSlots::LimitsFor(1, 0);
  EXPECT_EQ(l.total, 1u);
  EXPECT_EQ(l.per_address, 1u);
  l = PasswordSlots::LimitsFor(8, 6);
  EXPECT_EQ(l.total, 6u);
  EXPECT_EQ(l.per_address, 3u);
}

}  // namespace
}  // namespace keygate::auth
