//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "DeferInLoopCheck.h"
#include "analysis/DeferredRelease.h"
#include "analysis/LoopShape.h"
#include "utils/CallFilter.h"
#include "utils/Compat.h"
#include "utils/FreshName.h"
#include "utils/NameMatching.h"
#include "utils/OptionReader.h"
#include "utils/SourceLocations.h"
#include "utils/Vocabulary.h"

#include "analysis/ParentIndex.h"
#include "utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include <array>
#include <cstdint>
#include <utility>

using namespace clang::ast_matchers;

namespace clang::tidy::threads {

using namespace analysis;

static constexpr llvm::StringLiteral DefaultReleaseFunctions =
    "fclose;close;free;closedir;munmap;freeaddrinfo;CloseHandle;"
    "pthread_mutex_unlock;unlock;release;reset";
static constexpr llvm::StringLiteral DefaultDeferRegistrars =
    "push_back;emplace_back;push;emplace;push_front;emplace_front;insert";
static constexpr llvm::StringLiteral DefaultResourceTypes =
    "std::unique_lock;std::shared_lock;std::lock_guard;std::scoped_lock;"
    "absl::MutexLock;absl::ReaderMutexLock;absl::WriterMutexLock;"
    "absl::ReleasableMutexLock;"
    "std::basic_ifstream;std::basic_ofstream;std::basic_fstream;"
    "std::basic_filebuf;absl::Cleanup;gsl::final_action;"
    "std::experimental::scope_exit;std::experimental::unique_resource";

DeferInLoopCheck::DeferInLoopCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ReleaseFunctions(reader(Name).nameList(
          "ReleaseFunctions", DefaultReleaseFunctions, RawReleaseFunctions)),
      DeferRegistrars(reader(Name).nameList(
          "DeferRegistrars", DefaultDeferRegistrars, RawDeferRegistrars)),
      ResourceTypes(reader(Name).nameList("ResourceTypes", DefaultResourceTypes,
                                          RawResourceTypes)) {}

OptionReader DeferInLoopCheck::reader(StringRef Name) {
  return {Options, Name,
          [this](StringRef Message) { configurationDiag("%0") << Message; }};
}

void DeferInLoopCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ReleaseFunctions", RawReleaseFunctions);
  Options.store(Opts, "DeferRegistrars", RawDeferRegistrars);
  Options.store(Opts, "ResourceTypes", RawResourceTypes);
}

void DeferInLoopCheck::registerMatchers(MatchFinder *Finder) {
  // glibc's <alloca.h> defines alloca(size) as a macro for
  // __builtin_alloca(size); MSVC spells it _alloca. Calls to builtins are only
  // visible to the AsIs traversal (their callee is an implicit declaration),
  // so traverse AsIs and skip template instantiations by hand: the template's
  // own spelling is reported once.
  //
  // The name and system-header filter comes first (CallFilter.h): libstdc++
  // itself calls __builtin_alloca and push_back. Parents come from the
  // function-local
  // ParentIndex, never from a matcher such as isInTemplateInstantiation()
  // that maps the whole translation unit (docs/performance.md).
  static constexpr std::array<StringRef, 4> AllocaNames = {
      "::alloca", "::_alloca", "::__builtin_alloca",
      "::__builtin_alloca_with_align"};
  Finder->addMatcher(
      traverse(TK_AsIs,
               callExpr(userCallNamed(lastComponents(AllocaNames)),
                        callee(functionDecl(
                                   hasAnyName(std::vector<StringRef>(
                                       AllocaNames.begin(), AllocaNames.end())))
                                   .bind("alloca-fn")))
                   .bind("alloca")),
      this);

  // C has no member calls, so the holder diagnostics are C++ only. Anchored
  // on the registration call: everything else is looked at only for calls
  // that a loop repeats.
  if (!getLangOpts().CPlusPlus || DeferRegistrars.empty())
    return;
  const std::vector<StringRef> Registrars(DeferRegistrars.begin(),
                                          DeferRegistrars.end());
  // A lambda argument makes the call dependent inside a template, so the
  // pattern has no resolved call to look at: traverse the instantiations too
  // and report each spelling once.
  Finder->addMatcher(
      traverse(TK_AsIs,
               cxxMemberCallExpr(userCallNamed(lastComponents(Registrars)),
                                 callee(cxxMethodDecl(hasAnyName(Registrars))))
                   .bind("insert")),
      this);
}

void DeferInLoopCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("alloca"))
    checkAlloca(Call, Result.Nodes.getNodeAs<FunctionDecl>("alloca-fn"),
                *Result.Context);
  if (const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("insert"))
    checkInsertion(Call, *Result.Context);
}

/// The name the user wrote for the allocation (the `alloca` macro when the
/// call comes from glibc's wrapper, the function's own name otherwise) and
/// where it is written. Returns an empty name for calls spelled inside any
/// other macro's body: only a call written in the file or in a macro argument
/// is the user's.
static std::pair<StringRef, SourceLocation>
allocaSpelling(const CallExpr *Call, const FunctionDecl *Callee,
               const SourceManager &SM, const LangOptions &LangOpts) {
  SourceLocation Loc = Call->getBeginLoc();
  StringRef Name = Callee->getName();
  bool PeeledWrapper = false;
  while (Loc.isMacroID()) {
    if (SM.isMacroArgExpansion(Loc)) {
      Loc = SM.getImmediateSpellingLoc(Loc);
      continue;
    }
    // `#define alloca(size) __builtin_alloca(size)` is the allocation
    // function itself; continue from where that macro is invoked.
    const StringRef Macro = Lexer::getImmediateMacroName(Loc, SM, LangOpts);
    if (PeeledWrapper || (Macro != "alloca" && Macro != "_alloca"))
      return {};
    PeeledWrapper = true;
    Name = Macro;
    Loc = SM.getImmediateExpansionRange(Loc).getBegin();
  }
  return {Name, Loc};
}

void DeferInLoopCheck::checkAlloca(const CallExpr *Call,
                                   const FunctionDecl *Callee,
                                   ASTContext &Context) {
  // Invalid code: the arguments may not be what the user meant.
  if (Call->containsErrors())
    return;
  const SourceManager &SM = Context.getSourceManager();
  const auto [Name, Loc] =
      allocaSpelling(Call, Callee, SM, Context.getLangOpts());
  if (Name.empty() || ParentIndex::of(Context).isInTemplateInstantiation(*Call))
    return;
  const Stmt *Loop = loops::findRepeatingLoop(Call, Context);
  if (!Loop)
    return;
  if (SM.isInSystemHeader(Loc))
    return;
  diag(Loc, "'%0' inside a loop allocates on every iteration and frees only "
            "when the function returns; a long loop overflows the stack")
      << Name;
  diag(SM.getExpansionLoc(Loop->getBeginLoc()),
       "the allocation repeats in this loop", DiagnosticIDs::Note);
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

//===----------------------------------------------------------------------===//
// Uses of the holder
//===----------------------------------------------------------------------===//

/// Every reference to \p Holder (a variable, or a field reached through any
/// object) in \p S, including lambda bodies.
static void collectReferences(const Stmt *S, const ValueDecl *Holder,
                              SmallVectorImpl<const Expr *> &Out) {
  if (!S)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    if (Ref->getDecl()->getCanonicalDecl() == Holder->getCanonicalDecl())
      Out.push_back(Ref);
  } else if (const auto *Member = dyn_cast<MemberExpr>(S)) {
    if (Member->getMemberDecl()->getCanonicalDecl() ==
        Holder->getCanonicalDecl())
      Out.push_back(Member);
  }
  for (const Stmt *Child : S->children())
    collectReferences(Child, Holder, Out);
}

namespace {
/// What a reference to the holder does with it.
struct HolderUse {
  enum Kind : std::uint8_t { Method, Assign, PassMutable, Other } K = Other;
  StringRef Name;
  const CXXMemberCallExpr *Call = nullptr;
};
} // namespace

/// True when an argument bound to parameter \p Index of \p Callee may be
/// changed by the callee (non-const reference, forwarding, unknown callee).
static bool mayModifyArgument(const FunctionDecl *Callee, unsigned Index) {
  if (!Callee || Index >= Callee->getNumParams())
    return true;
  const QualType Param = Callee->getParamDecl(Index)->getType();
  if (!Param->isReferenceType())
    return false;
  return !Param.getNonReferenceType().isConstQualified();
}

