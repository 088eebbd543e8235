// Diagnostics 4 and 5 and the options MaxBoundedIterations,
// HandlerFunctionsRegex, WarnOnAnyDetach and UnboundedConditionFunctions.
// RUN: %check_tidy -std=c++17 -check-suffix=HANDLER %s threads-unbounded-detach %t.handler -- \
// RUN:   -config="{CheckOptions: {threads-unbounded-detach.HandlerFunctionsRegex: '^(handle_.*|net::Server::onRequest)$'}}"
// The regex is searched for in the qualified name; a leading '::' is
// optional (the pattern matched nothing when it had to match the
// whole name):
// RUN: %check_tidy -std=c++17 -check-suffix=SEARCH %s threads-unbounded-detach %t.search -- \
// RUN:   -config="{CheckOptions: {threads-unbounded-detach.HandlerFunctionsRegex: '^(::)?(handle|on)[A-Z]'}}"
// RUN: %check_tidy -std=c++17 -check-suffix=UNANCHORED %s threads-unbounded-detach %t.unanchored -- \
// RUN:   -config="{CheckOptions: {threads-unbounded-detach.HandlerFunctionsRegex: 'Server::onRequest'}}"
// RUN: %check_tidy -std=c++17 -check-suffix=SEARCH %s threads-unbounded-detach %t.colons -- \
// RUN:   -config="{CheckOptions: {threads-unbounded-detach.HandlerFunctionsRegex: '^::(handle|on)[A-Z]'}}"
// RUN: %check_tidy -std=c++17 -check-suffix=ANY %s threads-unbounded-detach %t.any -- \
// RUN:   -config="{CheckOptions: {threads-unbounded-detach.WarnOnAnyDetach: true}}"
// RUN: %check_tidy -std=c++17 -check-suffix=MAX %s threads-unbounded-detach %t.max -- \
// RUN:   -config="{CheckOptions: {threads-unbounded-detach.MaxBoundedIterations: 2, threads-unbounded-detach.UnboundedConditionFunctions: 'nextJob;::net::Queue::take'}}"

#include <thread>
#include <vector>

void work();
int nextJob();

namespace net {
struct Queue {
  bool take();
};

class Server {
public:
  void onRequest() {
    std::thread(work).detach();
    // CHECK-MESSAGES-HANDLER: :[[@LINE-1]]:23: warning: 'detach' in handler 'net::Server::onRequest' leaves one more detached thread running per call; nothing limits how many run at once or waits for them [threads-unbounded-detach]
    // CHECK-MESSAGES-ANY: :[[@LINE-2]]:23: warning: 'detach' detaches a thread that nothing can wait for or stop, and that may outlive the data it uses (C++ Core Guidelines CP.26) [threads-unbounded-detach]
    // CHECK-MESSAGES-UNANCHORED: :[[@LINE-3]]:23: warning: 'detach' in handler 'net::Server::onRequest'
  }
  void onRequestDone() { std::thread(work).detach(); }
  // CHECK-MESSAGES-ANY: :[[@LINE-1]]:44: warning: 'detach' detaches a thread
  // CHECK-MESSAGES-UNANCHORED: :[[@LINE-2]]:44: warning: 'detach' in handler 'net::Server::onRequestDone'
};
} // namespace net

void handleLogin() { std::thread(work).detach(); }
// CHECK-MESSAGES-SEARCH: :[[@LINE-1]]:40: warning: 'detach' in handler 'handleLogin' leaves one more detached thread
// CHECK-MESSAGES-ANY: :[[@LINE-2]]:40: warning: 'detach' detaches a thread
void onMessage() { std::thread(work).detach(); }
// CHECK-MESSAGES-SEARCH: :[[@LINE-1]]:38: warning: 'detach' in handler 'onMessage' leaves one more detached thread
// CHECK-MESSAGES-ANY: :[[@LINE-2]]:38: warning: 'detach' detaches a thread
void online() { std::thread(work).detach(); }
// CHECK-MESSAGES-ANY: :[[@LINE-1]]:35: warning: 'detach' detaches a thread

void handle_upload() {
  auto Later = [] { std::thread(work).detach(); };
  // CHECK-MESSAGES-HANDLER: :[[@LINE-1]]:39: warning: 'detach' in handler 'handle_upload' leaves one more detached thread
  // CHECK-MESSAGES-ANY: :[[@LINE-2]]:39: warning: 'detach' detaches a thread
  Later();
}

void notAHandler_handle_x() {
  std::thread Worker(work);
  Worker.detach();
  // CHECK-MESSAGES-ANY: :[[@LINE-1]]:10: warning: 'detach' detaches a thread
}

void threeWorkers() {
  // Bounded by the default (16), not by MaxBoundedIterations = 2.
  for (int I = 0; I < 3; ++I)
    std::thread(work).detach();
  // CHECK-MESSAGES-MAX: :[[@LINE-1]]:23: warning: 'detach' inside a loop leaves one more detached thread
  // CHECK-MESSAGES-ANY: :[[@LINE-2]]:23: warning: 'detach' detaches a thread
  for (int I = 0; I < 2; ++I)
    std::thread(work).detach();
  // CHECK-MESSAGES-ANY: :[[@LINE-1]]:23: warning: 'detach' detaches a thread
}

void listedConditions(net::Queue &Jobs) {
  std::vector<std::thread> Workers;
  while (Jobs.take())
    Workers.emplace_back(work);
  // CHECK-MESSAGES-MAX: :[[@LINE-1]]:13: warning: 'emplace_back' adds a thread to 'Workers'
  for (int Job; (Job = nextJob()) != 0;)
    Workers.emplace_back(work);
  // CHECK-MESSAGES-MAX: :[[@LINE-1]]:13: warning: 'emplace_back' adds a thread to 'Workers'
  for (std::thread &T : Workers)
    T.join();
}
