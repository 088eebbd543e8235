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

#ifndef THREADS_TIDY_CHECKS_COMPAT_H
#define THREADS_TIDY_CHECKS_COMPAT_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "clang/Basic/Version.h"

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

#endif // THREADS_TIDY_CHECKS_COMPAT_H
