// A loop condition in a thread entry that reads a plain bool other threads
// can write. Option CheckNonAtomicFlags turns it off.
// RUN: %check_tidy -std=c++17 -check-suffixes=CXX17 %s threads-missing-stop-token %t
// RUN: %check_tidy -std=c++20 -check-suffixes=CXX20 %s threads-missing-stop-token %t
// RUN: %check_tidy -std=c++17 %s threads-missing-stop-token %t.off -- \
// RUN:   -config="{CheckOptions: {threads-missing-stop-token.CheckNonAtomicFlags: false}}"

#include <atomic>
#include <csignal>
#include <thread>

void tick();

bool GlobalStop = false;

void positiveGlobal() {
  std::thread([] {
    while (!GlobalStop)
      // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:13: warning: loop condition reads the plain 'bool' 'GlobalStop' that other threads can write; this is a data race and the thread may never see the change; use 'std::atomic<bool>' [threads-missing-stop-token]
      // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:13: warning: loop condition reads the plain 'bool' 'GlobalStop' that other threads can write; this is a data race and the thread may never see the change; use a 'std::stop_token' or 'std::atomic<bool>' [threads-missing-stop-token]
      tick();
  }).detach();
}

class Heartbeat {
public:
  void start() {
    Thread = std::thread([this] {
      do
        tick();
      while (Alive);
      // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:14: warning: loop condition reads the plain 'bool' 'Alive'
      // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:14: warning: loop condition reads the plain 'bool' 'Alive'
    });
  }
  void stop() {
    Alive = false;
    Thread.join();
  }
  void run() {
    for (; !Done;)
      // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:13: warning: loop condition reads the plain 'bool' 'Done'
      // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:13: warning: loop condition reads the plain 'bool' 'Done'
      tick();
  }
  void startRun() { std::thread(&Heartbeat::run, this).detach(); }

private:
  bool Alive = true;
  bool Done = false;
  std::thread Thread;
};

void positiveCapturedByReference() {
  bool Quit = false;
  std::thread T([&Quit] {
    while (!Quit)
      // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:13: warning: loop condition reads the plain 'bool' 'Quit'
      // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:13: warning: loop condition reads the plain 'bool' 'Quit'
      tick();
  });
  Quit = true;
  T.join();
}

void referenceParameter(const bool &Stop) {
  while (!Stop)
    // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:11: warning: loop condition reads the plain 'bool' 'Stop'
    // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:11: warning: loop condition reads the plain 'bool' 'Stop'
    tick();
}
void positiveReferenceParameter(bool &Stop) {
  std::thread(referenceParameter, std::cref(Stop)).detach();
}

// volatile does not make a bool atomic.
volatile bool VolatileStop = false;
void positiveVolatile() {
  std::thread([] {
    while (!VolatileStop)
      // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:13: warning: loop condition reads the plain 'bool' 'VolatileStop'
      // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:13: warning: loop condition reads the plain 'bool' 'VolatileStop'
      tick();
  }).detach();
}

// --- negative ---------------------------------------------------------------

std::atomic<bool> AtomicStop{false};
volatile std::sig_atomic_t SignalStop = 0;
const bool Never = false;

void negativeAtomicAndOthers() {
  std::thread([] {
    while (!AtomicStop && !SignalStop && !Never)
      tick();
  }).detach();
}

void negativeLocals() {
  std::thread([] {
    bool Again = true;
    while (Again)
      Again = false;
  }).detach();
  bool Copy = true;
  std::thread([Copy]() mutable {
    while (Copy)
      Copy = false;
  }).detach();
}

// A function object is copied into the thread: its fields are its own.
struct Countdown {
  bool Running = true;
  void operator()() {
    while (Running)
      Running = false;
  }
};
void negativeFunctionObject() { std::thread(Countdown{}).detach(); }

// Not a thread entry.
void negativeNotAThread() {
  while (!GlobalStop)
    tick();
}

// A flag read while its mutex is held is synchronized (rocksdb's
// DeleteScheduler::BackgroundEmptyTrash).
#include <condition_variable>
#include <mutex>
class Scheduler {
  std::mutex Mu;
  std::condition_variable Cv;
  bool Closing = false;
  bool Empty = true;
  void background() {
    while (true) {
      std::unique_lock<std::mutex> Lock(Mu);
      while (Empty && !Closing)
        Cv.wait(Lock);
      if (Closing)
        return;
    }
  }
  void manual() {
    Mu.lock();
    while (!Closing)
      Cv.notify_one();
    Mu.unlock();
  }
  bool Annotated __attribute__((guarded_by(Mu))) = false;
  void annotated() {
    while (!Annotated)
      tick();
  }

public:
  void start() {
    std::thread(&Scheduler::background, this).detach();
    std::thread(&Scheduler::manual, this).detach();
    std::thread(&Scheduler::annotated, this).detach();
  }
};
