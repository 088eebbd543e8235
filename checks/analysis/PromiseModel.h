//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The operation table of a `std::promise`'s obligation, for the path engine
/// (PathEngine.h): a promise destroyed without a value makes the future
/// waiting on it throw `broken_promise`. The obligation of a local starts
/// when its future is taken (`get_future()`); that of a promise the function
/// owns from its start (a by-value parameter, a lambda's init-capture) at
/// the function's start. `set_value`, `set_exception` and their
/// `_at_thread_exit` forms satisfy it, moving the promise away hands it on.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_PROMISEMODEL_H
#define THREADS_TIDY_ANALYSIS_PROMISEMODEL_H

#include "analysis/LockModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::threads::analysis {

/// True for `std::promise<T>` (any T, any cv-qualification; not a
/// reference to one, not dependent).
bool isStdPromiseType(QualType Type);

/// True for the members that satisfy a promise: `set_value`,
/// `set_exception`, `set_value_at_thread_exit`,
/// `set_exception_at_thread_exit`.
bool isPromiseSetter(StringRef Name);

/// The obligation of `std::promise` objects the function owns and whose
/// address never escapes it (no `&P`, no reference bound to it, no capture
/// by reference): locals, by-value parameters and a lambda's
/// init-captures (`[P = std::move(P)]`).
class PromiseModel : public OperationModel {
public:
  llvm::StringRef modelName() const override { return "promise"; }
  llvm::StringRef configKey() const override { return ""; }
  llvm::SmallVector<LockOp, 1> operations(const Expr *E) const override;
  /// A local whose future the function never takes: an acquire named
  /// "declaration", followed for second values only.
  llvm::SmallVector<LockOp, 1>
  declarationOps(const VarDecl *Var) const override;
  bool endsAtDestruction(const VarDecl *Var) const override {
    return isTracked(Var) && !ownedFromStart(Var);
  }
  /// A promise passed as a `const std::promise &` cannot be satisfied by
  /// the callee (every setter is non-const).
  bool keepsState(const Expr *Call, const Expr *Arg) const override;

  /// The promises \p Function owns from its start (by-value parameters,
  /// and for a lambda's call operator its init-captures): acquires named
  /// "start".
  llvm::SmallVector<LockOp, 1>
  entryOps(const FunctionDecl *Function) const override;

  /// True for a promise of a function whose every use the engine can
  /// follow: a local, a by-value parameter or an init-capture, of
  /// `std::promise` type, whose address never escapes.
  bool isTracked(const VarDecl *Var) const;
  /// True for a by-value parameter or an init-capture: owned by the
  /// function from its start, not destroyed by it.
  static bool ownedFromStart(const VarDecl *Var);
  /// True when the function of the local \p Var calls `Var.get_future()`
  /// and the future may leave the function.
  bool futureTaken(const VarDecl *Var) const;
  /// True when \p Call, `Var.get_future()`, initializes a local
  /// `std::future` that the function only waits on (`get`, `wait`,
  /// `wait_for`, `wait_until`, `valid`): it dies with the function, so
  /// nobody else can wait on it, and the promise owes it nothing.
  bool isLocalOnlyFuture(const VarDecl *Var, const Expr *Call) const;
  /// The tracked promise \p E names (looking through parentheses and
  /// implicit casts), or null.
  const VarDecl *trackedObject(const Expr *E) const;
  /// Forgets what was computed for the AST that ends.
  void clear() { Facts.clear(); }

private:
  /// The operations \p E performs on tracked promises by itself.
  void appendOwnOperations(const Expr *E,
                           llvm::SmallVectorImpl<LockOp> &Ops) const;
  /// What one walk over a function's body finds.
  struct FunctionFacts {
    /// The promises whose address escapes.
    llvm::SmallPtrSet<const VarDecl *, 4> Escaped;
    /// The promises whose future is taken and may leave the function.
    llvm::SmallPtrSet<const VarDecl *, 4> WithFuture;
    /// The get_future() calls whose future stays in a local that the
    /// function only waits on.
    llvm::SmallPtrSet<const Expr *, 4> LocalOnly;
  };
  const FunctionFacts &factsOf(const FunctionDecl *Function) const;

  mutable llvm::DenseMap<const FunctionDecl *, FunctionFacts> Facts;
};

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_PROMISEMODEL_H
