//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/ThreadEntry.h"
#include "utils/CallFilter.h"
#include "utils/Compat.h"
#include "utils/Vocabulary.h"

#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/CharInfo.h"
#include "llvm/ADT/STLExtras.h"
#include <array>

using namespace clang::ast_matchers;

namespace clang::tidy::threads::analysis::entry {

std::vector<StatementMatcher>
threadCreationMatchers(llvm::ArrayRef<std::string> ExtraThreadTypes) {
  std::vector<StringRef> Names = {"::std::thread", "::std::jthread"};
  Names.insert(Names.end(), ExtraThreadTypes.begin(), ExtraThreadTypes.end());
  const auto ThreadRecord = cxxRecordDecl(hasAnyName(Names));
  // A copy or move of a thread object starts nothing.
  // One matcher per node kind, system headers excluded first: the finder
  // then tries each only on its own kind of node, and most nodes are in
  // system headers.
  // The name filters first (CallFilter.h): they turn away nearly every
  // node, system headers included, with one lookup.
  const auto Construct = cxxConstructExpr(
      userConstructionOf(lastComponents(Names)),
      hasDeclaration(cxxConstructorDecl(ofClass(ThreadRecord),
                                        unless(isCopyConstructor()),
                                        unless(isMoveConstructor()))),
      argumentCountAtLeast(1), hasArgument(0, expr().bind(CallableId)));
  // `Threads.emplace_back(callable)` constructs the thread inside the
  // library, so the construction itself is in a system header.
  const auto Emplace = cxxMemberCallExpr(
      userCallNamed(lastComponents(vocabulary::EmplaceEndMethods)),
      callee(cxxMethodDecl(
          hasAnyName(vocabulary::EmplaceEndMethods[0],
                     vocabulary::EmplaceEndMethods[1]),
          ofClass(classTemplateSpecializationDecl(hasTemplateArgument(
              0,
              refersToType(hasCanonicalType(hasDeclaration(ThreadRecord)))))))),
      argumentCountAtLeast(1), hasArgument(0, expr().bind(CallableId)));
  const auto PthreadCreate = callExpr(
      userCallNamed(lastComponents(std::array<StringRef, 1>{"pthread_create"})),
      argumentCountIs(4), callee(functionDecl(hasName("::pthread_create"))),
      hasArgument(2, expr().bind(CallableId)));
  return {Construct.bind(CreationId), Emplace.bind(CreationId),
          PthreadCreate.bind(CreationId)};
}

ThreadKind threadKindOfRecord(const CXXRecordDecl *Record) {
  if (!Record || !Record->isInStdNamespace())
    return ThreadKind::OtherType;
  if (Record->getName() == "thread")
    return ThreadKind::StdThread;
  if (Record->getName() == "jthread")
    return ThreadKind::StdJThread;
  return ThreadKind::OtherType;
}

ThreadKind getThreadKind(const Expr *Creation) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Creation))
    return threadKindOfRecord(compat::getRecordDecl(Construct->getType()));
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Creation)) {
    const auto *Container = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        Member->getMethodDecl() ? Member->getMethodDecl()->getParent()
                                : nullptr);
    if (Container && Container->getTemplateArgs().size() > 0 &&
        Container->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      return threadKindOfRecord(
          compat::getRecordDecl(Container->getTemplateArgs()[0].getAsType()));
    return ThreadKind::OtherType;
  }
  return ThreadKind::Pthread;
}

/// Peels the nodes that pass a callable along unchanged: implicit casts,
/// temporaries, parentheses, copies or moves of the callable object, explicit
/// casts between function pointer types (common with `pthread_create`), and
/// `std::move`/`std::ref`.
/// True for the standard type-erased callables (`std::function`,
/// `std::move_only_function`, `std::copyable_function`, `std::function_ref`).
static bool isTypeErasedCallable(const CXXRecordDecl *Record) {
  return Record && Record->isInStdNamespace() &&
         Record->getDeclName().isIdentifier() &&
         llvm::is_contained({"function", "move_only_function",
                             "copyable_function", "function_ref"},
                            Record->getName());
}

/// The callable \p E holds, through temporaries, copies, `std::move`,
/// `std::ref` and the conversion to a `std::function` (a thread class whose
/// constructor takes `std::function<void()>` and is given a lambda runs that
/// lambda). \p Converted is set when a `std::function` conversion was
/// crossed: the lambda's signature is then fixed by that type.
static const Expr *peelCallable(const Expr *E, bool *Converted = nullptr) {
  for (unsigned Depth = 0; E && Depth < 32; ++Depth) {
    const Expr *Next = E->IgnoreParenCasts();
    if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = Temp->getSubExpr();
    else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = Bind->getSubExpr();
    else if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Next))
      Next = Cleanups->getSubExpr();
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (Construct->getNumArgs() == 1 && Ctor &&
          (Ctor->isCopyConstructor() || Ctor->isMoveConstructor())) {
        Next = Construct->getArg(0);
      } else if (Construct->getNumArgs() == 1 && Ctor &&
                 isTypeErasedCallable(Ctor->getParent())) {
        Next = Construct->getArg(0);
        if (Converted)
          *Converted = true;
      }
    } else if (const auto *Call = dyn_cast<CallExpr>(Next)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && Callee->isInStdNamespace() && Call->getNumArgs() == 1 &&
          Callee->getDeclName().isIdentifier() &&
          (Callee->getName() == "move" || Callee->getName() == "forward" ||
           Callee->getName() == "ref" || Callee->getName() == "cref"))
        Next = Call->getArg(0);
    }
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

