//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "utils/RaiiGuardFix.h"
#include "analysis/ParentIndex.h"
#include "utils/SourceLocations.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::threads {

namespace {
/// Finds any mention of a lock other than the calls the fix rewrites, and
/// any jump the new declaration could be crossed by.
class FixBlocker : public RecursiveASTVisitor<FixBlocker> {
public:
  FixBlocker(StringRef Key, llvm::ArrayRef<const Expr *> Allowed)
      : Key(Key), Allowed(Allowed) {}
  static bool shouldVisitLambdaBody() { return true; }
  bool VisitGotoStmt(GotoStmt *) { return block(); }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return block(); }
  bool VisitLabelStmt(LabelStmt *) { return block(); }
  bool VisitDeclRefExpr(DeclRefExpr *E) { return mention(E); }
  bool VisitMemberExpr(MemberExpr *E) { return mention(E); }
  bool Blocked = false;

private:
  bool block() {
    Blocked = true;
    return false;
  }
  bool mention(const Expr *E) {
    if (llvm::is_contained(Allowed, E))
      return true;
    const std::optional<std::string> Identity =
        analysis::lockIdentity(E, false);
    if (Identity && *Identity == Key)
      return block();
    return true;
  }
  StringRef Key;
  llvm::ArrayRef<const Expr *> Allowed;
};
} // namespace

/// The compound statement the new guard's declaration goes in: the one
/// \p Acquire is a statement of, when it is not a switch body and holds no
/// case label (a label could jump past the new declaration).
static const CompoundStmt *guardScope(const CallExpr *Acquire,
                                      ASTContext &Context) {
  const analysis::ParentIndex::ParentList Parents =
      analysis::ParentIndex::of(Context).parents(*Acquire);
  if (Parents.size() != 1)
    return nullptr;
  const auto *Compound = Parents[0].get<CompoundStmt>();
  if (!Compound)
    return nullptr;
  for (const DynTypedNode &Parent :
       analysis::ParentIndex::of(Context).parents(*Compound))
    if (Parent.get<SwitchStmt>())
      return nullptr;
  if (llvm::any_of(Compound->body(),
                   [](const Stmt *S) { return isa<SwitchCase>(S); }))
    return nullptr;
  return Compound;
}

