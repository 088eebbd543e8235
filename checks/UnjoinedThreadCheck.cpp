//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "UnjoinedThreadCheck.h"
#include "analysis/ParentIndex.h"
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
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threads {

using namespace analysis;

namespace {
/// A local `std::thread` variable written outside system headers.
AST_MATCHER(VarDecl, isLocalStdThread) {
  (void)Builder;
  return Node.hasLocalStorage() && !isa<ParmVarDecl>(Node) &&
         isStdThreadType(Node.getType()) &&
         !Finder->getASTContext().getSourceManager().isInSystemHeader(
             Node.getLocation());
}

/// `F = ...` (or `this->F = ...`) on a `std::thread` field of `*this`.
AST_MATCHER(CXXOperatorCallExpr, assignsThreadFieldOfThis) {
  (void)Builder;
  (void)Finder;
  if (Node.getOperator() != OO_Equal || Node.getNumArgs() != 2)
    return false;
  const auto *Member =
      dyn_cast<MemberExpr>(Node.getArg(0)->IgnoreParenImpCasts());
  return Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()) &&
         isStdThreadType(Member->getType());
}
} // namespace

UnjoinedThreadCheck::UnjoinedThreadCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {
  OptionReader Reader(Options, Name, [this](StringRef Message) {
    configurationDiag("%0") << Message;
  });
  Throws.readOptions(Reader);
}

void UnjoinedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Throws.storeOptions(Options, Opts);
}

void UnjoinedThreadCheck::onEndOfTranslationUnit() {
  Analysed.clear();
  Reported.clear();
  Model.clear();
}

bool UnjoinedThreadCheck::firstReport(SourceLocation Loc, unsigned Kind) {
  return Reported
      .insert((Twine(Loc.getRawEncoding()) + ":" + Twine(Kind)).str())
      .second;
}

void UnjoinedThreadCheck::registerMatchers(MatchFinder *Finder) {
  // Anchored on the declarations of local threads and on the assignments of
  // thread members: only functions that hold one get a CFG. The template
  // patterns are analysed, not their instantiations (one report, in the
  // template's spelling).
  Finder->addMatcher(varDecl(isLocalStdThread()).bind("thread"), this);
  Finder->addMatcher(
      cxxOperatorCallExpr(assignsThreadFieldOfThis()).bind("member-assign"),
      this);
}

void UnjoinedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Context = *Result.Context;
  const FunctionDecl *Function = nullptr;
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("thread")) {
    Function = dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  } else if (const auto *Assign =
                 Result.Nodes.getNodeAs<CXXOperatorCallExpr>("member-assign")) {
    // A member is this function's obligation only in a constructor: there a
    // throw destroys it; anywhere else the object owns it.
    Function = ParentIndex::of(Context).enclosingFunction(*Assign);
    if (!isa_and_nonnull<CXXConstructorDecl>(Function))
      return;
  }
  if (!Function || !Function->getBody() || !Analysed.insert(Function).second)
    return;
  analyseFunction(Function, Context);
}

namespace {
/// Decides whether `std::thread` -> `std::jthread` is a safe fix for one
/// local: every use of it is a `join()`, `joinable()`, `get_id()` or
/// `native_handle()` call (all of which std::jthread has), it is declared
/// alone in its statement, and its callable cannot take a std::stop_token
/// first (std::jthread would pass one).
class JThreadUses : public RecursiveASTVisitor<JThreadUses> {
public:
  explicit JThreadUses(const VarDecl *Var) : Var(Var) {}
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() == Var)
      ++Refs;
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
        Call->getImplicitObjectArgument()
            ? Call->getImplicitObjectArgument()->IgnoreParenImpCasts()
            : nullptr);
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Ref && Ref->getDecl() == Var && Method &&
        Method->getDeclName().isIdentifier() &&
        llvm::is_contained({"join", "joinable", "get_id", "native_handle"},
                           Method->getName()))
      ++Allowed;
    return true;
  }
  bool VisitDeclStmt(DeclStmt *Decl) {
    if (!Decl->isSingleDecl() && llvm::is_contained(Decl->decls(), Var))
      Shared = true;
    return true;
  }

  const VarDecl *Var;
  unsigned Refs = 0;
  unsigned Allowed = 0;
  bool Shared = false;
};
} // namespace

