// Templates: a thread started in a template is reported once, at its
// spelling; a callable forwarded through a template parameter is reported
// nowhere (each caller's callable differs); dependent code is not guessed.
// RUN: %check_tidy -std=c++17 %s threads-exception-escapes-thread %t

#include <stdexcept>
#include <thread>
#include <utility>

struct Strict {
  static int parse(int V) {
    if (V < 0)
      throw std::invalid_argument("negative");
    return V;
  }
};

struct Lenient {
  static int parse(int V) { return V < 0 ? 0 : V; }
};

void handle(int);

// Reported once, though both instantiations start the thread; only Strict's
// throws.
template <typename Parser> void startWorker(int V) {
  std::thread T([V] { handle(Parser::parse(V)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception of type 'std::invalid_argument' thrown in 'Strict::parse' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  T.join();
}

template void startWorker<Lenient>(int);
template void startWorker<Strict>(int);

// Two instantiations that both throw: still one warning.
template <typename E> void startThrowing() {
  std::thread([] { throw E(); }).join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception of type {{.*}} escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
}

struct Oops {};

void instantiate() {
  startThrowing<int>();
  startThrowing<Oops>();
}

// Only the lenient parser is ever used: nothing escapes.
template <typename Parser> void onlyLenient(int V) {
  std::thread([V] { handle(Parser::parse(V)); }).join();
}
template void onlyLenient<Lenient>(int);

// A template never instantiated: its dependent code is not guessed.
template <typename Parser> void neverUsed(int V) {
  std::thread([V] { handle(Parser::parse(V)); }).join();
}

// A wrapper that forwards its caller's callable: not the place to report.
template <typename F> void launch(F &&Body) {
  std::thread(std::forward<F>(Body)).detach();
}

void useLaunch() {
  launch([] { throw std::runtime_error("boom"); });
}

// A template entry function, instantiated.
template <typename T> void templateEntry(T V) {
  if (V < 0)
    throw std::out_of_range("range");
}

void startTemplateEntry() {
  std::thread(templateEntry<int>, -1).join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception of type 'std::out_of_range' escapes the thread entry 'templateEntry'; std::terminate ends the process [threads-exception-escapes-thread]
}
