//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/LockFlow.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include <deque>

namespace clang::tidy::threads::analysis {

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
  llvm::SmallPtrSet<const VarDecl *, 4> Destroyed;
  for (const LockOp &Op : Model.entryOps(Function))
    if (Op.Named && Op.Kind == LockOpKind::Acquire)
      EntryOps.push_back(
          addOp(nullptr, Op, namedIdentity(Op.Named), LockIndex));
  for (const CFGBlock *Block : *Graph) {
    for (const CFGElement &Element : *Block) {
      if (const auto Dtor = Element.getAs<CFGAutomaticObjDtor>()) {
        if (Holders)
          collectDtorOps(Dtor->getVarDecl(), LockIndex);
        if (Model.endsAtDestruction(Dtor->getVarDecl()))
          Destroyed.insert(Dtor->getVarDecl());
        continue;
      }
      const auto StmtElement = Element.getAs<CFGStmt>();
      if (!StmtElement)
        continue;
      if (const auto *Decl = dyn_cast<DeclStmt>(StmtElement->getStmt())) {
        // A construction that takes an obligation (`std::thread T(F);`):
        // the declaration is the operation, its initializer the site.
        const auto *Var = Decl->isSingleDecl()
                              ? dyn_cast<VarDecl>(Decl->getSingleDecl())
                              : nullptr;
        if (!Var || !Var->getInit())
          continue;
        for (const LockOp &Op : Model.declarationOps(Var)) {
          Ops[Decl].push_back(
              addOp(Var->getInit(), Op, variableIdentity(Var), LockIndex));
          DeclSites[Decl] = Var->getInit();
          BlockOf[Var->getInit()] = Block;
        }
        continue;
      }
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
      const llvm::SmallVector<LockOp, 1> Found =
          Holders ? Holders->classify(E) : Model.operations(E);
      for (const LockOp &Op : Found) {
        const std::optional<std::string> Key =
            Op.Named ? namedIdentity(Op.Named)
                     : lockIdentity(Op.Object, Op.ThroughPointer, pointeeAt(E));
        if (!Key) {
          // Unclear identity: a release of an unknown lock may be the one
          // that matches an acquire; do not guess. A holder's release only
          // gives back what the holder took, untracked as well.
          if (Op.Kind == LockOpKind::Release && !Op.IfHeld)
            return GiveUp::UnclearRelease;
          continue;
        }
        Ops[E].push_back(addOp(E, Op, *Key, LockIndex));
        BlockOf[E] = Block;
      }
    }
  }
  collectEnds(Destroyed, LockIndex);
  if (Out.Acquires.size() > EngineLimits::MaxAcquireSites)
    return GiveUp::TooManyAcquires;
  if (Out.Releases.size() > EngineLimits::MaxReleaseSites)
    return GiveUp::TooManyReleases;
  if (Out.Locks.size() > EngineLimits::MaxLocks)
    return GiveUp::TooManyLocks;
  return std::nullopt;
}

/// The releases of holder \p Var's destructor, once per variable however
/// many exits destroy it; the lock is named as at the holder's construction.
void LockFlow::collectDtorOps(const VarDecl *Var,
                              llvm::StringMap<unsigned> &LockIndex) {
  if (!Var || DtorOps.count(Var))
    return;
  const HolderVar *Holder = Holders->holder(Var);
  llvm::SmallVector<TrackedOp, 1> Tracked;
  for (const LockOp &Op : Holders->destroy(Var)) {
    const std::optional<std::string> Key = lockIdentity(
        Op.Object, Op.ThroughPointer, pointeeAt(Holder->Construct));
    if (Key)
      Tracked.push_back(addOp(Holder->Construct, Op, *Key, LockIndex));
  }
  DtorOps[Var] = std::move(Tracked);
}

