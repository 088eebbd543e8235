//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Finds clang's resource directory (builtin headers such as <stddef.h>) for
/// the standalone binaries. clang-tidy and clangd look for it next to their
/// own executable (`<bin>/../lib/clang/<major>`), which holds for
/// /usr/lib/llvm-N/bin but not for a build tree or /usr/local/bin; there the
/// binaries fall back to the resource directory of the LLVM they were built
/// against, so `#include <stddef.h>` keeps working.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_TOOLS_RESOURCEDIR_H
#define THREADS_TIDY_TOOLS_RESOURCEDIR_H

#include "clang/Basic/Version.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <string>

namespace threads_tidy {

/// The resource directory to pass explicitly, or an empty string when the
/// one next to the executable \p MainExecutable exists (the usual install).
inline std::string fallbackResourceDir(llvm::StringRef MainExecutable) {
  llvm::SmallString<256> NextToBinary(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(MainExecutable)));
  llvm::sys::path::append(NextToBinary, "lib", "clang",
                          CLANG_VERSION_MAJOR_STRING, "include");
  if (llvm::sys::fs::is_directory(NextToBinary))
    return "";
  const llvm::StringRef BuiltAgainst = THREADS_TIDY_RESOURCE_DIR;
  llvm::SmallString<256> Include(BuiltAgainst);
  llvm::sys::path::append(Include, "include");
  if (!llvm::sys::fs::is_directory(Include))
    return "";
  return BuiltAgainst.str();
}

} // namespace threads_tidy

#endif // THREADS_TIDY_TOOLS_RESOURCEDIR_H
