//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/LockModel.h"
#include "utils/CallFilter.h"
#include "utils/Compat.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::threads::analysis {

OperationModel::~OperationModel() = default;

llvm::SmallVector<LockOp, 1> LockModel::operations(const Expr *E) const {
  llvm::SmallVector<LockOp, 1> Found = classify(E);
  if (!Found.empty() && isNullLockCall(E))
    Found.clear();
  return Found;
}

bool LockModel::keepsState(const Expr *Call, const Expr * /*Arg*/) const {
  return isConditionWait(Call);
}

LockModel::LockModel(
    llvm::ArrayRef<std::pair<std::string, std::string>> ExtraPairs) {
  using K = LockOpKind;
  using R = LockResult;
  // Blocking C acquires report failure (EINVAL, EDEADLK, EOWNERDEAD) through
  // their result; code that checks it is not holding the lock on the failure
  // branch, code that ignores it is.
  // A constant table; std::array would need its length spelled out.
  // NOLINTNEXTLINE(modernize-avoid-c-arrays)
  const struct {
    StringRef Name;
    FreeInfo Info;
  } CFunctions[] = {
      {"pthread_mutex_lock",
       {K::Acquire, false, false, false, R::ZeroOnSuccess}},
      {"pthread_mutex_trylock",
       {K::Acquire, false, true, false, R::ZeroOnSuccess}},
      {"pthread_mutex_timedlock",
       {K::Acquire, false, true, false, R::ZeroOnSuccess}},
      {"pthread_mutex_clocklock",
       {K::Acquire, false, true, false, R::ZeroOnSuccess}},
      {"pthread_mutex_unlock", {K::Release, false, false, false, R::None}},
      // A thread may hold several read locks of the same rwlock.
      {"pthread_rwlock_rdlock",
       {K::Acquire, true, false, true, R::ZeroOnSuccess}},
      {"pthread_rwlock_wrlock",
       {K::Acquire, false, false, false, R::ZeroOnSuccess}},
      {"pthread_rwlock_tryrdlock",
       {K::Acquire, true, true, true, R::ZeroOnSuccess}},
      {"pthread_rwlock_trywrlock",
       {K::Acquire, false, true, false, R::ZeroOnSuccess}},
      {"pthread_rwlock_timedrdlock",
       {K::Acquire, true, true, true, R::ZeroOnSuccess}},
      {"pthread_rwlock_timedwrlock",
       {K::Acquire, false, true, false, R::ZeroOnSuccess}},
      {"pthread_rwlock_clockrdlock",
       {K::Acquire, true, true, true, R::ZeroOnSuccess}},
      {"pthread_rwlock_clockwrlock",
       {K::Acquire, false, true, false, R::ZeroOnSuccess}},
      {"pthread_rwlock_unlock", {K::Release, false, false, false, R::None}},
      {"pthread_spin_lock",
       {K::Acquire, false, false, false, R::ZeroOnSuccess}},
      {"pthread_spin_trylock",
       {K::Acquire, false, true, false, R::ZeroOnSuccess}},
      {"pthread_spin_unlock", {K::Release, false, false, false, R::None}},
      {"mtx_lock", {K::Acquire, false, false, false, R::ZeroOnSuccess}},
      {"mtx_trylock", {K::Acquire, false, true, false, R::ZeroOnSuccess}},
      {"mtx_timedlock", {K::Acquire, false, true, false, R::ZeroOnSuccess}},
      {"mtx_unlock", {K::Release, false, false, false, R::None}},
      // Critical sections are recursive by definition.
      {"EnterCriticalSection", {K::Acquire, false, false, true, R::None}},
      {"TryEnterCriticalSection",
       {K::Acquire, false, true, true, R::NonZeroOnSuccess}},
      {"LeaveCriticalSection", {K::Release, false, false, false, R::None}},
      {"AcquireSRWLockExclusive", {K::Acquire, false, false, false, R::None}},
      {"AcquireSRWLockShared", {K::Acquire, true, false, true, R::None}},
      {"TryAcquireSRWLockExclusive",
       {K::Acquire, false, true, false, R::NonZeroOnSuccess}},
      {"TryAcquireSRWLockShared",
       {K::Acquire, true, true, true, R::NonZeroOnSuccess}},
      {"ReleaseSRWLockExclusive", {K::Release, false, false, false, R::None}},
      {"ReleaseSRWLockShared", {K::Release, true, false, false, R::None}},
      {"omp_set_lock", {K::Acquire, false, false, false, R::None}},
      {"omp_test_lock", {K::Acquire, false, true, false, R::NonZeroOnSuccess}},
      {"omp_unset_lock", {K::Release, false, false, false, R::None}},
      {"omp_set_nest_lock", {K::Acquire, false, false, true, R::None}},
      {"omp_test_nest_lock",
       {K::Acquire, false, true, true, R::NonZeroOnSuccess}},
      {"omp_unset_nest_lock", {K::Release, false, false, false, R::None}},
  };
  for (const auto &F : CFunctions)
    FreeFunctions[F.Name] = F.Info;

  // A constant table; std::array would need its length spelled out.
  // NOLINTNEXTLINE(modernize-avoid-c-arrays)
  const struct {
    StringRef Acquire;
    MemberInfo Info;
  } MemberPairs[] = {
      {"lock", {"unlock", false, false, R::None}},
      {"try_lock", {"unlock", false, true, R::NonZeroOnSuccess}},
      {"try_lock_for", {"unlock", false, true, R::NonZeroOnSuccess}},
      {"try_lock_until", {"unlock", false, true, R::NonZeroOnSuccess}},
      {"lock_shared", {"unlock_shared", true, false, R::None}},
      {"try_lock_shared", {"unlock_shared", true, true, R::NonZeroOnSuccess}},
      {"try_lock_shared_for",
       {"unlock_shared", true, true, R::NonZeroOnSuccess}},
      {"try_lock_shared_until",
       {"unlock_shared", true, true, R::NonZeroOnSuccess}},
      {"Lock", {"Unlock", false, false, R::None}},
      {"TryLock", {"Unlock", false, true, R::NonZeroOnSuccess}},
      {"ReaderLock", {"ReaderUnlock", true, false, R::None}},
      {"ReaderTryLock", {"ReaderUnlock", true, true, R::NonZeroOnSuccess}},
      {"WriterLock", {"WriterUnlock", false, false, R::None}},
      {"WriterTryLock", {"WriterUnlock", false, true, R::NonZeroOnSuccess}},
  };
  for (const auto &M : MemberPairs) {
    Members[M.Acquire] = M.Info;
    ReleaseMembers[M.Info.Release] = true;
  }

  for (const auto &[Acquire, Release] : ExtraPairs) {
    Extra[Acquire] = {K::Acquire, false, false, false, R::None};
    Extra[Release] = {K::Release, false, false, false, R::None};
    ConfigKey += Acquire;
    ConfigKey += '=';
    ConfigKey += Release;
    ConfigKey += ';';
  }
}

