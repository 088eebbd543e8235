//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "MissingStopTokenCheck.h"
#include "analysis/LockModel.h"
#include "analysis/LoopShape.h"
#include "utils/Compat.h"
#include "utils/FreshName.h"
#include "utils/OptionReader.h"
#include "utils/SourceLocations.h"
#include "utils/Vocabulary.h"

#include "analysis/ParentIndex.h"
#include "utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::threads {

using namespace analysis;

/// What MissingStopTokenCheck found in the code a thread runs.
struct MissingStopTokenCheck::Scan {
  struct Loop {
    const Stmt *Statement;
    /// The call in the thread entry that leads to the function holding the
    /// loop, or null when the loop is in the entry itself.
    const CallExpr *Via;
    /// The function whose body holds the loop.
    const FunctionDecl *In;
  };
  llvm::SmallVector<Loop, 8> Loops;
  /// Member calls in the entry's own body, candidates for waits.
  llvm::SmallVector<const CXXMemberCallExpr *, 4> MemberCalls;
  llvm::SmallPtrSet<const FunctionDecl *, 8> Visited;
  /// Invalid code somewhere in what the thread runs: say nothing.
  bool HasErrors = false;
};

MissingStopTokenCheck::MissingStopTokenCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      CheckNonAtomicFlags(Options.get("CheckNonAtomicFlags", true)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  OptionReader Reader(Options, Name, [this](StringRef Message) {
    configurationDiag("%0") << Message;
  });
  ThreadTypes = Reader.nameList("ThreadTypes", "", RawThreadTypes);
}

void MissingStopTokenCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadTypes", RawThreadTypes);
  Options.store(Opts, "CheckNonAtomicFlags", CheckNonAtomicFlags);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void MissingStopTokenCheck::registerPPCallbacks(const SourceManager &,
                                                Preprocessor *PP,
                                                Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void MissingStopTokenCheck::registerMatchers(MatchFinder *Finder) {
  for (const StatementMatcher &Matcher :
       entry::threadCreationMatchers(ThreadTypes))
    Finder->addMatcher(Matcher, this);
}

// --- What the thread runs ----------------------------------------------------

/// The definition of \p Function when its body is visible and it is the
/// user's own code.
static const FunctionDecl *userDefinition(const FunctionDecl *Function,
                                          const SourceManager &SM) {
  const FunctionDecl *Definition = nullptr;
  if (!Function || !Function->hasBody(Definition) || !Definition ||
      Definition->isInvalidDecl() ||
      SM.isInSystemHeader(Definition->getLocation()))
    return nullptr;
  return Definition;
}

/// Collects loops and member calls, without entering lambdas, blocks and
/// local classes: their code runs only when called.
static void collect(const Stmt *S, const FunctionDecl *In, const CallExpr *Via,
                    bool Own, MissingStopTokenCheck::Scan &Result) {
  if (!S || isa<LambdaExpr, BlockExpr>(S))
    return;
  if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors()) {
    Result.HasErrors = true;
    return;
  }
  if (isa<WhileStmt, DoStmt, ForStmt, CXXForRangeStmt>(S))
    Result.Loops.push_back({S, Via, In});
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S); Call && Own)
    Result.MemberCalls.push_back(Call);
  for (const Stmt *Child : S->children())
    collect(Child, In, Via, Own, Result);
}

void MissingStopTokenCheck::scanBody(const FunctionDecl *Function,
                                     const CallExpr *Via, unsigned Depth,
                                     Scan &Result, ASTContext &Context) {
  if (!Result.Visited.insert(Function).second)
    return;
  const Stmt *Body = Function->getBody();
  collect(Body, Function, Via, /*Own=*/Depth == 0, Result);
  // A thread entry that only forwards (`[this] { run(); }`) runs the loops
  // of the functions it calls; follow statement-level calls a few levels.
  const auto *Compound = dyn_cast_or_null<CompoundStmt>(Body);
  if (!Compound || Depth >= 3)
    return;
  const SourceManager &SM = Context.getSourceManager();
  for (const Stmt *Child : Compound->body()) {
    const auto *Statement = dyn_cast<Expr>(Child);
    const auto *Call =
        Statement ? dyn_cast<CallExpr>(Statement->IgnoreImplicit()) : nullptr;
    if (!Call)
      continue;
    // A virtual call may run another override than the one we see (the
    // trampoline `static void entry(Env *E) { E->run(); }` is not virtual).
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      if (!Method || (Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
                      !Method->getParent()->hasAttr<FinalAttr>()))
        continue;
    }
    if (const FunctionDecl *Callee =
            userDefinition(Call->getDirectCallee(), SM))
      scanBody(Callee, Via ? Via : Call, Depth + 1, Result, Context);
  }
}

void MissingStopTokenCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Creation = Result.Nodes.getNodeAs<Expr>(entry::CreationId);
  const auto *Callable = Result.Nodes.getNodeAs<Expr>(entry::CallableId);
  if (!Creation || !Callable || Creation->containsErrors())
    return;
  ASTContext &Context = *Result.Context;
  const SourceManager &SM = Context.getSourceManager();
  if (isInMacroBody(Creation->getBeginLoc(), SM))
    return;
  const entry::ThreadEntry Entry = entry::resolveThreadEntry(Callable, Context);
  if (!Entry.Function || !userDefinition(Entry.Function, SM) ||
      !Entry.Function->getBody())
    return;
  Scan Found;
  scanBody(Entry.Function, nullptr, 0, Found, Context);
  if (Found.HasErrors)
    return;
  diagUnstoppable(Creation, entry::getThreadKind(Creation), Entry, Found,
                  Context);
  if (CheckNonAtomicFlags)
    diagPlainFlags(Found, Context);
  diagWaits(Entry, Found, Context);
}

// --- Fix-it helpers ----------------------------------------------------------

/// True when \p Range is written in the main text (no macro involved).
static bool isPlainRange(SourceRange Range) {
  return Range.isValid() && Range.getBegin().isFileID() &&
         Range.getEnd().isFileID();
}

/// The token at \p Loc as written.
static StringRef tokenText(SourceLocation Loc, const ASTContext &Context) {
  if (Loc.isInvalid() || Loc.isMacroID())
    return {};
  return Lexer::getSourceText(CharSourceRange::getTokenRange(Loc, Loc),
                              Context.getSourceManager(),
                              Context.getLangOpts());
}

/// Replaces the last token of a written type (`std::thread`,
/// `std::condition_variable`) whose text is \p From by \p To. `auto` needs no
/// change. Returns false when the type is spelled some other way (a typedef,
/// a macro).
static bool renameTypeToken(TypeLoc Loc, StringRef From, StringRef To,
                            const ASTContext &Context,
                            llvm::SmallVectorImpl<FixItHint> &Hints,
                            llvm::DenseSet<SourceLocation> &Renamed) {
  if (Loc.isNull())
    return false;
  if (Loc.getAs<AutoTypeLoc>() ||
      Loc.getAs<DeducedTemplateSpecializationTypeLoc>())
    return true;
  const SourceLocation End = Loc.getEndLoc();
  if (tokenText(End, Context) != From)
    return false;
  // Several threads stored in one container (or waits on one condition
  // variable) need the declaration changed once: identical edits from two
  // findings would conflict and both be dropped.
  if (!Renamed.insert(End).second)
    return true;
  Hints.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(End, End), To));
  return true;
}

/// True when \p S refers to \p D (a variable or a field).
static bool refersTo(const Stmt *S, const ValueDecl *D) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    return Ref->getDecl() == D;
  if (const auto *Member = dyn_cast<MemberExpr>(S))
    return Member->getMemberDecl() == D;
  return false;
}

/// True when every use of \p D in \p S is the object of a member access
/// (`t.join()`) or the left side of an assignment (`t = std::thread(...)`):
/// such uses compile unchanged when the type of \p D changes to a sibling
/// type with the same members.
static bool usesAreMemberAccesses(const Stmt *S, const ValueDecl *D,
                                  const Stmt *Parent) {
  if (!S)
    return true;
  if (refersTo(S, D)) {
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(Parent))
      return Member->getBase()->IgnoreParenImpCasts() == S;
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Parent))
      return Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
             Op->getArg(0)->IgnoreParenImpCasts() == S;
    return false;
  }
  // `for (auto &T : Threads)` works for a container of any thread type.
  if (const auto *For = dyn_cast<CXXForRangeStmt>(S)) {
    const Expr *Range = For->getRangeInit();
    if (Range && refersTo(Range->IgnoreParenImpCasts(), D)) {
      const VarDecl *LoopVar = For->getLoopVariable();
      if (!LoopVar || !LoopVar->getType()->getContainedAutoType())
        return false;
      return usesAreMemberAccesses(For->getBody(), D, For);
    }
  }
  const Stmt *Effective = S;
  if (isa<ImplicitCastExpr, ParenExpr>(S))
    Effective = Parent; // look through to the real parent
  return llvm::all_of(S->children(), [&](const Stmt *Child) {
    return usesAreMemberAccesses(Child, D, Effective);
  });
}

/// True when every use of the private field \p Field in its class's member
/// functions is a member access or an assignment (see usesAreMemberAccesses).
static bool fieldUsesAreMemberAccesses(const FieldDecl *Field);

