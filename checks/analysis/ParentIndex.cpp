//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "analysis/ParentIndex.h"

#include "utils/Compat.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclObjC.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace clang::tidy::threads::analysis {

namespace {

/// Records, for every statement and declaration under a root, the node it
/// was reached from, with the same traversal as clang's own parent map
/// (template instantiations and implicit code included; types, qualifiers,
/// template arguments and attributes are parents, constructor initializers
/// are not), so the answers agree with ASTContext::getParents().
class ParentIndexBuilder : public RecursiveASTVisitor<ParentIndexBuilder> {
  using Base = RecursiveASTVisitor<ParentIndexBuilder>;

public:
  ParentIndexBuilder(
      std::deque<ParentIndex::ParentList> &Storage,
      llvm::DenseMap<const void *, ParentIndex::ParentList *> &Map)
      : Storage(Storage), Map(Map) {}

  static bool shouldVisitTemplateInstantiations() { return true; }
  static bool shouldVisitImplicitCode() { return true; }

  void mapRoot(Decl *Root) {
    // The root's parent is the namespace (or linkage specification, or the
    // translation unit) it is written in, as in clang's map.
    if (const auto *Lexical =
            dyn_cast_or_null<Decl>(Root->getLexicalDeclContext()))
      Stack.push_back(DynTypedNode::create(*Lexical));
    TraverseDecl(Root);
    Stack.clear();
  }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    record(D);
    return descend(DynTypedNode::create(*D),
                   [&] { return Base::TraverseDecl(D); });
  }

  // One parameter: children are then traversed through this override too,
  // not through RecursiveASTVisitor's data-recursion queue.
  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    record(S);
    return descend(DynTypedNode::create(*S),
                   [&] { return Base::TraverseStmt(S); });
  }

  bool TraverseTypeLoc(THREADS_TIDY_TYPELOC_PARAMS) {
    if (TL.isNull())
      return true;
    return descend(DynTypedNode::create(TL), [&] {
      return Base::TraverseTypeLoc(THREADS_TIDY_TYPELOC_ARGS);
    });
  }

  bool TraverseNestedNameSpecifierLoc(NestedNameSpecifierLoc NNS) {
    if (!NNS)
      return true;
    return descend(DynTypedNode::create(NNS),
                   [&] { return Base::TraverseNestedNameSpecifierLoc(NNS); });
  }

  bool TraverseTemplateArgumentLoc(const TemplateArgumentLoc &Arg) {
    return descend(DynTypedNode::create(Arg),
                   [&] { return Base::TraverseTemplateArgumentLoc(Arg); });
  }

  bool TraverseAttr(Attr *A) {
    if (!A)
      return true;
    return descend(DynTypedNode::create(*A),
                   [&] { return Base::TraverseAttr(A); });
  }

private:
  template <typename Fn> bool descend(const DynTypedNode &Node, Fn Traverse) {
    Stack.push_back(Node);
    const bool Continue = Traverse();
    Stack.pop_back();
    return Continue;
  }

  void record(const void *Key) {
    if (Stack.empty())
      return;
    const DynTypedNode &Parent = Stack.back();
    ParentIndex::ParentList *&List = Map[Key];
    if (!List) {
      List = &Storage.emplace_back();
      List->push_back(Parent);
      return;
    }
    // Shared nodes (reached through a template and its instantiation, or
    // through implicit code) have several parents.
    if (!llvm::is_contained(*List, Parent))
      List->push_back(Parent);
  }

  std::deque<ParentIndex::ParentList> &Storage;
  llvm::DenseMap<const void *, ParentIndex::ParentList *> &Map;
  llvm::SmallVector<DynTypedNode, 32> Stack;
};

/// THREADS_TIDY_VERIFY_PARENTS=1 compares every answer with
/// ASTContext::getParents() and prints the differences: a development aid
/// (the lit suite runs the checks with it), never on by default.
bool verifying() {
  static const bool Verify = [] {
    const char *Value = std::getenv("THREADS_TIDY_VERIFY_PARENTS");
    return Value && *Value && *Value != '0';
  }();
  return Verify;
}

