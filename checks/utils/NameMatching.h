//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Matching declarations against the names users write in options.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_UTILS_NAMEMATCHING_H
#define THREADS_TIDY_UTILS_NAMEMATCHING_H

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace clang::tidy::threads {
/// The qualified name of \p D as users write it: inline namespaces (libc++'s
/// `std::__1`, Abseil's `lts_*`) and anonymous namespaces left out, no
/// leading `::`. Empty for declarations without an identifier.
inline std::string qualifiedName(const NamedDecl *D) {
  if (!D->getDeclName().isIdentifier())
    return {};
  SmallVector<StringRef, 4> Parts{D->getName()};
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (!NS->isInline() && !NS->isAnonymousNamespace())
        Parts.push_back(NS->getName());
    } else if (const auto *Record = dyn_cast<RecordDecl>(DC)) {
      if (!Record->getIdentifier())
        break;
      Parts.push_back(Record->getName());
    } else if (!isa<TranslationUnitDecl, LinkageSpecDecl>(DC)) {
      break;
    }
  }
  std::string Result;
  for (const StringRef Part : llvm::reverse(Parts)) {
    if (!Result.empty())
      Result += "::";
    Result += Part;
  }
  return Result;
}

/// Same rules as the hasAnyName matcher: `::a::b` is the full name, `a::b` a
/// suffix of it, `b` the plain name.
inline bool nameMatches(StringRef Qualified, StringRef Plain,
                        StringRef Pattern) {
  if (Pattern.consume_front("::"))
    return Qualified == Pattern;
  if (!Pattern.contains("::"))
    return Plain == Pattern;
  return Qualified == Pattern ||
         (Qualified.ends_with(Pattern) &&
          Qualified.drop_back(Pattern.size()).ends_with("::"));
}

inline bool matchesAnyName(const NamedDecl *D,
                           llvm::ArrayRef<std::string> Patterns) {
  if (!D || !D->getDeclName().isIdentifier())
    return false;
  const std::string Qualified = qualifiedName(D);
  return llvm::any_of(Patterns, [&](const std::string &Pattern) {
    return nameMatches(Qualified, D->getName(), Pattern);
  });
}

/// The outermost named namespace around \p D is `std` (inline namespaces
/// such as libc++'s `std::__1`, and nested ones such as `std::filesystem`,
/// included).
inline bool isInStdLibrary(const Decl *D) {
  const NamespaceDecl *Outer = nullptr;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(DC);
        Namespace && !Namespace->isInline())
      Outer = Namespace;
  return Outer && Outer->getDeclName().isIdentifier() &&
         Outer->getName() == "std";
}

inline StringRef calledMethodName(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || !Method->getDeclName().isIdentifier())
    return {};
  return Method->getName();
}

/// True for a class `std::Name` (any template arguments, any
/// cv-qualification; not a reference to one, not a dependent type).
inline bool isStdClass(QualType Type, StringRef Name) {
  if (Type.isNull() || Type->isDependentType())
    return false;
  const auto *Record = Type.getCanonicalType()->getAsCXXRecordDecl();
  return Record && Record->getDeclName().isIdentifier() &&
         Record->getName() == Name && Record->isInStdNamespace();
}

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_UTILS_NAMEMATCHING_H