/// True when the type of \p Decl (a local variable or a private field) can
/// change to a sibling type without breaking any of its uses.
static bool usesSurviveTypeChange(const ValueDecl *Decl) {
  if (const auto *Field = dyn_cast<FieldDecl>(Decl))
    return fieldUsesAreMemberAccesses(Field);
  const auto *Var = dyn_cast<VarDecl>(Decl);
  if (!Var || !Var->isLocalVarDecl() || Var->hasGlobalStorage())
    return false;
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  return Function && usesAreMemberAccesses(Function->getBody(), Var, nullptr);
}

static bool fieldUsesAreMemberAccesses(const FieldDecl *Field) {
  if (Field->getAccess() != AS_private)
    return false;
  const auto *Record = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Record || Record->hasFriends())
    return false;
  for (const Decl *Member : Record->decls()) {
    const auto *Method = dyn_cast<CXXMethodDecl>(Member);
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Member))
      Method = dyn_cast<CXXMethodDecl>(Template->getTemplatedDecl());
    if (!Method)
      continue;
    const FunctionDecl *Definition = nullptr;
    if (Method->hasBody(Definition) &&
        !usesAreMemberAccesses(Definition->getBody(), Field, nullptr))
      return false;
  }
  return true;
}

namespace {
/// Where the std::thread object that runs the entry lives.
enum class Holder : std::uint8_t {
  LocalVariable,
  Temporary,
  Member,
  Container,
  Other
};
struct HolderInfo {
  Holder Kind = Holder::Other;
  const ValueDecl *Decl = nullptr;
  /// Written types to change from `thread` to `jthread`.
  llvm::SmallVector<TypeLoc, 2> Types;
};
} // namespace

/// The element type as written in the declaration of a container of threads
/// (`std::vector<std::thread> Threads;`), or a null TypeLoc.
static TypeLoc containerElementType(const ValueDecl *Container) {
  const auto *Declarator = dyn_cast<DeclaratorDecl>(Container);
  if (!Declarator || !Declarator->getTypeSourceInfo())
    return {};
  const auto Specialization =
      Declarator->getTypeSourceInfo()
          ->getTypeLoc()
          .getAsAdjusted<TemplateSpecializationTypeLoc>();
  if (!Specialization || Specialization.getNumArgs() < 1 ||
      Specialization.getArgLoc(0).getArgument().getKind() !=
          TemplateArgument::Type)
    return {};
  const TypeSourceInfo *Element =
      Specialization.getArgLoc(0).getTypeSourceInfo();
  return Element ? Element->getTypeLoc() : TypeLoc();
}

/// Fills \p Info for a container of threads that \p Call inserts into.
static HolderInfo containerHolder(const CXXMemberCallExpr *Call,
                                  HolderInfo Info) {
  const Expr *Object = Call->getImplicitObjectArgument();
  if (!Object)
    return {};
  Object = Object->IgnoreParenImpCasts();
  const ValueDecl *Container = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
    Container = Ref->getDecl();
  else if (const auto *Member = dyn_cast<MemberExpr>(Object);
           Member && isa<CXXThisExpr>(Member->getBase()->IgnoreImplicit()))
    Container = Member->getMemberDecl();
  const TypeLoc Element =
      Container ? containerElementType(Container) : TypeLoc();
  if (Element.isNull())
    return {};
  Info.Kind = Holder::Container;
  Info.Decl = Container;
  Info.Types.push_back(Element);
  return Info;
}

