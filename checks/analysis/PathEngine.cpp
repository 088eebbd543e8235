//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/PathEngine.h"
#include "analysis/PathFlags.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <deque>
#include <mutex>

namespace clang::tidy::threads::analysis {

namespace {

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
  /// A local variable, a parameter, or a const data member of `*this`.
  const ValueDecl *Var = nullptr;
  llvm::SmallVector<LockState, 4> WhenTrue;
  llvm::SmallVector<LockState, 4> WhenFalse;

  bool operator==(const FlagFacts &Other) const {
    return Var == Other.Var && WhenTrue == Other.WhenTrue &&
           WhenFalse == Other.WhenFalse;
  }
};

struct FlowState {
  bool Reached = false;
  llvm::SmallVector<LockState, 4> Locks;
  llvm::SmallVector<Pending, 1> Pendings;
  llvm::SmallVector<FlagFacts, 1> Flags;

  bool operator==(const FlowState &Other) const {
    if (Reached != Other.Reached || Locks != Other.Locks ||
        Flags != Other.Flags || Pendings.size() != Other.Pendings.size())
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
    for (size_t I = 0; I < Locks.size(); ++I)
      Locks[I].join(Other.Locks[I]);
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
          Other.Flags, [&](const FlagFacts &F) { return F.Var == Mine.Var; });
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
                       [&](const FlagFacts &F) { return F.Var == Theirs.Var; }))
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
  llvm::SmallVector<std::pair<unsigned, ExitRecord>, 1> Exits;

  void clear() { *this = BlockEvents(); }
};

} // namespace

/// The per-function analysis: builds the CFG, collects the operations of
/// the lock model, runs the forward dataflow to its fixed point and fills a
/// FunctionLockPaths.
class LockFlow {
public:
  LockFlow(const FunctionDecl *Function, ASTContext &Context,
           const LockModel &Model, FunctionLockPaths &Out)
      : Function(Function), Context(Context), Model(Model), Out(Out) {}

  /// Fills Out, or sets Out.Reason.
  void run();

private:
  std::optional<GiveUp> collectOps();
  void addOp(const Expr *E, const LockOp &Op, const std::string &Key,
             llvm::StringMap<unsigned> &LockIndex);
  FlowState initialState();
  bool solve(FlowState Initial);
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

  const FunctionDecl *Function;
  ASTContext &Context;
  const LockModel &Model;
  FunctionLockPaths &Out;
  std::unique_ptr<CFG> Graph;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<TrackedOp, 1>> Ops;
  PathFlagVars Flags;
};

/// The name of a call's callee when it cannot be resolved yet (dependent
/// code), or empty.
static StringRef unresolvedCalleeName(const CallExpr *Call) {
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  DeclarationName Name;
  if (const auto *Dep = dyn_cast<CXXDependentScopeMemberExpr>(Callee))
    Name = Dep->getMember();
  else if (const auto *Overloads = dyn_cast<OverloadExpr>(Callee))
    Name = Overloads->getName();
  else
    return {};
  if (!Name.isIdentifier())
    return {};
  return Name.getAsIdentifierInfo()->getName();
}

