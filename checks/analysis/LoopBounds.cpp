//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/LoopBounds.h"
#include "analysis/LoopShape.h"
#include "utils/Compat.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"
#include <algorithm>

namespace clang::tidy::threads::analysis::loops {

/// The integer value of \p E when it is a constant expression.
static std::optional<int64_t> evaluateInt(const Expr *E,
                                          const ASTContext &Context) {
  if (!E || E->isValueDependent() || E->isTypeDependent() ||
      E->containsErrors())
    return std::nullopt;
  Expr::EvalResult Result;
  if (!E->EvaluateAsInt(Result, Context))
    return std::nullopt;
  const llvm::APSInt &Value = Result.Val.getInt();
  if (Value.getSignificantBits() > 64)
    return std::nullopt;
  return Value.getExtValue();
}

/// The variable \p E names, looking through parentheses and implicit casts.
static const VarDecl *referencedVar(const Expr *E) {
  if (!E)
    return nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

/// The induction variable a for-init sets, and its start value.
static std::optional<std::pair<const VarDecl *, int64_t>>
forInit(const Stmt *Init, const ASTContext &Context) {
  if (const auto *Decl = dyn_cast_or_null<DeclStmt>(Init)) {
    if (!Decl->isSingleDecl())
      return std::nullopt;
    const auto *Var = dyn_cast<VarDecl>(Decl->getSingleDecl());
    if (!Var || !Var->getType()->isIntegerType())
      return std::nullopt;
    if (std::optional<int64_t> Start = evaluateInt(Var->getInit(), Context))
      return std::make_pair(Var, *Start);
    return std::nullopt;
  }
  const auto *Assign = dyn_cast_or_null<BinaryOperator>(Init);
  if (!Assign || Assign->getOpcode() != BO_Assign)
    return std::nullopt;
  const VarDecl *Var = referencedVar(Assign->getLHS());
  if (!Var || !Var->getType()->isIntegerType())
    return std::nullopt;
  if (std::optional<int64_t> Start = evaluateInt(Assign->getRHS(), Context))
    return std::make_pair(Var, *Start);
  return std::nullopt;
}

/// The constant step the for-increment adds to \p Var (negative for `--`).
static std::optional<int64_t> forStep(const Expr *Inc, const VarDecl *Var,
                                      const ASTContext &Context) {
  if (!Inc)
    return std::nullopt;
  Inc = Inc->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(Inc)) {
    if (referencedVar(Unary->getSubExpr()) != Var)
      return std::nullopt;
    if (Unary->isIncrementOp())
      return 1;
    if (Unary->isDecrementOp())
      return -1;
    return std::nullopt;
  }
  const auto *Binary = dyn_cast<BinaryOperator>(Inc);
  if (!Binary || referencedVar(Binary->getLHS()) != Var)
    return std::nullopt;
  std::optional<int64_t> Step;
  if (Binary->getOpcode() == BO_AddAssign) {
    Step = evaluateInt(Binary->getRHS(), Context);
  } else if (Binary->getOpcode() == BO_SubAssign) {
    Step = evaluateInt(Binary->getRHS(), Context);
    if (Step && *Step != INT64_MIN)
      Step = -*Step;
    else
      Step.reset();
  }
  return Step;
}

/// Iterations of `for (I = Start; I Op End; I += Step)`, or std::nullopt
/// when the loop may wrap around or never stop.
static std::optional<uint64_t> tripCount(int64_t Start, BinaryOperatorKind Op,
                                         int64_t End, int64_t Step) {
  if (Step == 0)
    return std::nullopt;
  // Normalise to a counting-up loop.
  if (Step < 0) {
    if (Step == INT64_MIN || Start == INT64_MIN || End == INT64_MIN)
      return std::nullopt;
    Start = -Start;
    End = -End;
    Step = -Step;
    switch (Op) {
    case BO_GT:
      Op = BO_LT;
      break;
    case BO_GE:
      Op = BO_LE;
      break;
    case BO_LT:
      Op = BO_GT;
      break;
    case BO_LE:
      Op = BO_GE;
      break;
    default:
      break;
    }
  }
  int64_t Distance = 0;
  switch (Op) {
  case BO_LT:
    if (Start >= End)
      return 0;
    if (llvm::SubOverflow(End, Start, Distance))
      return std::nullopt;
    return static_cast<uint64_t>(((Distance - 1) / Step) + 1);
  case BO_LE:
    if (Start > End)
      return 0;
    if (llvm::SubOverflow(End, Start, Distance))
      return std::nullopt;
    return static_cast<uint64_t>((Distance / Step) + 1);
  case BO_NE:
    if (Start == End)
      return 0;
    if (Start > End || llvm::SubOverflow(End, Start, Distance) ||
        Distance % Step != 0)
      return std::nullopt;
    return static_cast<uint64_t>(Distance / Step);
  case BO_GT:
  case BO_GE:
    // Counting up while above the bound: either no iteration or a
    // wrap-around we do not model.
    if (Op == BO_GT ? Start <= End : Start < End)
      return 0;
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

static BinaryOperatorKind reverseComparison(BinaryOperatorKind Op) {
  switch (Op) {
  case BO_LT:
    return BO_GT;
  case BO_GT:
    return BO_LT;
  case BO_LE:
    return BO_GE;
  case BO_GE:
    return BO_LE;
  default:
    return Op;
  }
}

/// True when \p Arg, argument \p Index of \p Call, is only read by the
/// callee: a `const T &` parameter, or the forwarding reference of a standard
/// function template (std::thread, std::async, make_shared, emplace_back:
/// they copy or forward, they do not assign).
static bool isReadOnlyArgument(const Expr *Call, unsigned Index) {
  const FunctionDecl *Callee = nullptr;
  if (const auto *C = dyn_cast<CallExpr>(Call)) {
    if (isa<CXXOperatorCallExpr>(C))
      return false;
    Callee = C->getDirectCallee();
  } else if (const auto *C = dyn_cast<CXXConstructExpr>(Call)) {
    Callee = C->getConstructor();
  }
  if (!Callee || Index >= Callee->getNumParams())
    return false;
  const QualType Param = Callee->getParamDecl(Index)->getType();
  if (Param->isReferenceType() && Param->getPointeeType().isConstQualified())
    return true;
  const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
  if (!Pattern || !Callee->getEnclosingNamespaceContext()->isStdNamespace() ||
      Pattern->getNumParams() == 0)
    return false;
  // Arguments past the pattern's parameters belong to its trailing pack.
  const unsigned Last = Pattern->getNumParams() - 1;
  const QualType Written =
      Pattern->getParamDecl(std::min(Index, Last))->getType();
  if (Index > Last && !Written->getAs<PackExpansionType>())
    return false;
  // `Args &&...`: a pack expansion of an rvalue reference to a parameter.
  QualType Element = Written;
  if (const auto *Pack = Written->getAs<PackExpansionType>())
    Element = Pack->getPattern();
  const auto *Ref = Element->getAs<RValueReferenceType>();
  return Ref && Ref->getPointeeType()->getAs<TemplateTypeParmType>();
}

/// True when \p S may write \p Var: any use other than reading its value
/// (an lvalue-to-rvalue conversion, `sizeof`, a read-only call argument).
/// Conservative and local: unlike ExprMutationAnalyzer it never asks for
/// parents, which would map the whole translation unit.
static bool mayWrite(const Stmt *S, const Stmt *Parent, const VarDecl *Var) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
      Ref && Ref->getDecl() == Var) {
    if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Parent))
      return Cast->getCastKind() != CK_LValueToRValue &&
             (Cast->getCastKind() != CK_NoOp ||
              !Cast->getType().isConstQualified());
    if (isa_and_nonnull<UnaryExprOrTypeTraitExpr>(Parent))
      return false;
    if (isa_and_nonnull<CallExpr, CXXConstructExpr>(Parent)) {
      const auto *Call = cast<Expr>(Parent);
      const auto Args = isa<CallExpr>(Call)
                            ? cast<CallExpr>(Call)->arguments()
                            : cast<CXXConstructExpr>(Call)->arguments();
      for (unsigned Index = 0; Index < llvm::size(Args); ++Index)
        if (*std::next(Args.begin(), Index) == Ref)
          return !isReadOnlyArgument(Call, Index);
    }
    return true;
  }
  // Parentheses change nothing: `sizeof(I)` reads as `sizeof I` does.
  const Stmt *Up = isa<ParenExpr>(S) ? Parent : S;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return mayWrite(Child, Up, Var);
  });
}

