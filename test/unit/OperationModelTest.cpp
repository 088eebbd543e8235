//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The path engine with operation tables other than the lock model: the
// std::thread join table of threads-unjoined-thread and the std::promise
// table of threads-unfulfilled-promise (SPEC check 8): a new obligation is
// a table plus diagnostics.
//
//===----------------------------------------------------------------------===//

#include "AnalysisTestSupport.h"
#include "analysis/LockModel.h"
#include "analysis/PathEngine.h"
#include "analysis/PromiseModel.h"
#include "analysis/ThreadJoinModel.h"

#include "clang/AST/ExprCXX.h"
#include <string>

using namespace clang;
using namespace clang::tidy::threads::analysis;
using threads_tidy_test::function;
using threads_tidy_test::parse;

namespace {

const char *const PromisePrelude = R"cc(
#include <future>
#include <utility>
bool cond();
int compute();
void hand(std::promise<int> P);
void consume(std::future<int> F);
)cc";

class PromiseTableTest : public ::testing::Test {
protected:
  const FunctionLockPaths &analyse(const std::string &Body) {
    Unit = parse(std::string(PromisePrelude) + Body);
    EXPECT_TRUE(Unit);
    const FunctionDecl *F = function(*Unit, "f");
    EXPECT_TRUE(F);
    return PathEngine::of(Unit->getASTContext()).analyse(F, Model);
  }
  std::unique_ptr<ASTUnit> Unit;
  PromiseModel Model;
};

TEST_F(PromiseTableTest, UnsatisfiedOnAnEarlyReturn) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      std::promise<int> P;
      consume(P.get_future());
      if (cond())
        return;
      P.set_value(compute());
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.acquires().size(), 1u);
  EXPECT_EQ(Paths.acquires()[0].Spelling, "P");
  EXPECT_EQ(Paths.acquires()[0].Op.Name, "get_future");
  const AcquireOutcome *Outcome = Paths.outcome(0);
  ASSERT_NE(Outcome, nullptr);
  ASSERT_EQ(Outcome->LeakExits.size(), 1u);
  EXPECT_EQ(Outcome->LeakExits[0].Kind, ExitKind::Return);
}

TEST_F(PromiseTableTest, NoFutureIsOnlyADeclaration) {
  // The obligation starts at get_future(); without one the declaration is
  // followed for second values only.
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      std::promise<int> P;
      if (cond())
        return;
      P.set_value(compute());
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.acquires().size(), 1u);
  EXPECT_EQ(Paths.acquires()[0].Op.Name, "declaration");
}

TEST_F(PromiseTableTest, FutureWaitedOnHereOnly) {
  // The future stays in a local the function only waits on: it dies with
  // the function, nobody else can wait on it.
  const FunctionLockPaths &Paths = analyse(R"cc(
    int f() {
      std::promise<int> P;
      std::future<int> F = P.get_future();
      if (cond())
        return 0;
      P.set_value(compute());
      return F.get();
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.acquires().size(), 1u);
  EXPECT_EQ(Paths.acquires()[0].Op.Name, "declaration");
}

TEST_F(PromiseTableTest, SatisfiedOnEveryPath) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      std::promise<int> P;
      consume(P.get_future());
      if (cond()) {
        P.set_exception(std::make_exception_ptr(1));
        return;
      }
      P.set_value(compute());
    })cc");
  ASSERT_TRUE(Paths.analysed());
  EXPECT_EQ(Paths.outcome(0), nullptr);
  EXPECT_TRUE(Paths.doubleUnlocks().empty());
}

TEST_F(PromiseTableTest, SecondSetIsADoubleRelease) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      std::promise<int> P;
      consume(P.get_future());
      P.set_value(1);
      P.set_value(2);
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.doubleUnlocks().size(), 1u);
  EXPECT_EQ(Paths.doubleUnlocks()[0].Release, 1u);
  EXPECT_TRUE(Paths.doubleUnlocks()[0].Previous.contains(0));
}

TEST_F(PromiseTableTest, MovedAwayOrPassedByReferenceIsNotOurs) {
  const FunctionLockPaths &Moved = analyse(R"cc(
    void f() {
      std::promise<int> P;
      consume(P.get_future());
      if (cond())
        return hand(std::move(P));
      P.set_value(0);
    })cc");
  ASSERT_TRUE(Moved.analysed());
  EXPECT_EQ(Moved.outcome(0), nullptr);
}

TEST_F(PromiseTableTest, AddressTakenIsNotTracked) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void handPtr(std::promise<int> *P);
    void f() {
      std::promise<int> P;
      consume(P.get_future());
      handPtr(&P);
    })cc");
  EXPECT_FALSE(Paths.analysed());
}

TEST_F(PromiseTableTest, ScopeEndInALoop) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      for (int I = 0; I < 3; ++I) {
        std::promise<int> P;
        consume(P.get_future());
        if (cond())
          continue;
        P.set_value(I);
      }
    })cc");
  ASSERT_TRUE(Paths.analysed());
  const AcquireOutcome *Outcome = Paths.outcome(0);
  ASSERT_NE(Outcome, nullptr);
  ASSERT_EQ(Outcome->LeakExits.size(), 1u);
  EXPECT_EQ(Outcome->LeakExits[0].Kind, ExitKind::Continue);
  // Each iteration's promise is a new object: no "taken again".
  EXPECT_TRUE(Outcome->LoopReacquires.empty());
}

