//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/HolderLocks.h"
#include "analysis/StmtStack.h"
#include "utils/Compat.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threads::analysis {

/// The standard holders: their constructors take mutexes and tags only.
static bool isStdHolder(const CXXRecordDecl *Record) {
  if (!Record || !Record->isInStdNamespace() ||
      !Record->getDeclName().isIdentifier())
    return false;
  return llvm::is_contained(
      {"lock_guard", "scoped_lock", "unique_lock", "shared_lock"},
      Record->getName());
}

static bool isHolderRecord(const CXXRecordDecl *Record,
                           const LockModel &Model) {
  return isStdHolder(Record) || Model.isRaiiHolder(Record);
}

static bool hasMethodNamed(const CXXRecordDecl *Record,
                           llvm::ArrayRef<StringRef> Names) {
  if (!Record || !Record->hasDefinition())
    return false;
  bool Found = false;
  auto Look = [&](const CXXRecordDecl *R) {
    for (const Decl *D : R->decls()) {
      const auto *ND = dyn_cast<NamedDecl>(D);
      if (const auto *Template = dyn_cast_or_null<FunctionTemplateDecl>(ND))
        ND = Template->getTemplatedDecl();
      if (isa_and_nonnull<CXXMethodDecl>(ND) &&
          ND->getDeclName().isIdentifier() &&
          llvm::is_contained(Names, ND->getName()))
        Found = true;
    }
    return !Found;
  };
  if (Look(Record->getDefinition()))
    Record->getDefinition()->forallBases(Look);
  return Found;
}

/// A mutex, or a pointer to one: a class with a lock member, or one of the C
/// lock types.
static bool isLockable(QualType Type) {
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  for (const auto *Typedef = Type->getAs<TypedefType>(); Typedef;
       Typedef = Typedef->getDecl()->getUnderlyingType()->getAs<TypedefType>())
    if (llvm::is_contained({"pthread_mutex_t", "pthread_rwlock_t",
                            "pthread_spinlock_t", "mtx_t", "CRITICAL_SECTION",
                            "SRWLOCK", "omp_lock_t", "omp_nest_lock_t"},
                           Typedef->getDecl()->getName()))
      return true;
  return hasMethodNamed(
      Type->getAsCXXRecordDecl(),
      {"lock", "Lock", "lock_shared", "ReaderLock", "WriterLock"});
}

/// The tag a holder's constructor argument is, if any.
static std::optional<HolderStart> tagOf(const Expr *Arg) {
  const CXXRecordDecl *Record = compat::getRecordDecl(Arg->getType());
  if (!Record || !Record->getDeclName().isIdentifier())
    return std::nullopt;
  const StringRef Name = Record->getName();
  const NamespaceDecl *Top = nullptr;
  for (const DeclContext *DC = Record->getDeclContext(); DC;
       DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Top = NS;
  // In `std` (durations and time points in `std::chrono`).
  if (Top && Top->getDeclName().isIdentifier() && Top->getName() == "std") {
    if (Name == "adopt_lock_t")
      return HolderStart::Adopt;
    if (Name == "defer_lock_t")
      return HolderStart::Defer;
    if (Name == "try_to_lock_t")
      return HolderStart::Try;
    // A duration or a time point: a timed attempt.
    if (Name == "duration" || Name == "time_point")
      return HolderStart::Try;
  }
  return std::nullopt;
}

bool holderMutexes(const CXXConstructExpr *Construct, const LockModel &Model,
                   llvm::SmallVectorImpl<const Expr *> &Mutexes,
                   HolderStart &Start, bool &Shared) {
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  if (!Ctor || Ctor->isCopyOrMoveConstructor())
    return false;
  const CXXRecordDecl *Record = Ctor->getParent();
  if (!isHolderRecord(Record, Model))
    return false;
  const bool Std = isStdHolder(Record);
  Start = HolderStart::Lock;
  for (const Expr *Arg : Construct->arguments()) {
    if (isa<CXXDefaultArgExpr>(Arg) || Arg->isTypeDependent())
      continue;
    if (const std::optional<HolderStart> Tag = tagOf(Arg)) {
      Start = *Tag;
      continue;
    }
    const QualType Type = Arg->getType();
    if (isHolderRecord(compat::getRecordDecl(Type), Model))
      return false;
    // The standard holders take mutexes only; another holder's mutex is its
    // first argument that is a lock.
    if (Std ? (Type->isRecordType() || Type->isPointerType())
            : (Mutexes.empty() && isLockable(Type)))
      Mutexes.push_back(Arg->IgnoreParenImpCasts());
  }
  const StringRef Name =
      Record->getDeclName().isIdentifier() ? Record->getName() : "";
  Shared = Name == "shared_lock" || Name.contains("Reader") ||
           Name.contains("Shared");
  return !Mutexes.empty();
}

const CXXConstructExpr *holderConstruction(const VarDecl *Var,
                                           const LockModel &Model) {
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      Var->getType()->isReferenceType() || !Var->getInit())
    return nullptr;
  const CXXRecordDecl *Record = Var->getType()->getAsCXXRecordDecl();
  if (!Record || !isHolderRecord(Record, Model))
    return nullptr;
  // `auto L = std::unique_lock<std::mutex>(M);` before C++17 moves a
  // temporary: the mutexes are the temporary's.
  const Expr *Init = Var->getInit();
  for (unsigned Depth = 0; Init && Depth < 8; ++Depth) {
    Init = Init->IgnoreImplicit();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Init)) {
      Init = Cast->getSubExpr();
      continue;
    }
    const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
    if (!Construct)
      return nullptr;
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor && Ctor->isCopyOrMoveConstructor() &&
        Construct->getNumArgs() >= 1 &&
        !isa<DeclRefExpr>(Construct->getArg(0)->IgnoreParenImpCasts())) {
      Init = Construct->getArg(0);
      continue;
    }
    return Construct;
  }
  return nullptr;
}

