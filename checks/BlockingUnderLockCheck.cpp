//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "BlockingUnderLockCheck.h"
#include "analysis/HolderLocks.h"
#include "analysis/ParentIndex.h"
#include "utils/CallFilter.h"
#include "utils/NameMatching.h"
#include "utils/OptionReader.h"
#include "utils/SourceLocations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threads {

using namespace analysis;
using Family = BlockingUnderLockCheck::Family;
using Blocking = BlockingUnderLockCheck::Blocking;

/// The default blocking calls: C library functions (global or `extern "C"`,
/// matched only when the translation unit has no body for them or the body
/// is in a system header) and library functions and methods by qualified
/// name (inline namespaces such as libc++'s `std::__1` left out).
static const llvm::StringMap<Blocking> &cFunctions() {
  static const llvm::StringMap<Blocking> Table = {
      // Sleeps.
      {"sleep", {Family::Slow}},
      {"usleep", {Family::Slow}},
      {"nanosleep", {Family::Slow}},
      {"clock_nanosleep", {Family::Slow}},
      {"thrd_sleep", {Family::Slow}},
      {"Sleep", {Family::Slow}},
      // Waiting for other threads.
      {"pthread_join", {Family::Wait}},
      {"thrd_join", {Family::Wait}},
      {"sem_wait", {Family::Wait}},
      {"pthread_cond_wait", {Family::ConditionWait, 1}},
      {"cnd_wait", {Family::ConditionWait, 1}},
      // Blocking I/O and processes.
      {"read", {Family::Slow}},
      {"recv", {Family::Slow}},
      {"recvfrom", {Family::Slow}},
      {"recvmsg", {Family::Slow}},
      {"accept", {Family::Slow}},
      {"connect", {Family::Slow}},
      {"fgets", {Family::Slow}},
      {"fgetc", {Family::Slow}},
      {"getc", {Family::Slow}},
      {"getchar", {Family::Slow}},
      {"fread", {Family::Slow}},
      {"scanf", {Family::Slow}},
      {"poll", {Family::Slow}},
      {"select", {Family::Slow}},
      {"epoll_wait", {Family::Slow}},
      {"system", {Family::Slow}},
      {"popen", {Family::Slow}},
      {"pclose", {Family::Slow}},
      {"wait", {Family::Slow}},
      {"waitpid", {Family::Slow}},
  };
  return Table;
}

static const llvm::StringMap<Blocking> &qualifiedFunctions() {
  static const llvm::StringMap<Blocking> Table = {
      {"std::this_thread::sleep_for", {Family::Slow}},
      {"std::this_thread::sleep_until", {Family::Slow}},
      {"absl::SleepFor", {Family::Slow}},
      {"std::thread::join", {Family::Wait}},
      {"std::jthread::join", {Family::Wait}},
      {"std::future::get", {Family::Wait}},
      {"std::future::wait", {Family::Wait}},
      {"std::shared_future::get", {Family::Wait}},
      {"std::shared_future::wait", {Family::Wait}},
      // libstdc++'s futures inherit wait() from their base.
      {"std::__basic_future::wait", {Family::Wait}},
      {"std::latch::wait", {Family::Wait}},
      {"std::latch::arrive_and_wait", {Family::Wait}},
      {"std::barrier::arrive_and_wait", {Family::Wait}},
      {"std::counting_semaphore::acquire", {Family::Wait}},
      {"absl::Notification::WaitForNotification", {Family::Wait}},
      {"absl::BlockingCounter::Wait", {Family::Wait}},
      {"std::condition_variable::wait", {Family::ConditionWait, 0}},
      {"std::condition_variable_any::wait", {Family::ConditionWait, 0}},
      {"absl::CondVar::Wait", {Family::ConditionWait, 0}},
  };
  return Table;
}

/// The argument of poll, epoll_wait and select that bounds the wait.
static std::optional<unsigned> timeoutArg(StringRef Name) {
  if (Name == "poll")
    return 2;
  if (Name == "epoll_wait")
    return 3;
  if (Name == "select")
    return 4;
  return std::nullopt;
}

static bool isZeroConstant(const Expr *E, const ASTContext &Context) {
  E = E->IgnoreParenImpCasts();
  if (E->isValueDependent())
    return false;
  Expr::EvalResult Value;
  return E->EvaluateAsInt(Value, Context) && Value.Val.getInt().isZero();
}

/// The flags argument of the socket receives.
static std::optional<unsigned> flagsArg(StringRef Name) {
  if (Name == "recv" || Name == "recvfrom")
    return 3;
  if (Name == "recvmsg")
    return 2;
  return std::nullopt;
}

/// True when a receive's flags are a constant with `MSG_DONTWAIT` set: the
/// call returns at once when no data is there. The flag's value is the
/// translation unit's own (the `<sys/socket.h>` enumerator), never assumed.
static bool dontWait(const Expr *Flags, ASTContext &Context) {
  if (Flags->isValueDependent())
    return false;
  Expr::EvalResult Value;
  if (!Flags->EvaluateAsInt(Value, Context))
    return false;
  const IdentifierInfo *Name = &Context.Idents.get("MSG_DONTWAIT");
  for (const NamedDecl *D :
       Context.getTranslationUnitDecl()->lookup(DeclarationName(Name)))
    if (const auto *Flag = dyn_cast<EnumConstantDecl>(D))
      return (Value.Val.getInt().getLimitedValue() &
              Flag->getInitVal().getLimitedValue()) != 0;
  return false;
}