TrackedOp LockFlow::addOp(const Expr *Site, const LockOp &Op,
                          const std::string &Key,
                          llvm::StringMap<unsigned> &LockIndex) {
  const std::string Spelling =
      Op.Named ? Op.Named->getNameAsString()
               : lockSpelling(Op.Object, Op.ThroughPointer, Context);
  auto [It, Inserted] = LockIndex.try_emplace(Key, Out.Locks.size());
  if (Inserted) {
    LockRecord Lock;
    Lock.Key = Key;
    Lock.Spelling = Spelling;
    Out.Locks.push_back(std::move(Lock));
  }
  LockRecord &Lock = Out.Locks[It->second];
  TrackedOp Tracked;
  Tracked.Op = Op;
  Tracked.Lock = It->second;
  // A query is neither an acquire nor a release: it has no record.
  if (Op.Kind == LockOpKind::Query)
    return Tracked;
  OpRecord Record;
  Record.Site = Site;
  Record.Lock = It->second;
  Record.Spelling = Spelling;
  Record.Op = Op;
  if (Op.Kind == LockOpKind::Acquire) {
    Tracked.Index = Out.Acquires.size();
    Out.Acquires.push_back(std::move(Record));
    ++Lock.AcquireCount;
  } else {
    Tracked.Index = Out.Releases.size();
    Out.Releases.push_back(std::move(Record));
    if (const auto *Call = dyn_cast_or_null<CallExpr>(Site))
      Lock.ReleaseCalls.push_back(Call);
    else
      Lock.OtherReleases = true;
  }
  return Tracked;
}

/// The objects whose obligation ends at their destruction: the locals the
/// model names (endsAtDestruction) that some operation tracks.
void LockFlow::collectEnds(
    const llvm::SmallPtrSetImpl<const VarDecl *> &Destroyed,
    const llvm::StringMap<unsigned> &LockIndex) {
  for (const VarDecl *Var : Destroyed) {
    const auto It = LockIndex.find(variableIdentity(Var));
    if (It != LockIndex.end())
      Ends[Var] = It->second;
  }
}

/// Where the destruction of a local triggered by \p Trigger happens, for
/// the notes: the statement that leaves the scope, or the scope's end.
static ExitKind destructionKind(const Stmt *Trigger, const Stmt *Body,
                                SourceLocation &Loc) {
  if (!Trigger) {
    Loc = Body->getEndLoc();
    return ExitKind::EndOfScope;
  }
  Loc = Trigger->getBeginLoc();
  if (isa<ReturnStmt>(Trigger))
    return ExitKind::Return;
  if (isa<CoreturnStmt>(Trigger))
    return ExitKind::CoReturn;
  if (isa<BreakStmt>(Trigger))
    return ExitKind::Break;
  if (isa<ContinueStmt>(Trigger))
    return ExitKind::Continue;
  if (isa<GotoStmt, IndirectGotoStmt>(Trigger))
    return ExitKind::Goto;
  Loc = Trigger->getEndLoc();
  return Trigger == Body ? ExitKind::EndOfBody : ExitKind::EndOfScope;
}

/// True for a `return` that only a failed test takes: googletest's fatal
/// assertions (`ASSERT_*`, `FAIL()`) return
/// `::testing::internal::AssertHelper(...) = ::testing::Message()` from the
/// test body. Like a `[[noreturn]]` call's, such a path exists only when
/// the program (the test) has already failed: it is not an exit to report.
static bool isFailedTestReturn(const Stmt *S) {
  const auto *Return = dyn_cast_or_null<ReturnStmt>(S);
  const Expr *Value = Return ? Return->getRetValue() : nullptr;
  const auto *Assign =
      Value ? dyn_cast<CXXOperatorCallExpr>(Value->IgnoreImplicit()) : nullptr;
  if (!Assign || Assign->getOperator() != OO_Equal)
    return false;
  const auto *Method =
      dyn_cast_or_null<CXXMethodDecl>(Assign->getDirectCallee());
  const CXXRecordDecl *Helper = Method ? Method->getParent() : nullptr;
  return Helper && Helper->getIdentifier() &&
         Helper->getName() == "AssertHelper" &&
         Helper->getQualifiedNameAsString() ==
             "testing::internal::AssertHelper";
}

