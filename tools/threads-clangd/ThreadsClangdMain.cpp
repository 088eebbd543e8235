//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `threads-clangd`: clangd's own main with the threads-* checks linked in.
/// clangd cannot load clang-tidy plugins, so editors get threads-* diagnostics
/// and quick-fixes only from a clangd that contains them. It accepts every
/// clangd flag and reads `.clang-tidy` / `.clangd` like clangd does.
///
//===----------------------------------------------------------------------===//

#include "../ResourceDir.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include <string>
#include <vector>

namespace clang::clangd {
// Declared in clangd's tool/ClangdMain.h, which Debian does not install.
// NOLINTNEXTLINE(misc-use-internal-linkage): defined in libclangdMain.a.
int clangdMain(int Argc, char **Argv);
} // namespace clang::clangd

// Keeps the threads-* module linked (see ThreadsTidyModule.cpp).
// NOLINTNEXTLINE(readability-identifier-naming): defined by the module file.
extern volatile int ThreadsTidyModuleAnchorSource;
[[maybe_unused]] static const int ThreadsTidyModuleAnchorDestination =
    ThreadsTidyModuleAnchorSource;

int main(int Argc, char **Argv) {
  static int StaticSymbol;
  const std::string Exe = llvm::sys::fs::getMainExecutable(
      Argv[0], reinterpret_cast<void *>(&StaticSymbol));
  std::vector<char *> Args(Argv, Argv + Argc);
  bool UserResourceDir = false;
  for (int I = 1; I < Argc; ++I) {
    const llvm::StringRef Arg(Argv[I]);
    if (Arg.starts_with("--resource-dir") || Arg.starts_with("-resource-dir"))
      UserResourceDir = true;
  }
  std::string ResourceDirFlag;
  if (!UserResourceDir) {
    const std::string ResourceDir = threads_tidy::fallbackResourceDir(Exe);
    if (!ResourceDir.empty()) {
      ResourceDirFlag = "--resource-dir=" + ResourceDir;
      Args.insert(Args.begin() + 1, ResourceDirFlag.data());
    }
  }
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
