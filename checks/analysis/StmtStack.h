//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A walk over a function body that knows the statements around the one it
/// visits, without the translation unit's parent map.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_STMTSTACK_H
#define THREADS_TIDY_ANALYSIS_STMTSTACK_H

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::threads::analysis {

/// A RecursiveASTVisitor (CRTP, \p Derived) whose Parents holds, while a
/// statement is visited, the statements it is nested in, outermost first,
/// ending with the statement itself.
// TraverseStmt is RecursiveASTVisitor's name, which a dependent base hides
// from the naming check.
// NOLINTBEGIN(readability-identifier-naming)
template <typename Derived>
class StmtStackVisitor : public RecursiveASTVisitor<Derived> {
public:
  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    Parents.push_back(S);
    const bool Result = RecursiveASTVisitor<Derived>::TraverseStmt(S);
    Parents.pop_back();
    return Result;
  }

protected:
  llvm::SmallVector<const Stmt *, 32> Parents;

private:
  StmtStackVisitor() = default;
  friend Derived;
};
// NOLINTEND(readability-identifier-naming)

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_STMTSTACK_H