/// True when \p Block leaves the function through isFailedTestReturn().
static bool leavesFailedTest(const CFGBlock &Block) {
  for (const CFGElement &Element : llvm::reverse(Block))
    if (const auto StmtElement = Element.getAs<CFGStmt>();
        StmtElement && isa<ReturnStmt>(StmtElement->getStmt()))
      return isFailedTestReturn(StmtElement->getStmt());
  return false;
}

/// The destruction of a tracked local: every acquire that may still hold
/// it leaks here, and from here on nothing holds it (the next loop
/// iteration constructs a new object).
void LockFlow::transferEnd(const CFGAutomaticObjDtor &Dtor,
                           const CFGBlock &Block, FlowState &State,
                           BlockEvents &Events) const {
  const auto It = Ends.find(Dtor.getVarDecl());
  if (It == Ends.end())
    return;
  const unsigned Lock = It->second;
  LockState &Object = State.Locks[Lock];
  if (Object.mayBeHeld() && !isFailedTestReturn(Dtor.getTriggerStmt())) {
    ExitRecord Exit;
    Exit.Kind =
        destructionKind(Dtor.getTriggerStmt(), Function->getBody(), Exit.Loc);
    Object.holders().forEach([&](unsigned Site) {
      Events.Exits.push_back({Site, Exit, &Block, /*AtDestruction=*/true});
    });
  }
  Object = LockState();
  State.dropPendings(Lock);
  for (FlagFacts &Flag : State.Flags)
    for (LockState *Side : {&Flag.WhenTrue[Lock], &Flag.WhenFalse[Lock]})
      if (!Side->isNoPath())
        *Side = LockState();
}

