//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "UnreleasedLockCheck.h"
#include "analysis/ParentIndex.h"
#include "utils/CallFilter.h"
#include "utils/Compat.h"

#include "utils/ExceptionAnalyzer.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Builtins.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include <array>
#include <cstdint>
#include <deque>

using namespace clang::ast_matchers;

namespace clang::tidy::threads {

using namespace analysis;

namespace {

/// Where control leaves the function with a lock held.
enum class ExitKind : std::uint8_t { Return, EndOfBody, Throw, CoReturn };

/// What this function may have done to one lock so far, over every path that
/// reaches a program point: a set of possible states plus the acquires that
/// may still hold it and the releases that released it last.
struct LockBits {
  /// Bit 0: untouched (its state is the caller's business); bit 1: released
  /// by this function; bit 1 + K: held K times (K = 1 .. MaxDepth).
  uint16_t Bits = 1;
  uint64_t Sites = 0;
  /// Acquires that took back a lock the caller held on entry.
  uint64_t RestoreSites = 0;
  uint64_t Releases = 0;

  bool operator==(const LockBits &Other) const {
    return Bits == Other.Bits && Sites == Other.Sites &&
           RestoreSites == Other.RestoreSites && Releases == Other.Releases;
  }
  void join(const LockBits &Other) {
    Bits |= Other.Bits;
    Sites |= Other.Sites;
    RestoreSites |= Other.RestoreSites;
    Releases |= Other.Releases;
  }
  /// What is true on paths both sides describe (each side over-approximates
  /// its paths, so the intersection over-approximates the common ones).
  void meet(const LockBits &Other) {
    Bits &= Other.Bits;
    if (!Bits) {
      *this = LockBits{0, 0, 0, 0};
      return;
    }
    Sites &= Other.Sites;
    RestoreSites &= Other.RestoreSites;
    Releases &= Other.Releases;
  }
};

constexpr uint16_t UntouchedBit = 1;
constexpr uint16_t ReleasedBit = 2;
/// The function released a lock its caller held (`mu.Unlock(); work();
/// mu.Lock();` in a function called with the lock held)...
constexpr uint16_t CallerReleasedBit = 1u << 10;
/// ...and took it back: held, but for the caller, so not a leak.
constexpr uint16_t RestoredBit = 1u << 11;
constexpr unsigned MaxDepth = 8;
constexpr uint16_t HeldMask =
    static_cast<uint16_t>(((1u << MaxDepth) - 1) << 2);
constexpr uint16_t heldBit(unsigned Depth) {
  return static_cast<uint16_t>(1u << (1 + Depth));
}

/// An acquire whose result decides whether the lock is held, waiting for the
/// branch that tests the result (the call itself, or the variable that
/// stores it).
struct Pending {
  const void *Key = nullptr;
  unsigned Lock = 0;
  LockResult Result = LockResult::None;
  LockBits Before;
  LockBits Success;
};

/// No path: the lock states of the paths on which a flag has a value it
/// cannot have.
constexpr LockBits NoPath{0, 0, 0, 0};

/// A local flag (`bool Locked = true; ... Locked = false;`), with the state
/// of each lock on the paths where it is true and on those where it is
/// false, so that `if (Locked) M.unlock();` releases exactly on the paths
/// that hold the lock. A flag set to an unknown value has either value on
/// every path there.
struct FlagFacts {
  /// A local variable, a parameter, or a const data member of `*this`.
  const ValueDecl *Var = nullptr;
  llvm::SmallVector<LockBits, 4> WhenTrue;
  llvm::SmallVector<LockBits, 4> WhenFalse;

  bool operator==(const FlagFacts &Other) const {
    return Var == Other.Var && WhenTrue == Other.WhenTrue &&
           WhenFalse == Other.WhenFalse;
  }
};

struct FlowState {
  bool Reached = false;
  llvm::SmallVector<LockBits, 4> Locks;
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

struct LockInfo {
  std::string Key;
  /// How the user spells it, for messages.
  std::string Spelling;
  llvm::SmallVector<const CallExpr *, 2> ReleaseCalls;
  unsigned AcquireCount = 0;
  /// Released by something other than a call (an adopting guard).
  bool OtherReleases = false;
};

/// One finding for an acquire that leaks.
struct AcquireFinding {
  bool Leaks = false;
  llvm::SmallVector<std::pair<SourceLocation, ExitKind>, 2> Exits;
  llvm::SmallVector<SourceLocation, 1> LoopReacquires;
  llvm::SmallVector<SourceLocation, 1> OtherReacquires;
  const Expr *ThrowingCall = nullptr;
};

/// The per-function analysis: builds the CFG once, runs a forward dataflow
/// over the lock states, and collects the findings.
class LockFlow {
public:
  LockFlow(const FunctionDecl *Function, ASTContext &Context,
           const LockModel &Model, const UnreleasedLockCheck::Config &Cfg,
           utils::ExceptionAnalyzer &Analyzer)
      : Function(Function), Context(Context), Model(Model), Cfg(Cfg),
        Analyzer(Analyzer) {}

  /// Returns false when the function cannot be analysed (no CFG, unclear
  /// releases, too many acquires).
  bool run();

  const FunctionDecl *Function;
  ASTContext &Context;
  const LockModel &Model;
  const UnreleasedLockCheck::Config &Cfg;
  utils::ExceptionAnalyzer &Analyzer;

  std::unique_ptr<CFG> Graph;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<TrackedOp, 1>> Ops;
  llvm::SmallVector<LockInfo, 4> Locks;
  llvm::SmallVector<const CallExpr *, 4> Acquires;
  llvm::SmallVector<unsigned, 4> AcquireLock;
  llvm::SmallVector<std::string, 4> AcquireSpelling;
  llvm::SmallVector<LockOp, 4> AcquireOp;
  llvm::SmallVector<const Expr *, 4> Releases;
  llvm::SmallVector<std::string, 4> ReleaseSpelling;
  llvm::DenseMap<unsigned, AcquireFinding> Findings;
  /// Double locks: the second acquire and the acquires that hold it.
  llvm::SmallVector<std::pair<unsigned, uint64_t>, 1> DoubleLocks;
  /// Double unlocks: the second release and the releases before it.
  llvm::SmallVector<std::tuple<unsigned, unsigned, uint64_t>, 1> DoubleUnlocks;

private:
  bool collectOps();
  void transferBlock(const CFGBlock &Block, FlowState &State, bool Report);
  void transferOp(const TrackedOp &Tracked, const Expr *Anchor,
                  FlowState &State, bool Report);
  void checkEscapeOrThrow(const Expr *E, FlowState &State, bool Report);
  static void rekeyPending(const Stmt *S, FlowState &State);
  void collectFlags();
  void setFlag(const Stmt *S, FlowState &State) const;
  FlowState edgeState(const CFGBlock &Block, const FlowState &Out,
                      unsigned SuccIndex) const;
  void recordExit(const CFGBlock &Block, const FlowState &Out);
  bool mayThrow(const Expr *E) const;
  static bool isWaitFunction(const Expr *E);

  bool ThrowChecks = false;
  /// Local integer or bool variables only ever set to constants, never
  /// aliased: their value can be tracked along paths.
  llvm::SmallPtrSet<const ValueDecl *, 4> FlagVars;
  /// The flags only ever 0 or 1: `Flag == 1` is false only when it is 0.
  llvm::SmallPtrSet<const ValueDecl *, 4> BinaryFlags;
};

} // namespace

static std::string spellingOf(const Expr *Object, bool ThroughPointer,
                              ASTContext &Context) {
  const Expr *E = Object->IgnoreParenImpCasts();
  if (ThroughPointer) {
    if (const auto *Unary = dyn_cast<UnaryOperator>(E);
        Unary && Unary->getOpcode() == UO_AddrOf)
      E = Unary->getSubExpr()->IgnoreParenImpCasts();
    else if (isa<CXXThisExpr>(E))
      return "*this";
  }
  const SourceManager &SM = Context.getSourceManager();
  const CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Context.getLangOpts());
  StringRef Text;
  if (Range.isValid())
    Text = Lexer::getSourceText(Range, SM, Context.getLangOpts());
  if (!Text.empty() && Text.size() < 80 && !Text.contains('\n'))
    return Text.str();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl()->getNameAsString();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl()->getNameAsString();
  return "lock";
}

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

/// True when \p E names a parameter or something reached from it
/// (`M`, `*M`, `&M->Raw`, `L.Mu`, `Locks[I]`).
static bool rootedInParameter(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return isa<ParmVarDecl>(Ref->getDecl());
    if (const auto *Member = dyn_cast<MemberExpr>(E))
      E = Member->getBase();
    else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
             Unary && (Unary->getOpcode() == UO_AddrOf ||
                       Unary->getOpcode() == UO_Deref))
      E = Unary->getSubExpr();
    else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
      E = Subscript->getBase();
    else
      return false;
  }
  return false;
}