std::optional<GiveUp> LockFlow::collectOps() {
  llvm::StringMap<unsigned> LockIndex;
  for (const CFGBlock *Block : *Graph) {
    for (const CFGElement &Element : *Block) {
      const auto StmtElement = Element.getAs<CFGStmt>();
      if (!StmtElement)
        continue;
      const auto *E = dyn_cast<Expr>(StmtElement->getStmt());
      if (!E)
        continue;
      // Invalid code: what the user meant is unknown.
      if (E->containsErrors())
        return GiveUp::InvalidCode;
      if (const auto *Call = dyn_cast<CallExpr>(E))
        if (!Call->getDirectCallee()) {
          // A release we cannot resolve may release any tracked lock.
          const StringRef Name = unresolvedCalleeName(Call);
          if (!Name.empty() && Model.isReleaseName(Name))
            return GiveUp::UnclearRelease;
        }
      const llvm::SmallVector<LockOp, 1> Found = Model.classify(E);
      if (isNullLockCall(E))
        continue;
      for (const LockOp &Op : Found) {
        const std::optional<std::string> Key =
            lockIdentity(Op.Object, Op.ThroughPointer);
        if (!Key) {
          // Unclear identity: a release of an unknown lock may be the one
          // that matches an acquire; do not guess.
          if (Op.Kind == LockOpKind::Release)
            return GiveUp::UnclearRelease;
          continue;
        }
        addOp(E, Op, *Key, LockIndex);
      }
    }
  }
  if (Out.Acquires.size() > EngineLimits::MaxAcquireSites)
    return GiveUp::TooManyAcquires;
  if (Out.Releases.size() > EngineLimits::MaxReleaseSites)
    return GiveUp::TooManyReleases;
  if (Out.Locks.size() > EngineLimits::MaxLocks)
    return GiveUp::TooManyLocks;
  return std::nullopt;
}

void LockFlow::addOp(const Expr *E, const LockOp &Op, const std::string &Key,
                     llvm::StringMap<unsigned> &LockIndex) {
  auto [It, Inserted] = LockIndex.try_emplace(Key, Out.Locks.size());
  if (Inserted) {
    LockRecord Lock;
    Lock.Key = Key;
    Lock.Spelling = lockSpelling(Op.Object, Op.ThroughPointer, Context);
    Out.Locks.push_back(std::move(Lock));
  }
  LockRecord &Lock = Out.Locks[It->second];
  TrackedOp Tracked;
  Tracked.Op = Op;
  Tracked.Lock = It->second;
  OpRecord Record;
  Record.Site = E;
  Record.Lock = It->second;
  Record.Spelling = lockSpelling(Op.Object, Op.ThroughPointer, Context);
  Record.Op = Op;
  if (Op.Kind == LockOpKind::Acquire) {
    Tracked.Index = Out.Acquires.size();
    Out.Acquires.push_back(std::move(Record));
    ++Lock.AcquireCount;
  } else {
    Tracked.Index = Out.Releases.size();
    Out.Releases.push_back(std::move(Record));
    if (const auto *Call = dyn_cast<CallExpr>(E))
      Lock.ReleaseCalls.push_back(Call);
    else
      Lock.OtherReleases = true;
  }
  Ops[E].push_back(Tracked);
}

void LockFlow::transferOp(const TrackedOp &Tracked, const Expr *Anchor,
                          FlowState &State, BlockEvents &Events) {
  LockState &Lock = State.Locks[Tracked.Lock];
  const LockOp &Op = Tracked.Op;
  State.dropPendings(Tracked.Lock);
  // The same operation on the paths where each flag is true or false.
  for (FlagFacts &Flag : State.Flags)
    for (LockState *Side :
         {&Flag.WhenTrue[Tracked.Lock], &Flag.WhenFalse[Tracked.Lock]}) {
      if (Side->isNoPath())
        continue;
      if (Op.Kind == LockOpKind::Release) {
        Side->release(Tracked.Index);
        continue;
      }
      const LockState Before = *Side;
      *Side = Before.afterAcquire(Op.Recursive, Tracked.Index);
      if (Op.Try)
        Side->join(Before);
    }
  if (Op.Kind == LockOpKind::Release) {
    if (Lock.isReleasedOnEveryPath() && !Lock.lastReleases().empty())
      Events.DoubleUnlocks.push_back({Tracked.Index, Lock.lastReleases()});
    Lock.release(Tracked.Index);
    return;
  }

  const LockState Before = Lock;
  if (!Op.Try && !Op.Recursive && Before.mayBeHeldAtAll()) {
    const bool EveryPath = Before.isHeldOnEveryPath();
    const bool FromSelf = Before.holders().contains(Tracked.Index);
    const SourceLocation Here = Anchor->getBeginLoc();
    if (FromSelf)
      Events.LoopReacquires.emplace_back(Tracked.Index, Here);
    if (EveryPath && !FromSelf) {
      Events.DoubleLocks.push_back(
          {Tracked.Index, Before.holders() | Before.restorers()});
    } else {
      Before.holders().forEach([&](unsigned Site) {
        if (Site != Tracked.Index)
          Events.OtherReacquires.emplace_back(Site, Here);
      });
    }
  }
  const LockState Success = Before.afterAcquire(Op.Recursive, Tracked.Index);
  if (Op.Result == LockResult::None) {
    Lock = Success;
    return;
  }
  // A try acquire may have failed until a branch says otherwise; a blocking
  // C acquire whose result nobody checks is assumed to have worked.
  Lock = Success;
  if (Op.Try)
    Lock.join(Before);
  Pending P;
  P.Key = Anchor;
  P.Lock = Tracked.Lock;
  P.Result = Op.Result;
  P.Before = Before;
  P.Success = Success;
  State.Pendings.push_back(P);
}

