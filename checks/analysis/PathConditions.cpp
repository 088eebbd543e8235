//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/PathConditions.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::threads::analysis {

static std::string pointerText(const void *P) {
  return llvm::utohexstr(reinterpret_cast<uintptr_t>(P));
}

/// Volatile, `_Atomic` and `std::atomic` values change behind the code's
/// back: never followed.
static bool isUnstable(QualType Type) {
  if (Type.isNull())
    return true;
  if (Type.isVolatileQualified() || Type->isAtomicType())
    return true;
  if (const CXXRecordDecl *Record = Type->getAsCXXRecordDecl())
    if (Record->getIdentifier() && Record->getName().starts_with("atomic"))
      return true;
  return false;
}

std::optional<std::string> storagePath(const Expr *E, bool Pointee) {
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (isUnstable(E->getType()))
      return std::nullopt;
    std::optional<std::string> Path;
    if (isa<CXXThisExpr>(E)) {
      Path = "T";
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var)
        return std::nullopt;
      Path = "V" + pointerText(Var->getCanonicalDecl());
    } else if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!Field)
        return std::nullopt;
      std::optional<std::string> Base =
          storagePath(Member->getBase(), Member->isArrow());
      if (!Base)
        return std::nullopt;
      Path = *Base + ".F" + pointerText(Field->getCanonicalDecl());
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
               Unary && Unary->getOpcode() == UO_Deref) {
      Path = storagePath(Unary->getSubExpr(), /*Pointee=*/true);
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
               Unary && Unary->getOpcode() == UO_AddrOf && Pointee) {
      // What `&x` points to is `x`.
      return storagePath(Unary->getSubExpr(), /*Pointee=*/false);
    }
    if (!Path)
      return std::nullopt;
    if (Pointee)
      *Path += "*";
    return Path;
  }
  return std::nullopt;
}

bool writeChanges(StringRef Written, StringRef Read) {
  if (!Read.starts_with(Written))
    return false;
  if (Read.size() == Written.size())
    return true;
  const char Next = Read[Written.size()];
  return Next == '.' || Next == '*' || Next == '[' || Next == '(';
}

/// An integer or null-pointer constant as a condition operand.
static std::optional<std::string> constantText(const Expr *E,
                                               const ASTContext &Context) {
  if (E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  if (E->isNullPointerConstant(const_cast<ASTContext &>(Context),
                               Expr::NPC_ValueDependentIsNotNull))
    return std::string("#0");
  if (const std::optional<llvm::APSInt> Value =
          E->getIntegerConstantExpr(Context))
    return "#" + llvm::toString(*Value, 10);
  return std::nullopt;
}

static std::optional<ConditionValue> followableValue(const Expr *E,
                                                     const ASTContext &Context);

/// True when \p S reads storage other threads can reach: `this`, a
/// dereference, a variable without automatic storage.
static bool readsShared(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CXXThisExpr>(S))
    return true;
  if (const auto *Unary = dyn_cast<UnaryOperator>(S);
      Unary && Unary->getOpcode() == UO_Deref)
    return true;
  if (const auto *Member = dyn_cast<MemberExpr>(S); Member && Member->isArrow())
    return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    return !Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType();
  }
  return llvm::any_of(S->children(), readsShared);
}

std::optional<ConditionValue> conditionValue(const Expr *E,
                                             const ASTContext &Context) {
  std::optional<ConditionValue> Value = followableValue(E, Context);
  if (Value)
    Value->Shared = readsShared(E);
  return Value;
}

static std::optional<ConditionValue>
followableValue(const Expr *E, const ASTContext &Context) {
  if (!E || E->isTypeDependent() || E->isValueDependent() ||
      E->containsErrors())
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (isUnstable(E->getType()))
    return std::nullopt;
  ConditionValue Value;
  Value.Binary = E->getType()->isBooleanType();
  if (std::optional<std::string> Path = storagePath(E)) {
    Value.Identity = *Path;
    Value.Reads.push_back(*Path);
    return Value;
  }
  // `q.empty()`, `this->size()`: a const member function without arguments.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const Expr *Object = Call->getImplicitObjectArgument();
    if (!Method || !Method->isConst() || Call->getNumArgs() != 0 || !Object ||
        isUnstable(Object->getType()->isPointerType()
                       ? Object->getType()->getPointeeType()
                       : Object->getType()))
      return std::nullopt;
    std::optional<std::string> Path =
        storagePath(Object, Object->getType()->isPointerType());
    if (!Path)
      return std::nullopt;
    Value.Identity =
        *Path + "(M" + pointerText(Method->getCanonicalDecl()) + ")";
    Value.Reads.push_back(*Path);
    return Value;
  }
  // `x > 0`, `a == b`: a comparison of followable operands and constants.
  if (const auto *Binary = dyn_cast<BinaryOperator>(E);
      Binary && Binary->isComparisonOp()) {
    Value.Binary = true;
    Value.Identity = "(" + std::to_string(Binary->getOpcode()) + ":";
    for (const Expr *Side : {Binary->getLHS(), Binary->getRHS()}) {
      if (std::optional<std::string> Constant = constantText(Side, Context)) {
        Value.Identity += *Constant;
      } else if (std::optional<ConditionValue> Operand =
                     conditionValue(Side, Context)) {
        Value.Identity += Operand->Identity;
        Value.Reads.append(Operand->Reads.begin(), Operand->Reads.end());
      } else {
        return std::nullopt;
      }
      Value.Identity += ",";
    }
    Value.Identity += ")";
    return Value;
  }
  return std::nullopt;
}

