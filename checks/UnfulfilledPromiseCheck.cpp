//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "UnfulfilledPromiseCheck.h"
#include "analysis/PathEngine.h"
#include "utils/OptionReader.h"
#include "utils/PathNotes.h"
#include "utils/SourceLocations.h"
#include "utils/ThrowEvidence.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threads {

using namespace analysis;

namespace {
/// The functions of the user's code that own a `std::promise`: a local or
/// a by-value parameter, or (for a lambda's call operator) an init-capture
/// (`[P = std::move(P)]`), in the order they are found.
class PromiseOwners : public RecursiveASTVisitor<PromiseOwners> {
public:
  bool VisitVarDecl(VarDecl *Var) {
    if (Var->hasLocalStorage() && !Var->isInitCapture() &&
        isStdPromiseType(Var->getType()))
      add(dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod()));
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *Lambda) {
    if (llvm::any_of(Lambda->captures(), [](const LambdaCapture &Capture) {
          if (!Capture.capturesVariable())
            return false;
          const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
          return Var && Var->isInitCapture() &&
                 isStdPromiseType(Var->getType());
        }))
      add(Lambda->getCallOperator());
    return true;
  }

  llvm::SetVector<const FunctionDecl *> Functions;

private:
  void add(const FunctionDecl *Function) {
    if (Function)
      Functions.insert(Function);
  }
};
} // namespace

UnfulfilledPromiseCheck::UnfulfilledPromiseCheck(StringRef Name,
                                                 ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {
  OptionReader Reader(Options, Name, [this](StringRef Message) {
    configurationDiag("%0") << Message;
  });
  Throws.readOptions(Reader);
}

void UnfulfilledPromiseCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Throws.storeOptions(Options, Opts);
}

void UnfulfilledPromiseCheck::onEndOfTranslationUnit() {
  Analysed.clear();
  Reported.clear();
  Model.clear();
}

bool UnfulfilledPromiseCheck::firstReport(SourceLocation Loc, unsigned Kind) {
  return Reported
      .insert((Twine(Loc.getRawEncoding()) + ":" + Twine(Kind)).str())
      .second;
}

void UnfulfilledPromiseCheck::registerMatchers(MatchFinder *Finder) {
  // One callback per translation unit, then a walk over the declarations
  // outside system headers: a varDecl() matcher is dispatched for every
  // parameter of every function the system headers declare (+6.7M
  // instructions of matcher dispatch on leveldb util/cache.cc, which has no
  // promise at all). Only functions that own a promise get a CFG.
  Finder->addMatcher(translationUnitDecl().bind("unit"), this);
}

void UnfulfilledPromiseCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Unit = Result.Nodes.getNodeAs<TranslationUnitDecl>("unit");
  if (!Unit)
    return;
  const SourceManager &SM = *Result.SourceManager;
  PromiseOwners Owners;
  for (Decl *D : Unit->decls())
    if (!SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      Owners.TraverseDecl(D);
  for (const FunctionDecl *Function : Owners.Functions)
    if (Function->getBody() && Analysed.insert(Function).second)
      analyseFunction(Function, *Result.Context);
}

namespace {
/// What the engine found for one promise.
struct PromiseFindings {
  llvm::SmallVector<ExitRecord, 2> Leaks;
  const Expr *Throwing = nullptr;
};

/// Turns the path engine's records for one function into this check's
/// diagnostics.
class PromiseReporter : public PathHandler {
public:
  PromiseReporter(UnfulfilledPromiseCheck &Check, const FunctionDecl *Function,
                  const FunctionLockPaths &Paths, ASTContext &Context)
      : Check(Check), Function(Function), Paths(Paths), Context(Context),
        SM(Context.getSourceManager()) {}

  bool ThrowChecks = false;