static HolderInfo classifyHolder(const Expr *Creation, ASTContext &Context) {
  HolderInfo Info;
  if (const auto *Emplace = dyn_cast<CXXMemberCallExpr>(Creation))
    return containerHolder(Emplace, Info);
  if (const auto *Temp = dyn_cast<CXXTemporaryObjectExpr>(Creation))
    Info.Types.push_back(Temp->getTypeSourceInfo()->getTypeLoc());
  DynTypedNode Node = DynTypedNode::create(*Creation);
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    const ParentIndex::ParentList Parents =
        ParentIndex::of(Context).parents(Node);
    if (Parents.size() != 1)
      return {};
    const DynTypedNode &Parent = Parents[0];
    if (const auto *E = Parent.get<Expr>()) {
      if (isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr, ImplicitCastExpr,
              ExprWithCleanups, ParenExpr>(E)) {
        Node = Parent;
        continue;
      }
      if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E)) {
        Info.Types.push_back(Cast->getTypeInfoAsWritten()->getTypeLoc());
        Node = Parent;
        continue;
      }
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
        // The elidable move of C++11/14 (`std::thread t = std::thread(f)`).
        if (Construct->getConstructor() &&
            Construct->getConstructor()->isMoveConstructor()) {
          Node = Parent;
          continue;
        }
        return {};
      }
      if (isa<MemberExpr>(E)) {
        Info.Kind = Holder::Temporary;
        return Info;
      }
      if (const auto *Insert = dyn_cast<CXXMemberCallExpr>(E)) {
        const CXXMethodDecl *Method = Insert->getMethodDecl();
        if (!Method || !Method->getDeclName().isIdentifier() ||
            !llvm::is_contained(vocabulary::FrontBackInsertMethods,
                                Method->getName()))
          return {};
        return containerHolder(Insert, Info);
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
        if (Op->getOperator() != OO_Equal || Op->getNumArgs() != 2)
          return {};
        const auto *Target =
            dyn_cast<MemberExpr>(Op->getArg(0)->IgnoreParenImpCasts());
        const auto *Field =
            Target ? dyn_cast<FieldDecl>(Target->getMemberDecl()) : nullptr;
        if (!Field || !isa<CXXThisExpr>(Target->getBase()->IgnoreImplicit()))
          return {};
        Info.Kind = Holder::Member;
        Info.Decl = Field;
        return Info;
      }
      return {};
    }
    if (const auto *Var = Parent.get<VarDecl>()) {
      if (!Var->isLocalVarDecl() || Var->hasGlobalStorage() ||
          Var->getType()->isReferenceType() || !Var->getTypeSourceInfo())
        return {};
      Info.Kind = Holder::LocalVariable;
      Info.Decl = Var;
      Info.Types.push_back(Var->getTypeSourceInfo()->getTypeLoc());
      return Info;
    }
    const auto *Field = Parent.get<FieldDecl>();
    if (const auto *Init = Parent.get<CXXCtorInitializer>())
      Field = Init->getMember();
    // The parent map skips the initializer and names the constructor.
    if (const auto *Ctor = Parent.get<CXXConstructorDecl>())
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isMemberInitializer() && Init->getInit() == Node.get<Expr>())
          Field = Init->getMember();
    if (Field) {
      Info.Kind = Holder::Member;
      Info.Decl = Field;
      return Info;
    }
    return {};
  }
  return {};
}

/// What \p S and everything under it do to thread objects: an explicit
/// `join()` or `detach()` on a `std::thread`/`std::jthread`, a
/// `request_stop()` on anything.
static void scanJoins(const Stmt *S, bool &Joins, bool &RequestsStop) {
  if (!S)
    return;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *Method = Call->getMethodDecl();
        Method && Method->getDeclName().isIdentifier()) {
      const StringRef Name = Method->getName();
      if (Name == "request_stop")
        RequestsStop = true;
      else if ((Name == "join" || Name == "detach") &&
               entry::threadKindOfRecord(Method->getParent()) !=
                   entry::ThreadKind::OtherType)
        Joins = true;
    }
  for (const Stmt *Child : S->children())
    scanJoins(Child, Joins, RequestsStop);
}

/// True when the thread that \p Creation starts may be joined or detached
/// by an explicit call, and nothing in the same code requests a stop. Then
/// the stop-token rewrite would not fix the finding, only hide it: `join()`
/// still waits forever (a `std::jthread` requests a stop only in its
/// destructor, after that join), and a detached `std::jthread` is never asked
/// to stop. The code searched is the function around the creation, and for a
/// member (or a container member) every member function of its class.
static bool joinedWithoutStop(const Expr *Creation, const ValueDecl *Holder,
                              ASTContext &Context) {
  bool Joins = false;
  bool RequestsStop = false;
  if (const auto *Field = dyn_cast_or_null<FieldDecl>(Holder)) {
    const auto *Record = dyn_cast<CXXRecordDecl>(Field->getParent());
    if (!Record)
      return true;
    for (const Decl *Member : Record->decls()) {
      const auto *Method = dyn_cast<CXXMethodDecl>(Member);
      if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Member))
        Method = dyn_cast<CXXMethodDecl>(Template->getTemplatedDecl());
      const FunctionDecl *Definition = nullptr;
      if (Method && Method->hasBody(Definition))
        scanJoins(Definition->getBody(), Joins, RequestsStop);
    }
    return Joins && !RequestsStop;
  }
  const DynTypedNode Owner = ParentIndex::of(Context).firstAncestor(
      DynTypedNode::create(*Creation), [](const DynTypedNode &Parent) {
        return Parent.get<FunctionDecl>() != nullptr;
      });
  const auto *Function = Owner.get<FunctionDecl>();
  if (!Function)
    return true;
  scanJoins(Function->getBody(), Joins, RequestsStop);
  return Joins && !RequestsStop;
}