namespace {
/// Whether a local variable of one function body is written after its
/// initialisation: assigned, incremented, its address taken, bound to a
/// reference, or captured by reference. Lambda bodies count as writes only
/// through their captures.
class WriteFinder : public RecursiveASTVisitor<WriteFinder> {
public:
  explicit WriteFinder(const VarDecl *Var) : Var(Var) {}
  static bool shouldVisitLambdaBody() { return false; }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->isAssignmentOp() && names(Op->getLHS()))
      Written = true;
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *Op) {
    if ((Op->isIncrementDecrementOp() || Op->getOpcode() == UO_AddrOf) &&
        names(Op->getSubExpr()))
      Written = true;
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    // A glvalue argument binds to a reference parameter.
    for (const Expr *Arg : Call->arguments())
      if (names(Arg) && Arg->isGLValue())
        Written = true;
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *Lambda) {
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef &&
          Capture.getCapturedVar() == Var)
        Written = true;
    return true;
  }
  bool Written = false;

private:
  bool names(const Expr *E) const {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParens());
    return Ref && Ref->getDecl() == Var;
  }
  const VarDecl *Var;
};
} // namespace

/// True when \p E is zero whenever the parameters of \p Function it reads
/// are zero; those parameters' indices are added to \p Params. It follows
/// integer constants, casts, `+ - * / % & | << >>` where the operands
/// decide, and local variables initialised once and never written.
static bool zeroGivenParams(const Expr *E, const FunctionDecl *Function,
                            llvm::SmallVectorImpl<unsigned> &Params,
                            ASTContext &Context, unsigned Budget = 8) {
  if (Budget == 0 || E->isValueDependent() || E->isTypeDependent())
    return false;
  E = E->IgnoreParens();
  if (const auto *Cast = dyn_cast<CastExpr>(E)) {
    if (Cast->getCastKind() == CK_LValueToRValue ||
        Cast->getCastKind() == CK_NoOp ||
        Cast->getCastKind() == CK_IntegralCast ||
        Cast->getCastKind() == CK_IntegralToFloating ||
        Cast->getCastKind() == CK_FloatingToIntegral ||
        Cast->getCastKind() == CK_FloatingCast)
      return zeroGivenParams(Cast->getSubExpr(), Function, Params, Context,
                             Budget - 1);
    return false;
  }
  Expr::EvalResult Value;
  if (E->getType()->isIntegerType() && E->EvaluateAsInt(Value, Context))
    return Value.Val.getInt().isZero();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl())) {
      if (Param->getDeclContext() != Function ||
          !Param->getType()->isArithmeticType() || !Function->getBody())
        return false;
      WriteFinder Writes(Param);
      Writes.TraverseStmt(Function->getBody());
      if (Writes.Written)
        return false;
      Params.push_back(Param->getFunctionScopeIndex());
      return true;
    }
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->isLocalVarDecl() || !Var->getInit() ||
        !Var->getType()->isArithmeticType() || !Function->getBody())
      return false;
    WriteFinder Writes(Var);
    Writes.TraverseStmt(Function->getBody());
    return !Writes.Written && zeroGivenParams(Var->getInit(), Function, Params,
                                              Context, Budget - 1);
  }
  const auto *Op = dyn_cast<BinaryOperator>(E);
  if (!Op)
    return false;
  const auto Zero = [&](const Expr *Side) {
    return zeroGivenParams(Side, Function, Params, Context, Budget - 1);
  };
  switch (Op->getOpcode()) {
  case BO_Add:
  case BO_Sub:
  case BO_Or:
  case BO_Xor:
    return Zero(Op->getLHS()) && Zero(Op->getRHS());
  case BO_Mul:
  case BO_And: {
    const size_t Before = Params.size();
    if (Zero(Op->getLHS()))
      return true;
    Params.resize(Before);
    return Zero(Op->getRHS());
  }
  case BO_Div:
  case BO_Rem:
  case BO_Shl:
  case BO_Shr:
    return Zero(Op->getLHS());
  default:
    return false;
  }
}