  void callWhileHeld(const HeldAtCall &Held) override {
    if (!ThrowChecks || !Check.mayThrow(Held.Call))
      return;
    Held.MayHold.forEach([&](unsigned Site) {
      const VarDecl *Var = obligation(Paths.acquires()[Site]);
      if (!Var)
        return;
      const Expr *&First = Findings[Var].Throwing;
      if (!First || SM.isBeforeInTranslationUnit(Held.Call->getBeginLoc(),
                                                 First->getBeginLoc()))
        First = Held.Call;
    });
  }
  void acquireOutcome(unsigned Site, const AcquireOutcome &Outcome) override {
    const VarDecl *Var = obligation(Paths.acquires()[Site]);
    if (!Var)
      return;
    PromiseFindings &Found = Findings[Var];
    for (const ExitRecord &Exit : Outcome.LeakExits)
      if (!llvm::is_contained(Found.Leaks, Exit))
        Found.Leaks.push_back(Exit);
  }
  void doubleUnlock(const DoubleUnlockRecord &Record) override;
  /// The promises that may be destroyed without a value, after report().
  void reportUnfulfilled();

private:
  const VarDecl *object(const OpRecord &Op) const {
    if (const auto *Var = dyn_cast_or_null<VarDecl>(Op.Op.Named))
      return Var;
    return Check.model().trackedObject(Op.Op.Object);
  }
  /// The promise an acquire obliges the function to satisfy: not the
  /// declaration of a local whose future is never taken (PromiseModel).
  const VarDecl *obligation(const OpRecord &Acquire) const {
    return Acquire.Op.Name == "declaration" ? nullptr : object(Acquire);
  }
  std::string exitNote(const ExitRecord &Exit, const VarDecl *Var) const;
  void
  addExitNotes(const ExitRecord &Exit, const VarDecl *Var,
               llvm::SmallVectorImpl<std::pair<SourceLocation, std::string>>
                   &Notes) const;

  UnfulfilledPromiseCheck &Check;
  const FunctionDecl *Function;
  const FunctionLockPaths &Paths;
  ASTContext &Context;
  const SourceManager &SM;
  llvm::MapVector<const VarDecl *, PromiseFindings> Findings;
};
} // namespace

std::string PromiseReporter::exitNote(const ExitRecord &Exit,
                                      const VarDecl *Var) const {
  const auto *Method = dyn_cast<CXXMethodDecl>(Function);
  const std::string Owner = Method && Method->getParent()->isLambda()
                                ? std::string("the lambda")
                                : "'" + Function->getNameAsString() + "'";
  // A local is destroyed where its scope ends; a parameter or a capture
  // stays unset when the function leaves (and is destroyed soon after).
  std::string Text = "'" + Var->getNameAsString() + "'";
  Text += PromiseModel::ownedFromStart(Var) ? " has no value when "
                                            : " is destroyed without a value "
                                              "when ";
  switch (Exit.Kind) {
  case ExitKind::Return:
  case ExitKind::CoReturn:
    return Text + Owner + " returns here";
  case ExitKind::EndOfBody:
    return Text + Owner + " reaches its end here";
  case ExitKind::Throw:
    return Text + Owner + " throws here";
  case ExitKind::EndOfScope:
    return Text + "its scope ends here";
  case ExitKind::Break:
    return Text + "'break' leaves its scope here";
  case ExitKind::Continue:
    return Text + "'continue' leaves its scope here";
  case ExitKind::Goto:
    return Text + "'goto' leaves its scope here";
  }
  return Text;
}

void PromiseReporter::addExitNotes(
    const ExitRecord &Exit, const VarDecl *Var,
    llvm::SmallVectorImpl<std::pair<SourceLocation, std::string>> &Notes)
    const {
  Notes.emplace_back(SM.getFileLoc(Exit.Loc), exitNote(Exit, Var));
  appendBranchNotes(Exit, Context, Notes);
}

