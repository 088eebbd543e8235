//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "UnreleasedLockCheck.h"
#include "analysis/ParentIndex.h"
#include "analysis/PathEngine.h"
#include "utils/CallFilter.h"
#include "utils/Compat.h"
#include "utils/FreshName.h"
#include "utils/PathNotes.h"
#include "utils/RaiiGuardFix.h"
#include "utils/SourceLocations.h"
#include "utils/ThrowEvidence.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <array>

using namespace clang::ast_matchers;

namespace clang::tidy::threads {

using namespace analysis;

/// True when \p Name reads like a function whose job is to take a lock
/// (`lock`, `Lock`, `lock_stats`, `AcquireWriter`): it returns holding it on
/// purpose.
static bool isAcquireFunctionName(StringRef Name) {
  llvm::SmallVector<std::string, 4> Words;
  std::string Current;
  for (size_t I = 0; I < Name.size(); ++I) {
    const char C = Name[I];
    if (C == '_' || llvm::isDigit(C)) {
      if (!Current.empty())
        Words.push_back(Current);
      Current.clear();
      continue;
    }
    if (llvm::isUpper(C) && !Current.empty() &&
        (!llvm::isUpper(Name[I - 1]) ||
         (I + 1 < Name.size() && llvm::isLower(Name[I + 1])))) {
      Words.push_back(Current);
      Current.clear();
    }
    Current.push_back(llvm::toLower(C));
  }
  if (!Current.empty())
    Words.push_back(Current);
  if (Words.empty())
    return false;
  for (const std::string &Word : Words)
    if (Word == "unlock" || Word == "release" || Word == "leave" ||
        Word == "unlocked")
      return false;
  // The verb leads or ends the name: `lock`, `lock_stats`, `acquireWriter`,
  // `mutex_lock`, `ReaderLock`; not `positiveTryLockLeak`.
  // `lock`, `rwlock`, `tryrdlock`, `spinlock`; not `block`, `clock`.
  auto IsAcquireWord = [](StringRef Word) {
    if (Word == "acquire" || Word == "enter" || Word == "locked")
      return true;
    return Word.ends_with("lock") && !Word.ends_with("unlock") &&
           !Word.ends_with("block") && !Word.ends_with("clock") &&
           !Word.ends_with("deadlock");
  };
  if (IsAcquireWord(Words.front()) || IsAcquireWord(Words.back()))
    return true;
  return Words.size() >= 2 && Words[0] == "try" && IsAcquireWord(Words[1]);
}

namespace {
/// Collects the identities of the locks a destructor releases.
class DtorReleases : public RecursiveASTVisitor<DtorReleases> {
public:
  explicit DtorReleases(const LockModel &Model) : Model(Model) {}
  bool VisitCallExpr(CallExpr *Call) {
    for (const LockOp &Op : Model.classify(Call))
      if (Op.Kind == LockOpKind::Release)
        if (auto Key = lockIdentity(Op.Object, Op.ThroughPointer))
          Keys.push_back(*Key);
    return true;
  }
  llvm::SmallVector<std::string, 2> Keys;

private:
  const LockModel &Model;
};
} // namespace

/// True when \p E names a parameter or something reached from it
/// (`M`, `*M`, `&M->Raw`, `L.Mu`, `Locks[I]`).
static bool rootedInParameter(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return isa<ParmVarDecl>(Ref->getDecl());
    if (const auto *Member = dyn_cast<MemberExpr>(E))
      E = Member->getBase();
    else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
             Unary && (Unary->getOpcode() == UO_AddrOf ||
                       Unary->getOpcode() == UO_Deref))
      E = Unary->getSubExpr();
    else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
      E = Subscript->getBase();
    else
      return false;
  }
  return false;
}

UnreleasedLockCheck::UnreleasedLockCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  OptionReader Reader(Options, Name, [this](StringRef Message) {
    configurationDiag("%0") << Message;
  });
  // CheckExceptionPaths, the older boolean, sets the default of
  // ExceptionPaths: true is Known, false is None.
  ExceptionPolicy DefaultPolicy = ExceptionPolicy::Known;
  if (const std::optional<bool> Old = Options.get<bool>("CheckExceptionPaths"))
    DefaultPolicy = *Old ? ExceptionPolicy::Known : ExceptionPolicy::None;
  Throws.readOptions(Reader, DefaultPolicy);
  const std::vector<std::pair<std::string, std::string>> ExtraLockPairs =
      Reader.namePairs("ExtraLockPairs", RawExtraLockPairs);
  Cfg.AcquireFunctions =
      Reader.regex("AcquireFunctionsRegex", RawAcquireFunctionsRegex);
  for (const auto &[Acquire, Release] :
       Reader.macroPairs("LockMacros", RawLockMacros)) {
    LockMacros[Acquire.Name] = {/*Acquire=*/true, Acquire.Arg};
    LockMacros[Release.Name] = {/*Acquire=*/false, Release.Arg};
  }
  Model = std::make_unique<LockModel>(ExtraLockPairs);
  Model->addMacroConfig(RawLockMacros);
}

void UnreleasedLockCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExtraLockPairs", RawExtraLockPairs);
  Options.store(Opts, "AcquireFunctionsRegex", RawAcquireFunctionsRegex);
  Throws.storeOptions(Options, Opts);
  // Kept so that configurations spelling the old option stay valid
  // (--verify-config); ExceptionPaths wins when both are set.
  Options.store(Opts, "CheckExceptionPaths",
                Throws.Policy != ExceptionPolicy::None);
  Options.store(Opts, "LockMacros", RawLockMacros);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

namespace {
/// Records the uses of the macros named in LockMacros.
class LockMacroRecorder : public PPCallbacks {
public:
  LockMacroRecorder(
      const SourceManager &SM,
      const llvm::StringMap<UnreleasedLockCheck::LockMacroSpec> &Macros,
      std::vector<UnreleasedLockCheck::LockMacroUse> &Uses)
      : SM(SM), Macros(Macros), Uses(Uses) {}

  void MacroExpands(const Token &MacroNameTok, const MacroDefinition &,
                    SourceRange Range, const MacroArgs *Args) override {
    const IdentifierInfo *Name = MacroNameTok.getIdentifierInfo();
    if (!Name || !Args)
      return;
    const auto It = Macros.find(Name->getName());
    if (It == Macros.end())
      return;
    const unsigned Index = It->second.Arg - 1;
    if (Index >= Args->getNumMacroArguments())
      return;
    const Token *Arg = Args->getUnexpArgument(Index);
    if (Arg->is(tok::eof))
      return;
    // The outermost use in the user's code gives the location; a named
    // use inside another one gives the lock instead of it (the innermost
    // named macro knows which argument is the lock).
    UnreleasedLockCheck::LockMacroUse Use;
    Use.Begin = SM.getExpansionLoc(Range.getBegin());
    Use.End = SM.getExpansionRange(Range.getEnd()).getEnd();
    Use.NameLoc = Range.getBegin();
    Use.ArgBegin = SM.getSpellingLoc(Arg->getLocation());
    for (const Token *T = Arg; T->isNot(tok::eof); ++T)
      Use.ArgEnd = SM.getSpellingLoc(T->getLocation());
    Use.Acquire = It->second.Acquire;
    Use.Name = It->getKey();
    llvm::erase_if(Uses, [&](const UnreleasedLockCheck::LockMacroUse &Outer) {
      return Outer.Begin == Use.Begin && Outer.End == Use.End &&
             expandedFrom(Use.NameLoc, Outer.NameLoc);
    });
    Uses.push_back(Use);
  }

private:
  /// True when \p Loc comes from the expansion of the macro whose name is
  /// at \p MacroName, at any depth.
  bool expandedFrom(SourceLocation Loc, SourceLocation MacroName) const {
    while (Loc.isMacroID()) {
      Loc = SM.getImmediateExpansionRange(Loc).getBegin();
      if (Loc == MacroName)
        return true;
    }
    return false;
  }

  const SourceManager &SM;
  const llvm::StringMap<UnreleasedLockCheck::LockMacroSpec> &Macros;
  std::vector<UnreleasedLockCheck::LockMacroUse> &Uses;
};
} // namespace

void UnreleasedLockCheck::registerPPCallbacks(const SourceManager &SM,
                                              Preprocessor *PP,
                                              Preprocessor *) {
  Inserter.registerPreprocessor(PP);
  if (!LockMacros.empty())
    PP->addPPCallbacks(
        std::make_unique<LockMacroRecorder>(SM, LockMacros, LockMacroUses));
}

void UnreleasedLockCheck::onEndOfTranslationUnit() {
  Analysed.clear();
  Reported.clear();
  LockMacroUses.clear();
  MacroSites.clear();
  Model->clearMacroOps();
}

bool UnreleasedLockCheck::firstReport(SourceLocation Loc, unsigned Kind,
                                      StringRef Lock) {
  // One report per place, kind and lock: instantiations of a template share
  // the place, the locks of one std::lock(A, B) call do not share the lock.
  return Reported
      .insert(
          (Twine(Loc.getRawEncoding()) + ":" + Twine(Kind) + ":" + Lock).str())
      .second;
}

