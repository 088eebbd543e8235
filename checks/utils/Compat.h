//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Every difference between the supported LLVM majors (16 to 22) that check
/// code has to bridge. This is the only file in checks/ with a
/// CLANG_VERSION_MAJOR condition; call sites never see one.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_UTILS_COMPAT_H
#define THREADS_TIDY_UTILS_COMPAT_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/Version.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <initializer_list>

#if CLANG_VERSION_MAJOR < 17
// LLVM 17 added the helpers below, which check code uses with their LLVM 17
// names and signatures. For LLVM 16 they are provided here, in the namespaces
// where LLVM 17 declares them, so call sites stay the same for every major.

namespace llvm {
/// Whether \p Element equals one of \p Set, for an element type that differs
/// from the list's (a StringRef in a list of string literals). LLVM 16 only
/// has the overload whose two types are the same.
template <typename T, typename E>
constexpr bool is_contained(std::initializer_list<T> Set, const E &Element) {
  for (const T &Candidate : Set)
    if (Element == Candidate)
      return true;
  return false;
}

/// Whether \p C is an ASCII upper-case letter.
inline bool isUpper(char C) { return C >= 'A' && C <= 'Z'; }

/// Whether \p C is an ASCII lower-case letter.
inline bool isLower(char C) { return C >= 'a' && C <= 'z'; }
} // namespace llvm

namespace clang::ast_matchers {
/// Matches calls and constructions with at least \p N arguments, not counting
/// trailing default arguments when the traversal ignores implicit nodes (the
/// behaviour of LLVM 17's matcher of the same name).
AST_POLYMORPHIC_MATCHER_P(argumentCountAtLeast,
                          AST_POLYMORPHIC_SUPPORTED_TYPES(CallExpr,
                                                          CXXConstructExpr),
                          unsigned, N) {
  (void)Builder;
  unsigned NumArgs = Node.getNumArgs();
  if (Finder->isTraversalIgnoringImplicitNodes())
    while (NumArgs > 0 && isa<CXXDefaultArgExpr>(Node.getArg(NumArgs - 1)))
      --NumArgs;
  return NumArgs >= N;
}
} // namespace clang::ast_matchers
#endif

namespace clang::tidy::threads::compat {

/// The C++ class a type names, looking through sugar, as its definition when
/// one is visible. LLVM 22 changed TagType::getDecl() to return the
/// declaration the type was written with, so go through the canonical type.
inline const CXXRecordDecl *getRecordDecl(QualType Type) {
  if (Type.isNull())
    return nullptr;
  const CXXRecordDecl *Record = Type.getCanonicalType()->getAsCXXRecordDecl();
  if (!Record)
    return nullptr;
  if (const CXXRecordDecl *Definition = Record->getDefinition())
    return Definition;
  return Record;
}

/// The parameters of a RecursiveASTVisitor::TraverseTypeLoc override and the
/// arguments that forward them: LLVM 22 added whether to traverse the
/// qualifier.
#if CLANG_VERSION_MAJOR >= 22
#define THREADS_TIDY_TYPELOC_PARAMS TypeLoc TL, bool TraverseQualifier = true
#define THREADS_TIDY_TYPELOC_ARGS TL, TraverseQualifier
#else
#define THREADS_TIDY_TYPELOC_PARAMS TypeLoc TL
#define THREADS_TIDY_TYPELOC_ARGS TL
#endif

/// The LLVM major this plugin was compiled against.
constexpr unsigned BuiltForMajor = CLANG_VERSION_MAJOR;

} // namespace clang::tidy::threads::compat

#endif // THREADS_TIDY_UTILS_COMPAT_H