void PromiseReporter::reportUnfulfilled() {
  for (const auto &[Var, Found] : Findings) {
    if (Found.Leaks.empty() && !Found.Throwing)
      continue;
    // A promise whose name comes out of a macro is the macro's.
    const SourceLocation Loc = Var->getLocation();
    if (Loc.isInvalid() || Loc.isMacroID() || !Check.firstReport(Loc, 0))
      continue;
    const std::string Quoted = "'" + Var->getNameAsString() + "'";
    if (!Found.Leaks.empty())
      Check.diag(Loc, "%0 may be destroyed without a value: the waiting "
                      "future gets 'broken_promise'")
          << Quoted;
    else
      Check.diag(Loc, "%0 is destroyed without a value if an exception is "
                      "thrown before it is set: the waiting future gets "
                      "'broken_promise'")
          << Quoted;
    llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> Notes;
    for (const ExitRecord &Exit : Found.Leaks)
      addExitNotes(Exit, Var, Notes);
    if (Found.Throwing)
      Notes.emplace_back(
          SM.getFileLoc(Found.Throwing->getBeginLoc()),
          "exception path: " + describeThrowingCall(Found.Throwing, Context) +
              " may throw here while " + Quoted + " has no value");
    llvm::sort(Notes, [&](const auto &A, const auto &B) {
      return SM.isBeforeInTranslationUnit(A.first, B.first);
    });
    Notes.erase(std::unique(Notes.begin(), Notes.end()), Notes.end());
    for (const auto &[NoteLoc, Text] : Notes)
      Check.diag(NoteLoc, "%0", DiagnosticIDs::Note) << Text;
  }
}

void PromiseReporter::doubleUnlock(const DoubleUnlockRecord &Record) {
  const OpRecord &Second = Paths.releases()[Record.Release];
  if (!isPromiseSetter(Second.Op.Name) || !object(Second))
    return;
  // Every earlier release is a setter: after a move the object is empty
  // (a use after move, not a second value).
  bool AllSetters = !Record.Previous.empty();
  Record.Previous.forEach([&](unsigned Index) {
    AllSetters &= isPromiseSetter(Paths.releases()[Index].Op.Name);
  });
  if (!AllSetters)
    return;
  const SourceLocation Loc = reportLocation(Second.Site->getBeginLoc(), SM);
  if (Loc.isInvalid() || !Check.firstReport(Loc, 1))
    return;
  Check.diag(Loc, "'%0' is already satisfied on every path here: this '%1' "
                  "throws 'promise_already_satisfied'")
      << Second.Spelling << Second.Op.Name;
  llvm::SmallVector<const OpRecord *, 2> Earlier;
  Record.Previous.forEach(
      [&](unsigned Index) { Earlier.push_back(&Paths.releases()[Index]); });
  llvm::sort(Earlier, [&](const OpRecord *A, const OpRecord *B) {
    return SM.isBeforeInTranslationUnit(A->Site->getBeginLoc(),
                                        B->Site->getBeginLoc());
  });
  for (const OpRecord *First : Earlier) {
    const SourceLocation FirstLoc =
        reportLocation(First->Site->getBeginLoc(), SM);
    if (FirstLoc.isValid())
      Check.diag(FirstLoc, "'%0' is satisfied here by '%1'",
                 DiagnosticIDs::Note)
          << First->Spelling << First->Op.Name;
  }
}

void UnfulfilledPromiseCheck::analyseFunction(const FunctionDecl *Function,
                                              ASTContext &Context) {
  // Dependent code (templates, generic lambdas) may do anything to the
  // promise; the instantiations repeat the pattern.
  if (Function->isInvalidDecl() || Function->isDependentContext() ||
      Function->isTemplateInstantiation() ||
      isa<CoroutineBodyStmt>(Function->getBody()))
    return;
  const SourceManager &SM = Context.getSourceManager();
  if (SM.isInSystemHeader(SM.getExpansionLoc(Function->getLocation())))
    return;
  const FunctionLockPaths &Paths =
      PathEngine::of(Context).analyse(Function, Model);
  if (!Paths.analysed())
    return;
  PromiseReporter Reporter(*this, Function, Paths, Context);
  Reporter.ThrowChecks = Throws.followsExceptionPaths(Function, Context);
  Paths.report(Reporter);
  Reporter.reportUnfulfilled();
}

} // namespace clang::tidy::threads
