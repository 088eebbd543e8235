//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The path engine's internals (PathEngine.h is its interface): the flow
/// state and the per-function analysis. LockFlow.cpp has the transfer
/// functions and the worklist, LockFlowConditions.cpp the path conditions.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_LOCKFLOW_H
#define THREADS_TIDY_ANALYSIS_LOCKFLOW_H

#include "analysis/HolderLocks.h"
#include "analysis/PathConditions.h"
#include "analysis/PathEngine.h"
#include "analysis/PathFlags.h"
#include "analysis/PointerTargets.h"

#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::threads::analysis {

/// An acquire whose result decides whether the lock is held, waiting for the
/// branch that tests the result (the call itself, or the variable that
/// stores it).
struct Pending {
  const void *Key = nullptr;
  unsigned Lock = 0;
  LockResult Result = LockResult::None;
  LockState Before;
  LockState Success;
};

/// A local flag (`bool Locked = true; ... Locked = false;`), with the state
/// of each lock on the paths where it is true and on those where it is
/// false, so that `if (Locked) M.unlock();` releases exactly on the paths
/// that hold the lock. A flag set to an unknown value has either value on
/// every path there.
struct FlagFacts {
  /// A local variable, a parameter, a const data member of `*this` (its
  /// declaration), or a path condition (its PathCondition).
  const void *Key = nullptr;
  llvm::SmallVector<LockState, 4> WhenTrue;
  llvm::SmallVector<LockState, 4> WhenFalse;

  bool operator==(const FlagFacts &Other) const {
    return Key == Other.Key && WhenTrue == Other.WhenTrue &&
           WhenFalse == Other.WhenFalse;
  }
};

struct FlowState {
  bool Reached = false;
  llvm::SmallVector<LockState, 4> Locks;
  /// Per lock: some path here does not hold it for a reason other than a
  /// failed acquire of its own (never taken, released, passed away). The
  /// paths on a failed acquire's branch report the failure (an error
  /// return, a throw): they do not count against a hand-off.
  llvm::SmallVector<bool, 4> FreeNormally;
  llvm::SmallVector<Pending, 1> Pendings;
  llvm::SmallVector<FlagFacts, 1> Flags;

  bool operator==(const FlowState &Other) const {
    if (Reached != Other.Reached || Locks != Other.Locks ||
        FreeNormally != Other.FreeNormally || Flags != Other.Flags ||
        Pendings.size() != Other.Pendings.size())
      return false;
    for (size_t I = 0; I < Pendings.size(); ++I)
      if (Pendings[I].Key != Other.Pendings[I].Key ||
          !(Pendings[I].Before == Other.Pendings[I].Before) ||
          !(Pendings[I].Success == Other.Pendings[I].Success))
        return false;
    return true;
  }

  void join(const FlowState &Other) {
    if (!Other.Reached)
      return;
    if (!Reached) {
      *this = Other;
      return;
    }
    joinFlags(Other);
    for (size_t I = 0; I < Locks.size(); ++I) {
      Locks[I].join(Other.Locks[I]);
      FreeNormally[I] = FreeNormally[I] || Other.FreeNormally[I];
    }
    for (const Pending &P : Other.Pendings) {
      auto *It = llvm::find_if(
          Pendings, [&](const Pending &Mine) { return Mine.Key == P.Key; });
      if (It == Pendings.end()) {
        Pendings.push_back(P);
        continue;
      }
      It->Before.join(P.Before);
      It->Success.join(P.Success);
    }
  }

  /// A flag known on one side only has either value on the other: both of
  /// its sides get that side's lock states. Call before joining Locks.
  void joinFlags(const FlowState &Other) {
    for (FlagFacts &Mine : Flags) {
      const auto *Theirs = llvm::find_if(
          Other.Flags, [&](const FlagFacts &F) { return F.Key == Mine.Key; });
      for (size_t I = 0; I < Locks.size(); ++I) {
        Mine.WhenTrue[I].join(
            Theirs == Other.Flags.end() ? Other.Locks[I] : Theirs->WhenTrue[I]);
        Mine.WhenFalse[I].join(Theirs == Other.Flags.end()
                                   ? Other.Locks[I]
                                   : Theirs->WhenFalse[I]);
      }
    }
    for (const FlagFacts &Theirs : Other.Flags) {
      if (llvm::any_of(Flags,
                       [&](const FlagFacts &F) { return F.Key == Theirs.Key; }))
        continue;
      FlagFacts Added = Theirs;
      for (size_t I = 0; I < Locks.size(); ++I) {
        Added.WhenTrue[I].join(Locks[I]);
        Added.WhenFalse[I].join(Locks[I]);
      }
      Flags.push_back(std::move(Added));
    }
  }

  void dropPendings(unsigned Lock) {
    llvm::erase_if(Pendings, [&](const Pending &P) { return P.Lock == Lock; });
  }
};

/// One operation of the function on a tracked lock.
struct TrackedOp {
  LockOp Op;
  unsigned Lock = 0;
  /// Index among the acquires (for acquires) or the releases.
  unsigned Index = 0;
};

