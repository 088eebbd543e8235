//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "utils/ThrowEvidence.h"

#include "utils/Compat.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::threads {

ThrowEvidence::ThrowEvidence() {
  // For Known: running out of memory is no evidence.
  KnownAnalyzer.ignoreBadAlloc(true);
  KnownAnalyzer.ignoreExceptions({"length_error", "bad_array_new_length"});
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

/// The outermost named namespace around \p D is `std` (inline namespaces
/// such as libc++'s `std::__1` and `std::filesystem` included).
static bool isInStdLibrary(const Decl *D) {
  const NamespaceDecl *Outer = nullptr;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(DC);
        Namespace && !Namespace->isInline())
      Outer = Namespace;
  return Outer && Outer->getDeclName().isIdentifier() &&
         Outer->getName() == "std";
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

/// A standard library call that throws on bad input or state, not on
/// running out of resources: `at` (`out_of_range`), `std::stoi` and its
/// family (`invalid_argument`, `out_of_range`), `optional::value`
/// (`bad_optional_access`), `std::any_cast` of a value (`bad_any_cast`),
/// `std::filesystem` calls without an `error_code` (`filesystem_error`; the
/// `error_code` overloads are noexcept and never get here), constructing a
/// `regex` (`regex_error`), and `future::get` (a stored exception, or
/// `future_error`).
static bool isThrowingStdCall(const FunctionDecl *Callee) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee)) {
    const CXXRecordDecl *Record = Ctor->getParent();
    if (Ctor->isCopyOrMoveConstructor() || Ctor->isDefaultConstructor() ||
        !Record->getDeclName().isIdentifier())
      return false;
    const StringRef Name = Record->getName();
    return Name == "basic_regex" ||
           (innerNamespaceName(Record) == "filesystem" &&
            Name.ends_with("directory_iterator"));
  }
  if (!Callee->getDeclName().isIdentifier())
    return false;
  const StringRef Name = Callee->getName();
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee)) {
    const CXXRecordDecl *Record = Method->getParent();
    const StringRef Class =
        Record->getDeclName().isIdentifier() ? Record->getName() : StringRef();
    return Name == "at" || (Name == "value" && Class == "optional") ||
           (Name == "get" && (Class == "future" || Class == "shared_future"));
  }
  if (llvm::is_contained({"stoi", "stol", "stoll", "stoul", "stoull", "stof",
                          "stod", "stold", "any_cast"},
                         Name))
    return true;
  return innerNamespaceName(Callee) == "filesystem";
}

bool ThrowEvidence::knownToThrow(const Expr *E) {
  const FunctionDecl *Callee = nullptr;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    Callee = Construct->getConstructor();
  else if (const auto *Call = dyn_cast<CallExpr>(E))
    Callee = Call->getDirectCallee();
  // A function pointer or an unresolved call: code that cannot be seen.
  if (!Callee || Callee->getBuiltinID() || Callee->isExternC() ||
      Callee->isInExternCContext() || isa<CXXDestructorDecl>(Callee))
    return false;
  if (!NoThrowFunctions.empty() &&
      NoThrowFunctions.contains(Callee->getQualifiedNameAsString()))
    return false;
  const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
  if (!Proto)
    return false;
  switch (Proto->getExceptionSpecType()) {
  case EST_Unevaluated:
  case EST_Uninstantiated:
  case EST_Unparsed:
  case EST_DependentNoexcept:
    return false;
  case EST_NoexceptFalse:
    // Declared to throw.
    return true;
  case EST_Dynamic:
    if (Proto->getNumExceptions() > 0)
      return true;
    break;
  default:
    break;
  }
  if (Proto->isNothrow())
    return false;
  // The standard library: only its documented throws on bad input or state;
  // bad_alloc, length_error and system_error (from std::thread or
  // mutex::lock) are what most services treat as fatal.
  if (isInStdLibrary(Callee))
    return isThrowingStdCall(Callee);
  // A virtual call may run an overrider that is not visible.
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
      !Method->getParent()->hasAttr<FinalAttr>()) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
    const auto *Member =
        Call ? dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens())
             : nullptr;
    if (!Member || !Member->hasQualifier())
      return false;
  }
  if (!Callee->hasBody())
    return false;
  return KnownAnalyzer.analyze(Callee).getBehaviour() ==
         utils::ExceptionAnalyzer::State::Throwing;
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

} // namespace clang::tidy::threads