void verify(ASTContext &Context, const DynTypedNode &Node,
            const ParentIndex::ParentList &Ours) {
  const DynTypedNodeList Theirs = Context.getParents(Node);
  bool Same = Ours.size() == Theirs.size();
  for (const DynTypedNode &Parent : Theirs)
    Same = Same && llvm::is_contained(Ours, Parent);
  if (Same)
    return;
  llvm::errs() << "threads-tidy: parent index differs for "
               << Node.getNodeKind().asStringRef() << " at ";
  Node.getSourceRange().getBegin().print(llvm::errs(),
                                         Context.getSourceManager());
  llvm::errs() << ": index";
  for (const DynTypedNode &Parent : Ours)
    llvm::errs() << " " << Parent.getNodeKind().asStringRef();
  llvm::errs() << ", clang";
  for (const DynTypedNode &Parent : Theirs)
    llvm::errs() << " " << Parent.getNodeKind().asStringRef();
  llvm::errs() << "\n";
}

} // namespace

ParentIndex &ParentIndex::of(ASTContext &Context) {
  // Shared by all checks; clangd runs several ASTs on different threads, so
  // the registry (not an index) is guarded.
  static std::mutex Lock;
  static llvm::DenseMap<const ASTContext *, std::unique_ptr<ParentIndex>>
      Indexes;
  const std::lock_guard<std::mutex> Guard(Lock);
  std::unique_ptr<ParentIndex> &Index = Indexes[&Context];
  if (!Index) {
    Index = std::make_unique<ParentIndex>(Context);
    // The next AST may get the same address: forget this one with it.
    Context.AddDeallocation(
        [](void *Key) {
          const std::lock_guard<std::mutex> Guard(Lock);
          Indexes.erase(static_cast<const ASTContext *>(Key));
        },
        &Context);
  }
  return *Index;
}

void ParentIndex::collectTopLevel(const DeclContext *DC) {
  const SourceManager &SM = Context.getSourceManager();
  for (const Decl *D : DC->decls()) {
    if (D->isImplicit())
      continue;
    const SourceRange Range = D->getSourceRange();
    const SourceLocation Begin = SM.getExpansionLoc(Range.getBegin());
    if (Begin.isInvalid() || SM.isInSystemHeader(Begin))
      continue;
    if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(D)) {
      collectTopLevel(cast<DeclContext>(D));
      continue;
    }
    // Traversed from their template, never on their own.
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(D))
      if (Spec->getSpecializationKind() == TSK_ImplicitInstantiation)
        continue;
    const std::pair<FileID, unsigned> Start = SM.getDecomposedLoc(Begin);
    const std::pair<FileID, unsigned> Stop =
        SM.getDecomposedLoc(SM.getExpansionRange(Range.getEnd()).getEnd());
    const unsigned End = Stop.first == Start.first ? Stop.second : ~0U;
    TopLevelByFile[Start.first].push_back({Start.second, End, D});
  }
}

void ParentIndex::mapRoot(const Decl *Root) {
  if (!Root || !MappedRoots.insert(Root).second)
    return;
  ParentIndexBuilder Builder(Storage, Parents);
  Builder.mapRoot(const_cast<Decl *>(Root));
}

/// Adds the roots under which \p Template's members are traversed: the
/// pattern under the definition, implicit instantiations under the first
/// declaration, explicit instantiations (`template struct Box<int>;`) under
/// their own declaration.
static void addClassTemplateRoots(const ClassTemplateDecl *Template,
                                  llvm::SmallVectorImpl<const Decl *> &Roots) {
  const ClassTemplateDecl *First = Template->getCanonicalDecl();
  // Every declaration: the definition holds the pattern, the first one the
  // implicit instantiations.
  for (const RedeclarableTemplateDecl *Redecl : First->redecls())
    Roots.push_back(Redecl);
  for (const ClassTemplateSpecializationDecl *Spec : First->specializations())
    if (Spec->getSpecializationKind() == TSK_ExplicitInstantiationDefinition ||
        Spec->getSpecializationKind() == TSK_ExplicitInstantiationDeclaration)
      Roots.push_back(Spec);
}

