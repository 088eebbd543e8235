//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Builds an AST from a source string with the real headers of the LLVM the
/// tests are built against, and finds nodes in it by name.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_TEST_UNIT_ANALYSISTESTSUPPORT_H
#define THREADS_TIDY_TEST_UNIT_ANALYSISTESTSUPPORT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"
#include <memory>
#include <string>
#include <vector>

namespace threads_tidy_test {

/// Parses \p Code as C++17 (or with \p Args instead), with clang's builtin
/// headers of the LLVM the tests are built against.
inline std::unique_ptr<clang::ASTUnit>
parse(const std::string &Code, std::vector<std::string> Args = {"-std=c++17"},
      const std::string &FileName = "input.cc") {
  Args.push_back("-resource-dir=" THREADS_TIDY_RESOURCE_DIR);
  Args.push_back("-Wno-everything");
  return clang::tooling::buildASTFromCodeWithArgs(Code, Args, FileName);
}

/// The definition of the function named \p Name in \p Unit, or null.
inline const clang::FunctionDecl *function(clang::ASTUnit &Unit,
                                           llvm::StringRef Name) {
  using namespace clang::ast_matchers;
  auto Found = match(functionDecl(hasName(Name), isDefinition()).bind("f"),
                     Unit.getASTContext());
  return Found.empty() ? nullptr
                       : Found.front().getNodeAs<clang::FunctionDecl>("f");
}

/// The first node \p Matcher binds as "n" in \p Unit, or null.
template <typename NodeT, typename MatcherT>
const NodeT *first(clang::ASTUnit &Unit, MatcherT Matcher) {
  auto Found = clang::ast_matchers::match(Matcher, Unit.getASTContext());
  return Found.empty() ? nullptr : Found.front().template getNodeAs<NodeT>("n");
}

} // namespace threads_tidy_test

#endif // THREADS_TIDY_TEST_UNIT_ANALYSISTESTSUPPORT_H