std::vector<std::string> LockModel::acquireFunctionNames() const {
  std::vector<std::string> Names;
  for (const auto &Entry : FreeFunctions)
    if (Entry.second.Kind == LockOpKind::Acquire)
      Names.push_back("::" + Entry.first().str());
  for (const auto &Entry : Extra)
    if (Entry.second.Kind == LockOpKind::Acquire)
      Names.push_back("::" + Entry.first().str());
  Names.emplace_back("::std::lock");
  return Names;
}

std::vector<std::string> LockModel::extraAcquireNames() const {
  std::vector<std::string> Names;
  for (const auto &Entry : Extra)
    if (Entry.second.Kind == LockOpKind::Acquire)
      Names.push_back("::" + Entry.first().str());
  return Names;
}

std::vector<std::string> LockModel::acquireMethodNames() const {
  std::vector<std::string> Names;
  for (const auto &Entry : Members)
    Names.push_back(Entry.first().str());
  return Names;
}

ast_matchers::internal::BindableMatcher<Stmt>
LockModel::acquireCallMatcher() const {
  using namespace ast_matchers;
  const std::vector<std::string> Functions = acquireFunctionNames();
  const std::vector<std::string> Methods = acquireMethodNames();
  const std::vector<StringRef> FunctionRefs(Functions.begin(), Functions.end());
  const std::vector<StringRef> MethodRefs(Methods.begin(), Methods.end());
  std::vector<std::string> AllNames = Functions;
  AllNames.insert(AllNames.end(), Methods.begin(), Methods.end());
  return callExpr(
      userCallNamed(lastComponents(AllNames)),
      anyOf(callee(functionDecl(hasAnyName(FunctionRefs))),
            cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName(MethodRefs))))));
}

