//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/ExceptionEscape.h"
#include "utils/NameMatching.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threads::analysis {

// --- Which handler catches what ---------------------------------------------

/// True when \p Record is the standard class \p Name.
static bool isStdClass(const CXXRecordDecl *Record, StringRef Name) {
  return Record && Record->getDeclName().isIdentifier() &&
         Record->getName() == Name && isInStdLibrary(Record);
}

/// True when \p Record is `std::bad_alloc` or derives from it.
static bool isAllocationFailure(const CXXRecordDecl *Record,
                                unsigned Depth = 0) {
  if (!Record || Depth > 16)
    return false;
  if (isStdClass(Record, "bad_alloc"))
    return true;
  if (!Record->hasDefinition())
    return false;
  return llvm::any_of(Record->bases(), [&](const CXXBaseSpecifier &Base) {
    return isAllocationFailure(Base.getType()->getAsCXXRecordDecl(), Depth + 1);
  });
}

/// For two class types: does a handler of \p Handler catch \p Thrown (or,
/// with \p OrDerived, possibly a class derived from \p Thrown)? Unsure
/// (incomplete classes) counts as yes.
static bool recordMayCatch(const CXXRecordDecl *Handler,
                           const CXXRecordDecl *Thrown, bool OrDerived) {
  if (Handler->getCanonicalDecl() == Thrown->getCanonicalDecl())
    return true;
  if (!Handler->hasDefinition() || !Thrown->hasDefinition())
    return true;
  if (Thrown->isDerivedFrom(Handler))
    return true;
  return OrDerived && Handler->isDerivedFrom(Thrown);
}

/// The type an exception object of \p Type is matched as: canonical,
/// unqualified, not a reference.
static QualType matchedType(QualType Type) {
  if (Type.isNull())
    return Type;
  return Type.getNonReferenceType().getCanonicalType().getUnqualifiedType();
}

bool ExceptionEscapes::mayCatch(const CXXCatchStmt *Handler,
                                const ThrownType &Type) {
  const QualType Caught = matchedType(Handler->getCaughtType());
  // `catch (...)`, and anything we cannot compare.
  if (Caught.isNull() || Caught->isDependentType() ||
      Type.What == ThrownType::Kind::Any)
    return true;
  const CXXRecordDecl *CaughtRecord = Caught->getAsCXXRecordDecl();
  if (Type.What == ThrownType::Kind::Library)
    return CaughtRecord && CaughtRecord->getDeclName().isIdentifier() &&
           isInStdLibrary(CaughtRecord) &&
           llvm::is_contained(Type.LibraryClasses, CaughtRecord->getName());

  const QualType Thrown = matchedType(Type.Type);
  if (Thrown.isNull() || Thrown->isDependentType() || Thrown == Caught)
    return true;
  const bool OrDerived = Type.What == ThrownType::Kind::OrDerived;
  const CXXRecordDecl *ThrownRecord = Thrown->getAsCXXRecordDecl();
  if (CaughtRecord && ThrownRecord)
    return recordMayCatch(CaughtRecord, ThrownRecord, OrDerived);
  if (CaughtRecord || ThrownRecord)
    return false;
  // Pointers: a null pointer constant, `void *`, the same pointee with more
  // qualifiers, a base class.
  if (Thrown->isNullPtrType())
    return Caught->isPointerType() || Caught->isMemberPointerType();
  if (!Caught->isPointerType() || !Thrown->isPointerType())
    return false;
  const QualType CaughtPointee = matchedType(Caught->getPointeeType());
  const QualType ThrownPointee = matchedType(Thrown->getPointeeType());
  if (CaughtPointee->isVoidType() || CaughtPointee == ThrownPointee ||
      CaughtPointee->isDependentType() || ThrownPointee->isDependentType())
    return true;
  const CXXRecordDecl *CaughtClass = CaughtPointee->getAsCXXRecordDecl();
  const CXXRecordDecl *ThrownClass = ThrownPointee->getAsCXXRecordDecl();
  return CaughtClass && ThrownClass &&
         recordMayCatch(CaughtClass, ThrownClass, OrDerived);
}

// --- The walk over one body -------------------------------------------------

/// Finds what leaves one function body, keeping the try blocks and the
/// handler around the current point.
class ExceptionEscapes::Walker {
public:
  Walker(ExceptionEscapes &Owner, const FunctionDecl *Function, unsigned Budget,
         Result &Out)
      : Owner(Owner), Function(Function), Budget(Budget), Out(Out) {}

  /// False when the body has invalid code: nothing is reported then.
  bool run() {
    const Stmt *Body = Function->getBody();
    // A function-try-block of a constructor or destructor rethrows what its
    // handlers catch; it also covers the member initializers.
    const auto *Try = dyn_cast_or_null<CXXTryStmt>(Body);
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Function))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        visit(Init->getInit());
    if (Try && isa<CXXConstructorDecl, CXXDestructorDecl>(Function)) {
      visit(Try->getTryBlock());
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        visitHandler(Try->getHandler(I));
    } else {
      visit(Body);
    }
    return !HasErrors;
  }

