//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Path flags: the variables whose value the path engine follows along
/// paths, so that a branch on one keeps only the paths where it has the
/// tested value (`bool Locked = true; ... if (Locked) M.unlock();`), and
/// what a branch condition says about a value.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_PATHFLAGS_H
#define THREADS_TIDY_ANALYSIS_PATHFLAGS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <cstdint>
#include <utility>

namespace clang::tidy::threads::analysis {

/// What a branch says about a value.
enum class Outcome : std::uint8_t { Unknown, Zero, NonZero };

/// What the true and the false branch of \p Cond say about the value of
/// \p Key: a call or statement (the result of an acquire), or the canonical
/// declaration of a variable, parameter or `this` member. {Unknown, Unknown}
/// when the condition does not test it (or tests it against something that
/// is not a constant). Looks through parentheses, `!`, `&&`/`||` (their
/// right operand decides the branch), `== 0`, `!= 0`, assignments and
/// `__builtin_expect`.
std::pair<Outcome, Outcome> branchOutcome(const Expr *Cond, const void *Key,
                                          ASTContext &Context);

/// branchOutcome() for whatever \p IsTested accepts as the tested value.
std::pair<Outcome, Outcome>
branchOutcomeIf(const Expr *Cond,
                llvm::function_ref<bool(const Expr *)> IsTested,
                ASTContext &Context);

/// The variable \p S gives a value to and the value: a declaration of one
/// variable with its initializer, or a plain assignment `V = E` of a
/// variable. {null, null} for anything else.
std::pair<const VarDecl *, const Expr *> variableWrite(const Stmt *S);

/// How a reference to a variable uses it, for the finders of variables
/// written by plain assignments alone.
enum class VariableUse : std::uint8_t {
  /// Its value is read.
  Read,
  /// It is the left side of a plain assignment (returned in \p Assign).
  AssignedTo,
  /// Anything else: address taken, reference bound, increment, capture.
  Other,
};

/// How \p Ref is used; \p Parents is the traversal's stack of statements,
/// ending with \p Ref (parentheses are looked through).
VariableUse variableUse(const DeclRefExpr *Ref,
                        llvm::ArrayRef<const Stmt *> Parents,
                        const BinaryOperator *&Assign);

/// The variables of a function whose value can be followed along paths.
struct PathFlagVars {
  /// Local integer or bool variables only ever set by their initializer or
  /// plain assignments and never aliased (no address taken, no reference
  /// bound, no capture, no increment), and parameters of such types never
  /// written otherwise.
  llvm::SmallPtrSet<const ValueDecl *, 4> Vars;
  /// The flags only ever 0 or 1 (of Vars, and path conditions): `Flag == 1`
  /// is false only when it is 0.
  llvm::SmallPtrSet<const void *, 4> Binary;
};

/// Finds the path flags of \p Function's body.
PathFlagVars findPathFlags(const FunctionDecl *Function, ASTContext &Context);

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_PATHFLAGS_H