/// A name for a new stop-token parameter that \p Lambda does not use yet.
static std::string freshTokenName(const LambdaExpr *Lambda,
                                  const ASTContext &Context) {
  NamesInUse Used;
  Used.addTokensOf(Lambda->getSourceRange(), Context);
  return pickFreshName(Used, {"StopToken"}, "StopToken", Context);
}

/// Rewrites a loop's header so that it ends when a stop is requested.
static bool stopLoopEdit(const Stmt *Loop, StringRef Token,
                         const ASTContext &Context,
                         llvm::SmallVectorImpl<FixItHint> &Hints) {
  const std::string Condition = ("!" + Token + ".stop_requested()").str();
  const Expr *Cond = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    Cond = While->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(Loop))
    Cond = Do->getCond();
  else if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    if (!For->getCond()) {
      if (For->getInit() || For->getInc())
        return false;
      const SourceRange Header(For->getForLoc(), For->getRParenLoc());
      if (!isPlainRange(Header))
        return false;
      Hints.push_back(
          FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Header),
                                       ("while (" + Condition + ")")));
      return true;
    }
    Cond = For->getCond();
  }
  if (!Cond || !isPlainRange(Cond->getSourceRange()))
    return false;
  (void)Context;
  Hints.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Cond->getSourceRange()), Condition));
  return true;
}

/// Adds `std::stop_token Name` as the first parameter of \p Lambda.
static bool addTokenParam(const LambdaExpr *Lambda, StringRef Name,
                          const ASTContext &Context,
                          llvm::SmallVectorImpl<FixItHint> &Hints) {
  const std::string Param = ("std::stop_token " + Name).str();
  const CXXMethodDecl *Operator = Lambda->getCallOperator();
  if (!Lambda->hasExplicitParameters()) {
    const SourceLocation Bracket = Lambda->getIntroducerRange().getEnd();
    if (Bracket.isMacroID())
      return false;
    Hints.push_back(FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(Bracket, 0, Context.getSourceManager(),
                                   Context.getLangOpts()),
        "(" + Param + ")"));
    return true;
  }
  if (Operator->getNumParams() > 0) {
    const SourceLocation First = Operator->getParamDecl(0)->getBeginLoc();
    if (First.isInvalid() || First.isMacroID())
      return false;
    Hints.push_back(FixItHint::CreateInsertion(First, Param + ", "));
    return true;
  }
  const TypeSourceInfo *Info = Operator->getTypeSourceInfo();
  if (!Info)
    return false;
  const auto Proto =
      Info->getTypeLoc().IgnoreParens().getAs<FunctionProtoTypeLoc>();
  if (!Proto || Proto.getLParenLoc().isMacroID())
    return false;
  Hints.push_back(FixItHint::CreateInsertion(
      Proto.getLParenLoc().getLocWithOffset(1), Param));
  return true;
}

// --- Diagnostics 1, 3, 4: a loop that never exits -------------------------