static std::optional<uint64_t> forTripCount(const ForStmt *For,
                                            ASTContext &Context) {
  const auto Init = forInit(For->getInit(), Context);
  if (!Init)
    return std::nullopt;
  const VarDecl *Var = Init->first;
  const auto *Cond =
      dyn_cast_or_null<BinaryOperator>(For->getCond()->IgnoreParenImpCasts());
  if (!Cond || !Cond->isComparisonOp())
    return std::nullopt;
  BinaryOperatorKind Op = Cond->getOpcode();
  std::optional<int64_t> End;
  if (referencedVar(Cond->getLHS()) == Var) {
    End = evaluateInt(Cond->getRHS(), Context);
  } else if (referencedVar(Cond->getRHS()) == Var) {
    End = evaluateInt(Cond->getLHS(), Context);
    Op = reverseComparison(Op);
  }
  if (!End)
    return std::nullopt;
  const std::optional<int64_t> Step = forStep(For->getInc(), Var, Context);
  if (!Step)
    return std::nullopt;
  // A body that writes the induction variable (or lets something else write
  // it) voids the count.
  if (mayWrite(For->getBody(), nullptr, Var))
    return std::nullopt;
  return tripCount(Init->second, Op, *End, *Step);
}

/// The number of elements of a range-for's range when its type fixes it: a
/// C array, `std::array`, or a braced list.
static std::optional<uint64_t> rangeTripCount(const CXXForRangeStmt *Range) {
  const Expr *Init = Range->getRangeInit();
  if (!Init || Init->isTypeDependent() || Init->containsErrors())
    return std::nullopt;
  if (const auto *List =
          dyn_cast<CXXStdInitializerListExpr>(Init->IgnoreImplicit()))
    if (const auto *Elements =
            dyn_cast<InitListExpr>(List->getSubExpr()->IgnoreImplicit()))
      return Elements->getNumInits();
  const QualType Type = Init->getType().getNonReferenceType();
  if (const auto *Array =
          dyn_cast<ConstantArrayType>(Type.getCanonicalType().getTypePtr()))
    return Array->getSize().getZExtValue();
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      compat::getRecordDecl(Type));
  if (!Spec || !Spec->isInStdNamespace() || Spec->getName() != "array")
    return std::nullopt;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() != 2 || Args[1].getKind() != TemplateArgument::Integral)
    return std::nullopt;
  return Args[1].getAsIntegral().getZExtValue();
}

