//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "utils/ThrowEvidence.h"

#include "utils/Compat.h"
#include "utils/NameMatching.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"
#include <array>
#include <optional>

namespace clang::tidy::threads {

ThrowEvidence::ThrowEvidence() {
  // For Known: running out of memory is no evidence.
  KnownAnalyzer.ignoreBadAlloc(true);
  KnownAnalyzer.ignoreExceptions({"length_error", "bad_array_new_length"});
}

/// The spellings of ExceptionPolicy, in its order.
static constexpr std::array<StringRef, 3> ExceptionPolicyNames = {
    "Known", "Any", "None"};

void ThrowEvidence::readOptions(OptionReader &Reader, ExceptionPolicy Default) {
  Policy = static_cast<ExceptionPolicy>(Reader.choice(
      "ExceptionPaths", ExceptionPolicyNames, static_cast<size_t>(Default)));
  NoThrowFunctions.clear();
  for (StringRef Function :
       Reader.nameList("NoThrowFunctions", "", RawNoThrowFunctions)) {
    Function.consume_front("::");
    NoThrowFunctions.insert(Function);
  }
}

void ThrowEvidence::storeOptions(const ClangTidyCheck::OptionsView &Options,
                                 ClangTidyOptions::OptionMap &Opts) const {
  Options.store(Opts, "ExceptionPaths",
                ExceptionPolicyNames[static_cast<size_t>(Policy)]);
  Options.store(Opts, "NoThrowFunctions", RawNoThrowFunctions);
}

static bool containsTry(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CXXTryStmt>(S))
    return true;
  return llvm::any_of(S->children(), containsTry);
}

bool ThrowEvidence::followsExceptionPaths(const FunctionDecl *Function,
                                          const ASTContext &Context) const {
  const auto *Proto = Function->getType()->getAs<FunctionProtoType>();
  return Policy != ExceptionPolicy::None && Context.getLangOpts().CPlusPlus &&
         Context.getLangOpts().CXXExceptions && Proto && !Proto->isNothrow() &&
         !containsTry(Function->getBody());
}

bool ThrowEvidence::mayThrow(const Expr *E) {
  switch (Policy) {
  case ExceptionPolicy::Known:
    return knownToThrow(E);
  case ExceptionPolicy::Any:
    return anyMayThrow(E);
  case ExceptionPolicy::None:
    return false;
  }
  return false;
}

/// The innermost named namespace around \p D, skipping inline ones.
static StringRef innerNamespaceName(const Decl *D) {
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(DC);
        Namespace && !Namespace->isInline())
      return Namespace->getDeclName().isIdentifier() ? Namespace->getName()
                                                     : StringRef();
  return {};
}

// What the standard library calls of isThrowingStdCall throw: each class,
// then its bases (a handler of any of them catches it).
static constexpr std::array<llvm::StringLiteral, 3> OutOfRange = {
    "out_of_range", "logic_error", "exception"};
static constexpr std::array<llvm::StringLiteral, 4> NumberConversion = {
    "invalid_argument", "out_of_range", "logic_error", "exception"};
static constexpr std::array<llvm::StringLiteral, 2> BadOptionalAccess = {
    "bad_optional_access", "exception"};
static constexpr std::array<llvm::StringLiteral, 3> BadAnyCast = {
    "bad_any_cast", "bad_cast", "exception"};
static constexpr std::array<llvm::StringLiteral, 4> FilesystemError = {
    "filesystem_error", "system_error", "runtime_error", "exception"};
static constexpr std::array<llvm::StringLiteral, 3> RegexError = {
    "regex_error", "runtime_error", "exception"};

namespace {
/// Finds, in one function body, a test of the optional variable Var
/// (`has_value()`, a conversion to bool, `==`/`!=`) or a store into it
/// (`=`, `emplace`).
class OptionalGuardFinder : public RecursiveASTVisitor<OptionalGuardFinder> {
public:
  explicit OptionalGuardFinder(const VarDecl *Var) : Var(Var) {}
  bool Found = false;

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !names(Call->getImplicitObjectArgument()))
      return true;
    if (isa<CXXConversionDecl>(Method) ||
        (Method->getDeclName().isIdentifier() &&
         (Method->getName() == "has_value" || Method->getName() == "emplace")))
      Found = true;
    return !Found;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) {
    const OverloadedOperatorKind Op = Call->getOperator();
    if (Op != OO_Equal && Op != OO_EqualEqual && Op != OO_ExclaimEqual)
      return true;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if ((I == 0 || Op != OO_Equal) && names(Call->getArg(I)))
        Found = true;
    return !Found;
  }

