//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The locals of a function whose address escapes, for the operation
/// tables that follow an object by its name (ThreadJoinModel,
/// PromiseModel): an object reached through an alias may be discharged
/// there, and the engine does not follow aliases.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_ADDRESSESCAPE_H
#define THREADS_TIDY_ANALYSIS_ADDRESSESCAPE_H

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::threads::analysis {

/// Collects, in Found, the variables whose address escapes: taken (`&V`),
/// bound to a reference variable (`auto &R = V`, `[&R = V]`), captured by
/// reference, or named in a braced initializer (an aggregate member bound
/// to it). \p Derived (CRTP) says which types count with a static
/// `isTrackedType(QualType)`; a visitor of its own calls the base's
/// VisitVarDecl when it has one too.
// The Visit* names are RecursiveASTVisitor's, which a dependent base hides
// from the naming check.
// NOLINTBEGIN(readability-identifier-naming)
template <typename Derived>
class AddressEscapeFinder : public RecursiveASTVisitor<Derived> {
public:
  bool VisitUnaryOperator(UnaryOperator *Op) {
    if (Op->getOpcode() == UO_AddrOf)
      add(Op->getSubExpr());
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (Var->getType()->isReferenceType() && Var->getInit())
      add(Var->getInit());
    return true;
  }
  bool VisitInitListExpr(InitListExpr *List) {
    for (const Expr *Init : List->inits())
      add(Init);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *Lambda) {
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
        if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar()))
          Found.insert(Var);
    return true;
  }

  llvm::SmallPtrSet<const VarDecl *, 4> Found;

protected:
  /// Counts the variable \p E names, when its type is tracked.
  void add(const Expr *E) {
    if (!E)
      return;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
          Var && Derived::isTrackedType(Var->getType()))
        Found.insert(Var);
  }

private:
  AddressEscapeFinder() = default;
  friend Derived;
};
// NOLINTEND(readability-identifier-naming)

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_ADDRESSESCAPE_H
