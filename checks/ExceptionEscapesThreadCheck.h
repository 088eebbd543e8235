//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_CHECKS_EXCEPTIONESCAPESTHREADCHECK_H
#define THREADS_TIDY_CHECKS_EXCEPTIONESCAPESTHREADCHECK_H

#include "ClangTidyCheck.h"
#include "analysis/ExceptionEscape.h"
#include "utils/ThrowEvidence.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::threads {

/// Finds exceptions that can leave a thread's entry function, where they
/// call std::terminate and end the process.
///
/// For the user-facing documentation see:
/// docs/threads-exception-escapes-thread.rst
class ExceptionEscapesThreadCheck : public ClangTidyCheck {
public:
  ExceptionEscapesThreadCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Reported.clear();
    Escapes.reset();
  }
  // Without exceptions (-fno-exceptions) nothing can escape.
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11 && LangOpts.CXXExceptions && !LangOpts.ObjC;
  }
  // AsIs: a thread started in a template is only complete in an
  // instantiation; each finding is reported once, at its spelling.
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_AsIs;
  }

private:
  void report(const Expr *Creation, const FunctionDecl *Entry,
              const analysis::EscapingException &Escape, ASTContext &Context);

  unsigned MaxCallDepth = 3;
  std::string RawThreadTypes;
  std::vector<std::string> ThreadTypes;
  ThrowEvidence Evidence;
  /// What leaves each function, for the current translation unit.
  std::unique_ptr<analysis::ExceptionEscapes> Escapes;
  /// Thread creations already reported (template instantiations repeat the
  /// same spelling).
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_CHECKS_EXCEPTIONESCAPESTHREADCHECK_H
