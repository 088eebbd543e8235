//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Registers the threads-tidy checks as the clang-tidy module
/// `threads-module`, and refuses to run inside a clang-tidy of another LLVM
/// major: such a plugin loads and lists its checks, then silently reports
/// nothing, which would turn a CI gate green for the wrong reason.
///
//===----------------------------------------------------------------------===//

#include "BlockingUnderLockCheck.h"
#include "DeferInLoopCheck.h"
#include "ExceptionEscapesThreadCheck.h"
#include "MissingStopTokenCheck.h"
#include "UnboundedDetachCheck.h"
#include "UnfulfilledPromiseCheck.h"
#include "UnjoinedThreadCheck.h"
#include "UnreleasedLockCheck.h"

#include "ClangTidyModule.h"
#include "clang/Basic/Version.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <string>

// LLVM 22 moved the registry into ClangTidyModule.h and turned this header
// into a #warning; older majors need it.
#if CLANG_VERSION_MAJOR < 22
#include "ClangTidyModuleRegistry.h"
#endif

namespace clang::tidy::threads {

/// The major of the clang libraries the plugin runs in, read from the host's
/// version string ("Debian clang version 22.1.8 (...)"), or 0 if unreadable.
static unsigned hostClangMajor() {
  const std::string Full = getClangFullVersion();
  const std::string::size_type At = Full.find("version ");
  if (At == std::string::npos)
    return 0;
  return static_cast<unsigned>(
      std::strtoul(Full.c_str() + At + 8, nullptr, 10));
}

namespace {

class ThreadsModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
    const unsigned Host = hostClangMajor();
    if (Host != CLANG_VERSION_MAJOR) {
      // One clear line and a non-zero exit: a mismatched plugin must never
      // pass for a clean run.
      llvm::errs()
          << "threads-tidy: error: this plugin was built for LLVM "
          << CLANG_VERSION_MAJOR << " but is loaded by clang-tidy "
          << (Host ? std::to_string(Host) : std::string("of another major"))
          << "; use the libThreadsTidy.so built for that major "
             "(build/llvm-N, configured with -DLLVM_ROOT=/usr/lib/llvm-N)\n";
      llvm::errs().flush();
      std::_Exit(1);
    }
    CheckFactories.registerCheck<BlockingUnderLockCheck>(
        "threads-blocking-under-lock");
    CheckFactories.registerCheck<DeferInLoopCheck>("threads-defer-in-loop");
    CheckFactories.registerCheck<ExceptionEscapesThreadCheck>(
        "threads-exception-escapes-thread");
    CheckFactories.registerCheck<MissingStopTokenCheck>(
        "threads-missing-stop-token");
    CheckFactories.registerCheck<UnboundedDetachCheck>(
        "threads-unbounded-detach");
    CheckFactories.registerCheck<UnfulfilledPromiseCheck>(
        "threads-unfulfilled-promise");
    CheckFactories.registerCheck<UnjoinedThreadCheck>(
        "threads-unjoined-thread");
    CheckFactories.registerCheck<UnreleasedLockCheck>(
        "threads-unreleased-lock");
  }
};

} // namespace

// NOLINTNEXTLINE(misc-use-internal-linkage): found by the registry at load.
static ClangTidyModuleRegistry::Add<ThreadsModule>
    X("threads-module", "Checks for concurrency bugs that take services down.");

} // namespace clang::tidy::threads

// Lets a static build (the standalone binary) force-link this module.
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int ThreadsTidyModuleAnchorSource = 0;