/// True for a call of a member function whose visible body does nothing:
/// empty, or only returns a constant.
static bool isNoOpMemberCall(const Expr *E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  const FunctionDecl *Definition = nullptr;
  if (!Method || !Method->hasBody(Definition))
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Definition->getBody());
  if (!Body)
    return false;
  if (Body->body_empty())
    return true;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  return Body->size() == 1 && Return && Return->getRetValue() &&
         isa<CXXBoolLiteralExpr, IntegerLiteral>(
             Return->getRetValue()->IgnoreParenImpCasts());
}

bool LockFlow::collectOps() {
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
        return false;
      if (const auto *Call = dyn_cast<CallExpr>(E))
        if (!Call->getDirectCallee()) {
          // A release we cannot resolve may release any tracked lock.
          const StringRef Name = unresolvedCalleeName(Call);
          if (!Name.empty() && Model.isReleaseName(Name))
            return false;
        }
      const llvm::SmallVector<LockOp, 1> Found = Model.classify(E);
      // A null mutex (`void lock() {}`, `bool try_lock() { return true; }`)
      // locks nothing.
      if (isNoOpMemberCall(E))
        continue;
      for (const LockOp &Op : Found) {
        const std::optional<std::string> Key =
            lockIdentity(Op.Object, Op.ThroughPointer);
        if (!Key) {
          // Unclear identity: a release of an unknown lock may be the one
          // that matches an acquire; do not guess.
          if (Op.Kind == LockOpKind::Release)
            return false;
          continue;
        }
        auto [It, Inserted] = LockIndex.try_emplace(*Key, Locks.size());
        if (Inserted) {
          LockInfo Info;
          Info.Key = *Key;
          Info.Spelling = spellingOf(Op.Object, Op.ThroughPointer, Context);
          Locks.push_back(std::move(Info));
        }
        TrackedOp Tracked;
        Tracked.Op = Op;
        Tracked.Lock = It->second;
        if (Op.Kind == LockOpKind::Acquire) {
          Tracked.Index = Acquires.size();
          Acquires.push_back(cast<CallExpr>(E));
          AcquireLock.push_back(It->second);
          AcquireOp.push_back(Op);
          ++Locks[It->second].AcquireCount;
          AcquireSpelling.push_back(
              spellingOf(Op.Object, Op.ThroughPointer, Context));
        } else {
          Tracked.Index = Releases.size();
          Releases.push_back(E);
          ReleaseSpelling.push_back(
              spellingOf(Op.Object, Op.ThroughPointer, Context));
          if (const auto *Call = dyn_cast<CallExpr>(E))
            Locks[It->second].ReleaseCalls.push_back(Call);
          else
            Locks[It->second].OtherReleases = true;
        }
        Ops[E].push_back(Tracked);
      }
    }
  }
  return !Acquires.empty() && Acquires.size() <= 64 && Releases.size() <= 64 &&
         Locks.size() <= 32;
}

/// The states of a lock after release number \p Index.
static void releaseBits(LockBits &Lock, unsigned Index) {
  uint16_t Bits = 0;
  if (Lock.Bits & (ReleasedBit | heldBit(1)))
    Bits |= ReleasedBit;
  if (Lock.Bits & (UntouchedBit | RestoredBit | CallerReleasedBit))
    Bits |= CallerReleasedBit;
  for (unsigned Depth = 2; Depth <= MaxDepth; ++Depth)
    if (Lock.Bits & heldBit(Depth))
      Bits |= heldBit(Depth - 1);
  Lock.Bits = Bits;
  if (!(Bits & HeldMask))
    Lock.Sites = 0;
  Lock.RestoreSites = 0;
  Lock.Releases = uint64_t{1} << Index;
}

static LockBits heldAfterAcquire(const LockBits &Before, bool Recursive,
                                 unsigned Site) {
  const uint64_t Self = uint64_t{1} << Site;
  LockBits After;
  uint16_t Bits = 0;
  // Where the function gave back a lock its caller holds, that lock is the
  // caller's on every path: taking it on a path that never gave it back
  // would deadlock there at once, so such a path is taken to be impossible
  // (`if (empty) return; ... if (!empty) mu.Unlock(); ... mu.Lock();`).
  const bool CallerHolds = !Recursive && (Before.Bits & CallerReleasedBit);
  if ((Before.Bits & ReleasedBit) ||
      ((Before.Bits & UntouchedBit) && !CallerHolds))
    Bits |= heldBit(1);
  for (unsigned Depth = 1; Depth <= MaxDepth; ++Depth)
    if (Before.Bits & heldBit(Depth))
      Bits |= heldBit(Recursive ? std::min(Depth + 1, MaxDepth) : 1);
  if (Bits & HeldMask)
    After.Sites = Recursive ? (Before.Sites | Self) : Self;
  if (Before.Bits & RestoredBit) {
    Bits |= RestoredBit;
    After.RestoreSites = Before.RestoreSites;
  }
  if (Before.Bits & CallerReleasedBit) {
    Bits |= RestoredBit;
    After.RestoreSites |= Self;
  }
  After.Bits = Bits;
  return After;
}

