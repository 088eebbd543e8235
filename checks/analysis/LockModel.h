//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The acquire/release model shared by the lock checks: which calls acquire
/// or release a lock (member pairs found by BasicLockable duck typing, the C
/// APIs of pthreads, C11, Windows and OpenMP, and user pairs), and which
/// expression names the lock.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_LOCKMODEL_H
#define THREADS_TIDY_ANALYSIS_LOCKMODEL_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace clang::tidy::threads::analysis {

/// What a call does to a lock.
enum class LockOpKind : std::uint8_t {
  /// Takes the lock (possibly only when the call reports success).
  Acquire,
  /// Gives the lock back, or hands it to an owner that releases it.
  Release,
};

/// How a call's result tells whether an acquire succeeded.
enum class LockResult : std::uint8_t {
  /// The call cannot fail (`m.lock()`, `EnterCriticalSection`).
  None,
  /// Zero means the lock was taken (`pthread_mutex_lock`, `mtx_trylock`).
  ZeroOnSuccess,
  /// Non-zero (true) means the lock was taken (`try_lock`, `omp_test_lock`).
  NonZeroOnSuccess,
};

/// One effect of a call on one lock.
struct LockOp {
  LockOpKind Kind = LockOpKind::Acquire;
  /// The expression designating the lock object (an lvalue of the mutex, or a
  /// pointer to it when \c ThroughPointer).
  const Expr *Object = nullptr;
  /// \c Object is a pointer to the lock (the C APIs).
  bool ThroughPointer = false;
  /// A shared (reader) acquire.
  bool Shared = false;
  /// A try/timed acquire: blocking is not implied, so holding it already is
  /// not a self-deadlock.
  bool Try = false;
  /// The lock may be taken several times by the same thread.
  bool Recursive = false;
  /// How the call's result reports success.
  LockResult Result = LockResult::None;
  /// A release that gives the lock back only where it is held (an RAII
  /// holder's destructor or `unlock()`): elsewhere it changes nothing.
  bool IfHeld = false;
  /// The function's name as the user wrote it (`lock`, `pthread_mutex_lock`).
  StringRef Name;
};

/// The identity of a lock object: the same variable or field reached through
/// the same path of variables, fields, `this`, dereferences and constant
/// indices. Empty when the path has anything else (a call, a variable index).
/// With \p PointeeOf, a pointer variable the path goes through is replaced
/// by what it answers for that variable: what the variable points to there
/// (PointerTargets), an empty string when that is unclear (no identity), or
/// none to name the variable by itself.
using PointeeResolver =
    llvm::function_ref<std::optional<std::string>(const VarDecl *)>;
std::optional<std::string> lockIdentity(const Expr *Object, bool ThroughPointer,
                                        PointeeResolver PointeeOf = nullptr);

/// The identity of the variable \p Var in lockIdentity()'s form.
std::string variableIdentity(const VarDecl *Var);

/// How the user spells the lock \p Object designates, for messages: its
/// source text when short and on one line (`&M->Raw` as `M->Raw`, `this` as
/// `*this`), else the variable or field name.
std::string lockSpelling(const Expr *Object, bool ThroughPointer,
                         const ASTContext &Context);

/// True for a call of a member function whose visible body does nothing
/// (empty, or only returns a constant): a null mutex (`void lock() {}`,
/// `bool try_lock() { return true; }`) locks nothing.
bool isNullLockCall(const Expr *E);

/// True for a condition-variable wait (`pthread_cond_wait`, `cv.wait`,
/// Abseil's `Await`, ...): it gives its lock back only while it blocks and
/// holds it again when it returns.
bool isConditionWait(const Expr *E);

/// Classifies calls into lock operations.
class LockModel {
public:
  /// \p ExtraPairs maps acquire functions to their release functions, both
  /// fully qualified without a leading `::` (`MyMutex::Acquire`).
  explicit LockModel(
      llvm::ArrayRef<std::pair<std::string, std::string>> ExtraPairs);

