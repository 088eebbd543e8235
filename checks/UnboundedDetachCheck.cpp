//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "UnboundedDetachCheck.h"
#include "analysis/LoopBounds.h"
#include "analysis/LoopShape.h"
#include "utils/CallFilter.h"
#include "utils/Compat.h"
#include "utils/OptionReader.h"
#include "utils/SourceLocations.h"
#include "utils/Vocabulary.h"

#include "analysis/ParentIndex.h"
#include "analysis/ThreadEntry.h"
#include "utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include <array>
#include <cstdint>

using namespace clang::ast_matchers;

namespace clang::tidy::threads {

using namespace analysis;

/// Functions whose call in a loop condition means "repeat while there is more
/// work": connections, messages, queue items, lines, iterator steps.
static constexpr llvm::StringLiteral DefaultUnboundedConditionFunctions =
    "accept;accept4;recv;recvfrom;recvmsg;read;readv;poll;ppoll;epoll_wait;"
    "select;pselect;getline;fgets;pop;try_pop;wait_and_pop;wait_dequeue;next";
static constexpr unsigned DefaultMaxBoundedIterations = 16;

UnboundedDetachCheck::UnboundedDetachCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      WarnOnAnyDetach(Options.get("WarnOnAnyDetach", false)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  OptionReader Reader(Options, Name, [this](StringRef Message) {
    configurationDiag("%0") << Message;
  });
  MaxBoundedIterations =
      Reader.count("MaxBoundedIterations", DefaultMaxBoundedIterations);
  // Anchored: the pattern must match the whole qualified name.
  HandlerFunctionsRegex =
      Reader.regex("HandlerFunctionsRegex", HandlerFunctionsRegexText);
  for (StringRef Function : Reader.nameList("UnboundedConditionFunctions",
                                            DefaultUnboundedConditionFunctions,
                                            UnboundedConditionFunctionsText)) {
    Function.consume_front("::");
    UnboundedConditionFunctions.push_back(Function.str());
  }
}

void UnboundedDetachCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MaxBoundedIterations", MaxBoundedIterations);
  Options.store(Opts, "HandlerFunctionsRegex", HandlerFunctionsRegexText);
  Options.store(Opts, "WarnOnAnyDetach", WarnOnAnyDetach);
  Options.store(Opts, "UnboundedConditionFunctions",
                UnboundedConditionFunctionsText);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void UnboundedDetachCheck::registerPPCallbacks(const SourceManager &,
                                               Preprocessor *PP,
                                               Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void UnboundedDetachCheck::registerMatchers(MatchFinder *Finder) {
  // One matcher on the callee's name; check() sorts the calls it lets
  // through (CallFilter.h: one matcher per call is most of the cost). The
  // standard library calls pthread_detach and push_back itself: the filter
  // skips system headers.
  std::vector<StringRef> Names = {"pthread_detach", "thrd_detach",
                                  "pthread_create"};
  if (getLangOpts().CPlusPlus) {
    Names.emplace_back("detach");
    Names.emplace_back("async");
    Names.insert(Names.end(), vocabulary::InsertMethods.begin(),
                 vocabulary::InsertMethods.end());
  }
  Finder->addMatcher(
      callExpr(userCallNamed(lastComponents(Names))).bind("call"), this);
}
void UnboundedDetachCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Context = *Result.Context;
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier())
    return;
  const StringRef Name = Callee->getName();
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method)
      return;
    if (Name == "detach" && entry::threadKindOfRecord(Method->getParent()) !=
                                entry::ThreadKind::OtherType)
      checkMemberDetach(Member, Context);
    else if (llvm::is_contained(vocabulary::InsertMethods, Name))
      checkInsertion(Member, Context);
    return;
  }
  if (isa<CXXMethodDecl>(Callee))
    return;
  // `::pthread_detach`: declared at file scope (or in `extern "C"`).
  const bool FileScope =
      Callee->getDeclContext()->getRedeclContext()->isTranslationUnit();
  if (FileScope && (Name == "pthread_detach" || Name == "thrd_detach") &&
      Call->getNumArgs() == 1)
    checkCDetach(Call, Callee, Context);
  else if (FileScope && Name == "pthread_create" && Call->getNumArgs() == 4)
    checkDetachedCreate(Call, Context);
  else if (Name == "async" && Callee->isInStdNamespace())
    checkAsync(Call, Context);
}

