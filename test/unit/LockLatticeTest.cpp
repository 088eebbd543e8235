//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/LockLattice.h"

#include "gtest/gtest.h"
#include <vector>

using namespace clang::tidy::threads::analysis;

namespace {

std::vector<unsigned> sites(SiteSet Set) {
  std::vector<unsigned> Out;
  Set.forEach([&](unsigned Site) { Out.push_back(Site); });
  return Out;
}

TEST(SiteSetTest, InsertContainsForEach) {
  SiteSet Set;
  EXPECT_TRUE(Set.empty());
  Set.insert(0);
  Set.insert(63);
  Set.insert(5);
  EXPECT_TRUE(Set.contains(63));
  EXPECT_FALSE(Set.contains(6));
  EXPECT_EQ(sites(Set), (std::vector<unsigned>{0, 5, 63}));
  SiteSet Other = SiteSet::single(5);
  Set.intersect(Other);
  EXPECT_EQ(sites(Set), (std::vector<unsigned>{5}));
}

TEST(LockStateTest, EntryIsUntouched) {
  const LockState Entry;
  EXPECT_TRUE(Entry.mayBeUntouched());
  EXPECT_FALSE(Entry.mayBeHeld());
  EXPECT_FALSE(Entry.isNoPath());
  EXPECT_FALSE(Entry.isHeldOnEveryPath());
  EXPECT_TRUE(LockState::noPath().isNoPath());
}

TEST(LockStateTest, AcquireThenReleaseOnEveryPath) {
  const LockState Held = LockState().afterAcquire(/*Recursive=*/false, 3);
  EXPECT_TRUE(Held.isHeldOnEveryPath());
  EXPECT_EQ(sites(Held.holders()), (std::vector<unsigned>{3}));
  LockState Released = Held;
  Released.release(1);
  EXPECT_FALSE(Released.mayBeHeld());
  EXPECT_TRUE(Released.isReleasedOnEveryPath());
  EXPECT_EQ(sites(Released.lastReleases()), (std::vector<unsigned>{1}));
  EXPECT_TRUE(Released.holders().empty());
}

TEST(LockStateTest, JoinOfHeldAndReleasedMayBeHeld) {
  LockState Held = LockState().afterAcquire(false, 0);
  LockState Released = Held;
  Released.release(0);
  LockState Joined = Held;
  Joined.join(Released);
  EXPECT_TRUE(Joined.mayBeHeld());
  EXPECT_FALSE(Joined.isHeldOnEveryPath());
  EXPECT_FALSE(Joined.isReleasedOnEveryPath());
  // Meeting with the released side keeps only the released paths.
  Joined.meet(Released);
  EXPECT_FALSE(Joined.mayBeHeld());
  EXPECT_TRUE(Joined.isReleasedOnEveryPath());
}

TEST(LockStateTest, MeetOfDisjointStatesIsNoPath) {
  LockState Held = LockState().afterAcquire(false, 0);
  LockState Released = Held;
  Released.release(0);
  Held.meet(Released);
  EXPECT_TRUE(Held.isNoPath());
}

TEST(LockStateTest, RecursiveLockCountsDepth) {
  LockState Twice =
      LockState().afterAcquire(true, 0).afterAcquire(/*Recursive=*/true, 1);
  EXPECT_EQ(sites(Twice.holders()), (std::vector<unsigned>{0, 1}));
  Twice.release(0);
  EXPECT_TRUE(Twice.mayBeHeld()) << "held once more after one release";
  Twice.release(1);
  EXPECT_FALSE(Twice.mayBeHeld());
}

TEST(LockStateTest, ReleasingTheCallersLockThenRetakingIt) {
  // `mu.Unlock(); work(); mu.Lock();` in a function called with mu held.
  LockState State;
  State.release(0);
  EXPECT_TRUE(State.mayBeCallerReleased());
  EXPECT_FALSE(State.mayBeHeld());
  const LockState Back = State.afterAcquire(false, 0);
  EXPECT_TRUE(Back.mayBeHeldForCaller());
  EXPECT_FALSE(Back.mayBeHeld()) << "held for the caller, not a leak";
  EXPECT_EQ(sites(Back.restorers()), (std::vector<unsigned>{0}));
}

} // namespace
