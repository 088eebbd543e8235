//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/PromiseModel.h"
#include "analysis/AddressEscape.h"
#include "utils/NameMatching.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threads::analysis {

bool isStdPromiseType(QualType Type) { return isStdClass(Type, "promise"); }

bool isPromiseSetter(StringRef Name) {
  return Name == "set_value" || Name == "set_exception" ||
         Name == "set_value_at_thread_exit" ||
         Name == "set_exception_at_thread_exit";
}

namespace {
/// The promises of one function whose address escapes: taken (`&P`), bound
/// to a reference variable (`auto &R = P`, `[&R = P]`), captured by
/// reference, named in a braced initializer (an aggregate member bound to
/// it), or named in a constructor's member initializers (which the CFG
/// does not evaluate). Such a promise may be satisfied through the alias;
/// the engine does not follow it.
class EscapeFinder : public AddressEscapeFinder<EscapeFinder> {
public:
  static bool isTrackedType(QualType Type) { return isStdPromiseType(Type); }

  bool VisitVarDecl(VarDecl *Var) {
    AddressEscapeFinder::VisitVarDecl(Var);
    // `auto F = P.get_future();` in a local std::future.
    if (Var->hasLocalStorage() && isStdFutureType(Var->getType()))
      if (const Expr *Call = futureCall(Var->getInit()))
        LocalFutures[Var] = Call;
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (InInitializers)
      add(Ref);
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && isStdFutureType(Var->getType()))
      FutureRefs[Var].push_back(Ref);
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const Expr *Object = Call->getImplicitObjectArgument();
    if (!Method || !Object || !Method->getDeclName().isIdentifier())
      return true;
    const auto *Ref = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var)
      return true;
    const StringRef Name = Method->getName();
    if (Name == "get_future") {
      FutureCalls.emplace_back(Var, Call);
      return true;
    }
    // What a future that stays here is used for: waiting on it.
    if (Name == "get" || Name == "wait" || Name == "wait_for" ||
        Name == "wait_until" || Name == "valid")
      WaitRefs.insert(Ref);
    return true;
  }

  /// The get_future() calls whose future is kept in a local std::future
  /// that the function only waits on (get, wait, wait_for, wait_until,
  /// valid): it dies with the function, so nobody else can wait on it.
  llvm::SmallPtrSet<const Expr *, 4> localOnlyCalls() const {
    llvm::SmallPtrSet<const Expr *, 4> Calls;
    for (const auto &[Future, Call] : LocalFutures) {
      const auto It = FutureRefs.find(Future);
      if (It == FutureRefs.end() ||
          llvm::all_of(It->second, [&](const DeclRefExpr *Ref) {
            return WaitRefs.contains(Ref);
          }))
        Calls.insert(Call);
    }
    return Calls;
  }

  bool InInitializers = false;
  llvm::SmallVector<std::pair<const VarDecl *, const Expr *>, 2> FutureCalls;

private:
  static bool isStdFutureType(QualType Type) {
    return isStdClass(Type, "future");
  }
  /// The `P.get_future()` call \p Init is, looking through temporaries and
  /// the copy or move of one, or null.
  static const Expr *futureCall(const Expr *Init) {
    for (unsigned Depth = 0; Init && Depth < 4; ++Depth) {
      Init = Init->IgnoreImplicit();
      if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Init)) {
        const CXXMethodDecl *Method = Call->getMethodDecl();
        return Method && Method->getDeclName().isIdentifier() &&
                       Method->getName() == "get_future"
                   ? Call
                   : nullptr;
      }
      const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
      if (!Construct || Construct->getNumArgs() != 1)
        return nullptr;
      Init = Construct->getArg(0);
    }
    return nullptr;
  }

  llvm::DenseMap<const VarDecl *, const Expr *> LocalFutures;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const DeclRefExpr *, 2>>
      FutureRefs;
  llvm::SmallPtrSet<const DeclRefExpr *, 4> WaitRefs;
};
} // namespace

const PromiseModel::FunctionFacts &
PromiseModel::factsOf(const FunctionDecl *Function) const {
  auto [It, Inserted] = Facts.try_emplace(Function);
  if (Inserted && Function->getBody()) {
    EscapeFinder Finder;
    Finder.TraverseStmt(Function->getBody());
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Function)) {
      Finder.InInitializers = true;
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten())
          Finder.TraverseStmt(Init->getInit());
    }
    It->second.Escaped = std::move(Finder.Found);
    It->second.LocalOnly = Finder.localOnlyCalls();
    for (const auto &[Var, Call] : Finder.FutureCalls)
      if (!It->second.LocalOnly.contains(Call))
        It->second.WithFuture.insert(Var);
  }
  return It->second;
}

bool PromiseModel::ownedFromStart(const VarDecl *Var) {
  return isa<ParmVarDecl>(Var) || Var->isInitCapture();
}

bool PromiseModel::isTracked(const VarDecl *Var) const {
  if (!Var || !Var->hasLocalStorage() || !isStdPromiseType(Var->getType()))
    return false;
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  return Function && !factsOf(Function).Escaped.contains(Var);
}

