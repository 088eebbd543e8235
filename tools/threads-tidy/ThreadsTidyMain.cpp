//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `threads-tidy`: clang-tidy's own main with every upstream module and the
/// threads-* checks linked in, for the places a plugin cannot go (clang-tidy
/// builds without plugin support, CLion's custom clang-tidy setting, CI
/// images that should not depend on --load). It accepts every clang-tidy flag.
///
//===----------------------------------------------------------------------===//

#include "../ResourceDir.h"

#include "ClangTidyForceLinker.h"
#include "tool/ClangTidyMain.h"
#include "llvm/Support/FileSystem.h"
#include <string>
#include <vector>

// The threads-* module lives in an object file of its own; referencing its
// anchor keeps it linked even if the checks ever move into an archive.
// NOLINTNEXTLINE(readability-identifier-naming): defined by the module file.
extern volatile int ThreadsTidyModuleAnchorSource;
[[maybe_unused]] static const int ThreadsTidyModuleAnchorDestination =
    ThreadsTidyModuleAnchorSource;

int main(int Argc, const char **Argv) {
  static int StaticSymbol;
  const std::string Exe = llvm::sys::fs::getMainExecutable(
      Argv[0], reinterpret_cast<void *>(&StaticSymbol));
  const std::string ResourceDir = threads_tidy::fallbackResourceDir(Exe);
  if (ResourceDir.empty())
    return clang::tidy::clangTidyMain(Argc, Argv);
  // Before any user argument: a -resource-dir from the compile command or a
  // later --extra-arg-before still wins (the driver takes the last one).
  const std::string Extra = "--extra-arg-before=-resource-dir=" + ResourceDir;
  std::vector<const char *> Args(Argv, Argv + Argc);
  Args.insert(Args.begin() + 1, Extra.c_str());
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size()), Args.data());
}
