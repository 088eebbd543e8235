//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/LockFlow.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threads::analysis {

void LockFlow::collectConditions() {
  llvm::SmallVector<std::string, 4> Dereferenced;
  for (const OpRecord &Op : Out.Acquires)
    if (Op.Op.Object)
      dereferencedPointers(Op.Op.Object, Op.Op.ThroughPointer, Dereferenced);
  llvm::StringMap<unsigned> Tests;
  llvm::SmallVector<ConditionValue, 4> Candidates;
  for (const CFGBlock *Block : *Graph) {
    if (Block->succ_size() != 2)
      continue;
    const auto *Cond = dyn_cast_or_null<Expr>(Block->getTerminatorCondition());
    const Expr *Leaf = Cond ? conditionLeaf(Cond, Context) : nullptr;
    if (!Leaf)
      continue;
    const Expr *Bare = Leaf->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Bare);
        Ref && Flags.Vars.count(Ref->getDecl()))
      continue;
    // Const integral members of `*this` are flags already (initialState).
    if (const auto *Member = dyn_cast<MemberExpr>(Bare);
        Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()) &&
        Member->getType().isConstQualified() &&
        Member->getType()->isIntegralOrEnumerationType())
      continue;
    std::optional<ConditionValue> Value = conditionValue(Leaf, Context);
    if (!Value)
      continue;
    if (Tests[Value->Identity]++ == 0)
      Candidates.push_back(std::move(*Value));
  }
  for (ConditionValue &Value : Candidates) {
    if (Conditions.size() == EngineLimits::MaxPathConditions)
      break;
    if (Tests[Value.Identity] >= 2 ||
        llvm::is_contained(Dereferenced, Value.Identity))
      Conditions.push_back(std::move(Value));
  }
  if (Conditions.empty())
    return;
  for (const ConditionValue &Value : Conditions)
    if (Value.Binary)
      Flags.Binary.insert(&Value);
  for (const CFGBlock *Block : *Graph) {
    if (Block->succ_size() != 2)
      continue;
    const auto *Cond = dyn_cast_or_null<Expr>(Block->getTerminatorCondition());
    if (!Cond)
      continue;
    for (unsigned I = 0; I < Conditions.size(); ++I) {
      const std::string &Identity = Conditions[I].Identity;
      const auto Outcomes = branchOutcomeIf(
          Cond,
          [&](const Expr *E) {
            const std::optional<ConditionValue> Tested =
                conditionValue(E, Context);
            return Tested && Tested->Identity == Identity;
          },
          Context);
      if (Outcomes.first != Outcome::Unknown ||
          Outcomes.second != Outcome::Unknown)
        ConditionOutcomes[Block].push_back({I, Outcomes});
    }
  }
}

std::pair<Outcome, Outcome> LockFlow::flagOutcome(const CFGBlock &Block,
                                                  const Expr *Cond,
                                                  const void *Key) const {
  if (!Conditions.empty() &&
      Key >= static_cast<const void *>(Conditions.data()) &&
      Key < static_cast<const void *>(Conditions.data() + Conditions.size())) {
    const unsigned Index =
        static_cast<const ConditionValue *>(Key) - Conditions.data();
    const auto It = ConditionOutcomes.find(&Block);
    if (It != ConditionOutcomes.end())
      for (const auto &[Condition, Outcomes] : It->second)
        if (Condition == Index)
          return Outcomes;
    return {Outcome::Unknown, Outcome::Unknown};
  }
  return branchOutcome(Cond, Key, Context);
}

/// From here on, path condition \p Index has the value \p Known (either
/// value when none) on every path.
void LockFlow::setCondition(FlowState &State, unsigned Index,
                            std::optional<bool> Known) const {
  const void *Key = &Conditions[Index];
  auto *It = llvm::find_if(State.Flags,
                           [&](const FlagFacts &F) { return F.Key == Key; });
  if (It == State.Flags.end())
    return;
  const llvm::SmallVector<LockState, 4> None(State.Locks.size(),
                                             LockState::noPath());
  It->WhenTrue = Known && !*Known ? None : State.Locks;
  It->WhenFalse = Known && *Known ? None : State.Locks;
}

/// The value \p Value gives a plain assignment, when it is known: null or
/// zero, a non-zero integer, the address of an object.
static std::optional<bool> assignedTruth(const Expr *Value,
                                         const ASTContext &Context) {
  if (!Value || Value->isValueDependent() || Value->isTypeDependent())
    return std::nullopt;
  Value = Value->IgnoreParenImpCasts();
  if (Value->isNullPointerConstant(const_cast<ASTContext &>(Context),
                                   Expr::NPC_ValueDependentIsNotNull))
    return false;
  if (const std::optional<llvm::APSInt> Constant =
          Value->getIntegerConstantExpr(Context))
    return !Constant->isZero();
  if (const auto *Unary = dyn_cast<UnaryOperator>(Value);
      Unary && Unary->getOpcode() == UO_AddrOf)
    return true;
  return std::nullopt;
}

/// A statement that may write what a path condition reads gives it an
/// unknown value from there on, or a known one for a plain assignment of a
/// constant or an address to the condition itself (`e = NULL`).
void LockFlow::forgetShared(FlowState &State) const {
  for (unsigned I = 0; I < Conditions.size(); ++I)
    if (Conditions[I].Shared)
      setCondition(State, I, std::nullopt);
}

void LockFlow::applyWrites(const Stmt *S, FlowState &State) const {
  if (Conditions.empty())
    return;
  llvm::SmallVector<std::string, 2> Written;
  writtenStorage(S, Context, Written);
  if (Written.empty())
    return;
  std::optional<std::string> Assigned;
  const Expr *AssignedValue = nullptr;
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->getOpcode() == BO_Assign) {
    Assigned = storagePath(Assign->getLHS());
    AssignedValue = Assign->getRHS();
  } else if (const auto *Decl = dyn_cast<DeclStmt>(S);
             Decl && Decl->isSingleDecl()) {
    if (const auto *Var = dyn_cast<VarDecl>(Decl->getSingleDecl()))
      if (Var->getInit() && !Written.empty()) {
        Assigned = Written.front();
        AssignedValue = Var->getInit();
      }
  }
  for (unsigned I = 0; I < Conditions.size(); ++I) {
    const ConditionValue &Value = Conditions[I];
    const bool Changed = llvm::any_of(Written, [&](const std::string &W) {
      return llvm::any_of(Value.Reads, [&](const std::string &R) {
        return writeChanges(W, R);
      });
    });
    if (!Changed)
      continue;
    std::optional<bool> Known;
    if (Assigned && *Assigned == Value.Identity)
      Known = assignedTruth(AssignedValue, Context);
    setCondition(State, I, Known);
  }
}

/// An acquire through a pointer (`e->mu`, `lock(p)`) proves the pointer
/// non-null on every path where it happens.
void LockFlow::markDereferenced(const LockOp &Op, FlowState &State) const {
  if (Conditions.empty() || !Op.Object)
    return;
  llvm::SmallVector<std::string, 2> Pointers;
  dereferencedPointers(Op.Object, Op.ThroughPointer, Pointers);
  for (unsigned I = 0; I < Conditions.size(); ++I)
    if (llvm::is_contained(Pointers, Conditions[I].Identity))
      setCondition(State, I, true);
}

} // namespace clang::tidy::threads::analysis
