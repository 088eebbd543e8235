// RUN: %check_tidy -std=c++17 -check-suffix=DEFAULT %s threads-blocking-under-lock %t.default
// RUN: %check_tidy -std=c++17 -check-suffix=SET %s threads-blocking-under-lock %t.set -- \
// RUN:   -config="{CheckOptions: {threads-blocking-under-lock.BlockingFunctions: 'net::Channel::receive;::rpc_call', threads-blocking-under-lock.NonBlockingFunctions: 'read;app::drain', threads-blocking-under-lock.CheckCallbacks: true}}"

// BlockingFunctions adds qualified names, NonBlockingFunctions removes them
// (from the defaults and from the callees followed), CheckCallbacks reports
// unknown code called under a lock (CP.22).

#include <functional>
#include <mutex>
#include <unistd.h>

std::mutex Mu;

namespace net {
struct Channel {
  int receive();
};
} // namespace net
int rpc_call(int);

namespace app {
void drain(int Fd) {
  char C;
  ::read(Fd, &C, 1);
}
} // namespace app

void configured(net::Channel &Ch, int Fd) {
  std::lock_guard<std::mutex> Guard(Mu);
  Ch.receive();
  // CHECK-MESSAGES-SET: :[[@LINE-1]]:3: warning: 'receive' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long [threads-blocking-under-lock]
  rpc_call(1);
  // CHECK-MESSAGES-SET: :[[@LINE-1]]:3: warning: 'rpc_call' blocks while 'Mu' is held
  char C;
  read(Fd, &C, 1);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'read' blocks while 'Mu' is held
  app::drain(Fd);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'drain' blocks while 'Mu' is held
}

// Callbacks: std::function, function pointers, virtual functions of classes
// that are not final, called through a pointer, a reference or 'this'.
struct Listener {
  virtual void onEvent(int) = 0;
  virtual ~Listener() = default;
};
struct Sealed final : Listener {
  void onEvent(int) override {}
};
struct Plain {
  void notify(int) {}
};

void callbacks(const std::function<void(int)> &Callback, void (*Hook)(int),
               Listener &L, Listener *P, Sealed &S, Plain &Q) {
  std::lock_guard<std::mutex> Guard(Mu);
  Callback(1);
  // CHECK-MESSAGES-SET: :[[@LINE-1]]:3: warning: 'Callback' runs unknown code while 'Mu' is held; every thread that needs 'Mu' waits as long as it runs, and it deadlocks if that code needs 'Mu' [threads-blocking-under-lock]
  Hook(2);
  // CHECK-MESSAGES-SET: :[[@LINE-1]]:3: warning: 'Hook' runs unknown code while 'Mu' is held
  L.onEvent(3);
  // CHECK-MESSAGES-SET: :[[@LINE-1]]:3: warning: 'onEvent' runs unknown code while 'Mu' is held
  P->onEvent(4);
  // CHECK-MESSAGES-SET: :[[@LINE-1]]:3: warning: 'onEvent' runs unknown code while 'Mu' is held
  S.onEvent(5);
  Q.notify(6);
}

// Not a callback: after the lock is released.
void afterRelease(const std::function<void()> &Done) {
  {
    std::lock_guard<std::mutex> Guard(Mu);
  }
  Done();
}