namespace {
/// Finds the holder variables of a function and whether each is used only
/// as the engine understands.
class HolderFinder : public StmtStackVisitor<HolderFinder> {
public:
  HolderFinder(const LockModel &Model,
               llvm::DenseMap<const VarDecl *, HolderVar> &Vars)
      : Model(Model), Vars(Vars) {}

  bool VisitVarDecl(VarDecl *Var) {
    const CXXConstructExpr *Construct = holderConstruction(Var, Model);
    if (!Construct)
      return true;
    HolderVar Holder;
    Holder.Construct = Construct;
    if (!holderMutexes(Construct, Model, Holder.Mutexes, Holder.Start,
                       Holder.Shared))
      return true;
    Vars[Var->getCanonicalDecl()] = std::move(Holder);
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return true;
    const auto It = Vars.find(Var->getCanonicalDecl());
    if (It == Vars.end())
      return true;
    classifyUse(Ref, It->second);
    return true;
  }

private:
  /// The statement around Parents[Index], looking through parentheses and
  /// casts that keep the object.
  const Stmt *parentOf(size_t &Index) const {
    while (Index-- > 0) {
      const Stmt *Parent = Parents[Index];
      if (isa<ParenExpr>(Parent))
        continue;
      if (const auto *Cast = dyn_cast<ImplicitCastExpr>(Parent);
          Cast && (Cast->getCastKind() == CK_NoOp ||
                   Cast->getCastKind() == CK_DerivedToBase ||
                   Cast->getCastKind() == CK_UncheckedDerivedToBase))
        continue;
      return Parent;
    }
    return nullptr;
  }

  void classifyUse(const DeclRefExpr *Ref, HolderVar &Holder) {
    // A lambda may lock or unlock it whenever it is called.
    if (Ref->refersToEnclosingVariableOrCapture()) {
      Holder.Followed = false;
      return;
    }
    size_t Index = Parents.size() - 1;
    const Stmt *Parent = parentOf(Index);
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(Parent)) {
      const Stmt *Call = parentOf(Index);
      const auto *MemberCall = dyn_cast_or_null<CXXMemberCallExpr>(Call);
      const CXXMethodDecl *Method =
          MemberCall ? MemberCall->getMethodDecl() : nullptr;
      if (Method && MemberCall->getCallee()->IgnoreParens() == Member) {
        if (isa<CXXConversionDecl>(Method))
          return;
        if (Method->getDeclName().isIdentifier()) {
          const StringRef Name = Method->getName();
          if (Name == "release") {
            Holder.Released = true;
            return;
          }
          if (llvm::is_contained({"lock", "unlock", "try_lock", "try_lock_for",
                                  "try_lock_until", "owns_lock", "mutex",
                                  "Release"},
                                 Name))
            return;
        }
      }
      Holder.Followed = false;
      return;
    }
    if (const auto *Call = dyn_cast_or_null<CallExpr>(Parent)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      // A condition wait gives the lock back only while it blocks;
      // std::lock locks the holders.
      if (isConditionWait(Call) ||
          (Callee && Callee->isInStdNamespace() &&
           Callee->getDeclName().isIdentifier() && Callee->getName() == "lock"))
        return;
    }
    Holder.Followed = false;
  }