void LockFlow::transferOp(const TrackedOp &Tracked, const Expr *Anchor,
                          FlowState &State, bool Report) {
  LockBits &Lock = State.Locks[Tracked.Lock];
  const LockOp &Op = Tracked.Op;
  State.dropPendings(Tracked.Lock);
  // The same operation on the paths where each flag is true or false.
  for (FlagFacts &Flag : State.Flags)
    for (LockBits *Side :
         {&Flag.WhenTrue[Tracked.Lock], &Flag.WhenFalse[Tracked.Lock]}) {
      if (!Side->Bits)
        continue;
      if (Op.Kind == LockOpKind::Release) {
        releaseBits(*Side, Tracked.Index);
        continue;
      }
      const LockBits Before = *Side;
      *Side = heldAfterAcquire(Before, Op.Recursive, Tracked.Index);
      if (Op.Try)
        Side->join(Before);
    }
  if (Op.Kind == LockOpKind::Release) {
    if (Report && !(Lock.Bits & ~(ReleasedBit | CallerReleasedBit)) &&
        Lock.Releases)
      DoubleUnlocks.emplace_back(Tracked.Index, Tracked.Lock, Lock.Releases);
    releaseBits(Lock, Tracked.Index);
    return;
  }

  const LockBits Before = Lock;
  if (Report && !Op.Try && !Op.Recursive &&
      (Before.Bits & (HeldMask | RestoredBit))) {
    const bool EveryPath =
        !(Before.Bits & (UntouchedBit | ReleasedBit | CallerReleasedBit));
    const uint64_t Self = uint64_t{1} << Tracked.Index;
    const SourceLocation Here = Anchor->getBeginLoc();
    if (Before.Sites & Self)
      Findings[Tracked.Index].LoopReacquires.push_back(Here);
    if (EveryPath && !(Before.Sites & Self)) {
      DoubleLocks.emplace_back(Tracked.Index,
                               Before.Sites | Before.RestoreSites);
    } else {
      for (unsigned const Site : llvm::seq<unsigned>(0, Acquires.size()))
        if (Site != Tracked.Index && (Before.Sites & (uint64_t{1} << Site)))
          Findings[Site].OtherReacquires.push_back(Here);
    }
  }
  const LockBits Success =
      heldAfterAcquire(Before, Op.Recursive, Tracked.Index);
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

namespace {
/// What a branch on a lock call's result says about that result.
enum class Outcome : std::uint8_t { Unknown, Zero, NonZero };
} // namespace

/// What the true and the false branch of \p Cond say about the value of the
/// pending call or variable \p Key, or {Unknown, Unknown}.
static std::pair<Outcome, Outcome>
branchOutcome(const Expr *Cond, const void *Key, ASTContext &Context) {
  const std::pair<Outcome, Outcome> None{Outcome::Unknown, Outcome::Unknown};
  if (!Cond)
    return None;
  Cond = Cond->IgnoreParenImpCasts();
  if (Cond == Key)
    return {Outcome::NonZero, Outcome::Zero};
  // `UNLIKELY(X)` and friends: `__builtin_expect(X, 0)` has X's value.
  if (const auto *Call = dyn_cast<CallExpr>(Cond);
      Call && Call->getNumArgs() >= 1 &&
      (Call->getBuiltinCallee() == Builtin::BI__builtin_expect ||
       Call->getBuiltinCallee() ==
           Builtin::BI__builtin_expect_with_probability))
    return branchOutcome(Call->getArg(0), Key, Context);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Cond))
    if (Ref->getDecl()->getCanonicalDecl() == Key)
      return {Outcome::NonZero, Outcome::Zero};
  if (const auto *Member = dyn_cast<MemberExpr>(Cond))
    if (Member->getMemberDecl() == Key &&
        isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      return {Outcome::NonZero, Outcome::Zero};
  if (const auto *Assign = dyn_cast<BinaryOperator>(Cond);
      Assign && Assign->getOpcode() == BO_Assign &&
      Assign->getRHS()->IgnoreParenImpCasts() == Key)
    return {Outcome::NonZero, Outcome::Zero};
  if (const auto *Unary = dyn_cast<UnaryOperator>(Cond)) {
    if (Unary->getOpcode() != UO_LNot)
      return None;
    const auto Inner = branchOutcome(Unary->getSubExpr(), Key, Context);
    return {Inner.second, Inner.first};
  }
  const auto *Binary = dyn_cast<BinaryOperator>(Cond);
  if (!Binary)
    return None;
  if (Binary->isLogicalOp())
    return branchOutcome(Binary->getRHS(), Key, Context);
  if (Binary->getOpcode() != BO_EQ && Binary->getOpcode() != BO_NE)
    return None;
  const Expr *Side = Binary->getLHS();
  const Expr *Constant = Binary->getRHS();
  auto Tested = branchOutcome(Side, Key, Context);
  if (Tested.first == Outcome::Unknown) {
    std::swap(Side, Constant);
    Tested = branchOutcome(Side, Key, Context);
    if (Tested.first == Outcome::Unknown)
      return None;
  }
  if (Constant->isValueDependent())
    return None;
  Expr::EvalResult Value;
  if (!Constant->EvaluateAsInt(Value, Context))
    return None;
  std::pair<Outcome, Outcome> Result;
  if (Value.Val.getInt().isZero())
    Result = {Outcome::Zero, Outcome::NonZero}; // X == 0
  else
    Result = {Outcome::NonZero, Outcome::Unknown}; // X == 42
  if (Binary->getOpcode() == BO_NE)
    std::swap(Result.first, Result.second);
  return Result;
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
    if (BinaryFlags.count(Flag.Var)) {
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
    const llvm::SmallVector<LockBits, 4> &Kept =
        True ? Flag.WhenTrue : Flag.WhenFalse;
    // Only the paths where the flag has the tested value take the edge; no
    // such path (or none that another flag's test keeps): never taken.
    for (size_t I = 0; I < Edge.Locks.size(); ++I) {
      Edge.Locks[I].meet(Kept[I]);
      if (!Edge.Locks[I].Bits) {
        Edge.Reached = false;
        return Edge;
      }
    }
    (True ? Flag.WhenFalse : Flag.WhenTrue).assign(Kept.size(), NoPath);
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
      for (llvm::SmallVector<LockBits, 4> *Side :
           {&Flag.WhenTrue, &Flag.WhenFalse}) {
        for (size_t I = 0; I < Edge.Locks.size(); ++I)
          (*Side)[I].meet(Edge.Locks[I]);
        // Every path holds each lock in some state: one lock with no state
        // left means no path here gives the flag that value.
        if (llvm::any_of(*Side, [](const LockBits &L) { return !L.Bits; }))
          Side->assign(Side->size(), NoPath);
      }
  return Edge;
}

bool LockFlow::isWaitFunction(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return false;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getDeclName().isIdentifier())
    return false;
  // Waits give the lock back only while they block: it is held again when
  // they return.
  return llvm::is_contained(
      {"pthread_cond_wait", "pthread_cond_timedwait", "pthread_cond_clockwait",
       "cnd_wait", "cnd_timedwait", "SleepConditionVariableCS",
       "SleepConditionVariableSRW", "wait", "wait_for", "wait_until", "Wait",
       "WaitWithTimeout", "WaitWithDeadline", "Await", "AwaitWithTimeout",
       "AwaitWithDeadline"},
      Callee->getName());
}

bool LockFlow::mayThrow(const Expr *E) const {
  const FunctionDecl *Callee = nullptr;
  const FunctionProtoType *Proto = nullptr;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (!Ctor || Ctor->isTrivial())
      return false;
    Callee = Ctor;
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    Callee = Call->getDirectCallee();
    if (!Callee) {
      if (Call->isTypeDependent() || Call->getCallee()->isTypeDependent())
        return false;
      QualType CalleeType = Call->getCallee()->getType();
      if (const auto *Pointer = CalleeType->getAs<PointerType>())
        CalleeType = Pointer->getPointeeType();
      else if (const auto *MemberPointer =
                   CalleeType->getAs<MemberPointerType>())
        CalleeType = MemberPointer->getPointeeType();
      Proto = CalleeType->getAs<FunctionProtoType>();
      if (!Proto)
        return false;
    }
  } else {
    return false;
  }
  if (Callee) {
    if (Callee->getBuiltinID() || Callee->isExternC() ||
        Callee->isInExternCContext())
      return false;
    if (isa<CXXDestructorDecl>(Callee))
      return false;
    if (!Cfg.NoThrowFunctions.empty() &&
        Cfg.NoThrowFunctions.contains(Callee->getQualifiedNameAsString()))
      return false;
    Proto = Callee->getType()->getAs<FunctionProtoType>();
    if (!Proto)
      return false;
    // A visible body that provably throws nothing (`HidePtr`, getters) is
    // as good as noexcept.
    if (!Proto->isNothrow() && Callee->hasBody() &&
        Analyzer.analyze(Callee).getBehaviour() ==
            utils::ExceptionAnalyzer::State::NotThrowing)
      return false;
  }
  switch (Proto->getExceptionSpecType()) {
  case EST_Unevaluated:
  case EST_Uninstantiated:
  case EST_Unparsed:
  case EST_DependentNoexcept:
    // Implicit members and templates not yet resolved: do not guess.
    return false;
  default:
    break;
  }
  return !Proto->isNothrow();
}

void LockFlow::checkEscapeOrThrow(const Expr *E, FlowState &State,
                                  bool Report) {
  if (!isa<CallExpr, CXXConstructExpr>(E))
    return;
  // A tracked lock passed to another function may be released (or handed
  // on) there: forget what we know about it.
  if (!isWaitFunction(E)) {
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
      for (unsigned I = 0; I < Locks.size(); ++I) {
        if (Locks[I].Key != *Key)
          continue;
        State.Locks[I] = LockBits();
        State.dropPendings(I);
      }
    }
  }
  if (!Report || !ThrowChecks)
    return;
  uint64_t Held = 0;
  for (const LockBits &Lock : State.Locks)
    if (Lock.Bits & HeldMask)
      Held |= Lock.Sites;
  if (!Held || !mayThrow(E))
    return;
  for (unsigned const Site : llvm::seq<unsigned>(0, Acquires.size())) {
    if (!(Held & (uint64_t{1} << Site)))
      continue;
    AcquireFinding &Finding = Findings[Site];
    // Blocks are not visited in source order: keep the first call.
    if (!Finding.ThrowingCall ||
        Context.getSourceManager().isBeforeInTranslationUnit(
            E->getBeginLoc(), Finding.ThrowingCall->getBeginLoc()))
      Finding.ThrowingCall = E;
  }
}