void LockFlow::transferCall(const Expr *E, FlowState &State,
                            BlockEvents &Events) {
  // A call inside a lock macro's use is part of that one operation
  // (LockModel::addMacroInternal): neither a use of the lock nor a call.
  if (!isa<CallExpr, CXXConstructExpr>(E) || Model.isMacroInternal(E))
    return;
  // A tracked lock passed to another function may be released (or handed
  // on) there: forget what we know about it.
  if (!isConditionWait(E)) {
    llvm::ArrayRef<const Expr *> Args;
    if (const auto *Call = dyn_cast<CallExpr>(E))
      Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
    else
      Args = llvm::ArrayRef(cast<CXXConstructExpr>(E)->getArgs(),
                            cast<CXXConstructExpr>(E)->getNumArgs());
    for (const Expr *Arg : Args) {
      if (!Arg || Arg->isTypeDependent())
        continue;
      const QualType Type = Arg->getType();
      std::optional<std::string> Key = lockIdentity(Arg, Type->isPointerType());
      if (!Key)
        continue;
      for (unsigned I = 0; I < Out.Locks.size(); ++I) {
        if (Out.Locks[I].Key != *Key)
          continue;
        State.Locks[I] = LockState();
        State.dropPendings(I);
      }
    }
  }
  HeldAtCall Held;
  Held.Call = E;
  for (unsigned I = 0; I < State.Locks.size(); ++I) {
    const LockState &Lock = State.Locks[I];
    if (Lock.mayBeHeld())
      Held.MayHold.insert(Lock.holders());
    if (Lock.isHeldOnEveryPath())
      Held.HeldOnEveryPath |= uint32_t{1} << I;
  }
  if (!Held.MayHold.empty())
    Events.WhileHeld.push_back(Held);
}

void LockFlow::transferBlock(const CFGBlock &Block, FlowState &State,
                             BlockEvents &Events) {
  for (const CFGElement &Element : Block) {
    const auto StmtElement = Element.getAs<CFGStmt>();
    if (!StmtElement)
      continue;
    const Stmt *S = StmtElement->getStmt();
    const auto It = Ops.find(S);
    if (It != Ops.end()) {
      for (const TrackedOp &Tracked : It->second)
        transferOp(Tracked, cast<Expr>(S), State, Events);
      continue;
    }
    if (const auto *E = dyn_cast<Expr>(S))
      transferCall(E, State, Events);
    rekeyPending(S, State);
    setFlag(S, State);
  }
}

void LockFlow::rekeyPending(const Stmt *S, FlowState &State) {
  if (State.Pendings.empty())
    return;
  const VarDecl *Var = nullptr;
  const Expr *Init = nullptr;
  if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
    if (!Decl->isSingleDecl())
      return;
    Var = dyn_cast<VarDecl>(Decl->getSingleDecl());
    if (Var)
      Init = Var->getInit();
  } else if (const auto *Assign = dyn_cast<BinaryOperator>(S)) {
    if (Assign->getOpcode() != BO_Assign)
      return;
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
      Var = dyn_cast<VarDecl>(Ref->getDecl());
    Init = Assign->getRHS();
  }
  if (!Var || !Init)
    return;
  Init = Init->IgnoreParenImpCasts();
  for (Pending &P : State.Pendings)
    if (P.Key == Init)
      P.Key = Var->getCanonicalDecl();
}

