//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Deferred releases (threads-defer-in-loop): where a declaration lives
/// relative to a loop, and which per-iteration variable a deferred callable
/// (a lambda, a function object, a `std::bind` of a release function)
/// releases when it finally runs.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_DEFERREDRELEASE_H
#define THREADS_TIDY_ANALYSIS_DEFERREDRELEASE_H

#include "utils/NameMatching.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include <cstdint>
#include <string>

namespace clang::tidy::threads::analysis {

/// Where a declaration lives relative to a loop.
enum class Placement : std::uint8_t { Outside, OncePart, PerIteration };

/// Whether \p D is declared in \p Loop, and if so whether every iteration
/// gets a fresh one (the body, a range-for variable, a condition variable).
/// A variable of a lambda or local class inside the loop is Outside: it
/// belongs to another function.
Placement placementIn(const Decl *D, const Stmt *Loop, ASTContext &Context);

/// The per-iteration variable \p E refers to directly, or null.
const VarDecl *iterationVariable(const Expr *E, const Stmt *Loop,
                                 ASTContext &Context);

/// Looks for release calls in the bodies of deferred callables.
class ReleaseFinder {
public:
  ReleaseFinder(ArrayRef<std::string> ReleaseFunctions, const Stmt *Loop,
                ASTContext &Context)
      : ReleaseFunctions(ReleaseFunctions), Loop(Loop), Context(Context) {}

  /// The per-iteration variable that a callable found in \p E (a lambda, a
  /// function object, a `std::bind` of a release function, or a local
  /// variable initialised with one of them) releases when it runs.
  const VarDecl *inCallable(const Expr *E, unsigned Depth = 0) const;

  /// The per-iteration variable a release call in \p Body acts on.
  const VarDecl *inBody(const Stmt *Body) const;

  /// The variable \p Body releases, when releasing is all \p Body does with
  /// it (a null check aside). A callable that also works with it (a task
  /// handed to a queue or a pool that closes its connection when done) is a
  /// task, not a deferred cleanup.
  const VarDecl *cleanupOf(const Stmt *Body) const {
    const VarDecl *V = inBody(Body);
    if (!V)
      return nullptr;
    unsigned All = 0;
    unsigned Released = 0;
    countUses(Body, V, All, Released);
    return All == Released ? V : nullptr;
  }

  /// True when \p Body calls a release function on anything (the body of a
  /// function object's call operator releases its own members).
  bool releasesAnything(const Stmt *Body) const;

  /// A per-iteration variable referenced directly by one of \p Args.
  const VarDecl *inArguments(ArrayRef<const Expr *> Args) const {
    for (const Expr *Arg : Args)
      if (const VarDecl *V = iterationVariable(Arg, Loop, Context))
        return V;
    return nullptr;
  }

  bool isReleaseFunction(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *Unary = dyn_cast<UnaryOperator>(E);
        Unary && Unary->getOpcode() == UO_AddrOf)
      E = Unary->getSubExpr()->IgnoreParenImpCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    return Ref && isa<FunctionDecl>(Ref->getDecl()) &&
           matchesAnyName(Ref->getDecl(), ReleaseFunctions);
  }

private:
  void countUses(const Stmt *S, const VarDecl *V, unsigned &All,
                 unsigned &Released) const;
  const VarDecl *inFunctionObject(const Expr *E) const;
  const VarDecl *inSubtree(const Stmt *S) const;

  ArrayRef<std::string> ReleaseFunctions;
  const Stmt *Loop;
  ASTContext &Context;
};

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_DEFERREDRELEASE_H