void LockFlow::transferBlock(const CFGBlock &Block, FlowState &State,
                             bool Report) {
  for (const CFGElement &Element : Block) {
    const auto StmtElement = Element.getAs<CFGStmt>();
    if (!StmtElement)
      continue;
    const Stmt *S = StmtElement->getStmt();
    const auto It = Ops.find(S);
    if (It != Ops.end()) {
      for (const TrackedOp &Tracked : It->second)
        transferOp(Tracked, cast<Expr>(S), State, Report);
      continue;
    }
    if (const auto *E = dyn_cast<Expr>(S))
      checkEscapeOrThrow(E, State, Report);
    rekeyPending(S, State);
    setFlag(S, State);
  }
}

namespace {
/// Finds the local variables written only by their initializer and plain
/// assignments (`Var = constant` gives a known value, `Var = expr` an
/// unknown one from there on). Any other use than reading the value
/// (address taken, reference bound, increment, compound assignment, capture)
/// disqualifies the variable.
class FlagFinder : public RecursiveASTVisitor<FlagFinder> {
public:
  explicit FlagFinder(ASTContext &Context) : Context(Context) {}

  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    Parents.push_back(S);
    const bool Result = RecursiveASTVisitor::TraverseStmt(S);
    Parents.pop_back();
    return Result;
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (Var->isLocalVarDecl() && !Var->isStaticLocal() &&
        isFlagType(Var->getType()) && Var->getInit()) {
      Candidates.insert(Var);
      noteValue(Var, Var->getInit());
    }
    return true;
  }

  /// A bool or integer, not volatile.
  static bool isFlagType(QualType Type) {
    return Type->isIntegralOrEnumerationType() && !Type.isVolatileQualified();
  }

  /// Records whether \p Var may hold something other than 0 or 1 (a bool
  /// never does).
  void noteValue(const VarDecl *Var, const Expr *Value) {
    if (Var->getType()->isBooleanType())
      return;
    const std::optional<llvm::APSInt> Constant =
        Value ? Value->IgnoreParenImpCasts()->getIntegerConstantExpr(Context)
              : std::nullopt;
    if (!Constant || (!Constant->isZero() && !Constant->isOne()))
      NonBinary.insert(Var);
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return true;
    // A lambda or block may change it whenever it is called.
    if (Ref->refersToEnclosingVariableOrCapture()) {
      Disqualified.insert(Var);
      return true;
    }
    // Parents ends with Ref itself; parentheses change nothing.
    const Stmt *Parent = nullptr;
    for (size_t I = Parents.size(); I-- > 1;) {
      Parent = Parents[I - 1];
      if (!isa<ParenExpr>(Parent))
        break;
    }
    if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Parent);
        Cast && Cast->getCastKind() == CK_LValueToRValue)
      return true;
    if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(Parent);
        Assign && Assign->getOpcode() == BO_Assign && Assign->getLHS() == Ref &&
        !Assign->getRHS()->isValueDependent()) {
      noteValue(Var, Assign->getRHS());
      return true;
    }
    Disqualified.insert(Var);
    return true;
  }

  llvm::SmallPtrSet<const VarDecl *, 4> Candidates;
  llvm::SmallPtrSet<const VarDecl *, 4> Disqualified;
  llvm::SmallPtrSet<const VarDecl *, 4> NonBinary;

private:
  ASTContext &Context;
  llvm::SmallVector<const Stmt *, 32> Parents;
};
} // namespace

void LockFlow::collectFlags() {
  FlagFinder Finder(Context);
  // Parameters hold an unknown but fixed value until written.
  for (const ParmVarDecl *Param : Function->parameters())
    if (FlagFinder::isFlagType(Param->getType())) {
      Finder.Candidates.insert(Param);
      Finder.noteValue(Param, nullptr);
    }
  Finder.TraverseStmt(Function->getBody());
  for (const VarDecl *Var : Finder.Candidates)
    if (!Finder.Disqualified.count(Var)) {
      FlagVars.insert(Var);
      if (!Finder.NonBinary.count(Var))
        BinaryFlags.insert(Var);
    }
}

void LockFlow::setFlag(const Stmt *S, FlowState &State) const {
  if (FlagVars.empty())
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
  if (!Var || !Value || !FlagVars.count(Var))
    return;
  const std::optional<llvm::APSInt> Constant =
      Value->IgnoreParenImpCasts()->getIntegerConstantExpr(Context);
  FlagFacts Facts;
  Facts.Var = Var;
  const llvm::SmallVector<LockBits, 4> None(State.Locks.size(), NoPath);
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

void LockFlow::recordExit(const CFGBlock &Block, const FlowState &Out) {
  if (!Out.Reached || Block.hasNoReturnElement())
    return;
  SourceLocation Loc;
  const ExitKind Kind = exitKindOf(Block, Loc, Function->getBody());
  for (const LockBits &Lock : Out.Locks) {
    if (!(Lock.Bits & HeldMask))
      continue;
    for (unsigned const Site : llvm::seq<unsigned>(0, Acquires.size())) {
      if (!(Lock.Sites & (uint64_t{1} << Site)))
        continue;
      AcquireFinding &Finding = Findings[Site];
      Finding.Leaks = true;
      if (!llvm::is_contained(Finding.Exits, std::make_pair(Loc, Kind)))
        Finding.Exits.emplace_back(Loc, Kind);
    }
  }
}

static bool containsTry(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CXXTryStmt>(S))
    return true;
  return llvm::any_of(S->children(), containsTry);
}

bool LockFlow::run() {
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  Options.AddEHEdges = false;
  Graph = CFG::buildCFG(Function, Function->getBody(), &Context, Options);
  if (!Graph)
    return false;
  if (!collectOps())
    return false;
  collectFlags();

  const auto *Proto = Function->getType()->getAs<FunctionProtoType>();
  ThrowChecks = Cfg.CheckExceptionPaths && Context.getLangOpts().CPlusPlus &&
                Context.getLangOpts().CXXExceptions && Proto &&
                !Proto->isNothrow() && !containsTry(Function->getBody());

  const unsigned NumBlocks = Graph->getNumBlockIDs();
  std::vector<FlowState> In(NumBlocks);
  FlowState Initial;
  Initial.Reached = true;
  Initial.Locks.resize(Locks.size());
  for (const ParmVarDecl *Param : Function->parameters())
    if (FlagVars.count(Param))
      Initial.Flags.push_back({Param, Initial.Locks, Initial.Locks});
  // Const data members of the object keep the value they have on entry.
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      Method && Method->isInstance() && !isa<CXXConstructorDecl>(Method))
    for (const FieldDecl *Field : Method->getParent()->fields())
      if (Field->getType().isConstQualified() &&
          Field->getType()->isIntegralOrEnumerationType()) {
        FlagVars.insert(Field);
        if (Field->getType()->isBooleanType())
          BinaryFlags.insert(Field);
        Initial.Flags.push_back({Field, Initial.Locks, Initial.Locks});
      }
  const CFGBlock &Entry = Graph->getEntry();
  In[Entry.getBlockID()] = Initial;
  std::deque<const CFGBlock *> Work{&Entry};
  llvm::BitVector Queued(NumBlocks);
  Queued.set(Entry.getBlockID());
  // The lattice is finite and joins only add bits, so this terminates; the
  // bound is a guard against surprises in huge functions.
  unsigned Budget = (NumBlocks * 64) + 1024;
  while (!Work.empty()) {
    if (Budget-- == 0)
      return false;
    const CFGBlock *Block = Work.front();
    Work.pop_front();
    Queued.reset(Block->getBlockID());
    FlowState Out = In[Block->getBlockID()];
    transferBlock(*Block, Out, /*Report=*/false);
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const unsigned SuccIndex = Index++;
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      FlowState const Edge = edgeState(*Block, Out, SuccIndex);
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

  // Second pass with the fixed point: report.
  const CFGBlock &Exit = Graph->getExit();
  for (const CFGBlock *Block : *Graph) {
    const FlowState &Start = In[Block->getBlockID()];
    if (!Start.Reached)
      continue;
    FlowState Out = Start;
    transferBlock(*Block, Out, /*Report=*/true);
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const unsigned SuccIndex = Index++;
      if (Succ.getReachableBlock() == &Exit)
        recordExit(*Block, edgeState(*Block, Out, SuccIndex));
    }
  }
  return true;
}