bool LockModel::isReleaseName(StringRef Name) const {
  if (ReleaseMembers.count(Name))
    return true;
  auto It = FreeFunctions.find(Name);
  if (It != FreeFunctions.end() && It->second.Kind == LockOpKind::Release)
    return true;
  const std::string Suffix = ("::" + Name).str();
  return llvm::any_of(Extra, [&](const auto &Entry) {
    return Entry.second.Kind == LockOpKind::Release &&
           (Entry.first() == Name || Entry.first().ends_with(Suffix));
  });
}

bool LockModel::hasMember(const CXXRecordDecl *Record, StringRef Name) {
  if (!Record || !Record->hasDefinition())
    return false;
  bool Found = false;
  auto HasIt = [&](const CXXRecordDecl *R) {
    for (const auto *D : R->decls()) {
      const auto *ND = dyn_cast<NamedDecl>(D);
      if (!ND)
        continue;
      if (const auto *TD = dyn_cast<FunctionTemplateDecl>(ND))
        ND = TD->getTemplatedDecl();
      if (isa<CXXMethodDecl>(ND) && ND->getDeclName().isIdentifier() &&
          ND->getName() == Name) {
        Found = true;
        return false;
      }
    }
    return true;
  };
  if (!HasIt(Record))
    return true;
  Record->forallBases(HasIt);
  return Found;
}

namespace {
/// Finds a call of a release function or member inside a destructor body.
class ReleaseFinder : public RecursiveASTVisitor<ReleaseFinder> {
public:
  explicit ReleaseFinder(const LockModel &Model) : Model(Model) {}
  bool VisitCallExpr(CallExpr *Call) {
    if (const auto *Callee = Call->getDirectCallee())
      if (Callee->getDeclName().isIdentifier() &&
          Model.isReleaseName(Callee->getName()))
        Found = true;
    return !Found;
  }
  bool VisitCXXDependentScopeMemberExpr(CXXDependentScopeMemberExpr *E) {
    if (E->getMember().isIdentifier() &&
        Model.isReleaseName(E->getMember().getAsIdentifierInfo()->getName()))
      Found = true;
    return !Found;
  }
  bool Found = false;

private:
  const LockModel &Model;
};
} // namespace

bool LockModel::isRaiiHolder(const CXXRecordDecl *Record) const {
  if (!Record)
    return false;
  Record = Record->getCanonicalDecl();
  auto [It, Inserted] = HolderCache.try_emplace(Record, false);
  if (!Inserted)
    return It->second;
  bool Holder = false;
  if (hasMember(Record->getDefinition(), "owns_lock"))
    Holder = true;
  else if (const CXXRecordDecl *Def = Record->getDefinition()) {
    if (const CXXDestructorDecl *Dtor = Def->getDestructor()) {
      const FunctionDecl *Body = nullptr;
      if (Dtor->isUserProvided() && Dtor->hasBody(Body) && Body->getBody()) {
        ReleaseFinder Finder(*this);
        Finder.TraverseStmt(Body->getBody());
        Holder = Finder.Found;
      }
    }
  }
  HolderCache[Record] = Holder;
  return Holder;
}

static bool isRecursiveRecord(const CXXRecordDecl *Record) {
  if (!Record || !Record->getDeclName().isIdentifier())
    return false;
  return Record->getName().contains_insensitive("recursive");
}