static HolderUse classifyUse(const Expr *Ref, ASTContext &Context) {
  HolderUse Use;
  // Climb over the implicit nodes between the reference and what uses it.
  const Expr *Cur = Ref;
  ParentIndex::ParentList Parents = ParentIndex::of(Context).parents(*Ref);
  for (unsigned Depth = 0; Depth < 8 && !Parents.empty(); ++Depth) {
    const auto *E = Parents[0].get<Expr>();
    if (!E || !isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr>(E))
      break;
    Cur = E;
    Parents = ParentIndex::of(Context).parents(*E);
  }
  if (Parents.empty())
    return Use;
  const DynTypedNode P = Parents[0];
  if (const auto *Member = P.get<MemberExpr>()) {
    if (Member->getBase()->IgnoreParenImpCasts() != Ref)
      return Use;
    const ParentIndex::ParentList Up =
        ParentIndex::of(Context).parents(*Member);
    const auto *Call = Up.empty() ? nullptr : Up[0].get<CXXMemberCallExpr>();
    if (!Call || Call->getCallee()->IgnoreParens() != Member)
      return Use;
    Use.K = HolderUse::Method;
    Use.Name = calledMethodName(Call);
    Use.Call = Call;
    return Use;
  }
  if (const auto *Op = P.get<CXXOperatorCallExpr>()) {
    if (Op->getNumArgs() > 0 && Op->getArg(0) == Cur &&
        (Op->getOperator() == OO_Equal || Op->isAssignmentOp()))
      Use.K = HolderUse::Assign;
    return Use;
  }
  if (const auto *Call = P.get<CallExpr>()) {
    for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I)
      if (Call->getArg(I) == Cur &&
          mayModifyArgument(Call->getDirectCallee(), I))
        Use.K = HolderUse::PassMutable;
    return Use;
  }
  if (const auto *Construct = P.get<CXXConstructExpr>()) {
    for (unsigned I = 0, N = Construct->getNumArgs(); I < N; ++I)
      if (Construct->getArg(I) == Cur &&
          mayModifyArgument(Construct->getConstructor(), I))
        Use.K = HolderUse::PassMutable;
    return Use;
  }
  if (const auto *Unary = P.get<UnaryOperator>();
      Unary && Unary->getOpcode() == UO_AddrOf)
    Use.K = HolderUse::PassMutable;
  return Use;
}

/// Member functions that remove elements (or may: `swap`, `assign`) or run a
/// holder's cleanups.
static bool isDrainingMethod(StringRef Name) {
  return llvm::is_contained({"erase", "pop_back", "pop_front", "pop", "clear",
                             "resize", "swap", "extract", "assign", "splice",
                             "reset", "release"},
                            Name);
}

/// True when something inside \p Loop removes elements from the holder or may
/// do so (passes it by non-const reference, takes its address): the holder
/// does not grow with the trip count, or the analysis cannot tell.
static bool isDrainedIn(const Stmt *Loop, const ValueDecl *Holder,
                        ASTContext &Context) {
  SmallVector<const Expr *, 8> Refs;
  collectReferences(Loop, Holder, Refs);
  return llvm::any_of(Refs, [&](const Expr *Ref) {
    const HolderUse Use = classifyUse(Ref, Context);
    return Use.K == HolderUse::Assign || Use.K == HolderUse::PassMutable ||
           (Use.K == HolderUse::Method && isDrainingMethod(Use.Name));
  });
}

//===----------------------------------------------------------------------===//
// Holders and their element types
//===----------------------------------------------------------------------===//

static DeferInLoopCheck::ResourceKind kindOfName(StringRef Name) {
  using Kind = DeferInLoopCheck::ResourceKind;
  if (Name.ends_with("_lock") || Name.ends_with("lock_guard") ||
      Name.ends_with("MutexLock"))
    return Kind::Lock;
  if (Name.ends_with("fstream") || Name.ends_with("filebuf"))
    return Kind::Stream;
  if (Name.ends_with("Cleanup") || Name.ends_with("final_action") ||
      Name.ends_with("scope_exit"))
    return Kind::Guard;
  if (Name.ends_with("unique_resource"))
    return Kind::Handle;
  return Kind::Other;
}