FlowState LockFlow::edgeState(const CFGBlock &Block, const FlowState &Out,
                              unsigned SuccIndex) const {
  if ((Out.Pendings.empty() && Out.Flags.empty()) || Block.succ_size() != 2)
    return Out;
  const auto *Cond = dyn_cast_or_null<Expr>(Block.getTerminatorCondition());
  if (!Cond)
    return Out;
  FlowState Edge = Out;
  // A branch on a flag keeps the paths where the flag has the tested value.
  for (FlagFacts &Flag : Edge.Flags) {
    auto Outcomes = branchOutcome(Cond, Flag.Var, Context);
    // A 0-or-1 flag that is not 1 is 0, and the other way round.
    const auto Opposite = [](Outcome Known) {
      return Known == Outcome::Zero ? Outcome::NonZero : Outcome::Zero;
    };
    if (Flags.Binary.count(Flag.Var)) {
      if (Outcomes.first == Outcome::Unknown &&
          Outcomes.second != Outcome::Unknown)
        Outcomes.first = Opposite(Outcomes.second);
      else if (Outcomes.second == Outcome::Unknown &&
               Outcomes.first != Outcome::Unknown)
        Outcomes.second = Opposite(Outcomes.first);
    }
    const Outcome Taken = SuccIndex == 0 ? Outcomes.first : Outcomes.second;
    if (Taken == Outcome::Unknown)
      continue;
    const bool True = Taken == Outcome::NonZero;
    const llvm::SmallVector<LockState, 4> &Kept =
        True ? Flag.WhenTrue : Flag.WhenFalse;
    // Only the paths where the flag has the tested value take the edge; no
    // such path (or none that another flag's test keeps): never taken.
    for (size_t I = 0; I < Edge.Locks.size(); ++I) {
      Edge.Locks[I].meet(Kept[I]);
      if (Edge.Locks[I].isNoPath()) {
        Edge.Reached = false;
        return Edge;
      }
    }
    (True ? Flag.WhenFalse : Flag.WhenTrue)
        .assign(Kept.size(), LockState::noPath());
  }
  llvm::SmallVector<const void *, 1> Resolved;
  for (const Pending &P : Out.Pendings) {
    const auto Outcomes = branchOutcome(Cond, P.Key, Context);
    if (Outcomes.first == Outcome::Unknown &&
        Outcomes.second == Outcome::Unknown)
      continue;
    const Outcome Taken = SuccIndex == 0 ? Outcomes.first : Outcomes.second;
    Resolved.push_back(P.Key);
    if (Taken == Outcome::Unknown)
      continue;
    const bool Success =
        (Taken == Outcome::Zero) == (P.Result == LockResult::ZeroOnSuccess);
    Edge.Locks[P.Lock] = Success ? P.Success : P.Before;
  }
  llvm::erase_if(Edge.Pendings, [&](const Pending &P) {
    return llvm::is_contained(Resolved, P.Key);
  });
  // The other flags keep only the paths that take this edge: after `if
  // (NeedsLock) mu.Lock(); ... if (NeedsLock) mu.Unlock();` the paths where
  // NeedsLock is false never held mu, whatever another flag says.
  if (!(Edge.Locks == Out.Locks))
    for (FlagFacts &Flag : Edge.Flags)
      for (llvm::SmallVector<LockState, 4> *Side :
           {&Flag.WhenTrue, &Flag.WhenFalse}) {
        for (size_t I = 0; I < Edge.Locks.size(); ++I)
          (*Side)[I].meet(Edge.Locks[I]);
        // Every path holds each lock in some state: one lock with no state
        // left means no path here gives the flag that value.
        if (llvm::any_of(*Side,
                         [](const LockState &L) { return L.isNoPath(); }))
          Side->assign(Side->size(), LockState::noPath());
      }
  return Edge;
}

