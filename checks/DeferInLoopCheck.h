//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_CHECKS_DEFERINLOOPCHECK_H
#define THREADS_TIDY_CHECKS_DEFERINLOOPCHECK_H

#include "ClangTidyCheck.h"
#include "utils/OptionReader.h"
#include "llvm/ADT/DenseSet.h"
#include <cstdint>
#include <string>
#include <vector>

namespace clang::tidy::threads {

/// Finds resources acquired in a loop iteration whose release is deferred
/// past the iteration.
///
/// For the user-facing documentation see:
/// docs/threads-defer-in-loop.rst
class DeferInLoopCheck : public ClangTidyCheck {
public:
  DeferInLoopCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override { Reported.clear(); }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return !LangOpts.ObjC;
  }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_IgnoreUnlessSpelledInSource;
  }

  /// What an owning resource added to a holder keeps: the words the
  /// diagnostics use for it.
  enum class ResourceKind : std::uint8_t {
    None,
    Stream,
    Lock,
    Handle,
    Guard,
    Other
  };

private:
  /// The reader of this check's options (utils/OptionReader.h).
  OptionReader reader(StringRef Name);

  void checkAlloca(const CallExpr *Call, const FunctionDecl *Callee,
                   ASTContext &Context);
  void checkInsertion(const CXXMemberCallExpr *Call, ASTContext &Context);

  /// Diagnostic 2, once \p Call is known to add to a holder that outlives
  /// \p Loop and is not drained inside it.
  void checkAccumulatedResource(const CXXMemberCallExpr *Call, const Stmt *Loop,
                                const ValueDecl *Holder, ASTContext &Context);

  ResourceKind classifyResourceType(QualType Type) const;

  std::string RawReleaseFunctions;
  std::string RawDeferRegistrars;
  std::string RawResourceTypes;
  const std::vector<std::string> ReleaseFunctions;
  const std::vector<std::string> DeferRegistrars;
  const std::vector<std::string> ResourceTypes;
  /// Registration calls already reported: a template's instantiations share
  /// its spelling and are reported once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_CHECKS_DEFERINLOOPCHECK_H
