//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_CHECKS_MISSINGSTOPTOKENCHECK_H
#define THREADS_TIDY_CHECKS_MISSINGSTOPTOKENCHECK_H

#include "ClangTidyCheck.h"
#include "analysis/ThreadEntry.h"
#include "utils/IncludeInserter.h"
#include "llvm/ADT/DenseSet.h"
#include <string>
#include <vector>

namespace clang::tidy::threads {

/// Finds worker threads that have no way to be stopped.
///
/// For the user-facing documentation see:
/// docs/threads-missing-stop-token.rst
class MissingStopTokenCheck : public ClangTidyCheck {
public:
  MissingStopTokenCheck(StringRef Name, ClangTidyContext *Context);
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Reported.clear();
    Renamed.clear();
  }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11 && !LangOpts.ObjC;
  }
  // AsIs: a lambda in a template is only complete in an instantiation, so
  // instantiations are analysed and each finding is reported once, at its
  // spelling (see Reported).
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_AsIs;
  }

  /// What the check found in the code a thread runs.
  struct Scan;

private:
  void scanBody(const FunctionDecl *Function, const CallExpr *Via,
                unsigned Depth, Scan &Result, ASTContext &Context);
  void diagUnstoppable(const Expr *Creation, analysis::entry::ThreadKind Kind,
                       const analysis::entry::ThreadEntry &Entry,
                       const Scan &Found, ASTContext &Context);
  void diagPlainFlags(const Scan &Found, ASTContext &Context);
  void diagWaits(const analysis::entry::ThreadEntry &Entry, const Scan &Found,
                 ASTContext &Context);
  /// True the first time \p Loc is reported (template instantiations repeat
  /// the same spelling).
  bool firstReport(SourceLocation Loc) { return Reported.insert(Loc).second; }

  std::string RawThreadTypes;
  std::vector<std::string> ThreadTypes;
  const bool CheckNonAtomicFlags;
  utils::IncludeInserter Inserter;
  llvm::DenseSet<SourceLocation> Reported;
  /// Type tokens a fix-it already renames (one edit per declaration).
  llvm::DenseSet<SourceLocation> Renamed;
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_CHECKS_MISSINGSTOPTOKENCHECK_H
