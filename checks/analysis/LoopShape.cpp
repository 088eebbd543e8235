//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/LoopShape.h"

#include "analysis/ParentIndex.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclObjC.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threads::analysis::loops {

bool isRunOnceDoWhile(const Stmt *Loop, const ASTContext &Context) {
  const auto *Do = dyn_cast_or_null<DoStmt>(Loop);
  if (!Do || !Do->getCond())
    return false;
  const Expr *Cond = Do->getCond();
  if (Cond->isValueDependent() || Cond->isTypeDependent())
    return false;
  bool Value = true;
  return Cond->EvaluateAsBooleanCondition(Value, Context) && !Value;
}

bool isOncePart(const Stmt *Loop, const Stmt *Child) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return Child == For->getInit();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return Child == Range->getInit() || Child == Range->getRangeStmt() ||
           Child == Range->getRangeInit();
  return false;
}

const Stmt *findRepeatingLoop(const Stmt *S, ASTContext &Context) {
  const Stmt *Child = S;
  const Stmt *Found = nullptr;
  ParentIndex::of(Context).firstAncestor(
      DynTypedNode::create(*S), [&](const DynTypedNode &Parent) {
        if (ParentIndex::isCodeBoundary(Parent))
          return true;
        if (const auto *P = Parent.get<Stmt>()) {
          if ((isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P)) &&
              !isOncePart(P, Child) && !isRunOnceDoWhile(P, Context)) {
            Found = P;
            return true;
          }
          Child = P;
          return false;
        }
        // Types, template arguments and the like: no statement context left.
        return !Parent.get<Decl>();
      });
  return Found;
}

} // namespace clang::tidy::threads::analysis::loops

// --- Unstoppable loops (threads-missing-stop-token) --------------------------

namespace clang::tidy::threads::analysis::loops {

/// True when \p S uses a template argument: the condition is constant in
/// this instantiation only, not in the code as written.
static bool usesTemplateArgument(const Stmt *S) {
  if (!S)
    return false;
  if (isa<SubstNonTypeTemplateParmExpr>(S))
    return true;
  return llvm::any_of(S->children(), usesTemplateArgument);
}

bool hasConstantTrueCondition(const Stmt *Loop, const ASTContext &Context) {
  const Expr *Cond = nullptr;
  if (const auto *While = dyn_cast_or_null<WhileStmt>(Loop)) {
    // `while (T x = f())` declares a variable: the value changes per test.
    if (While->getConditionVariable())
      return false;
    Cond = While->getCond();
  } else if (const auto *Do = dyn_cast_or_null<DoStmt>(Loop)) {
    Cond = Do->getCond();
  } else if (const auto *For = dyn_cast_or_null<ForStmt>(Loop)) {
    if (For->getConditionVariable())
      return false;
    Cond = For->getCond();
    if (!Cond)
      return true;
  } else {
    return false;
  }
  return constantCondition(Cond, Context).value_or(false);
}

std::optional<bool> constantCondition(const Expr *Cond,
                                      const ASTContext &Context) {
  if (!Cond || Cond->isValueDependent() || Cond->isTypeDependent() ||
      Cond->containsErrors() || usesTemplateArgument(Cond))
    return std::nullopt;
  bool Value = false;
  if (!Cond->EvaluateAsBooleanCondition(Value, Context))
    return std::nullopt;
  return Value;
}

/// True when \p Call never returns to the loop.
static bool isNoReturnCall(const CallExpr *Call) {
  if (const FunctionDecl *Callee = Call->getDirectCallee())
    if (Callee->isNoReturn())
      return true;
  // Calls through pointers to `noreturn` function types.
  QualType CalleeType = Call->getCallee()->getType();
  if (const auto *Pointer = CalleeType->getAs<PointerType>())
    CalleeType = Pointer->getPointeeType();
  if (const auto *Function = CalleeType->getAs<FunctionType>())
    return Function->getNoReturnAttr();
  return false;
}

/// True when \p Ancestor contains \p S (or is \p S).
static bool containsStmt(const Stmt *Ancestor, const Stmt *S) {
  if (!Ancestor)
    return false;
  if (Ancestor == S)
    return true;
  return llvm::any_of(Ancestor->children(), [S](const Stmt *Child) {
    return containsStmt(Child, S);
  });
}

/// Looks for an exit of \p Loop in \p S. \p BreakLeaves says whether a
/// `break` here leaves \p Loop (false inside a nested loop or `switch`).
static bool findExit(const Stmt *S, const Stmt *Loop, bool BreakLeaves) {
  if (!S)
    return false;
  if (isa<BreakStmt>(S))
    return BreakLeaves;
  if (isa<ReturnStmt, CoreturnStmt, CXXThrowExpr, CoroutineSuspendExpr,
          IndirectGotoStmt, SEHLeaveStmt>(S))
    return true;
  if (const auto *Goto = dyn_cast<GotoStmt>(S)) {
    const LabelStmt *Target = Goto->getLabel()->getStmt();
    return !Target || !containsStmt(Loop, Target);
  }
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (isNoReturnCall(Call))
      return true;
  // A lambda's or block's statements leave only the lambda or block.
  if (isa<LambdaExpr, BlockExpr>(S))
    return false;
  const bool ChildBreakLeaves =
      BreakLeaves &&
      !isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S);
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return findExit(Child, Loop, ChildBreakLeaves);
  });
}

bool hasExit(const Stmt *Loop) {
  if (!Loop)
    return false;
  // The loop's own children: a `break` in its body leaves it.
  return llvm::any_of(Loop->children(), [Loop](const Stmt *Child) {
    return findExit(Child, Loop, /*BreakLeaves=*/true);
  });
}

bool isUnstoppableLoop(const Stmt *Loop, const ASTContext &Context) {
  return hasConstantTrueCondition(Loop, Context) && !hasExit(Loop);
}

} // namespace clang::tidy::threads::analysis::loops
