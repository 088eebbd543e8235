//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "AnalysisTestSupport.h"
#include "analysis/LoopBounds.h"
#include "analysis/LoopShape.h"
#include "analysis/ParentIndex.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::threads::analysis;
using threads_tidy_test::first;
using threads_tidy_test::function;
using threads_tidy_test::parse;

namespace {

/// The bound of the first loop of function "f" in \p Code.
loops::LoopBound boundOf(const std::string &Code,
                         std::vector<std::string> UnboundedCalls = {}) {
  auto Unit = parse(Code);
  const auto *Loop = first<Stmt>(
      *Unit, stmt(anyOf(forStmt(), whileStmt(), doStmt(), cxxForRangeStmt()),
                  hasAncestor(functionDecl(hasName("f"))))
                 .bind("n"));
  EXPECT_NE(Loop, nullptr);
  if (!Loop)
    return {};
  return loops::classifyLoop(Loop, Unit->getASTContext(), UnboundedCalls);
}

TEST(LoopBoundsTest, ConstantTripCount) {
  const loops::LoopBound Bound =
      boundOf("void f() { for (int I = 0; I < 4; ++I) {} }");
  EXPECT_EQ(Bound.Kind, loops::LoopBound::Constant);
  EXPECT_EQ(Bound.TripCount, 4u);
}

TEST(LoopBoundsTest, EmptyAndTrueConditionsAreUnbounded) {
  EXPECT_EQ(boundOf("void f() { for (;;) {} }").Kind,
            loops::LoopBound::Unbounded);
  EXPECT_EQ(boundOf("void f() { while (true) {} }").Kind,
            loops::LoopBound::Unbounded);
}

TEST(LoopBoundsTest, RuntimeBoundIsUnknown) {
  EXPECT_EQ(boundOf("void f(int N) { for (int I = 0; I < N; ++I) {} }").Kind,
            loops::LoopBound::Unknown);
}

TEST(LoopBoundsTest, ListedConditionCallIsUnbounded) {
  const std::string Code =
      "int accept(int); void f(int S) { while (accept(S) >= 0) {} }";
  EXPECT_EQ(boundOf(Code, {"accept"}).Kind, loops::LoopBound::Unbounded);
  EXPECT_EQ(boundOf(Code, {}).Kind, loops::LoopBound::Unknown);
}

TEST(LoopBoundsTest, TemplateArgumentConditionIsNotConstant) {
  // Constant in the instantiation only: the code as written is not.
  auto Unit = parse(R"cc(
    template <bool Forever> void g() { while (Forever) {} }
    void f() { g<true>(); })cc");
  const auto *Loop = first<WhileStmt>(
      *Unit, whileStmt(hasAncestor(functionDecl(isTemplateInstantiation())))
                 .bind("n"));
  ASSERT_NE(Loop, nullptr);
  EXPECT_FALSE(
      loops::constantCondition(Loop->getCond(), Unit->getASTContext()));
  EXPECT_EQ(loops::classifyLoop(Loop, Unit->getASTContext(), {}).Kind,
            loops::LoopBound::Unknown);
}

TEST(LoopShapeTest, RunOnceDoWhileAndRepeatingLoop) {
  auto Unit = parse(R"cc(
    void work();
    void f() {
      do { work(); } while (0);
      for (int I = 0; I < 2; ++I) work();
    })cc");
  auto Calls = match(callExpr(callee(functionDecl(hasName("work")))).bind("n"),
                     Unit->getASTContext());
  ASSERT_EQ(Calls.size(), 2u);
  const auto *InDo = Calls[0].getNodeAs<CallExpr>("n");
  const auto *InFor = Calls[1].getNodeAs<CallExpr>("n");
  EXPECT_EQ(loops::findRepeatingLoop(InDo, Unit->getASTContext()), nullptr);
  const Stmt *Loop = loops::findRepeatingLoop(InFor, Unit->getASTContext());
  ASSERT_NE(Loop, nullptr);
  EXPECT_TRUE(isa<ForStmt>(Loop));
}

TEST(ParentIndexTest, ParentsAndEnclosingFunction) {
  auto Unit = parse(R"cc(
    void work();
    void f() { if (true) { work(); } auto L = [] { work(); }; })cc");
  ASTContext &Context = Unit->getASTContext();
  auto Calls =
      match(callExpr(callee(functionDecl(hasName("work")))).bind("n"), Context);
  ASSERT_EQ(Calls.size(), 2u);
  ParentIndex &Index = ParentIndex::of(Context);
  EXPECT_EQ(&Index, &ParentIndex::of(Context)) << "one index per context";
  const auto *InIf = Calls[0].getNodeAs<CallExpr>("n");
  const auto *InLambda = Calls[1].getNodeAs<CallExpr>("n");
  const ParentIndex::ParentList Parents = Index.parents(*InIf);
  ASSERT_EQ(Parents.size(), 1u);
  EXPECT_NE(Parents[0].get<CompoundStmt>(), nullptr);
  EXPECT_EQ(Index.enclosingFunction(*InIf), function(*Unit, "f"));
  const FunctionDecl *LambdaBody = Index.enclosingFunction(*InLambda);
  ASSERT_NE(LambdaBody, nullptr);
  EXPECT_EQ(LambdaBody->getOverloadedOperator(), OO_Call);
  EXPECT_FALSE(Index.isInTemplateInstantiation(*InIf));
}

TEST(ParentIndexTest, TemplateInstantiations) {
  auto Unit = parse(R"cc(
    void work();
    template <typename T> void g() { work(); }
    void f() { g<int>(); })cc");
  auto Calls = match(callExpr(callee(functionDecl(hasName("work")))).bind("n"),
                     Unit->getASTContext());
  ParentIndex &Index = ParentIndex::of(Unit->getASTContext());
  bool SawInstantiation = false;
  for (const BoundNodes &Node : Calls)
    SawInstantiation |=
        Index.isInTemplateInstantiation(*Node.getNodeAs<CallExpr>("n"));
  EXPECT_TRUE(SawInstantiation);
}

} // namespace
