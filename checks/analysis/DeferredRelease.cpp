//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/DeferredRelease.h"
#include "analysis/LoopShape.h"
#include "analysis/ParentIndex.h"
#include "utils/Compat.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::threads::analysis {

//===----------------------------------------------------------------------===//
// Where a declaration lives relative to a loop
//===----------------------------------------------------------------------===//

/// Whether \p D is declared in \p Loop, and if so whether every iteration gets
/// a fresh one (the body, a range-for variable, a condition variable). A
/// variable of a lambda or local class inside the loop is Outside: it belongs
/// to another function.
Placement placementIn(const Decl *D, const Stmt *Loop, ASTContext &Context) {
  const Stmt *Child = nullptr;
  Placement Result = Placement::Outside;
  ParentIndex::of(Context).firstAncestor(
      DynTypedNode::create(*D), [&](const DynTypedNode &Parent) {
        if (ParentIndex::isCodeBoundary(Parent))
          return true;
        if (const auto *S = Parent.get<Stmt>()) {
          if (S == Loop) {
            Result = loops::isOncePart(Loop, Child) ? Placement::OncePart
                                                    : Placement::PerIteration;
            return true;
          }
          Child = S;
        }
        return false;
      });
  return Result;
}

/// The variable an init-capture (`[G = std::move(F)]`) copies, or \p V.
static const VarDecl *throughInitCapture(const VarDecl *V) {
  for (unsigned Depth = 0; V && V->isInitCapture() && Depth < 4; ++Depth) {
    const Expr *Init = V->getInit();
    if (!Init)
      return V;
    Init = Init->IgnoreImplicit();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
        Construct && Construct->getNumArgs() == 1)
      Init = Construct->getArg(0)->IgnoreImplicit();
    if (const auto *Move = dyn_cast<CallExpr>(Init);
        Move && Move->getNumArgs() == 1)
      Init = Move->getArg(0)->IgnoreImplicit();
    const auto *Ref = dyn_cast<DeclRefExpr>(Init->IgnoreParenImpCasts());
    const auto *Next = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Next)
      return V;
    V = Next;
  }
  return V;
}

/// The variable a release call acts on when the operand names it directly:
/// `F`, `&M`, `*P`, `Conn.Fd`, `P->Fd`, `Owner.get()`. Elements of other
/// objects (`Files[I]`) are not a variable's own resource.
static const VarDecl *directVariable(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
      return V ? throughInitCapture(V) : nullptr;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() != UO_Deref && Unary->getOpcode() != UO_AddrOf)
        return nullptr;
      E = Unary->getSubExpr();
    } else if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      E = Member->getBase();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if ((Op->getOperator() != OO_Star && Op->getOperator() != OO_Arrow) ||
          Op->getNumArgs() < 1)
        return nullptr;
      E = Op->getArg(0);
    } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      if (calledMethodName(Call) != "get")
        return nullptr;
      E = Call->getImplicitObjectArgument();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

const VarDecl *iterationVariable(const Expr *E, const Stmt *Loop,
                                 ASTContext &Context) {
  const VarDecl *V = directVariable(E);
  if (V && placementIn(V, Loop, Context) == Placement::PerIteration)
    return V;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Diagnostic 1: a deferred callable that releases per-iteration state
//===----------------------------------------------------------------------===//

const VarDecl *ReleaseFinder::inBody(const Stmt *Body) const {
  // Invalid code: what is released may not be what the user meant.
  if (!Body || (isa<Expr>(Body) && cast<Expr>(Body)->containsErrors()))
    return nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(Body)) {
    if (matchesAnyName(Call->getDirectCallee(), ReleaseFunctions)) {
      // `F.close()` releases its object, `Pool.giveBack(C)` its argument.
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
        if (const VarDecl *V = iterationVariable(
                Member->getImplicitObjectArgument(), Loop, Context))
          return V;
      const SmallVector<const Expr *, 4> Args(Call->arguments());
      if (const VarDecl *V = inArguments(Args))
        return V;
    }
  } else if (const auto *Delete = dyn_cast<CXXDeleteExpr>(Body)) {
    if (const VarDecl *V =
            iterationVariable(Delete->getArgument(), Loop, Context))
      return V;
  }
  for (const Stmt *Child : Body->children())
    if (const VarDecl *V = inBody(Child))
      return V;
  return nullptr;
}