private:
  bool names(const Expr *E) const {
    const auto *Ref =
        E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()) : nullptr;
    return Ref && Ref->getDecl() == Var;
  }
  const VarDecl *Var;
};
} // namespace

/// True for `O.value()` on an optional local or parameter that its
/// function also tests or stores into: the test is what guards the call
/// (`if (O.has_value()) use(O.value());`, `O = make(); use(O.value());`),
/// and the call throws only if that guard is wrong.
static bool isGuardedOptionalValue(const Expr *E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getDeclName().isIdentifier() ||
      Method->getName() != "value" ||
      !Method->getParent()->getDeclName().isIdentifier() ||
      Method->getParent()->getName() != "optional")
    return false;
  const Expr *Object = Call->getImplicitObjectArgument();
  const auto *Ref =
      Object ? dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()) : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->isLocalVarDeclOrParm())
    return false;
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  if (!Function || !Function->getBody())
    return false;
  OptionalGuardFinder Finder(Var);
  Finder.TraverseStmt(Function->getBody());
  return Finder.Found;
}

/// A standard library call that throws on bad input or state, not on
/// running out of resources: `at` (`out_of_range`), `std::stoi` and its
/// family (`invalid_argument`, `out_of_range`), `optional::value`
/// (`bad_optional_access`), `std::any_cast` of a value (`bad_any_cast`),
/// `std::filesystem` calls without an `error_code` (`filesystem_error`; the
/// `error_code` overloads are noexcept and never get here), constructing a
/// `regex` (`regex_error`), and `future::get` (a stored exception, or
/// `future_error`). Gives the classes it throws (empty: any), or none.
static std::optional<llvm::ArrayRef<llvm::StringLiteral>>
throwingStdCall(const FunctionDecl *Callee) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee)) {
    const CXXRecordDecl *Record = Ctor->getParent();
    if (Ctor->isCopyOrMoveConstructor() || Ctor->isDefaultConstructor() ||
        !Record->getDeclName().isIdentifier())
      return std::nullopt;
    const StringRef Name = Record->getName();
    if (Name == "basic_regex")
      return llvm::ArrayRef(RegexError);
    if (innerNamespaceName(Record) == "filesystem" &&
        Name.ends_with("directory_iterator"))
      return llvm::ArrayRef(FilesystemError);
    return std::nullopt;
  }
  if (!Callee->getDeclName().isIdentifier())
    return std::nullopt;
  const StringRef Name = Callee->getName();
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee)) {
    const CXXRecordDecl *Record = Method->getParent();
    const StringRef Class =
        Record->getDeclName().isIdentifier() ? Record->getName() : StringRef();
    if (Name == "at")
      return llvm::ArrayRef(OutOfRange);
    if (Name == "value" && Class == "optional")
      return llvm::ArrayRef(BadOptionalAccess);
    if (Name == "get" && (Class == "future" || Class == "shared_future"))
      return llvm::ArrayRef<llvm::StringLiteral>();
    return std::nullopt;
  }
  if (llvm::is_contained(
          {"stoi", "stol", "stoll", "stoul", "stoull", "stof", "stod", "stold"},
          Name))
    return llvm::ArrayRef(NumberConversion);
  if (Name == "any_cast")
    return llvm::ArrayRef(BadAnyCast);
  if (innerNamespaceName(Callee) == "filesystem")
    return llvm::ArrayRef(FilesystemError);
  return std::nullopt;
}

/// True when \p Function is declared, in writing, to throw: `noexcept(false)`
/// with the literal `false` (not a condition that happens to be false, such
/// as the standard library's `noexcept(is_nothrow_...)`, nor the
/// `noexcept(false)` clang computes for implicit and defaulted members and
/// inheriting constructors), or a non-empty dynamic exception specification.
/// The standard library's own throws are the list in throwingStdCall.
static bool isDeclaredToThrow(const FunctionDecl *Function,
                              const FunctionProtoType *Proto) {
  if (isInStdLibrary(Function))
    return false;
  const bool Written =
      llvm::any_of(Function->redecls(), [](const FunctionDecl *Decl) {
        return Decl->getExceptionSpecSourceRange().isValid();
      });
  if (!Written)
    return false;
  if (Proto->getExceptionSpecType() == EST_Dynamic)
    return Proto->getNumExceptions() > 0;
  const Expr *Condition = Proto->getNoexceptExpr();
  const auto *Literal = dyn_cast_or_null<CXXBoolLiteralExpr>(
      Condition ? Condition->IgnoreParenImpCasts() : nullptr);
  return Literal && !Literal->getValue();
}