bool PromiseModel::isLocalOnlyFuture(const VarDecl *Var,
                                     const Expr *Call) const {
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  return Function && factsOf(Function).LocalOnly.contains(Call);
}

bool PromiseModel::futureTaken(const VarDecl *Var) const {
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  return Function && factsOf(Function).WithFuture.contains(Var);
}

llvm::SmallVector<LockOp, 1>
PromiseModel::declarationOps(const VarDecl *Var) const {
  // A local whose future this function never takes: nobody it knows of can
  // wait on it, so it has no obligation; its declaration is followed only
  // so that a second set_value on it is seen (Name "declaration": no leak
  // is reported from it).
  llvm::SmallVector<LockOp, 1> Ops;
  if (!isTracked(Var) || ownedFromStart(Var) || futureTaken(Var))
    return Ops;
  LockOp Op;
  Op.Kind = LockOpKind::Acquire;
  Op.Named = Var;
  Op.Name = "declaration";
  Ops.push_back(Op);
  return Ops;
}

const VarDecl *PromiseModel::trackedObject(const Expr *E) const {
  if (!E)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return isTracked(Var) ? Var : nullptr;
}

static LockOp opOn(LockOpKind Kind, const Expr *Object, StringRef Name) {
  LockOp Op;
  Op.Kind = Kind;
  Op.Object = Object->IgnoreParenImpCasts();
  Op.Name = Name;
  return Op;
}

llvm::SmallVector<LockOp, 1> PromiseModel::operations(const Expr *E) const {
  llvm::SmallVector<LockOp, 1> Ops;
  appendOwnOperations(E, Ops);
  return Ops;
}

void PromiseModel::appendOwnOperations(
    const Expr *E, llvm::SmallVectorImpl<LockOp> &Ops) const {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Object = Member->getImplicitObjectArgument();
    const CXXMethodDecl *Method = Member->getMethodDecl();
    const VarDecl *Var = trackedObject(Object);
    if (!Var || !Method)
      return;
    const StringRef Name =
        Method->getDeclName().isIdentifier() ? Method->getName() : "";
    // The obligation of a local starts when its future is taken: before
    // that, nobody can wait on it. A promise owned from the start has it
    // already.
    if (Name == "get_future") {
      if (!ownedFromStart(Var) && !isLocalOnlyFuture(Var, Member))
        Ops.push_back(opOn(LockOpKind::Acquire, Object, Name));
      return;
    }
    // The setters satisfy it; swap() (or anything else) may hand it on.
    Ops.push_back(opOn(LockOpKind::Release, Object, Name));
    return;
  }
  if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(E)) {
    // `P = std::move(Q)`: P's old state is abandoned and it takes Q's
    // obligation, which this function did not take: not followed.
    if (Call->getOperator() == OO_Equal && Call->getNumArgs() == 2 &&
        trackedObject(Call->getArg(0)))
      Ops.push_back(opOn(LockOpKind::Release, Call->getArg(0), "operator="));
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // std::move(P), std::forward<std::promise<T>>(P): moved away.
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Call->getNumArgs() == 1 && Callee->isInStdNamespace() &&
        Callee->getDeclName().isIdentifier() &&
        (Callee->getName() == "move" || Callee->getName() == "forward") &&
        trackedObject(Call->getArg(0)))
      Ops.push_back(opOn(LockOpKind::Release, Call->getArg(0), "move"));
    return;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    // `return P;` (an implicit move), `std::promise<T> Q(static_cast<...>(P))`.
    if (isStdPromiseType(Construct->getType()) &&
        Construct->getNumArgs() == 1 && Construct->getArg(0)->isXValue())
      if (const Expr *Source = Construct->getArg(0)->IgnoreParenCasts();
          trackedObject(Source))
        Ops.push_back(opOn(LockOpKind::Release, Source, "move"));
  }
}

bool PromiseModel::keepsState(const Expr * /*Call*/, const Expr *Arg) const {
  const QualType Type = Arg->getType();
  if (Type->isPointerType())
    return Type->getPointeeType().isConstQualified();
  return Type.isConstQualified();
}

llvm::SmallVector<LockOp, 1>
PromiseModel::entryOps(const FunctionDecl *Function) const {
  llvm::SmallVector<LockOp, 1> Ops;
  const auto Start = [&](const VarDecl *Var) {
    LockOp Op;
    Op.Kind = LockOpKind::Acquire;
    Op.Named = Var;
    Op.Name = "start";
    Ops.push_back(Op);
  };
  for (const ParmVarDecl *Param : Function->parameters())
    if (isTracked(Param))
      Start(Param);
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      Method && Method->getParent()->isLambda() &&
      Method->getOverloadedOperator() == OO_Call)
    for (const LambdaCapture &Capture : Method->getParent()->captures())
      if (Capture.capturesVariable())
        if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
            Var && Var->isInitCapture() && isTracked(Var))
          Start(Var);
  return Ops;
}

} // namespace clang::tidy::threads::analysis