// --- small AST helpers ----------------------------------------------------

/// True for std::thread and std::jthread (also through libc++'s inline
/// namespace and through typedefs).
static bool isThreadType(QualType Type) {
  const CXXRecordDecl *Record = compat::getRecordDecl(Type);
  return Record && Record->isInStdNamespace() && Record->getIdentifier() &&
         (Record->getName() == "thread" || Record->getName() == "jthread");
}

static bool isUserCode(const Stmt *S, const SourceManager &SM) {
  return !isInMacroBody(S->getBeginLoc(), SM) &&
         !isInMacroBody(S->getEndLoc(), SM) &&
         !SM.isInSystemHeader(SM.getFileLoc(S->getBeginLoc()));
}

/// True when \p Child is the statement in \p Slot, whichever implicit nodes
/// the parent map showed on the way.
static bool isSlot(const Stmt *Child, const Stmt *Slot) {
  const auto Strip = [](const Stmt *S) -> const Stmt * {
    if (const auto *E = dyn_cast_or_null<Expr>(S))
      return E->IgnoreImplicit();
    return S;
  };
  return Slot && Strip(Child) == Strip(Slot);
}

/// Looks through the nodes between an expression and what uses its value.
static bool isTransparent(const Stmt *S) {
  return isa<ImplicitCastExpr, ParenExpr, FullExpr, MaterializeTemporaryExpr,
             CXXBindTemporaryExpr>(S);
}

/// The first parent of \p S that is not transparent, and the child of it on
/// the way from \p S.
static std::pair<DynTypedNode, const Stmt *> usingParent(const Stmt *S,
                                                         ASTContext &Context) {
  const Stmt *Child = S;
  const DynTypedNode User = ParentIndex::of(Context).firstAncestor(
      DynTypedNode::create(*S),
      [&](const DynTypedNode &Parent) {
        const auto *P = Parent.get<Stmt>();
        if (!P || !isTransparent(P))
          return true;
        Child = P;
        return false;
      },
      64);
  return {User, Child};
}

/// True when two expressions name the same object: the same variable, the
/// same field of the same object, or the same element (constant or
/// same-variable index) of the same array.
static bool sameObject(const Expr *A, const Expr *B, const ASTContext &Ctx) {
  if (!A || !B)
    return false;
  A = A->IgnoreParenImpCasts();
  B = B->IgnoreParenImpCasts();
  if (const auto *RefA = dyn_cast<DeclRefExpr>(A)) {
    const auto *RefB = dyn_cast<DeclRefExpr>(B);
    return RefB && RefA->getDecl()->getCanonicalDecl() ==
                       RefB->getDecl()->getCanonicalDecl();
  }
  if (const auto *MemA = dyn_cast<MemberExpr>(A)) {
    const auto *MemB = dyn_cast<MemberExpr>(B);
    if (!MemB || MemA->getMemberDecl() != MemB->getMemberDecl() ||
        MemA->isArrow() != MemB->isArrow())
      return false;
    if (isa<CXXThisExpr>(MemA->getBase()->IgnoreParenImpCasts()))
      return isa<CXXThisExpr>(MemB->getBase()->IgnoreParenImpCasts());
    return sameObject(MemA->getBase(), MemB->getBase(), Ctx);
  }
  if (const auto *SubA = dyn_cast<ArraySubscriptExpr>(A)) {
    const auto *SubB = dyn_cast<ArraySubscriptExpr>(B);
    if (!SubB || !sameObject(SubA->getBase(), SubB->getBase(), Ctx))
      return false;
    if (sameObject(SubA->getIdx(), SubB->getIdx(), Ctx))
      return true;
    Expr::EvalResult IdxA;
    Expr::EvalResult IdxB;
    return !SubA->getIdx()->isValueDependent() &&
           !SubB->getIdx()->isValueDependent() &&
           SubA->getIdx()->EvaluateAsInt(IdxA, Ctx) &&
           SubB->getIdx()->EvaluateAsInt(IdxB, Ctx) &&
           IdxA.Val.getInt() == IdxB.Val.getInt();
  }
  return false;
}

