//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The path engine with operation tables other than the lock model: the
// std::thread join table of threads-unjoined-thread, and a std::promise
// table written here in a few lines (the shape of SPEC check 8), to show
// that a new obligation is a table plus diagnostics.
//
//===----------------------------------------------------------------------===//

#include "AnalysisTestSupport.h"
#include "analysis/LockModel.h"
#include "analysis/PathEngine.h"
#include "analysis/ThreadJoinModel.h"

#include "clang/AST/ExprCXX.h"
#include <string>

using namespace clang;
using namespace clang::tidy::threads::analysis;
using threads_tidy_test::function;
using threads_tidy_test::parse;

namespace {

/// A std::promise must be satisfied (set_value, set_exception, and their
/// _at_thread_exit forms) on every path to its destruction; moving it away
/// ends this function's obligation; a set_* after every path satisfied it
/// is a double "release".
class PromiseModel : public OperationModel {
public:
  llvm::StringRef modelName() const override { return "promise"; }
  llvm::StringRef configKey() const override { return ""; }

  static bool isPromise(QualType Type) {
    const auto *Record = Type.getCanonicalType()->getAsCXXRecordDecl();
    return Record && Record->getDeclName().isIdentifier() &&
           Record->getName() == "promise" && Record->isInStdNamespace();
  }
  static const VarDecl *local(const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return Var && Var->hasLocalStorage() && isPromise(Var->getType()) ? Var
                                                                      : nullptr;
  }

  llvm::SmallVector<LockOp, 1> operations(const Expr *E) const override {
    llvm::SmallVector<LockOp, 1> Ops;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (Method && Method->getDeclName().isIdentifier() &&
          local(Call->getImplicitObjectArgument()) &&
          Method->getName().starts_with("set_")) {
        LockOp Op;
        Op.Kind = LockOpKind::Release;
        Op.Object = Call->getImplicitObjectArgument();
        Op.Name = Method->getName();
        Ops.push_back(Op);
      }
      return Ops;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *Callee = Call->getDirectCallee();
          Callee && Callee->isInStdNamespace() &&
          Callee->getDeclName().isIdentifier() && Callee->getName() == "move" &&
          Call->getNumArgs() == 1 && local(Call->getArg(0))) {
        LockOp Op;
        Op.Kind = LockOpKind::Release;
        Op.Object = Call->getArg(0);
        Op.Name = "move";
        Ops.push_back(Op);
      }
    return Ops;
  }
  llvm::SmallVector<LockOp, 1>
  declarationOps(const VarDecl *Var) const override {
    llvm::SmallVector<LockOp, 1> Ops;
    if (!Var->hasLocalStorage() || !isPromise(Var->getType()))
      return Ops;
    LockOp Op;
    Op.Kind = LockOpKind::Acquire;
    Op.Named = Var;
    Op.Name = "promise";
    Ops.push_back(Op);
    return Ops;
  }
  bool endsAtDestruction(const VarDecl *Var) const override {
    return Var->hasLocalStorage() && isPromise(Var->getType());
  }
};

const char *const PromisePrelude = R"cc(
#include <future>
#include <utility>
bool cond();
int compute();
void hand(std::promise<int> P);
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
      if (cond())
        return;
      P.set_value(compute());
    })cc");
  ASSERT_TRUE(Paths.analysed());
  ASSERT_EQ(Paths.acquires().size(), 1u);
  EXPECT_EQ(Paths.acquires()[0].Spelling, "P");
  const AcquireOutcome *Outcome = Paths.outcome(0);
  ASSERT_NE(Outcome, nullptr);
  ASSERT_EQ(Outcome->LeakExits.size(), 1u);
  EXPECT_EQ(Outcome->LeakExits[0].Kind, ExitKind::Return);
}

TEST_F(PromiseTableTest, SatisfiedOnEveryPath) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      std::promise<int> P;
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
      if (cond())
        return hand(std::move(P));
      P.set_value(0);
    })cc");
  ASSERT_TRUE(Moved.analysed());
  EXPECT_EQ(Moved.outcome(0), nullptr);
}

TEST_F(PromiseTableTest, ScopeEndInALoop) {
  const FunctionLockPaths &Paths = analyse(R"cc(
    void f() {
      for (int I = 0; I < 3; ++I) {
        std::promise<int> P;
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
