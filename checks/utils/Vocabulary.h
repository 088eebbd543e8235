//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Names shared by the checks: container members by what they do to the
/// container, and the variable or field an object expression names. Lock
/// and thread vocabulary lives in analysis/LockModel.h and
/// analysis/ThreadEntry.h.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_UTILS_VOCABULARY_H
#define THREADS_TIDY_UTILS_VOCABULARY_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringRef.h"
#include <array>

namespace clang::tidy::threads::vocabulary {

/// Container members that add an element (any standard container).
inline constexpr std::array<llvm::StringLiteral, 9> InsertMethods = {
    "push_back",  "emplace_back",  "insert",       "emplace",    "push",
    "push_front", "emplace_front", "emplace_hint", "try_emplace"};

/// Members that add one element at an end of a sequence or adaptor
/// (vector, deque, list, forward_list, stack, queue): the element can be
/// replaced by a per-iteration local.
inline constexpr std::array<llvm::StringLiteral, 6> EndInsertMethods = {
    "push_back",     "emplace_back", "push_front",
    "emplace_front", "push",         "emplace"};

/// Members of a sequence that add one element at its front or back.
inline constexpr std::array<llvm::StringLiteral, 4> FrontBackInsertMethods = {
    "push_back", "push_front", "emplace_back", "emplace_front"};

/// Members of a sequence that construct an element in place from arguments.
inline constexpr std::array<llvm::StringLiteral, 2> EmplaceEndMethods = {
    "emplace_back", "emplace_front"};

/// Container members that neither remove elements nor hand the container to
/// code that could.
inline constexpr std::array<llvm::StringLiteral, 19> NonDrainingMethods = {
    "size", "empty",  "capacity", "reserve",  "begin",   "end", "cbegin",
    "cend", "rbegin", "rend",     "front",    "back",    "at",  "data",
    "top",  "count",  "find",     "contains", "max_size"};

/// The variable or field \p Object names: `v`, `*p` (the pointer `p`),
/// `this->v` or plain `v` inside a member function. Null for anything else.
inline const ValueDecl *referencedVarOrField(const Expr *Object) {
  if (!Object)
    return nullptr;
  Object = Object->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(Object);
      Unary && Unary->getOpcode() == UO_Deref)
    Object = Unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
    return dyn_cast<VarDecl>(Ref->getDecl());
  if (const auto *Member = dyn_cast<MemberExpr>(Object))
    if (isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      return dyn_cast<FieldDecl>(Member->getMemberDecl());
  return nullptr;
}

} // namespace clang::tidy::threads::vocabulary

#endif // THREADS_TIDY_UTILS_VOCABULARY_H
