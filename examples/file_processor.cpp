// A batch file processor.
//
// Bugs on purpose (threads-defer-in-loop): every iteration's file stays open
// until the batch ends, cleanups are deferred to after the loop, and a
// scratch buffer is allocated on the stack per file.
#include <alloca.h>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace files {

struct FileCloser {
  void operator()(std::FILE *F) const { std::fclose(F); }
};

std::size_t countLines(const std::vector<std::string> &Paths) {
  std::vector<std::unique_ptr<std::FILE, FileCloser>> Open;
  std::vector<std::function<void()>> Cleanups;
  std::size_t Lines = 0;
  for (const std::string &Path : Paths) {
    std::FILE *F = std::fopen(Path.c_str(), "r");
    if (!F)
      continue;
    // Held until the function returns: with enough paths, EMFILE.
    Open.emplace_back(F);
    char *Scratch = static_cast<char *>(alloca(4096));
    while (std::fgets(Scratch, 4096, F))
      ++Lines;
    std::FILE *Log = std::fopen((Path + ".log").c_str(), "w");
    // Go's `defer f.Close()` in a loop: runs only after the loop.
    Cleanups.push_back([Log] { std::fclose(Log); });
  }
  for (auto &Cleanup : Cleanups)
    Cleanup();
  Open.clear();
  return Lines;
}

} // namespace files