/// `&X` -> `X`; anything else unchanged.
static const Expr *stripAddressOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    if (Unary->getOpcode() == UO_AddrOf)
      return Unary->getSubExpr();
  return E;
}

/// The body of the function, lambda or block that contains \p S.
static const Stmt *enclosingBody(const Stmt *S, ASTContext &Context) {
  const DynTypedNode Owner = ParentIndex::of(Context).firstAncestor(
      DynTypedNode::create(*S), [](const DynTypedNode &Parent) {
        return Parent.get<LambdaExpr>() || Parent.get<FunctionDecl>() ||
               Parent.get<BlockDecl>();
      });
  if (const auto *Lambda = Owner.get<LambdaExpr>())
    return Lambda->getBody();
  if (const auto *Function = Owner.get<FunctionDecl>())
    return Function->getBody();
  if (const auto *Block = Owner.get<BlockDecl>())
    return Block->getBody();
  return nullptr;
}

/// The named function around \p S, looking through lambdas: a lambda written
/// in a handler runs on the handler's behalf.
static const FunctionDecl *enclosingNamedFunction(const Stmt *S,
                                                  ASTContext &Context) {
  return ParentIndex::of(Context)
      .firstAncestor(
          DynTypedNode::create(*S),
          [](const DynTypedNode &Parent) {
            const auto *Function = Parent.get<FunctionDecl>();
            const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Function);
            return Function && (!Method || !Method->getParent()->isLambda());
          })
      .get<FunctionDecl>();
}

bool UnboundedDetachCheck::matchesHandler(const Stmt *S, ASTContext &Context,
                                          std::string &Name) const {
  if (!HandlerFunctionsRegex)
    return false;
  const FunctionDecl *Function = enclosingNamedFunction(S, Context);
  if (!Function)
    return false;
  Name = Function->getQualifiedNameAsString();
  return HandlerFunctionsRegex->matches(Name);
}

static const Stmt *innermostLoop(const loops::LoopNest &Nest) {
  return Nest.empty() ? nullptr : Nest.Levels.front().Loop;
}

void UnboundedDetachCheck::noteLoop(const loops::LoopNest &Nest,
                                    const SourceManager &SM) {
  using loops::LoopBound;
  if (const loops::NestLevel *Level = Nest.innermost(LoopBound::Unbounded)) {
    const SourceLocation Loc = SM.getFileLoc(Level->Loop->getBeginLoc());
    if (const CallExpr *Call = Level->Bound.ConditionCall) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      diag(Loc, "this loop has no iteration bound: its condition calls '%0'",
           DiagnosticIDs::Note)
          << (Callee ? Callee->getName() : StringRef("?"));
      return;
    }
    diag(Loc, "this loop has no iteration bound", DiagnosticIDs::Note);
    return;
  }
  if (const loops::NestLevel *Level = Nest.innermost(LoopBound::Unknown)) {
    diag(SM.getFileLoc(Level->Loop->getBeginLoc()),
         "the trip count of this loop is not a compile-time constant",
         DiagnosticIDs::Note);
    return;
  }
  const std::optional<uint64_t> Count = Nest.tripCount();
  diag(SM.getFileLoc(Nest.Levels.back().Loop->getBeginLoc()),
       "this loop %select{|nest }0repeats %1 times, more than "
       "'MaxBoundedIterations' (%2)",
       DiagnosticIDs::Note)
      << (Nest.Levels.size() > 1) << std::to_string(Count.value_or(0))
      << MaxBoundedIterations;
}

// --- diagnostics 1, 4 and 5: detached threads -----------------------------

namespace {
/// What the statements after a detach do to the loop around it.
enum class ExitAfter : uint8_t { None, Loop, Function };
} // namespace