void LockFlow::transferOp(const TrackedOp &Tracked, const Expr *Anchor,
                          FlowState &State, BlockEvents &Events) {
  LockState &Lock = State.Locks[Tracked.Lock];
  const LockOp &Op = Tracked.Op;
  State.dropPendings(Tracked.Lock);
  if (Op.Kind == LockOpKind::Query) {
    // `if (T.joinable()) T.join();`: the branch that tests the result keeps
    // the state where it is true and drops the holds where it is false.
    Pending P;
    P.Key = Anchor;
    P.Lock = Tracked.Lock;
    P.Result = LockResult::NonZeroOnSuccess;
    P.Before = Lock.withoutHolds();
    P.Success = Lock;
    State.Pendings.push_back(P);
    return;
  }
  // The same operation on the paths where each flag is true or false.
  for (FlagFacts &Flag : State.Flags)
    for (LockState *Side :
         {&Flag.WhenTrue[Tracked.Lock], &Flag.WhenFalse[Tracked.Lock]}) {
      if (Side->isNoPath())
        continue;
      if (Op.Kind == LockOpKind::Release) {
        if (Op.IfHeld)
          Side->releaseIfHeld(Tracked.Index);
        else
          Side->release(Tracked.Index);
        continue;
      }
      const LockState Before = *Side;
      *Side = Before.afterAcquire(Op.Recursive, Tracked.Index);
      if (Op.Try)
        Side->join(Before);
    }
  if (Op.Kind == LockOpKind::Release && Op.IfHeld) {
    Lock.releaseIfHeld(Tracked.Index);
    return;
  }
  if (Op.Kind == LockOpKind::Release) {
    if (Lock.isReleasedOnEveryPath() && !Lock.lastReleases().empty())
      Events.DoubleUnlocks.push_back({Tracked.Index, Lock.lastReleases()});
    Lock.release(Tracked.Index);
    State.FreeNormally[Tracked.Lock] = true;
    return;
  }
  // Only a try acquire keeps the paths that did not hold the lock before.
  if (!Op.Try)
    State.FreeNormally[Tracked.Lock] = false;

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
  // With holders tracked, a `co_await`/`co_yield` is a place where a lock
  // may be held too (a suspension with a lock held).
  const bool Suspension = Holders && isa<CoroutineSuspendExpr>(E);
  if ((!isa<CallExpr, CXXConstructExpr>(E) && !Suspension) ||
      Model.isMacroInternal(E))
    return;
  // A tracked lock passed to another function may be released (or handed
  // on) there: forget what we know about it (unless the model says the call
  // keeps it: a condition wait gives a lock back only while it blocks). A
  // followed holder's construction names its mutex without handing it
  // anywhere (HolderLocks decides what it does).
  if (!Suspension && !(Holders && Holders->isHolderConstruction(E))) {
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
      std::optional<std::string> Key =
          lockIdentity(Arg, Type->isPointerType(), pointeeAt(E));
      if (!Key)
        continue;
      for (unsigned I = 0; I < Out.Locks.size(); ++I) {
        if (Out.Locks[I].Key != *Key || Model.keepsState(E, Arg))
          continue;
        State.Locks[I] = LockState();
        State.FreeNormally[I] = true;
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
    if (const auto Dtor = Element.getAs<CFGAutomaticObjDtor>()) {
      if (!DtorOps.empty()) {
        const auto It = DtorOps.find(Dtor->getVarDecl());
        if (It != DtorOps.end())
          for (const TrackedOp &Tracked : It->second)
            transferOp(Tracked, nullptr, State, Events);
      }
      if (!Ends.empty())
        transferEnd(*Dtor, Block, State, Events);
      continue;
    }
    const auto StmtElement = Element.getAs<CFGStmt>();
    if (!StmtElement)
      continue;
    const Stmt *S = StmtElement->getStmt();
    const auto It = Ops.find(S);
    if (It != Ops.end()) {
      const Expr *Anchor = DeclSites.empty() ? nullptr : DeclSites.lookup(S);
      if (!Anchor)
        Anchor = cast<Expr>(S);
      for (const TrackedOp &Tracked : It->second) {
        transferOp(Tracked, Anchor, State, Events);
        if (Tracked.Op.Kind == LockOpKind::Acquire)
          markDereferenced(Tracked.Op, State);
        else
          forgetShared(State);
      }
      continue;
    }
    if (const auto *E = dyn_cast<Expr>(S)) {
      transferCall(E, State, Events);
      if (isConditionWait(E))
        forgetShared(State);
    }
    rekeyPending(S, State);
    setFlag(S, State);
    applyWrites(S, State);
  }
}

/// The path conditions of the function: the followable leaves of its branch
/// conditions tested at two places or more, and those tested once that are
/// pointers a lock is reached through (the lock proves them non-null).
/// Variables already followed as flags are left to PathFlags.
void LockFlow::rekeyPending(const Stmt *S, FlowState &State) {
  if (State.Pendings.empty())
    return;
  auto [Var, Init] = variableWrite(S);
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
    auto Outcomes = flagOutcome(Block, Cond, Flag.Key);
    // A 0-or-1 flag that is not 1 is 0, and the other way round.
    const auto Opposite = [](Outcome Known) {
      return Known == Outcome::Zero ? Outcome::NonZero : Outcome::Zero;
    };
    if (Flags.Binary.count(Flag.Key)) {
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
    // Every path of the failure branch went through the failed acquire.
    if (!Success)
      Edge.FreeNormally[P.Lock] = false;
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
  const std::pair<const VarDecl *, const Expr *> Write = variableWrite(S);
  const VarDecl *Var = Write.first;
  const Expr *Value = Write.second;
  if (!Var || !Value || !Flags.Vars.count(Var))
    return;
  const std::optional<llvm::APSInt> Constant =
      Value->IgnoreParenImpCasts()->getIntegerConstantExpr(Context);
  FlagFacts Facts;
  Facts.Key = Var;
  const llvm::SmallVector<LockState, 4> None(State.Locks.size(),
                                             LockState::noPath());
  // An initializer that is not a constant: either value, on every path here.
  Facts.WhenTrue = Constant && Constant->isZero() ? None : State.Locks;
  Facts.WhenFalse = Constant && !Constant->isZero() ? None : State.Locks;
  auto *It = llvm::find_if(State.Flags,
                           [&](const FlagFacts &F) { return F.Key == Var; });
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
  if (!Out.Reached || Block.hasNoReturnElement() || leavesFailedTest(Block))
    return;
  ExitRecord Exit;
  Exit.Kind = exitKindOf(Block, Exit.Loc, Function->getBody());
  for (unsigned I = 0; I < Out.Locks.size(); ++I) {
    const LockState &Lock = Out.Locks[I];
    if ((!Lock.isHeldOnEveryPath() || !Lock.mayBeHeld()) && Out.FreeNormally[I])
      Events.NotHeldAtExit.push_back(I);
    if (!Lock.mayBeHeld())
      continue;
    Lock.holders().forEach(
        [&](unsigned Site) { Events.Exits.push_back({Site, Exit, &Block}); });
  }
}

FlowState LockFlow::initialState() {
  FlowState Initial;
  Initial.Reached = true;
  Initial.Locks.resize(Out.Locks.size());
  Initial.FreeNormally.assign(Out.Locks.size(), true);
  // What the function holds from its start; nothing is held before, so no
  // event (a double acquire) can come of it.
  BlockEvents None;
  for (const TrackedOp &Tracked : EntryOps)
    transferOp(Tracked, nullptr, Initial, None);
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
  // Path conditions: an unknown but fixed value until something writes what
  // they read.
  for (const ConditionValue &Value : Conditions)
    Initial.Flags.push_back({&Value, Initial.Locks, Initial.Locks});
  return Initial;
}

/// Runs the worklist from \p Initial to the fixed point; false when the step
/// budget runs out first.
bool LockFlow::solve(FlowState Initial) {
  const unsigned NumBlocks = Graph->getNumBlockIDs();
  In.assign(NumBlocks, FlowState());
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
  findWitnesses(Events);
  return true;
}

/// The decided leaf of a block's branch: of `&&` and `||` the right
/// operand (the block that tests the left one has it as its condition).
static const Expr *decidedCondition(const CFGBlock &Block) {
  const auto *Cond = dyn_cast_or_null<Expr>(Block.getTerminatorCondition());
  for (unsigned Depth = 0; Cond && Depth < 16; ++Depth) {
    const auto *Binary = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
    if (!Binary || !Binary->isLogicalOp())
      break;
    Cond = Binary->getRHS();
  }
  return Cond;
}

/// True when \p Cond contains an acquire call or reads a variable an
/// acquire's result was stored in.
bool LockFlow::testsAnAcquire(const Expr *Cond) const {
  if (!Cond)
    return false;
  const Expr *E = Cond->IgnoreParenImpCasts();
  if (Ops.count(E))
    return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->getInit() &&
        Ops.count(Var->getInit()->IgnoreParenImpCasts()))
      return true;
  return llvm::any_of(Cond->children(), [&](const Stmt *Child) {
    return isa_and_nonnull<Expr>(Child) && testsAnAcquire(cast<Expr>(Child));
  });
}

/// The branches of one shortest path from acquire \p Site to the exit edge
/// of \p From on which the lock stays held by \p Site: a breadth-first
/// search over the edges whose state (edgeState of the block's fixed-point
/// state) still has \p Site among the lock's holders.
llvm::SmallVector<BranchStep, 4>
LockFlow::witness(unsigned Site, const CFGBlock *From, bool AtDestruction) {
  const OpRecord &Acquire = Out.Acquires[Site];
  // An obligation held from the start is followed from the entry.
  const CFGBlock *StartBlock =
      Acquire.Site ? BlockOf.lookup(Acquire.Site) : &Graph->getEntry();
  if (!StartBlock)
    return {};
  // A destruction in the acquire's own block: no branch on the way.
  if (AtDestruction && StartBlock == From)
    return {};
  const CFGBlock &Exit = Graph->getExit();
  llvm::DenseMap<const CFGBlock *, std::pair<const CFGBlock *, unsigned>>
      Parent;
  std::deque<const CFGBlock *> Queue{StartBlock};
  Parent[StartBlock] = {nullptr, 0};
  const CFGBlock *Found = nullptr;
  unsigned FoundIndex = 0;
  while (!Queue.empty() && !Found) {
    const CFGBlock *Block = Queue.front();
    Queue.pop_front();
    BlockEvents Scratch;
    FlowState State = In[Block->getBlockID()];
    transferBlock(*Block, State, Scratch);
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const unsigned SuccIndex = Index++;
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      const FlowState Edge = edgeState(*Block, State, SuccIndex);
      if (!Edge.Reached || !Edge.Locks[Acquire.Lock].holders().contains(Site))
        continue;
      if (Next == &Exit) {
        if (Block == From && !AtDestruction) {
          Found = Block;
          FoundIndex = SuccIndex;
          break;
        }
        continue;
      }
      if (Parent.try_emplace(Next, Block, SuccIndex).second) {
        if (AtDestruction && Next == From) {
          Found = Next;
          break;
        }
        Queue.push_back(Next);
      }
    }
  }
  if (!Found)
    return {};
  llvm::SmallVector<BranchStep, 4> Steps;
  (void)FoundIndex;
  for (const CFGBlock *Block = Found; Block;) {
    const auto [Pred, Index] = Parent.lookup(Block);
    if (!Pred)
      break;
    // The test of an acquire's own result is not a choice of the path: the
    // lock is held only where it succeeded.
    if (Pred->succ_size() == 2)
      if (const Expr *Cond = decidedCondition(*Pred);
          Cond && !testsAnAcquire(Cond))
        Steps.push_back({Cond, Index == 0, Pred->getTerminatorStmt()});
    Block = Pred;
  }
  std::reverse(Steps.begin(), Steps.end());
  return Steps;
}