DeferInLoopCheck::ResourceKind
DeferInLoopCheck::classifyResourceType(QualType Type) const {
  if (Type.isNull() || Type->isDependentType())
    return ResourceKind::None;
  const CXXRecordDecl *Record =
      compat::getRecordDecl(Type.getNonReferenceType());
  if (!Record)
    return ResourceKind::None;
  const std::string Name = qualifiedName(Record);
  if (Name == "std::unique_ptr") {
    // Owning a resource type, or released through a deleter of its own
    // (`fclose`, `closedir`, a FileCloser): a handle, not plain memory.
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record);
    if (!Spec || Spec->getTemplateArgs().size() < 2)
      return ResourceKind::None;
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args[0].getKind() == TemplateArgument::Type) {
      const ResourceKind Owned = classifyResourceType(Args[0].getAsType());
      if (Owned != ResourceKind::None)
        return Owned;
    }
    if (Args[1].getKind() != TemplateArgument::Type)
      return ResourceKind::None;
    const CXXRecordDecl *Deleter = compat::getRecordDecl(Args[1].getAsType());
    if (Deleter && qualifiedName(Deleter) == "std::default_delete")
      return ResourceKind::None;
    return ResourceKind::Handle;
  }
  if (!Record->getDeclName().isIdentifier())
    return ResourceKind::None;
  for (const std::string &Pattern : ResourceTypes)
    if (nameMatches(Name, Record->getName(), Pattern))
      return kindOfName(Name);
  return ResourceKind::None;
}

//===----------------------------------------------------------------------===//
// Diagnostic 2: accumulated RAII resources
//===----------------------------------------------------------------------===//

/// Member functions that neither read the elements nor hand them out.
static bool isNonReadingMethod(StringRef Name,
                               ArrayRef<std::string> Registrars) {
  return llvm::is_contained({"clear", "reserve", "shrink_to_fit", "size",
                             "empty", "capacity", "max_size", "get_allocator"},
                            Name) ||
         llvm::is_contained(Registrars, Name);
}

/// A statement after the loop that runs no code worth protecting with the
/// held locks: `;`, `return;`, `return Count;`, `Locks.clear();`.
static bool isHarmlessTail(const Stmt *S, const ValueDecl *Holder,
                           ASTContext &Context) {
  if (isa<NullStmt>(S))
    return true;
  if (const auto *Return = dyn_cast<ReturnStmt>(S))
    return !Return->getRetValue() ||
           !Return->getRetValue()->HasSideEffects(Context);
  const auto *E = dyn_cast<Expr>(S);
  const auto *Call =
      E ? dyn_cast<CXXMemberCallExpr>(E->IgnoreImplicit()) : nullptr;
  return Call && calledMethodName(Call) == "clear" &&
         vocabulary::referencedVarOrField(Call->getImplicitObjectArgument()) ==
             Holder;
}

/// True when code runs after \p Loop while \p Holder still holds what the
/// loop added: taking every lock and then working under all of them is the
/// point of collecting lock holders.
static bool codeRunsWhileHeld(const Stmt *Loop, const VarDecl *Holder,
                              ASTContext &Context) {
  const Stmt *Child = Loop;
  bool Runs = false;
  ParentIndex::of(Context).firstAncestor(
      DynTypedNode::create(*Loop),
      [&](const DynTypedNode &Parent) {
        const auto *S = Parent.get<Stmt>();
        if (!S)
          return true;
        // An enclosing loop runs its body again with the locks held.
        if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S)) {
          Runs = true;
          return true;
        }
        if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
          bool After = false;
          bool DeclaresHolder = false;
          for (const Stmt *Sibling : Block->body()) {
            if (Sibling == Child) {
              After = true;
              continue;
            }
            if (const auto *Decls = dyn_cast<DeclStmt>(Sibling))
              DeclaresHolder |= llvm::any_of(
                  Decls->decls(), [&](const Decl *D) { return D == Holder; });
            if (After && !isHarmlessTail(Sibling, Holder, Context)) {
              Runs = true;
              return true;
            }
          }
          if (DeclaresHolder)
            return true;
        }
        Child = S;
        return false;
      },
      64);
  return Runs;
}

