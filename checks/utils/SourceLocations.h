//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Source locations and source text: where to report, what text a fix-it
/// may reuse, what range removes a statement.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_UTILS_SOURCELOCATIONS_H
#define THREADS_TIDY_UTILS_SOURCELOCATIONS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include <optional>

namespace clang::tidy::threads {

/// True when \p Loc is written inside a macro's body (not in an argument):
/// such code belongs to the macro's author, and a fix there would change
/// every expansion.
bool isInMacroBody(SourceLocation Loc, const SourceManager &SM);

/// Where to report something that starts at \p Loc: its file location, or
/// an invalid location when it is written in a macro body.
SourceLocation reportLocation(SourceLocation Loc, const SourceManager &SM);

/// Where a call that is the whole expansion of a function-like macro
/// (`#define LOCK(m) pthread_mutex_lock(m)`, also through nested macros) is
/// used in the user's code: the file location of the outermost such macro
/// use. Invalid when \p Call is not written in a macro body, or when the
/// macro's expansion has more than the call (a macro that also unlocks,
/// one that defines a whole function): that code is the macro's author's.
SourceLocation wrapperMacroUse(const Expr *Call, const SourceManager &SM,
                               const LangOptions &LangOpts);

/// The text of \p Range when it is plain file text (neither end in a macro
/// expansion), else empty. For fix-its that reuse the user's spelling.
StringRef plainFileText(SourceRange Range, const ASTContext &Context);

/// The file text \p Range maps to (Lexer::makeFileCharRange: a type argument
/// ending in a split `>>`, a whole macro use), or empty when it is not one
/// stretch of one file.
StringRef mappedFileText(SourceRange Range, const ASTContext &Context);

/// The range of the statement \p S including its `;`; when nothing else
/// shares its line, from the end of the previous line, so removing it leaves
/// neither a blank line nor stray indentation.
std::optional<CharSourceRange> statementRemovalRange(const Stmt *S,
                                                     const ASTContext &Context);

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_UTILS_SOURCELOCATIONS_H
