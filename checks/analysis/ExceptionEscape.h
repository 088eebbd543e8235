//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Which exceptions can leave a function, and by which way: an explicit
/// `throw` no enclosing `try` catches, a `throw;` that rethrows out of a
/// handler, or a call known to throw in the sense of ExceptionPaths: Known
/// (ThrowEvidence), in the function itself or in the visible bodies of the
/// functions it calls, to a given depth. Each exception comes with the chain
/// of calls it leaves through, for notes.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_EXCEPTIONESCAPE_H
#define THREADS_TIDY_ANALYSIS_EXCEPTIONESCAPE_H

#include "utils/ThrowEvidence.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

namespace clang::tidy::threads::analysis {

/// What is known of the type of an exception on its way out.
struct ThrownType {
  enum class Kind : std::uint8_t {
    /// `throw E`: an object of E's static type, exactly.
    Exact,
    /// `throw;` in a handler of Type: that type or a class derived from it.
    OrDerived,
    /// One of the standard classes in LibraryClasses (CallEvidence).
    Library,
    /// Anything (`throw;` in `catch (...)`, a callee declared to throw, a
    /// future's stored exception).
    Any,
  };
  Kind What = Kind::Any;
  /// Exact, OrDerived: canonical, unqualified, not a reference.
  QualType Type;
  /// Library: the classes, each followed by its bases.
  llvm::ArrayRef<llvm::StringLiteral> LibraryClasses;
};

/// One exception that can leave a function, and the way it gets out.
struct EscapingException {
  enum class Origin : std::uint8_t {
    /// An explicit `throw E`.
    Throw,
    /// A `throw;` in a handler.
    Rethrow,
    /// A call of a function declared `noexcept(false)` or with a non-empty
    /// dynamic exception specification.
    DeclaredCall,
    /// A standard library call that throws on bad input or state.
    LibraryCall,
  };
  /// One call the exception leaves through.
  struct Step {
    const Expr *Call;
    /// The definition that runs (whose body the exception comes out of).
    const FunctionDecl *Callee;
  };

  Origin From = Origin::Throw;
  ThrownType Type;
  /// The throw expression, or the call known to throw.
  const Expr *Site = nullptr;
  /// The function whose body holds Site.
  const FunctionDecl *Thrower = nullptr;
  /// DeclaredCall, LibraryCall: the function called at Site.
  const FunctionDecl *Callee = nullptr;
  /// The calls from the analysed function down to Thrower, outermost first
  /// (empty when Site is in the analysed function itself).
  llvm::SmallVector<Step, 4> Chain;
};

/// Finds the exceptions that can leave functions, for one translation unit
/// and one evidence configuration (ThrowEvidence::callEvidence, passed as a
/// function: the analyses link against clang only). Results are cached per
/// function and depth.
///
/// Rules, stated once:
/// - a handler catches by the rules of [except.handle]: `catch (...)`
///   catches everything, `catch (B &)` a B or a class derived from it,
///   pointers by the same rules and `void *`. When it is unclear whether a
///   handler catches (an exception of unknown type, an incomplete class, a
///   dependent type), it is taken to catch: the analysis stays silent;
/// - the handlers of a constructor's or destructor's function-try-block
///   catch nothing (they rethrow when they end);
/// - `throw;` outside any handler of its function is not followed (it
///   rethrows the caller's exception, or terminates when there is none);
/// - a `noexcept` callee lets nothing out (what is thrown in it terminates
///   there), nor does code that cannot be seen, a virtual call, a coroutine,
///   or a function with invalid code in it;
/// - allocation failures are no exception: an explicit `throw` of
///   `std::bad_alloc` or a class derived from it is ignored, and so are the
///   standard library calls that throw only when resources run out
///   (ThrowEvidence);
/// - lambdas, blocks, unevaluated operands (`sizeof`, `noexcept`, `typeid`)
///   and the discarded branch of `if constexpr` run nothing.
class ExceptionEscapes {
public:
  /// At most this many distinct exceptions are kept per function.
  static constexpr unsigned MaxPerFunction = 8;

  /// What is known of a call before its body is looked at.
  using EvidenceFn = std::function<CallEvidence(const Expr *)>;

  ExceptionEscapes(EvidenceFn Evidence, const ASTContext &Context)
      : Evidence(std::move(Evidence)), Context(Context) {}

  /// The exceptions that can leave \p Function, looking into the bodies of
  /// visible callees up to \p MaxDepth calls deep (0: \p Function's own
  /// body only), in the order they appear in the source. Distinct by origin
  /// and type; at most MaxPerFunction. Empty for a function in a dependent
  /// context or one whose body is not visible.
  llvm::ArrayRef<EscapingException> of(const FunctionDecl *Function,
                                       unsigned MaxDepth);

  /// True when \p Handler may catch an exception of type \p Type (see the
  /// class comment).
  static bool mayCatch(const CXXCatchStmt *Handler, const ThrownType &Type);

private:
  class Walker;
  struct Result {
    llvm::SmallVector<EscapingException, 2> Escapes;
  };

  EvidenceFn Evidence;
  const ASTContext &Context;
  /// Keyed by definition and remaining depth.
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>,
                 std::unique_ptr<Result>>
      Cache;
  /// The functions being walked: a recursive call lets nothing out.
  llvm::SmallPtrSet<const FunctionDecl *, 8> Active;
};

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_EXCEPTIONESCAPE_H
