//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The fix-it that turns a manual `M.lock(); ... M.unlock();` into a RAII
/// guard, when that is provably the same program.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_UTILS_RAIIGUARDFIX_H
#define THREADS_TIDY_UTILS_RAIIGUARDFIX_H

#include "analysis/PathEngine.h"
#include "utils/FreshName.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::threads {

/// The edits that turn a manual lock into a RAII guard, and the header the
/// guard needs.
struct RaiiGuardFix {
  llvm::SmallVector<FixItHint, 4> Hints;
  StringRef Header;
};

/// The guard fix for \p Acquire (operation \p Op on \p Lock) in \p Function,
/// or none when it is not provably right: C++11 or later, the only acquire
/// of the lock, a member `lock()` (`lock_shared()` from C++14) on an object
/// without side effects, a statement of a compound statement no case label
/// or goto can jump into, every release a plain `unlock()` after it in the
/// same compound statement, and no other mention of the lock in the
/// function. A scope guard (`std::scoped_lock`, `std::lock_guard` before
/// C++17) when the only release ends the compound statement, an owning
/// `std::unique_lock`/`std::shared_lock` otherwise. The guard's name comes
/// from \p UsedNames (filled from the body on first use).
std::optional<RaiiGuardFix>
buildRaiiGuardFix(const FunctionDecl *Function, const CallExpr *Acquire,
                  const analysis::LockOp &Op, const analysis::LockRecord &Lock,
                  NamesInUse &UsedNames, ASTContext &Context);

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_UTILS_RAIIGUARDFIX_H