/// True when a callable of type \p Type, started with \p NumArgs arguments,
/// cannot also be called with a std::stop_token in front of them: a
/// function (not variadic), or a class with exactly one `operator()` that
/// is neither a template nor variadic nor has default arguments.
static bool cannotTakeStopToken(QualType Type) {
  Type = Type.getNonReferenceType();
  if (Type->isPointerType() || Type->isMemberFunctionPointerType() ||
      Type->isFunctionType()) {
    QualType Pointee = Type;
    if (Type->isPointerType())
      Pointee = Type->getPointeeType();
    else if (const auto *Member = Type->getAs<MemberPointerType>())
      Pointee = Member->getPointeeType();
    const auto *Proto = Pointee->getAs<FunctionProtoType>();
    return Proto && !Proto->isVariadic();
  }
  const auto *Record = Type->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition())
    return false;
  const CXXMethodDecl *Only = nullptr;
  for (const Decl *D : Record->getDefinition()->decls()) {
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D);
        Template &&
        Template->getTemplatedDecl()->getOverloadedOperator() == OO_Call)
      return false;
    const auto *Method = dyn_cast<CXXMethodDecl>(D);
    if (!Method || Method->getOverloadedOperator() != OO_Call)
      continue;
    if (Only)
      return false;
    Only = Method;
  }
  if (!Only || Only->isVariadic() || Record->getNumBases() != 0)
    return false;
  return llvm::none_of(Only->parameters(), [](const ParmVarDecl *Param) {
    return Param->hasDefaultArg();
  });
}

/// The fix-it that makes \p Var a std::jthread, whose destructor joins, or
/// none when that would not compile or could change what runs (see
/// JThreadUses and cannotTakeStopToken).
static std::optional<FixItHint> jthreadFix(const FunctionDecl *Function,
                                           const VarDecl *Var,
                                           ASTContext &Context) {
  if (!Context.getLangOpts().CPlusPlus20)
    return std::nullopt;
  const CXXRecordDecl *Thread = Var->getType()->getAsCXXRecordDecl();
  if (!Thread ||
      Thread->getDeclContext()->lookup(&Context.Idents.get("jthread")).empty())
    return std::nullopt;
  const auto *Construct =
      dyn_cast_or_null<CXXConstructExpr>(Var->getInit()->IgnoreImplicit());
  if (!Construct || Construct->getNumArgs() == 0 ||
      Construct->getConstructor()->isCopyOrMoveConstructor() ||
      !cannotTakeStopToken(Construct->getArg(0)->getType()))
    return std::nullopt;
  JThreadUses Uses(Var);
  Uses.TraverseStmt(Function->getBody());
  if (Uses.Shared || Uses.Refs != Uses.Allowed)
    return std::nullopt;
  // The declared type, spelled `std::thread` (or `::std::thread`, after
  // `const`): its last token becomes `jthread`.
  const TypeSourceInfo *Info = Var->getTypeSourceInfo();
  if (!Info)
    return std::nullopt;
  const SourceRange Range = Info->getTypeLoc().getSourceRange();
  StringRef Text = plainFileText(Range, Context);
  Text.consume_front("const ");
  Text = Text.trim();
  Text.consume_front("::");
  if (Text != "std::thread")
    return std::nullopt;
  const SourceLocation Last = Range.getEnd();
  return FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Last, Last), "jthread");
}

namespace {
/// A place where a thread that may be joinable is assigned to.
struct Reassignment {
  std::string Spelling;
  bool EveryPath = false;
  SiteSet Holders;
};

/// Turns the path engine's records for one function into this check's
/// diagnostics.
class JoinReporter : public PathHandler {
public:
  JoinReporter(UnjoinedThreadCheck &Check, const FunctionDecl *Function,
               const FunctionLockPaths &Paths, ASTContext &Context)
      : Check(Check), Function(Function), Paths(Paths), Context(Context),
        SM(Context.getSourceManager()) {}

  bool ThrowChecks = false;