/// True when the timeout argument \p Timeout of the probe \p Name (poll,
/// epoll_wait or select) in \p Function is zero whenever the parameters
/// added to \p Params are. For select: the address of a local `timeval`
/// whose every field is initialised or assigned such values, and which is
/// given to nothing but select.
static bool zeroTimeout(StringRef Name, const Expr *Timeout,
                        const FunctionDecl *Function,
                        llvm::SmallVectorImpl<unsigned> &Params,
                        ASTContext &Context) {
  if (Name != "select")
    return zeroGivenParams(Timeout, Function, Params, Context);
  const auto *AddrOf = dyn_cast<UnaryOperator>(Timeout->IgnoreParenImpCasts());
  if (!AddrOf || AddrOf->getOpcode() != UO_AddrOf || !Function->getBody())
    return false;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(AddrOf->getSubExpr()->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  const RecordDecl *Record = Var && Var->isLocalVarDecl()
                                 ? Var->getType()->getAsRecordDecl()
                                 : nullptr;
  if (!Record)
    return false;
  // Every use of the variable: field stores, field reads, and `&Var` as a
  // select timeout.
  bool Unknown = false;
  llvm::SmallPtrSet<const FieldDecl *, 2> Stored;
  analysis::ParentIndex &Index = analysis::ParentIndex::of(Context);
  for (const BoundNodes &Node :
       match(stmt(forEachDescendant(
                 declRefExpr(to(varDecl(equalsNode(Var)))).bind("use"))),
             *Function->getBody(), Context)) {
    const auto *Use = Node.getNodeAs<DeclRefExpr>("use");
    const analysis::ParentIndex::ParentList Parents = Index.parents(*Use);
    const auto *Field =
        Parents.empty() ? nullptr : Parents[0].get<MemberExpr>();
    const auto *Address =
        Parents.empty() ? nullptr : Parents[0].get<UnaryOperator>();
    if (Address && Address->getOpcode() == UO_AddrOf) {
      const analysis::ParentIndex::ParentList Up = Index.parents(*Address);
      const auto *Call = Up.empty() ? nullptr : Up[0].get<CallExpr>();
      const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
      if (!Callee || !Callee->getDeclName().isIdentifier() ||
          Callee->getName() != "select")
        Unknown = true;
      continue;
    }
    // A lambda's capture: what the lambda body does with it is matched too.
    if (!Parents.empty() && Parents[0].get<LambdaExpr>())
      continue;
    if (!Field) {
      Unknown = true;
      continue;
    }
    const analysis::ParentIndex::ParentList Up = Index.parents(*Field);
    const auto *Store = Up.empty() ? nullptr : Up[0].get<BinaryOperator>();
    if (Store && Store->getLHS()->IgnoreParens() == Field) {
      const auto *Decl = dyn_cast<FieldDecl>(Field->getMemberDecl());
      if (Store->getOpcode() != BO_Assign || !Decl ||
          !zeroGivenParams(Store->getRHS(), Function, Params, Context))
        Unknown = true;
      else
        Stored.insert(Decl);
    }
  }
  if (Unknown)
    return false;
  if (const auto *Init = Var->getInit() ? dyn_cast<InitListExpr>(
                                              Var->getInit()->IgnoreImplicit())
                                        : nullptr) {
    return llvm::all_of(Init->inits(), [&](const Expr *Field) {
      return isa<ImplicitValueInitExpr>(Field) ||
             zeroGivenParams(Field, Function, Params, Context);
    });
  }
  return llvm::all_of(Record->fields(), [&](const FieldDecl *Field) {
    return Stored.contains(Field);
  });
}

/// True when a timeout argument makes the call return at once: a zero for
/// poll and epoll_wait; for select, the address of a local `timeval` whose
/// fields are all set to zero and given to nothing else (a null timeout
/// waits forever).
static bool returnsAtOnce(StringRef Name, const Expr *Timeout,
                          ASTContext &Context) {
  if (Name != "select")
    return isZeroConstant(Timeout, Context);
  const auto *AddrOf = dyn_cast<UnaryOperator>(Timeout->IgnoreParenImpCasts());
  if (!AddrOf || AddrOf->getOpcode() != UO_AddrOf)
    return false;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(AddrOf->getSubExpr()->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  const auto *Function =
      Var ? dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod())
          : nullptr;
  llvm::SmallVector<unsigned, 2> Params;
  return Function && zeroTimeout(Name, Timeout, Function, Params, Context) &&
         Params.empty();
}

/// A C library function: global or `extern "C"`, with no body the user
/// wrote (a user's own `read` with a body is a visible callee instead).
static bool isLibraryFunction(const FunctionDecl *Callee,
                              const SourceManager &SM) {
  if (!Callee->isExternC() &&
      !Callee->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return false;
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition))
    return true;
  return SM.isInSystemHeader(Definition->getLocation());
}

static const FunctionDecl *calleeOf(const Expr *E) {
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getDirectCallee();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getConstructor();
  return nullptr;
}

/// A readiness probe of the C library: select, pselect, poll, ppoll,
/// epoll_wait.
static bool isProbe(const FunctionDecl *Callee, const SourceManager &SM) {
  return Callee && Callee->getDeclName().isIdentifier() &&
         llvm::is_contained(
             {"select", "pselect", "poll", "ppoll", "epoll_wait"},
             Callee->getName()) &&
         isLibraryFunction(Callee, SM);
}

/// The descriptor argument of a read that a readiness probe can vouch for:
/// read, recv, recvfrom, recvmsg, accept.
static const Expr *readDescriptor(const Expr *E, const SourceManager &SM) {
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || isa<CXXMethodDecl>(Callee) ||
      !Callee->getDeclName().isIdentifier() || Call->getNumArgs() == 0 ||
      !llvm::is_contained({"read", "recv", "recvfrom", "recvmsg", "accept"},
                          Callee->getName()) ||
      !isLibraryFunction(Callee, SM))
    return nullptr;
  return Call->getArg(0);
}

/// The index of the parameter of \p Function that \p E names, if any.
static std::optional<unsigned> parameterIndex(const Expr *E,
                                              const FunctionDecl *Function) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!Param || Param->getDeclContext() != Function)
    return std::nullopt;
  return Param->getFunctionScopeIndex();
}

namespace {
/// The readiness probes of one function body and the descriptors each is
/// given: the objects named in select's first argument (`Fd + 1`), the
/// `fd` fields stored into poll's `pollfd` variable (initialised or
/// assigned anywhere in the body), and every argument of a call to a
/// visible function that probes. Lambda bodies are functions of their own.
class ProbeCollector : public RecursiveASTVisitor<ProbeCollector> {
public:
  using ProbesFn = llvm::function_ref<bool(const FunctionDecl *)>;
  ProbeCollector(const SourceManager &SM, ProbesFn CalleeProbes)
      : SM(SM), CalleeProbes(CalleeProbes) {}
  static bool shouldVisitLambdaBody() { return false; }

  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Call->getNumArgs() == 0)
      return true;
    if (isProbe(Callee, SM)) {
      const StringRef Name = Callee->getName();
      if (Name == "poll" || Name == "ppoll")
        PollProbes.emplace_back(Call, pollVariable(Call->getArg(0)));
      else if (Name != "epoll_wait")
        addNamed(Call, Call->getArg(0));
      return true;
    }
    if (!CalleeProbes(Callee))
      return true;
    for (const Expr *Arg : Call->arguments())
      if (std::optional<std::string> Key =
              analysis::lockIdentity(Arg->IgnoreParenImpCasts(), false))
        Found.emplace_back(Call->getBeginLoc(), std::move(*Key));
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *Op) {
    // Pfd.fd = Sock; Fds[I].fd = Sock;
    if (Op->getOpcode() != BO_Assign)
      return true;
    const auto *Field = dyn_cast<MemberExpr>(Op->getLHS()->IgnoreParens());
    if (!Field || !Field->getMemberDecl()->getDeclName().isIdentifier() ||
        Field->getMemberDecl()->getName() != "fd")
      return true;
    if (const VarDecl *Var = pollVariable(Field->getBase()))
      storeFd(Var, Op->getRHS());
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    // struct pollfd Pfd = {Sock, POLLIN, 0}; and arrays of them.
    const auto *Init =
        Var->getInit()
            ? dyn_cast<InitListExpr>(Var->getInit()->IgnoreImplicit())
            : nullptr;
    if (!Init)
      return true;
    const auto Record = [&](const InitListExpr *List) {
      if (List && List->getNumInits() > 0)
        storeFd(Var, List->getInit(0));
    };
    if (Var->getType()->isArrayType()) {
      for (const Expr *Element : Init->inits())
        Record(dyn_cast<InitListExpr>(Element->IgnoreImplicit()));
    } else {
      Record(Init);
    }
    return true;
  }

  /// Where the body probes which descriptors.
  std::vector<std::pair<SourceLocation, std::string>> result() {
    for (const auto &[Call, Var] : PollProbes) {
      const auto It = FdStores.find(Var);
      if (It == FdStores.end())
        continue;
      for (const std::string &Key : It->second)
        Found.emplace_back(Call->getBeginLoc(), Key);
    }
    return std::move(Found);
  }