/// The roots whose traversal may reach nodes spelled inside \p D.
static void addRootsOf(const Decl *D,
                       llvm::SmallVectorImpl<const Decl *> &Roots) {
  Roots.push_back(D);
  // Instantiations are traversed from the first declaration of a template.
  if (const auto *Template = dyn_cast<ClassTemplateDecl>(D))
    addClassTemplateRoots(Template, Roots);
  else if (const auto *Template = dyn_cast<RedeclarableTemplateDecl>(D))
    for (const RedeclarableTemplateDecl *Redecl : Template->redecls())
      Roots.push_back(Redecl);
  // A member defined outside its class (`void A<T>::f() { ... }`) is
  // instantiated inside the class template's specializations, which are
  // traversed from the class template.
  const DeclContext *Semantic = D->getDeclContext();
  if (Semantic == D->getLexicalDeclContext())
    return;
  const CXXRecordDecl *Outermost = nullptr;
  for (const DeclContext *DC = Semantic; DC; DC = DC->getParent())
    if (const auto *Record = dyn_cast<CXXRecordDecl>(DC))
      Outermost = Record;
    else if (!isa<FunctionDecl>(DC))
      break;
  if (!Outermost)
    return;
  const ClassTemplateDecl *Template = Outermost->getDescribedClassTemplate();
  if (const auto *Partial =
          dyn_cast<ClassTemplatePartialSpecializationDecl>(Outermost))
    Template = Partial->getSpecializedTemplate();
  if (Template)
    addClassTemplateRoots(Template, Roots);
}

void ParentIndex::mapRootsFor(const DynTypedNode &Node, const void *Key) {
  const SourceManager &SM = Context.getSourceManager();
  if (!TopLevelCollected) {
    TopLevelCollected = true;
    collectTopLevel(Context.getTranslationUnitDecl());
    for (auto &Entry : TopLevelByFile)
      llvm::sort(Entry.second, [](const TopLevel &A, const TopLevel &B) {
        return A.Begin < B.Begin;
      });
  }
  SourceLocation Loc = Node.getSourceRange().getBegin();
  if (const auto *D = Node.get<Decl>())
    Loc = D->getLocation();
  if (Loc.isInvalid())
    return;
  Loc = SM.getExpansionLoc(Loc);
  if (SM.isInSystemHeader(Loc))
    return;
  // The innermost file first, then the places it was included from (a body
  // that #includes part of itself).
  for (unsigned Depth = 0; Loc.isValid() && Depth < 16; ++Depth) {
    const auto [File, Offset] = SM.getDecomposedLoc(Loc);
    const auto Found = TopLevelByFile.find(File);
    if (Found != TopLevelByFile.end()) {
      const std::vector<TopLevel> &Decls = Found->second;
      auto It = llvm::upper_bound(Decls, Offset,
                                  [](unsigned Offset, const TopLevel &Entry) {
                                    return Offset < Entry.Begin;
                                  });
      // Declarations rarely overlap (`struct S { } s;` is two); look at
      // the few that start before the node.
      llvm::SmallVector<const Decl *, 4> Roots;
      for (unsigned Misses = 0; It != Decls.begin() && Misses < 2;) {
        --It;
        if (Offset <= It->End)
          addRootsOf(It->D, Roots);
        else
          ++Misses;
      }
      // All of them, in translation-unit order: a statement a template
      // shares with its instantiations has a parent in each, and clang
      // lists them in that order.
      llvm::sort(Roots);
      Roots.erase(std::unique(Roots.begin(), Roots.end()), Roots.end());
      llvm::sort(Roots, [&](const Decl *A, const Decl *B) {
        return SM.isBeforeInTranslationUnit(
            SM.getExpansionLoc(A->getBeginLoc()),
            SM.getExpansionLoc(B->getBeginLoc()));
      });
      for (const Decl *Root : Roots)
        mapRoot(Root);
      if (Parents.count(Key))
        return;
    }
    Loc = SM.getIncludeLoc(File);
  }
  // Not where its location says (unusual template or macro arrangements):
  // map all of user code once rather than answer wrongly.
  if (MappedEverything)
    return;
  MappedEverything = true;
  for (const auto &Entry : TopLevelByFile)
    for (const TopLevel &Decl : Entry.second) {
      llvm::SmallVector<const class Decl *, 4> Roots;
      addRootsOf(Decl.D, Roots);
      for (const class Decl *Root : Roots)
        mapRoot(Root);
    }
  if (verifying()) {
    llvm::errs() << "threads-tidy: parent index mapped all of user code for "
                 << Node.getNodeKind().asStringRef() << " at ";
    Node.getSourceRange().getBegin().print(llvm::errs(), SM);
    llvm::errs() << "\n";
  }
}