/// True when \p Name reads like a function whose job is to take a lock
/// (`lock`, `Lock`, `lock_stats`, `AcquireWriter`): it returns holding it on
/// purpose.
static bool isAcquireFunctionName(StringRef Name) {
  llvm::SmallVector<std::string, 4> Words;
  std::string Current;
  for (size_t I = 0; I < Name.size(); ++I) {
    const char C = Name[I];
    if (C == '_' || llvm::isDigit(C)) {
      if (!Current.empty())
        Words.push_back(Current);
      Current.clear();
      continue;
    }
    if (llvm::isUpper(C) && !Current.empty() &&
        (!llvm::isUpper(Name[I - 1]) ||
         (I + 1 < Name.size() && llvm::isLower(Name[I + 1])))) {
      Words.push_back(Current);
      Current.clear();
    }
    Current.push_back(llvm::toLower(C));
  }
  if (!Current.empty())
    Words.push_back(Current);
  if (Words.empty())
    return false;
  for (const std::string &Word : Words)
    if (Word == "unlock" || Word == "release" || Word == "leave" ||
        Word == "unlocked")
      return false;
  // The verb leads or ends the name: `lock`, `lock_stats`, `acquireWriter`,
  // `mutex_lock`, `ReaderLock`; not `positiveTryLockLeak`.
  // `lock`, `rwlock`, `tryrdlock`, `spinlock`; not `block`, `clock`.
  auto IsAcquireWord = [](StringRef Word) {
    if (Word == "acquire" || Word == "enter" || Word == "locked")
      return true;
    return Word.ends_with("lock") && !Word.ends_with("unlock") &&
           !Word.ends_with("block") && !Word.ends_with("clock") &&
           !Word.ends_with("deadlock");
  };
  if (IsAcquireWord(Words.front()) || IsAcquireWord(Words.back()))
    return true;
  return Words.size() >= 2 && Words[0] == "try" && IsAcquireWord(Words[1]);
}

namespace {
/// Collects the identities of the locks a destructor releases.
class DtorReleases : public RecursiveASTVisitor<DtorReleases> {
public:
  explicit DtorReleases(const LockModel &Model) : Model(Model) {}
  bool VisitCallExpr(CallExpr *Call) {
    for (const LockOp &Op : Model.classify(Call))
      if (Op.Kind == LockOpKind::Release)
        if (auto Key = lockIdentity(Op.Object, Op.ThroughPointer))
          Keys.push_back(*Key);
    return true;
  }
  llvm::SmallVector<std::string, 2> Keys;

private:
  const LockModel &Model;
};
} // namespace

/// The source text of \p Range, or empty when it is not plain file text.
static StringRef fileText(SourceRange Range, const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
    return {};
  return Lexer::getSourceText(CharSourceRange::getTokenRange(Range), SM,
                              Context.getLangOpts());
}

/// The identifiers of \p Body a new local could clash with: every identifier
/// token that is not a member name (after `.`, `->`) or qualified (after
/// `::`).
static void collectNames(const Stmt *Body, const ASTContext &Context,
                         llvm::StringSet<> &Names) {
  const SourceManager &SM = Context.getSourceManager();
  const CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Body->getSourceRange()), SM,
      Context.getLangOpts());
  if (Range.isInvalid())
    return;
  const std::pair<FileID, unsigned> Begin =
      SM.getDecomposedLoc(Range.getBegin());
  const StringRef Buffer = SM.getBufferData(Begin.first);
  Lexer Lex(SM.getLocForStartOfFile(Begin.first), Context.getLangOpts(),
            Buffer.begin(), Buffer.begin() + Begin.second, Buffer.end());
  const unsigned End = SM.getFileOffset(Range.getEnd());
  Token Tok;
  tok::TokenKind Previous = tok::unknown;
  while (!Lex.LexFromRawLexer(Tok)) {
    if (SM.getFileOffset(Tok.getLocation()) > End)
      break;
    if (Tok.is(tok::raw_identifier) && Previous != tok::period &&
        Previous != tok::arrow && Previous != tok::coloncolon)
      Names.insert(Tok.getRawIdentifier());
    Previous = Tok.getKind();
  }
}

/// The range of the statement \p S including its `;`; when nothing else
/// shares its line, from the end of the previous line, so removing it leaves
/// neither a blank line nor stray indentation.
static std::optional<CharSourceRange>
statementRemovalRange(const Stmt *S, const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LO = Context.getLangOpts();
  const SourceLocation Semi =
      Lexer::findLocationAfterToken(S->getEndLoc(), tok::semi, SM, LO,
                                    /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (Semi.isInvalid())
    return std::nullopt;
  const std::pair<FileID, unsigned> Begin =
      SM.getDecomposedLoc(S->getBeginLoc());
  const std::pair<FileID, unsigned> After = SM.getDecomposedLoc(Semi);
  if (Begin.first != After.first)
    return std::nullopt;
  const StringRef Buffer = SM.getBufferData(Begin.first);
  unsigned Start = Begin.second;
  const unsigned Stop = After.second;
  unsigned LineStart = Start;
  while (LineStart > 0 &&
         (Buffer[LineStart - 1] == ' ' || Buffer[LineStart - 1] == '\t'))
    --LineStart;
  unsigned LineEnd = Stop;
  while (LineEnd < Buffer.size() &&
         (Buffer[LineEnd] == ' ' || Buffer[LineEnd] == '\t'))
    ++LineEnd;
  if (LineStart > 0 && Buffer[LineStart - 1] == '\n' &&
      (LineEnd == Buffer.size() || Buffer[LineEnd] == '\n' ||
       Buffer[LineEnd] == '\r'))
    Start = LineStart - 1;
  const SourceLocation FileStart = SM.getLocForStartOfFile(Begin.first);
  return CharSourceRange::getCharRange(
      FileStart.getLocWithOffset(static_cast<int>(Start)),
      FileStart.getLocWithOffset(static_cast<int>(LineEnd)));
}

namespace {
/// Finds any mention of a lock other than the calls the fix rewrites, and
/// any jump the new declaration could be crossed by.
class FixBlocker : public RecursiveASTVisitor<FixBlocker> {
public:
  FixBlocker(StringRef Key, llvm::ArrayRef<const Expr *> Allowed)
      : Key(Key), Allowed(Allowed) {}
  static bool shouldVisitLambdaBody() { return true; }
  bool VisitGotoStmt(GotoStmt *) { return block(); }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return block(); }
  bool VisitLabelStmt(LabelStmt *) { return block(); }
  bool VisitDeclRefExpr(DeclRefExpr *E) { return mention(E); }
  bool VisitMemberExpr(MemberExpr *E) { return mention(E); }
  bool Blocked = false;

private:
  bool block() {
    Blocked = true;
    return false;
  }
  bool mention(const Expr *E) {
    if (llvm::is_contained(Allowed, E))
      return true;
    const std::optional<std::string> Identity = lockIdentity(E, false);
    if (Identity && *Identity == Key)
      return block();
    return true;
  }
  StringRef Key;
  llvm::ArrayRef<const Expr *> Allowed;
};
} // namespace

