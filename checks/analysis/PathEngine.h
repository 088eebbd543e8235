//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The shared path engine: one forward dataflow over a function's CFG that
/// answers, for the acquire/release operations of a LockModel,
///  - which locks may be (or are on every path) held when each call runs,
///  - for every acquire site, the exits of the function where it may still
///    be held, and the acquires that take its lock again while it may be
///    held (the next loop iteration, another acquire),
///  - double locks (an acquire while every path holds the lock) and double
///    unlocks (a release after every path released it).
///
/// A function is analysed at most once per LockModel configuration and
/// translation unit: PathEngine::of(Context) caches the results, so every
/// check that asks about the same function shares one pass.
///
/// The lattice is LockState (LockLattice.h). Path sensitivity comes from
/// three sources, all in this component so that every client inherits
/// them: acquires whose result decides whether the lock was taken
/// (`if (pthread_mutex_trylock(&m) == 0)`), path flags (PathFlags.h), and
/// joins that keep the paths a flag's branch excludes apart.
///
/// Results are records (FunctionLockPaths); clients read them directly or
/// through PathHandler, the one interface every report goes through.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_PATHENGINE_H
#define THREADS_TIDY_ANALYSIS_PATHENGINE_H

#include "analysis/LockLattice.h"
#include "analysis/LockModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace clang {
class CFG;
} // namespace clang

namespace clang::tidy::threads::analysis {

/// Where control leaves the function, or (for an object whose obligation
/// ends at its destruction, OperationModel::endsAtDestruction) the scope of
/// the object: the statement that destroys it.
enum class ExitKind : std::uint8_t {
  Return,
  EndOfBody,
  Throw,
  CoReturn,
  /// The end of a scope inside the function (a block, a loop body).
  EndOfScope,
  /// `break`, `continue` or `goto` leaving the object's scope.
  Break,
  Continue,
  Goto,
};

/// One lock of a function, identified by lockIdentity().
struct LockRecord {
  std::string Key;
  /// How the user spells it where it is first used, for messages.
  std::string Spelling;
  /// The calls that release it.
  llvm::SmallVector<const CallExpr *, 2> ReleaseCalls;
  unsigned AcquireCount = 0;
  /// Released by something other than a call (an adopting guard).
  bool OtherReleases = false;
  /// Every path out of the function holds it (taken here, never given
  /// back): with no release in the function, an acquire or hand-off
  /// function's lock. Paths on which the function's own acquire of it
  /// failed (and the function reports the failure: an error return, a
  /// throw) do not count.
  bool HeldAtEveryExit = true;
};

/// One acquire or release of a tracked lock.
struct OpRecord {
  /// The call (for an acquire) or the call or construction (for a release).
  /// Null for an obligation held from the function's start
  /// (OperationModel::entryOps): LockOp::Named is the object then.
  const Expr *Site = nullptr;
  /// Index into FunctionLockPaths::locks().
  unsigned Lock = 0;
  /// How the user spells the lock at this operation.
  std::string Spelling;
  LockOp Op;
};

/// One branch a path takes: the condition decided and its value.
struct BranchStep {
  const Expr *Condition = nullptr;
  bool Taken = true;
  /// The statement that branches (an `if`, a loop, `&&`, `?:`).
  const Stmt *Branch = nullptr;
};

/// A place where control leaves the function.
struct ExitRecord {
  SourceLocation Loc;
  ExitKind Kind = ExitKind::Return;
  /// For a leak exit: the branches of one path from the acquire to here on
  /// which the lock stays held, in order (empty when none was found within
  /// EngineLimits::MaxWitnessPaths).
  llvm::SmallVector<BranchStep, 4> Steps;
  bool operator==(const ExitRecord &Other) const {
    return Loc == Other.Loc && Kind == Other.Kind;
  }
};

/// What happens after one acquire site, over every path.
struct AcquireOutcome {
  /// The exits some path reaches with the lock this site took still held
  /// (empty when none does).
  llvm::SmallVector<ExitRecord, 2> LeakExits;
  /// The same site takes the lock again while some path still holds it from
  /// this site (the next loop iteration).
  llvm::SmallVector<SourceLocation, 1> LoopReacquires;
  /// Another acquire takes the lock while some path still holds it from
  /// this site.
  llvm::SmallVector<SourceLocation, 1> OtherReacquires;
  bool leaks() const { return !LeakExits.empty(); }
};

/// An acquire of a non-recursive lock that every path already holds.
struct DoubleLockRecord {
  /// Index into acquires().
  unsigned Acquire = 0;
  /// The acquires (and takes back) that hold it.
  SiteSet Holders;
};

/// A release of a lock that every path has already released.
struct DoubleUnlockRecord {
  /// Index into releases().
  unsigned Release = 0;
  /// The releases that released it last.
  SiteSet Previous;
};

/// A call or construction that runs while some lock may be held.
struct HeldAtCall {
  const Expr *Call = nullptr;
  /// The acquires that may hold a lock when it runs.
  SiteSet MayHold;
  /// The locks (indices into locks()) every path holds when it runs.
  uint32_t HeldOnEveryPath = 0;
};

/// The one interface through which clients receive the engine's findings.
/// FunctionLockPaths::report() calls it in a fixed order: every call that
/// runs while a lock may be held, then every acquire site in site order
/// (with an empty outcome when it is released on every path), then the
/// double locks, then the double unlocks.
class PathHandler {
public:
  virtual ~PathHandler();
  virtual void callWhileHeld(const HeldAtCall &Call);
  virtual void acquireOutcome(unsigned Acquire, const AcquireOutcome &Outcome);
  virtual void doubleLock(const DoubleLockRecord &Record);
  virtual void doubleUnlock(const DoubleUnlockRecord &Record);
};

/// The engine's results for one function.
class FunctionLockPaths {
public:
  /// False when the engine gave up (see giveUp()) or the function has no
  /// acquire: no other query has an answer then.
  bool analysed() const { return !Reason && !Acquires.empty(); }
  /// Why the engine gave up, if it did.
  std::optional<GiveUp> giveUp() const { return Reason; }