private:
  /// The local variable (a `pollfd` or an array of them) that \p E names:
  /// `&Pfd`, `Fds`, `Fds[I]`.
  static const VarDecl *pollVariable(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
        AddrOf && AddrOf->getOpcode() == UO_AddrOf)
      E = AddrOf->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
      E = Subscript->getBase()->IgnoreParenImpCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  }

  void storeFd(const VarDecl *Var, const Expr *Fd) {
    if (std::optional<std::string> Key =
            analysis::lockIdentity(Fd->IgnoreParenImpCasts(), false))
      FdStores[Var].push_back(std::move(*Key));
  }

  /// Every object named in \p E (`Fd + 1`, `std::max(A, B) + 1`).
  void addNamed(const Expr *Call, const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (isa<DeclRefExpr, MemberExpr>(E))
      if (std::optional<std::string> Key = analysis::lockIdentity(E, false)) {
        Found.emplace_back(Call->getBeginLoc(), std::move(*Key));
        return;
      }
    for (const Stmt *Child : E->children())
      if (const auto *Sub = dyn_cast_or_null<Expr>(Child))
        addNamed(Call, Sub);
  }

  const SourceManager &SM;
  ProbesFn CalleeProbes;
  std::vector<std::pair<SourceLocation, std::string>> Found;
  llvm::SmallVector<std::pair<const CallExpr *, const VarDecl *>, 2> PollProbes;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<std::string, 2>> FdStores;
};
} // namespace

/// True when \p E is a select, poll or epoll_wait in \p Function whose
/// timeout is zero whenever the parameters added to \p Params are zero
/// (always, when none are added).
static bool zeroTimeoutProbe(const Expr *E, const FunctionDecl *Function,
                             llvm::SmallVectorImpl<unsigned> &Params,
                             ASTContext &Context) {
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Function || !Callee->getDeclName().isIdentifier())
    return false;
  const std::optional<unsigned> Timeout = timeoutArg(Callee->getName());
  return Timeout && *Timeout < Call->getNumArgs() &&
         zeroTimeout(Callee->getName(), Call->getArg(*Timeout), Function,
                     Params, Context);
}

/// True when the arguments of \p Call at \p Indices are zero whenever the
/// parameters of \p Function added to \p Params are.
static bool argumentsZero(const Expr *Call, llvm::ArrayRef<unsigned> Indices,
                          const FunctionDecl *Function,
                          llvm::SmallVectorImpl<unsigned> &Params,
                          ASTContext &Context) {
  const auto *C = dyn_cast<CallExpr>(Call);
  if (!C || isa<CXXOperatorCallExpr>(C))
    return false;
  return llvm::all_of(Indices, [&](unsigned Index) {
    return Index < C->getNumArgs() &&
           zeroGivenParams(C->getArg(Index), Function, Params, Context);
  });
}

/// The argument of \p Call that is the descriptor \p Through ends up
/// reading, if it is one.
static const Expr *
passedDescriptor(const Expr *Call,
                 const BlockingUnderLockCheck::Chain &Through) {
  const auto *C = dyn_cast<CallExpr>(Call);
  if (!C || !Through.DescriptorParam || isa<CXXOperatorCallExpr>(C) ||
      *Through.DescriptorParam >= C->getNumArgs())
    return nullptr;
  return C->getArg(*Through.DescriptorParam);
}

bool BlockingUnderLockCheck::probesInside(const FunctionDecl *Callee,
                                          ASTContext &Context) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) || !Definition->getBody())
    return false;
  const SourceManager &SM = Context.getSourceManager();
  if (SM.isInSystemHeader(Definition->getLocation()))
    return false;
  const auto [It, Inserted] = Probes.try_emplace(Definition, false);
  if (!Inserted)
    return It->second;
  // The first probe in source order, and whether a `return` ends before it
  // (`if (Fd >= FD_SETSIZE) return 1;`): then the answer may be a guess.
  SourceLocation First;
  llvm::SmallVector<SourceLocation, 4> ReturnEnds;
  for (const BoundNodes &Node :
       match(stmt(eachOf(forEachDescendant(callExpr().bind("call")),
                         forEachDescendant(returnStmt().bind("return")))),
             *Definition->getBody(), Context)) {
    if (const auto *Return = Node.getNodeAs<ReturnStmt>("return")) {
      ReturnEnds.push_back(Return->getEndLoc());
      continue;
    }
    const auto *Call = Node.getNodeAs<CallExpr>("call");
    if (Call && isProbe(Call->getDirectCallee(), SM) &&
        (First.isInvalid() ||
         SM.isBeforeInTranslationUnit(Call->getBeginLoc(), First)))
      First = Call->getBeginLoc();
  }
  const bool Found =
      First.isValid() && llvm::none_of(ReturnEnds, [&](SourceLocation End) {
        return SM.isBeforeInTranslationUnit(End, First);
      });
  Probes[Definition] = Found;
  return Found;
}