void MissingStopTokenCheck::diagUnstoppable(const Expr *Creation,
                                            entry::ThreadKind Kind,
                                            const entry::ThreadEntry &Entry,
                                            const Scan &Found,
                                            ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  llvm::SmallVector<const Scan::Loop *, 4> Endless;
  for (const Scan::Loop &Loop : Found.Loops)
    if (!isInMacroBody(Loop.Statement->getBeginLoc(), SM) &&
        loops::isUnstoppableLoop(Loop.Statement, Context))
      Endless.push_back(&Loop);
  if (Endless.empty())
    return;
  const SourceLocation Loc = SM.getFileLoc(Creation->getBeginLoc());
  if (!firstReport(Loc))
    return;

  const bool Cxx20 = getLangOpts().CPlusPlus20;
  const ParmVarDecl *Token = entry::getStopTokenParam(Entry.Function);
  const bool TokenUnread = Token && !Token->isReferenced();
  StringRef Message;
  if (TokenUnread)
    Message = "the thread's callable takes a 'std::stop_token' but never "
              "reads it, and runs a loop that never exits; a stop request is "
              "ignored, so joining the thread hangs; check the token in the "
              "loop";
  else if (Kind == entry::ThreadKind::StdJThread && !Token)
    Message = "'std::jthread' requests a stop when it is destroyed, but its "
              "callable takes no 'std::stop_token' and runs a loop that never "
              "exits; the destructor waits forever; take a 'std::stop_token' "
              "and check it in the loop";
  else if (Cxx20)
    Message = "this thread runs a loop that never exits and can never be "
              "stopped; joining it hangs and detaching it leaks it; give it a "
              "'std::stop_token' and check the token in the loop";
  else
    Message = "this thread runs a loop that never exits and can never be "
              "stopped; joining it hangs and detaching it leaks it; exit the "
              "loop on a 'std::atomic<bool>' flag or another condition";

  // Fix-its (C++20): every loop is in the lambda written right here, so the
  // edits stay inside the thread-creating expression, except the type of a
  // std::thread member (then the edits go on a note).
  llvm::SmallVector<FixItHint, 8> Hints;
  bool OnNote = false;
  bool Fixable = Cxx20 && Entry.WrittenLambda &&
                 !Entry.WrittenLambda->getTemplateParameterList();
  for (const Scan::Loop *Loop : Endless)
    Fixable = Fixable && !Loop->Via;
  std::string Name;
  const HolderInfo Holder =
      Fixable ? classifyHolder(Creation, Context) : HolderInfo();
  if (Fixable) {
    if (Token) {
      Fixable = Token->getIdentifier() && !Token->getLocation().isMacroID();
      if (Fixable)
        Name = Token->getName().str();
    } else {
      Name = freshTokenName(Entry.WrittenLambda, Context);
      switch (Kind) {
      case entry::ThreadKind::StdJThread:
        break;
      case entry::ThreadKind::StdThread:
        switch (Holder.Kind) {
        case Holder::LocalVariable:
          Fixable = usesSurviveTypeChange(Holder.Decl);
          break;
        case Holder::Temporary:
          break;
        case Holder::Member:
          OnNote = true;
          Fixable =
              usesSurviveTypeChange(Holder.Decl) &&
              renameTypeToken(cast<FieldDecl>(Holder.Decl)
                                  ->getTypeSourceInfo()
                                  ->getTypeLoc(),
                              "thread", "jthread", Context, Hints, Renamed);
          break;
        case Holder::Container:
          OnNote = true;
          Fixable = usesSurviveTypeChange(Holder.Decl);
          break;
        case Holder::Other:
          Fixable = false;
          break;
        }
        for (const TypeLoc &Type : Holder.Types)
          Fixable = Fixable && renameTypeToken(Type, "thread", "jthread",
                                               Context, Hints, Renamed);
        break;
      default:
        Fixable = false;
      }
      Fixable = Fixable && !Name.empty() &&
                addTokenParam(Entry.WrittenLambda, Name, Context, Hints);
    }
    for (const Scan::Loop *Loop : Endless)
      Fixable = Fixable && stopLoopEdit(Loop->Statement, Name, Context, Hints);
    Fixable = Fixable && !joinedWithoutStop(Creation, Holder.Decl, Context);
  }
  if (Fixable) {
    const FileID File = SM.getFileID(Loc);
    if (!Token)
      if (auto Include = Inserter.createIncludeInsertion(File, "<stop_token>"))
        Hints.push_back(*Include);
    if (Kind == entry::ThreadKind::StdThread && !Token)
      if (auto Include = Inserter.createIncludeInsertion(File, "<thread>"))
        Hints.push_back(*Include);
  }

  {
    auto Diag = diag(Loc, Message);
    if (Fixable && !OnNote)
      Diag << Hints;
  }
  llvm::SmallPtrSet<const CallExpr *, 2> SeenVia;
  for (const Scan::Loop *Loop : Endless) {
    if (Loop->Via && SeenVia.insert(Loop->Via).second) {
      const auto *Callee = Loop->Via->getDirectCallee();
      diag(SM.getFileLoc(Loop->Via->getBeginLoc()),
           "the thread calls %0 here, which runs the loop", DiagnosticIDs::Note)
          << Callee;
    }
    diag(SM.getFileLoc(Loop->Statement->getBeginLoc()),
         "this loop never exits: its condition is always true and nothing in "
         "it breaks out, returns, throws or calls a 'noreturn' function",
         DiagnosticIDs::Note);
  }
  if (Fixable && OnNote)
    diag(Loc,
         Holder.Kind == Holder::Container
             ? "store 'std::jthread' in %0 and end the loop when its stop "
               "token is requested"
             : "make %0 a 'std::jthread' and end the loop when its stop token "
               "is requested",
         DiagnosticIDs::Note)
        << Holder.Decl << Hints;
}

// --- Diagnostic 2: a plain bool flag in a loop condition ------------------

/// True when \p Function (a lambda's call operator) captures \p Var by
/// reference.
static bool capturesByReference(const FunctionDecl *Function,
                                const VarDecl *Var) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Function);
  if (!Method || !Method->getParent()->isLambda())
    return false;
  for (const LambdaCapture &Capture : Method->getParent()->captures())
    if (Capture.capturesVariable() && Capture.getCapturedVar() == Var)
      return Capture.getCaptureKind() == LCK_ByRef;
  return false;
}

