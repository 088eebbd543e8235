//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "utils/SourceLocations.h"

#include "clang/Lex/Lexer.h"

namespace clang::tidy::threads {

bool isInMacroBody(SourceLocation Loc, const SourceManager &SM) {
  while (Loc.isMacroID()) {
    if (!SM.isMacroArgExpansion(Loc))
      return true;
    Loc = SM.getImmediateSpellingLoc(Loc);
  }
  return false;
}

SourceLocation reportLocation(SourceLocation Loc, const SourceManager &SM) {
  if (isInMacroBody(Loc, SM))
    return {};
  return SM.getFileLoc(Loc);
}

SourceLocation wrapperMacroUse(const Expr *Call, const SourceManager &SM,
                               const LangOptions &LangOpts) {
  const SourceLocation Begin = Call->getBeginLoc();
  const SourceLocation End = Call->getEndLoc();
  if (!Begin.isMacroID() || !End.isMacroID() || !isInMacroBody(Begin, SM))
    return {};
  // The call's first and last tokens are the first and last tokens of one
  // macro use written in a file (Lexer follows nested macros outwards).
  SourceLocation UseBegin;
  SourceLocation UseEnd;
  if (!Lexer::isAtStartOfMacroExpansion(Begin, SM, LangOpts, &UseBegin) ||
      !Lexer::isAtEndOfMacroExpansion(End, SM, LangOpts, &UseEnd) ||
      !UseBegin.isFileID() || !UseEnd.isFileID())
    return {};
  const CharSourceRange BeginUse = SM.getExpansionRange(Begin);
  const CharSourceRange EndUse = SM.getExpansionRange(End);
  if (BeginUse.getBegin() != UseBegin || EndUse.getBegin() != UseBegin ||
      BeginUse.getEnd() != EndUse.getEnd())
    return {};
  // The outermost macro is function-like: its use has an argument list.
  SourceLocation Loc = Begin;
  while (Loc.isMacroID()) {
    const SrcMgr::ExpansionInfo &Expansion =
        SM.getSLocEntry(SM.getFileID(Loc)).getExpansion();
    const SourceLocation Outer = Expansion.getExpansionLocStart();
    if (Outer.isFileID())
      return Expansion.isFunctionMacroExpansion() ? Outer : SourceLocation();
    Loc = Outer;
  }
  return {};
}

StringRef plainFileText(SourceRange Range, const ASTContext &Context) {
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
    return {};
  return Lexer::getSourceText(CharSourceRange::getTokenRange(Range),
                              Context.getSourceManager(),
                              Context.getLangOpts());
}

StringRef mappedFileText(SourceRange Range, const ASTContext &Context) {
  if (Range.isInvalid())
    return {};
  const CharSourceRange File = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Range), Context.getSourceManager(),
      Context.getLangOpts());
  if (File.isInvalid())
    return {};
  return Lexer::getSourceText(File, Context.getSourceManager(),
                              Context.getLangOpts());
}

std::optional<CharSourceRange>
statementRemovalRange(const Stmt *S, const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LO = Context.getLangOpts();
  const SourceLocation Semi =
      Lexer::findLocationAfterToken(S->getEndLoc(), tok::semi, SM, LO,
                                    /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (Semi.isInvalid())
    return std::nullopt;
  const std::pair<FileID, unsigned> Begin =
      SM.getDecomposedLoc(S->getBeginLoc());
  const std::pair<FileID, unsigned> After = SM.getDecomposedLoc(Semi);
  if (Begin.first != After.first)
    return std::nullopt;
  const StringRef Buffer = SM.getBufferData(Begin.first);
  unsigned Start = Begin.second;
  const unsigned Stop = After.second;
  unsigned LineStart = Start;
  while (LineStart > 0 &&
         (Buffer[LineStart - 1] == ' ' || Buffer[LineStart - 1] == '\t'))
    --LineStart;
  unsigned LineEnd = Stop;
  while (LineEnd < Buffer.size() &&
         (Buffer[LineEnd] == ' ' || Buffer[LineEnd] == '\t'))
    ++LineEnd;
  if (LineStart > 0 && Buffer[LineStart - 1] == '\n' &&
      (LineEnd == Buffer.size() || Buffer[LineEnd] == '\n' ||
       Buffer[LineEnd] == '\r'))
    Start = LineStart - 1;
  const SourceLocation FileStart = SM.getLocForStartOfFile(Begin.first);
  return CharSourceRange::getCharRange(
      FileStart.getLocWithOffset(static_cast<int>(Start)),
      FileStart.getLocWithOffset(static_cast<int>(LineEnd)));
}

} // namespace clang::tidy::threads