/// Whether a statement after \p S, in a block between \p S and \p Loop,
/// unconditionally leaves \p Loop (`break`) or the function (`return`,
/// `throw`).
static ExitAfter exitAfter(const Stmt *S, const Stmt *Loop,
                           ASTContext &Context) {
  if (!Loop)
    return ExitAfter::None;
  // The path from S up to Loop, as (parent, child on the way) pairs.
  llvm::SmallVector<std::pair<const Stmt *, const Stmt *>, 8> Path;
  const Stmt *Child = S;
  const DynTypedNode Top = ParentIndex::of(Context).firstAncestor(
      DynTypedNode::create(*S), [&](const DynTypedNode &Node) {
        const auto *Parent = Node.get<Stmt>();
        if (!Parent || Parent == Loop)
          return true;
        Path.emplace_back(Parent, Child);
        Child = Parent;
        return false;
      });
  if (Top.get<Stmt>() != Loop)
    return ExitAfter::None;
  // A `break` below a switch (or a `do { } while (0)`) leaves that
  // statement, not the loop.
  size_t BreakFrom = 0;
  for (size_t I = 0; I < Path.size(); ++I)
    if (isa<SwitchStmt, DoStmt, WhileStmt, ForStmt, CXXForRangeStmt>(
            Path[I].first))
      BreakFrom = I + 1;
  for (size_t I = 0; I < Path.size(); ++I) {
    const auto *Block = dyn_cast<CompoundStmt>(Path[I].first);
    if (!Block)
      continue;
    bool After = false;
    for (const Stmt *Sibling : Block->body()) {
      if (!After) {
        After = isSlot(Path[I].second, Sibling);
        continue;
      }
      if (isa<ReturnStmt>(Sibling))
        return ExitAfter::Function;
      if (const auto *E = dyn_cast<Expr>(Sibling))
        if (isa<CXXThrowExpr>(E->IgnoreImplicit()))
          return ExitAfter::Function;
      if (isa<BreakStmt>(Sibling) && I >= BreakFrom)
        return ExitAfter::Loop;
    }
  }
  return ExitAfter::None;
}

void UnboundedDetachCheck::checkDetach(const Expr *Call, StringRef What,
                                       const Stmt *Creation,
                                       const Expr *TemporaryThread,
                                       ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  if (Call->containsErrors() || !isUserCode(Call, SM))
    return;
  // %0 selects the wording: a detach call or a detached pthread_create.
  const bool IsCreate = What.empty();
  const SourceLocation Loc = SM.getFileLoc(Call->getExprLoc());

  if (Creation) {
    loops::LoopNest Nest =
        loops::analyzeLoopNest(Creation, Context, UnboundedConditionFunctions);
    if (Nest.HasErrors)
      return;
    // `for (;;) { std::thread(f).detach(); break; }` retries until one
    // thread starts: the innermost loop does not repeat the detach.
    const ExitAfter Exit = exitAfter(Call, innermostLoop(Nest), Context);
    if (Exit == ExitAfter::Function)
      Nest.Levels.clear();
    else if (Exit == ExitAfter::Loop)
      Nest.Levels.erase(Nest.Levels.begin());
    const std::optional<uint64_t> Count = Nest.tripCount();
    if (!Nest.empty() && (!Count || *Count > MaxBoundedIterations)) {
      diag(Loc, "%select{'%1'|'pthread_create' with a detached attribute}0 "
                "inside a loop leaves one more detached thread running per "
                "iteration; nothing limits how many run at once or waits for "
                "them")
          << IsCreate << What;
      if (Creation != Call && !TemporaryThread)
        diag(SM.getFileLoc(Creation->getBeginLoc()),
             "the thread is created here", DiagnosticIDs::Note);
      noteLoop(Nest, SM);
      if (TemporaryThread)
        noteCollector(TemporaryThread, innermostLoop(Nest), Context);
      return;
    }
  }

  std::string Handler;
  if (matchesHandler(Call, Context, Handler)) {
    diag(Loc, "%select{'%1'|'pthread_create' with a detached attribute}0 in "
              "handler '%2' leaves one more detached thread running per "
              "call; nothing limits how many run at once or waits for them")
        << IsCreate << What << Handler;
    return;
  }
  if (WarnOnAnyDetach)
    diag(Loc, "%select{'%1'|'pthread_create' with a detached attribute}0 "
              "detaches a thread that nothing can wait for or stop, and that "
              "may outlive the data it uses (C++ Core Guidelines CP.26)")
        << IsCreate << What;
}