static StringRef kindNoun(DeferInLoopCheck::ResourceKind Kind) {
  using Kind_ = DeferInLoopCheck::ResourceKind;
  switch (Kind) {
  case Kind_::Stream:
    return "stream";
  case Kind_::Lock:
    return "lock";
  case Kind_::Handle:
    return "handle";
  case Kind_::Guard:
    return "scope guard";
  case Kind_::Other:
  case Kind_::None:
    break;
  }
  return "resource";
}

static StringRef kindState(DeferInLoopCheck::ResourceKind Kind) {
  using Kind_ = DeferInLoopCheck::ResourceKind;
  switch (Kind) {
  case Kind_::Stream:
  case Kind_::Handle:
    return "open";
  case Kind_::Guard:
    return "pending";
  case Kind_::Lock:
  case Kind_::Other:
  case Kind_::None:
    break;
  }
  return "held";
}

/// A name for the per-iteration local that replaces the holder's element:
/// the holder's name in the singular (`Files` -> `File`), otherwise with an
/// `Item` suffix, numbered until nothing the function mentions uses it.
static std::string pickLocalName(const VarDecl *Holder,
                                 const FunctionDecl *Function,
                                 ASTContext &Context) {
  const StringRef Base = Holder->getName();
  std::string Stem;
  if (Base.size() > 1 && Base.ends_with("s") && !Base.ends_with("ss"))
    Stem = Base.drop_back().str();
  else
    Stem = (Base + (llvm::isUpper(Base.front()) ? "Item" : "_item")).str();
  NamesInUse Used;
  Used.addTokensOf(Function->getSourceRange(), Context);
  return pickFreshName(Used, {Stem}, Stem, Context);
}

static const Stmt *loopBody(const Stmt *Loop) {
  if (const auto *For = dyn_cast_or_null<ForStmt>(Loop))
    return For->getBody();
  if (const auto *While = dyn_cast_or_null<WhileStmt>(Loop))
    return While->getBody();
  if (const auto *Do = dyn_cast_or_null<DoStmt>(Loop))
    return Do->getBody();
  if (const auto *Range = dyn_cast_or_null<CXXForRangeStmt>(Loop))
    return Range->getBody();
  return nullptr;
}

/// The declaration `T Name{Args}` that replaces the insertion statement, so
/// that the element becomes a local of the loop body and is destroyed at the
/// end of each iteration. Only when nothing else could observe the
/// difference: the insertion is a statement of its own into a standard
/// sequence container, and the holder has no other use than being cleared,
/// reserved or destroyed. The element type is spelled as the holder's
/// declaration spells it, so it names the same type in the same scope.
static std::string localDeclarationFor(const CXXMemberCallExpr *Call,
                                       const VarDecl *Holder,
                                       ASTContext &Context) {
  if (Call->getBeginLoc().isMacroID() || Call->getEndLoc().isMacroID())
    return {};
  const CXXRecordDecl *Record = compat::getRecordDecl(Holder->getType());
  if (!Record ||
      !llvm::is_contained({"std::vector", "std::deque", "std::list",
                           "std::forward_list", "std::stack", "std::queue"},
                          qualifiedName(Record)))
    return {};
  if (!llvm::is_contained(vocabulary::EndInsertMethods, calledMethodName(Call)))
    return {};
  // A statement of its own: its value (`emplace_back`'s reference) unused.
  // The body of a loop without braces is a scope of its own too, so a
  // declaration there is released at the end of each iteration as well.
  // The parent map may or may not show the ExprWithCleanups around it,
  // depending on the traversal in effect.
  ParentIndex::ParentList Parents = ParentIndex::of(Context).parents(*Call);
  while (!Parents.empty() && Parents[0].get<ExprWithCleanups>())
    Parents = ParentIndex::of(Context).parents(Parents[0]);
  if (Parents.empty())
    return {};
  const auto *Body = dyn_cast_or_null<Expr>(loopBody(Parents[0].get<Stmt>()));
  if (!Parents[0].get<CompoundStmt>() &&
      (!Body || Body->IgnoreImplicit() != Call))
    return {};
  const TypeSourceInfo *Written = Holder->getTypeSourceInfo();
  if (!Written)
    return {};
  const auto Spec =
      Written->getTypeLoc().getAsAdjusted<TemplateSpecializationTypeLoc>();
  if (!Spec || Spec.getNumArgs() < 1)
    return {};
  const StringRef ElementType =
      mappedFileText(Spec.getArgLoc(0).getSourceRange(), Context);
  if (ElementType.empty())
    return {};
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Holder->getParentFunctionOrMethod());
  // An instantiation's arguments stand for every instantiation's: no fix.
  if (!Function || !Function->getBody() ||
      Function->isTemplateInstantiation() || Function->isDependentContext())
    return {};
  const std::string Name = pickLocalName(Holder, Function, Context);
  if (Name.empty())
    return {};
  std::string Result = (ElementType + " " + Name).str();
  if (Call->getNumArgs() == 0)
    return Result;
  // Braces: `T Name(T(Path))` would declare a function.
  const StringRef Args =
      mappedFileText({Call->getArg(0)->getBeginLoc(),
                      Call->getArg(Call->getNumArgs() - 1)->getEndLoc()},
                     Context);
  if (Args.empty())
    return {};
  return Result + "{" + Args.str() + "}";
}