/// Counts the references to \p V in \p S, and among them those that are
/// the operand of a release or sit in the condition of an `if`.
void ReleaseFinder::countUses(const Stmt *S, const VarDecl *V, unsigned &All,
                              unsigned &Released) const {
  if (!S)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    All += Var && throughInitCapture(Var) == V;
  }
  const auto CountOperand = [&](const Expr *Operand) {
    Released += directVariable(Operand) == V;
  };
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && matchesAnyName(Call->getDirectCallee(), ReleaseFunctions)) {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      CountOperand(Member->getImplicitObjectArgument());
    for (const Expr *Arg : Call->arguments())
      CountOperand(Arg);
  } else if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S)) {
    CountOperand(Delete->getArgument());
  } else if (const auto *If = dyn_cast<IfStmt>(S)) {
    // `if (F) fclose(F);`: the check belongs to the release.
    unsigned CondAll = 0;
    unsigned CondReleased = 0;
    countUses(If->getCond(), V, CondAll, CondReleased);
    All += CondAll;
    Released += CondAll;
    countUses(If->getThen(), V, All, Released);
    countUses(If->getElse(), V, All, Released);
    return;
  }
  for (const Stmt *Child : S->children())
    countUses(Child, V, All, Released);
}

bool ReleaseFinder::releasesAnything(const Stmt *Body) const {
  if (!Body || (isa<Expr>(Body) && cast<Expr>(Body)->containsErrors()))
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(Body);
      Call && matchesAnyName(Call->getDirectCallee(), ReleaseFunctions))
    return true;
  if (isa<CXXDeleteExpr>(Body))
    return true;
  return llvm::any_of(Body->children(), [this](const Stmt *Child) {
    return releasesAnything(Child);
  });
}

const VarDecl *ReleaseFinder::inSubtree(const Stmt *S) const {
  if (!S || isa<LambdaExpr>(S))
    return nullptr;
  if (const auto *E = dyn_cast<Expr>(S))
    if (const VarDecl *V = iterationVariable(E, Loop, Context))
      return V;
  for (const Stmt *Child : S->children())
    if (const VarDecl *V = inSubtree(Child))
      return V;
  return nullptr;
}

/// A user-defined function object (`Closer{F}`) whose call operator releases
/// something, built from a per-iteration variable.
const VarDecl *ReleaseFinder::inFunctionObject(const Expr *E) const {
  if (isa<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return nullptr;
  const CXXRecordDecl *Record = compat::getRecordDecl(E->getType());
  if (!Record || Record->isLambda() || Record->isInStdNamespace() ||
      !Record->hasDefinition())
    return nullptr;
  const bool Releases = llvm::any_of(Record->methods(), [&](const auto *M) {
    return M->getOverloadedOperator() == OO_Call && M->hasBody() &&
           releasesAnything(M->getBody());
  });
  if (!Releases)
    return nullptr;
  for (const Stmt *Child : E->children())
    if (const VarDecl *V = inSubtree(Child))
      return V;
  return nullptr;
}

const VarDecl *ReleaseFinder::inCallable(const Expr *E, unsigned Depth) const {
  if (!E || Depth > 16)
    return nullptr;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return cleanupOf(Lambda->getBody());
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    // `auto Close = [F] { fclose(F); }; Cleanups.push_back(Close);`
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (V && V->hasLocalStorage() && !isa<ParmVarDecl>(V) && V->getInit() &&
        placementIn(V, Loop, Context) == Placement::PerIteration)
      return inCallable(V->getInit(), Depth + 4);
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const std::string Callee =
        Call->getDirectCallee() ? qualifiedName(Call->getDirectCallee()) : "";
    if ((Callee == "std::bind" || Callee == "std::bind_front" ||
         Callee == "std::bind_back") &&
        Call->getNumArgs() > 1 && isReleaseFunction(Call->getArg(0))) {
      const SmallVector<const Expr *, 4> Args(
          llvm::drop_begin(Call->arguments()));
      return inArguments(Args);
    }
    // A scalar result cannot carry a callable (`count_if(..., lambda)`).
    const QualType Type = Call->getType();
    if (!Type->isReferenceType() && !Type->isRecordType() &&
        !Type->isDependentType())
      return nullptr;
  }
  if (const VarDecl *V = inFunctionObject(E))
    return V;
  for (const Stmt *Child : E->children())
    if (const auto *ChildExpr = dyn_cast_or_null<Expr>(Child))
      if (const VarDecl *V = inCallable(ChildExpr, Depth + 1))
        return V;
  return nullptr;
}

} // namespace clang::tidy::threads::analysis
