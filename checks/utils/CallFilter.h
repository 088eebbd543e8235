//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The first test of the module's call matchers.
///
/// A call matcher runs on every call of the translation unit, system headers
/// and template instantiations included, and each nested matcher
/// (`callee(functionDecl(hasAnyName(...)))`, `unless(...)`) is one more
/// dynamic dispatch with its own traversal-kind bookkeeping. Measured with
/// callgrind on the corpus, that dispatch was nearly all of the module's
/// cost. userCallNamed() rejects almost every call with one string-set lookup
/// of the callee's identifier, in one matcher, before any other test runs.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_UTILS_CALLFILTER_H
#define THREADS_TIDY_UTILS_CALLFILTER_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <vector>

namespace clang::tidy::threads {

using CalleeNames = std::shared_ptr<const llvm::StringSet<>>;

/// The last components of \p Names (`::std::lock` -> `lock`), for
/// userCallNamed(); the full names are still checked after it.
template <typename Range> CalleeNames lastComponents(const Range &Names) {
  auto Set = std::make_shared<llvm::StringSet<>>();
  for (const auto &Name : Names) {
    const llvm::StringRef Full(Name);
    const size_t Colons = Full.rfind("::");
    Set->insert(Colons == llvm::StringRef::npos ? Full
                                                : Full.substr(Colons + 2));
  }
  return Set;
}

/// isExpansionInSystemHeader() for a location.
inline bool isExpandedInSystemHeader(SourceLocation Loc,
                                     const SourceManager &SM) {
  const SourceLocation Expansion = SM.getExpansionLoc(Loc);
  return Expansion.isValid() && SM.isInSystemHeader(Expansion);
}

/// A call of a function or method named by its identifier in \p Names,
/// whose expansion is not in a system header (isExpansionInSystemHeader()).
// The macro takes its parameter by const reference.
// NOLINTNEXTLINE(modernize-pass-by-value)
AST_MATCHER_P(CallExpr, userCallNamed, CalleeNames, Names) {
  (void)Builder;
  const FunctionDecl *Callee = Node.getDirectCallee();
  if (!Callee)
    return false;
  const IdentifierInfo *Id = Callee->getIdentifier();
  if (!Id || !Names->contains(Id->getName()))
    return false;
  return !isExpandedInSystemHeader(Node.getBeginLoc(),
                                   Finder->getASTContext().getSourceManager());
}

/// A construction of a class named by its identifier in \p Names, whose
/// expansion is not in a system header.
// The macro takes its parameter by const reference.
// NOLINTNEXTLINE(modernize-pass-by-value)
AST_MATCHER_P(CXXConstructExpr, userConstructionOf, CalleeNames, Names) {
  (void)Builder;
  const CXXConstructorDecl *Constructor = Node.getConstructor();
  const IdentifierInfo *Id =
      Constructor ? Constructor->getParent()->getIdentifier() : nullptr;
  if (!Id || !Names->contains(Id->getName()))
    return false;
  return !isExpandedInSystemHeader(Node.getBeginLoc(),
                                   Finder->getASTContext().getSourceManager());
}

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_UTILS_CALLFILTER_H
