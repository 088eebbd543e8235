//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_CHECKS_UNRELEASEDLOCKCHECK_H
#define THREADS_TIDY_CHECKS_UNRELEASEDLOCKCHECK_H

#include "analysis/LockModel.h"
#include "analysis/PathEngine.h"
#include "utils/OptionReader.h"
#include "utils/ThrowEvidence.h"

#include "ClangTidyCheck.h"
#include "utils/ExceptionAnalyzer.h"
#include "utils/IncludeInserter.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"
#include <cstdint>
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

  /// True the first time a finding of \p Kind is reported at \p Loc for
  /// \p Lock: the instantiations of a template share the template's
  /// locations.
  bool firstReport(SourceLocation Loc, unsigned Kind, StringRef Lock);
  /// True when \p E, a call or construction, may throw in the sense of the
  /// ExceptionPaths option (see knownToThrow and anyMayThrow).
  bool mayThrow(const Expr *E);
  /// The include that a fix-it's guard needs.
  std::optional<FixItHint> includeInsertion(FileID File, StringRef Header);
  /// Where to report a finding at the acquire or release \p Site (see the
  /// definition); invalid when it is not the user's code.
  SourceLocation siteLocation(const Expr *Site,
                              const ASTContext &Context) const;
  /// True when \p Site stands for a use of a macro named in LockMacros.
  bool isLockMacroSite(const Expr *Site) const {
    return MacroSites.count(Site) != 0;
  }

  /// A LockMacros entry: which operation, and which argument is the lock.
  struct LockMacroSpec {
    bool Acquire = true;
    unsigned Arg = 1;
  };
  /// One use of a LockMacros macro written in a file: the macro name's
  /// location, the closing parenthesis, and the first and last tokens of the
  /// lock argument.
  struct LockMacroUse {
    /// The outermost use in the user's code.
    SourceLocation Begin;
    SourceLocation End;
    /// The macro's name where it is expanded (inside another macro for a
    /// nested use).
    SourceLocation NameLoc;
    /// Where the lock argument's first and last tokens are spelled.
    SourceLocation ArgBegin;
    SourceLocation ArgEnd;
    bool Acquire = true;
    StringRef Name;
  };

private:
  /// The options as the analysis needs them.
  struct Config {
    std::optional<NameRegex> AcquireFunctions;
  };

  void analyseFunction(const FunctionDecl *Function, ASTContext &Context);
  /// Makes each LockMacros use in \p Function one operation of the lock
  /// model; false when a use cannot be tied to the code (then the function
  /// is not judged).
  bool prepareLockMacros(const FunctionDecl *Function, ASTContext &Context,
                         llvm::SmallVectorImpl<const Expr *> &Anchors);
  void checkDiscardedRelease(const CXXMemberCallExpr *Call,
                             ASTContext &Context);
  bool isAcquireFunction(const FunctionDecl *Function,
                         const analysis::FunctionLockPaths &Paths,
                         bool DtorReleases) const;
  llvm::SmallVector<std::string, 2>
  dtorReleasedLocks(const FunctionDecl *Function) const;

  std::string RawExtraLockPairs;
  std::string RawAcquireFunctionsRegex;
  std::string RawLockMacros;
  llvm::StringMap<LockMacroSpec> LockMacros;
  std::vector<LockMacroUse> LockMacroUses;
  llvm::DenseMap<const Expr *, SourceLocation> MacroSites;
  Config Cfg;
  std::unique_ptr<analysis::LockModel> Model;
  utils::IncludeInserter Inserter;
  /// May a call throw (option ExceptionPaths, NoThrowFunctions).
  ThrowEvidence Throws;

  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::StringSet<> Reported;
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_CHECKS_UNRELEASEDLOCKCHECK_H
