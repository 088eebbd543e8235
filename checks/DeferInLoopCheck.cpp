//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "DeferInLoopCheck.h"
#include "LoopUtils.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include <utility>

using namespace clang::ast_matchers;

namespace clang::tidy::threads {

void DeferInLoopCheck::registerMatchers(MatchFinder *Finder) {
  // glibc's <alloca.h> defines alloca(size) as a macro for
  // __builtin_alloca(size); MSVC spells it _alloca. Calls to builtins are only
  // visible to the AsIs traversal (their callee is an implicit declaration),
  // so traverse AsIs and skip template instantiations by hand: the template's
  // own spelling is reported once.
  Finder->addMatcher(
      traverse(TK_AsIs,
               callExpr(callee(functionDecl(
                                   hasAnyName("::alloca", "::_alloca",
                                              "::__builtin_alloca",
                                              "::__builtin_alloca_with_align"))
                                   .bind("alloca-fn")),
                        unless(isInTemplateInstantiation()))
                   .bind("alloca")),
      this);
}

void DeferInLoopCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("alloca"))
    checkAlloca(Call, Result.Nodes.getNodeAs<FunctionDecl>("alloca-fn"),
                *Result.Context);
}

/// The name the user wrote for the allocation (the `alloca` macro when the
/// call comes from glibc's wrapper, the function's own name otherwise) and
/// where it is written. Returns an empty name for calls spelled inside any
/// other macro's body: only a call written in the file or in a macro argument
/// is the user's.
static std::pair<StringRef, SourceLocation>
allocaSpelling(const CallExpr *Call, const FunctionDecl *Callee,
               const SourceManager &SM, const LangOptions &LangOpts) {
  SourceLocation Loc = Call->getBeginLoc();
  StringRef Name = Callee->getName();
  bool PeeledWrapper = false;
  while (Loc.isMacroID()) {
    if (SM.isMacroArgExpansion(Loc)) {
      Loc = SM.getImmediateSpellingLoc(Loc);
      continue;
    }
    // `#define alloca(size) __builtin_alloca(size)` is the allocation
    // function itself; continue from where that macro is invoked.
    const StringRef Macro = Lexer::getImmediateMacroName(Loc, SM, LangOpts);
    if (PeeledWrapper || (Macro != "alloca" && Macro != "_alloca"))
      return {};
    PeeledWrapper = true;
    Name = Macro;
    Loc = SM.getImmediateExpansionRange(Loc).getBegin();
  }
  return {Name, Loc};
}

void DeferInLoopCheck::checkAlloca(const CallExpr *Call,
                                   const FunctionDecl *Callee,
                                   ASTContext &Context) {
  // Invalid code: the arguments may not be what the user meant.
  if (Call->containsErrors())
    return;
  const SourceManager &SM = Context.getSourceManager();
  const auto [Name, Loc] =
      allocaSpelling(Call, Callee, SM, Context.getLangOpts());
  if (Name.empty())
    return;
  const Stmt *Loop = loops::findRepeatingLoop(Call, Context);
  if (!Loop)
    return;
  if (SM.isInSystemHeader(Loc))
    return;
  diag(Loc, "'%0' inside a loop allocates on every iteration and frees only "
            "when the function returns; a long loop overflows the stack")
      << Name;
  diag(SM.getExpansionLoc(Loop->getBeginLoc()),
       "the allocation repeats in this loop", DiagnosticIDs::Note);
}

} // namespace clang::tidy::threads
