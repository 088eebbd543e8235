//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "ExceptionEscapesThreadCheck.h"
#include "analysis/ThreadEntry.h"
#include "utils/OptionReader.h"
#include "utils/SourceLocations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>
#include <utility>

using namespace clang::ast_matchers;

namespace clang::tidy::threads {

using namespace analysis;

static constexpr unsigned DefaultMaxCallDepth = 3;
/// Deeper values are taken as this: each level multiplies the work, and a
/// chain of 16 calls is past what anyone reads in a note list.
static constexpr unsigned CallDepthLimit = 16;

ExceptionEscapesThreadCheck::ExceptionEscapesThreadCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {
  OptionReader Reader(Options, Name, [this](StringRef Message) {
    configurationDiag("%0") << Message;
  });
  MaxCallDepth = Reader.count("MaxCallDepth", DefaultMaxCallDepth);
  ThreadTypes = Reader.nameList("ThreadTypes", "", RawThreadTypes);
  Evidence.Policy = ExceptionPolicy::Known;
}

void ExceptionEscapesThreadCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
  Options.store(Opts, "ThreadTypes", RawThreadTypes);
}

void ExceptionEscapesThreadCheck::registerMatchers(MatchFinder *Finder) {
  for (const StatementMatcher &Matcher :
       entry::threadCreationMatchers(ThreadTypes))
    Finder->addMatcher(Matcher, this);
}

/// True when a call of \p Method may run another override than the one we
/// see.
static bool mayRunOverride(const FunctionDecl *Function) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Function);
  return Method && Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
         !Method->getParent()->hasAttr<FinalAttr>();
}

void ExceptionEscapesThreadCheck::check(
    const MatchFinder::MatchResult &Result) {
  const auto *Creation = Result.Nodes.getNodeAs<Expr>(entry::CreationId);
  const auto *Callable = Result.Nodes.getNodeAs<Expr>(entry::CallableId);
  if (!Creation || !Callable || Creation->containsErrors())
    return;
  ASTContext &Context = *Result.Context;
  const SourceManager &SM = Context.getSourceManager();
  if (isInMacroBody(Creation->getBeginLoc(), SM))
    return;
  const entry::ThreadEntry Entry = entry::resolveThreadEntry(Callable, Context);
  const FunctionDecl *Function = Entry.Function;
  // The user's own entry: not the library's (a std::packaged_task keeps
  // the exception for its future), not one an override may replace.
  if (!Function || !Function->getBody() ||
      SM.isInSystemHeader(Function->getLocation()) || mayRunOverride(Function))
    return;
  const SourceLocation Loc = SM.getFileLoc(Creation->getBeginLoc());
  if (Reported.contains(Loc))
    return;
  if (!Escapes)
    Escapes = std::make_unique<ExceptionEscapes>(
        [this](const Expr *Call) { return Evidence.callEvidence(Call); },
        Context);
  const llvm::ArrayRef<EscapingException> Found =
      Escapes->of(Function, std::min(MaxCallDepth, CallDepthLimit));
  if (Found.empty())
    return;
  Reported.insert(Loc);
  // The one reported: an explicit throw before a call known to throw (the
  // user's own code says more), then the shortest chain, then source order.
  const EscapingException *Best = &Found.front();
  auto Rank = [](const EscapingException &E) {
    const bool Explicit = E.From == EscapingException::Origin::Throw ||
                          E.From == EscapingException::Origin::Rethrow;
    return std::make_pair(Explicit ? 0 : 1, E.Chain.size());
  };
  for (const EscapingException &Each : Found)
    if (Rank(Each) < Rank(*Best))
      Best = &Each;
  report(Creation, Function, *Best, Context);
}

// --- Wording -----------------------------------------------------------------

static bool isLambdaBody(const FunctionDecl *Function) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Function);
  return Method && Method->getParent()->isLambda();
}

/// `'parse'`, `'Worker::run'`, or `a lambda`.
static std::string describe(const FunctionDecl *Function) {
  if (isLambdaBody(Function))
    return "a lambda";
  std::string Name = Function->getNameAsString();
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      Method && Method->getParent()->getIdentifier())
    Name = Method->getParent()->getName().str() + "::" + Name;
  return "'" + Name + "'";
}