CallEvidence ThrowEvidence::callEvidence(const Expr *E) const {
  CallEvidence Evidence;
  const FunctionDecl *Callee = nullptr;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    Callee = Construct->getConstructor();
  else if (const auto *Call = dyn_cast<CallExpr>(E))
    Callee = Call->getDirectCallee();
  Evidence.Callee = Callee;
  // A function pointer or an unresolved call: code that cannot be seen.
  if (!Callee || Callee->getBuiltinID() || Callee->isExternC() ||
      Callee->isInExternCContext() || isa<CXXDestructorDecl>(Callee))
    return Evidence;
  if (!NoThrowFunctions.empty() &&
      NoThrowFunctions.contains(Callee->getQualifiedNameAsString()))
    return Evidence;
  const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
  if (!Proto)
    return Evidence;
  switch (Proto->getExceptionSpecType()) {
  case EST_Unevaluated:
  case EST_Uninstantiated:
  case EST_Unparsed:
  case EST_DependentNoexcept:
    return Evidence;
  case EST_NoexceptFalse:
  case EST_Dynamic:
    if (isDeclaredToThrow(Callee, Proto)) {
      Evidence.What = CallEvidence::Kind::Declared;
      return Evidence;
    }
    break;
  default:
    break;
  }
  if (Proto->isNothrow())
    return Evidence;
  // The standard library: only its documented throws on bad input or state;
  // bad_alloc, length_error and system_error (from std::thread or
  // mutex::lock) are what most services treat as fatal.
  if (isInStdLibrary(Callee)) {
    if (const auto Classes = throwingStdCall(Callee);
        Classes && !isGuardedOptionalValue(E)) {
      Evidence.What = CallEvidence::Kind::Library;
      Evidence.LibraryClasses = *Classes;
    }
    return Evidence;
  }
  // A virtual call may run an overrider that is not visible.
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
      !Method->getParent()->hasAttr<FinalAttr>()) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
    const auto *Member =
        Call ? dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens())
             : nullptr;
    if (!Member || !Member->hasQualifier())
      return Evidence;
  }
  if (Callee->hasBody())
    Evidence.What = CallEvidence::Kind::Body;
  return Evidence;
}

/// True for `std::logic_error` and the classes derived from it
/// (`invalid_argument`, `out_of_range`, `domain_error`, `length_error`),
/// and for `std::regex_error` (a malformed pattern): what a function throws
/// when the values it is given break its preconditions.
static bool isLogicError(const Type *Thrown) {
  const CXXRecordDecl *Record = Thrown ? Thrown->getAsCXXRecordDecl() : nullptr;
  if (!Record || !Record->hasDefinition())
    return false;
  const auto IsLogicError = [](const CXXRecordDecl *Class) {
    return Class->getDeclName().isIdentifier() &&
           (Class->getName() == "logic_error" ||
            Class->getName() == "regex_error") &&
           Class->isInStdNamespace();
  };
  if (IsLogicError(Record))
    return true;
  bool Found = false;
  Record->forallBases([&](const CXXRecordDecl *Base) {
    Found |= IsLogicError(Base);
    return !Found;
  });
  return Found;
}

/// True for an argument fixed by the program text: a literal, a constant
/// expression, a default argument that is one, or an object constructed
/// from such arguments only (`std::string` from a string literal).
static bool isConstantArgument(const Expr *Arg, const ASTContext &Context) {
  for (unsigned Depth = 0; Arg && Depth < 8; ++Depth) {
    Arg = Arg->IgnoreImplicit()->IgnoreParens();
    if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(Arg)) {
      Arg = Default->getExpr();
      continue;
    }
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Arg)) {
      Arg = Cast->getSubExpr();
      continue;
    }
    if (isa<StringLiteral, IntegerLiteral, CharacterLiteral, FloatingLiteral,
            CXXBoolLiteralExpr, CXXNullPtrLiteralExpr>(Arg))
      return true;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Arg))
      return llvm::all_of(Construct->arguments(), [&](const Expr *Inner) {
        return isConstantArgument(Inner, Context);
      });
    return !Arg->isValueDependent() && !Arg->isTypeDependent() &&
           Arg->isEvaluatable(Context);
  }
  return false;
}