void LockFlow::setFlag(const Stmt *S, FlowState &State) const {
  if (Flags.Vars.empty())
    return;
  const VarDecl *Var = nullptr;
  const Expr *Value = nullptr;
  if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
    if (Decl->isSingleDecl())
      Var = dyn_cast<VarDecl>(Decl->getSingleDecl());
    if (Var)
      Value = Var->getInit();
  } else if (const auto *Assign = dyn_cast<BinaryOperator>(S);
             Assign && Assign->getOpcode() == BO_Assign) {
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
      Var = dyn_cast<VarDecl>(Ref->getDecl());
    Value = Assign->getRHS();
  }
  if (!Var || !Value || !Flags.Vars.count(Var))
    return;
  const std::optional<llvm::APSInt> Constant =
      Value->IgnoreParenImpCasts()->getIntegerConstantExpr(Context);
  FlagFacts Facts;
  Facts.Var = Var;
  const llvm::SmallVector<LockState, 4> None(State.Locks.size(),
                                             LockState::noPath());
  // An initializer that is not a constant: either value, on every path here.
  Facts.WhenTrue = Constant && Constant->isZero() ? None : State.Locks;
  Facts.WhenFalse = Constant && !Constant->isZero() ? None : State.Locks;
  auto *It = llvm::find_if(State.Flags,
                           [&](const FlagFacts &F) { return F.Var == Var; });
  if (It != State.Flags.end())
    *It = std::move(Facts);
  else
    State.Flags.push_back(std::move(Facts));
}

static ExitKind exitKindOf(const CFGBlock &Block, SourceLocation &Loc,
                           const Stmt *Body) {
  for (const CFGElement &Element : llvm::reverse(Block)) {
    const auto StmtElement = Element.getAs<CFGStmt>();
    if (!StmtElement)
      continue;
    const Stmt *S = StmtElement->getStmt();
    if (isa<ReturnStmt>(S)) {
      Loc = S->getBeginLoc();
      return ExitKind::Return;
    }
    if (isa<CXXThrowExpr>(S)) {
      Loc = S->getBeginLoc();
      return ExitKind::Throw;
    }
    if (isa<CoreturnStmt>(S)) {
      Loc = S->getBeginLoc();
      return ExitKind::CoReturn;
    }
  }
  if (const Stmt *Term = Block.getTerminatorStmt()) {
    if (isa<CoreturnStmt>(Term)) {
      Loc = Term->getBeginLoc();
      return ExitKind::CoReturn;
    }
  }
  Loc = Body->getEndLoc();
  return ExitKind::EndOfBody;
}

void LockFlow::recordExit(const CFGBlock &Block, const FlowState &Out,
                          BlockEvents &Events) const {
  if (!Out.Reached || Block.hasNoReturnElement())
    return;
  ExitRecord Exit;
  Exit.Kind = exitKindOf(Block, Exit.Loc, Function->getBody());
  for (const LockState &Lock : Out.Locks) {
    if (!Lock.mayBeHeld())
      continue;
    Lock.holders().forEach(
        [&](unsigned Site) { Events.Exits.emplace_back(Site, Exit); });
  }
}

FlowState LockFlow::initialState() {
  FlowState Initial;
  Initial.Reached = true;
  Initial.Locks.resize(Out.Locks.size());
  for (const ParmVarDecl *Param : Function->parameters())
    if (Flags.Vars.count(Param))
      Initial.Flags.push_back({Param, Initial.Locks, Initial.Locks});
  // Const data members of the object keep the value they have on entry.
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      Method && Method->isInstance() && !isa<CXXConstructorDecl>(Method))
    for (const FieldDecl *Field : Method->getParent()->fields())
      if (Field->getType().isConstQualified() &&
          Field->getType()->isIntegralOrEnumerationType()) {
        Flags.Vars.insert(Field);
        if (Field->getType()->isBooleanType())
          Flags.Binary.insert(Field);
        Initial.Flags.push_back({Field, Initial.Locks, Initial.Locks});
      }
  return Initial;
}

