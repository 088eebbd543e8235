// The main cases, before and after C++20: the same thread is reported in both,
// only C++20 gets the std::stop_token / std::jthread fix-its.
// RUN: %check_tidy -std=c++17 -check-suffixes=CXX17 %s threads-missing-stop-token %t
// RUN: %check_tidy -std=c++20 -check-suffixes=CXX20 %s threads-missing-stop-token %t

#include <thread>
#include <vector>

void tick();
bool poll();

// --- a std::thread local variable or temporary -----------------------------

void fixLocalThread() {
  std::thread Spinner([] {
    // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits and can never be stopped; joining it hangs and detaching it leaks it; exit the loop on a 'std::atomic<bool>' flag or another condition [threads-missing-stop-token]
    // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:15: warning: this thread runs a loop that never exits and can never be stopped; joining it hangs and detaching it leaks it; give it a 'std::stop_token' and check the token in the loop [threads-missing-stop-token]
    // CHECK-FIXES-CXX20: std::jthread Spinner([](std::stop_token StopToken) {
    while (true)
      // CHECK-FIXES-CXX20: while (!StopToken.stop_requested())
      tick();
  });
  // The destructor of a joinable std::thread calls std::terminate; that of
  // the std::jthread requests the stop and joins.
}

// Joined or detached by hand, no fix-it: a std::jthread requests its stop
// only in its destructor, so 'join()' would still hang (a server's main
// joining its forever thread on purpose would now exit), and a detached one is
// never asked to stop; the rewrite would only silence the finding.
void noFixJoined() {
  std::thread Spinner([] {
    // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
    // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:15: warning: this thread runs a loop that never exits
    // CHECK-FIXES-CXX20: std::thread Spinner([] {
    while (true)
      // CHECK-FIXES-CXX20: while (true)
      tick();
  });
  Spinner.join();
}

void noFixTemporaryDetached() {
  std::thread([]() {
    // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
    // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:3: warning: this thread runs a loop that never exits
    // CHECK-FIXES-CXX20: std::thread([]() {
    for (;;)
      // CHECK-FIXES-CXX20: for (;;)
      tick();
  }).detach();
}

void fixThreadWithArguments(int Id) {
  auto Worker = std::thread(
      // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:17: warning: this thread runs a loop that never exits
      // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:17: warning: this thread runs a loop that never exits
      // CHECK-FIXES-CXX20: auto Worker = std::jthread(
      [](int N) {
        // CHECK-FIXES-CXX20: [](std::stop_token StopToken, int N) {
        do {
          tick();
        } while (N >= 0);
        do {
          tick();
        } while (true);
        // CHECK-FIXES-CXX20: } while (!StopToken.stop_requested());
      },
      Id);
}

// The name StopToken is taken inside the lambda: another one is chosen.
void fixFreshName() {
  std::thread T([] {
    // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
    // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:15: warning: this thread runs a loop that never exits
    // CHECK-FIXES-CXX20: std::jthread T([](std::stop_token StopToken2) {
    int StopToken = 0;
    while (true)
      // CHECK-FIXES-CXX20: while (!StopToken2.stop_requested())
      tick(), ++StopToken;
  });
}

// --- no fix-it: the edits would not stay in the creating expression ---------

void loopForever() {
  for (;;)
    tick();
}
void noFixFunction() {
  std::thread T(loopForever);
  // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
  // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:15: warning: this thread runs a loop that never exits
  // CHECK-FIXES-CXX20: std::thread T(loopForever);
  T.join();
}

void consume(std::thread &T);
void noFixThreadPassedAway() {
  // jthread would not bind to 'std::thread &'.
  std::thread T([] {
    // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
    // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:15: warning: this thread runs a loop that never exits
    // CHECK-FIXES-CXX20: std::thread T([] {
    while (true)
      tick();
  });
  consume(T);
}

void noFixLoopWithInit() {
  std::thread([] {
    // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
    // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:3: warning: this thread runs a loop that never exits
    // CHECK-FIXES-CXX20: std::thread([] {
    for (int I = 0;; ++I)
      tick();
  }).detach();
}

using Thread = std::thread;
void noFixTypedef() {
  Thread T([] {
    // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:10: warning: this thread runs a loop that never exits
    // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:10: warning: this thread runs a loop that never exits
    // CHECK-FIXES-CXX20: Thread T([] {
    while (true)
      tick();
  });
  T.join();
}

// --- negative: stoppable loops ------------------------------------------------

void negativeExit() {
  std::thread T([] {
    while (true) {
      if (poll())
        break;
      tick();
    }
  });
  T.join();
}

#if __cplusplus >= 202002L
// --- C++20: std::jthread and std::stop_token ---------------------------------

void fixJthreadWithoutToken() {
  std::jthread Flusher([] {
    // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:16: warning: 'std::jthread' requests a stop when it is destroyed, but its callable takes no 'std::stop_token' and runs a loop that never exits; the destructor waits forever; take a 'std::stop_token' and check it in the loop [threads-missing-stop-token]
    // CHECK-FIXES-CXX20: std::jthread Flusher([](std::stop_token StopToken) {
    for (;;)
      // CHECK-FIXES-CXX20: while (!StopToken.stop_requested())
      tick();
  });
}

void fixUnreadToken() {
  std::jthread Poller([](std::stop_token Token) {
    // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:16: warning: the thread's callable takes a 'std::stop_token' but never reads it, and runs a loop that never exits; a stop request is ignored, so joining the thread hangs; check the token in the loop [threads-missing-stop-token]
    while (1)
      // CHECK-FIXES-CXX20: while (!Token.stop_requested())
      tick();
  });
}

// The fixed form is what the check wants: silent.
void negativeTokenChecked() {
  std::jthread Poller([](std::stop_token Token) {
    while (!Token.stop_requested())
      tick();
  });
  std::jthread Breaker([](std::stop_token Token) {
    while (true) {
      if (Token.stop_requested())
        break;
      tick();
    }
  });
}

// A jthread joined by hand without 'request_stop()': no fix-it (see
// noFixJoined); with a 'request_stop()' the join returns once the loop checks
// the token, so the fix-it stays.
void noFixJthreadJoined() {
  std::jthread Flusher([] {
    // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:16: warning: 'std::jthread' requests a stop when it is destroyed
    // CHECK-FIXES-CXX20: std::jthread Flusher([] {
    for (;;)
      tick();
  });
  Flusher.join();
}

void fixJthreadStoppedThenJoined() {
  std::jthread Flusher([] {
    // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:16: warning: 'std::jthread' requests a stop when it is destroyed
    // CHECK-FIXES-CXX20: std::jthread Flusher([](std::stop_token StopToken) {
    for (;;)
      tick();
  });
  Flusher.request_stop();
  Flusher.join();
}

// Unnamed token: no name to use, so no fix-it.
void noFixUnnamedToken() {
  std::jthread Poller([](std::stop_token) {
    // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:16: warning: the thread's callable takes a 'std::stop_token' but never reads it
    // CHECK-FIXES-CXX20: std::jthread Poller([](std::stop_token) {
    while (true)
      tick();
  });
}
#endif

#if __cplusplus > 201703L
#include <functional>
// A lambda converted to std::function<void()>: still the thread's entry, but
// its signature is fixed by that type, so no fix-it adds a stop_token to it.
void jthreadThroughStdFunction() {
  std::jthread J(std::function<void()>([] {
    for (;;)
      tick();
  }));
  // CHECK-MESSAGES-CXX20: :[[@LINE-4]]:16: warning: 'std::jthread' requests a stop when it is destroyed, but its callable takes no 'std::stop_token' and runs a loop that never exits
}
#endif
