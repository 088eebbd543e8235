//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The operation table of a `std::thread`'s join obligation, for the path
/// engine (PathEngine.h): a thread that is joinable when it is destroyed or
/// assigned to calls std::terminate. Constructing a local thread from a
/// callable, or assigning a new thread to one, takes the obligation; `join`,
/// `detach` and moving it away (`std::move(T)`, an implicit move on
/// `return T;`) discharge it; `joinable()` asks; the local's destruction
/// ends it.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_THREADJOINMODEL_H
#define THREADS_TIDY_ANALYSIS_THREADJOINMODEL_H

#include "analysis/LockModel.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::threads::analysis {

/// True for `std::thread` (any cv-qualification; not `std::jthread`, whose
/// destructor joins).
bool isStdThreadType(QualType Type);

/// The join obligation of `std::thread` objects: locals of the function
/// whose address never escapes (no `&T`, no reference bound to them, no
/// capture by reference), and `std::thread` fields of `*this`.
class ThreadJoinModel : public OperationModel {
public:
  llvm::StringRef modelName() const override { return "thread"; }
  llvm::StringRef configKey() const override { return ""; }
  llvm::SmallVector<LockOp, 1> operations(const Expr *E) const override;
  llvm::SmallVector<LockOp, 1>
  declarationOps(const VarDecl *Var) const override;
  bool endsAtDestruction(const VarDecl *Var) const override {
    return isTrackedLocal(Var);
  }
  /// A thread passed as a `const std::thread &` (or a pointer to const)
  /// cannot be joined, detached or moved by the callee.
  bool keepsState(const Expr *Call, const Expr *Arg) const override;

  /// True for a local `std::thread` variable of a function whose address
  /// never escapes it: the engine can follow every use.
  bool isTrackedLocal(const VarDecl *Var) const;
  /// The tracked local or `*this` field \p E names (looking through
  /// parentheses and implicit casts), or null.
  const ValueDecl *trackedObject(const Expr *E) const;
  /// Forgets what was computed for the AST that ends.
  void clear() { Escaped.clear(); }

private:
  const llvm::SmallPtrSet<const VarDecl *, 4> &
  escapedIn(const FunctionDecl *Function) const;
  mutable llvm::DenseMap<const FunctionDecl *,
                         llvm::SmallPtrSet<const VarDecl *, 4>>
      Escaped;
};

/// True when \p E constructs a thread that runs nothing (`std::thread()`,
/// `{}`, a default construction), looking through copies and moves of
/// temporaries.
bool isEmptyThread(const Expr *E);

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_THREADJOINMODEL_H
