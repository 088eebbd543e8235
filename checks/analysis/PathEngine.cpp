//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/PathEngine.h"
#include "analysis/LockFlow.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <mutex>

namespace clang::tidy::threads::analysis {

PathHandler::~PathHandler() = default;
void PathHandler::callWhileHeld(const HeldAtCall &) {}
void PathHandler::acquireOutcome(unsigned, const AcquireOutcome &) {}
void PathHandler::doubleLock(const DoubleLockRecord &) {}
void PathHandler::doubleUnlock(const DoubleUnlockRecord &) {}

SiteSet FunctionLockPaths::heldAt(const Expr *Call) const {
  const auto It = WhileHeldIndex.find(Call);
  return It == WhileHeldIndex.end() ? SiteSet() : WhileHeld[It->second].MayHold;
}

void FunctionLockPaths::report(PathHandler &Handler) const {
  if (!analysed())
    return;
  for (const HeldAtCall &Call : WhileHeld)
    Handler.callWhileHeld(Call);
  const AcquireOutcome None;
  for (unsigned Site = 0; Site < Acquires.size(); ++Site) {
    const AcquireOutcome *Outcome = outcome(Site);
    Handler.acquireOutcome(Site, Outcome ? *Outcome : None);
  }
  for (const DoubleLockRecord &Record : DoubleLocks)
    Handler.doubleLock(Record);
  for (const DoubleUnlockRecord &Record : DoubleUnlocks)
    Handler.doubleUnlock(Record);
}

StringRef PathEngine::giveUpName(GiveUp Reason) {
  switch (Reason) {
  case GiveUp::NoCFG:
    return "no-cfg";
  case GiveUp::InvalidCode:
    return "invalid-code";
  case GiveUp::UnclearRelease:
    return "unclear-release";
  case GiveUp::TooManyAcquires:
    return "too-many-acquires";
  case GiveUp::TooManyReleases:
    return "too-many-releases";
  case GiveUp::TooManyLocks:
    return "too-many-locks";
  case GiveUp::StepBudget:
    return "step-budget";
  }
  return "unknown";
}

/// With THREADS_TIDY_ENGINE_STATS set, one line per translation unit on
/// stderr: how many functions the engine analysed and gave up on, by reason.
static void printStats(const PathEngine &Engine) {
  static const bool Enabled = std::getenv("THREADS_TIDY_ENGINE_STATS");
  if (!Enabled)
    return;
  llvm::errs() << "threads-tidy: path engine: " << Engine.analysedFunctions()
               << " functions analysed";
  for (unsigned I = 0; I < NumGiveUpReasons; ++I)
    llvm::errs() << ", " << PathEngine::giveUpName(static_cast<GiveUp>(I))
                 << "=" << Engine.giveUps()[I];
  llvm::errs() << "\n";
}

PathEngine &PathEngine::of(ASTContext &Context) {
  // Shared by all checks; clangd runs several ASTs on different threads, so
  // the registry (not an engine) is guarded.
  static std::mutex Lock;
  static llvm::DenseMap<const ASTContext *, std::unique_ptr<PathEngine>>
      Engines;
  const std::lock_guard<std::mutex> Guard(Lock);
  std::unique_ptr<PathEngine> &Engine = Engines[&Context];
  if (!Engine) {
    Engine = std::make_unique<PathEngine>(Context);
    // The next AST may get the same address: forget this one with it.
    Context.AddDeallocation(
        [](void *Key) {
          const std::lock_guard<std::mutex> Guard(Lock);
          const auto It = Engines.find(static_cast<const ASTContext *>(Key));
          if (It == Engines.end())
            return;
          printStats(*It->second);
          Engines.erase(It);
        },
        &Context);
  }
  return *Engine;
}

const FunctionLockPaths &PathEngine::analyse(const FunctionDecl *Function,
                                             const OperationModel &Model) {
  // Two kinds of model never share results, whatever their keys.
  std::string Key = Model.modelName().str();
  Key += '\0';
  Key += Model.configKey();
  const unsigned ModelId =
      ModelIds.try_emplace(Key, ModelIds.size()).first->second;
  std::unique_ptr<FunctionLockPaths> &Result = Results[{Function, ModelId}];
  if (Result)
    return *Result;
  Result = std::make_unique<FunctionLockPaths>();
  // Two lock models asking about one function (threads-unreleased-lock's
  // and threads-blocking-under-lock's, which tracks holders) share its CFG:
  // the checks run one after the other on the same match, so the last few
  // graphs are enough.
  std::shared_ptr<CFG> &Graph = RecentGraphs[Function];
  LockFlow Flow(Function, Context, Model, *Result, Graph);
  Flow.run();
  if (RecentGraphs.size() > MaxRecentGraphs) {
    std::shared_ptr<CFG> Kept = Flow.graph();
    RecentGraphs.clear();
    RecentGraphs[Function] = std::move(Kept);
  } else {
    Graph = Flow.graph();
  }
  if (std::optional<GiveUp> Reason = Result->giveUp())
    ++GiveUps[static_cast<unsigned>(*Reason)];
  else if (Result->analysed())
    ++Analysed;
  return *Result;
}

} // namespace clang::tidy::threads::analysis