/// True when \p Init makes a new thread: a thread constructed from a
/// callable, or a prvalue (a temporary, a call returning a thread). Moving or
/// default-constructing makes none.
static bool createsThread(const Expr *Init) {
  if (!Init)
    return false;
  Init = Init->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init)) {
    if (Construct->getNumArgs() == 0)
      return false;
    if (Construct->getConstructor()->isCopyOrMoveConstructor())
      return Construct->getArg(0)->IgnoreImplicit()->isPRValue();
    return true;
  }
  return Init->isPRValue();
}

/// The statement that declares \p Var.
static const Stmt *declaringStmt(const VarDecl *Var, ASTContext &Context) {
  const ParentIndex::ParentList Parents =
      ParentIndex::of(Context).parents(*Var);
  return Parents.empty() ? nullptr : Parents[0].get<DeclStmt>();
}

void UnboundedDetachCheck::checkMemberDetach(const CXXMemberCallExpr *Call,
                                             ASTContext &Context) {
  // Cheap tests first: the loop and body searches build the parent map.
  if (Call->containsErrors() || !isUserCode(Call, Context.getSourceManager()))
    return;
  const Expr *Object = Call->getImplicitObjectArgument();
  if (!Object)
    return;
  Object = Object->IgnoreImplicit()->IgnoreParens()->IgnoreImplicit();
  const Stmt *Creation = nullptr;
  const Expr *Temporary = nullptr;
  if (Object->isPRValue()) {
    // `std::thread(f).detach()`: the thread is created right here.
    Temporary = Object;
    Creation = Temporary;
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(Object)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    // A reference (`auto &T = Pool.back()`) names a thread made elsewhere.
    if (Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
        !Var->getType()->isReferenceType()) {
      const Stmt *Decl = declaringStmt(Var, Context);
      if (Decl && createsThread(Var->getInit()) &&
          loops::findRepeatingLoop(Decl, Context)) {
        // A thread variable declared in the loop body is a new thread per
        // iteration.
        Creation = Decl;
      } else if (const Stmt *Loop = loops::findRepeatingLoop(Call, Context)) {
        // Declared before the loop and given a new thread in it.
        const auto Assignments = match(
            findAll(cxxOperatorCallExpr(
                        hasOverloadedOperatorName("="),
                        hasArgument(0, ignoringParenImpCasts(declRefExpr(
                                           to(varDecl(equalsNode(Var)))))))
                        .bind("assign")),
            *Loop, Context);
        for (const BoundNodes &Node : Assignments) {
          const auto *Assign = Node.getNodeAs<CXXOperatorCallExpr>("assign");
          // `t = std::thread(...)` binds a new temporary to operator='s
          // rvalue reference; `t = std::move(u)` moves an existing thread.
          if (Assign->getNumArgs() == 2 && createsThread(Assign->getArg(1))) {
            Creation = Assign;
            break;
          }
        }
      }
    }
  }
  checkDetach(Call, "detach", Creation, Temporary, Context);
}

void UnboundedDetachCheck::checkCDetach(const CallExpr *Call,
                                        const FunctionDecl *Callee,
                                        ASTContext &Context) {
  // Cheap tests first: the loop and body searches build the parent map.
  if (Call->containsErrors() || !isUserCode(Call, Context.getSourceManager()))
    return;
  const bool IsC11 = Callee->getName() == "thrd_detach";
  const Stmt *Creation = nullptr;
  // Detaching a thread created earlier (outside the loop) adds no thread per
  // iteration; look for the creation of this handle in the same loop.
  if (const Stmt *Loop = loops::findRepeatingLoop(Call, Context)) {
    const auto Creates = match(
        findAll(callExpr(callee(functionDecl(hasName(
                             IsC11 ? "::thrd_create" : "::pthread_create"))),
                         hasArgument(0, expr().bind("handle")))
                    .bind("create")),
        *Loop, Context);
    for (const BoundNodes &Node : Creates) {
      if (sameObject(stripAddressOf(Node.getNodeAs<Expr>("handle")),
                     Call->getArg(0), Context)) {
        Creation = Node.getNodeAs<CallExpr>("create");
        break;
      }
    }
  }
  checkDetach(Call, Callee->getName(), Creation, nullptr, Context);
}