void DeferInLoopCheck::checkAccumulatedResource(const CXXMemberCallExpr *Call,
                                                const Stmt *Loop,
                                                const ValueDecl *Holder,
                                                ASTContext &Context) {
  // Only a local object can be followed to the end of its life; a field, a
  // global or a reference may be read anywhere.
  const auto *Var = dyn_cast<VarDecl>(Holder);
  if (!Var || !Var->hasLocalStorage() || !Var->getType()->isRecordType())
    return;
  ResourceKind Kind = ResourceKind::None;
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          compat::getRecordDecl(Var->getType())))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
      if (Arg.getKind() != TemplateArgument::Type)
        continue;
      Kind = classifyResourceType(Arg.getAsType());
      if (Kind != ResourceKind::None)
        break;
    }
  for (unsigned I = 0, N = Call->getNumArgs();
       I < N && Kind == ResourceKind::None; ++I)
    Kind = classifyResourceType(Call->getArg(I)->getType());
  if (Kind == ResourceKind::None)
    return;

  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  const Stmt *Body = Function ? Function->getBody() : nullptr;
  if (!Body)
    return;
  SmallVector<const Expr *, 16> All;
  SmallVector<const Expr *, 16> InLoop;
  collectReferences(Body, Var, All);
  collectReferences(Loop, Var, InLoop);
  const llvm::SmallPtrSet<const Expr *, 16> InLoopSet(InLoop.begin(),
                                                      InLoop.end());
  // The fix is safe only when this insertion is the holder's one use that
  // can see an element.
  bool OnlyThisInsertion = true;
  for (const Expr *Ref : All) {
    const HolderUse Use = classifyUse(Ref, Context);
    if (InLoopSet.contains(Ref)) {
      OnlyThisInsertion &= Use.Call == Call;
      continue;
    }
    if (Use.K == HolderUse::Method &&
        isNonReadingMethod(Use.Name, DeferRegistrars)) {
      OnlyThisInsertion &=
          llvm::is_contained({"clear", "reserve", "shrink_to_fit"}, Use.Name);
      continue;
    }
    if (Use.K == HolderUse::Assign) {
      OnlyThisInsertion = false;
      continue;
    }
    // Iterated, indexed, returned or passed on: every element is wanted
    // (a k-way merge over open files).
    return;
  }
  if (Kind == ResourceKind::Lock && codeRunsWhileHeld(Loop, Var, Context))
    return;

  const SourceManager &SM = Context.getSourceManager();
  const SourceLocation Loc = SM.getFileLoc(Call->getExprLoc());
  if (!Reported.insert(Loc).second)
    return;
  diag(Loc, "%0 added to '%1' inside a loop is released only when '%1' is "
            "destroyed; every iteration keeps one more %0 %2")
      << kindNoun(Kind) << Var->getName() << kindState(Kind);
  diag(Var->getLocation(),
       "'%0' outlives the loop; every iteration's %1 stays %2 until it is "
       "destroyed",
       DiagnosticIDs::Note)
      << Var->getName() << kindNoun(Kind) << kindState(Kind);

  // Locks and scope guards protect or finish something the code after the
  // loop may rely on; only streams and handles are released early safely.
  if (!OnlyThisInsertion ||
      (Kind != ResourceKind::Stream && Kind != ResourceKind::Handle))
    return;
  const std::string Replacement = localDeclarationFor(Call, Var, Context);
  if (Replacement.empty())
    return;
  diag(Loc,
       "declare the %0 as a local of the loop body to release it at the end "
       "of each iteration",
       DiagnosticIDs::Note)
      << kindNoun(Kind)
      << FixItHint::CreateReplacement(
             CharSourceRange::getTokenRange(Call->getBeginLoc(),
                                            Call->getEndLoc()),
             Replacement);
}