/// A call in \p S (not inside a lambda) to a function listed in \p Names.
static const CallExpr *findListedCall(const Stmt *S,
                                      llvm::ArrayRef<std::string> Names) {
  if (!S || isa<LambdaExpr>(S))
    return nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (const FunctionDecl *Callee = Call->getDirectCallee()) {
      const std::string Qualified = Callee->getQualifiedNameAsString();
      const IdentifierInfo *Id = Callee->getIdentifier();
      for (const std::string &Name : Names)
        if ((Id && Id->getName() == Name) || Qualified == Name)
          return Call;
    }
  }
  for (const Stmt *Child : S->children())
    if (const CallExpr *Found = findListedCall(Child, Names))
      return Found;
  return nullptr;
}

/// Classifies a loop condition; \p Cond is null for `for (;;)`.
static LoopBound conditionBound(const Expr *Cond, const Stmt *CondVarInit,
                                ASTContext &Context,
                                llvm::ArrayRef<std::string> UnboundedCalls) {
  LoopBound Bound;
  if (!Cond) {
    Bound.Kind = LoopBound::Unbounded;
    return Bound;
  }
  if (Cond->isValueDependent() || Cond->isTypeDependent() ||
      Cond->containsErrors())
    return Bound;
  if (const std::optional<bool> Value = constantCondition(Cond, Context)) {
    if (*Value) {
      Bound.Kind = LoopBound::Unbounded;
    } else {
      Bound.Kind = LoopBound::Constant;
      Bound.TripCount = 0;
    }
    return Bound;
  }
  const CallExpr *Call = findListedCall(Cond, UnboundedCalls);
  if (!Call)
    Call = findListedCall(CondVarInit, UnboundedCalls);
  if (Call) {
    Bound.Kind = LoopBound::Unbounded;
    Bound.ConditionCall = Call;
  }
  return Bound;
}

