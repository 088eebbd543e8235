//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "LoopUtils.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclObjC.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::threads::loops {

bool isRunOnceDoWhile(const Stmt *Loop, const ASTContext &Context) {
  const auto *Do = dyn_cast_or_null<DoStmt>(Loop);
  if (!Do || !Do->getCond())
    return false;
  const Expr *Cond = Do->getCond();
  if (Cond->isValueDependent() || Cond->isTypeDependent())
    return false;
  bool Value = true;
  return Cond->EvaluateAsBooleanCondition(Value, Context) && !Value;
}

/// True when \p Child is part of \p Loop that runs once per loop entry.
static bool isOncePart(const Stmt *Loop, const Stmt *Child) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return Child == For->getInit();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return Child == Range->getInit() || Child == Range->getRangeStmt() ||
           Child == Range->getRangeInit();
  return false;
}

const Stmt *findRepeatingLoop(const Stmt *S, ASTContext &Context) {
  DynTypedNode Node = DynTypedNode::create(*S);
  const Stmt *Child = S;
  // Parent chains are short; the bound only protects against a malformed map.
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    const DynTypedNodeList Parents = Context.getParents(Node);
    if (Parents.empty())
      return nullptr;
    const DynTypedNode &Parent = Parents[0];
    if (Parent.get<FunctionDecl>() || Parent.get<LambdaExpr>() ||
        Parent.get<BlockDecl>() || Parent.get<ObjCMethodDecl>() ||
        Parent.get<CapturedStmt>())
      return nullptr;
    if (const auto *P = Parent.get<Stmt>()) {
      if ((isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P)) &&
          !isOncePart(P, Child) && !isRunOnceDoWhile(P, Context))
        return P;
      Child = P;
    } else if (!Parent.get<Decl>()) {
      // Types, template arguments and the like: no statement context left.
      return nullptr;
    }
    Node = Parent;
  }
  return nullptr;
}

} // namespace clang::tidy::threads::loops
