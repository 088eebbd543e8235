//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "utils/PathNotes.h"
#include "utils/SourceLocations.h"

namespace clang::tidy::threads {

void appendBranchNotes(const analysis::ExitRecord &Exit,
                       const ASTContext &Context, NoteList &Notes) {
  const SourceManager &SM = Context.getSourceManager();
  llvm::SmallVector<analysis::BranchStep, 4> Steps;
  for (const analysis::BranchStep &Step : Exit.Steps)
    if (!Step.Branch || !isInMacroBody(Step.Branch->getBeginLoc(), SM))
      Steps.push_back(Step);
  if (Steps.size() < 2)
    return;
  for (const analysis::BranchStep &Step : Steps) {
    const StringRef Text =
        plainFileText(Step.Condition->getSourceRange(), Context);
    std::string Note = "assuming ";
    if (!Text.empty() && Text.size() <= 60 && !Text.contains('\n'))
      Note += "'" + Text.str() + "'";
    else
      Note += "the condition";
    Note += Step.Taken ? " is true" : " is false";
    Notes.emplace_back(SM.getFileLoc(Step.Condition->getBeginLoc()),
                       std::move(Note));
  }
}

} // namespace clang::tidy::threads