TEST_F(PromiseTableTest, ByValueParameterIsOwnedFromTheStart) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f(std::promise<int> P) {
      if (cond())
        return;
      P.set_value(compute());
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.acquires().size(), 1u);
  EXPECT_EQ(Paths.acquires()[0].Op.Name, "start");
  const AcquireOutcome *Outcome = Paths.outcome(0);
  ASSERT_NE(Outcome, nullptr);
  ASSERT_EQ(Outcome->LeakExits.size(), 1u);
  EXPECT_EQ(Outcome->LeakExits[0].Kind, ExitKind::Return);
}

TEST_F(PromiseTableTest, StartAtASetterKeepsTheSetter) {
  // The first expression is the setter itself: taken, then satisfied.
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f(std::promise<int> P) {
      P.set_value(1);
    })cc");
  ASSERT_TRUE(Paths.analysed());
  EXPECT_EQ(Paths.outcome(0), nullptr);
}

TEST_F(PromiseTableTest, ACallGivenThePromiseMaySatisfyIt) {
  // A call that is passed the promise by reference may satisfy it: the
  // engine forgets the obligation, no leak.
  const FunctionLockPaths &Paths = analyse(R"cc(
    void handRef(std::promise<int> &P);
    void f(std::promise<int> P) {
      handRef(P);
    })cc");
  ASSERT_TRUE(Paths.analysed());
  EXPECT_EQ(Paths.outcome(0), nullptr);
}

TEST_F(PromiseTableTest, StartHasNoSiteAndNeedsNoExpression) {
  // Held on entry: a body that evaluates nothing still leaks it.
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f(std::promise<int> P) {
      return;
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.acquires().size(), 1u);
  EXPECT_EQ(Paths.acquires()[0].Site, nullptr);
  const AcquireOutcome *Outcome = Paths.outcome(0);
  ASSERT_NE(Outcome, nullptr);
  ASSERT_EQ(Outcome->LeakExits.size(), 1u);
  EXPECT_EQ(Outcome->LeakExits[0].Kind, ExitKind::Return);
}

TEST_F(PromiseTableTest, StartBeforeALeadingLoop) {
  // The first block after the entry is a loop header with two
  // predecessors; the path out of the loop keeps the promise unset.
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f(std::promise<int> P) {
      while (cond()) {
        if (compute() == 0) {
          P.set_value(1);
          return;
        }
      }
    })cc");
  ASSERT_TRUE(Paths.analysed());
  const AcquireOutcome *Outcome = Paths.outcome(0);
  ASSERT_NE(Outcome, nullptr);
  ASSERT_EQ(Outcome->LeakExits.size(), 1u);
  EXPECT_EQ(Outcome->LeakExits[0].Kind, ExitKind::EndOfBody);
}

TEST_F(PromiseTableTest, CachedPerModelKind) {
  const FunctionLockPaths &Promises = analyse(R"cc(
    void f() {
      std::promise<int> P;
      P.set_value(1);
    })cc");
  const LockModel Locks({});
  const FunctionLockPaths &AsLocks = PathEngine::of(Unit->getASTContext())
                                         .analyse(function(*Unit, "f"), Locks);
  EXPECT_NE(&Promises, &AsLocks);
  EXPECT_FALSE(AsLocks.analysed());
}

const char *const ThreadPrelude = R"cc(
#include <thread>
bool cond();
void work();
)cc";

class ThreadTableTest : public ::testing::Test {
protected:
  const FunctionLockPaths &analyse(const std::string &Body) {
    Unit = parse(std::string(ThreadPrelude) + Body);
    EXPECT_TRUE(Unit);
    const FunctionDecl *F = function(*Unit, "f");
    EXPECT_TRUE(F);
    return PathEngine::of(Unit->getASTContext()).analyse(F, Model);
  }
  std::unique_ptr<ASTUnit> Unit;
  ThreadJoinModel Model;
};

TEST_F(ThreadTableTest, JoinableQueryDecides) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      std::thread T(work);
      if (cond())
        T.detach();
      if (T.joinable())
        T.join();
    })cc");
  ASSERT_TRUE(Paths.analysed());
  EXPECT_EQ(Paths.outcome(0), nullptr);
}

TEST_F(ThreadTableTest, BreakLeavesTheScope) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      while (cond()) {
        std::thread T(work);
        if (cond())
          break;
        T.join();
      }
    })cc");
  ASSERT_TRUE(Paths.analysed());
  const AcquireOutcome *Outcome = Paths.outcome(0);
  ASSERT_NE(Outcome, nullptr);
  ASSERT_EQ(Outcome->LeakExits.size(), 1u);
  EXPECT_EQ(Outcome->LeakExits[0].Kind, ExitKind::Break);
}

TEST_F(ThreadTableTest, AssignmentOverARunningThread) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      std::thread T(work);
      T = std::thread(work);
      T.join();
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.doubleLocks().size(), 1u);
  EXPECT_EQ(Paths.doubleLocks()[0].Acquire, 1u);
}

} // namespace