/// True when \p E is PTHREAD_CREATE_DETACHED (an enumerator in glibc, a macro
/// for 1 in musl).
static bool isCreateDetached(const Expr *E, const ASTContext &Context) {
  const Expr *Stripped = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Stripped))
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return Enumerator->getName() == "PTHREAD_CREATE_DETACHED";
  const SourceManager &SM = Context.getSourceManager();
  for (SourceLocation Loc = Stripped->getBeginLoc(); Loc.isMacroID();
       Loc = SM.getImmediateMacroCallerLoc(Loc))
    if (Lexer::getImmediateMacroName(Loc, SM, Context.getLangOpts()) ==
        "PTHREAD_CREATE_DETACHED")
      return true;
  return false;
}

void UnboundedDetachCheck::checkDetachedCreate(const CallExpr *Call,
                                               ASTContext &Context) {
  // Cheap tests first: the loop and body searches build the parent map.
  if (Call->containsErrors() || !isUserCode(Call, Context.getSourceManager()))
    return;
  const Expr *Attr = Call->getArg(1)->IgnoreParenImpCasts();
  if (Attr->isNullPointerConstant(Context, Expr::NPC_ValueDependentIsNotNull) !=
      Expr::NPCK_NotNull)
    return;
  const Stmt *Body = enclosingBody(Call, Context);
  if (!Body)
    return;
  const auto SetStates =
      match(findAll(callExpr(callee(functionDecl(
                                 hasName("::pthread_attr_setdetachstate"))),
                             argumentCountIs(2))
                        .bind("set")),
            *Body, Context);
  const bool Detached = llvm::any_of(SetStates, [&](const BoundNodes &Node) {
    const auto *Set = Node.getNodeAs<CallExpr>("set");
    return sameObject(stripAddressOf(Set->getArg(0)), stripAddressOf(Attr),
                      Context) &&
           isCreateDetached(Set->getArg(1), Context);
  });
  if (Detached)
    checkDetach(Call, "", Call, nullptr, Context);
}

// --- the advice note ---------------------------------------------------------

void UnboundedDetachCheck::noteCollector(const Expr *Temporary,
                                         const Stmt *Loop,
                                         ASTContext &Context) {
  // Advice only, no fix-it. `run-clang-tidy -fix` applies note fix-its too,
  // and the rewrite this note once carried (`NAME.emplace_back(ARGS)` into a
  // `std::vector<std::jthread>` declared before the loop) changes behaviour
  // (the function now waits for every thread when the vector dies) and, in a
  // loop without bound, still grows without limit: finished threads stay in
  // the vector, unjoined, until the scope ends. Bounding the threads needs a
  // semaphore or a pool, which only the author can choose.
  if (!getLangOpts().CPlusPlus20 || !Loop)
    return;
  const Expr *Construct = Temporary;
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Construct))
    Construct = Cast->getSubExpr()->IgnoreImplicit();
  const auto *Ctor = dyn_cast<CXXConstructExpr>(Construct);
  if (!Ctor || Ctor->getNumArgs() == 0 || !isThreadType(Ctor->getType()))
    return;
  // libc++ 19 declares std::jthread only with -fexperimental-library: name
  // it only where the type exists next to std::thread.
  const CXXRecordDecl *ThreadRecord = compat::getRecordDecl(Ctor->getType());
  if (!ThreadRecord || ThreadRecord->getDeclContext()
                           ->lookup(&Context.Idents.get("jthread"))
                           .empty())
    return;
  const SourceManager &SM = Context.getSourceManager();
  diag(SM.getFileLoc(Temporary->getBeginLoc()),
       "keep the threads in a 'std::vector<std::jthread>' so each is joined "
       "when the scope ends; bound how many run at once with a semaphore or "
       "a thread pool",
       DiagnosticIDs::Note);
}

// --- diagnostic 2: threads accumulated in an unbounded loop ---------------