const ParentIndex::ParentList *ParentIndex::lookup(const void *Key) const {
  const auto It = Parents.find(Key);
  return It == Parents.end() ? nullptr : It->second;
}

const DynTypedNode *ParentIndex::onlyParent(const void *Key) const {
  const ParentList *List = lookup(Key);
  return List && List->size() == 1 ? &List->front() : nullptr;
}

/// True when the implicit traversal skips \p E on the way up from \p Child:
/// implicit conversions, full-expression and temporary wrappers,
/// parentheses, and conversions or member accesses that span exactly the
/// child's text.
static bool isInvisibleAbove(const Expr *E, const Expr *Child) {
  if (isa<ImplicitCastExpr, FullExpr, MaterializeTemporaryExpr,
          CXXBindTemporaryExpr, ParenExpr>(E))
    return true;
  const SourceRange Range = Child->getSourceRange();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->isElidable() || Construct->getSourceRange() == Range;
  if (isa<CXXFunctionalCastExpr, CXXMemberCallExpr, MemberExpr>(E))
    return E->getSourceRange() == Range;
  return false;
}

ParentIndex::ParentList ParentIndex::ascendSpelled(const Expr *E,
                                                   const Expr *Child) const {
  while (isInvisibleAbove(E, Child)) {
    const ParentList *Up = lookup(E);
    if (!Up)
      break;
    const auto *S = Up->size() == 1 ? Up->front().get<Stmt>() : nullptr;
    if (!S)
      return *Up;
    const auto *Next = dyn_cast<Expr>(S);
    if (!Next)
      return {Up->front()};
    Child = E;
    E = Next;
  }
  return {DynTypedNode::create(*E)};
}

ParentIndex::ParentList
ParentIndex::spelledParents(const DynTypedNode &Node,
                            const ParentList &Raw) const {
  const auto *ChildExpr = Node.get<Expr>();
  // An operand of a comparison the compiler rewrote (`a != b` as
  // `!(a == b)`) belongs to the comparison as written.
  if (ChildExpr) {
    const ParentList *Up = &Raw;
    for (unsigned Depth = 0; Up && Up->size() == 1 && Depth < 4; ++Depth) {
      const auto *S = Up->front().get<Stmt>();
      if (!S)
        break;
      const auto *Rewritten = dyn_cast<CXXRewrittenBinaryOperator>(S);
      if (!Rewritten) {
        Up = lookup(S);
        continue;
      }
      if (Rewritten->getLHS()->IgnoreUnlessSpelledInSource() != ChildExpr &&
          Rewritten->getRHS()->IgnoreUnlessSpelledInSource() != ChildExpr)
        break;
      return {DynTypedNode::create(*Rewritten)};
    }
  }
  const DynTypedNode &First = Raw.front();
  if (const auto *ParentExpr = First.get<Expr>(); ParentExpr && ChildExpr)
    return ascendSpelled(ParentExpr, ChildExpr);

  // The loop variable and the range of a range-for belong to the loop, not
  // to the implicit declarations that hold them.
  const auto ForRangeAbove = [&](const DeclStmt *Decls) -> const Stmt * {
    const DynTypedNode *Up = Decls ? onlyParent(Decls) : nullptr;
    const auto *Loop = Up ? Up->get<CXXForRangeStmt>() : nullptr;
    return Loop && onlyParent(Loop) ? Loop : nullptr;
  };
  if (const auto *Decls = First.get<DeclStmt>())
    if (const Stmt *Loop = ForRangeAbove(Decls);
        Loop && cast<CXXForRangeStmt>(Loop)->getLoopVarStmt() == Decls)
      return {DynTypedNode::create(*Loop)};
  if (const auto *Var = First.get<VarDecl>())
    if (const DynTypedNode *Up = onlyParent(Var))
      if (const auto *Decls = Up->get<DeclStmt>())
        if (const Stmt *Loop = ForRangeAbove(Decls);
            Loop && cast<CXXForRangeStmt>(Loop)->getRangeStmt() == Decls)
          return {DynTypedNode::create(*Loop)};

  // A lambda's body belongs to the lambda expression, not to the call
  // operator of its implicit class.
  const Decl *Operator = First.get<CXXMethodDecl>();
  if (!Operator)
    Operator = First.get<FunctionTemplateDecl>();
  if (Operator)
    if (const DynTypedNode *Class = onlyParent(Operator))
      if (const auto *Record = Class->get<CXXRecordDecl>())
        if (const DynTypedNode *Up = onlyParent(Record))
          if (const auto *Lambda = Up->get<LambdaExpr>();
              Lambda && onlyParent(Lambda))
            return {*Up};
  return Raw;
}