std::optional<RaiiGuardFix>
buildRaiiGuardFix(const FunctionDecl *Function, const CallExpr *Acquire,
                  const analysis::LockOp &Op, const analysis::LockRecord &Lock,
                  NamesInUse &UsedNames, ASTContext &Context) {
  const StringRef Key = Lock.Key;
  const llvm::ArrayRef<const CallExpr *> Releases = Lock.ReleaseCalls;
  const LangOptions &LO = Context.getLangOpts();
  const SourceManager &SM = Context.getSourceManager();
  // Without any release the lock is meant to outlive the function (or the
  // function is wrong in a way a guard would not fix): no rewrite.
  if (!LO.CPlusPlus11 || Lock.AcquireCount != 1 || Lock.OtherReleases ||
      Releases.empty() || Function->isTemplateInstantiation() ||
      Function->isDependentContext())
    return std::nullopt;
  // std::unique_lock needs lock()/unlock(); std::shared_lock (C++14)
  // lock_shared()/unlock_shared().
  const bool Shared = Op.Name == "lock_shared";
  if (Op.Name != "lock" && !Shared)
    return std::nullopt;
  if (Shared && !LO.CPlusPlus14)
    return std::nullopt;
  const StringRef ReleaseName = Shared ? "unlock_shared" : "unlock";
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Acquire);
  if (!Member || Acquire->getBeginLoc().isMacroID() ||
      Acquire->getEndLoc().isMacroID())
    return std::nullopt;
  const Expr *Object = Member->getImplicitObjectArgument();
  if (!Object || Object->HasSideEffects(Context))
    return std::nullopt;
  const Expr *Callee = Member->getCallee()->IgnoreParenImpCasts();
  const auto *CalleeMember = dyn_cast<MemberExpr>(Callee);
  if (!CalleeMember || CalleeMember->isImplicitAccess())
    return std::nullopt;
  std::string MutexText;
  {
    const StringRef Text = plainFileText(Object->getSourceRange(), Context);
    if (Text.empty())
      return std::nullopt;
    MutexText = CalleeMember->isArrow() ? "*" + Text.str() : Text.str();
  }

  const CompoundStmt *Compound = guardScope(Acquire, Context);
  if (!Compound)
    return std::nullopt;

  // Every release is a plain `m.unlock();` inside that compound statement,
  // after the acquire.
  const SourceRange Scope = Compound->getSourceRange();
  llvm::SmallVector<const Expr *, 4> Allowed;
  for (const CallExpr *Release : Releases) {
    const auto *ReleaseMember = dyn_cast<CXXMemberCallExpr>(Release);
    if (!ReleaseMember || !ReleaseMember->getMethodDecl() ||
        ReleaseMember->getMethodDecl()->getName() != ReleaseName)
      return std::nullopt;
    if (Release->getBeginLoc().isMacroID() || Release->getEndLoc().isMacroID())
      return std::nullopt;
    if (!SM.isBeforeInTranslationUnit(Acquire->getEndLoc(),
                                      Release->getBeginLoc()) ||
        !SM.isBeforeInTranslationUnit(Release->getEndLoc(), Scope.getEnd()))
      return std::nullopt;
    Allowed.push_back(ReleaseMember->getImplicitObjectArgument());
  }
  Allowed.push_back(Object);
  FixBlocker Blocker(Key, Allowed);
  Blocker.TraverseStmt(Function->getBody());
  if (Blocker.Blocked)
    return std::nullopt;

  // A name nothing in the function uses.
  if (UsedNames.empty())
    UsedNames.addTokensOf(Function->getBody()->getSourceRange(), Context);
  std::string MutexName;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()))
    MutexName = Ref->getDecl()->getNameAsString();
  else if (const auto *Field =
               dyn_cast<MemberExpr>(Object->IgnoreParenImpCasts()))
    MutexName = Field->getMemberDecl()->getNameAsString();
  llvm::SmallVector<std::string, 2> Preferred = {"lock"};
  if (!MutexName.empty())
    Preferred.push_back(MutexName + "_lock");
  const std::string Name = pickFreshName(UsedNames, Preferred, "lock", Context);
  if (Name.empty())
    return std::nullopt;

  // Which guard: a scope guard when the only release ends the compound
  // statement (the guard's destructor is that release), an owning
  // std::unique_lock/std::shared_lock otherwise, so the explicit releases
  // stay where they are.
  const bool EndsScope = Releases.size() == 1 && !Compound->body_empty() &&
                         Compound->body_back() == Releases.front();
  std::string TypeText;
  if (!LO.CPlusPlus17) {
    PrintingPolicy Policy(LO);
    Policy.SuppressUnwrittenScope = true;
    QualType Type = CalleeMember->isArrow()
                        ? Object->getType()->getPointeeType()
                        : Object->getType();
    Type = Type.getNonReferenceType().getUnqualifiedType();
    if (Type->isDependentType())
      return std::nullopt;
    TypeText = "<" + Type.getAsString(Policy) + ">";
  }
  std::string Guard;
  if (Shared)
    Guard = "std::shared_lock";
  else if (EndsScope)
    Guard = LO.CPlusPlus17 ? "std::scoped_lock" : "std::lock_guard";
  else
    Guard = "std::unique_lock";

  RaiiGuardFix Fix;
  Fix.Header = Shared ? "<shared_mutex>" : "<mutex>";
  Fix.Hints.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Acquire->getSourceRange()),
      Guard + TypeText + " " + Name + "(" + MutexText + ")"));
  if (EndsScope) {
    const std::optional<CharSourceRange> Removal =
        statementRemovalRange(Releases.front(), Context);
    if (!Removal)
      return std::nullopt;
    Fix.Hints.push_back(FixItHint::CreateRemoval(*Removal));
    return Fix;
  }
  for (const CallExpr *Release : Releases)
    Fix.Hints.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Release->getSourceRange()),
        Name + ".unlock()"));
  return Fix;
}

} // namespace clang::tidy::threads