void UnreleasedLockCheck::registerMatchers(MatchFinder *Finder) {
  // Anchor on the acquire calls: only functions that contain one get a CFG.
  // userCallNamed() first: it turns away nearly every call with one lookup,
  // system headers included (the standard library locks its own mutexes;
  // CallFilter.h); the full names are matched after it. The enclosing
  // function, template instantiations and the statement around a release()
  // come from the function-local ParentIndex in check(): forCallable,
  // isInTemplateInstantiation and hasParent would map the parents of the
  // whole translation unit (docs/performance.md).
  //
  // Traversed AsIs: a template whose lock type is dependent shows its calls
  // only in the instantiations; their findings are spelled in the template
  // and reported once (see firstReport).
  Finder->addMatcher(
      traverse(TK_AsIs, Model->acquireCallMatcher().bind("acquire")), this);
  // ExtraLockPairs may name a variable or field of function-pointer type
  // (`Host_ContextLock(Ctx)`): calls through it have no callee declaration
  // for the matcher above. Only with such names configured.
  const std::vector<std::string> Extra = Model->extraAcquireNames();
  if (!Extra.empty()) {
    const std::vector<StringRef> ExtraRefs(Extra.begin(), Extra.end());
    const auto Pointer =
        expr(ignoringParenImpCasts(
                 anyOf(declRefExpr(to(varDecl(hasAnyName(ExtraRefs)))),
                       memberExpr(member(fieldDecl(hasAnyName(ExtraRefs)))))))
            .bind("pointer");
    Finder->addMatcher(
        traverse(
            TK_AsIs,
            callExpr(callee(expr(ignoringParenImpCasts(anyOf(
                         Pointer, unaryOperator(hasOperatorName("*"),
                                                hasUnaryOperand(Pointer)))))))
                .bind("acquire")),
        this);
  }
  // A function whose only lock operations are LockMacros uses has no
  // acquire call to anchor on; check() keeps the functions holding a use.
  if (!LockMacros.empty())
    Finder->addMatcher(functionDecl(isDefinition()).bind("macro-function"),
                       this);
  if (getLangOpts().CPlusPlus)
    Finder->addMatcher(
        cxxMemberCallExpr(
            userCallNamed(lastComponents(std::array<StringRef, 1>{"release"})),
            callee(cxxMethodDecl(hasName("release"),
                                 ofClass(hasAnyName("::std::unique_lock",
                                                    "::std::shared_lock")))))
            .bind("release"),
        this);
}

std::optional<FixItHint>
UnreleasedLockCheck::includeInsertion(FileID File, StringRef Header) {
  return Inserter.createIncludeInsertion(File, Header);
}

/// True when \p Call is a statement of its own (an expression statement of
/// a block, a case or a label), its value unused; unlike a cast to void,
/// which discards on purpose (looking through the implicit nodes around
/// a full expression).
static bool isPlainStatement(const Expr *Call, ASTContext &Context) {
  ParentIndex &Index = ParentIndex::of(Context);
  DynTypedNode Node = DynTypedNode::create(*Call);
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    const ParentIndex::ParentList Parents = Index.parents(Node);
    if (Parents.size() != 1)
      return false;
    const auto *Parent = Parents.front().get<Stmt>();
    if (!Parent)
      return false;
    if (isa<CompoundStmt, SwitchCase, LabelStmt>(Parent))
      return true;
    if (!isa<FullExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
             CXXBindTemporaryExpr>(Parent))
      return false;
    Node = Parents.front();
  }
  return false;
}

void UnreleasedLockCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Context = *Result.Context;
  if (const auto *Release =
          Result.Nodes.getNodeAs<CXXMemberCallExpr>("release")) {
    if (isPlainStatement(Release, Context))
      checkDiscardedRelease(Release, Context);
    return;
  }
  if (const auto *Function =
          Result.Nodes.getNodeAs<FunctionDecl>("macro-function")) {
    const SourceManager &SM = Context.getSourceManager();
    const Stmt *Body = Function->getBody();
    if (!Body || Analysed.contains(Function))
      return;
    const SourceLocation Begin = SM.getExpansionLoc(Body->getBeginLoc());
    const SourceLocation End = SM.getExpansionLoc(Body->getEndLoc());
    const bool HasUse = llvm::any_of(LockMacroUses, [&](const LockMacroUse &U) {
      return !SM.isBeforeInTranslationUnit(U.Begin, Begin) &&
             SM.isBeforeInTranslationUnit(U.Begin, End);
    });
    if (HasUse && Analysed.insert(Function).second)
      analyseFunction(Function, Context);
    return;
  }
  ParentIndex &Index = ParentIndex::of(Context);
  const auto *Acquire = Result.Nodes.getNodeAs<CallExpr>("acquire");
  if (!Acquire)
    return;
  // Code spelled in the source is read as the check's traversal kind shows
  // it; template instantiations as they are.
  const bool Instantiated = Index.isInTemplateInstantiation(*Acquire);
  const TraversalKindScope Kind(
      Context, Instantiated ? TK_AsIs : TK_IgnoreUnlessSpelledInSource);
  const FunctionDecl *Function = Index.enclosingFunction(*Acquire);
  if (!Function || !Function->getBody() || !Analysed.insert(Function).second)
    return;
  analyseFunction(Function, *Result.Context);
}