std::optional<UnreleasedLockCheck::RaiiFix> UnreleasedLockCheck::buildRaiiFix(
    const FunctionDecl *Function, const CallExpr *Acquire, const LockOp &Op,
    StringRef Key, llvm::ArrayRef<const CallExpr *> Releases,
    unsigned AcquireCount, bool OtherReleases, llvm::StringSet<> &UsedNames,
    ASTContext &Context) {
  const LangOptions &LO = Context.getLangOpts();
  const SourceManager &SM = Context.getSourceManager();
  // Without any release the lock is meant to outlive the function (or the
  // function is wrong in a way a guard would not fix): no rewrite.
  if (!LO.CPlusPlus11 || AcquireCount != 1 || OtherReleases ||
      Releases.empty() || Function->isTemplateInstantiation() ||
      Function->isDependentContext())
    return std::nullopt;
  // std::unique_lock needs lock()/unlock(); std::shared_lock (C++14)
  // lock_shared()/unlock_shared().
  const bool Shared = Op.Name == "lock_shared";
  if (Op.Name != "lock" && !Shared)
    return std::nullopt;
  if (Shared && !LO.CPlusPlus14)
    return std::nullopt;
  const StringRef ReleaseName = Shared ? "unlock_shared" : "unlock";
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Acquire);
  if (!Member || Acquire->getBeginLoc().isMacroID() ||
      Acquire->getEndLoc().isMacroID())
    return std::nullopt;
  const Expr *Object = Member->getImplicitObjectArgument();
  if (!Object || Object->HasSideEffects(Context))
    return std::nullopt;
  const Expr *Callee = Member->getCallee()->IgnoreParenImpCasts();
  const auto *CalleeMember = dyn_cast<MemberExpr>(Callee);
  if (!CalleeMember || CalleeMember->isImplicitAccess())
    return std::nullopt;
  std::string MutexText;
  {
    const StringRef Text = fileText(Object->getSourceRange(), Context);
    if (Text.empty())
      return std::nullopt;
    MutexText = CalleeMember->isArrow() ? "*" + Text.str() : Text.str();
  }

  // The acquire is a statement of a compound statement that is not a switch
  // body (case labels could jump past the new declaration).
  const ParentIndex::ParentList Parents =
      ParentIndex::of(Context).parents(*Acquire);
  if (Parents.size() != 1)
    return std::nullopt;
  const auto *Compound = Parents[0].get<CompoundStmt>();
  if (!Compound)
    return std::nullopt;
  for (const DynTypedNode &Parent : ParentIndex::of(Context).parents(*Compound))
    if (Parent.get<SwitchStmt>())
      return std::nullopt;
  if (llvm::any_of(Compound->body(),
                   [](const Stmt *S) { return isa<SwitchCase>(S); }))
    return std::nullopt;

  // Every release is a plain `m.unlock();` inside that compound statement,
  // after the acquire.
  const SourceRange Scope = Compound->getSourceRange();
  llvm::SmallVector<const Expr *, 4> Allowed;
  for (const CallExpr *Release : Releases) {
    const auto *ReleaseMember = dyn_cast<CXXMemberCallExpr>(Release);
    if (!ReleaseMember || !ReleaseMember->getMethodDecl() ||
        ReleaseMember->getMethodDecl()->getName() != ReleaseName)
      return std::nullopt;
    if (Release->getBeginLoc().isMacroID() || Release->getEndLoc().isMacroID())
      return std::nullopt;
    if (!SM.isBeforeInTranslationUnit(Acquire->getEndLoc(),
                                      Release->getBeginLoc()) ||
        !SM.isBeforeInTranslationUnit(Release->getEndLoc(), Scope.getEnd()))
      return std::nullopt;
    Allowed.push_back(ReleaseMember->getImplicitObjectArgument());
  }
  Allowed.push_back(Object);
  FixBlocker Blocker(Key, Allowed);
  Blocker.TraverseStmt(Function->getBody());
  if (Blocker.Blocked)
    return std::nullopt;

  // A name nothing in the function uses.
  if (UsedNames.empty())
    collectNames(Function->getBody(), Context, UsedNames);
  std::string Name;
  std::string MutexName;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()))
    MutexName = Ref->getDecl()->getNameAsString();
  else if (const auto *Field =
               dyn_cast<MemberExpr>(Object->IgnoreParenImpCasts()))
    MutexName = Field->getMemberDecl()->getNameAsString();
  llvm::SmallVector<std::string, 3> Candidates = {"lock"};
  if (!MutexName.empty())
    Candidates.push_back(MutexName + "_lock");
  for (const std::string &Candidate : Candidates)
    if (!UsedNames.contains(Candidate)) {
      Name = Candidate;
      break;
    }
  for (unsigned Suffix = 2; Name.empty(); ++Suffix) {
    const std::string Candidate = "lock" + std::to_string(Suffix);
    if (!UsedNames.contains(Candidate))
      Name = Candidate;
  }
  UsedNames.insert(Name);

  // Which guard: a scope guard when the only release ends the compound
  // statement (the guard's destructor is that release), an owning
  // std::unique_lock/std::shared_lock otherwise, so the explicit releases
  // stay where they are.
  const bool EndsScope = Releases.size() == 1 && !Compound->body_empty() &&
                         Compound->body_back() == Releases.front();
  std::string TypeText;
  if (!LO.CPlusPlus17) {
    PrintingPolicy Policy(LO);
    Policy.SuppressUnwrittenScope = true;
    QualType Type = CalleeMember->isArrow()
                        ? Object->getType()->getPointeeType()
                        : Object->getType();
    Type = Type.getNonReferenceType().getUnqualifiedType();
    if (Type->isDependentType())
      return std::nullopt;
    TypeText = "<" + Type.getAsString(Policy) + ">";
  }
  std::string Guard;
  if (Shared)
    Guard = "std::shared_lock";
  else if (EndsScope)
    Guard = LO.CPlusPlus17 ? "std::scoped_lock" : "std::lock_guard";
  else
    Guard = "std::unique_lock";

  RaiiFix Fix;
  Fix.Header = Shared ? "<shared_mutex>" : "<mutex>";
  Fix.Hints.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Acquire->getSourceRange()),
      Guard + TypeText + " " + Name + "(" + MutexText + ")"));
  if (EndsScope) {
    const std::optional<CharSourceRange> Removal =
        statementRemovalRange(Releases.front(), Context);
    if (!Removal)
      return std::nullopt;
    Fix.Hints.push_back(FixItHint::CreateRemoval(*Removal));
    return Fix;
  }
  for (const CallExpr *Release : Releases)
    Fix.Hints.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Release->getSourceRange()),
        Name + ".unlock()"));
  return Fix;
}

UnreleasedLockCheck::UnreleasedLockCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawExtraLockPairs(Options.get("ExtraLockPairs", "")),
      RawAcquireFunctionsRegex(Options.get("AcquireFunctionsRegex", "")),
      RawNoThrowFunctions(Options.get("NoThrowFunctions", "")),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  Cfg.CheckExceptionPaths = Options.get("CheckExceptionPaths", true);

  // ExtraLockPairs: `acquire=release;acquire=release`.
  bool PairsOk = true;
  llvm::SmallVector<StringRef, 4> Entries;
  StringRef(RawExtraLockPairs).split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    auto [Acquire, Release] = Entry.split('=');
    Acquire = Acquire.trim();
    Release = Release.trim();
    Acquire.consume_front("::");
    Release.consume_front("::");
    if (Acquire.empty() || Release.empty() || Release.contains('=') ||
        !Entry.contains('=')) {
      PairsOk = false;
      break;
    }
    ExtraLockPairs.emplace_back(Acquire.str(), Release.str());
  }
  if (!PairsOk) {
    configurationDiag("invalid value '%0' for option 'ExtraLockPairs' of "
                      "check '%1'; expected 'acquire=release;...' with fully "
                      "qualified function names; using the default (none)")
        << RawExtraLockPairs << Name;
    ExtraLockPairs.clear();
  }

  if (!RawAcquireFunctionsRegex.empty()) {
    llvm::Regex Regex(RawAcquireFunctionsRegex);
    std::string Error;
    if (Regex.isValid(Error))
      Cfg.AcquireFunctions.emplace(std::move(Regex));
    else
      configurationDiag("invalid value '%0' for option "
                        "'AcquireFunctionsRegex' of check '%1': %2; expected "
                        "a regular expression; using the default (none)")
          << RawAcquireFunctionsRegex << Name << Error;
  }

  llvm::SmallVector<StringRef, 4> NoThrow;
  StringRef(RawNoThrowFunctions).split(NoThrow, ';', -1, false);
  for (StringRef Function : NoThrow) {
    Function = Function.trim();
    Function.consume_front("::");
    if (!Function.empty())
      Cfg.NoThrowFunctions.insert(Function);
  }

  Model = std::make_unique<LockModel>(ExtraLockPairs);
}

void UnreleasedLockCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExtraLockPairs", RawExtraLockPairs);
  Options.store(Opts, "AcquireFunctionsRegex", RawAcquireFunctionsRegex);
  Options.store(Opts, "CheckExceptionPaths", Cfg.CheckExceptionPaths);
  Options.store(Opts, "NoThrowFunctions", RawNoThrowFunctions);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void UnreleasedLockCheck::registerPPCallbacks(const SourceManager &,
                                              Preprocessor *PP,
                                              Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void UnreleasedLockCheck::onEndOfTranslationUnit() {
  Analysed.clear();
  Reported.clear();
}

bool UnreleasedLockCheck::firstReport(SourceLocation Loc, unsigned Kind,
                                      StringRef Lock) {
  // One report per place, kind and lock: instantiations of a template share
  // the place, the locks of one std::lock(A, B) call do not share the lock.
  return Reported
      .insert(
          (Twine(Loc.getRawEncoding()) + ":" + Twine(Kind) + ":" + Lock).str())
      .second;
}

void UnreleasedLockCheck::registerMatchers(MatchFinder *Finder) {
  const std::vector<std::string> Functions = Model->acquireFunctionNames();
  const std::vector<std::string> Methods = Model->acquireMethodNames();
  const std::vector<StringRef> FunctionRefs(Functions.begin(), Functions.end());
  const std::vector<StringRef> MethodRefs(Methods.begin(), Methods.end());
  // Anchor on the acquire calls: only functions that contain one get a CFG.
  // userCallNamed() first: it turns away nearly every call with one lookup,
  // system headers included (the standard library locks its own mutexes;
  // CallFilter.h); the full names are matched after it. The enclosing
  // function, template instantiations and the statement around a release()
  // come from the function-local ParentIndex in check(): forCallable,
  // isInTemplateInstantiation and hasParent would map the parents of the
  // whole translation unit (docs/performance.md).
  //
  // Traversed AsIs: a template whose lock type is dependent shows its calls
  // only in the instantiations; their findings are spelled in the template
  // and reported once (see firstReport).
  std::vector<std::string> AllNames = Functions;
  AllNames.insert(AllNames.end(), Methods.begin(), Methods.end());
  Finder->addMatcher(
      traverse(TK_AsIs,
               callExpr(userCallNamed(lastComponents(AllNames)),
                        anyOf(callee(functionDecl(hasAnyName(FunctionRefs))),
                              cxxMemberCallExpr(callee(
                                  cxxMethodDecl(hasAnyName(MethodRefs))))))
                   .bind("acquire")),
      this);
  if (getLangOpts().CPlusPlus)
    Finder->addMatcher(
        cxxMemberCallExpr(
            userCallNamed(lastComponents(std::array<StringRef, 1>{"release"})),
            callee(cxxMethodDecl(hasName("release"),
                                 ofClass(hasAnyName("::std::unique_lock",
                                                    "::std::shared_lock")))))
            .bind("release"),
        this);
}

/// True when the value of \p Call is dropped: it is an expression statement
/// of a block, a case or a label (looking through the implicit nodes around
/// a full expression).
static bool isDiscarded(const Expr *Call, ASTContext &Context) {
  ParentIndex &Index = ParentIndex::of(Context);
  DynTypedNode Node = DynTypedNode::create(*Call);
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    const ParentIndex::ParentList Parents = Index.parents(Node);
    if (Parents.size() != 1)
      return false;
    const auto *Parent = Parents.front().get<Stmt>();
    if (!Parent)
      return false;
    if (isa<CompoundStmt, SwitchCase, LabelStmt>(Parent))
      return true;
    if (!isa<FullExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
             CXXBindTemporaryExpr>(Parent))
      return false;
    Node = Parents.front();
  }
  return false;
}

void UnreleasedLockCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Context = *Result.Context;
  if (const auto *Release =
          Result.Nodes.getNodeAs<CXXMemberCallExpr>("release")) {
    if (isDiscarded(Release, Context))
      checkDiscardedRelease(Release, Context);
    return;
  }
  ParentIndex &Index = ParentIndex::of(Context);
  const auto *Acquire = Result.Nodes.getNodeAs<CallExpr>("acquire");
  if (!Acquire)
    return;
  // Code spelled in the source is read as the check's traversal kind shows
  // it; template instantiations as they are.
  const bool Instantiated = Index.isInTemplateInstantiation(*Acquire);
  const TraversalKindScope Kind(
      Context, Instantiated ? TK_AsIs : TK_IgnoreUnlessSpelledInSource);
  const FunctionDecl *Function = Index.enclosingFunction(*Acquire);
  if (!Function || !Function->getBody() || !Analysed.insert(Function).second)
    return;
  analyseFunction(Function, *Result.Context);
}

/// True when \p Object names a local holder constructed with
/// `std::adopt_lock`.
static bool adoptedALock(const Expr *Object) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
      Object ? Object->IgnoreParenImpCasts() : nullptr);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->getInit())
    return false;
  const auto *Construct =
      dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit());
  if (!Construct)
    return false;
  return llvm::any_of(Construct->arguments(), [](const Expr *Arg) {
    const CXXRecordDecl *Tag = Arg->getType()->getAsCXXRecordDecl();
    return Tag && Tag->getName() == "adopt_lock_t" && Tag->isInStdNamespace();
  });
}

void UnreleasedLockCheck::checkDiscardedRelease(const CXXMemberCallExpr *Call,
                                                ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  SourceLocation Loc = Call->getBeginLoc();
  if (Loc.isMacroID()) {
    if (!SM.isMacroArgExpansion(Loc))
      return;
    Loc = SM.getFileLoc(Loc);
  }
  // A holder that adopted a lock someone else took (`unique_lock L(M,
  // std::adopt_lock); Cv.wait(L); L.release();`) hands it back to that owner.
  if (adoptedALock(Call->getImplicitObjectArgument()))
    return;
  const CXXRecordDecl *Holder = Call->getMethodDecl()->getParent();
  diag(Loc, "the result of '%0' is discarded; the mutex stays locked and no "
            "owner is left to unlock it")
      << ("std::" + Holder->getName() + "::release").str();
}

/// The location to report at, or invalid when \p Loc is spelled in a macro
/// body (not the user's code at this place).
static SourceLocation reportLoc(SourceLocation Loc, const SourceManager &SM) {
  if (!Loc.isMacroID())
    return Loc;
  if (!SM.isMacroArgExpansion(Loc))
    return {};
  const SourceLocation File = SM.getFileLoc(Loc);
  return File;
}

