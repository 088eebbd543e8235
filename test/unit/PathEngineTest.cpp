//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/PathEngine.h"
#include "AnalysisTestSupport.h"
#include "analysis/LockModel.h"

#include <string>

using namespace clang;
using namespace clang::tidy::threads::analysis;
using threads_tidy_test::function;
using threads_tidy_test::parse;

namespace {

const char *const Prelude = R"cc(
#include <mutex>
#include <pthread.h>
std::mutex Mu, Other;
pthread_mutex_t Raw = PTHREAD_MUTEX_INITIALIZER;
bool cond();
void work();
)cc";

/// Parses Prelude + \p Body and analyses the function named "f".
class PathEngineTest : public ::testing::Test {
protected:
  const FunctionLockPaths &analyse(const std::string &Body) {
    Unit = parse(std::string(Prelude) + Body);
    EXPECT_TRUE(Unit);
    const FunctionDecl *F = function(*Unit, "f");
    EXPECT_TRUE(F);
    return PathEngine::of(Unit->getASTContext()).analyse(F, Model);
  }
  std::unique_ptr<ASTUnit> Unit;
  LockModel Model{{}};
};

TEST_F(PathEngineTest, ReleasedOnEveryPathHasNoFinding) {
  const FunctionLockPaths &Paths =
      analyse("void f() { Mu.lock(); work(); Mu.unlock(); }");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.acquires().size(), 1u);
  ASSERT_EQ(Paths.locks().size(), 1u);
  EXPECT_EQ(Paths.locks()[0].Spelling, "Mu");
  EXPECT_EQ(Paths.outcome(0), nullptr);
  // work() runs with Mu held on every path.
  ASSERT_EQ(Paths.callsWhileHeld().size(), 1u);
  EXPECT_TRUE(Paths.callsWhileHeld()[0].MayHold.contains(0));
  EXPECT_EQ(Paths.callsWhileHeld()[0].HeldOnEveryPath, 1u);
}

TEST_F(PathEngineTest, EarlyReturnLeaks) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      Mu.lock();
      if (cond())
        return;
      Mu.unlock();
    })cc");
  ASSERT_TRUE(Paths.analysed());
  const AcquireOutcome *Outcome = Paths.outcome(0);
  ASSERT_NE(Outcome, nullptr);
  ASSERT_EQ(Outcome->LeakExits.size(), 1u);
  EXPECT_EQ(Outcome->LeakExits[0].Kind, ExitKind::Return);
}

TEST_F(PathEngineTest, TryLockResultDecidesTheBranch) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    int f() {
      if (pthread_mutex_trylock(&Raw) != 0)
        return -1;
      work();
      pthread_mutex_unlock(&Raw);
      return 0;
    })cc");
  ASSERT_TRUE(Paths.analysed());
  EXPECT_EQ(Paths.outcome(0), nullptr) << "not held on the failure branch";
}

TEST_F(PathEngineTest, LocalFlagCorrelatesAcquireAndRelease) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f(bool Locking) {
      bool Locked = false;
      if (Locking) { Mu.lock(); Locked = true; }
      work();
      if (Locked) Mu.unlock();
    })cc");
  ASSERT_TRUE(Paths.analysed());
  EXPECT_EQ(Paths.outcome(0), nullptr);
}

TEST_F(PathEngineTest, DoubleLockAndDoubleUnlock) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      Mu.lock();
      Mu.lock();
      Mu.unlock();
      Mu.unlock();
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.doubleLocks().size(), 1u);
  EXPECT_EQ(Paths.doubleLocks()[0].Acquire, 1u);
  EXPECT_TRUE(Paths.doubleLocks()[0].Holders.contains(0));
  ASSERT_EQ(Paths.doubleUnlocks().size(), 1u);
  EXPECT_EQ(Paths.doubleUnlocks()[0].Release, 1u);
}

TEST_F(PathEngineTest, NextLoopIterationRelocks) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      for (int I = 0; I < 3; ++I) {
        Mu.lock();
        if (cond())
          continue;
        Mu.unlock();
      }
    })cc");
  ASSERT_TRUE(Paths.analysed());
  const AcquireOutcome *Outcome = Paths.outcome(0);
  ASSERT_NE(Outcome, nullptr);
  EXPECT_EQ(Outcome->LoopReacquires.size(), 1u);
}