  const LockModel &Model;
  llvm::DenseMap<const VarDecl *, HolderVar> &Vars;
};
} // namespace

HolderLocks::HolderLocks(const FunctionDecl *Function, const LockModel &Model)
    : Model(Model) {
  if (!Function || !Function->getBody())
    return;
  HolderFinder Finder(Model, Vars);
  Finder.TraverseStmt(Function->getBody());
  for (const auto &[Var, Holder] : Vars)
    ByConstruct[Holder.Construct] = Var;
}

const HolderVar *HolderLocks::holder(const VarDecl *Var) const {
  if (!Var)
    return nullptr;
  const auto It = Vars.find(Var->getCanonicalDecl());
  if (It == Vars.end() || !It->second.Followed)
    return nullptr;
  return &It->second;
}

const HolderVar *HolderLocks::holderOf(const Expr *Object) const {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
      Object ? Object->IgnoreParenImpCasts() : nullptr);
  return Ref ? holder(dyn_cast<VarDecl>(Ref->getDecl())) : nullptr;
}

/// The operations of \p Holder on each of its mutexes.
static void addOps(const HolderVar &Holder, LockOpKind Kind, bool Try,
                   StringRef Name, llvm::SmallVectorImpl<LockOp> &Ops) {
  for (const Expr *Mutex : Holder.Mutexes) {
    LockOp Op;
    Op.Kind = Kind;
    Op.Object = Mutex;
    Op.ThroughPointer = Mutex->getType()->isPointerType();
    Op.Shared = Holder.Shared;
    // Counted like a recursive lock: a holder inside a manual hold gives
    // back only its own hold.
    Op.Recursive = true;
    Op.Try = Try;
    Op.Result = Try ? LockResult::NonZeroOnSuccess : LockResult::None;
    Op.IfHeld = Kind == LockOpKind::Release;
    Op.Name = Name;
    Ops.push_back(Op);
  }
}

llvm::SmallVector<LockOp, 1> HolderLocks::classify(const Expr *E) const {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const auto It = ByConstruct.find(Construct);
    if (It == ByConstruct.end())
      return Model.operations(E);
    const HolderVar &Holder = Vars.find(It->second)->second;
    llvm::SmallVector<LockOp, 1> Ops;
    const StringRef Name = Construct->getConstructor()->getParent()->getName();
    if (!Holder.Followed) {
      // A holder that leaves the engine's sight takes an adopted lock with
      // it, as the model says.
      return Holder.Start == HolderStart::Adopt ? Model.operations(E) : Ops;
    }
    if (Holder.Start == HolderStart::Lock || Holder.Start == HolderStart::Try)
      addOps(Holder, LockOpKind::Acquire, Holder.Start == HolderStart::Try,
             Name, Ops);
    return Ops;
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const HolderVar *Holder = holderOf(Member->getImplicitObjectArgument());
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Holder || !Method || !Method->getDeclName().isIdentifier())
      return Model.operations(E);
    llvm::SmallVector<LockOp, 1> Ops;
    const StringRef Name = Method->getName();
    if (Name == "lock")
      addOps(*Holder, LockOpKind::Acquire, false, Name, Ops);
    else if (Name.starts_with("try_lock"))
      addOps(*Holder, LockOpKind::Acquire, true, Name, Ops);
    else if (Name == "unlock" || Name == "Release")
      addOps(*Holder, LockOpKind::Release, false, Name, Ops);
    return Ops;
  }
  llvm::SmallVector<LockOp, 1> Ops = Model.operations(E);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() &&
        Callee->getDeclName().isIdentifier() && Callee->getName() == "lock")
      for (const Expr *Arg : Call->arguments())
        if (const HolderVar *Holder = holderOf(Arg))
          addOps(*Holder, LockOpKind::Acquire, false, "std::lock", Ops);
  }
  return Ops;
}

llvm::SmallVector<LockOp, 1> HolderLocks::destroy(const VarDecl *Var) const {
  llvm::SmallVector<LockOp, 1> Ops;
  const HolderVar *Holder = holder(Var);
  if (!Holder || Holder->Released)
    return Ops;
  addOps(*Holder, LockOpKind::Release, false, "~holder", Ops);
  return Ops;
}

} // namespace clang::tidy::threads::analysis