  void callWhileHeld(const HeldAtCall &Held) override {
    if (!ThrowChecks || !Check.mayThrow(Held.Call))
      return;
    Held.MayHold.forEach([&](unsigned Site) {
      const Expr *&First = ThrowingCalls[Site];
      if (!First || SM.isBeforeInTranslationUnit(Held.Call->getBeginLoc(),
                                                 First->getBeginLoc()))
        First = Held.Call;
    });
  }
  void acquireOutcome(unsigned Site, const AcquireOutcome &Outcome) override;
  void doubleLock(const DoubleLockRecord &Record) override {
    const OpRecord &Assign = Paths.acquires()[Record.Acquire];
    if (!reported(Assign))
      return;
    Reassignment &R = Reassignments[Assign.Site->getBeginLoc()];
    R.Spelling = Assign.Spelling;
    R.EveryPath = true;
    R.Holders.insert(Record.Holders);
  }
  /// The assignments to a thread that may be joinable, after report().
  void reportReassignments();

private:
  /// The declaration or field the operation is on.
  const ValueDecl *object(const OpRecord &Op) const {
    if (Op.Op.Named)
      return Op.Op.Named;
    return Check.model().trackedObject(Op.Op.Object);
  }
  /// A member is this function's obligation only in a constructor.
  bool reported(const OpRecord &Op) const {
    const ValueDecl *Object = object(Op);
    return Object &&
           (!isa<FieldDecl>(Object) || isa<CXXConstructorDecl>(Function));
  }
  SourceLocation siteLocation(const OpRecord &Op) const {
    // A declaration whose name comes out of a macro (`START(T, F)`) is the
    // macro's, even when the name is one of its arguments.
    if (Op.Op.Named)
      return Op.Op.Named->getLocation().isMacroID()
                 ? SourceLocation()
                 : Op.Op.Named->getLocation();
    return reportLocation(Op.Site->getBeginLoc(), SM);
  }
  void
  addExitNotes(const ExitRecord &Exit, const std::string &Quoted, bool Member,
               llvm::SmallVectorImpl<std::pair<SourceLocation, std::string>>
                   &Notes) const;

  UnjoinedThreadCheck &Check;
  const FunctionDecl *Function;
  const FunctionLockPaths &Paths;
  ASTContext &Context;
  const SourceManager &SM;
  llvm::DenseMap<unsigned, const Expr *> ThrowingCalls;
  llvm::MapVector<SourceLocation, Reassignment> Reassignments;
};
} // namespace

void JoinReporter::addExitNotes(
    const ExitRecord &Exit, const std::string &Quoted, bool Member,
    llvm::SmallVectorImpl<std::pair<SourceLocation, std::string>> &Notes)
    const {
  const auto *Method = dyn_cast<CXXMethodDecl>(Function);
  std::string FunctionDesc = "'" + Function->getNameAsString() + "'";
  if (Method && Method->getParent()->isLambda())
    FunctionDesc = "the lambda";
  else if (Member)
    FunctionDesc = "the constructor";
  std::string Text = Quoted + " is still joinable when ";
  switch (Exit.Kind) {
  case ExitKind::Return:
  case ExitKind::CoReturn:
    Text += FunctionDesc + " returns here";
    break;
  case ExitKind::EndOfBody:
    Text += FunctionDesc + " reaches its end here";
    break;
  case ExitKind::Throw:
    Text += FunctionDesc + " throws here";
    break;
  case ExitKind::EndOfScope:
    Text += "its scope ends here";
    break;
  case ExitKind::Break:
    Text += "'break' leaves its scope here";
    break;
  case ExitKind::Continue:
    Text += "'continue' leaves its scope here";
    break;
  case ExitKind::Goto:
    Text += "'goto' leaves its scope here";
    break;
  }
  Notes.emplace_back(SM.getFileLoc(Exit.Loc), std::move(Text));
  appendBranchNotes(Exit, Context, Notes);
}