/// Fills the branch steps of the first leak exits (path notes).
void LockFlow::findWitnesses(const std::vector<BlockEvents> &Events) {
  unsigned Budget = EngineLimits::MaxWitnessPaths;
  for (const CFGBlock *Block : *Graph)
    for (const BlockEvents::Exit &Exit : Events[Block->getBlockID()].Exits) {
      AcquireOutcome &Outcome = Out.Outcomes[Exit.Site];
      auto *It = llvm::find(Outcome.LeakExits, Exit.Record);
      if (It == Outcome.LeakExits.end() || !It->Steps.empty() || Budget == 0)
        continue;
      --Budget;
      It->Steps = witness(Exit.Site, Exit.From, Exit.AtDestruction);
    }
}

/// Merges the events of every block, in the CFG's block order.
void LockFlow::collectResults(const std::vector<BlockEvents> &Events) {
  for (const CFGBlock *Block : *Graph) {
    const BlockEvents &Found = Events[Block->getBlockID()];
    for (const BlockEvents::Exit &Exit : Found.Exits) {
      AcquireOutcome &Outcome = Out.Outcomes[Exit.Site];
      if (!llvm::is_contained(Outcome.LeakExits, Exit.Record))
        Outcome.LeakExits.push_back(Exit.Record);
    }
    for (const auto &[Site, Loc] : Found.LoopReacquires)
      Out.Outcomes[Site].LoopReacquires.push_back(Loc);
    for (const auto &[Site, Loc] : Found.OtherReacquires)
      Out.Outcomes[Site].OtherReacquires.push_back(Loc);
    for (const unsigned Lock : Found.NotHeldAtExit)
      Out.Locks[Lock].HeldAtEveryExit = false;
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
  if (!Graph)
    Graph = CFG::buildCFG(Function, Function->getBody(), &Context, Options);
  if (!Graph) {
    Out.Reason = GiveUp::NoCFG;
    return;
  }
  Targets.emplace(Function, *Graph);
  if (const LockModel *HolderModel = Model.holderLocks())
    Holders.emplace(Function, *HolderModel);
  if (const std::optional<GiveUp> Reason = collectOps()) {
    Out.Reason = Reason;
    return;
  }
  if (Out.Acquires.empty())
    return;
  Flags = findPathFlags(Function, Context);
  collectConditions();
  if (!solve(initialState()))
    Out.Reason = GiveUp::StepBudget;
}

} // namespace clang::tidy::threads::analysis
