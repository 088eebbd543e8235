//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Loop questions shared by the checks: which loop repeats a statement.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_LOOPSHAPE_H
#define THREADS_TIDY_ANALYSIS_LOOPSHAPE_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include <optional>

namespace clang::tidy::threads::analysis::loops {

/// True for `do { ... } while (0)`, the macro idiom that runs its body once.
bool isRunOnceDoWhile(const Stmt *Loop, const ASTContext &Context);

/// True when \p Child, a direct child of \p Loop, runs once per entry into
/// the loop: a for-init, or the init or range of a range-for.
bool isOncePart(const Stmt *Loop, const Stmt *Child);

/// The innermost loop of the same function that executes \p S more than once
/// per entry into the loop: \p S lies in the body, the condition or the
/// increment, not in a for-init or the range of a range-for. Stops at function,
/// lambda, block and coroutine boundaries, and skips `do { } while (0)`.
/// Returns null when there is none.
const Stmt *findRepeatingLoop(const Stmt *S, ASTContext &Context);

} // namespace clang::tidy::threads::analysis::loops

#endif // THREADS_TIDY_ANALYSIS_LOOPSHAPE_H

// --- Unstoppable loops (threads-missing-stop-token) --------------------------

namespace clang::tidy::threads::analysis::loops {

/// True when \p Loop's condition is empty (`for (;;)`) or a constant that
/// evaluates to true (`while (true)`, `do { } while (1)`). Range-based `for`
/// loops and dependent conditions never qualify.
bool hasConstantTrueCondition(const Stmt *Loop, const ASTContext &Context);

/// The value of a loop or branch condition when it is a constant in the
/// code as written: not dependent, not invalid, and not built from a
/// template argument (constant in one instantiation only). None otherwise.
std::optional<bool> constantCondition(const Expr *Cond,
                                      const ASTContext &Context);

/// True when something in \p Loop's body may leave it: a `break` that belongs
/// to this loop (not to a nested loop or `switch`), a `return` or `co_return`,
/// a `goto` to a label outside the loop, a `throw`, a coroutine suspension, or
/// a call to a `noreturn` function. Lambdas and local classes in the body do
/// not count: their statements leave only themselves.
bool hasExit(const Stmt *Loop);

/// True for a loop that can only end with the process: a constant-true or
/// empty condition and no exit (see hasExit()).
bool isUnstoppableLoop(const Stmt *Loop, const ASTContext &Context);

} // namespace clang::tidy::threads::analysis::loops
