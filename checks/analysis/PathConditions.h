//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Path conditions: side-effect-free branch conditions the path engine
/// follows like flags. Rule: a condition that reads only variables, fields
/// (through `.`, `->`, `this`), dereferences, constant indices, integer
/// constants, comparisons of those, and calls of `const` member functions
/// without arguments, re-tested with no visible write to anything it reads
/// in between, has the same value. A visible write is an assignment, an
/// increment, taking the address, binding a non-const reference or passing
/// a pointer to non-const, or a non-const member call on the object (or on
/// something that contains it). Volatile and atomic values never qualify.
/// A lock release or a condition wait is a write to everything other
/// threads can reach (all but the function's own locals): they may write it
/// while the lock is not held.
///
/// Storage is named by a path string: a variable, then `.F<field>`, `*` for
/// a dereference (`p->x` is `p*.F<x>`), `[n]` for a constant index; `T` is
/// `this`. A write to a path changes every path it is a prefix of.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_PATHCONDITIONS_H
#define THREADS_TIDY_ANALYSIS_PATHCONDITIONS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang::tidy::threads::analysis {

/// A condition the engine can follow, and the storage it reads.
struct ConditionValue {
  std::string Identity;
  llvm::SmallVector<std::string, 2> Reads;
  /// Only ever 0 or 1 (a comparison, a bool).
  bool Binary = false;
  /// Reads storage other threads may write (a global or static, a field of
  /// `*this`, anything through a pointer): a lock release or a condition
  /// wait in between lets them, so the value is no longer the same there.
  bool Shared = false;
};

/// The storage path of the lvalue \p E (or of what the pointer \p E points
/// to, with \p Pointee), or none.
std::optional<std::string> storagePath(const Expr *E, bool Pointee = false);

/// \p E as a followable condition value, or none.
std::optional<ConditionValue> conditionValue(const Expr *E,
                                             const ASTContext &Context);

/// The leaf a branch on \p Cond decides on: parentheses, `!`,
/// `__builtin_expect` and comparisons with zero or null stripped; of `&&` and
/// `||` the right operand (the block that tests the left one has it as its
/// condition).
const Expr *conditionLeaf(const Expr *Cond, const ASTContext &Context);

/// The storage paths the CFG element \p S may write (see the file comment).
void writtenStorage(const Stmt *S, const ASTContext &Context,
                    llvm::SmallVectorImpl<std::string> &Out);

/// True when writing \p Written may change what reading \p Read gives:
/// \p Written is \p Read or a path that contains it.
bool writeChanges(llvm::StringRef Written, llvm::StringRef Read);

/// The pointers an access through \p Object dereferences (`e` and `e->next`
/// in `e->next->mu`, `p` in `*p` or in a call through the pointer \p Object
/// when \p ThroughPointer): they are not null on any path where the access
/// happens.
void dereferencedPointers(const Expr *Object, bool ThroughPointer,
                          llvm::SmallVectorImpl<std::string> &Out);

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_PATHCONDITIONS_H
