// The holder diagnostics see through libc++'s inline namespace std::__1.
// REQUIRES: libcxx
// RUN: %check_tidy -fix-notes -stdlib=libc++ -std=c++17,c++20 %s threads-defer-in-loop %t

#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

struct DirCloser {
  void operator()(std::FILE *F) const { std::fclose(F); }
};

void deferred(const std::vector<std::string> &Paths) {
  std::vector<std::function<void()>> Cleanups;
  for (const std::string &Path : Paths) {
    std::FILE *Log = std::fopen(Path.c_str(), "a");
    Cleanups.push_back(std::bind(std::fclose, Log));
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Log' is deferred to 'Cleanups'
    std::ifstream In(Path);
    Cleanups.emplace_back([&In] { In.close(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'In' is deferred to 'Cleanups'
  }
}

void accumulated(const std::vector<std::string> &Paths,
                 std::vector<std::shared_mutex> &Mutexes) {
  std::vector<std::ofstream> Outputs;
  for (const std::string &Path : Paths)
    Outputs.emplace_back(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: stream added to 'Outputs' inside a loop
  // CHECK-FIXES: std::ofstream Output{Path};
  std::vector<std::unique_ptr<std::FILE, DirCloser>> Handles;
  for (const std::string &Path : Paths)
    Handles.emplace_back(std::fopen(Path.c_str(), "r"));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: handle added to 'Handles' inside a loop
  // CHECK-FIXES: std::unique_ptr<std::FILE, DirCloser> Handle{std::fopen(Path.c_str(), "r")};
  std::vector<std::shared_lock<std::shared_mutex>> Readers;
  for (auto &M : Mutexes)
    Readers.emplace_back(M);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: lock added to 'Readers' inside a loop
}

void kWayMerge(std::vector<std::ifstream> &Inputs);
void intended(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Inputs;
  for (const std::string &Path : Paths)
    Inputs.emplace_back(Path);
  kWayMerge(Inputs);
}
