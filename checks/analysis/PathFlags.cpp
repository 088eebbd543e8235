//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/PathFlags.h"
#include "analysis/StmtStack.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Builtins.h"

namespace clang::tidy::threads::analysis {

std::pair<Outcome, Outcome>
branchOutcomeIf(const Expr *Cond,
                llvm::function_ref<bool(const Expr *)> IsTested,
                ASTContext &Context) {
  const std::pair<Outcome, Outcome> None{Outcome::Unknown, Outcome::Unknown};
  if (!Cond)
    return None;
  Cond = Cond->IgnoreParenImpCasts();
  if (IsTested(Cond))
    return {Outcome::NonZero, Outcome::Zero};
  // `UNLIKELY(X)` and friends: `__builtin_expect(X, 0)` has X's value.
  if (const auto *Call = dyn_cast<CallExpr>(Cond);
      Call && Call->getNumArgs() >= 1 &&
      (Call->getBuiltinCallee() == Builtin::BI__builtin_expect ||
       Call->getBuiltinCallee() ==
           Builtin::BI__builtin_expect_with_probability))
    return branchOutcomeIf(Call->getArg(0), IsTested, Context);
  // `(rc = pthread_mutex_lock(&m))`, `(e = next())`: the assigned value.
  if (const auto *Assign = dyn_cast<BinaryOperator>(Cond);
      Assign && Assign->getOpcode() == BO_Assign &&
      (IsTested(Assign->getRHS()->IgnoreParenImpCasts()) ||
       IsTested(Assign->getLHS()->IgnoreParenImpCasts())))
    return {Outcome::NonZero, Outcome::Zero};
  if (const auto *Unary = dyn_cast<UnaryOperator>(Cond)) {
    if (Unary->getOpcode() != UO_LNot)
      return None;
    const auto Inner = branchOutcomeIf(Unary->getSubExpr(), IsTested, Context);
    return {Inner.second, Inner.first};
  }
  const auto *Binary = dyn_cast<BinaryOperator>(Cond);
  if (!Binary)
    return None;
  if (Binary->isLogicalOp())
    return branchOutcomeIf(Binary->getRHS(), IsTested, Context);
  if (Binary->getOpcode() != BO_EQ && Binary->getOpcode() != BO_NE)
    return None;
  const Expr *Side = Binary->getLHS();
  const Expr *Constant = Binary->getRHS();
  auto Tested = branchOutcomeIf(Side, IsTested, Context);
  if (Tested.first == Outcome::Unknown) {
    std::swap(Side, Constant);
    Tested = branchOutcomeIf(Side, IsTested, Context);
    if (Tested.first == Outcome::Unknown)
      return None;
  }
  if (Constant->isValueDependent())
    return None;
  // `P == NULL` and `X == 0` test for zero; `X == 42` for one non-zero value.
  bool IsZero = Constant->isNullPointerConstant(
      Context, Expr::NPC_ValueDependentIsNotNull);
  if (!IsZero) {
    Expr::EvalResult Value;
    if (!Constant->EvaluateAsInt(Value, Context))
      return None;
    IsZero = Value.Val.getInt().isZero();
  }
  std::pair<Outcome, Outcome> Result = {Outcome::NonZero, Outcome::Unknown};
  if (IsZero)
    Result = {Outcome::Zero, Outcome::NonZero};
  if (Binary->getOpcode() == BO_NE)
    std::swap(Result.first, Result.second);
  return Result;
}

VariableUse variableUse(const DeclRefExpr *Ref,
                        llvm::ArrayRef<const Stmt *> Parents,
                        const BinaryOperator *&Assign) {
  // A lambda or block may change it whenever it is called.
  if (Ref->refersToEnclosingVariableOrCapture())
    return VariableUse::Other;
  // Parents ends with Ref itself; parentheses change nothing.
  const Stmt *Parent = nullptr;
  for (size_t I = Parents.size(); I-- > 1;) {
    Parent = Parents[I - 1];
    if (!isa<ParenExpr>(Parent))
      break;
  }
  if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Parent);
      Cast && Cast->getCastKind() == CK_LValueToRValue)
    return VariableUse::Read;
  if (const auto *Binary = dyn_cast_or_null<BinaryOperator>(Parent);
      Binary && Binary->getOpcode() == BO_Assign &&
      Binary->getLHS()->IgnoreParens() == Ref) {
    Assign = Binary;
    return VariableUse::AssignedTo;
  }
  return VariableUse::Other;
}