/// The definition of \p Function when its body is in this translation unit.
static const FunctionDecl *visibleDefinition(const FunctionDecl *Function) {
  if (!Function)
    return nullptr;
  const FunctionDecl *Definition = nullptr;
  if (!Function->hasBody(Definition) || !Definition ||
      Definition->isInvalidDecl())
    return nullptr;
  return Definition;
}

/// The `operator()` a call of an object of type \p Type runs.
static const FunctionDecl *callOperatorOf(QualType Type) {
  const CXXRecordDecl *Record =
      compat::getRecordDecl(Type.getNonReferenceType());
  if (!Record || !Record->hasDefinition())
    return nullptr;
  if (Record->isLambda())
    return Record->getLambdaCallOperator();
  // Only an unambiguous, non-template operator(): with overloads the thread's
  // arguments decide, and we do not guess.
  const CXXMethodDecl *Found = nullptr;
  for (const CXXMethodDecl *Method : Record->methods()) {
    if (Method->getOverloadedOperator() != OO_Call)
      continue;
    if (Found)
      return nullptr;
    Found = Method;
  }
  return Found;
}

static const FunctionDecl *resolveFunction(const Expr *Callable,
                                           const ASTContext &Context,
                                           unsigned Depth) {
  if (!Callable || Depth > 4)
    return nullptr;
  const Expr *E = peelCallable(Callable);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return Lambda->getCallOperator();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E))
    if (AddrOf->getOpcode() == UO_AddrOf)
      return resolveFunction(AddrOf->getSubExpr(), Context, Depth + 1);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl()))
      return Function;
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl())) {
      // A function pointer variable: only a const one initialised in place
      // says for certain which function it holds.
      if (Var->getType()->isFunctionPointerType() ||
          Var->getType()->isFunctionReferenceType()) {
        if (Var->getType().isConstQualified() ||
            Var->getType()->isFunctionReferenceType())
          return resolveFunction(Var->getInit(), Context, Depth + 1);
        return nullptr;
      }
    }
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() &&
        Callee->getDeclName().isIdentifier() &&
        (Callee->getName() == "bind" || Callee->getName() == "bind_front") &&
        Call->getNumArgs() >= 1)
      return resolveFunction(Call->getArg(0), Context, Depth + 1);
  }
  if (E->getType()->isFunctionPointerType() || E->getType()->isFunctionType())
    return nullptr;
  return callOperatorOf(E->getType());
}

/// True when \p Callable is a parameter whose type is a template parameter
/// in the template \p Callable was instantiated from (`template <class F>
/// void launch(F Body) { std::thread(Body); }`): the wrapper is not where a
/// caller's endless loop should be reported, and each caller's callable
/// differs.
static bool isForwardedTemplateParameter(const Expr *Callable) {
  const auto *Ref = dyn_cast<DeclRefExpr>(peelCallable(Callable));
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!Param)
    return false;
  const auto *Function = dyn_cast<FunctionDecl>(Param->getDeclContext());
  if (!Function)
    return false;
  const FunctionDecl *Pattern = Function->getTemplateInstantiationPattern();
  if (!Pattern)
    return Param->getType()->isDependentType();
  const unsigned Index = Param->getFunctionScopeIndex();
  return Index < Pattern->getNumParams() &&
         Pattern->getParamDecl(Index)->getType()->isDependentType();
}

ThreadEntry resolveThreadEntry(const Expr *Callable,
                               const ASTContext &Context) {
  ThreadEntry Entry;
  if (!Callable || Callable->containsErrors() ||
      isForwardedTemplateParameter(Callable))
    return Entry;
  Entry.Function =
      visibleDefinition(resolveFunction(Callable, Context, /*Depth=*/0));
  if (!Entry.Function)
    return Entry;
  // A lambda converted to a std::function keeps the signature that type
  // fixes: edits to its parameters would not compile, so it is not offered
  // as a written lambda.
  bool Converted = false;
  if (const auto *Lambda =
          dyn_cast<LambdaExpr>(peelCallable(Callable, &Converted));
      Lambda && !Converted)
    Entry.WrittenLambda = Lambda;
  return Entry;
}

bool isStopTokenType(QualType Type) {
  if (Type.isNull())
    return false;
  const CXXRecordDecl *Record =
      compat::getRecordDecl(Type.getNonReferenceType());
  return Record && Record->isInStdNamespace() &&
         Record->getDeclName().isIdentifier() &&
         Record->getName() == "stop_token";
}

const ParmVarDecl *getStopTokenParam(const FunctionDecl *Function) {
  if (!Function)
    return nullptr;
  for (const ParmVarDecl *Param : Function->parameters())
    if (isStopTokenType(Param->getType()))
      return Param;
  return nullptr;
}

} // namespace clang::tidy::threads::analysis::entry
