//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_CHECKS_UNBOUNDEDDETACHCHECK_H
#define THREADS_TIDY_CHECKS_UNBOUNDEDDETACHCHECK_H

#include "utils/OptionReader.h"

#include "ClangTidyCheck.h"
#include "utils/IncludeInserter.h"
#include "llvm/Support/Regex.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::threads {

namespace analysis::loops {
struct LoopNest;
} // namespace analysis::loops

/// Finds detached and accumulated threads that have no bound: threads
/// detached in a loop, threads added without limit to a container in an
/// unbounded loop, and `std::async` futures that are discarded.
///
/// For the user-facing documentation see:
/// docs/threads-unbounded-detach.rst
class UnboundedDetachCheck : public ClangTidyCheck {
public:
  UnboundedDetachCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return !LangOpts.ObjC;
  }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_IgnoreUnlessSpelledInSource;
  }

private:
  /// A place where a thread is detached: the warning goes to \p Call, the
  /// thread was created by \p Creation (may equal \p Call).
  void checkDetach(const Expr *Call, StringRef What, const Stmt *Creation,
                   const Expr *TemporaryThread, ASTContext &Context);
  void checkMemberDetach(const CXXMemberCallExpr *Call, ASTContext &Context);
  void checkCDetach(const CallExpr *Call, const FunctionDecl *Callee,
                    ASTContext &Context);
  void checkDetachedCreate(const CallExpr *Call, ASTContext &Context);
  void checkInsertion(const CXXMemberCallExpr *Call, ASTContext &Context);
  void checkAsync(const CallExpr *Call, ASTContext &Context);
  void noteLoop(const analysis::loops::LoopNest &Nest, const SourceManager &SM);
  void noteCollector(const Expr *Temporary, const Stmt *Loop,
                     ASTContext &Context);
  bool matchesHandler(const Stmt *S, ASTContext &Context,
                      std::string &Name) const;

  unsigned MaxBoundedIterations = 16;
  std::string HandlerFunctionsRegexText;
  std::optional<NameRegex> HandlerFunctionsRegex;
  const bool WarnOnAnyDetach;
  std::string UnboundedConditionFunctionsText;
  std::vector<std::string> UnboundedConditionFunctions;
  utils::IncludeInserter Inserter;
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_CHECKS_UNBOUNDEDDETACHCHECK_H
