//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/LockModel.h"
#include "AnalysisTestSupport.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::threads::analysis;
using threads_tidy_test::first;
using threads_tidy_test::parse;

namespace {

/// The lock operations of the call to \p Callee in \p Code.
llvm::SmallVector<LockOp, 1>
classifyCall(const std::string &Code, llvm::StringRef Callee,
             const LockModel &Model, std::unique_ptr<ASTUnit> &Unit,
             std::vector<std::string> Args = {"-std=c++17"}) {
  Unit = parse(Code, Args);
  const auto *Call =
      first<CallExpr>(*Unit, callExpr(isExpansionInMainFile(),
                                      callee(functionDecl(hasName(Callee))))
                                 .bind("n"));
  EXPECT_NE(Call, nullptr) << Callee.str();
  if (!Call)
    return {};
  return Model.classify(Call);
}

TEST(LockModelTest, StdMutexMembers) {
  const LockModel Model({});
  std::unique_ptr<ASTUnit> Unit;
  const std::string Code = R"cc(
    #include <mutex>
    std::mutex M;
    void f() { M.lock(); M.unlock(); M.try_lock(); })cc";
  auto Ops = classifyCall(Code, "lock", Model, Unit);
  ASSERT_EQ(Ops.size(), 1u);
  EXPECT_EQ(Ops[0].Kind, LockOpKind::Acquire);
  EXPECT_FALSE(Ops[0].Try);
  EXPECT_EQ(Ops[0].Result, LockResult::None);
  EXPECT_EQ(lockIdentity(Ops[0].Object, Ops[0].ThroughPointer),
            lockIdentity(Ops[0].Object, false));
  Ops = classifyCall(Code, "unlock", Model, Unit);
  ASSERT_EQ(Ops.size(), 1u);
  EXPECT_EQ(Ops[0].Kind, LockOpKind::Release);
  Ops = classifyCall(Code, "try_lock", Model, Unit);
  ASSERT_EQ(Ops.size(), 1u);
  EXPECT_TRUE(Ops[0].Try);
  EXPECT_EQ(Ops[0].Result, LockResult::NonZeroOnSuccess);
}

TEST(LockModelTest, PthreadCalls) {
  const LockModel Model({});
  std::unique_ptr<ASTUnit> Unit;
  const std::string Code = R"cc(
    #include <pthread.h>
    pthread_mutex_t M;
    pthread_rwlock_t R;
    void f() { pthread_mutex_lock(&M); pthread_rwlock_rdlock(&R); })cc";
  auto Ops = classifyCall(Code, "pthread_mutex_lock", Model, Unit);
  ASSERT_EQ(Ops.size(), 1u);
  EXPECT_TRUE(Ops[0].ThroughPointer);
  EXPECT_EQ(Ops[0].Result, LockResult::ZeroOnSuccess);
  EXPECT_EQ(lockSpelling(Ops[0].Object, true, Unit->getASTContext()), "M");
  Ops = classifyCall(Code, "pthread_rwlock_rdlock", Model, Unit);
  ASSERT_EQ(Ops.size(), 1u);
  EXPECT_TRUE(Ops[0].Shared);
  EXPECT_TRUE(Ops[0].Recursive) << "a thread may hold several read locks";
}

TEST(LockModelTest, ExtraPairsAndConfigKey) {
  const LockModel Plain({});
  const LockModel Model({{"Spin::Enter", "Spin::Leave"}});
  EXPECT_NE(Plain.configKey(), Model.configKey());
  EXPECT_EQ(Model.configKey(),
            LockModel({{"Spin::Enter", "Spin::Leave"}}).configKey());
  std::unique_ptr<ASTUnit> Unit;
  const std::string Code = R"cc(
    struct Spin { void Enter(); void Leave(); };
    Spin S;
    void f() { S.Enter(); S.Leave(); })cc";
  auto Ops = classifyCall(Code, "Enter", Model, Unit);
  ASSERT_EQ(Ops.size(), 1u);
  EXPECT_EQ(Ops[0].Kind, LockOpKind::Acquire);
  EXPECT_TRUE(classifyCall(Code, "Enter", Plain, Unit).empty());
  EXPECT_TRUE(Model.isReleaseName("Leave"));
}

TEST(LockModelTest, IdentityFollowsTheObjectPath) {
  auto Unit = parse(R"cc(
    #include <mutex>
    struct S { std::mutex A, B; };
    S X;
    void f(S *P) { X.A.lock(); X.B.lock(); P->A.lock(); })cc");
  auto Calls = match(cxxMemberCallExpr(isExpansionInMainFile(),
                                       callee(cxxMethodDecl(hasName("lock"))))
                         .bind("n"),
                     Unit->getASTContext());
  ASSERT_EQ(Calls.size(), 3u);
  std::vector<std::string> Keys;
  for (const BoundNodes &Node : Calls) {
    const auto *Call = Node.getNodeAs<CXXMemberCallExpr>("n");
    auto Key = lockIdentity(Call->getImplicitObjectArgument(), false);
    ASSERT_TRUE(Key.has_value());
    Keys.push_back(*Key);
  }
  EXPECT_NE(Keys[0], Keys[1]);
  EXPECT_NE(Keys[0], Keys[2]);
  EXPECT_NE(Keys[1], Keys[2]);
}

TEST(LockModelTest, HolderTypesAndNullMutexes) {
  const LockModel Model({});
  auto Unit = parse(R"cc(
    #include <mutex>
    struct NullMutex { void lock() {} void unlock() {} };
    NullMutex N;
    void f() { N.lock(); N.unlock(); }
    std::mutex M;
    std::unique_lock<std::mutex> UL(M);)cc");
  const auto *Holder =
      first<CXXRecordDecl>(*Unit, cxxRecordDecl(hasName("::std::unique_lock"),
                                                isTemplateInstantiation())
                                      .bind("n"));
  ASSERT_NE(Holder, nullptr);
  EXPECT_TRUE(Model.isRaiiHolder(Holder));
  const auto *NullLock = first<CallExpr>(
      *Unit, cxxMemberCallExpr(isExpansionInMainFile(),
                               callee(cxxMethodDecl(hasName("lock"))))
                 .bind("n"));
  ASSERT_NE(NullLock, nullptr);
  EXPECT_TRUE(isNullLockCall(NullLock));
}

TEST(LockModelTest, ConditionWaits) {
  auto Unit = parse(R"cc(
    #include <pthread.h>
    pthread_mutex_t M;
    pthread_cond_t C;
    void f() { pthread_cond_wait(&C, &M); pthread_mutex_lock(&M); })cc");
  const auto *Wait = first<CallExpr>(
      *Unit,
      callExpr(callee(functionDecl(hasName("pthread_cond_wait")))).bind("n"));
  const auto *Lock = first<CallExpr>(
      *Unit,
      callExpr(callee(functionDecl(hasName("pthread_mutex_lock")))).bind("n"));
  ASSERT_TRUE(Wait && Lock);
  EXPECT_TRUE(isConditionWait(Wait));
  EXPECT_FALSE(isConditionWait(Lock));
}

} // namespace