/// The types \p Info knows are thrown (LLVM 22 maps each to where).
static llvm::SmallVector<const Type *, 2>
thrownTypes(const utils::ExceptionAnalyzer::ExceptionInfo &Info) {
  llvm::SmallVector<const Type *, 2> Types;
#if CLANG_VERSION_MAJOR >= 22
  for (const auto &Entry : Info.getExceptions())
    Types.push_back(Entry.first);
#else
  for (const Type *Thrown : Info.getExceptionTypes())
    Types.push_back(Thrown);
#endif
  return Types;
}

/// True for a free function call or a construction (no object whose state
/// the callee may test) whose every argument is constant.
static bool hasOnlyConstantInput(const Expr *E, const ASTContext &Context) {
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  } else if (const auto *Call = dyn_cast<CallExpr>(E);
             Call && !isa<CXXMemberCallExpr>(Call)) {
    const auto *Method =
        dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
    if (Method && Method->isInstance())
      return false;
    Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
  } else {
    return false;
  }
  return llvm::all_of(
      Args, [&](const Expr *Arg) { return isConstantArgument(Arg, Context); });
}

bool ThrowEvidence::knownToThrow(const Expr *E) {
  const CallEvidence Evidence = callEvidence(E);
  switch (Evidence.What) {
  case CallEvidence::Kind::None:
    return false;
  case CallEvidence::Kind::Declared:
  case CallEvidence::Kind::Library:
    return true;
  case CallEvidence::Kind::Body: {
    const utils::ExceptionAnalyzer::ExceptionInfo Info =
        KnownAnalyzer.analyze(Evidence.Callee);
    if (Info.getBehaviour() != utils::ExceptionAnalyzer::State::Throwing)
      return false;
    // A precondition check (only std::logic_error classes thrown) given
    // input fixed by the program text fails on every run or on none: it is
    // not a path some runs take.
    const llvm::SmallVector<const Type *, 2> Thrown = thrownTypes(Info);
    return Thrown.empty() || !llvm::all_of(Thrown, isLogicError) ||
           !hasOnlyConstantInput(E, Evidence.Callee->getASTContext());
  }
  }
  return false;
}

bool ThrowEvidence::anyMayThrow(const Expr *E) {
  const FunctionDecl *Callee = nullptr;
  const FunctionProtoType *Proto = nullptr;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (!Ctor || Ctor->isTrivial())
      return false;
    Callee = Ctor;
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    Callee = Call->getDirectCallee();
    if (!Callee) {
      if (Call->isTypeDependent() || Call->getCallee()->isTypeDependent())
        return false;
      QualType CalleeType = Call->getCallee()->getType();
      if (const auto *Pointer = CalleeType->getAs<PointerType>())
        CalleeType = Pointer->getPointeeType();
      else if (const auto *MemberPointer =
                   CalleeType->getAs<MemberPointerType>())
        CalleeType = MemberPointer->getPointeeType();
      Proto = CalleeType->getAs<FunctionProtoType>();
      if (!Proto)
        return false;
    }
  } else {
    return false;
  }
  if (Callee) {
    if (Callee->getBuiltinID() || Callee->isExternC() ||
        Callee->isInExternCContext())
      return false;
    if (isa<CXXDestructorDecl>(Callee))
      return false;
    if (!NoThrowFunctions.empty() &&
        NoThrowFunctions.contains(Callee->getQualifiedNameAsString()))
      return false;
    Proto = Callee->getType()->getAs<FunctionProtoType>();
    if (!Proto)
      return false;
    // A visible body that provably throws nothing (`HidePtr`, getters) is
    // as good as noexcept.
    if (!Proto->isNothrow() && Callee->hasBody() &&
        Analyzer.analyze(Callee).getBehaviour() ==
            utils::ExceptionAnalyzer::State::NotThrowing)
      return false;
  }
  switch (Proto->getExceptionSpecType()) {
  case EST_Unevaluated:
  case EST_Uninstantiated:
  case EST_Unparsed:
  case EST_DependentNoexcept:
    // Implicit members and templates not yet resolved: do not guess.
    return false;
  default:
    break;
  }
  return !Proto->isNothrow();
}

std::string describeThrowingCall(const Expr *Throwing,
                                 const ASTContext &Context) {
  if (const auto *Call = dyn_cast<CallExpr>(Throwing)) {
    if (const FunctionDecl *Direct = Call->getDirectCallee())
      return "'" + Direct->getNameAsString() + "'";
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Throwing)) {
    return "the constructor of '" +
           Construct->getType().getUnqualifiedType().getAsString(
               Context.getPrintingPolicy()) +
           "'";
  }
  return "this call";
}

} // namespace clang::tidy::threads