/// Runs the worklist from \p Initial to the fixed point; false when the step
/// budget runs out first.
bool LockFlow::solve(FlowState Initial) {
  const unsigned NumBlocks = Graph->getNumBlockIDs();
  std::vector<FlowState> In(NumBlocks);
  std::vector<BlockEvents> Events(NumBlocks);
  const CFGBlock &Entry = Graph->getEntry();
  const CFGBlock &Exit = Graph->getExit();
  In[Entry.getBlockID()] = std::move(Initial);
  std::deque<const CFGBlock *> Work{&Entry};
  llvm::BitVector Queued(NumBlocks);
  Queued.set(Entry.getBlockID());
  unsigned Budget =
      (NumBlocks * EngineLimits::StepsPerBlock) + EngineLimits::ExtraSteps;
  while (!Work.empty()) {
    if (Budget-- == 0)
      return false;
    const CFGBlock *Block = Work.front();
    Work.pop_front();
    Queued.reset(Block->getBlockID());
    BlockEvents &Found = Events[Block->getBlockID()];
    Found.clear();
    FlowState State = In[Block->getBlockID()];
    transferBlock(*Block, State, Found);
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const unsigned SuccIndex = Index++;
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      FlowState const Edge = edgeState(*Block, State, SuccIndex);
      if (Next == &Exit)
        recordExit(*Block, Edge, Found);
      FlowState &Target = In[Next->getBlockID()];
      FlowState Joined = Target;
      Joined.join(Edge);
      if (Joined == Target)
        continue;
      Target = std::move(Joined);
      if (!Queued.test(Next->getBlockID())) {
        Queued.set(Next->getBlockID());
        Work.push_back(Next);
      }
    }
  }
  collectResults(Events);
  return true;
}

/// Merges the events of every block, in the CFG's block order.
void LockFlow::collectResults(const std::vector<BlockEvents> &Events) {
  for (const CFGBlock *Block : *Graph) {
    const BlockEvents &Found = Events[Block->getBlockID()];
    for (const auto &[Site, Exit] : Found.Exits) {
      AcquireOutcome &Outcome = Out.Outcomes[Site];
      if (!llvm::is_contained(Outcome.LeakExits, Exit))
        Outcome.LeakExits.push_back(Exit);
    }
    for (const auto &[Site, Loc] : Found.LoopReacquires)
      Out.Outcomes[Site].LoopReacquires.push_back(Loc);
    for (const auto &[Site, Loc] : Found.OtherReacquires)
      Out.Outcomes[Site].OtherReacquires.push_back(Loc);
    llvm::append_range(Out.DoubleLocks, Found.DoubleLocks);
    llvm::append_range(Out.DoubleUnlocks, Found.DoubleUnlocks);
    for (const HeldAtCall &Held : Found.WhileHeld) {
      auto [It, Inserted] =
          Out.WhileHeldIndex.try_emplace(Held.Call, Out.WhileHeld.size());
      if (Inserted) {
        Out.WhileHeld.push_back(Held);
        continue;
      }
      HeldAtCall &Known = Out.WhileHeld[It->second];
      Known.MayHold.insert(Held.MayHold);
      Known.HeldOnEveryPath &= Held.HeldOnEveryPath;
    }
  }
}

void LockFlow::run() {
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  Options.AddEHEdges = false;
  Graph = CFG::buildCFG(Function, Function->getBody(), &Context, Options);
  if (!Graph) {
    Out.Reason = GiveUp::NoCFG;
    return;
  }
  if (const std::optional<GiveUp> Reason = collectOps()) {
    Out.Reason = Reason;
    return;
  }
  if (Out.Acquires.empty())
    return;
  Flags = findPathFlags(Function, Context);
  if (!solve(initialState()))
    Out.Reason = GiveUp::StepBudget;
}

PathHandler::~PathHandler() = default;
void PathHandler::callWhileHeld(const HeldAtCall &) {}
void PathHandler::acquireOutcome(unsigned, const AcquireOutcome &) {}
void PathHandler::doubleLock(const DoubleLockRecord &) {}
void PathHandler::doubleUnlock(const DoubleUnlockRecord &) {}

