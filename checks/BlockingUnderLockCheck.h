//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_CHECKS_BLOCKINGUNDERLOCKCHECK_H
#define THREADS_TIDY_CHECKS_BLOCKINGUNDERLOCKCHECK_H

#include "analysis/LockModel.h"
#include "analysis/PathEngine.h"

#include "ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::threads {

/// Finds calls that block (sleeps, joins, waits for other threads, blocking
/// I/O) while a lock is held, directly or through visible callees.
///
/// For the user-facing documentation see:
/// docs/threads-blocking-under-lock.rst
class BlockingUnderLockCheck : public ClangTidyCheck {
public:
  BlockingUnderLockCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return !LangOpts.ObjC;
  }

  /// What kind of wait a blocking call is.
  enum class Family : std::uint8_t {
    /// Sleeps, blocking I/O, processes: others wait as long.
    Slow,
    /// Waits for another thread: deadlocks if that thread needs the lock.
    Wait,
    /// A condition wait: gives back its own lock only (argument LockArg).
    ConditionWait,
  };
  struct Blocking {
    Family Kind = Family::Slow;
    /// For a condition wait: the argument naming the lock it gives back.
    unsigned LockArg = 0;
  };

  /// One step of a chain of calls that ends in a blocking call.
  struct Step {
    /// The call, in the function of the previous step.
    const Expr *Call = nullptr;
    /// The function that makes it.
    const FunctionDecl *Caller = nullptr;
  };
  /// How a visible callee blocks: the calls from it to the blocking call.
  struct Chain {
    llvm::SmallVector<Step, 2> Steps;
    Blocking Final;
    /// When the chain ends in a read of a descriptor that the first callee
    /// was given: the index of that parameter.
    std::optional<unsigned> DescriptorParam;
    /// When the chain ends in a select, poll or epoll_wait whose timeout is
    /// zero if these parameters of the first callee are: their indices.
    llvm::SmallVector<unsigned, 2> ZeroTimeoutParams;
  };

private:
  void analyseFunction(const FunctionDecl *Function, ASTContext &Context);
  void judge(const analysis::FunctionLockPaths &Paths,
             const analysis::HeldAtCall &Held, const FunctionDecl *Function,
             ASTContext &Context);
  /// The family of \p E when it blocks by itself.
  std::optional<Blocking> blockingCall(const Expr *E,
                                       ASTContext &Context) const;
  /// How \p Callee blocks within \p Depth levels of calls, if it does.
  std::optional<Chain> calleeBlocks(const FunctionDecl *Callee, unsigned Depth,
                                    ASTContext &Context);
  /// The identity of the lock the condition wait \p Wait gives back.
  std::optional<std::string> givenBack(const Expr *Wait, const Blocking &B,
                                       ASTContext &Context) const;
  bool isNonBlocking(const FunctionDecl *Callee) const;
  /// True when \p Function passed the descriptor \p Descriptor to a
  /// readiness probe before the call \p At.
  bool probedBefore(const FunctionDecl *Function, const Expr *Descriptor,
                    const Expr *At, ASTContext &Context);
  /// True when \p Callee's own body calls select, poll or epoll_wait before
  /// any `return` of it ends.
  bool probesInside(const FunctionDecl *Callee, ASTContext &Context);
  bool firstReport(SourceLocation Loc, StringRef Lock);

  std::string RawBlockingFunctions;
  std::string RawNonBlockingFunctions;
  std::vector<std::string> BlockingFunctions;
  std::vector<std::string> NonBlockingFunctions;
  unsigned MaxCallDepth;
  bool CheckCallbacks;
  std::unique_ptr<analysis::LockModel> Model;

  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>,
                 std::optional<Chain>>
      CalleeCache;
  llvm::StringSet<> Reported;
  /// Per function: where it probes which descriptors for readiness.
  llvm::DenseMap<const FunctionDecl *,
                 std::vector<std::pair<SourceLocation, std::string>>>
      Probed;
  llvm::DenseMap<const FunctionDecl *, bool> Probes;
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_CHECKS_BLOCKINGUNDERLOCKCHECK_H
