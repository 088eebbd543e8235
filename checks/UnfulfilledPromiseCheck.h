//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_CHECKS_UNFULFILLEDPROMISECHECK_H
#define THREADS_TIDY_CHECKS_UNFULFILLEDPROMISECHECK_H

#include "analysis/PromiseModel.h"
#include "utils/ThrowEvidence.h"

#include "ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include <string>

namespace clang::tidy::threads {

/// Finds `std::promise` objects that may be destroyed without a value,
/// which makes the future waiting on them throw `broken_promise`, and
/// promises given a second value, which throws `promise_already_satisfied`.
///
/// For the user-facing documentation see:
/// docs/threads-unfulfilled-promise.rst
class UnfulfilledPromiseCheck : public ClangTidyCheck {
public:
  UnfulfilledPromiseCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11 && !LangOpts.ObjC;
  }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_IgnoreUnlessSpelledInSource;
  }

  /// True the first time a finding of \p Kind is reported at \p Loc.
  bool firstReport(SourceLocation Loc, unsigned Kind);
  /// True when \p E may throw in the sense of the ExceptionPaths option.
  bool mayThrow(const Expr *E) { return Throws.mayThrow(E); }
  const analysis::PromiseModel &model() const { return Model; }

private:
  void analyseFunction(const FunctionDecl *Function, ASTContext &Context);

  ThrowEvidence Throws;
  analysis::PromiseModel Model;
  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::StringSet<> Reported;
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_CHECKS_UNFULFILLEDPROMISECHECK_H
