//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Parents of AST nodes in user code, mapped one namespace-scope declaration
/// at a time and only when asked.
///
/// ASTContext::getParents() (and every hasParent, hasAncestor, forCallable
/// or isInTemplateInstantiation matcher) maps the parents of the whole
/// translation unit the first time anything asks: system headers and every
/// template instantiation included. On the corpus that single map cost more
/// than all four checks together (+27 % CPU over plain parsing). The checks
/// only ever ask about nodes of a few user functions, so the index maps only
/// the namespace-scope declaration that contains the node, found from its
/// source location.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_PARENTINDEX_H
#define THREADS_TIDY_ANALYSIS_PARENTINDEX_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <deque>
#include <vector>

namespace clang::tidy::threads::analysis {

/// The parents of the statements and declarations of user code, computed
/// per namespace-scope declaration on first use. One index per ASTContext is
/// shared by all checks (see of()); it must only be used by the thread that
/// runs the matchers over that context.
class ParentIndex {
public:
  using ParentList = llvm::SmallVector<DynTypedNode, 2>;

  /// The index of \p Context. It lives until the context is destroyed.
  static ParentIndex &of(ASTContext &Context);

  explicit ParentIndex(ASTContext &Context) : Context(Context) {}

  /// The parents of \p Node as ASTContext::getParents() reports them in the
  /// traversal kind active in the ASTContext (statements, declarations, and
  /// the type, template argument, qualifier or attribute node an expression
  /// is written in). Empty for nodes in system headers, for
  /// nodes without a source location and for anything the index cannot
  /// place: callers treat that as "no context" and stay silent.
  ParentList parents(const DynTypedNode &Node);
  ParentList parents(const Stmt &S) { return parents(DynTypedNode::create(S)); }
  ParentList parents(const Decl &D) { return parents(DynTypedNode::create(D)); }

  /// Walks up from \p Node along first parents, asking \p Stop(Ancestor)
  /// about each, and returns the first ancestor it accepts. An empty node
  /// when the chain ends first (no parent, not placeable) or after
  /// \p MaxDepth steps (parent chains are short; the bound only guards
  /// against a malformed map).
  template <typename Predicate>
  DynTypedNode firstAncestor(DynTypedNode Node, Predicate Stop,
                             unsigned MaxDepth = 256) {
    for (unsigned Depth = 0; Depth < MaxDepth; ++Depth) {
      const ParentList Up = parents(Node);
      if (Up.empty())
        return {};
      if (Stop(Up[0]))
        return Up[0];
      Node = Up[0];
    }
    return {};
  }

  /// True for the nodes whose code runs apart from the code around them:
  /// functions, lambdas, blocks, captured (OpenMP) statements, and the
  /// translation unit.
  static bool isCodeBoundary(const DynTypedNode &Node);

  /// The function whose body contains \p S: the innermost function, method,
  /// constructor or lambda call operator. Null for statements outside any
  /// function (a namespace-scope initializer), inside a block or a captured
  /// statement, or not placeable.
  const FunctionDecl *enclosingFunction(const Stmt &S);

  /// True when a function, class or variable template instantiation encloses
  /// \p S (the isInTemplateInstantiation() matcher, without the map of the
  /// whole translation unit).
  bool isInTemplateInstantiation(const Stmt &S);

private:
  struct TopLevel {
    unsigned Begin;
    unsigned End;
    const Decl *D;
  };

  /// Maps the parents of every node under \p Root, once.
  void mapRoot(const Decl *Root);
  /// Maps the roots that may contain \p Node until it is found.
  void mapRootsFor(const DynTypedNode &Node, const void *Key);
  /// The namespace-scope declarations of user code, per file, sorted.
  void collectTopLevel(const DeclContext *DC);
  /// The recorded parents of a mapped node, or null.
  const ParentList *lookup(const void *Key) const;
  /// The parent of a mapped node that has exactly one, or null.
  const DynTypedNode *onlyParent(const void *Key) const;
  /// \p Raw as seen when implicit nodes are skipped
  /// (TK_IgnoreUnlessSpelledInSource).
  ParentList spelledParents(const DynTypedNode &Node,
                            const ParentList &Raw) const;
  /// The first ancestor of \p Child, from its parent \p E, that is spelled
  /// in the source.
  ParentList ascendSpelled(const Expr *E, const Expr *Child) const;

  ASTContext &Context;
  /// Parent lists, in stable storage: the map points into it.
  std::deque<ParentList> Storage;
  llvm::DenseMap<const void *, ParentList *> Parents;
  llvm::DenseSet<const Decl *> MappedRoots;
  llvm::DenseSet<const void *> Unplaceable;
  llvm::DenseMap<FileID, std::vector<TopLevel>> TopLevelByFile;
  bool TopLevelCollected = false;
  bool MappedEverything = false;
};

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_PARENTINDEX_H
