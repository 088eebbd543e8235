//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The notes that show a path the engine found: one per branch it needs.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_UTILS_PATHNOTES_H
#define THREADS_TIDY_UTILS_PATHNOTES_H

#include "analysis/PathEngine.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/SmallVector.h"
#include <string>
#include <utility>

namespace clang::tidy::threads {

/// Notes to emit, each at its file location.
using NoteList = llvm::SmallVectorImpl<std::pair<SourceLocation, std::string>>;

/// When the path to \p Exit needs a combination of branches (two or more),
/// appends one note per branch, as the Static Analyzer does: "assuming
/// 'Count > Max' is true". A single branch is evident from the exit note,
/// and a branch written inside a macro's body (a lock macro's `if`, a
/// `do { } while (0)`) is the macro's business, not a choice to name.
void appendBranchNotes(const analysis::ExitRecord &Exit,
                       const ASTContext &Context, NoteList &Notes);

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_UTILS_PATHNOTES_H
