//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/PointerTargets.h"
#include "analysis/LockModel.h"
#include "analysis/PathFlags.h"
#include "analysis/StmtStack.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>

namespace clang::tidy::threads::analysis {

namespace {
/// Finds the pointer variables written only by their initializer and plain
/// assignments, and those assignments.
class Writes : public StmtStackVisitor<Writes> {
public:
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->getType()->isPointerType())
      return true;
    const BinaryOperator *Assign = nullptr;
    if (variableUse(Ref, Parents, Assign) == VariableUse::Other)
      Disqualified.insert(Var);
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (Var->isLocalVarDecl() && !Var->isStaticLocal())
      Locals.push_back(Var);
    return true;
  }
  template <typename Fn> void forEachLocal(Fn Callback) const {
    for (const VarDecl *Var : Locals)
      Callback(Var);
  }
  llvm::SmallPtrSet<const VarDecl *, 4> Disqualified;

private:
  llvm::SmallVector<const VarDecl *, 8> Locals;
};
} // namespace

PointerTargets::PointerTargets(const FunctionDecl *Function, const CFG &Graph) {
  findVariables(Function);
  if (Vars.empty())
    return;
  // The assignments, from the CFG's elements.
  for (const CFGBlock *Block : Graph)
    for (const CFGElement &Element : *Block) {
      const auto StmtElement = Element.getAs<CFGStmt>();
      if (!StmtElement)
        continue;
      const Stmt *S = StmtElement->getStmt();
      const auto [Var, Value] = variableWrite(S);
      if (!Var || !llvm::is_contained(Vars, Var))
        continue;
      if (Definitions.size() == 64) {
        // One bit per definition: too many to follow, name them by
        // themselves.
        Vars.clear();
        return;
      }
      DefinedAt[S] = Definitions.size();
      Definitions.push_back({Var, Value});
    }
  solve(Graph);
}

void PointerTargets::findVariables(const FunctionDecl *Function) {
  Writes Found;
  Found.TraverseStmt(Function->getBody());
  const auto Qualifies = [&](const VarDecl *Var) {
    return Var->getType()->isPointerType() &&
           !Var->getType().isVolatileQualified() &&
           !Found.Disqualified.count(Var);
  };
  for (const ParmVarDecl *Param : Function->parameters())
    if (Qualifies(Param)) {
      Vars.push_back(Param);
      Definitions.push_back({Param, nullptr});
    }
  Found.forEachLocal([&](const VarDecl *Var) {
    if (Qualifies(Var) && !llvm::is_contained(Vars, Var))
      Vars.push_back(Var);
  });
}

void PointerTargets::solve(const CFG &Graph) {
  llvm::DenseMap<const VarDecl *, uint64_t> Mask;
  uint64_t Entry = 0;
  for (unsigned I = 0; I < Definitions.size(); ++I) {
    Mask[Definitions[I].Var] |= uint64_t{1} << I;
    if (!Definitions[I].Value && isa<ParmVarDecl>(Definitions[I].Var))
      Entry |= uint64_t{1} << I;
  }
  const unsigned NumBlocks = Graph.getNumBlockIDs();
  std::vector<uint64_t> In(NumBlocks, 0);
  std::vector<bool> Reached(NumBlocks, false);
  const CFGBlock &Start = Graph.getEntry();
  In[Start.getBlockID()] = Entry;
  Reached[Start.getBlockID()] = true;
  std::deque<const CFGBlock *> Work{&Start};
  llvm::BitVector Queued(NumBlocks);
  Queued.set(Start.getBlockID());
  // Each block's In only grows (bits are added), so this ends; the bound is
  // a guard like the engine's.
  unsigned Budget = (NumBlocks * 64) + 1024;
  while (!Work.empty() && Budget-- > 0) {
    const CFGBlock *Block = Work.front();
    Work.pop_front();
    Queued.reset(Block->getBlockID());
    uint64_t State = In[Block->getBlockID()];
    for (const CFGElement &Element : *Block) {
      const auto StmtElement = Element.getAs<CFGStmt>();
      if (!StmtElement)
        continue;
      const Stmt *S = StmtElement->getStmt();
      // The last visit of a block has its final entry state: what it
      // records stands.
      if (isa<CallExpr, CXXConstructExpr>(S))
        ReachingAt[S] = State;
      const auto Def = DefinedAt.find(S);
      if (Def != DefinedAt.end())
        State = (State & ~Mask[Definitions[Def->second].Var]) |
                (uint64_t{1} << Def->second);
    }
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      const unsigned Id = Next->getBlockID();
      const uint64_t Joined = In[Id] | State;
      if (Reached[Id] && Joined == In[Id])
        continue;
      In[Id] = Joined;
      Reached[Id] = true;
      if (!Queued.test(Id)) {
        Queued.set(Id);
        Work.push_back(Next);
      }
    }
  }
  if (!Work.empty())
    ReachingAt.clear();
}

std::string PointerTargets::targetOf(unsigned Definition) const {
  const auto &Def = Definitions[Definition];
  if (!Def.Value)
    // The value on entry, or an uninitialized variable: the variable itself.
    return "*(" + variableIdentity(Def.Var) + ")";
  const Expr *Value = Def.Value->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(Value))
    return "this";
  if (const auto *Unary = dyn_cast<UnaryOperator>(Value);
      Unary && Unary->getOpcode() == UO_AddrOf)
    if (std::optional<std::string> Target =
            lockIdentity(Unary->getSubExpr(), /*ThroughPointer=*/false))
      return *Target;
  // Anything else (a call, another pointer): this assignment's own object.
  return "d" + std::to_string(Definition) + "@" +
         std::to_string(reinterpret_cast<uintptr_t>(Def.Var));
}

std::optional<std::string> PointerTargets::pointee(const VarDecl *Var,
                                                   const Stmt *Site) const {
  if (!llvm::is_contained(Vars, Var))
    return std::nullopt;
  const auto It = ReachingAt.find(Site);
  if (It == ReachingAt.end())
    return std::nullopt;
  std::optional<std::string> Target;
  for (unsigned I = 0; I < Definitions.size(); ++I) {
    if (Definitions[I].Var != Var || !((It->second >> I) & 1))
      continue;
    // No lock is reached through a null pointer.
    if (const Expr *Value = Definitions[I].Value;
        Value && Value->IgnoreParenImpCasts()->isNullPointerConstant(
                     Var->getASTContext(), Expr::NPC_ValueDependentIsNotNull))
      continue;
    std::string This = targetOf(I);
    if (Target && *Target != This)
      return std::string();
    Target = std::move(This);
  }
  return Target;
}

} // namespace clang::tidy::threads::analysis