/// True when the object \p E denotes (a variable, `*p`, a member of one) can
/// be seen by other threads while \p Function runs: globals, objects reached
/// through references or pointers, `this` of a member function or lambda,
/// variables captured by reference. Locals and by-copy captures are the
/// thread's own.
static bool isSharedObject(const Expr *E, const FunctionDecl *Function) {
  E = E->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(E)) {
    // A function object is copied into the thread: its own fields are
    // private to it. A lambda's `this` and a member function's object are not.
    const auto *Method = dyn_cast<CXXMethodDecl>(Function);
    return !Method || Method->getOverloadedOperator() != OO_Call ||
           Method->getParent()->isLambda();
  }
  if (E->getType()->isPointerType())
    return true;
  if (const auto *Deref = dyn_cast<UnaryOperator>(E))
    return Deref->getOpcode() == UO_Deref;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return false;
    if (Var->getType()->isReferenceType() || Var->hasGlobalStorage())
      return true;
    return capturesByReference(Function, Var);
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (Member->getMemberDecl()->getType()->isReferenceType())
      return true;
    const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
    if (Member->isArrow() && !isa<CXXThisExpr>(Base))
      return true;
    return isSharedObject(Base, Function);
  }
  return false;
}

/// The plain `bool` shared with other threads that \p Cond reads, if any.
static const Expr *findSharedBool(const Stmt *S, const FunctionDecl *Function,
                                  const ValueDecl *&Decl) {
  if (!S || isa<LambdaExpr, BlockExpr>(S))
    return nullptr;
  if (const auto *E = dyn_cast<Expr>(S)) {
    const QualType Type = E->getType();
    if ((isa<DeclRefExpr>(E) || isa<MemberExpr>(E)) && E->isGLValue() &&
        !Type.isNull() && Type->isBooleanType()) {
      const ValueDecl *Target = nullptr;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
        Target = Ref->getDecl();
      else
        Target = cast<MemberExpr>(E)->getMemberDecl();
      // A const bool never changes, unless it is a const view (reference)
      // of a bool someone else writes.
      const QualType Declared = Target->getType();
      if (isa<VarDecl, FieldDecl>(Target) &&
          (Declared->isReferenceType() || !Declared.isConstQualified()) &&
          isSharedObject(E, Function)) {
        Decl = Target;
        return E;
      }
    }
  }
  for (const Stmt *Child : S->children())
    if (const Expr *Found = findSharedBool(Child, Function, Decl))
      return Found;
  return nullptr;
}

/// True for a statement that takes a lock until the end of its scope or an
/// explicit release, as the lock model (analysis/LockModel.h) sees it: a
/// variable of an owning holder type (`std::lock_guard`, `std::unique_lock`,
/// `absl::MutexLock`, any class whose destructor releases) or a blocking
/// acquire call.
static bool takesLock(const Stmt *S) {
  static const LockModel Model({});
  if (const auto *Decls = dyn_cast<DeclStmt>(S))
    return llvm::any_of(Decls->decls(), [](const Decl *D) {
      const auto *Var = dyn_cast<VarDecl>(D);
      const CXXRecordDecl *Record =
          Var ? compat::getRecordDecl(Var->getType()) : nullptr;
      return Record && Model.isRaiiHolder(Record);
    });
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return false;
  return llvm::any_of(Model.classify(E->IgnoreImplicit()),
                      [](const LockOp &Op) {
                        return Op.Kind == LockOpKind::Acquire && !Op.Try;
                      });
}

/// Collects the statements from \p S down to \p Target (exclusive) into
/// \p Path. Returns false when \p Target is not under \p S.
static bool pathTo(const Stmt *S, const Stmt *Target,
                   llvm::SmallVectorImpl<const Stmt *> &Path) {
  if (!S)
    return false;
  if (S == Target)
    return true;
  Path.push_back(S);
  for (const Stmt *Child : S->children())
    if (pathTo(Child, Target, Path))
      return true;
  Path.pop_back();
  return false;
}

/// True when a lock is taken before \p Loop in a block of \p Function that
/// encloses it: the flag is then most likely protected by that lock
/// (`while (!closing_) cv_.wait(lock);`), not a data race. Walks down from the
/// body rather than up through the parent map, which would be built for the
/// whole translation unit.
static bool isUnderLock(const Stmt *Loop, const FunctionDecl *Function) {
  llvm::SmallVector<const Stmt *, 16> Path;
  if (!Function || !pathTo(Function->getBody(), Loop, Path))
    return false;
  Path.push_back(Loop);
  for (size_t I = 0; I + 1 < Path.size(); ++I) {
    const auto *Block = dyn_cast<CompoundStmt>(Path[I]);
    if (!Block)
      continue;
    for (const Stmt *Sibling : Block->body()) {
      if (Sibling == Path[I + 1])
        break;
      if (takesLock(Sibling))
        return true;
    }
  }
  return false;
}