ParentIndex::ParentList ParentIndex::parents(const DynTypedNode &Node) {
  const void *Key = Node.get<Stmt>()
                        ? static_cast<const void *>(Node.get<Stmt>())
                        : Node.get<Decl>();
  if (!Key)
    return {};
  // Namespaces are not mapped (they are never roots): their parent is where
  // they are written.
  if (const auto *D = Node.get<Decl>();
      D && isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(D)) {
    ParentList Result;
    if (const auto *Outer = dyn_cast_or_null<Decl>(D->getLexicalDeclContext()))
      Result.push_back(DynTypedNode::create(*Outer));
    return Result;
  }
  const ParentList *Raw = lookup(Key);
  if (!Raw && !Unplaceable.count(Key)) {
    mapRootsFor(Node, Key);
    Raw = lookup(Key);
    if (!Raw)
      Unplaceable.insert(Key);
  }
  ParentList Result;
  // Callbacks run in the traversal kind of their check's matchers; answer as
  // ASTContext::getParents() would in it.
  if (Raw && !Raw->empty())
    Result = Context.getParentMapContext().getTraversalKind() ==
                     TK_IgnoreUnlessSpelledInSource
                 ? spelledParents(Node, *Raw)
                 : *Raw;
  if (verifying())
    verify(Context, Node, Result);
  return Result;
}

bool ParentIndex::isCodeBoundary(const DynTypedNode &Node) {
  return Node.get<FunctionDecl>() || Node.get<LambdaExpr>() ||
         Node.get<BlockDecl>() || Node.get<ObjCMethodDecl>() ||
         Node.get<CapturedStmt>() || Node.get<TranslationUnitDecl>();
}

const FunctionDecl *ParentIndex::enclosingFunction(const Stmt &S) {
  // Blocks are callables of their own; an OpenMP region (a captured
  // statement) belongs to the function around it.
  const DynTypedNode Owner = firstAncestor(
      DynTypedNode::create(S),
      [](const DynTypedNode &Parent) {
        return Parent.get<FunctionDecl>() || Parent.get<LambdaExpr>() ||
               Parent.get<BlockDecl>() || Parent.get<ObjCMethodDecl>();
      },
      1024);
  if (const auto *Function = Owner.get<FunctionDecl>())
    return Function;
  if (const auto *Lambda = Owner.get<LambdaExpr>())
    return Lambda->getCallOperator();
  return nullptr;
}

/// True for an instantiation of a template (implicit or explicit).
static bool isInstantiation(TemplateSpecializationKind Kind) {
  return Kind == TSK_ImplicitInstantiation ||
         Kind == TSK_ExplicitInstantiationDeclaration ||
         Kind == TSK_ExplicitInstantiationDefinition;
}

bool ParentIndex::isInTemplateInstantiation(const Stmt &S) {
  llvm::SmallVector<DynTypedNode, 8> Work{DynTypedNode::create(S)};
  llvm::DenseSet<const void *> Seen;
  while (!Work.empty()) {
    const DynTypedNode Node = Work.pop_back_val();
    for (const DynTypedNode &Parent : parents(Node)) {
      if (const auto *Record = Parent.get<CXXRecordDecl>())
        if (isInstantiation(Record->getTemplateSpecializationKind()))
          return true;
      if (const auto *Function = Parent.get<FunctionDecl>())
        if (isInstantiation(Function->getTemplateSpecializationKind()))
          return true;
      if (const auto *Var = Parent.get<VarDecl>())
        if (isInstantiation(Var->getTemplateSpecializationKind()))
          return true;
      const void *Key = Parent.get<Stmt>()
                            ? static_cast<const void *>(Parent.get<Stmt>())
                            : Parent.get<Decl>();
      if (Key && Seen.insert(Key).second && Seen.size() < 4096)
        Work.push_back(Parent);
    }
  }
  return false;
}

} // namespace clang::tidy::threads::analysis
