//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What a local pointer variable points to where a lock is taken through
/// it. Rule: a lock reached through a pointer variable is the lock the
/// variable's reaching assignment points to (`m = &self->mu;` then
/// `lock(m)` is `self->mu`), not the variable: two assignments of different
/// locks give two locks, one assignment and the lock spelled directly give
/// one. Only variables and parameters of the function that are written by
/// plain assignments alone (no address taken, no reference bound, no
/// increment, no capture) are resolved; any other stays named by itself.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_POINTERTARGETS_H
#define THREADS_TIDY_ANALYSIS_POINTERTARGETS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>
#include <string>

namespace clang::tidy::threads::analysis {

/// Reaching assignments of the resolvable pointer variables of one
/// function, at each call of its CFG.
class PointerTargets {
public:
  PointerTargets(const FunctionDecl *Function, const CFG &Graph);

  /// The identity (lockIdentity() form) of what \p Var points to when the
  /// call \p Site runs: the same string for every site its reaching
  /// assignments point to the same object; none when \p Var is not resolved
  /// (name it by itself); an empty string when assignments of different
  /// objects reach \p Site (the lock is unclear there).
  std::optional<std::string> pointee(const VarDecl *Var,
                                     const Stmt *Site) const;

private:
  struct Definition {
    const VarDecl *Var = nullptr;
    /// The assigned value; null for the value on entry (a parameter's).
    const Expr *Value = nullptr;
  };
  void findVariables(const FunctionDecl *Function);
  void solve(const CFG &Graph);
  std::string targetOf(unsigned Definition) const;

  llvm::SmallVector<const VarDecl *, 4> Vars;
  llvm::SmallVector<Definition, 8> Definitions;
  /// The definition a statement (a DeclStmt or an assignment) makes.
  llvm::DenseMap<const Stmt *, unsigned> DefinedAt;
  /// The reaching definitions (bit per definition) at each call.
  llvm::DenseMap<const Stmt *, uint64_t> ReachingAt;
};

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_POINTERTARGETS_H