std::optional<LockOp>
LockModel::classifyMember(const CXXMemberCallExpr *Call) const {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || !Method->getDeclName().isIdentifier())
    return std::nullopt;
  const CXXRecordDecl *Record = Method->getParent();
  const Expr *Object = Call->getImplicitObjectArgument();
  if (!Object)
    return std::nullopt;
  const bool Arrow = Object->getType()->isPointerType();

  if (!Extra.empty()) {
    const auto It = Extra.find(Method->getQualifiedNameAsString());
    if (It != Extra.end()) {
      LockOp Op;
      Op.Kind = It->second.Kind;
      Op.Object = Object;
      Op.ThroughPointer = Arrow;
      Op.Name = Method->getName();
      return Op;
    }
  }

  const StringRef Name = Method->getName();
  const auto MemberIt = Members.find(Name);
  const bool IsRelease = ReleaseMembers.count(Name) != 0;
  if (MemberIt == Members.end() && !IsRelease)
    return std::nullopt;
  if (isRaiiHolder(Record))
    return std::nullopt;
  LockOp Op;
  Op.Object = Object;
  Op.ThroughPointer = Arrow;
  Op.Name = Name;
  if (IsRelease) {
    Op.Kind = LockOpKind::Release;
    return Op;
  }
  // BasicLockable duck typing: the class must be able to give the lock back.
  if (!hasMember(Record, MemberIt->second.Release))
    return std::nullopt;
  Op.Kind = LockOpKind::Acquire;
  Op.Shared = MemberIt->second.Shared;
  Op.Try = MemberIt->second.Try;
  Op.Result = MemberIt->second.Result;
  Op.Recursive = isRecursiveRecord(Record) || Op.Shared;
  return Op;
}

std::optional<LockOp>
LockModel::classifyFree(const CallExpr *Call,
                        const FunctionDecl *Callee) const {
  if (!Callee->getDeclName().isIdentifier() || Call->getNumArgs() == 0)
    return std::nullopt;
  const FreeInfo *Info = nullptr;
  if (Callee->isExternC() || Callee->getDeclContext()->isTranslationUnit()) {
    const auto It = FreeFunctions.find(Callee->getName());
    if (It != FreeFunctions.end())
      Info = &It->second;
  }
  if (!Info && !Extra.empty()) {
    const auto It = Extra.find(Callee->getQualifiedNameAsString());
    if (It != Extra.end())
      Info = &It->second;
  }
  if (!Info)
    return std::nullopt;
  const Expr *Arg = Call->getArg(0);
  LockOp Op;
  Op.Kind = Info->Kind;
  Op.Object = Arg;
  Op.ThroughPointer = Arg->getType()->isPointerType();
  Op.Shared = Info->Shared;
  Op.Try = Info->Try;
  Op.Recursive = Info->Recursive;
  Op.Result = Info->Result;
  Op.Name = Callee->getName();
  return Op;
}

static bool isAdoptLockTag(const Expr *E) {
  const auto *Record = compat::getRecordDecl(E->getType());
  return Record && Record->getDeclName().isIdentifier() &&
         Record->getName() == "adopt_lock_t" && Record->isInStdNamespace();
}

std::optional<LockOp>
LockModel::classifyPointerCall(const CallExpr *Call) const {
  if (Extra.empty() || Call->getNumArgs() == 0)
    return std::nullopt;
  // `Host_ContextLock(Ctx)`, `(*Host_ContextLock)(Ctx)`, `Api->Lock(Ctx)`:
  // a global variable or a field of function-pointer type that ExtraLockPairs
  // names (plugin APIs export their lock functions this way).
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(Callee);
      Deref && Deref->getOpcode() == UO_Deref)
    Callee = Deref->getSubExpr()->IgnoreParenImpCasts();
  const ValueDecl *Target = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Callee)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->hasGlobalStorage() && !Var->isStaticLocal())
      Target = Var;
  } else if (const auto *Member = dyn_cast<MemberExpr>(Callee)) {
    if (isa<FieldDecl, VarDecl>(Member->getMemberDecl()))
      Target = Member->getMemberDecl();
  }
  if (!Target || !Target->getDeclName().isIdentifier())
    return std::nullopt;
  const QualType Type = Target->getType();
  if (!Type->isFunctionPointerType() && !Type->isFunctionReferenceType())
    return std::nullopt;
  const auto It = Extra.find(Target->getQualifiedNameAsString());
  if (It == Extra.end())
    return std::nullopt;
  const Expr *Arg = Call->getArg(0);
  LockOp Op;
  Op.Kind = It->second.Kind;
  Op.Object = Arg;
  Op.ThroughPointer = Arg->getType()->isPointerType();
  Op.Name = Target->getName();
  return Op;
}