void JoinReporter::acquireOutcome(unsigned Site,
                                  const AcquireOutcome &Outcome) {
  const OpRecord &Acquire = Paths.acquires()[Site];
  if (!reported(Acquire))
    return;
  const ValueDecl *Object = object(Acquire);
  const bool Member = isa<FieldDecl>(Object);
  // A new thread assigned where this one may still be joinable.
  for (const SourceLocation Again : Outcome.LoopReacquires) {
    Reassignment &R = Reassignments[Again];
    R.Spelling = Acquire.Spelling;
    R.Holders.insert(Site);
  }
  for (const SourceLocation Again : Outcome.OtherReacquires) {
    Reassignment &R = Reassignments[Again];
    R.Spelling = Acquire.Spelling;
    R.Holders.insert(Site);
  }
  // A member that the constructor leaves joinable belongs to the object;
  // only a throw out of the constructor destroys it.
  llvm::SmallVector<const ExitRecord *, 2> Leaks;
  for (const ExitRecord &Exit : Outcome.LeakExits)
    if (!Member || Exit.Kind == ExitKind::Throw)
      Leaks.push_back(&Exit);
  const Expr *Throwing = ThrowingCalls.lookup(Site);
  if (Leaks.empty() && !Throwing)
    return;
  const SourceLocation Loc = siteLocation(Acquire);
  if (Loc.isInvalid() || !Check.firstReport(Loc, 0))
    return;
  const std::string Quoted = "'" + Acquire.Spelling + "'";
  {
    const DiagnosticBuilder Diag =
        !Leaks.empty()
            ? Check.diag(Loc, "%0 may still be joinable when it is "
                              "destroyed; std::terminate ends the process")
            : Check.diag(Loc, "%0 is still joinable if an exception is "
                              "thrown before it is joined; std::terminate "
                              "ends the process");
    Diag << Quoted;
    if (const auto *Var = dyn_cast<VarDecl>(Object); Var && Acquire.Op.Named)
      if (std::optional<FixItHint> Fix = jthreadFix(Function, Var, Context))
        Diag << *Fix;
  }
  llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> Notes;
  for (const ExitRecord *Exit : Leaks)
    addExitNotes(*Exit, Quoted, Member, Notes);
  if (Throwing) {
    const std::string Callee = describeThrowingCall(Throwing, Context);
    Notes.emplace_back(SM.getFileLoc(Throwing->getBeginLoc()),
                       Callee + " may throw here while " + Quoted +
                           " is joinable");
  }
  llvm::sort(Notes, [&](const auto &A, const auto &B) {
    return SM.isBeforeInTranslationUnit(A.first, B.first);
  });
  Notes.erase(std::unique(Notes.begin(), Notes.end()), Notes.end());
  for (const auto &[NoteLoc, Text] : Notes)
    Check.diag(NoteLoc, "%0", DiagnosticIDs::Note) << Text;
}

void JoinReporter::reportReassignments() {
  for (const auto &[Where, R] : Reassignments) {
    const SourceLocation Loc = reportLocation(Where, SM);
    if (Loc.isInvalid() || !Check.firstReport(Loc, 1))
      continue;
    Check.diag(Loc, R.EveryPath
                        ? "'%0' is still joinable when it is assigned here; "
                          "std::terminate ends the process"
                        : "'%0' may still be joinable when it is assigned "
                          "here; std::terminate ends the process")
        << R.Spelling;
    R.Holders.forEach([&](unsigned Site) {
      const OpRecord &Started = Paths.acquires()[Site];
      const SourceLocation StartLoc = siteLocation(Started);
      if (StartLoc.isInvalid())
        return;
      // The assignment itself, in a loop: the previous iteration's thread.
      Check.diag(StartLoc,
                 StartLoc == Loc
                     ? "the previous loop iteration started '%0' here"
                     : "'%0' was started here",
                 DiagnosticIDs::Note)
          << Started.Spelling;
    });
  }
}

void UnjoinedThreadCheck::analyseFunction(const FunctionDecl *Function,
                                          ASTContext &Context) {
  if (Function->isInvalidDecl() || Function->isTemplateInstantiation() ||
      isa<CoroutineBodyStmt>(Function->getBody()))
    return;
  const SourceManager &SM = Context.getSourceManager();
  if (SM.isInSystemHeader(SM.getExpansionLoc(Function->getLocation())))
    return;
  const FunctionLockPaths &Paths =
      PathEngine::of(Context).analyse(Function, Model);
  if (!Paths.analysed())
    return;
  JoinReporter Reporter(*this, Function, Paths, Context);
  Reporter.ThrowChecks = Throws.followsExceptionPaths(Function, Context);
  Paths.report(Reporter);
  Reporter.reportReassignments();
}

} // namespace clang::tidy::threads
