//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The remote-index client clangd's main refers to. Debian's clangd builds it
/// with gRPC and protobuf; linking that would need their -dev packages for a
/// feature (a shared index server) editors rarely use, so threads-clangd
/// behaves like a clangd built without remote index support, as upstream's
/// index/remote/unimplemented/UnimplementedClient.cpp does.
///
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>

namespace clang::clangd {
class SymbolIndex;
namespace remote {

// NOLINTNEXTLINE(misc-use-internal-linkage): called by clangd's main.
std::unique_ptr<clangd::SymbolIndex> getClient(llvm::StringRef Address,
                                               llvm::StringRef IndexRoot);

std::unique_ptr<clangd::SymbolIndex> getClient(llvm::StringRef Address,
                                               llvm::StringRef /*IndexRoot*/) {
  llvm::errs() << "threads-clangd: remote index '" << Address
               << "' is not supported in this build; using the local index\n";
  return nullptr;
}

} // namespace remote
} // namespace clang::clangd