void UnreleasedLockCheck::analyseFunction(const FunctionDecl *Function,
                                          ASTContext &Context) {
  if (Function->isInvalidDecl() || !Function->getBody())
    return;
  const SourceManager &SM = Context.getSourceManager();
  if (SM.isInSystemHeader(Function->getLocation()))
    return;

  LockFlow Flow(Function, Context, *Model, Cfg, Analyzer);
  if (!Flow.run())
    return;

  // Functions whose job is to leave the lock held for their caller.
  bool LeakExempt = Function->hasAttr<AcquireCapabilityAttr>() ||
                    Function->hasAttr<TryAcquireCapabilityAttr>() ||
                    Function->hasAttr<AcquireHandleAttr>();
  std::string Name;
  const auto *Method = dyn_cast<CXXMethodDecl>(Function);
  const bool IsLambda = Method && Method->getParent()->isLambda();
  if (!IsLambda) {
    Name = Function->getNameAsString();
    if (Function->getDeclName().isIdentifier() &&
        isAcquireFunctionName(Function->getName()))
      LeakExempt = true;
    if (Cfg.AcquireFunctions &&
        Cfg.AcquireFunctions->match(Function->getQualifiedNameAsString()))
      LeakExempt = true;
  }
  const std::string FunctionDesc = IsLambda ? "the lambda" : "'" + Name + "'";
  // A body that is nothing but the acquire (`void pause() { m.lock(); }`)
  // is a wrapper whose caller releases.
  if (const auto *Body = dyn_cast<CompoundStmt>(Function->getBody());
      Body && Body->size() == 1 && Flow.Acquires.size() == 1) {
    const Stmt *Only = Body->body_front();
    if (const auto *Return = dyn_cast<ReturnStmt>(Only))
      Only = Return->getRetValue();
    if (const auto *E = dyn_cast_or_null<Expr>(Only))
      if (E->IgnoreImplicit()->IgnoreParenImpCasts() == Flow.Acquires.front())
        LeakExempt = true;
  }

  // A lock taken in a constructor and released in the destructor of the same
  // class is the RAII idiom itself.
  llvm::SmallVector<std::string, 2> DtorKeys;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Function))
    if (const CXXRecordDecl *Def = Ctor->getParent()->getDefinition())
      if (const CXXDestructorDecl *Dtor = Def->getDestructor())
        if (const FunctionDecl *DtorDef = Dtor->getDefinition())
          if (DtorDef->getBody()) {
            DtorReleases Visitor(*Model);
            Visitor.TraverseStmt(DtorDef->getBody());
            DtorKeys = std::move(Visitor.Keys);
          }

  // A lock reached through a parameter and released nowhere in the function:
  // an acquire wrapper (`void lock_at(Mutex *M, const char *File) {
  // pthread_mutex_lock(&M->Raw); log(File); }`), the caller's to release as
  // an unlock without an acquire is the caller's lock; or the constructor
  // of a guard whose destructor releases (`Guard(std::mutex &m) : M(m) {
  // m.lock(); }`, `~Guard() { M.unlock(); }`).
  if (Flow.Releases.empty() &&
      (!isa<CXXConstructorDecl>(Function) || !DtorKeys.empty()) &&
      llvm::all_of(Flow.AcquireOp, [](const LockOp &Op) {
        return rootedInParameter(Op.Object);
      }))
    LeakExempt = true;

  llvm::StringSet<> UsedNames;
  for (unsigned const Site : llvm::seq<unsigned>(0, Flow.Acquires.size())) {
    const auto It = Flow.Findings.find(Site);
    if (It == Flow.Findings.end())
      continue;
    const AcquireFinding &Finding = It->second;
    const LockInfo &Lock = Flow.Locks[Flow.AcquireLock[Site]];
    if (llvm::is_contained(DtorKeys, Lock.Key))
      continue;
    const bool LeakReported = (Finding.Leaks && !LeakExempt) ||
                              !Finding.LoopReacquires.empty() ||
                              !Finding.OtherReacquires.empty();
    // A function whose job is to acquire leaves the lock held on purpose;
    // a throw on the way out is its caller's concern, not a leak of its own.
    if (!LeakReported && (!Finding.ThrowingCall || LeakExempt))
      continue;
    const CallExpr *Acquire = Flow.Acquires[Site];
    const SourceLocation Loc = reportLoc(Acquire->getBeginLoc(), SM);
    const std::string &Spelling = Flow.AcquireSpelling[Site];
    if (Loc.isInvalid() || !firstReport(Loc, 0, Spelling))
      continue;
    {
      DiagnosticBuilder const Diag =
          LeakReported
              ? diag(Loc, "'%0' is locked here and not released on every "
                          "path; the next attempt to lock it deadlocks")
              : diag(Loc, "'%0' stays locked if an exception is thrown "
                          "before it is released; use a RAII guard");
      Diag << Spelling;
      const LockInfo &Lock = Flow.Locks[Flow.AcquireLock[Site]];
      if (std::optional<RaiiFix> Fix =
              buildRaiiFix(Function, Acquire, Flow.AcquireOp[Site], Lock.Key,
                           Lock.ReleaseCalls, Lock.AcquireCount,
                           Lock.OtherReleases, UsedNames, Context)) {
        for (const FixItHint &Hint : Fix->Hints)
          Diag << Hint;
        Diag << Inserter.createIncludeInsertion(
            SM.getFileID(SM.getExpansionLoc(Loc)), Fix->Header);
      }
    }
    // Notes in source order, whatever order the CFG visited them in.
    llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> Notes;
    const std::string Quoted = "'" + Spelling + "'";
    if (Finding.Leaks && !LeakExempt) {
      for (const auto &[ExitLoc, Kind] : Finding.Exits) {
        const char *How = " returns here";
        if (Kind == ExitKind::Throw)
          How = " throws here";
        else if (Kind == ExitKind::EndOfBody)
          How = " reaches its end here";
        std::string Text = Quoted;
        Text += " is still locked when ";
        Text += FunctionDesc;
        Text += How;
        Notes.emplace_back(SM.getFileLoc(ExitLoc), std::move(Text));
      }
    }
    for (const SourceLocation Again : Finding.LoopReacquires)
      Notes.emplace_back(SM.getFileLoc(Again),
                         "the next loop iteration locks " + Quoted +
                             " again here while it is still held");
    for (const SourceLocation Again : Finding.OtherReacquires)
      Notes.emplace_back(SM.getFileLoc(Again),
                         Quoted + " is locked again here while it may still "
                                  "be held");
    if (Finding.ThrowingCall) {
      const Expr *Throwing = Finding.ThrowingCall;
      std::string Callee = "this call";
      if (const auto *Call = dyn_cast<CallExpr>(Throwing)) {
        if (const FunctionDecl *Direct = Call->getDirectCallee())
          Callee = "'" + Direct->getNameAsString() + "'";
      } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Throwing)) {
        Callee = "the constructor of '" +
                 Construct->getType().getUnqualifiedType().getAsString(
                     Context.getPrintingPolicy()) +
                 "'";
      }
      std::string Text = Callee;
      Text += " may throw here while ";
      Text += Quoted;
      Text += " is held";
      Notes.emplace_back(SM.getFileLoc(Throwing->getBeginLoc()),
                         std::move(Text));
    }
    llvm::sort(Notes, [&](const auto &A, const auto &B) {
      return SM.isBeforeInTranslationUnit(A.first, B.first);
    });
    for (const auto &[NoteLoc, Text] : Notes)
      diag(NoteLoc, "%0", DiagnosticIDs::Note) << Text;
  }

  for (const auto &[Second, Firsts] : Flow.DoubleLocks) {
    const CallExpr *Acquire = Flow.Acquires[Second];
    const SourceLocation Loc = reportLoc(Acquire->getBeginLoc(), SM);
    const std::string &Spelling = Flow.AcquireSpelling[Second];
    if (Loc.isInvalid() || !firstReport(Loc, 1, Spelling))
      continue;
    diag(Loc, "'%0' is locked again while this thread already holds it; a "
              "non-recursive lock deadlocks")
        << Spelling;
    for (unsigned const Site : llvm::seq<unsigned>(0, Flow.Acquires.size()))
      if (Firsts & (uint64_t{1} << Site))
        diag(SM.getFileLoc(Flow.Acquires[Site]->getBeginLoc()),
             "'%0' was locked here", DiagnosticIDs::Note)
            << Spelling;
  }

  for (const auto &[Second, LockIndex, Previous] : Flow.DoubleUnlocks) {
    const Expr *Release = Flow.Releases[Second];
    const SourceLocation Loc = reportLoc(Release->getBeginLoc(), SM);
    (void)LockIndex;
    const std::string &Spelling = Flow.ReleaseSpelling[Second];
    if (Loc.isInvalid() || !firstReport(Loc, 2, Spelling))
      continue;
    diag(Loc, "'%0' is unlocked again after it was already released on every "
              "path; unlocking a lock this thread does not hold is undefined "
              "behavior")
        << Spelling;
    for (unsigned const Site : llvm::seq<unsigned>(0, Flow.Releases.size()))
      if (Previous & (uint64_t{1} << Site))
        diag(SM.getFileLoc(Flow.Releases[Site]->getBeginLoc()),
             "'%0' was released here", DiagnosticIDs::Note)
            << Spelling;
  }
}

} // namespace clang::tidy::threads
