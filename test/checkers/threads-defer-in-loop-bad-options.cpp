// A malformed option value gets one configuration error naming the option,
// the value and the expected form; the check goes on with the default.
// RUN: %check_tidy -std=c++17 %s threads-defer-in-loop %t -- \
// RUN:   -config="{CheckOptions: { \
// RUN:     threads-defer-in-loop.ReleaseFunctions: 'fclose(FILE*)', \
// RUN:     threads-defer-in-loop.ResourceTypes: 'std::basic_ifstream; bad name'}}"

// CHECK-MESSAGES: warning: invalid value 'fclose(FILE*)' for option 'threads-defer-in-loop.ReleaseFunctions': expected a semicolon-separated list of qualified names such as 'fclose;my::Pool::release'; using the default 'fclose;close;free;closedir;munmap;freeaddrinfo;CloseHandle;pthread_mutex_unlock;unlock;release;reset' [clang-tidy-config]
// CHECK-MESSAGES: warning: invalid value 'std::basic_ifstream; bad name' for option 'threads-defer-in-loop.ResourceTypes': expected a semicolon-separated list of qualified names such as 'fclose;my::Pool::release'; using the default 'std::unique_lock;{{.*}}' [clang-tidy-config]

#include <cstdio>
#include <functional>
#include <mutex>
#include <vector>

void defaultsStillApply(std::vector<std::mutex> &Mutexes) {
  std::vector<std::function<void()>> Cleanups;
  for (int I = 0; I < 3; ++I) {
    std::FILE *Log = std::fopen("log", "a");
    Cleanups.push_back([Log] { std::fclose(Log); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Log' is deferred to 'Cleanups'
  }
  std::vector<std::unique_lock<std::mutex>> Locks;
  for (std::mutex &M : Mutexes)
    Locks.emplace_back(M);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: lock added to 'Locks' inside a loop
}