const Expr *conditionLeaf(const Expr *Cond, const ASTContext &Context) {
  for (unsigned Depth = 0; Cond && Depth < 16; ++Depth) {
    Cond = Cond->IgnoreParenImpCasts();
    if (const auto *Call = dyn_cast<CallExpr>(Cond);
        Call && Call->getNumArgs() >= 1 &&
        (Call->getBuiltinCallee() == Builtin::BI__builtin_expect ||
         Call->getBuiltinCallee() ==
             Builtin::BI__builtin_expect_with_probability)) {
      Cond = Call->getArg(0);
      continue;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(Cond);
        Unary && Unary->getOpcode() == UO_LNot) {
      Cond = Unary->getSubExpr();
      continue;
    }
    const auto *Binary = dyn_cast<BinaryOperator>(Cond);
    if (!Binary)
      return Cond;
    if (Binary->isLogicalOp()) {
      Cond = Binary->getRHS();
      continue;
    }
    if (Binary->getOpcode() != BO_EQ && Binary->getOpcode() != BO_NE)
      return Cond;
    const std::optional<std::string> Right =
        constantText(Binary->getRHS(), Context);
    const std::optional<std::string> Left =
        constantText(Binary->getLHS(), Context);
    if (Right && *Right == "#0")
      Cond = Binary->getLHS();
    else if (Left && *Left == "#0")
      Cond = Binary->getRHS();
    else
      return Cond;
  }
  return Cond;
}

/// True for a parameter type through which a callee may write its
/// argument: a non-const lvalue reference.
static bool writesThroughReference(QualType Param) {
  return Param->isLValueReferenceType() &&
         !Param.getNonReferenceType().isConstQualified();
}

/// True for a pointer-to-non-const parameter type.
static bool writesThroughPointer(QualType Param) {
  return Param->isPointerType() && !Param->getPointeeType().isConstQualified();
}

/// The writes of \p S itself, not of its operands.
static void writesOf(const Stmt *S, llvm::SmallVectorImpl<std::string> &Out) {
  const auto Add = [&](const Expr *E, bool Pointee) {
    if (std::optional<std::string> Path = storagePath(E, Pointee))
      Out.push_back(std::move(*Path));
  };
  if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        Out.push_back("V" + pointerText(Var->getCanonicalDecl()));
    return;
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(S)) {
    if (Binary->isAssignmentOp())
      Add(Binary->getLHS(), false);
    return;
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(S)) {
    if (Unary->isIncrementDecrementOp() || Unary->getOpcode() == UO_AddrOf)
      Add(Unary->getSubExpr(), false);
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  const FunctionDecl *Callee = Call->getDirectCallee();
  unsigned FirstArg = 0;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    const Expr *Object = Member->getImplicitObjectArgument();
    if (Object && (!Method || !Method->isConst()))
      Add(Object, Object->getType()->isPointerType());
  } else if (isa<CXXOperatorCallExpr>(Call)) {
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
    if (Method && Call->getNumArgs() > 0) {
      if (!Method->isConst())
        Add(Call->getArg(0), false);
      FirstArg = 1;
    }
  }
  for (unsigned I = FirstArg; I < Call->getNumArgs(); ++I) {
    const Expr *Arg = Call->getArg(I);
    const unsigned ParamIndex = I - FirstArg;
    QualType Param;
    if (Callee && ParamIndex < Callee->getNumParams())
      Param = Callee->getParamDecl(ParamIndex)->getType();
    // Unknown parameter (variadic, through a pointer): a pointer argument
    // may be written through.
    if (Param.isNull()) {
      if (Arg->getType()->isPointerType())
        Add(Arg, true);
      continue;
    }
    if (writesThroughReference(Param))
      Add(Arg, false);
    else if (writesThroughPointer(Param))
      Add(Arg, true);
  }
}

void writtenStorage(const Stmt *S, const ASTContext &Context,
                    llvm::SmallVectorImpl<std::string> &Out) {
  (void)Context;
  if (!S)
    return;
  writesOf(S, Out);
  // The CFG does not make every operand an element of its own: look inside,
  // but not into code that runs elsewhere (lambdas, blocks).
  if (isa<LambdaExpr, BlockExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    if (Child)
      writtenStorage(Child, Context, Out);
}

void dereferencedPointers(const Expr *Object, bool ThroughPointer,
                          llvm::SmallVectorImpl<std::string> &Out) {
  const Expr *E = Object;
  if (ThroughPointer) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Unary = dyn_cast<UnaryOperator>(E);
        Unary && Unary->getOpcode() == UO_AddrOf) {
      E = Unary->getSubExpr();
    } else {
      // `lock(p)`: the pointer itself is dereferenced.
      if (std::optional<std::string> Path = storagePath(E))
        Out.push_back(*Path);
      return;
    }
  }
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreParenImpCasts();
    const Expr *Pointer = nullptr;
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      if (Member->isArrow())
        Pointer = Member->getBase();
      E = Member->getBase();
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
               Unary && Unary->getOpcode() == UO_Deref) {
      Pointer = Unary->getSubExpr();
      E = Unary->getSubExpr();
    } else {
      return;
    }
    if (Pointer)
      if (std::optional<std::string> Path = storagePath(Pointer))
        Out.push_back(*Path);
  }
}

} // namespace clang::tidy::threads::analysis
