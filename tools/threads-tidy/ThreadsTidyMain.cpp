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
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

// The threads-* module lives in an object file of its own; referencing its
// anchor keeps it linked even if the checks ever move into an archive.
// NOLINTNEXTLINE(readability-identifier-naming): defined by the module file.
extern volatile int ThreadsTidyModuleAnchorSource;
[[maybe_unused]] static const int ThreadsTidyModuleAnchorDestination =
    ThreadsTidyModuleAnchorSource;

int main(int Argc, const char **Argv) {
  // `threads-tidy --version` names this tool and its version first; LLVM's
  // own printer would say only "LLVM version N", like the stock clang-tidy.
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "threads-tidy version " THREADS_TIDY_VERSION "\n"
       << "  clang-tidy with the threads-* checks, LLVM "
          "version " LLVM_VERSION_STRING "\n";
  });
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