static const Expr *loopCondition(const Stmt *Loop) {
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return Do->getCond();
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getCond();
  return nullptr;
}

void MissingStopTokenCheck::diagPlainFlags(const Scan &Found,
                                           ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  for (const Scan::Loop &Loop : Found.Loops) {
    const Expr *Cond = loopCondition(Loop.Statement);
    if (!Cond || isInMacroBody(Cond->getBeginLoc(), SM))
      continue;
    const ValueDecl *Flag = nullptr;
    const Expr *Read = findSharedBool(Cond, Loop.In, Flag);
    if (!Read || isInMacroBody(Read->getExprLoc(), SM))
      continue;
    // A flag read under its lock is synchronized: no race.
    if (Flag->hasAttr<GuardedByAttr>() || Flag->hasAttr<PtGuardedByAttr>() ||
        isUnderLock(Loop.Statement, Loop.In))
      continue;
    const SourceLocation Loc = SM.getFileLoc(Read->getExprLoc());
    if (!firstReport(Loc))
      continue;
    diag(Loc, getLangOpts().CPlusPlus20
                  ? "loop condition reads the plain 'bool' %0 that other "
                    "threads can write; this is a data race and the thread may "
                    "never see the change; use a 'std::stop_token' or "
                    "'std::atomic<bool>'"
                  : "loop condition reads the plain 'bool' %0 that other "
                    "threads can write; this is a data race and the thread may "
                    "never see the change; use 'std::atomic<bool>'")
        << Flag;
    diag(Flag->getLocation(), "%0 is declared here", DiagnosticIDs::Note)
        << Flag;
  }
}

// --- Diagnostic 5: waits a stop request cannot interrupt ------------------

void MissingStopTokenCheck::diagWaits(const entry::ThreadEntry &Entry,
                                      const Scan &Found, ASTContext &Context) {
  const ParmVarDecl *Token = entry::getStopTokenParam(Entry.Function);
  if (!Token)
    return;
  const SourceManager &SM = Context.getSourceManager();
  for (const CXXMemberCallExpr *Call : Found.MemberCalls) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getDeclName().isIdentifier())
      continue;
    const StringRef Name = Method->getName();
    if (Name != "wait" && Name != "wait_for" && Name != "wait_until")
      continue;
    const CXXRecordDecl *Class = Method->getParent();
    if (!Class->isInStdNamespace() || !Class->getDeclName().isIdentifier())
      continue;
    const bool Plain = Class->getName() == "condition_variable";
    if (!Plain && Class->getName() != "condition_variable_any")
      continue;
    if (!Plain && llvm::any_of(Call->arguments(), [](const Expr *Arg) {
          return entry::isStopTokenType(Arg->getType());
        }))
      continue;
    if (isInMacroBody(Call->getExprLoc(), SM))
      continue;
    const SourceLocation Loc = SM.getFileLoc(Call->getExprLoc());
    if (!firstReport(Loc))
      continue;

    // No fix-it, on the warning or on a note: the token overloads of
    // condition_variable_any return false when a stop is requested before
    // the predicate holds, and the code after a `wait(Lock, Pred)` was
    // written for a predicate that holds (`Queue.front()` on an empty
    // queue). Adding the token would trade the hang for that; what to do on
    // a stop (return, break) is the author's choice.
    if (!Plain) {
      diag(Loc, "'%0' without a 'std::stop_token' cannot be interrupted by a "
                "stop request; the thread keeps waiting after a stop is "
                "requested and joining it hangs until someone notifies")
          << Name;
      continue;
    }
    diag(Loc, "'%0' on a 'std::condition_variable' cannot be interrupted by "
              "a stop request; the thread keeps waiting after a stop is "
              "requested and joining it hangs until someone notifies")
        << Name;
    // The advice names the declaration to change, a member of this class.
    const auto *Member = dyn_cast<MemberExpr>(
        Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
    const auto *Variable =
        Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
    if (Variable && isa<CXXThisExpr>(Member->getBase()->IgnoreImplicit()) &&
        !Variable->getLocation().isMacroID())
      diag(SM.getFileLoc(Variable->getLocation()),
           "make %0 a 'std::condition_variable_any', pass the stop token to "
           "'%1' and leave when it returns false: it then returns on a stop "
           "request with the predicate unmet",
           DiagnosticIDs::Note)
          << Variable << Name;
  }
}

} // namespace clang::tidy::threads