/// True when \p Object names a local holder constructed with
/// `std::adopt_lock`.
static bool adoptedALock(const Expr *Object) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
      Object ? Object->IgnoreParenImpCasts() : nullptr);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->getInit())
    return false;
  const auto *Construct =
      dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit());
  if (!Construct)
    return false;
  return llvm::any_of(Construct->arguments(), [](const Expr *Arg) {
    const CXXRecordDecl *Tag = Arg->getType()->getAsCXXRecordDecl();
    return Tag && Tag->getName() == "adopt_lock_t" && Tag->isInStdNamespace();
  });
}

void UnreleasedLockCheck::checkDiscardedRelease(const CXXMemberCallExpr *Call,
                                                ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  SourceLocation Loc = Call->getBeginLoc();
  if (Loc.isMacroID()) {
    if (!SM.isMacroArgExpansion(Loc))
      return;
    Loc = SM.getFileLoc(Loc);
  }
  // A holder that adopted a lock someone else took (`unique_lock L(M,
  // std::adopt_lock); Cv.wait(L); L.release();`) hands it back to that owner.
  if (adoptedALock(Call->getImplicitObjectArgument()))
    return;
  const CXXRecordDecl *Holder = Call->getMethodDecl()->getParent();
  diag(Loc, "the result of '%0' is discarded; the mutex stays locked and no "
            "owner is left to unlock it")
      << ("std::" + Holder->getName() + "::release").str();
}

bool UnreleasedLockCheck::mayThrow(const Expr *E) { return Throws.mayThrow(E); }

/// True for functions whose job is to leave a lock held for their caller:
/// annotated acquire functions, names the AcquireFunctionsRegex option
/// matches (or, without that option, names that read like an acquire), bodies
/// that are nothing but the acquire, and functions that take a lock reached
/// through a parameter and release nothing (acquire wrappers; guard
/// constructors whose destructor releases).
bool UnreleasedLockCheck::isAcquireFunction(
    const FunctionDecl *Function, const analysis::FunctionLockPaths &Paths,
    bool DtorReleases) const {
  if (Function->hasAttr<AcquireCapabilityAttr>() ||
      Function->hasAttr<TryAcquireCapabilityAttr>() ||
      Function->hasAttr<AcquireHandleAttr>())
    return true;
  const auto *Method = dyn_cast<CXXMethodDecl>(Function);
  if (!Method || !Method->getParent()->isLambda()) {
    // Once the user names the acquire functions, the built-in name rule
    // would only hide leaks the user did not exempt (`lockAndCount`).
    if (Cfg.AcquireFunctions) {
      if (Cfg.AcquireFunctions->matches(Function->getQualifiedNameAsString()))
        return true;
    } else if (Function->getDeclName().isIdentifier() &&
               isAcquireFunctionName(Function->getName())) {
      return true;
    }
  }
  // A body that is nothing but the acquire (`void pause() { m.lock(); }`)
  // is a wrapper whose caller releases.
  if (const auto *Body = dyn_cast<CompoundStmt>(Function->getBody());
      Body && Body->size() == 1 && Paths.acquires().size() == 1) {
    const Stmt *Only = Body->body_front();
    if (const auto *Return = dyn_cast<ReturnStmt>(Only))
      Only = Return->getRetValue();
    if (const auto *E = dyn_cast_or_null<Expr>(Only))
      if (E->IgnoreImplicit()->IgnoreParenImpCasts() ==
          Paths.acquires().front().Site)
        return true;
  }
  // A lock reached through a parameter and released nowhere in the function:
  // an acquire wrapper (`void lock_at(Mutex *M, const char *File) {
  // pthread_mutex_lock(&M->Raw); log(File); }`), the caller's to release as
  // an unlock without an acquire is the caller's lock; or the constructor
  // of a guard whose destructor releases (`Guard(std::mutex &m) : M(m) {
  // m.lock(); }`, `~Guard() { M.unlock(); }`).
  return Paths.releases().empty() &&
         (!isa<CXXConstructorDecl>(Function) || DtorReleases) &&
         llvm::all_of(Paths.acquires(), [](const analysis::OpRecord &Op) {
           return rootedInParameter(Op.Op.Object);
         });
}

