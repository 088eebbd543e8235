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
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"
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
  /// Asks whether the object is held (`T.joinable()`): the branch that
  /// tests the result decides; on its false side the object is not held.
  /// Changes nothing by itself (OperationModel).
  Query,
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
  /// The object is this variable, or this field of `*this`, itself, when
  /// no expression names it (its construction, OperationModel::
  /// declarationOps; a call that may discharge a member); \c Object is null
  /// then. Its identity is namedIdentity().
  const ValueDecl *Named = nullptr;
};

/// The table of operations one kind of obligation is made of, as the path
/// engine (PathEngine.h) asks for them: which expressions take an
/// obligation on an object (acquire: lock a mutex, start a thread), which
/// discharge it (release: unlock, join, detach, move away), which ask about
/// it (query: `joinable()`), and where an object's obligation ends (the
/// function's exits, or the destruction of a local). LockModel is the table
/// of threads-unreleased-lock; a check with an obligation of its own
/// implements this interface and gets every path feature of the engine.
class LockModel;

class OperationModel {
public:
  virtual ~OperationModel();
  /// The kind of table ("lock", "thread", ...): results are cached per kind
  /// and configKey().
  virtual llvm::StringRef modelName() const = 0;
  /// Equal for two tables of the same kind that classify alike: results
  /// computed with one hold for the other.
  virtual llvm::StringRef configKey() const = 0;
  /// The operations \p E performs (an expression the CFG evaluates as an
  /// element of its own). Empty for anything else.
  virtual llvm::SmallVector<LockOp, 1> operations(const Expr *E) const = 0;
  /// The operations the declaration of \p Var performs where the CFG
  /// evaluates it (a construction that takes an obligation); their
  /// LockOp::Named is \p Var.
  virtual llvm::SmallVector<LockOp, 1>
  declarationOps(const VarDecl * /*Var*/) const {
    return {};
  }
  /// The obligations \p Function holds from its start, before any of its
  /// code runs (a by-value parameter or a lambda's init-capture it owns):
  /// acquires whose LockOp::Named is the object. Their OpRecord::Site is
  /// null; the paths start from the CFG's entry.
  virtual llvm::SmallVector<LockOp, 1>
  entryOps(const FunctionDecl * /*Function*/) const {
    return {};
  }
  /// True when the obligation on the local \p Var ends at its destruction
  /// (each automatic destructor of it in the CFG: a scope's end, `return`,
  /// `break`, `continue`, `goto`), not only at the function's exits.
  virtual bool endsAtDestruction(const VarDecl * /*Var*/) const {
    return false;
  }
  /// True for the name of a release whose callee dependent code leaves
  /// unresolved: it may release any tracked object, and the engine gives up.
  virtual bool isReleaseName(StringRef /*Name*/) const { return false; }
  /// True for an expression that is part of another operation (a call
  /// inside a lock macro's use): neither an operation nor a call of its own.
  virtual bool isMacroInternal(const Expr * /*E*/) const { return false; }
  /// True when passing a tracked object as \p Arg to \p Call leaves what
  /// the engine knows about it as it was; otherwise the callee may discharge
  /// (or hand on) the obligation and the engine forgets it.
  virtual bool keepsState(const Expr * /*Call*/, const Expr * /*Arg*/) const {
    return false;
  }
  /// The lock table whose RAII holders (`std::lock_guard`, ...) the engine
  /// also follows as operations (HolderLocks.h), or null.
  virtual const LockModel *holderLocks() const { return nullptr; }
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

/// The identity of LockOp::Named in lockIdentity()'s form: a variable, or a
/// field of `*this` (as `this->F` has).
std::string namedIdentity(const ValueDecl *Named);

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
class LockModel : public OperationModel {
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
  bool isMacroInternal(const Expr *E) const override {
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
  /// A call of one of those functions or methods (the checks' anchor). The
  /// callee's identifier is looked up first, in one set (CallFilter.h):
  /// nearly every call is turned away there.
  ast_matchers::internal::BindableMatcher<Stmt> acquireCallMatcher() const;

  /// True for names of release functions or members, used to recognise
  /// releases in dependent code that cannot be classified.
  bool isReleaseName(StringRef Name) const override;

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
  const LockModel *holderLocks() const override {
    return TrackHolders ? this : nullptr;
  }

  /// Equal for two models built from the same extra pairs: results computed
  /// with one hold for the other.
  llvm::StringRef configKey() const override { return ConfigKey; }

  /// OperationModel: classify(), without the calls of a null mutex.
  llvm::StringRef modelName() const override { return "lock"; }
  llvm::SmallVector<LockOp, 1> operations(const Expr *E) const override;
  /// A condition wait gives its lock back only while it blocks.
  bool keepsState(const Expr *Call, const Expr *Arg) const override;

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