std::pair<const VarDecl *, const Expr *> variableWrite(const Stmt *S) {
  if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
    const auto *Var = Decl->isSingleDecl()
                          ? dyn_cast<VarDecl>(Decl->getSingleDecl())
                          : nullptr;
    return {Var, Var ? Var->getInit() : nullptr};
  }
  const auto *Assign = dyn_cast<BinaryOperator>(S);
  if (!Assign || Assign->getOpcode() != BO_Assign)
    return {nullptr, nullptr};
  const auto *Ref =
      dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return {Var, Var ? Assign->getRHS() : nullptr};
}

std::pair<Outcome, Outcome> branchOutcome(const Expr *Cond, const void *Key,
                                          ASTContext &Context) {
  return branchOutcomeIf(
      Cond,
      [Key](const Expr *E) {
        if (E == Key)
          return true;
        // `if (Lk)`, `if (Lk.owns_lock())`: a holder says whether it holds.
        if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
            Call && Call->getNumArgs() == 0 && Call->getMethodDecl() &&
            (isa<CXXConversionDecl>(Call->getMethodDecl()) ||
             (Call->getMethodDecl()->getDeclName().isIdentifier() &&
              Call->getMethodDecl()->getName() == "owns_lock")))
          E = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
        if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
          return Ref->getDecl()->getCanonicalDecl() == Key;
        if (const auto *Member = dyn_cast<MemberExpr>(E))
          return Member->getMemberDecl() == Key &&
                 isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts());
        return false;
      },
      Context);
}

namespace {
/// Finds the local variables written only by their initializer and plain
/// assignments (`Var = constant` gives a known value, `Var = expr` an
/// unknown one from there on). Any other use than reading the value
/// (address taken, reference bound, increment, compound assignment, capture)
/// disqualifies the variable.
class FlagFinder : public StmtStackVisitor<FlagFinder> {
public:
  explicit FlagFinder(ASTContext &Context) : Context(Context) {}

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
    const BinaryOperator *Assign = nullptr;
    switch (variableUse(Ref, Parents, Assign)) {
    case VariableUse::Read:
      return true;
    case VariableUse::AssignedTo:
      if (Assign->getLHS() == Ref && !Assign->getRHS()->isValueDependent()) {
        noteValue(Var, Assign->getRHS());
        return true;
      }
      break;
    case VariableUse::Other:
      break;
    }
    Disqualified.insert(Var);
    return true;
  }

  llvm::SmallPtrSet<const VarDecl *, 4> Candidates;
  llvm::SmallPtrSet<const VarDecl *, 4> Disqualified;
  llvm::SmallPtrSet<const VarDecl *, 4> NonBinary;

private:
  ASTContext &Context;
};
} // namespace

PathFlagVars findPathFlags(const FunctionDecl *Function, ASTContext &Context) {
  FlagFinder Finder(Context);
  // Parameters hold an unknown but fixed value until written.
  for (const ParmVarDecl *Param : Function->parameters())
    if (FlagFinder::isFlagType(Param->getType())) {
      Finder.Candidates.insert(Param);
      Finder.noteValue(Param, nullptr);
    }
  Finder.TraverseStmt(Function->getBody());
  PathFlagVars Flags;
  for (const VarDecl *Var : Finder.Candidates)
    if (!Finder.Disqualified.count(Var)) {
      Flags.Vars.insert(Var);
      if (!Finder.NonBinary.count(Var))
        Flags.Binary.insert(Var);
    }
  return Flags;
}

} // namespace clang::tidy::threads::analysis