llvm::SmallVector<LockOp, 1> LockModel::classify(const Expr *E) const {
  llvm::SmallVector<LockOp, 1> Ops;
  if (!MacroOps.empty()) {
    const auto It = MacroOps.find(E);
    if (It != MacroOps.end()) {
      Ops.push_back(It->second);
      return Ops;
    }
  }
  if (isMacroInternal(E))
    return Ops;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    // `std::lock_guard G(M, std::adopt_lock)` and friends take over a lock
    // that is already held: for this function it is released.
    if (!llvm::any_of(Construct->arguments(), isAdoptLockTag))
      return Ops;
    for (const Expr *Arg : Construct->arguments()) {
      if (isAdoptLockTag(Arg))
        continue;
      LockOp Op;
      Op.Kind = LockOpKind::Release;
      Op.Object = Arg;
      Op.Name = "adopt_lock";
      Ops.push_back(Op);
    }
    return Ops;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return Ops;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    if (auto Op = classifyMember(Member))
      Ops.push_back(*Op);
    return Ops;
  }
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee) {
    if (auto Op = classifyPointerCall(Call))
      Ops.push_back(*Op);
    return Ops;
  }
  if (isa<CXXMethodDecl>(Callee))
    return Ops;
  // std::lock(A, B, ...) takes every lock without deadlocking. An argument
  // that is an owning holder (`std::unique_lock L(M, std::defer_lock)`, the
  // textbook deadlock-free idiom) locks through the holder, whose destructor
  // releases: not a manual lock. std::try_lock is not modelled: on holders
  // there is nothing to track, and on raw mutexes it reports success as -1,
  // which no LockResult describes.
  if (Callee->isInStdNamespace() && Callee->getDeclName().isIdentifier() &&
      Callee->getName() == "lock") {
    for (const Expr *Arg : Call->arguments()) {
      if (isRaiiHolder(compat::getRecordDecl(Arg->getType())))
        continue;
      LockOp Op;
      Op.Kind = LockOpKind::Acquire;
      Op.Object = Arg;
      Op.Name = "std::lock";
      Ops.push_back(Op);
    }
    return Ops;
  }
  if (auto Op = classifyFree(Call, Callee))
    Ops.push_back(*Op);
  return Ops;
}

static bool appendIdentity(const Expr *E, llvm::raw_ostream &OS,
                           PointeeResolver PointeeOf);

/// Appends the identity of the object \p E points to.
static bool appendPointee(const Expr *E, llvm::raw_ostream &OS,
                          PointeeResolver PointeeOf) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    if (Unary->getOpcode() == UO_AddrOf)
      return appendIdentity(Unary->getSubExpr(), OS, PointeeOf);
  if (isa<CXXThisExpr>(E)) {
    OS << "this";
    return true;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E); Ref && PointeeOf)
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (std::optional<std::string> Target = PointeeOf(Var)) {
        if (Target->empty())
          return false;
        OS << *Target;
        return true;
      }
  OS << "*(";
  if (!appendIdentity(E, OS, PointeeOf))
    return false;
  OS << ")";
  return true;
}

std::string variableIdentity(const VarDecl *Var) {
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  OS << "v" << static_cast<const void *>(Var->getCanonicalDecl());
  OS.flush();
  return Key;
}

std::string namedIdentity(const ValueDecl *Named) {
  if (const auto *Var = dyn_cast<VarDecl>(Named))
    return variableIdentity(Var);
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  // What appendIdentity writes for `this->F`.
  OS << "this.f" << static_cast<const void *>(Named->getCanonicalDecl());
  OS.flush();
  return Key;
}

