//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_CHECKS_UNRELEASEDLOCKCHECK_H
#define THREADS_TIDY_CHECKS_UNRELEASEDLOCKCHECK_H

#include "analysis/LockModel.h"

#include "ClangTidyCheck.h"
#include "utils/ExceptionAnalyzer.h"
#include "utils/IncludeInserter.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace clang::tidy::threads {

/// Finds locks acquired by an explicit call that are not released on every
/// path out of the function.
///
/// For the user-facing documentation see:
/// docs/threads-unreleased-lock.rst
class UnreleasedLockCheck : public ClangTidyCheck {
public:
  UnreleasedLockCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return !LangOpts.ObjC;
  }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_IgnoreUnlessSpelledInSource;
  }

  /// The options as the analysis needs them.
  struct Config {
    bool CheckExceptionPaths = true;
    llvm::StringSet<> NoThrowFunctions;
    std::optional<llvm::Regex> AcquireFunctions;
  };

private:
  /// The edits that turn a manual lock into a RAII guard, and the header the
  /// guard needs.
  struct RaiiFix {
    llvm::SmallVector<FixItHint, 4> Hints;
    StringRef Header;
  };
  static std::optional<RaiiFix>
  buildRaiiFix(const FunctionDecl *Function, const CallExpr *Acquire,
               const analysis::LockOp &Op, StringRef Key,
               llvm::ArrayRef<const CallExpr *> Releases, unsigned AcquireCount,
               bool OtherReleases, llvm::StringSet<> &UsedNames,
               ASTContext &Context);
  void analyseFunction(const FunctionDecl *Function, ASTContext &Context);
  void checkDiscardedRelease(const CXXMemberCallExpr *Call,
                             ASTContext &Context);

  const std::string RawExtraLockPairs;
  const std::string RawAcquireFunctionsRegex;
  const std::string RawNoThrowFunctions;
  std::vector<std::pair<std::string, std::string>> ExtraLockPairs;
  Config Cfg;
  std::unique_ptr<analysis::LockModel> Model;
  utils::IncludeInserter Inserter;
  utils::ExceptionAnalyzer Analyzer;
  /// True the first time a finding of \p Kind is reported at \p Loc: the
  /// instantiations of a template share the template's locations.
  bool firstReport(SourceLocation Loc, unsigned Kind, StringRef Lock);

  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::StringSet<> Reported;
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_CHECKS_UNRELEASEDLOCKCHECK_H
