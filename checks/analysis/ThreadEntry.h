//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Thread-entry resolution shared by the checks: which expressions start a
/// thread, and which function body the new thread runs.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_THREADENTRY_H
#define THREADS_TIDY_ANALYSIS_THREADENTRY_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace clang::tidy::threads::analysis::entry {

/// Bind ID of the expression that starts a thread (a thread construction, an
/// `emplace_back`/`emplace_front` into a container of threads, or a
/// `pthread_create` call).
inline constexpr llvm::StringLiteral CreationId = "thread-creation";
/// Bind ID of the callable argument of that expression.
inline constexpr llvm::StringLiteral CallableId = "thread-callable";

/// What kind of thread an expression starts.
enum class ThreadKind : std::uint8_t {
  StdThread,
  StdJThread,
  OtherType,
  Pthread
};

/// The function body a new thread runs.
struct ThreadEntry {
  /// The definition the thread calls first (a lambda's call operator, a
  /// function, a member function or a function object's `operator()`).
  const FunctionDecl *Function = nullptr;
  /// The lambda when the callable is a lambda expression written directly in
  /// the thread-creating expression (edits to it stay local to that
  /// expression).
  const LambdaExpr *WrittenLambda = nullptr;
};

/// Matchers for every expression that starts a thread: constructions of
/// `std::thread`, `std::jthread` and \p ExtraThreadTypes (qualified names)
/// with a callable, `emplace_back`/`emplace_front` of a callable into a
/// container of such threads, and `pthread_create`. Binds CreationId and
/// CallableId. Never match inside system headers. One matcher per node kind,
/// so that the match finder runs each only on that kind of node.
std::vector<ast_matchers::StatementMatcher>
threadCreationMatchers(llvm::ArrayRef<std::string> ExtraThreadTypes);

/// The kind of thread \p Creation (bound as CreationId) starts.
ThreadKind getThreadKind(const Expr *Creation);

/// StdThread or StdJThread for `std::thread` / `std::jthread` (in any inline
/// namespace of std), OtherType for any other class or null.
ThreadKind threadKindOfRecord(const CXXRecordDecl *Record);

/// The body that runs in the new thread when \p Callable is passed to a
/// thread-creating expression: a lambda, a function or a pointer to one, a
/// member function (`&C::run, this`), a function object with one visible
/// `operator()`, a `std::bind`/`std::bind_front` of any of these, or a local
/// variable holding one. Function is null when the body is not visible in the
/// translation unit or the callable cannot be identified.
ThreadEntry resolveThreadEntry(const Expr *Callable, const ASTContext &Context);

/// True for `std::stop_token`, by value or by reference.
bool isStopTokenType(QualType Type);

/// The first parameter of \p Function of type `std::stop_token`, or null.
const ParmVarDecl *getStopTokenParam(const FunctionDecl *Function);

} // namespace clang::tidy::threads::analysis::entry

#endif // THREADS_TIDY_ANALYSIS_THREADENTRY_H