/// What one pass over one block found. The worklist processes a block again
/// whenever its entry state changes, so the events of a block's last pass
/// are those of its final entry state: the results need no second pass.
struct BlockEvents {
  llvm::SmallVector<std::pair<unsigned, SourceLocation>, 1> LoopReacquires;
  llvm::SmallVector<std::pair<unsigned, SourceLocation>, 1> OtherReacquires;
  llvm::SmallVector<DoubleLockRecord, 1> DoubleLocks;
  llvm::SmallVector<DoubleUnlockRecord, 1> DoubleUnlocks;
  llvm::SmallVector<HeldAtCall, 2> WhileHeld;
  struct Exit {
    unsigned Site;
    ExitRecord Record;
    const CFGBlock *From;
    /// The object's destruction inside From (endsAtDestruction), not the
    /// edge from From to the exit.
    bool AtDestruction = false;
  };
  llvm::SmallVector<Exit, 1> Exits;
  /// Locks some path leaves the function without holding.
  llvm::SmallVector<unsigned, 2> NotHeldAtExit;

  void clear() { *this = BlockEvents(); }
};

/// The per-function analysis: builds the CFG, collects the operations of
/// the lock model, runs the forward dataflow to its fixed point and fills a
/// FunctionLockPaths.
class LockFlow {
public:
  /// \p Graph: the function's CFG when another lock model built it
  /// already (PathEngine shares it), else null.
  LockFlow(const FunctionDecl *Function, ASTContext &Context,
           const OperationModel &Model, FunctionLockPaths &Out,
           std::shared_ptr<CFG> Graph = nullptr)
      : Function(Function), Context(Context), Model(Model), Out(Out),
        Graph(std::move(Graph)) {}

  /// Fills Out, or sets Out.Reason.
  void run();
  /// The CFG the analysis used (null when none could be built).
  std::shared_ptr<CFG> graph() const { return Graph; }

private:
  std::optional<GiveUp> collectOps();
  TrackedOp addOp(const Expr *Site, const LockOp &Op, const std::string &Key,
                  llvm::StringMap<unsigned> &LockIndex);
  void collectDtorOps(const VarDecl *Var, llvm::StringMap<unsigned> &LockIndex);
  void collectEnds(const llvm::SmallPtrSetImpl<const VarDecl *> &Destroyed,
                   const llvm::StringMap<unsigned> &LockIndex);
  void transferEnd(const CFGAutomaticObjDtor &Dtor, const CFGBlock &Block,
                   FlowState &State, BlockEvents &Events) const;
  FlowState initialState();
  bool solve(FlowState Initial);
  void findWitnesses(const std::vector<BlockEvents> &Events);
  bool testsAnAcquire(const Expr *Cond) const;
  llvm::SmallVector<BranchStep, 4> witness(unsigned Site, const CFGBlock *From,
                                           bool AtDestruction);
  void transferBlock(const CFGBlock &Block, FlowState &State,
                     BlockEvents &Events);
  static void transferOp(const TrackedOp &Tracked, const Expr *Anchor,
                         FlowState &State, BlockEvents &Events);
  void transferCall(const Expr *E, FlowState &State, BlockEvents &Events);
  static void rekeyPending(const Stmt *S, FlowState &State);
  void setFlag(const Stmt *S, FlowState &State) const;
  FlowState edgeState(const CFGBlock &Block, const FlowState &Out,
                      unsigned SuccIndex) const;
  void recordExit(const CFGBlock &Block, const FlowState &Out,
                  BlockEvents &Events) const;
  void collectResults(const std::vector<BlockEvents> &Events);
  void collectConditions();
  /// Resolves pointer variables to what they point to when \p Site runs.
  auto pointeeAt(const Stmt *Site) const {
    return [this, Site](const VarDecl *Var) {
      return Targets->pointee(Var, Site);
    };
  }
  std::pair<Outcome, Outcome>
  flagOutcome(const CFGBlock &Block, const Expr *Cond, const void *Key) const;
  void setCondition(FlowState &State, unsigned Index,
                    std::optional<bool> Known) const;
  void applyWrites(const Stmt *S, FlowState &State) const;
  /// After a release or a condition wait: other threads may have written
  /// what shared conditions read (ConditionValue::Shared).
  void forgetShared(FlowState &State) const;
  void markDereferenced(const LockOp &Op, FlowState &State) const;

  const FunctionDecl *Function;
  ASTContext &Context;
  const OperationModel &Model;
  FunctionLockPaths &Out;
  std::shared_ptr<CFG> Graph;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<TrackedOp, 1>> Ops;
  /// The obligations held from the function's start
  /// (OperationModel::entryOps), applied to the initial state.
  llvm::SmallVector<TrackedOp, 1> EntryOps;
  /// With a model that tracks holders: the holders of the function and the
  /// releases their destructors perform (HolderLocks.h).
  std::optional<HolderLocks> Holders;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<TrackedOp, 1>> DtorOps;
  /// The site (an expression) of the operations of each statement in Ops
  /// that is not an expression itself (a declaration).
  llvm::DenseMap<const Stmt *, const Expr *> DeclSites;
  /// The locals whose obligation ends at their destruction, and their
  /// objects (indices into Out.Locks).
  llvm::DenseMap<const VarDecl *, unsigned> Ends;
  PathFlagVars Flags;
  /// The entry state of every block at the fixed point.
  std::vector<FlowState> In;
  /// The block of each acquire.
  llvm::DenseMap<const Stmt *, const CFGBlock *> BlockOf;
  /// What local pointer variables point to at each call.
  std::optional<PointerTargets> Targets;
  /// Path conditions (PathConditions.h) followed like flags; the address of
  /// an element is its flag key.
  std::vector<ConditionValue> Conditions;
  /// What each two-way block's branch says about each path condition.
  llvm::DenseMap<
      const CFGBlock *,
      llvm::SmallVector<std::pair<unsigned, std::pair<Outcome, Outcome>>, 2>>
      ConditionOutcomes;
};

/// The name of a call's callee when it cannot be resolved yet (dependent
/// code), or empty.
} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_LOCKFLOW_H