TEST_F(PathEngineTest, TwoLocksAreTrackedApart) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      Mu.lock();
      Other.lock();
      Mu.unlock();
      work();
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.locks().size(), 2u);
  EXPECT_EQ(Paths.outcome(0), nullptr);
  ASSERT_NE(Paths.outcome(1), nullptr);
  EXPECT_TRUE(Paths.outcome(1)->leaks());
  // work() runs with Other held, not Mu.
  const Expr *Work = nullptr;
  for (const HeldAtCall &Held : Paths.callsWhileHeld())
    Work = Held.Call;
  ASSERT_NE(Work, nullptr);
  EXPECT_FALSE(Paths.heldAt(Work).contains(0));
  EXPECT_TRUE(Paths.heldAt(Work).contains(1));
}

TEST_F(PathEngineTest, ResultsAreCachedPerFunctionAndModel) {
  const FunctionLockPaths &First =
      analyse("void f() { Mu.lock(); if (cond()) return; Mu.unlock(); }");
  const FunctionDecl *F = function(*Unit, "f");
  PathEngine &Engine = PathEngine::of(Unit->getASTContext());
  EXPECT_EQ(&Engine.analyse(F, Model), &First);
  const LockModel Extra({{"acquireIt", "releaseIt"}});
  EXPECT_NE(&Engine.analyse(F, Extra), &First)
      << "another configuration gets its own result";
  EXPECT_EQ(Engine.analysedFunctions(), 2u);
}

TEST_F(PathEngineTest, GiveUpPastTheAcquireLimitIsCounted) {
  std::string Body = "void f() {\n";
  for (unsigned I = 0; I <= EngineLimits::MaxAcquireSites; ++I)
    Body += "  Mu.lock(); Mu.unlock();\n";
  Body += "}\n";
  const FunctionLockPaths &Paths = analyse(Body);
  EXPECT_FALSE(Paths.analysed());
  ASSERT_TRUE(Paths.giveUp().has_value());
  EXPECT_EQ(*Paths.giveUp(), GiveUp::TooManyAcquires);
  const PathEngine &Engine = PathEngine::of(Unit->getASTContext());
  EXPECT_EQ(Engine.giveUps()[static_cast<unsigned>(GiveUp::TooManyAcquires)],
            1u);
}

TEST_F(PathEngineTest, UnclearReleaseGivesUp) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    std::mutex &pick(int);
    void f(int I) {
      Mu.lock();
      pick(I).unlock();
    })cc");
  EXPECT_FALSE(Paths.analysed());
  ASSERT_TRUE(Paths.giveUp().has_value());
  EXPECT_EQ(*Paths.giveUp(), GiveUp::UnclearRelease);
}

/// Collects what report() hands a handler, in order.
class Recorder : public PathHandler {
public:
  void callWhileHeld(const HeldAtCall &) override { Log += "call;"; }
  void acquireOutcome(unsigned Site, const AcquireOutcome &O) override {
    Log += "acquire" + std::to_string(Site) + (O.leaks() ? "-leaks;" : ";");
  }
  void doubleLock(const DoubleLockRecord &) override { Log += "double;"; }
  std::string Log;
};

TEST_F(PathEngineTest, HandlerSeesEveryRecordInOrder) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      Mu.lock();
      work();
      Other.lock();
      Other.lock();
    })cc");
  Recorder R;
  Paths.report(R);
  EXPECT_EQ(R.Log, "call;acquire0-leaks;acquire1;acquire2-leaks;double;")
      << "the second Other.lock() takes over from the first";
}

} // namespace

namespace {

TEST_F(PathEngineTest, ConditionOnAFieldCorrelates) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    struct Cfg { int Workers; } C;
    void f() {
      if (C.Workers > 2) Mu.lock();
      work();
      if (C.Workers > 2) Mu.unlock();
    })cc");
  ASSERT_TRUE(Paths.analysed());
  EXPECT_EQ(Paths.outcome(0), nullptr);
}

TEST_F(PathEngineTest, WriteBetweenTestsEndsTheCorrelation) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    struct Cfg { int Workers; } C;
    void f() {
      if (C.Workers) Mu.lock();
      C.Workers = 0;
      if (C.Workers) Mu.unlock();
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_NE(Paths.outcome(0), nullptr);
  EXPECT_TRUE(Paths.outcome(0)->leaks());
}

} // namespace