/// The identities of the locks the destructor of \p Function's class
/// releases, when \p Function is a constructor: a lock taken there and
/// released there is the RAII idiom itself.
llvm::SmallVector<std::string, 2>
UnreleasedLockCheck::dtorReleasedLocks(const FunctionDecl *Function) const {
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(Function);
  const CXXRecordDecl *Def =
      Ctor ? Ctor->getParent()->getDefinition() : nullptr;
  const CXXDestructorDecl *Dtor = Def ? Def->getDestructor() : nullptr;
  const FunctionDecl *DtorDef = Dtor ? Dtor->getDefinition() : nullptr;
  if (!DtorDef || !DtorDef->getBody())
    return {};
  DtorReleases Visitor(*Model);
  Visitor.TraverseStmt(DtorDef->getBody());
  return std::move(Visitor.Keys);
}

/// Where to report a finding at the acquire or release \p Site: its place in
/// the user's code, or the use of a lock macro whose expansion is the call
/// (`LOCK(&s->mu)` with `#define LOCK(m) pthread_mutex_lock(m)`). Invalid
/// for code the user did not write (a macro that locks and unlocks, a macro
/// that defines the function).
SourceLocation
UnreleasedLockCheck::siteLocation(const Expr *Site,
                                  const ASTContext &Context) const {
  if (const auto It = MacroSites.find(Site); It != MacroSites.end())
    return It->second;
  const SourceManager &SM = Context.getSourceManager();
  const SourceLocation Loc = reportLocation(Site->getBeginLoc(), SM);
  if (Loc.isValid())
    return Loc;
  return wrapperMacroUse(Site, SM, Context.getLangOpts());
}

namespace {
/// Turns the path engine's records for one function into this check's
/// diagnostics.
class LeakReporter : public analysis::PathHandler {
public:
  LeakReporter(UnreleasedLockCheck &Check, const FunctionDecl *Function,
               const analysis::FunctionLockPaths &Paths, ASTContext &Context)
      : Check(Check), Function(Function), Paths(Paths), Context(Context),
        SM(Context.getSourceManager()) {}

  /// Calls that may throw are looked at (ThrowChecks); a lock taken in the
  /// constructor is exempt when its key is in DtorKeys; LeakExempt says the
  /// function hands its locks to its caller on purpose.
  bool ThrowChecks = false;
  bool LeakExempt = false;
  llvm::SmallVector<std::string, 2> DtorKeys;

  void callWhileHeld(const analysis::HeldAtCall &Held) override {
    if (!ThrowChecks || !Check.mayThrow(Held.Call))
      return;
    Held.MayHold.forEach([&](unsigned Site) {
      const Expr *&First = ThrowingCalls[Site];
      // Blocks are not visited in source order: keep the first call.
      if (!First || SM.isBeforeInTranslationUnit(Held.Call->getBeginLoc(),
                                                 First->getBeginLoc()))
        First = Held.Call;
    });
  }
  void acquireOutcome(unsigned Site,
                      const analysis::AcquireOutcome &Outcome) override;
  void doubleLock(const analysis::DoubleLockRecord &Record) override;
  void doubleUnlock(const analysis::DoubleUnlockRecord &Record) override;

private:
  void addNotes(const analysis::AcquireOutcome &Outcome,
                const std::string &Spelling, const Expr *Throwing);

  UnreleasedLockCheck &Check;
  const FunctionDecl *Function;
  const analysis::FunctionLockPaths &Paths;
  ASTContext &Context;
  const SourceManager &SM;
  llvm::DenseMap<unsigned, const Expr *> ThrowingCalls;
  /// LeakExempt, or the lock of the acquire being reported is handed off.
  bool Exempt = false;
  NamesInUse UsedNames;
};
} // namespace