bool BlockingUnderLockCheck::probedBefore(const FunctionDecl *Function,
                                          const Expr *Descriptor,
                                          const Expr *At, ASTContext &Context) {
  const std::optional<std::string> Key =
      analysis::lockIdentity(Descriptor->IgnoreParenImpCasts(), false);
  if (!Key || !Function || !Function->getBody())
    return false;
  const SourceManager &SM = Context.getSourceManager();
  auto It = Probed.find(Function);
  if (It == Probed.end()) {
    const auto CalleeProbes = [&](const FunctionDecl *Callee) {
      return probesInside(Callee, Context);
    };
    ProbeCollector Collector(SM, CalleeProbes);
    Collector.TraverseStmt(Function->getBody());
    It = Probed.try_emplace(Function, Collector.result()).first;
  }
  return llvm::any_of(It->second, [&](const auto &Probe) {
    return Probe.second == *Key &&
           SM.isBeforeInTranslationUnit(Probe.first, At->getBeginLoc());
  });
}

BlockingUnderLockCheck::BlockingUnderLockCheck(StringRef Name,
                                               ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      CheckCallbacks(Options.get("CheckCallbacks", false)) {
  OptionReader Reader(Options, Name, [this](StringRef Message) {
    configurationDiag("%0") << Message;
  });
  BlockingFunctions =
      Reader.nameList("BlockingFunctions", "", RawBlockingFunctions);
  NonBlockingFunctions =
      Reader.nameList("NonBlockingFunctions", "", RawNonBlockingFunctions);
  MaxCallDepth = Reader.count("MaxCallDepth", 2);
  Model = std::make_unique<LockModel>(
      llvm::ArrayRef<std::pair<std::string, std::string>>());
  Model->setTrackHolders();
}

void BlockingUnderLockCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "BlockingFunctions", RawBlockingFunctions);
  Options.store(Opts, "NonBlockingFunctions", RawNonBlockingFunctions);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
  Options.store(Opts, "CheckCallbacks", CheckCallbacks);
}

void BlockingUnderLockCheck::onEndOfTranslationUnit() {
  Analysed.clear();
  CalleeCache.clear();
  Reported.clear();
  Probed.clear();
  Probes.clear();
}

bool BlockingUnderLockCheck::firstReport(SourceLocation Loc, StringRef Lock) {
  // Instantiations of a template share the template's locations.
  return Reported.insert((Twine(Loc.getRawEncoding()) + ":" + Lock).str())
      .second;
}

void BlockingUnderLockCheck::registerMatchers(MatchFinder *Finder) {
  // Anchor on what takes a lock: the acquire calls of the lock model and,
  // in C++, local variables of class type (check() keeps the holders). Only
  // functions that contain one are given to the path engine.
  Finder->addMatcher(
      traverse(TK_AsIs, Model->acquireCallMatcher().bind("acquire")), this);
  if (getLangOpts().CPlusPlus)
    Finder->addMatcher(
        traverse(TK_AsIs, varDecl(hasLocalStorage(),
                                  hasType(hasCanonicalType(recordType())))
                              .bind("holder")),
        this);
}

void BlockingUnderLockCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Context = *Result.Context;
  const FunctionDecl *Function = nullptr;
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("holder")) {
    if (Context.getSourceManager().isInSystemHeader(Var->getLocation()) ||
        !holderConstruction(Var, *Model))
      return;
    Function = dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  } else if (const auto *Acquire =
                 Result.Nodes.getNodeAs<CallExpr>("acquire")) {
    Function = ParentIndex::of(Context).enclosingFunction(*Acquire);
  }
  if (!Function || !Function->getBody() || !Analysed.insert(Function).second)
    return;
  analyseFunction(Function, Context);
}

bool BlockingUnderLockCheck::isNonBlocking(const FunctionDecl *Callee) const {
  return !NonBlockingFunctions.empty() &&
         matchesAnyName(Callee, NonBlockingFunctions);
}

std::optional<Blocking>
BlockingUnderLockCheck::blockingCall(const Expr *E, ASTContext &Context) const {
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getDeclName().isIdentifier() || isNonBlocking(Callee))
    return std::nullopt;
  if (!BlockingFunctions.empty() && matchesAnyName(Callee, BlockingFunctions))
    return Blocking{Family::Slow};
  const StringRef Name = Callee->getName();
  if (!isa<CXXMethodDecl>(Callee)) {
    const auto It = cFunctions().find(Name);
    if (It != cFunctions().end() &&
        isLibraryFunction(Callee, Context.getSourceManager())) {
      if (const std::optional<unsigned> Timeout = timeoutArg(Name))
        if (*Timeout < Call->getNumArgs() &&
            returnsAtOnce(Name, Call->getArg(*Timeout), Context))
          return std::nullopt;
      if (const std::optional<unsigned> Flags = flagsArg(Name))
        if (*Flags < Call->getNumArgs() &&
            dontWait(Call->getArg(*Flags), Context))
          return std::nullopt;
      return It->second;
    }
  }
  // The qualified names are in `std` and `absl` only: a lookup for the rest
  // would be wasted.
  const NamespaceDecl *Top = nullptr;
  for (const DeclContext *DC = Callee->getDeclContext(); DC;
       DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Top = NS;
  if (!Top || !Top->getDeclName().isIdentifier() ||
      (Top->getName() != "std" && Top->getName() != "absl"))
    return std::nullopt;
  const auto It = qualifiedFunctions().find(qualifiedName(Callee));
  if (It == qualifiedFunctions().end())
    return std::nullopt;
  return It->second;
}

