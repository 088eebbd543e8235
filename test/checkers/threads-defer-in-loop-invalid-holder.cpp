// Invalid code around registration calls: no crash, and no finding on calls
// whose holder, callable or arguments contain errors.
// RUN: %check_tidy -expect-clang-tidy-error -std=c++17 %s threads-defer-in-loop %t

#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

void brokenArgument(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Files;
  for (const std::string &Path : Paths)
    Files.emplace_back(undeclared_path);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: error: use of undeclared identifier 'undeclared_path' [clang-diagnostic-error]
}

void brokenHolder(const std::vector<std::string> &Paths) {
  for (const std::string &Path : Paths)
    Missing.push_back([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:5: error: use of undeclared identifier 'Missing' [clang-diagnostic-error]
}

void brokenCallable(int N) {
  std::vector<std::function<void()>> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = std::fopen("log", "a");
    Cleanups.push_back([Log] { std::fclose(Log, extra_argument); });
    // CHECK-MESSAGES: :[[@LINE-1]]:49: error: use of undeclared identifier 'extra_argument' [clang-diagnostic-error]
  }
}

void brokenElementType(const std::vector<std::string> &Paths) {
  std::vector<NoSuchStream> Files;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: error: use of undeclared identifier 'NoSuchStream' [clang-diagnostic-error]
  for (const std::string &Path : Paths)
    Files.emplace_back(Path);
}

struct Incomplete;
void incompleteElement(std::vector<Incomplete *> &Out, int N) {
  std::vector<std::function<void()>> Cleanups;
  for (int I = 0; I < N; ++I) {
    Incomplete *P = Out[I];
    Cleanups.push_back([P] { P->close(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:31: error: member access into incomplete type 'Incomplete' [clang-diagnostic-error]
  }
}