void LeakReporter::acquireOutcome(unsigned Site,
                                  const analysis::AcquireOutcome &Outcome) {
  const analysis::OpRecord &Acquire = Paths.acquires()[Site];
  const analysis::LockRecord &Lock = Paths.locks()[Acquire.Lock];
  if (llvm::is_contained(DtorKeys, Lock.Key))
    return;
  const Expr *Throwing = ThrowingCalls.lookup(Site);
  // A lock that every path out of the function holds and that the function
  // never releases is handed to the caller on purpose (a "starts locked"
  // init, a crash-handler latch); a lock released on some paths and not on
  // others is where the bugs are.
  // A constructor hands its locks to the object, whose destructor must
  // release them (DtorKeys): not to its caller.
  const bool HandOff = Lock.HeldAtEveryExit && Lock.ReleaseCalls.empty() &&
                       !Lock.OtherReleases &&
                       !isa<CXXConstructorDecl>(Function);
  Exempt = LeakExempt || HandOff;
  const bool LeakReported = (Outcome.leaks() && !Exempt) ||
                            !Outcome.LoopReacquires.empty() ||
                            !Outcome.OtherReacquires.empty();
  // A function whose job is to acquire leaves the lock held on purpose;
  // a throw on the way out is its caller's concern, not a leak of its own.
  if (!LeakReported && (!Throwing || Exempt))
    return;
  const SourceLocation Loc = Check.siteLocation(Acquire.Site, Context);
  if (Loc.isInvalid() || !Check.firstReport(Loc, 0, Acquire.Spelling))
    return;
  {
    const DiagnosticBuilder Diag =
        LeakReported
            ? Check.diag(Loc, "'%0' is locked here and not released on every "
                              "path; the next attempt to lock it deadlocks")
            : Check.diag(Loc, "'%0' stays locked if an exception is thrown "
                              "before it is released; use a RAII guard");
    Diag << Acquire.Spelling;
    const auto *Call = dyn_cast<CallExpr>(Acquire.Site);
    if (std::optional<RaiiGuardFix> Fix =
            Call && !Check.isLockMacroSite(Call)
                ? buildRaiiGuardFix(Function, Call, Acquire.Op, Lock, UsedNames,
                                    Context)
                : std::nullopt) {
      for (const FixItHint &Hint : Fix->Hints)
        Diag << Hint;
      Diag << Check.includeInsertion(SM.getFileID(SM.getExpansionLoc(Loc)),
                                     Fix->Header);
    }
  }
  addNotes(Outcome, Acquire.Spelling, Throwing);
}

void LeakReporter::addNotes(const analysis::AcquireOutcome &Outcome,
                            const std::string &Spelling, const Expr *Throwing) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Function);
  const bool IsLambda = Method && Method->getParent()->isLambda();
  const std::string FunctionDesc =
      IsLambda ? "the lambda" : "'" + Function->getNameAsString() + "'";
  // Notes in source order, whatever order the CFG visited them in.
  llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> Notes;
  const std::string Quoted = "'" + Spelling + "'";
  if (Outcome.leaks() && !Exempt) {
    for (const analysis::ExitRecord &Exit : Outcome.LeakExits) {
      const char *How = " returns here";
      if (Exit.Kind == analysis::ExitKind::Throw)
        How = " throws here";
      else if (Exit.Kind == analysis::ExitKind::EndOfBody)
        How = " reaches its end here";
      std::string Text = Quoted;
      Text += " is still locked when ";
      Text += FunctionDesc;
      Text += How;
      Notes.emplace_back(SM.getFileLoc(Exit.Loc), std::move(Text));
      appendBranchNotes(Exit, Context, Notes);
    }
  }
  for (const SourceLocation Again : Outcome.LoopReacquires)
    Notes.emplace_back(SM.getFileLoc(Again),
                       "the next loop iteration locks " + Quoted +
                           " again here while it is still held");
  for (const SourceLocation Again : Outcome.OtherReacquires)
    Notes.emplace_back(SM.getFileLoc(Again),
                       Quoted + " is locked again here while it may still "
                                "be held");
  if (Throwing) {
    const std::string Callee = describeThrowingCall(Throwing, Context);
    Notes.emplace_back(SM.getFileLoc(Throwing->getBeginLoc()),
                       Callee + " may throw here while " + Quoted + " is held");
  }
  llvm::sort(Notes, [&](const auto &A, const auto &B) {
    return SM.isBeforeInTranslationUnit(A.first, B.first);
  });
  Notes.erase(std::unique(Notes.begin(), Notes.end()), Notes.end());
  for (const auto &[NoteLoc, Text] : Notes)
    Check.diag(NoteLoc, "%0", DiagnosticIDs::Note) << Text;
}