/// The lock \p Arg names, looking through a holder variable to its mutex.
static std::optional<std::string> lockNamedBy(const Expr *Arg,
                                              const LockModel &Model) {
  Arg = Arg->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (const CXXConstructExpr *Construct = holderConstruction(Var, Model)) {
        llvm::SmallVector<const Expr *, 1> Mutexes;
        HolderStart Start = HolderStart::Lock;
        bool Shared = false;
        if (!holderMutexes(Construct, Model, Mutexes, Start, Shared))
          return std::nullopt;
        return lockIdentity(Mutexes.front(),
                            Mutexes.front()->getType()->isPointerType());
      }
  return lockIdentity(Arg, Arg->getType()->isPointerType());
}

std::optional<std::string>
BlockingUnderLockCheck::givenBack(const Expr *Wait, const Blocking &B,
                                  ASTContext &) const {
  const auto *Call = dyn_cast<CallExpr>(Wait);
  if (B.Kind != Family::ConditionWait || !Call ||
      B.LockArg >= Call->getNumArgs())
    return std::nullopt;
  return lockNamedBy(Call->getArg(B.LockArg), *Model);
}

namespace {
/// The calls of one function body in source order (lambda bodies are
/// functions of their own), whether it takes a lock at all, and whether it
/// releases a lock it may not have taken: a release written before any
/// acquire of that lock, or `unlock()` on a holder it did not make.
class CallCollector : public RecursiveASTVisitor<CallCollector> {
public:
  explicit CallCollector(const LockModel &Model) : Model(Model) {}
  static bool shouldVisitLambdaBody() { return false; }
  bool VisitCallExpr(CallExpr *Call) {
    Calls.push_back(Call);
    for (const LockOp &Op : Model.operations(Call)) {
      const std::optional<std::string> Key =
          lockIdentity(Op.Object, Op.ThroughPointer);
      if (Op.Kind == LockOpKind::Acquire) {
        Locks = true;
        if (Key)
          Acquired.insert(*Key);
      } else if (!Key || !Acquired.contains(*Key)) {
        // Released before (or without) an acquire of its own: visited in
        // source order, so `mu.unlock(); work(); mu.lock();` counts.
        ForeignRelease = true;
      }
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      const Expr *Object = Member->getImplicitObjectArgument();
      if (Method && Object && Method->getDeclName().isIdentifier() &&
          llvm::is_contained({"unlock", "Unlock", "Release", "release"},
                             Method->getName()) &&
          Model.isRaiiHolder(Method->getParent())) {
        const auto *Ref = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts());
        const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
        if (!Var || !holderConstruction(Var, Model))
          ForeignRelease = true;
      }
    }
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    Calls.push_back(Construct);
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (holderConstruction(Var, Model))
      Locks = true;
    return true;
  }
  /// Gives back a lock its caller may hold.
  bool releasesForeignLock() const { return ForeignRelease; }

  llvm::SmallVector<const Expr *, 16> Calls;
  /// Takes a lock (a manual acquire or a holder).
  bool Locks = false;

private:
  const LockModel &Model;
  bool ForeignRelease = false;
  llvm::StringSet<> Acquired;
};
} // namespace

/// True for a call whose target is chosen at run time: a virtual function
/// of a class that is not final, called through a pointer, a reference or
/// `this`.
static bool isVirtualDispatch(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || !Method->isVirtual() || Method->hasAttr<FinalAttr>() ||
      Method->getParent()->hasAttr<FinalAttr>())
    return false;
  const auto *Member = dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens());
  if (Member && Member->hasQualifier())
    return false;
  if (Member && Member->isArrow())
    return true;
  const Expr *Object = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return Var->getType()->isReferenceType();
  return !isa<CXXTemporaryObjectExpr, CXXConstructExpr>(Object);
}

