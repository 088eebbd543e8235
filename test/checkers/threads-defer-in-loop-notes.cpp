// Where each diagnostic and note of threads-defer-in-loop goes (the checks
// at the end list them in the order clang-tidy prints them).
// RUN: %check_tidy -std=c++17 %s threads-defer-in-loop %t

#include <alloca.h>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

void notes(const std::vector<std::string> &Paths) {
  std::vector<std::function<void()>> Cleanups;
  std::vector<std::ifstream> Files;
  for (const std::string &Path : Paths) {
    std::FILE *Log = std::fopen(Path.c_str(), "a");
    Cleanups.push_back([Log] { std::fclose(Log); });
    Files.emplace_back(Path);
    std::fputs(static_cast<char *>(alloca(16)), Log);
  }
  for (auto &Cleanup : Cleanups)
    Cleanup();
}

// CHECK-NOTES: :17:14: warning: cleanup releasing 'Log' is deferred to 'Cleanups' instead of running at the end of the iteration; every iteration's 'Log' stays held until the cleanups run [threads-defer-in-loop]
// CHECK-NOTES: :13:38: note: 'Cleanups' outlives the loop; every iteration's 'Log' is released only when its cleanups run
// CHECK-NOTES: :18:11: warning: stream added to 'Files' inside a loop is released only when 'Files' is destroyed; every iteration keeps one more stream open [threads-defer-in-loop]
// CHECK-NOTES: :14:30: note: 'Files' outlives the loop; every iteration's stream stays open until it is destroyed
// CHECK-NOTES: :18:11: note: declare the stream as a local of the loop body to release it at the end of each iteration
// CHECK-NOTES: :19:36: warning: 'alloca' inside a loop allocates on every iteration and frees only when the function returns; a long loop overflows the stack [threads-defer-in-loop]
// CHECK-NOTES: :15:3: note: the allocation repeats in this loop