SiteSet FunctionLockPaths::heldAt(const Expr *Call) const {
  const auto It = WhileHeldIndex.find(Call);
  return It == WhileHeldIndex.end() ? SiteSet() : WhileHeld[It->second].MayHold;
}

void FunctionLockPaths::report(PathHandler &Handler) const {
  if (!analysed())
    return;
  for (const HeldAtCall &Call : WhileHeld)
    Handler.callWhileHeld(Call);
  const AcquireOutcome None;
  for (unsigned Site = 0; Site < Acquires.size(); ++Site) {
    const AcquireOutcome *Outcome = outcome(Site);
    Handler.acquireOutcome(Site, Outcome ? *Outcome : None);
  }
  for (const DoubleLockRecord &Record : DoubleLocks)
    Handler.doubleLock(Record);
  for (const DoubleUnlockRecord &Record : DoubleUnlocks)
    Handler.doubleUnlock(Record);
}

StringRef PathEngine::giveUpName(GiveUp Reason) {
  switch (Reason) {
  case GiveUp::NoCFG:
    return "no-cfg";
  case GiveUp::InvalidCode:
    return "invalid-code";
  case GiveUp::UnclearRelease:
    return "unclear-release";
  case GiveUp::TooManyAcquires:
    return "too-many-acquires";
  case GiveUp::TooManyReleases:
    return "too-many-releases";
  case GiveUp::TooManyLocks:
    return "too-many-locks";
  case GiveUp::StepBudget:
    return "step-budget";
  }
  return "unknown";
}

/// With THREADS_TIDY_ENGINE_STATS set, one line per translation unit on
/// stderr: how many functions the engine analysed and gave up on, by reason.
static void printStats(const PathEngine &Engine) {
  static const bool Enabled = std::getenv("THREADS_TIDY_ENGINE_STATS");
  if (!Enabled)
    return;
  llvm::errs() << "threads-tidy: path engine: " << Engine.analysedFunctions()
               << " functions analysed";
  for (unsigned I = 0; I < NumGiveUpReasons; ++I)
    llvm::errs() << ", " << PathEngine::giveUpName(static_cast<GiveUp>(I))
                 << "=" << Engine.giveUps()[I];
  llvm::errs() << "\n";
}

PathEngine &PathEngine::of(ASTContext &Context) {
  // Shared by all checks; clangd runs several ASTs on different threads, so
  // the registry (not an engine) is guarded.
  static std::mutex Lock;
  static llvm::DenseMap<const ASTContext *, std::unique_ptr<PathEngine>>
      Engines;
  const std::lock_guard<std::mutex> Guard(Lock);
  std::unique_ptr<PathEngine> &Engine = Engines[&Context];
  if (!Engine) {
    Engine = std::make_unique<PathEngine>(Context);
    // The next AST may get the same address: forget this one with it.
    Context.AddDeallocation(
        [](void *Key) {
          const std::lock_guard<std::mutex> Guard(Lock);
          const auto It = Engines.find(static_cast<const ASTContext *>(Key));
          if (It == Engines.end())
            return;
          printStats(*It->second);
          Engines.erase(It);
        },
        &Context);
  }
  return *Engine;
}

const FunctionLockPaths &PathEngine::analyse(const FunctionDecl *Function,
                                             const LockModel &Model) {
  const unsigned ModelId =
      ModelIds.try_emplace(Model.configKey(), ModelIds.size()).first->second;
  std::unique_ptr<FunctionLockPaths> &Result = Results[{Function, ModelId}];
  if (Result)
    return *Result;
  Result = std::make_unique<FunctionLockPaths>();
  LockFlow(Function, Context, Model, *Result).run();
  if (std::optional<GiveUp> Reason = Result->giveUp())
    ++GiveUps[static_cast<unsigned>(*Reason)];
  else if (Result->analysed())
    ++Analysed;
  return *Result;
}

} // namespace clang::tidy::threads::analysis