void LeakReporter::doubleLock(const analysis::DoubleLockRecord &Record) {
  const analysis::OpRecord &Acquire = Paths.acquires()[Record.Acquire];
  const SourceLocation Loc = Check.siteLocation(Acquire.Site, Context);
  if (Loc.isInvalid() || !Check.firstReport(Loc, 1, Acquire.Spelling))
    return;
  Check.diag(Loc, "'%0' is locked again while this thread already holds it; "
                  "a non-recursive lock deadlocks")
      << Acquire.Spelling;
  Record.Holders.forEach([&](unsigned Site) {
    Check.diag(SM.getFileLoc(Paths.acquires()[Site].Site->getBeginLoc()),
               "'%0' was locked here", DiagnosticIDs::Note)
        << Acquire.Spelling;
  });
}

void LeakReporter::doubleUnlock(const analysis::DoubleUnlockRecord &Record) {
  const analysis::OpRecord &Release = Paths.releases()[Record.Release];
  const SourceLocation Loc = Check.siteLocation(Release.Site, Context);
  if (Loc.isInvalid() || !Check.firstReport(Loc, 2, Release.Spelling))
    return;
  Check.diag(Loc, "'%0' is unlocked again after it was already released on "
                  "every path; unlocking a lock this thread does not hold is "
                  "undefined behavior")
      << Release.Spelling;
  Record.Previous.forEach([&](unsigned Site) {
    Check.diag(SM.getFileLoc(Paths.releases()[Site].Site->getBeginLoc()),
               "'%0' was released here", DiagnosticIDs::Note)
        << Release.Spelling;
  });
}

