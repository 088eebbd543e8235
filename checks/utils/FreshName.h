//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Names for the declarations fix-its introduce (a guard, a stop token, a
/// per-iteration local) that clash with nothing the surrounding code uses.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_UTILS_FRESHNAME_H
#define THREADS_TIDY_UTILS_FRESHNAME_H

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringSet.h"
#include <string>

namespace clang::tidy::threads {

/// The names a new local could clash with: every identifier token spelled
/// in the source ranges added that is not a member name (after `.`, `->`)
/// or qualified (after `::`). A new local with any other name shadows
/// nothing the code there mentions and is shadowed by nothing.
class NamesInUse {
public:
  /// Adds the identifier tokens of \p Range (mapped to file text; a range
  /// that is not one stretch of one file adds nothing).
  void addTokensOf(SourceRange Range, const ASTContext &Context);
  void add(StringRef Name) { Names.insert(Name); }
  bool contains(StringRef Name) const { return Names.contains(Name); }
  bool empty() const { return Names.empty(); }

private:
  llvm::StringSet<> Names;
};

/// The first of \p Preferred, then of \p Stem followed by 2, 3, ..., that is
/// not in \p Used, not a macro and not a keyword; it is added to \p Used.
/// Empty when a hundred tries find nothing.
std::string pickFreshName(NamesInUse &Used,
                          llvm::ArrayRef<std::string> Preferred, StringRef Stem,
                          const ASTContext &Context);

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_UTILS_FRESHNAME_H