LoopBound classifyLoop(const Stmt *Loop, ASTContext &Context,
                       llvm::ArrayRef<std::string> UnboundedCalls) {
  LoopBound Bound;
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
    if (std::optional<uint64_t> Count = rangeTripCount(Range)) {
      Bound.Kind = LoopBound::Constant;
      Bound.TripCount = *Count;
    }
    return Bound;
  }
  if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
    if (isRunOnceDoWhile(Do, Context)) {
      Bound.Kind = LoopBound::Constant;
      Bound.TripCount = 1;
      return Bound;
    }
    return conditionBound(Do->getCond(), nullptr, Context, UnboundedCalls);
  }
  if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
    const VarDecl *CondVar = While->getConditionVariable();
    return conditionBound(While->getCond(),
                          CondVar ? CondVar->getInit() : nullptr, Context,
                          UnboundedCalls);
  }
  const auto *For = dyn_cast<ForStmt>(Loop);
  if (!For)
    return Bound;
  if (For->getCond()) {
    if (std::optional<uint64_t> Count = forTripCount(For, Context)) {
      Bound.Kind = LoopBound::Constant;
      Bound.TripCount = *Count;
      return Bound;
    }
  }
  const VarDecl *CondVar = For->getConditionVariable();
  Bound = conditionBound(For->getCond(), CondVar ? CondVar->getInit() : nullptr,
                         Context, UnboundedCalls);
  // `for (;false;)` runs zero times; any other constant-false condition was
  // caught above, so a Constant here means zero iterations.
  return Bound;
}

std::optional<uint64_t> LoopNest::tripCount() const {
  uint64_t Product = 1;
  for (const NestLevel &Level : Levels) {
    if (Level.Bound.Kind != LoopBound::Constant)
      return std::nullopt;
    const uint64_t Count = Level.Bound.TripCount;
    Product = (Count != 0 && Product > UINT64_MAX / Count) ? UINT64_MAX
                                                           : Product * Count;
  }
  return Product;
}

const NestLevel *LoopNest::innermost(LoopBound::BoundKind Kind) const {
  for (const NestLevel &Level : Levels)
    if (Level.Bound.Kind == Kind)
      return &Level;
  return nullptr;
}

/// True when the header (init, condition, increment, range) of \p Loop
/// contains invalid code.
static bool headerHasErrors(const Stmt *Loop) {
  for (const Stmt *Child : Loop->children()) {
    const auto *E = dyn_cast_or_null<Expr>(Child);
    if (E && E->containsErrors())
      return true;
    if (const auto *Decls = dyn_cast_or_null<DeclStmt>(Child))
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (Var->isInvalidDecl() ||
              (Var->getInit() && Var->getInit()->containsErrors()))
            return true;
  }
  return false;
}

LoopNest analyzeLoopNest(const Stmt *S, ASTContext &Context,
                         llvm::ArrayRef<std::string> UnboundedCalls) {
  LoopNest Nest;
  // Nests are shallow; the bound only protects against a malformed map.
  for (const Stmt *Loop = findRepeatingLoop(S, Context);
       Loop && Nest.Levels.size() < 64;
       Loop = findRepeatingLoop(Loop, Context)) {
    Nest.HasErrors |= headerHasErrors(Loop);
    Nest.Levels.push_back({Loop, classifyLoop(Loop, Context, UnboundedCalls)});
  }
  return Nest;
}

} // namespace clang::tidy::threads::analysis::loops