  llvm::ArrayRef<LockRecord> locks() const { return Locks; }
  llvm::ArrayRef<OpRecord> acquires() const { return Acquires; }
  llvm::ArrayRef<OpRecord> releases() const { return Releases; }

  /// What happens after acquire \p Site, or null when nothing noteworthy
  /// does (released on every path, never taken again while held).
  const AcquireOutcome *outcome(unsigned Site) const {
    const auto It = Outcomes.find(Site);
    return It == Outcomes.end() ? nullptr : &It->second;
  }
  llvm::ArrayRef<DoubleLockRecord> doubleLocks() const { return DoubleLocks; }
  llvm::ArrayRef<DoubleUnlockRecord> doubleUnlocks() const {
    return DoubleUnlocks;
  }
  /// Every call and construction (other than the acquires and releases) that
  /// runs while some lock may be held, in no particular order. Locks passed
  /// to the call are no longer tracked from there on, so they do not count.
  llvm::ArrayRef<HeldAtCall> callsWhileHeld() const { return WhileHeld; }
  /// The acquires that may hold a lock when \p Call runs (empty when none
  /// does or \p Call is not a call of this function).
  SiteSet heldAt(const Expr *Call) const;

  /// Reports every finding to \p Handler (see PathHandler).
  void report(PathHandler &Handler) const;

private:
  friend class LockFlow;
  std::optional<GiveUp> Reason;
  llvm::SmallVector<LockRecord, 4> Locks;
  llvm::SmallVector<OpRecord, 4> Acquires;
  llvm::SmallVector<OpRecord, 4> Releases;
  llvm::DenseMap<unsigned, AcquireOutcome> Outcomes;
  llvm::SmallVector<DoubleLockRecord, 1> DoubleLocks;
  llvm::SmallVector<DoubleUnlockRecord, 1> DoubleUnlocks;
  std::vector<HeldAtCall> WhileHeld;
  llvm::DenseMap<const Expr *, unsigned> WhileHeldIndex;
};

/// The engine of one ASTContext: runs the analysis of a function on first
/// request and keeps the result until the context is destroyed.
class PathEngine {
public:
  /// The engine of \p Context (shared by every check).
  static PathEngine &of(ASTContext &Context);

  explicit PathEngine(ASTContext &Context) : Context(Context) {}

  /// The results for \p Function with the operations of \p Model. Computed
  /// once per function, kind of model and configuration
  /// (OperationModel::modelName() and configKey()).
  const FunctionLockPaths &analyse(const FunctionDecl *Function,
                                   const OperationModel &Model);

  /// How many functions the engine gave up on, per reason (indexed by
  /// GiveUp), and how many it analysed.
  const std::array<unsigned, NumGiveUpReasons> &giveUps() const {
    return GiveUps;
  }
  unsigned analysedFunctions() const { return Analysed; }

  /// The name of a give-up reason, for statistics.
  static llvm::StringRef giveUpName(GiveUp Reason);

private:
  ASTContext &Context;
  llvm::StringMap<unsigned> ModelIds;
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>,
                 std::unique_ptr<FunctionLockPaths>>
      Results;
  std::array<unsigned, NumGiveUpReasons> GiveUps{};
  unsigned Analysed = 0;
  /// The CFGs of the functions analysed last, shared by the lock models.
  static constexpr unsigned MaxRecentGraphs = 8;
  llvm::DenseMap<const FunctionDecl *, std::shared_ptr<CFG>> RecentGraphs;
};

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_PATHENGINE_H