/// True when \p Type names a thread: `std::thread`, `std::jthread`, another
/// library's class of that name (`boost::thread`), or a `pthread_t` /
/// `thrd_t` handle (seen through the typedef as written).
static bool isAnyThreadType(QualType Type) {
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    const auto *Typedef = Type->getAs<TypedefType>();
    if (!Typedef)
      break;
    const StringRef Name = Typedef->getDecl()->getName();
    if (Name == "pthread_t" || Name == "thrd_t")
      return true;
    Type = Typedef->desugar();
  }
  const CXXRecordDecl *Record = compat::getRecordDecl(Type);
  return Record && Record->getIdentifier() &&
         (Record->getName() == "thread" || Record->getName() == "jthread");
}

/// True when the container type holds threads: one of its template type
/// arguments is a thread (isAnyThreadType): vector, deque, list, queue, map
/// values, ... The arguments are read as written first, where `pthread_t`
/// is still visible, then from the specialization.
static bool holdsThreads(QualType Type) {
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  if (const auto *Written = Type->getAs<TemplateSpecializationType>())
    for (const TemplateArgument &Arg : Written->template_arguments())
      if (Arg.getKind() == TemplateArgument::Type &&
          isAnyThreadType(Arg.getAsType()))
        return true;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      compat::getRecordDecl(Type));
  if (!Spec)
    return false;
  return llvm::any_of(Spec->getTemplateArgs().asArray(),
                      [](const TemplateArgument &Arg) {
                        return Arg.getKind() == TemplateArgument::Type &&
                               isAnyThreadType(Arg.getAsType());
                      });
}

/// True when \p Ref (a use of the container inside the loop) may remove
/// elements: anything but a listed read-only or inserting member, an
/// index, or the range of a range-for.
static bool mayDrain(const Expr *Ref, ASTContext &Context) {
  const auto [Parent, Child] = usingParent(Ref, Context);
  if (const auto *Member = Parent.get<MemberExpr>()) {
    const auto [CallNode, MemberChild] = usingParent(Member, Context);
    const auto *Call = CallNode.get<CXXMemberCallExpr>();
    const IdentifierInfo *Id = Member->getMemberDecl()->getIdentifier();
    if (!Call || !Id)
      return true;
    const StringRef Name = Id->getName();
    return !llvm::is_contained(vocabulary::InsertMethods, Name) &&
           !llvm::is_contained(vocabulary::NonDrainingMethods, Name);
  }
  if (const auto *Op = Parent.get<CXXOperatorCallExpr>())
    return Op->getOperator() != OO_Subscript;
  if (const auto *Range = Parent.get<CXXForRangeStmt>())
    return !isSlot(Child, Range->getRangeInit());
  // Range-for: the reference initialises the hidden `__range` variable.
  if (const auto *Var = Parent.get<VarDecl>())
    return !Var->isImplicit();
  return true;
}

void UnboundedDetachCheck::checkInsertion(const CXXMemberCallExpr *Call,
                                          ASTContext &Context) {
  const Expr *Object = Call->getImplicitObjectArgument();
  if (!Object || Call->containsErrors())
    return;
  const ValueDecl *Container = vocabulary::referencedVarOrField(Object);
  if (!Container || !holdsThreads(Container->getType()))
    return;
  const SourceManager &SM = Context.getSourceManager();
  if (!isUserCode(Call, SM))
    return;
  const loops::LoopNest Nest =
      loops::analyzeLoopNest(Call, Context, UnboundedConditionFunctions);
  if (Nest.HasErrors)
    return;
  // The innermost unbounded loop that the container outlives.
  const loops::NestLevel *Unbounded = nullptr;
  for (const loops::NestLevel &Level : Nest.Levels) {
    if (Level.Bound.Kind != loops::LoopBound::Unbounded)
      continue;
    const SourceRange Range(SM.getFileLoc(Level.Loop->getBeginLoc()),
                            SM.getFileLoc(Level.Loop->getEndLoc()));
    const SourceLocation DeclLoc = SM.getFileLoc(Container->getLocation());
    if (isa<VarDecl>(Container) && cast<VarDecl>(Container)->isLocalVarDecl() &&
        SM.isPointWithin(DeclLoc, Range.getBegin(), Range.getEnd()))
      break;
    Unbounded = &Level;
    break;
  }
  if (!Unbounded)
    return;
  // A `std::vector<std::jthread>` (or any thread type) fed by a loop without
  // bound is reported like one of `std::thread`: joining at the end of the
  // scope does not bound how many threads exist before it ends.

  // Anything in the loop that may take elements out bounds the container.
  const auto Refs =
      isa<FieldDecl>(Container)
          ? match(findAll(memberExpr(member(equalsNode(Container)),
                                     hasObjectExpression(
                                         ignoringParenImpCasts(cxxThisExpr())))
                              .bind("ref")),
                  *Unbounded->Loop, Context)
          : match(findAll(declRefExpr(to(varDecl(equalsNode(Container))))
                              .bind("ref")),
                  *Unbounded->Loop, Context);
  for (const BoundNodes &Node : Refs)
    if (mayDrain(Node.getNodeAs<Expr>("ref"), Context))
      return;

  const IdentifierInfo *Method = Call->getMethodDecl()->getIdentifier();
  diag(SM.getFileLoc(Call->getExprLoc()),
       "'%0' adds a thread to '%1' on every iteration of a loop without "
       "bound, and nothing in the loop removes one; the number of threads "
       "grows without limit")
      << (Method ? Method->getName() : StringRef("insert"))
      << Container->getName();
  diag(SM.getFileLoc(Container->getLocation()), "'%0' is declared here",
       DiagnosticIDs::Note)
      << Container->getName();
  loops::LoopNest Outer;
  Outer.Levels.push_back(*Unbounded);
  noteLoop(Outer, SM);
}

