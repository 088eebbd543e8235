//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_CHECKS_DEFERINLOOPCHECK_H
#define THREADS_TIDY_CHECKS_DEFERINLOOPCHECK_H

#include "ClangTidyCheck.h"

namespace clang::tidy::threads {

/// Finds resources acquired in a loop iteration whose release is deferred
/// past the iteration.
///
/// For the user-facing documentation see:
/// docs/threads-defer-in-loop.rst
class DeferInLoopCheck : public ClangTidyCheck {
public:
  DeferInLoopCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return !LangOpts.ObjC;
  }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_IgnoreUnlessSpelledInSource;
  }

private:
  void checkAlloca(const CallExpr *Call, const FunctionDecl *Callee,
                   ASTContext &Context);
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_CHECKS_DEFERINLOOPCHECK_H
