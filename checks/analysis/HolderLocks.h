//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// RAII lock holders as lock operations of the path engine, for lock models
/// that track them (LockModel::setTrackHolders()): a local holder
/// (`std::lock_guard`, `std::scoped_lock`, `std::unique_lock` and
/// `std::shared_lock` while they own, `absl::MutexLock` and friends, any
/// class whose destructor releases) holds its mutex from its declaration to
/// the end of its scope (the CFG's automatic destructor) or its `unlock()`.
///
/// - `std::defer_lock`: nothing until the holder's `lock()` (or
///   `std::lock(A, B)` on holders);
/// - `std::try_to_lock`, a duration or a time point: a try acquire, decided
///   by a branch on the holder (`if (Lk)`, `if (Lk.owns_lock())`);
/// - `std::adopt_lock`: the lock already held stays held, and the holder's
///   destructor releases it;
/// - `release()`: the mutex stays locked, and the destructor no longer
///   releases it (the lock is the caller's to give back, `mu.unlock()`).
///
/// A holder used any other way (moved, passed to a function other than a
/// condition wait, returned, captured by a lambda, a member) is not
/// followed: what it holds is unknown, so it holds nothing for the engine.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_HOLDERLOCKS_H
#define THREADS_TIDY_ANALYSIS_HOLDERLOCKS_H

#include "analysis/LockModel.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::threads::analysis {

/// How a holder's construction treats its mutexes.
enum class HolderStart : std::uint8_t {
  /// Locks them (`std::lock_guard G(M)`).
  Lock,
  /// Tries to lock them (`std::try_to_lock`, a duration, a time point).
  Try,
  /// Leaves them alone until `lock()` (`std::defer_lock`).
  Defer,
  /// Takes over a lock already held (`std::adopt_lock`).
  Adopt,
};

/// One local holder variable and what it holds.
struct HolderVar {
  /// The construction that names the mutexes.
  const CXXConstructExpr *Construct = nullptr;
  /// The mutexes (an lvalue, or a pointer to it).
  llvm::SmallVector<const Expr *, 1> Mutexes;
  HolderStart Start = HolderStart::Lock;
  bool Shared = false;
  /// `release()` is called on it: its destructor releases nothing.
  bool Released = false;
  /// Used only as the engine understands (see the file comment).
  bool Followed = true;
};

/// The construction that names the mutexes of \p Var, a local holder
/// variable, as HolderLocks sees it (for clients that need the mutex of a
/// holder passed to a condition wait). Null when \p Var is no holder.
const CXXConstructExpr *holderConstruction(const VarDecl *Var,
                                           const LockModel &Model);

/// The mutexes the construction \p Construct of a holder names, and how it
/// starts. False when \p Construct does not construct a holder from a mutex.
bool holderMutexes(const CXXConstructExpr *Construct, const LockModel &Model,
                   llvm::SmallVectorImpl<const Expr *> &Mutexes,
                   HolderStart &Start, bool &Shared);

/// The holders of one function and the lock operations they perform.
class HolderLocks {
public:
  HolderLocks(const FunctionDecl *Function, const LockModel &Model);

  /// The lock operations of \p E: the model's (LockModel::operations), with the
  /// holders' added: the construction of a followed holder, its `lock()`,
  /// `try_lock()`, `unlock()`, `std::lock` on holders. The adopting
  /// construction of a followed holder keeps the lock held.
  llvm::SmallVector<LockOp, 1> classify(const Expr *E) const;

  /// The releases performed when \p Var, a local variable, is destroyed.
  llvm::SmallVector<LockOp, 1> destroy(const VarDecl *Var) const;

  /// True for the construction of a followed holder.
  bool isHolderConstruction(const Expr *E) const {
    const auto It = ByConstruct.find(E);
    return It != ByConstruct.end() && holder(It->second);
  }

  /// The holder \p Var, or null when it is none (or not followed).
  const HolderVar *holder(const VarDecl *Var) const;

private:
  const HolderVar *holderOf(const Expr *Object) const;

  const LockModel &Model;
  llvm::DenseMap<const VarDecl *, HolderVar> Vars;
  llvm::DenseMap<const Expr *, const VarDecl *> ByConstruct;
};

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_HOLDERLOCKS_H
