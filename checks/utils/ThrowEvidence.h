//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Whether a call or construction may throw, under the ExceptionPaths
/// policy of SPEC check 1 (Known, Any, None): shared by the checks that
/// follow exception paths (threads-unreleased-lock, and the checks of
/// exceptions escaping a thread, unjoined threads and unkept promises).
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_UTILS_THROWEVIDENCE_H
#define THREADS_TIDY_UTILS_THROWEVIDENCE_H

#include "utils/ExceptionAnalyzer.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringSet.h"
#include <cstdint>

namespace clang::tidy::threads {

/// What counts as a call that may throw (option ExceptionPaths).
enum class ExceptionPolicy : std::uint8_t {
  /// Only calls with evidence that they throw.
  Known,
  /// Every call that is not provably non-throwing.
  Any,
  /// No exception paths.
  None,
};

/// Answers "may this call throw?" for one check's options.
class ThrowEvidence {
public:
  ThrowEvidence();

  ExceptionPolicy Policy = ExceptionPolicy::Known;
  /// Qualified names (no leading `::`) of functions taken not to throw.
  llvm::StringSet<> NoThrowFunctions;

  /// True when \p E, a call or construction, may throw under Policy.
  bool mayThrow(const Expr *E);

private:
  /// ExceptionPaths: Known. There is evidence that \p E throws: a callee
  /// declared `noexcept(false)` or with a non-empty dynamic exception
  /// specification, a visible body that lets an explicit `throw` out, or a
  /// standard library call that throws on bad input or state. Allocation
  /// failures and code that cannot be seen are no evidence.
  bool knownToThrow(const Expr *E);
  /// ExceptionPaths: Any. \p E is not noexcept, extern "C", a builtin, a
  /// body that provably throws nothing, or in NoThrowFunctions.
  bool anyMayThrow(const Expr *E);

  utils::ExceptionAnalyzer Analyzer;
  utils::ExceptionAnalyzer KnownAnalyzer;
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_UTILS_THROWEVIDENCE_H