// --- diagnostic 3: discarded std::async futures ----------------------------

/// True when the value of \p E is thrown away: an expression statement, a
/// cast to void, or the left side of a comma.
static bool isDiscarded(const Expr *E, ASTContext &Context) {
  const auto [Parent, Child] = usingParent(E, Context);
  const auto *P = Parent.get<Stmt>();
  if (!P)
    return false;
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(P))
    return Cast->getType()->isVoidType();
  if (const auto *Comma = dyn_cast<BinaryOperator>(P))
    return Comma->getOpcode() == BO_Comma &&
           Comma->getLHS()->IgnoreParenImpCasts() ==
               cast<Expr>(Child)->IgnoreParenImpCasts();
  if (isa<Expr>(P))
    return false;
  if (isa<CompoundStmt, LabelStmt, SwitchCase>(P))
    return true;
  if (const auto *If = dyn_cast<IfStmt>(P))
    return isSlot(Child, If->getThen()) || isSlot(Child, If->getElse());
  if (const auto *While = dyn_cast<WhileStmt>(P))
    return isSlot(Child, While->getBody());
  if (const auto *Do = dyn_cast<DoStmt>(P))
    return isSlot(Child, Do->getBody());
  if (const auto *For = dyn_cast<ForStmt>(P))
    return isSlot(Child, For->getBody()) || isSlot(Child, For->getInc());
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(P))
    return isSlot(Child, Range->getBody());
  return false;
}

/// True when the launch policy argument is exactly `std::launch::deferred`.
static bool isDeferredOnly(const CallExpr *Call) {
  if (Call->getNumArgs() < 2)
    return false;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreParenImpCasts());
  const auto *Enumerator =
      Ref ? dyn_cast<EnumConstantDecl>(Ref->getDecl()) : nullptr;
  return Enumerator && Enumerator->getName() == "deferred";
}

void UnboundedDetachCheck::checkAsync(const CallExpr *Call,
                                      ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  if (Call->containsErrors() || !isUserCode(Call, SM) ||
      !isDiscarded(Call, Context))
    return;
  const SourceLocation Loc = SM.getFileLoc(Call->getBeginLoc());
  if (isDeferredOnly(Call)) {
    diag(Loc, "the future returned by 'std::async' with "
              "'std::launch::deferred' is discarded; the task never runs");
    return;
  }
  const Stmt *Loop = loops::findRepeatingLoop(Call, Context);
  diag(Loc, "the future returned by 'std::async' is discarded; its "
            "destructor waits for the task, so the call runs "
            "synchronously%select{| and the tasks of this loop run one after "
            "another}0")
      << (Loop != nullptr);
  if (Loop)
    diag(SM.getFileLoc(Loop->getBeginLoc()),
         "each iteration of this loop waits for its task before the next "
         "one starts",
         DiagnosticIDs::Note);
}

} // namespace clang::tidy::threads
