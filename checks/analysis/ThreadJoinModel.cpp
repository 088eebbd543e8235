//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/ThreadJoinModel.h"
#include "analysis/AddressEscape.h"
#include "utils/Compat.h"
#include "utils/NameMatching.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::threads::analysis {

bool isStdThreadType(QualType Type) { return isStdClass(Type, "thread"); }

bool isEmptyThread(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *List = dyn_cast<InitListExpr>(E)) {
      if (List->getNumInits() == 0)
        return true;
      if (List->getNumInits() != 1)
        return false;
      E = List->getInit(0);
      continue;
    }
    const auto *Construct = dyn_cast<CXXConstructExpr>(E);
    if (!Construct)
      return false;
    if (Construct->getNumArgs() == 0)
      return true;
    // A copy or move of a temporary: what the temporary holds.
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Construct->getNumArgs() != 1 || !Ctor ||
        !Ctor->isCopyOrMoveConstructor())
      return false;
    const Expr *Arg = Construct->getArg(0)->IgnoreImplicit();
    if (!isa<CXXConstructExpr, CXXFunctionalCastExpr, InitListExpr>(Arg))
      return false;
    E = Arg;
  }
  return false;
}

namespace {
/// The local threads of one function whose address escapes
/// (AddressEscapeFinder): such a thread may be joined through the alias.
class EscapeFinder : public AddressEscapeFinder<EscapeFinder> {
public:
  static bool isTrackedType(QualType Type) { return isStdThreadType(Type); }
};
} // namespace

const llvm::SmallPtrSet<const VarDecl *, 4> &
ThreadJoinModel::escapedIn(const FunctionDecl *Function) const {
  auto [It, Inserted] = Escaped.try_emplace(Function);
  if (Inserted && Function->getBody()) {
    EscapeFinder Finder;
    Finder.TraverseStmt(Function->getBody());
    It->second = std::move(Finder.Found);
  }
  return It->second;
}

bool ThreadJoinModel::isTrackedLocal(const VarDecl *Var) const {
  if (!Var || isa<ParmVarDecl>(Var) || !Var->hasLocalStorage() ||
      !isStdThreadType(Var->getType()))
    return false;
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  return Function && !escapedIn(Function).contains(Var);
}

const ValueDecl *ThreadJoinModel::trackedObject(const Expr *E) const {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    return isTrackedLocal(Var) ? Var : nullptr;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (Field && isStdThreadType(Field->getType()) &&
        isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      return Field;
  }
  return nullptr;
}

/// An operation on \p Object (a local or a `*this` field).
static LockOp opOn(LockOpKind Kind, const Expr *Object, StringRef Name) {
  LockOp Op;
  Op.Kind = Kind;
  Op.Object = Object->IgnoreParenImpCasts();
  Op.Name = Name;
  return Op;
}

/// A release of every `std::thread` field of \p Record (a call that may
/// join them: a member function of `*this`, `this` passed on).
static void releaseFields(const CXXRecordDecl *Record,
                          llvm::SmallVectorImpl<LockOp> &Ops) {
  if (!Record || !Record->hasDefinition())
    return;
  for (const FieldDecl *Field : Record->getDefinition()->fields()) {
    if (!isStdThreadType(Field->getType()))
      continue;
    LockOp Op;
    Op.Kind = LockOpKind::Release;
    Op.Named = Field;
    Op.Name = "call";
    Ops.push_back(Op);
  }
}

/// True for a declaration of the standard library (a member of a class of
/// it included): it does not know the user's class, so it does not join
/// the class's threads through `this`.
static bool isStandardLibrary(const Decl *D) {
  for (const DeclContext *DC = D ? D->getDeclContext() : nullptr; DC;
       DC = DC->getParent())
    if (DC->isStdNamespace())
      return true;
  return false;
}

static const CXXRecordDecl *thisRecord(const Expr *E) {
  const auto *This = dyn_cast<CXXThisExpr>(E->IgnoreParenImpCasts());
  return This ? This->getType()->getPointeeCXXRecordDecl() : nullptr;
}