std::optional<BlockingUnderLockCheck::Chain>
BlockingUnderLockCheck::calleeBlocks(const FunctionDecl *Callee, unsigned Depth,
                                     ASTContext &Context) {
  if (!Callee || Depth == 0)
    return std::nullopt;
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition) || !Definition->getBody() ||
      Definition->isInvalidDecl())
    return std::nullopt;
  const SourceManager &SM = Context.getSourceManager();
  if (SM.isInSystemHeader(Definition->getLocation()) ||
      isNonBlocking(Definition))
    return std::nullopt;
  const auto Key = std::make_pair(Definition, Depth);
  // Recursion ends here: a function being summarised does not block yet.
  const auto [It, Inserted] = CalleeCache.try_emplace(Key, std::nullopt);
  if (!Inserted)
    return It->second;

  CallCollector Collector(*Model);
  Collector.TraverseStmt(Definition->getBody());
  // A callee that releases a lock it did not take gives its caller's lock
  // back around its work (`mu.unlock(); write(); mu.lock();`): not
  // followed.
  if (Collector.releasesForeignLock())
    return std::nullopt;
  // Which of its calls run under a lock of its own: the engine's answer,
  // asked only of callees that take a lock.
  const FunctionLockPaths *Paths = nullptr;
  if (Collector.Locks) {
    Paths = &PathEngine::of(Context).analyse(Definition, *Model);
    if (Paths->giveUp())
      return std::nullopt;
    if (!Paths->analysed())
      Paths = nullptr;
  }
  std::optional<Chain> Found;
  for (const Expr *Call : Collector.Calls) {
    if (Paths && !Paths->heldAt(Call).empty()) {
      // Under a lock of the callee's own (a holder): a finding in the
      // callee, unless it is a condition wait that gives that lock back
      // and blocks only the caller's.
      const std::optional<Blocking> Own = blockingCall(Call, Context);
      if (!Own || Own->Kind != Family::ConditionWait)
        continue;
      const std::optional<std::string> Back = givenBack(Call, *Own, Context);
      bool OnlyThat = Back.has_value();
      Paths->heldAt(Call).forEach([&](unsigned Site) {
        if (!Back || Paths->locks()[Paths->acquires()[Site].Lock].Key != *Back)
          OnlyThat = false;
      });
      if (!OnlyThat)
        continue;
      Found = Chain{{{Call, Definition}}, *Own, std::nullopt, {}};
      break;
    }
    if (const std::optional<Blocking> Direct = blockingCall(Call, Context)) {
      // A condition wait on a lock the callee has not taken itself must be
      // called with that lock held, so its caller holds it: it gives the
      // caller's lock back (a CondVar wrapper's `Wait()` on the mutex it was
      // built with, a lock adopted or reached through a parameter).
      if (Direct->Kind == Family::ConditionWait)
        continue;
      const Expr *Descriptor = readDescriptor(Call, SM);
      if (Descriptor && probedBefore(Definition, Descriptor, Call, Context))
        continue;
      llvm::SmallVector<unsigned, 2> ZeroParams;
      const bool ZeroWhen =
          zeroTimeoutProbe(Call, Definition, ZeroParams, Context);
      if (ZeroWhen && ZeroParams.empty())
        continue;
      Found = Chain{{{Call, Definition}}, *Direct, std::nullopt, {}};
      if (Descriptor)
        Found->DescriptorParam = parameterIndex(Descriptor, Definition);
      if (ZeroWhen)
        Found->ZeroTimeoutParams = ZeroParams;
      break;
    }
    if (Depth < 2)
      continue;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
        Member && isVirtualDispatch(Member))
      continue;
    if (std::optional<Chain> Inner =
            calleeBlocks(calleeOf(Call), Depth - 1, Context)) {
      const Expr *Descriptor = passedDescriptor(Call, *Inner);
      if (Descriptor && probedBefore(Definition, Descriptor, Call, Context))
        continue;
      if (!Inner->ZeroTimeoutParams.empty()) {
        // A probe whose timeout the caller gives as zero returns at once.
        llvm::SmallVector<unsigned, 2> Outer;
        if (!argumentsZero(Call, Inner->ZeroTimeoutParams, Definition, Outer,
                           Context))
          Inner->ZeroTimeoutParams.clear();
        else if (Outer.empty())
          continue;
        else
          Inner->ZeroTimeoutParams = Outer;
      }
      Inner->DescriptorParam =
          Descriptor ? parameterIndex(Descriptor, Definition) : std::nullopt;
      Inner->Steps.insert(Inner->Steps.begin(), Step{Call, Definition});
      Found = std::move(Inner);
      break;
    }
  }
  CalleeCache[Key] = Found;
  return Found;
}

/// The text the user wrote for \p E when short, else \p Fallback.
static std::string shortText(const Expr *E, const ASTContext &Context,
                             StringRef Fallback) {
  const StringRef Text = mappedFileText(E->getSourceRange(), Context);
  if (!Text.empty() && Text.size() <= 40 && !Text.contains('\n'))
    return Text.str();
  return Fallback.str();
}

/// The unknown code \p E calls: a `std::function`, a function pointer, or
/// a virtual function dispatched at run time (CheckCallbacks). Empty when
/// it is none of them.
static std::string callbackCallee(const Expr *E, const ASTContext &Context) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() != OO_Call || Op->getNumArgs() == 0)
      return {};
    const CXXRecordDecl *Record =
        Op->getArg(0)->getType()->getAsCXXRecordDecl();
    if (!Record || !Record->isInStdNamespace() ||
        !Record->getDeclName().isIdentifier() ||
        (Record->getName() != "function" &&
         Record->getName() != "move_only_function"))
      return {};
    return shortText(Op->getArg(0), Context, "callback");
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    if (!isVirtualDispatch(Member))
      return {};
    return Member->getMethodDecl()->getNameAsString();
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || Call->getDirectCallee() ||
      isa<CXXPseudoDestructorExpr>(Call->getCallee()))
    return {};
  const QualType Type = Call->getCallee()->IgnoreParenImpCasts()->getType();
  if (!Type->isFunctionPointerType() && !Type->isFunctionReferenceType() &&
      !Type->isFunctionType())
    return {};
  return shortText(Call->getCallee()->IgnoreParenImpCasts(), Context,
                   "callback");
}

/// True when acquire \p Op was made by an RAII holder (its construction,
/// its `lock()`, `std::lock` on it) rather than by a manual call.
static bool isHolderAcquire(const OpRecord &Op, const LockModel &Model) {
  if (isa<CXXConstructExpr>(Op.Site))
    return true;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Op.Site))
    return Member->getMethodDecl() &&
           Model.isRaiiHolder(Member->getMethodDecl()->getParent());
  if (const auto *Call = dyn_cast<CallExpr>(Op.Site))
    return llvm::none_of(Call->arguments(), [&](const Expr *Arg) {
      return Arg->IgnoreParenImpCasts() == Op.Op.Object->IgnoreParenImpCasts();
    });
  return false;
}