  /// The lock operations performed by \p E: a call of an acquire or release
  /// function, or a construction that adopts a held lock
  /// (`std::lock_guard G(M, std::adopt_lock)`). Empty for anything else.
  llvm::SmallVector<LockOp, 1> classify(const Expr *E) const;

  /// The acquire names of ExtraLockPairs (with a leading `::`): also
  /// variables and fields of function-pointer type called through.
  std::vector<std::string> extraAcquireNames() const;

  /// Makes \p Anchor the place where a lock macro's use (option LockMacros)
  /// acquires or releases: classify() returns \p Op for it.
  void addMacroOp(const Expr *Anchor, const LockOp &Op) {
    MacroOps[Anchor] = Op;
  }
  /// Makes \p E, a call inside a lock macro's use, no lock operation of its
  /// own and no use of the lock (the macro's use is the operation).
  void addMacroInternal(const Expr *E) { MacroInternal.insert(E); }
  /// True for a call inside a lock macro's use (addMacroInternal).
  bool isMacroInternal(const Expr *E) const {
    return !MacroInternal.empty() && MacroInternal.contains(E);
  }
  /// Forgets the macro operations (their expressions die with the AST).
  void clearMacroOps() {
    MacroOps.clear();
    MacroInternal.clear();
  }
  /// Tells results computed with LockMacros apart (configKey()).
  void addMacroConfig(StringRef Raw) {
    if (!Raw.empty())
      ConfigKey += ("#macros=" + Raw).str();
  }

  /// The names of every acquire function and method the model knows, for the
  /// matcher that anchors the checks.
  std::vector<std::string> acquireFunctionNames() const;
  std::vector<std::string> acquireMethodNames() const;

  /// True for names of release functions or members, used to recognise
  /// releases in dependent code that cannot be classified.
  bool isReleaseName(StringRef Name) const;

  /// True when \p Record is an owning holder whose destructor releases
  /// (`std::unique_lock`, anything with `owns_lock` or a destructor that
  /// calls a release): its `lock()`/`unlock()` are not manual locking.
  bool isRaiiHolder(const CXXRecordDecl *Record) const;

  /// Makes RAII holders (`std::lock_guard`, `std::unique_lock` while it
  /// owns, `absl::MutexLock`, ...) lock operations too: a holder holds its
  /// mutex from its declaration to the end of its scope or its `unlock()`
  /// (HolderLocks.h). Off by default; a model with it on has its own
  /// configKey(), so results computed without it never change.
  void setTrackHolders() {
    if (!TrackHolders)
      ConfigKey += "#holders";
    TrackHolders = true;
  }
  bool tracksHolders() const { return TrackHolders; }

  /// Equal for two models built from the same extra pairs: results computed
  /// with one hold for the other.
  llvm::StringRef configKey() const { return ConfigKey; }

private:
  struct FreeInfo {
    LockOpKind Kind;
    bool Shared;
    bool Try;
    bool Recursive;
    LockResult Result;
  };
  struct MemberInfo {
    std::string Release;
    bool Shared;
    bool Try;
    LockResult Result;
  };
  std::optional<LockOp> classifyMember(const CXXMemberCallExpr *Call) const;
  std::optional<LockOp> classifyFree(const CallExpr *Call,
                                     const FunctionDecl *Callee) const;
  std::optional<LockOp> classifyPointerCall(const CallExpr *Call) const;
  static bool hasMember(const CXXRecordDecl *Record, StringRef Name);

  llvm::StringMap<FreeInfo> FreeFunctions;
  llvm::StringMap<MemberInfo> Members;
  llvm::StringMap<bool> ReleaseMembers;
  /// ExtraLockPairs functions and methods, by qualified name.
  llvm::StringMap<FreeInfo> Extra;
  mutable llvm::DenseMap<const CXXRecordDecl *, bool> HolderCache;
  llvm::DenseMap<const Expr *, LockOp> MacroOps;
  llvm::DenseSet<const Expr *> MacroInternal;
  std::string ConfigKey;
  bool TrackHolders = false;
};

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_LOCKMODEL_H