static std::string typeName(QualType Type, const ASTContext &Context) {
  return "'" + Type.getAsString(Context.getPrintingPolicy()) + "'";
}

/// How a standard class of ThrownType::LibraryClasses is written.
static std::string libraryClassName(StringRef Name) {
  if (Name == "filesystem_error")
    return "'std::filesystem::filesystem_error'";
  return ("'std::" + Name + "'").str();
}

/// The classes a library call throws, without their bases:
/// `'std::invalid_argument' or 'std::out_of_range'`.
static std::string libraryThrows(llvm::ArrayRef<llvm::StringLiteral> Classes) {
  std::string Text;
  for (const llvm::StringLiteral &Class : Classes) {
    if (llvm::is_contained({"exception", "logic_error", "runtime_error",
                            "system_error", "bad_cast"},
                           StringRef(Class)))
      continue;
    if (!Text.empty())
      Text += " or ";
    Text += libraryClassName(Class);
  }
  return Text;
}

/// The exception and where it comes from, for the warning.
static std::string describeException(const EscapingException &Escape,
                                     const ASTContext &Context) {
  const bool Nested = !Escape.Chain.empty();
  switch (Escape.From) {
  case EscapingException::Origin::Throw:
    return "exception of type " + typeName(Escape.Type.Type, Context) +
           (Nested ? " thrown in " + describe(Escape.Thrower) : "");
  case EscapingException::Origin::Rethrow:
    return "exception rethrown by a handler" +
           (Nested ? " in " + describe(Escape.Thrower) : "");
  case EscapingException::Origin::DeclaredCall:
  case EscapingException::Origin::LibraryCall:
    return "exception thrown by " + describe(Escape.Callee);
  }
  return "exception";
}

void ExceptionEscapesThreadCheck::report(const Expr *Creation,
                                         const FunctionDecl *Entry,
                                         const EscapingException &Escape,
                                         ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const std::string What = describeException(Escape, Context);
  const std::string Where = isLambdaBody(Entry)
                                ? std::string("the thread's lambda")
                                : "the thread entry " + describe(Entry);
  const auto *Proto = Entry->getType()->getAs<FunctionProtoType>();
  // A noexcept entry terminates when the exception reaches it: the same
  // end, and the same fix.
  if (Proto && Proto->isNothrow())
    diag(SM.getFileLoc(Creation->getBeginLoc()),
         "%0 escapes %1, which is noexcept; std::terminate ends the process "
         "either way")
        << What << Where;
  else
    diag(SM.getFileLoc(Creation->getBeginLoc()),
         "%0 escapes %1; std::terminate ends the process")
        << What << Where;

  for (const EscapingException::Step &Step : Escape.Chain)
    diag(SM.getFileLoc(Step.Call->getExprLoc()),
         "the exception leaves this call to %0", DiagnosticIDs::Note)
        << describe(Step.Callee);

  const SourceLocation Site = SM.getFileLoc(Escape.Site->getExprLoc());
  switch (Escape.From) {
  case EscapingException::Origin::Throw:
    diag(Site, "exception of type %0 thrown here", DiagnosticIDs::Note)
        << typeName(Escape.Type.Type, Context);
    break;
  case EscapingException::Origin::Rethrow:
    diag(Site, "the handler rethrows the exception here", DiagnosticIDs::Note);
    break;
  case EscapingException::Origin::DeclaredCall:
    diag(Site, "%0 is declared to throw", DiagnosticIDs::Note)
        << describe(Escape.Callee);
    break;
  case EscapingException::Origin::LibraryCall:
    if (Escape.Type.What == ThrownType::Kind::Library)
      diag(Site, "%0 throws %1", DiagnosticIDs::Note)
          << describe(Escape.Callee)
          << libraryThrows(Escape.Type.LibraryClasses);
    else
      diag(Site, "%0 rethrows the exception the future holds",
           DiagnosticIDs::Note)
          << describe(Escape.Callee);
    break;
  }
}

} // namespace clang::tidy::threads