private:
  void visit(const Stmt *S) {
    if (!S || HasErrors)
      return;
    // Code that does not run here: lambdas and blocks run when called,
    // unevaluated operands never.
    if (isa<LambdaExpr, BlockExpr, CXXNoexceptExpr, UnaryExprOrTypeTraitExpr,
            CXXTypeidExpr, RequiresExpr>(S))
      return;
    if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors()) {
      HasErrors = true;
      return;
    }
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      Tries.push_back(Try);
      visit(Try->getTryBlock());
      Tries.pop_back();
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        visitHandler(Try->getHandler(I));
      return;
    }
    if (const auto *If = dyn_cast<IfStmt>(S); If && If->isConstexpr()) {
      visit(If->getInit());
      if (const std::optional<const Stmt *> Taken =
              If->getNondiscardedCase(Owner.Context))
        visit(*Taken);
      return;
    }
    // Operands run before the throw or the call that uses them.
    for (const Stmt *Child : S->children())
      visit(Child);
    if (const auto *Throw = dyn_cast<CXXThrowExpr>(S))
      throwExpr(Throw);
    else if (isa<CallExpr, CXXConstructExpr>(S))
      call(cast<Expr>(S));
  }

  void visitHandler(const CXXCatchStmt *Handler) {
    const CXXCatchStmt *Outer = CurrentHandler;
    CurrentHandler = Handler;
    visit(Handler->getHandlerBlock());
    CurrentHandler = Outer;
  }

  void throwExpr(const CXXThrowExpr *Throw) {
    EscapingException Escape;
    Escape.Site = Throw;
    Escape.Thrower = Function;
    if (const Expr *Operand = Throw->getSubExpr()) {
      Escape.From = EscapingException::Origin::Throw;
      Escape.Type.What = ThrownType::Kind::Exact;
      Escape.Type.Type = matchedType(Operand->getType());
      if (isAllocationFailure(Escape.Type.Type->getAsCXXRecordDecl()))
        return;
    } else {
      // `throw;` rethrows the exception its handler caught; outside a
      // handler it rethrows a caller's, which is not ours to follow.
      if (!CurrentHandler)
        return;
      Escape.From = EscapingException::Origin::Rethrow;
      if (const QualType Caught = CurrentHandler->getCaughtType();
          !Caught.isNull()) {
        Escape.Type.What = ThrownType::Kind::OrDerived;
        Escape.Type.Type = matchedType(Caught);
      }
    }
    escape(std::move(Escape));
  }

  void call(const Expr *Call) {
    const CallEvidence Evidence = Owner.Evidence(Call);
    EscapingException Escape;
    Escape.Site = Call;
    Escape.Thrower = Function;
    Escape.Callee = Evidence.Callee;
    switch (Evidence.What) {
    case CallEvidence::Kind::None:
      return;
    case CallEvidence::Kind::Declared:
      Escape.From = EscapingException::Origin::DeclaredCall;
      escape(std::move(Escape));
      return;
    case CallEvidence::Kind::Library:
      Escape.From = EscapingException::Origin::LibraryCall;
      if (!Evidence.LibraryClasses.empty()) {
        Escape.Type.What = ThrownType::Kind::Library;
        Escape.Type.LibraryClasses = Evidence.LibraryClasses;
      }
      escape(std::move(Escape));
      return;
    case CallEvidence::Kind::Body:
      break;
    }
    if (Budget == 0)
      return;
    const FunctionDecl *Definition = nullptr;
    if (!Evidence.Callee->hasBody(Definition) || !Definition)
      return;
    for (const EscapingException &Inner : Owner.of(Definition, Budget - 1)) {
      EscapingException Outer = Inner;
      Outer.Chain.insert(Outer.Chain.begin(), {Call, Definition});
      escape(std::move(Outer));
    }
  }

  /// Records \p Escape unless a try block around the current point catches
  /// it, or the same kind of exception already leaves this function.
  void escape(EscapingException Escape) {
    for (const CXXTryStmt *Try : llvm::reverse(Tries))
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        if (mayCatch(Try->getHandler(I), Escape.Type))
          return;
    if (Out.Escapes.size() >= MaxPerFunction)
      return;
    const bool Seen =
        llvm::any_of(Out.Escapes, [&](const EscapingException &E) {
          return E.From == Escape.From && E.Type.What == Escape.Type.What &&
                 E.Type.Type == Escape.Type.Type &&
                 E.Type.LibraryClasses.data() ==
                     Escape.Type.LibraryClasses.data();
        });
    if (!Seen)
      Out.Escapes.push_back(std::move(Escape));
  }

  ExceptionEscapes &Owner;
  const FunctionDecl *Function;
  const unsigned Budget;
  Result &Out;
  /// The try statements whose try block holds the current point, outermost
  /// first.
  llvm::SmallVector<const CXXTryStmt *, 4> Tries;
  /// The innermost handler whose block holds the current point.
  const CXXCatchStmt *CurrentHandler = nullptr;
  bool HasErrors = false;
};

llvm::ArrayRef<EscapingException>
ExceptionEscapes::of(const FunctionDecl *Function, unsigned MaxDepth) {
  const FunctionDecl *Definition = nullptr;
  if (!Function || !Function->hasBody(Definition) || !Definition ||
      Definition->isInvalidDecl() || Definition->isDependentContext() ||
      !Definition->getBody() || isa<CoroutineBodyStmt>(Definition->getBody()))
    return {};
  if (const auto Cached = Cache.find({Definition, MaxDepth});
      Cached != Cache.end())
    return Cached->second->Escapes;
  // A recursive call: what it lets out is already being collected.
  if (!Active.insert(Definition).second)
    return {};
  auto Found = std::make_unique<Result>();
  Walker Walk(*this, Definition, MaxDepth, *Found);
  if (!Walk.run())
    Found->Escapes.clear();
  Active.erase(Definition);
  const Result &Stored = *Found;
  Cache[{Definition, MaxDepth}] = std::move(Found);
  return Stored.Escapes;
}

} // namespace clang::tidy::threads::analysis