//===----------------------------------------------------------------------===//
// Registration calls
//===----------------------------------------------------------------------===//

/// True when \p Loc is the user's: in the file, or in a macro argument.
static bool isUserSpelled(SourceLocation Loc, const SourceManager &SM) {
  for (unsigned Depth = 0; Loc.isMacroID() && Depth < 32; ++Depth) {
    if (!SM.isMacroArgExpansion(Loc))
      return false;
    Loc = SM.getImmediateSpellingLoc(Loc);
  }
  return Loc.isFileID();
}

void DeferInLoopCheck::checkInsertion(const CXXMemberCallExpr *Call,
                                      ASTContext &Context) {
  if (Call->containsErrors() || Call->isTypeDependent())
    return;
  const SourceManager &SM = Context.getSourceManager();
  if (!isUserSpelled(Call->getBeginLoc(), SM) ||
      !isUserSpelled(Call->getEndLoc(), SM))
    return;
  const SourceLocation Loc = SM.getFileLoc(Call->getExprLoc());
  if (SM.isInSystemHeader(Loc))
    return;
  const ValueDecl *Holder =
      vocabulary::referencedVarOrField(Call->getImplicitObjectArgument());
  if (!Holder || Holder->isInvalidDecl() || !Holder->getIdentifier())
    return;
  const Stmt *Loop = loops::findRepeatingLoop(Call, Context);
  if (!Loop)
    return;
  // A holder of the iteration itself is destroyed with the iteration; a
  // static local outlives every iteration.
  if (const auto *Var = dyn_cast<VarDecl>(Holder);
      Var && !Var->isStaticLocal() &&
      placementIn(Var, Loop, Context) != Placement::Outside)
    return;
  if (isDrainedIn(Loop, Holder, Context))
    return;

  const ReleaseFinder Finder(ReleaseFunctions, Loop, Context);
  const SmallVector<const Expr *, 4> Args(Call->arguments());
  const VarDecl *Released = nullptr;
  // `Scope.defer(fclose, F)`: a release function and its operand.
  if (llvm::any_of(
          Args, [&](const Expr *Arg) { return Finder.isReleaseFunction(Arg); }))
    Released = Finder.inArguments(Args);
  for (const Expr *Arg : Args) {
    if (Released)
      break;
    Released = Finder.inCallable(Arg);
  }
  if (Released) {
    if (!Reported.insert(Loc).second)
      return;
    diag(Loc, "cleanup releasing '%0' is deferred to '%1' instead of running "
              "at the end of the iteration; every iteration's '%0' stays "
              "held until the cleanups run")
        << Released->getName() << Holder->getName();
    diag(Holder->getLocation(),
         "'%0' outlives the loop; every iteration's '%1' is released only "
         "when its cleanups run",
         DiagnosticIDs::Note)
        << Holder->getName() << Released->getName();
    return;
  }
  checkAccumulatedResource(Call, Loop, Holder, Context);
}

} // namespace clang::tidy::threads
