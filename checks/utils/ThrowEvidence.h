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
#include "utils/OptionReader.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <cstdint>
#include <string>

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

/// What ExceptionPaths: Known knows about one call or construction before
/// it looks into the callee's body.
struct CallEvidence {
  enum class Kind : std::uint8_t {
    /// No evidence: code that cannot be seen (a function pointer, a virtual
    /// call, a declared-only function), a callee that cannot throw
    /// (`noexcept`, `extern "C"`, a builtin, a destructor, NoThrowFunctions)
    /// or a standard library call that throws only when resources run out.
    None,
    /// The callee is declared `noexcept(false)` or with a non-empty dynamic
    /// exception specification.
    Declared,
    /// A standard library call that throws on bad input or state.
    Library,
    /// Nothing is declared, and the callee's body is visible: what it lets
    /// out is in that body.
    Body,
  };
  Kind What = Kind::None;
  /// The callee (null for None when the call has no direct callee).
  const FunctionDecl *Callee = nullptr;
  /// Library: the standard classes the call may throw, each followed by its
  /// bases (`out_of_range`, `logic_error`, `exception`); empty when the
  /// exception can be of any type (`future::get` rethrows what it stores).
  llvm::ArrayRef<llvm::StringLiteral> LibraryClasses;
};

/// Answers "may this call throw?" for one check's options.
class ThrowEvidence {
public:
  ThrowEvidence();

  ExceptionPolicy Policy = ExceptionPolicy::Known;
  /// Qualified names (no leading `::`) of functions taken not to throw.
  llvm::StringSet<> NoThrowFunctions;

  /// Reads the options ExceptionPaths (\p Default when it is not set) and
  /// NoThrowFunctions, the same in every check that follows exception paths.
  void readOptions(OptionReader &Reader,
                   ExceptionPolicy Default = ExceptionPolicy::Known);
  /// Writes both options back as read.
  void storeOptions(const ClangTidyCheck::OptionsView &Options,
                    ClangTidyOptions::OptionMap &Opts) const;

  /// True when a check follows the exception paths of \p Function: Policy
  /// is not None, C++ exceptions are on, \p Function is not `noexcept` (a
  /// throw terminates anyway) and has no `try` block (a handler may catch
  /// what a call throws; handlers are not followed).
  bool followsExceptionPaths(const FunctionDecl *Function,
                             const ASTContext &Context) const;

  /// True when \p E, a call or construction, may throw under Policy.
  bool mayThrow(const Expr *E);

  /// The evidence ExceptionPaths: Known has about \p E, a call or
  /// construction, without looking into a visible body (a client that
  /// follows bodies itself, to a depth of its own, asks this).
  CallEvidence callEvidence(const Expr *E) const;

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
  /// NoThrowFunctions as configured.
  std::string RawNoThrowFunctions;
};

/// How a note names the call \p Throwing that may throw: `'f'`, `the
/// constructor of 'T'`, or `this call`.
std::string describeThrowingCall(const Expr *Throwing,
                                 const ASTContext &Context);

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_UTILS_THROWEVIDENCE_H
