//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/PathConditions.h"
#include "AnalysisTestSupport.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::threads::analysis;
using threads_tidy_test::parse;

namespace {

/// The condition of every `if` in function "f", in order.
std::vector<const Expr *> conditions(ASTUnit &Unit) {
  std::vector<const Expr *> Out;
  for (const BoundNodes &Node :
       match(ifStmt(hasAncestor(functionDecl(hasName("f")))).bind("n"),
             Unit.getASTContext()))
    Out.push_back(Node.getNodeAs<IfStmt>("n")->getCond());
  return Out;
}

std::string identity(const Expr *Cond, ASTContext &Context) {
  const std::optional<ConditionValue> Value =
      conditionValue(conditionLeaf(Cond, Context), Context);
  return Value ? Value->Identity : "";
}

TEST(PathConditionsTest, SpellingsOfOneConditionShareAnIdentity) {
  auto Unit = parse(R"cc(
    struct G { G *Parent; int N; };
    void f(G *P) {
      if (P->Parent) {}
      if (P->Parent != nullptr) {}
      if (!P->Parent) {}
      if (__builtin_expect(P->Parent == 0, 0)) {}
      if (P->N > 0) {}
      if ((*P).Parent) {}
    })cc");
  ASTContext &Context = Unit->getASTContext();
  const std::vector<const Expr *> Conds = conditions(*Unit);
  ASSERT_EQ(Conds.size(), 6u);
  const std::string Parent = identity(Conds[0], Context);
  EXPECT_FALSE(Parent.empty());
  EXPECT_EQ(identity(Conds[1], Context), Parent);
  EXPECT_EQ(identity(Conds[2], Context), Parent);
  EXPECT_EQ(identity(Conds[3], Context), Parent);
  EXPECT_EQ(identity(Conds[5], Context), Parent) << "(*P).x is P->x";
  EXPECT_NE(identity(Conds[4], Context), Parent);
  EXPECT_FALSE(identity(Conds[4], Context).empty());
}

TEST(PathConditionsTest, CallsVolatileAndAtomicsAreNotFollowed) {
  auto Unit = parse(R"cc(
    #include <atomic>
    bool ready();
    volatile int Flag;
    std::atomic<bool> Stop;
    struct Q { bool empty() const; bool poll(); } Queue;
    void f() {
      if (ready()) {}
      if (Flag) {}
      if (Stop) {}
      if (Queue.poll()) {}
      if (Queue.empty()) {}
    })cc");
  ASTContext &Context = Unit->getASTContext();
  const std::vector<const Expr *> Conds = conditions(*Unit);
  ASSERT_EQ(Conds.size(), 5u);
  EXPECT_EQ(identity(Conds[0], Context), "");
  EXPECT_EQ(identity(Conds[1], Context), "");
  EXPECT_EQ(identity(Conds[2], Context), "");
  EXPECT_EQ(identity(Conds[3], Context), "") << "a non-const member call";
  EXPECT_NE(identity(Conds[4], Context), "") << "a const member call";
}

TEST(PathConditionsTest, WritesChangeWhatTheyContain) {
  EXPECT_TRUE(writeChanges("Va", "Va"));
  EXPECT_TRUE(writeChanges("Va", "Va.Fb"));
  EXPECT_TRUE(writeChanges("Va", "Va*.Fb"));
  EXPECT_FALSE(writeChanges("Va.Fb", "Va.Fc"));
  EXPECT_FALSE(writeChanges("Va.Fb", "Va"));
  EXPECT_FALSE(writeChanges("Va1", "Va12")) << "another variable";
}

TEST(PathConditionsTest, WrittenStorageOfStatements) {
  auto Unit = parse(R"cc(
    struct S { int X; void set(); int get() const; };
    void by_ref(int &);
    void by_cref(const int &);
    void by_ptr(int *);
    void f(S &A, int N) {
      A.X = 1;
      A.set();
      A.get();
      by_ref(N);
      by_cref(N);
      by_ptr(&N);
    })cc");
  ASTContext &Context = Unit->getASTContext();
  const auto *F = threads_tidy_test::function(*Unit, "f");
  ASSERT_NE(F, nullptr);
  const auto *Body = cast<CompoundStmt>(F->getBody());
  std::vector<size_t> Counts;
  for (const Stmt *S : Body->body()) {
    llvm::SmallVector<std::string, 2> Written;
    writtenStorage(S, Context, Written);
    Counts.push_back(Written.size());
  }
  EXPECT_EQ(Counts, (std::vector<size_t>{1, 1, 0, 1, 0, 2}))
      << "by_ptr(&N) writes N twice: the address taken, the pointee";
}

TEST(PathConditionsTest, LockThroughPointerDereferencesIt) {
  auto Unit = parse(R"cc(
    struct E { int Mu; E *Next; };
    void lock(int *);
    void f(E *P) { lock(&P->Next->Mu); })cc");
  const auto *Call = threads_tidy_test::first<CallExpr>(
      *Unit, callExpr(callee(functionDecl(hasName("lock")))).bind("n"));
  ASSERT_NE(Call, nullptr);
  llvm::SmallVector<std::string, 2> Pointers;
  dereferencedPointers(Call->getArg(0), /*ThroughPointer=*/true, Pointers);
  EXPECT_EQ(Pointers.size(), 2u) << "P and P->Next";
}

} // namespace