static bool appendIdentity(const Expr *E, llvm::raw_ostream &OS,
                           PointeeResolver PointeeOf) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return false;
    OS << variableIdentity(Var);
    return true;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = Member->getMemberDecl();
    if (!isa<FieldDecl>(Field) && !isa<VarDecl>(Field))
      return false;
    if (isa<VarDecl>(Field)) {
      // A static member is the same object whatever the base.
      OS << "v" << static_cast<const void *>(Field->getCanonicalDecl());
      return true;
    }
    const bool Ok = Member->isArrow()
                        ? appendPointee(Member->getBase(), OS, PointeeOf)
                        : appendIdentity(Member->getBase(), OS, PointeeOf);
    if (!Ok)
      return false;
    OS << ".f" << static_cast<const void *>(Field->getCanonicalDecl());
    return true;
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    if (Unary->getOpcode() == UO_Deref)
      return appendPointee(Unary->getSubExpr(), OS, PointeeOf);
    return false;
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    // The index must be a literal: `mus[i]` may be another lock each time.
    const auto *Literal =
        dyn_cast<IntegerLiteral>(Subscript->getIdx()->IgnoreParenImpCasts());
    if (!Literal)
      return false;
    if (!appendIdentity(Subscript->getBase(), OS, PointeeOf))
      return false;
    OS << "[" << Literal->getValue().getZExtValue() << "]";
    return true;
  }
  if (isa<CXXThisExpr>(E)) {
    OS << "&this";
    return true;
  }
  return false;
}

std::optional<std::string> lockIdentity(const Expr *Object, bool ThroughPointer,
                                        PointeeResolver PointeeOf) {
  if (!Object || Object->isTypeDependent() || Object->containsErrors())
    return std::nullopt;
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  const bool Ok = ThroughPointer ? appendPointee(Object, OS, PointeeOf)
                                 : appendIdentity(Object, OS, PointeeOf);
  if (!Ok)
    return std::nullopt;
  OS.flush();
  return Key;
}

std::string lockSpelling(const Expr *Object, bool ThroughPointer,
                         const ASTContext &Context) {
  const Expr *E = Object->IgnoreParenImpCasts();
  if (ThroughPointer) {
    if (const auto *Unary = dyn_cast<UnaryOperator>(E);
        Unary && Unary->getOpcode() == UO_AddrOf)
      E = Unary->getSubExpr()->IgnoreParenImpCasts();
    else if (isa<CXXThisExpr>(E))
      return "*this";
  }
  const SourceManager &SM = Context.getSourceManager();
  const CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Context.getLangOpts());
  StringRef Text;
  if (Range.isValid())
    Text = Lexer::getSourceText(Range, SM, Context.getLangOpts());
  if (!Text.empty() && Text.size() < 80 && !Text.contains('\n'))
    return Text.str();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl()->getNameAsString();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl()->getNameAsString();
  return "lock";
}

bool isNullLockCall(const Expr *E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  const FunctionDecl *Definition = nullptr;
  if (!Method || !Method->hasBody(Definition))
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Definition->getBody());
  if (!Body)
    return false;
  if (Body->body_empty())
    return true;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  return Body->size() == 1 && Return && Return->getRetValue() &&
         isa<CXXBoolLiteralExpr, IntegerLiteral>(
             Return->getRetValue()->IgnoreParenImpCasts());
}

bool isConditionWait(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return false;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getDeclName().isIdentifier())
    return false;
  // Waits give the lock back only while they block: it is held again when
  // they return.
  return llvm::is_contained(
      {"pthread_cond_wait", "pthread_cond_timedwait", "pthread_cond_clockwait",
       "cnd_wait", "cnd_timedwait", "SleepConditionVariableCS",
       "SleepConditionVariableSRW", "wait", "wait_for", "wait_until", "Wait",
       "WaitWithTimeout", "WaitWithDeadline", "Await", "AwaitWithTimeout",
       "AwaitWithDeadline"},
      Callee->getName());
}

} // namespace clang::tidy::threads::analysis