/// The expression a lock macro's expansion \p S evaluates first on every
/// path, which the CFG keeps as an element of its own: the expression of an
/// expression statement, an `if` condition, the first statement of a
/// compound or `do` body, the left side of `&&`/`||`. Null for anything
/// else.
static const Expr *macroAnchor(const Stmt *S) {
  for (unsigned Depth = 0; S && Depth < 8; ++Depth) {
    if (const auto *E = dyn_cast<Expr>(S)) {
      E = E->IgnoreParens();
      while (const auto *Full = dyn_cast<FullExpr>(E))
        E = Full->getSubExpr()->IgnoreParens();
      if (const auto *Logical = dyn_cast<BinaryOperator>(E);
          Logical && Logical->isLogicalOp()) {
        S = Logical->getLHS();
        continue;
      }
      return E;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      if (If->getInit() || If->getConditionVariable() || If->isConsteval())
        return nullptr;
      S = If->getCond();
    } else if (const auto *Do = dyn_cast<DoStmt>(S)) {
      S = Do->getBody();
    } else if (const auto *Compound = dyn_cast<CompoundStmt>(S)) {
      if (Compound->body_empty())
        return nullptr;
      S = Compound->body_front();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

namespace {
/// Finds, in one function body, the statement each lock macro use expands
/// to (the outermost one spanning the use), and the bodies of lambdas (whose
/// uses belong to the lambda's own analysis).
class MacroUseFinder : public RecursiveASTVisitor<MacroUseFinder> {
public:
  MacroUseFinder(const SourceManager &SM,
                 llvm::ArrayRef<UnreleasedLockCheck::LockMacroUse> Uses)
      : SM(SM), Uses(Uses), Found(Uses.size(), nullptr) {}
  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    if (const Stmt *Body = Lambda->getBody())
      LambdaBodies.push_back(Body->getSourceRange());
    return true;
  }
  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    const SourceLocation Begin = S->getBeginLoc();
    if (Begin.isMacroID()) {
      const SourceLocation Use = SM.getExpansionLoc(Begin);
      const SourceLocation End = SM.getExpansionRange(S->getEndLoc()).getEnd();
      for (size_t I = 0; I < Uses.size(); ++I)
        if (!Found[I] && Uses[I].Begin == Use && Uses[I].End == End) {
          Found[I] = S;
          return true;
        }
    }
    return RecursiveASTVisitor::TraverseStmt(S);
  }

  const SourceManager &SM;
  llvm::ArrayRef<UnreleasedLockCheck::LockMacroUse> Uses;
  std::vector<const Stmt *> Found;
  llvm::SmallVector<SourceRange, 2> LambdaBodies;
};

/// The expression spelled as a lock macro's lock argument, and every call
/// inside the use's expansion.
class MacroArgFinder : public RecursiveASTVisitor<MacroArgFinder> {
public:
  MacroArgFinder(const SourceManager &SM,
                 const UnreleasedLockCheck::LockMacroUse &Use)
      : SM(SM), Use(Use) {}
  static bool shouldVisitLambdaBody() { return false; }
  bool VisitExpr(Expr *E) {
    if (isa<CallExpr, CXXConstructExpr>(E))
      Calls.push_back(E);
    const SourceLocation Begin = E->getBeginLoc();
    if (!Arg && Begin.isMacroID() && SM.isMacroArgExpansion(Begin) &&
        SM.getSpellingLoc(Begin) == Use.ArgBegin &&
        SM.getSpellingLoc(E->getEndLoc()) == Use.ArgEnd)
      Arg = E;
    return true;
  }
  const Expr *Arg = nullptr;
  llvm::SmallVector<const Expr *, 4> Calls;

private:
  const SourceManager &SM;
  const UnreleasedLockCheck::LockMacroUse &Use;
};
} // namespace

bool UnreleasedLockCheck::prepareLockMacros(
    const FunctionDecl *Function, ASTContext &Context,
    llvm::SmallVectorImpl<const Expr *> &Anchors) {
  if (LockMacroUses.empty())
    return true;
  const SourceManager &SM = Context.getSourceManager();
  const Stmt *Body = Function->getBody();
  const SourceLocation Begin = SM.getExpansionLoc(Body->getBeginLoc());
  const SourceLocation End = SM.getExpansionLoc(Body->getEndLoc());
  llvm::SmallVector<LockMacroUse, 4> Uses;
  for (const LockMacroUse &Use : LockMacroUses)
    if (!SM.isBeforeInTranslationUnit(Use.Begin, Begin) &&
        SM.isBeforeInTranslationUnit(Use.Begin, End))
      Uses.push_back(Use);
  if (Uses.empty())
    return true;
  MacroUseFinder Finder(SM, Uses);
  Finder.TraverseStmt(const_cast<Stmt *>(Body));
  for (size_t I = 0; I < Uses.size(); ++I) {
    const LockMacroUse &Use = Uses[I];
    const Stmt *Expansion = Finder.Found[I];
    if (!Expansion) {
      // A use in a lambda is the lambda's; anything else is unclear.
      if (llvm::any_of(Finder.LambdaBodies, [&](SourceRange Lambda) {
            return !SM.isBeforeInTranslationUnit(Use.Begin,
                                                 Lambda.getBegin()) &&
                   SM.isBeforeInTranslationUnit(Use.Begin, Lambda.getEnd());
          }))
        continue;
      return false;
    }
    const Expr *Anchor = macroAnchor(Expansion);
    MacroArgFinder Args(SM, Use);
    Args.TraverseStmt(const_cast<Stmt *>(Expansion));
    if (!Anchor || !Args.Arg)
      return false;
    // Whatever the macro expands to (a call through a callback table, a
    // test of the lock first), its use is this one operation; the calls in
    // it are not operations or uses of the lock of their own.
    LockOp Op;
    Op.Kind = Use.Acquire ? LockOpKind::Acquire : LockOpKind::Release;
    Op.Object = Args.Arg->IgnoreParenImpCasts();
    Op.ThroughPointer = Op.Object->getType()->isPointerType();
    // What kind of lock the macro takes is unknown: no double-lock reports.
    Op.Recursive = true;
    Op.Name = Use.Name;
    for (const Expr *Call : Args.Calls)
      if (Call != Anchor)
        Model->addMacroInternal(Call);
    Model->addMacroOp(Anchor, Op);
    MacroSites[Anchor] = Use.Begin;
    Anchors.push_back(Anchor);
  }
  return true;
}

void UnreleasedLockCheck::analyseFunction(const FunctionDecl *Function,
                                          ASTContext &Context) {
  if (Function->isInvalidDecl() || !Function->getBody())
    return;
  if (Context.getSourceManager().isInSystemHeader(Function->getLocation()))
    return;
  llvm::SmallVector<const Expr *, 4> MacroAnchors;
  if (!prepareLockMacros(Function, Context, MacroAnchors))
    return;
  const analysis::FunctionLockPaths &Paths =
      analysis::PathEngine::of(Context).analyse(Function, *Model);
  if (!Paths.analysed())
    return;
  // A lock macro's use whose anchor the CFG does not evaluate as a statement
  // of its own would be a missing acquire or release: do not judge.
  for (const Expr *Anchor : MacroAnchors) {
    auto IsSite = [&](const analysis::OpRecord &Op) {
      return Op.Site == Anchor;
    };
    if (llvm::none_of(Paths.acquires(), IsSite) &&
        llvm::none_of(Paths.releases(), IsSite))
      return;
  }

  LeakReporter Reporter(*this, Function, Paths, Context);
  Reporter.DtorKeys = dtorReleasedLocks(Function);
  Reporter.LeakExempt =
      isAcquireFunction(Function, Paths, !Reporter.DtorKeys.empty());
  Reporter.ThrowChecks = Throws.followsExceptionPaths(Function, Context);
  Paths.report(Reporter);
}

} // namespace clang::tidy::threads