llvm::SmallVector<LockOp, 1> ThreadJoinModel::operations(const Expr *E) const {
  llvm::SmallVector<LockOp, 1> Ops;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Object = Member->getImplicitObjectArgument();
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Object || !Method)
      return Ops;
    if (trackedObject(Object) && isStdThreadType(Object->getType())) {
      const StringRef Name =
          Method->getDeclName().isIdentifier() ? Method->getName() : "";
      // join(), detach(), and swap() or anything else (the obligation may
      // have moved) end it; joinable() asks; get_id() and native_handle()
      // do nothing to it.
      if (Name == "joinable")
        Ops.push_back(opOn(LockOpKind::Query, Object, Name));
      else if (Name != "get_id" && Name != "native_handle")
        Ops.push_back(opOn(LockOpKind::Release, Object, Name));
      return Ops;
    }
    // A member function of the object may join its threads.
    if (!Method->isStatic())
      releaseFields(thisRecord(Object), Ops);
  }
  if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Call->getOperator() == OO_Equal && Call->getNumArgs() == 2 &&
        isStdThreadType(Call->getArg(0)->getType()) &&
        trackedObject(Call->getArg(0))) {
      const Expr *Value = Call->getArg(1);
      // `T = static_cast<std::thread &&>(U)`: U is moved away.
      if (const ValueDecl *Source = trackedObject(Value->IgnoreParenCasts());
          Source && Value->isXValue())
        Ops.push_back(
            opOn(LockOpKind::Release, Value->IgnoreParenCasts(), "move"));
      // Assigning a thread that runs nothing only ends the obligation (and
      // terminates if one was pending); anything else takes a new one.
      Ops.push_back(opOn(LockOpKind::Acquire, Call->getArg(0), "operator="));
      if (isEmptyThread(Value))
        Ops.push_back(opOn(LockOpKind::Release, Call->getArg(0), "operator="));
      return Ops;
    }
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // std::move(T), std::forward<std::thread>(T): moved away.
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Call->getNumArgs() == 1 && Callee->isInStdNamespace() &&
        Callee->getDeclName().isIdentifier() &&
        (Callee->getName() == "move" || Callee->getName() == "forward") &&
        trackedObject(Call->getArg(0))) {
      Ops.push_back(opOn(LockOpKind::Release, Call->getArg(0), "move"));
      return Ops;
    }
    // `this` passed on: its threads may be joined there (not by the
    // standard library, which does not know the class).
    if (!isStandardLibrary(Call->getDirectCallee()))
      for (const Expr *Arg : Call->arguments())
        if (isa<CXXThisExpr>(Arg->IgnoreParenImpCasts()))
          releaseFields(thisRecord(Arg), Ops);
    return Ops;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    // `return T;` (an implicit move), `std::thread U(static_cast<...>(T))`.
    if (isStdThreadType(Construct->getType()) && Construct->getNumArgs() == 1 &&
        Construct->getArg(0)->isXValue())
      if (const Expr *Source = Construct->getArg(0)->IgnoreParenCasts();
          trackedObject(Source)) {
        Ops.push_back(opOn(LockOpKind::Release, Source, "move"));
        return Ops;
      }
    if (!isStandardLibrary(Construct->getConstructor()))
      for (const Expr *Arg : Construct->arguments())
        if (isa<CXXThisExpr>(Arg->IgnoreParenImpCasts()))
          releaseFields(thisRecord(Arg), Ops);
  }
  return Ops;
}

llvm::SmallVector<LockOp, 1>
ThreadJoinModel::declarationOps(const VarDecl *Var) const {
  llvm::SmallVector<LockOp, 1> Ops;
  if (!isTrackedLocal(Var) || !Var->getInit() || isEmptyThread(Var->getInit()))
    return Ops;
  LockOp Op;
  Op.Kind = LockOpKind::Acquire;
  Op.Named = Var;
  Op.Name = "thread";
  Ops.push_back(Op);
  return Ops;
}

bool ThreadJoinModel::keepsState(const Expr * /*Call*/, const Expr *Arg) const {
  const QualType Type = Arg->getType();
  if (Type->isPointerType())
    return Type->getPointeeType().isConstQualified();
  return Type.isConstQualified();
}

} // namespace clang::tidy::threads::analysis
