//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "utils/FreshName.h"

#include "clang/Basic/IdentifierTable.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/Twine.h"

namespace clang::tidy::threads {

void NamesInUse::addTokensOf(SourceRange Range, const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const CharSourceRange File = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Range), SM, Context.getLangOpts());
  if (File.isInvalid())
    return;
  const std::pair<FileID, unsigned> Begin =
      SM.getDecomposedLoc(File.getBegin());
  const StringRef Buffer = SM.getBufferData(Begin.first);
  Lexer Lex(SM.getLocForStartOfFile(Begin.first), Context.getLangOpts(),
            Buffer.begin(), Buffer.begin() + Begin.second, Buffer.end());
  const unsigned End = SM.getFileOffset(File.getEnd());
  Token Tok;
  tok::TokenKind Previous = tok::unknown;
  while (!Lex.LexFromRawLexer(Tok)) {
    if (SM.getFileOffset(Tok.getLocation()) > End)
      break;
    if (Tok.is(tok::raw_identifier) && Previous != tok::period &&
        Previous != tok::arrow && Previous != tok::coloncolon)
      Names.insert(Tok.getRawIdentifier());
    Previous = Tok.getKind();
  }
}

std::string pickFreshName(NamesInUse &Used,
                          llvm::ArrayRef<std::string> Preferred, StringRef Stem,
                          const ASTContext &Context) {
  const auto IsFree = [&](StringRef Name) {
    if (Used.contains(Name))
      return false;
    const auto It = Context.Idents.find(Name);
    if (It == Context.Idents.end())
      return true;
    const IdentifierInfo &Id = *It->getValue();
    return !Id.hasMacroDefinition() && !Id.isKeyword(Context.getLangOpts());
  };
  std::string Name;
  for (const std::string &Candidate : Preferred)
    if (IsFree(Candidate)) {
      Name = Candidate;
      break;
    }
  for (unsigned Suffix = 2; Name.empty() && Suffix < 100; ++Suffix) {
    std::string Candidate = (Stem + llvm::Twine(Suffix)).str();
    if (IsFree(Candidate))
      Name = std::move(Candidate);
  }
  if (!Name.empty())
    Used.add(Name);
  return Name;
}

} // namespace clang::tidy::threads
