// The ReleaseFunctions, DeferRegistrars and ResourceTypes options replace the
// default lists.
// RUN: %check_tidy -std=c++17 %s threads-defer-in-loop %t -- \
// RUN:   -config="{CheckOptions: { \
// RUN:     threads-defer-in-loop.ReleaseFunctions: 'fclose;net::Pool::giveBack', \
// RUN:     threads-defer-in-loop.DeferRegistrars: 'push_back;Scope::defer', \
// RUN:     threads-defer-in-loop.ResourceTypes: 'net::Socket;std::basic_ifstream'}}"

#include <cstdio>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace net {
struct Socket {
  explicit Socket(int Port);
  ~Socket();
};
struct Connection {};
struct Pool {
  Connection *take();
  void giveBack(Connection *C);
};
} // namespace net

struct Scope {
  void defer(std::function<void()> F);
  void defer(int (*Release)(std::FILE *), std::FILE *File);
  void add(std::function<void()> F);
};

void customRelease(net::Pool &P, int N) {
  std::vector<std::function<void()>> Cleanups;
  for (int I = 0; I < N; ++I) {
    net::Connection *C = P.take();
    Cleanups.push_back([&P, C] { P.giveBack(C); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'C' is deferred to 'Cleanups'
  }
}

void customRegistrar(Scope &S, int N) {
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = std::fopen("log", "a");
    S.defer([Log] { std::fclose(Log); });
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: cleanup releasing 'Log' is deferred to 'S'
    std::FILE *Trace = std::fopen("trace", "a");
    S.defer(std::fclose, Trace);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: cleanup releasing 'Trace' is deferred to 'S'
    // Not a registrar under this configuration.
    S.add([Log] { std::fclose(Log); });
  }
}

void customResource(int N) {
  std::vector<net::Socket> Sockets;
  for (int I = 0; I < N; ++I) {
    Sockets.push_back(net::Socket(8000 + I));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: resource added to 'Sockets' inside a loop is released only when 'Sockets' is destroyed; every iteration keeps one more resource held
  }
}

void releaseNoLongerListed(int N) {
  // `close` was replaced by the option's list.
  std::vector<std::function<void()>> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::ifstream In("x");
    Cleanups.push_back([&In] { In.close(); });
  }
}

void resourceNoLongerListed(std::vector<std::mutex> &Mutexes) {
  std::vector<std::unique_lock<std::mutex>> Locks;
  for (std::mutex &M : Mutexes)
    Locks.emplace_back(M);
}

void registrarNoLongerListed(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Files;
  for (const std::string &Path : Paths)
    Files.emplace_back(Path);
}