void BlockingUnderLockCheck::judge(const FunctionLockPaths &Paths,
                                   const HeldAtCall &Held,
                                   const FunctionDecl *Function,
                                   ASTContext &Context) {
  const Expr *E = Held.Call;
  const SourceManager &SM = Context.getSourceManager();
  if (isExpandedInSystemHeader(E->getBeginLoc(), SM))
    return;

  // What blocks, and how.
  std::string What;
  std::optional<Blocking> Kind;
  std::optional<Chain> Through;
  bool Suspension = false;
  std::string Callback;
  if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(E)) {
    Suspension = true;
    What = isa<CoyieldExpr>(Suspend) ? "co_yield" : "co_await";
  }
  if (!Suspension)
    Kind = blockingCall(E, Context);
  if (const Expr *Descriptor = Kind ? readDescriptor(E, SM) : nullptr;
      Descriptor && probedBefore(Function, Descriptor, E, Context))
    return;
  if (llvm::SmallVector<unsigned, 2> Params;
      Kind && zeroTimeoutProbe(E, Function, Params, Context) && Params.empty())
    return;
  if (Kind)
    What = calleeOf(E)->getNameAsString();
  if (!Suspension && !Kind && CheckCallbacks)
    Callback = callbackCallee(E, Context);
  if (!Callback.empty())
    What = Callback;
  if (!Suspension && !Kind && Callback.empty()) {
    const FunctionDecl *Callee = calleeOf(E);
    const auto *Member = dyn_cast<CXXMemberCallExpr>(E);
    if (!Callee || (Member && isVirtualDispatch(Member)))
      return;
    Through = calleeBlocks(Callee, MaxCallDepth, Context);
    if (!Through)
      return;
    if (const Expr *Descriptor = passedDescriptor(E, *Through);
        Descriptor && probedBefore(Function, Descriptor, E, Context))
      return;
    if (llvm::SmallVector<unsigned, 2> Params;
        !Through->ZeroTimeoutParams.empty() &&
        argumentsZero(E, Through->ZeroTimeoutParams, Function, Params,
                      Context) &&
        Params.empty())
      return;
    Kind = Through->Final;
    // A constructor is named by its class.
    What =
        isa<CXXConstructorDecl>(Callee)
            ? cast<CXXConstructorDecl>(Callee)->getParent()->getNameAsString()
            : Callee->getNameAsString();
  }

  // The locks that may be held, each with its first acquire in source
  // order; a condition wait gives its own lock back.
  std::optional<std::string> Back;
  if (Kind && Kind->Kind == Family::ConditionWait)
    Back = Through ? givenBack(Through->Steps.back().Call, *Kind, Context)
                   : givenBack(E, *Kind, Context);
  llvm::SmallVector<unsigned, 2> Sites;
  Held.MayHold.forEach([&](unsigned Site) {
    const OpRecord &Acquire = Paths.acquires()[Site];
    if (Back && Paths.locks()[Acquire.Lock].Key == *Back)
      return;
    // co_await with a guard is cppcoreguidelines-no-suspend-with-lock's.
    if (Suspension && isHolderAcquire(Acquire, *Model))
      return;
    Sites.push_back(Site);
  });
  if (Sites.empty())
    return;
  llvm::sort(Sites, [&](unsigned A, unsigned B) {
    return SM.isBeforeInTranslationUnit(
        Paths.acquires()[A].Site->getBeginLoc(),
        Paths.acquires()[B].Site->getBeginLoc());
  });
  const unsigned Lock = Paths.acquires()[Sites.front()].Lock;
  const std::string &Spelling = Paths.locks()[Lock].Spelling;

  SourceLocation Loc = reportLocation(E->getBeginLoc(), SM);
  if (Loc.isInvalid())
    Loc = wrapperMacroUse(E, SM, Context.getLangOpts());
  if (Loc.isInvalid() || !firstReport(Loc, Spelling))
    return;

  if (Suspension)
    diag(Loc, "'%0' suspends the coroutine while '%1' is held; every thread "
              "that needs '%1' waits until it resumes, possibly on another "
              "thread")
        << What << Spelling;
  else if (!Callback.empty())
    diag(Loc, "'%0' runs unknown code while '%1' is held; every thread that "
              "needs '%1' waits as long as it runs, and it deadlocks if that "
              "code needs '%1'")
        << What << Spelling;
  else if (Kind->Kind == Family::Slow)
    diag(Loc, "'%0' blocks while '%1' is held; every thread that needs '%1' "
              "waits as long")
        << What << Spelling;
  else
    diag(Loc, "'%0' blocks while '%1' is held; every thread that needs '%1' "
              "waits as long and deadlocks if the awaited thread needs '%1'")
        << What << Spelling;

  for (const unsigned Site : Sites) {
    const OpRecord &Acquire = Paths.acquires()[Site];
    if (Acquire.Lock != Lock)
      continue;
    SourceLocation At = reportLocation(Acquire.Site->getBeginLoc(), SM);
    if (At.isInvalid())
      At = SM.getFileLoc(Acquire.Site->getBeginLoc());
    diag(At, "'%0' was locked here", DiagnosticIDs::Note) << Spelling;
  }
  if (!Through)
    return;
  for (size_t I = 0; I < Through->Steps.size(); ++I) {
    const Step &S = Through->Steps[I];
    const SourceLocation At = SM.getFileLoc(S.Call->getBeginLoc());
    const FunctionDecl *Called = calleeOf(S.Call);
    const std::string CalledName =
        Called ? Called->getNameAsString() : std::string("a function");
    if (I + 1 == Through->Steps.size())
      diag(At, "'%0' blocks here, in '%1'", DiagnosticIDs::Note)
          << CalledName << S.Caller->getNameAsString();
    else
      diag(At, "'%0' calls '%1' here", DiagnosticIDs::Note)
          << S.Caller->getNameAsString() << CalledName;
  }
}

void BlockingUnderLockCheck::analyseFunction(const FunctionDecl *Function,
                                             ASTContext &Context) {
  if (Function->isInvalidDecl() || !Function->getBody() ||
      Context.getSourceManager().isInSystemHeader(Function->getLocation()))
    return;
  const FunctionLockPaths &Paths =
      PathEngine::of(Context).analyse(Function, *Model);
  if (!Paths.analysed())
    return;
  for (const HeldAtCall &Held : Paths.callsWhileHeld())
    judge(Paths, Held, Function, Context);
}

} // namespace clang::tidy::threads
