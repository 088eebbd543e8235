// Diagnostic 2: threads added without limit to a container in an unbounded
// loop, and the containers that are drained or bounded.
// RUN: %check_tidy -std=c++11,c++20 %s threads-unbounded-detach %t

#include <deque>
#include <list>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include <sys/socket.h>

void serve(int Fd);
int acceptConnection();
bool poll(int Fd);
int next();
bool keepGoing();

// --- positive -------------------------------------------------------------

void positiveForever() {
  std::vector<std::thread> Workers;
  for (;;) {
    const int Fd = acceptConnection();
    Workers.emplace_back(serve, Fd);
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'emplace_back' adds a thread to 'Workers' on every iteration of a loop without bound, and nothing in the loop removes one; the number of threads grows without limit [threads-unbounded-detach]
    // CHECK-NOTES: :[[@LINE-5]]:28: note: 'Workers' is declared here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: this loop has no iteration bound
  }
  for (std::thread &W : Workers)
    W.join();
}

void positiveAcceptCondition(int ListenFd) {
  std::deque<std::thread> Workers;
  int Fd;
  while ((Fd = ::accept(ListenFd, nullptr, nullptr)) >= 0)
    Workers.push_back(std::thread(serve, Fd));
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'push_back' adds a thread to 'Workers'
  // CHECK-NOTES: :[[@LINE-5]]:27: note: 'Workers' is declared here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: this loop has no iteration bound: its condition calls 'accept'
}

void positivePollCondition(int Fd) {
  std::list<std::thread> Workers;
  while (poll(Fd)) {
    std::thread Worker(serve, Fd);
    Workers.push_front(std::move(Worker));
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'push_front' adds a thread to 'Workers'
    // CHECK-NOTES: :[[@LINE-5]]:26: note: 'Workers' is declared here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: this loop has no iteration bound: its condition calls 'poll'
  }
}

void positiveMap() {
  std::map<int, std::thread> ByFd;
  for (int Fd; (Fd = next()) >= 0;) {
    ByFd.emplace(Fd, std::thread(serve, Fd));
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'emplace' adds a thread to 'ByFd'
    // CHECK-NOTES: :[[@LINE-4]]:30: note: 'ByFd' is declared here
    // CHECK-NOTES: :[[@LINE-4]]:3: note: this loop has no iteration bound: its condition calls 'next'
  }
}

void positiveConstantInsideUnbounded() {
  std::vector<std::thread> Workers;
  while (true) {
    for (int I = 0; I < 4; ++I)
      Workers.emplace_back(serve, I);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'emplace_back' adds a thread to 'Workers'
    // CHECK-NOTES: :[[@LINE-5]]:28: note: 'Workers' is declared here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: this loop has no iteration bound
    if (Workers.size() > 100)
      break;
  }
}

class Server {
  std::vector<std::thread> Threads;

public:
  void run() {
    for (;;)
      Threads.emplace_back(serve, acceptConnection());
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'emplace_back' adds a thread to 'Threads'
    // CHECK-NOTES: :[[@LINE-7]]:28: note: 'Threads' is declared here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: this loop has no iteration bound
  }
};

template <typename T> void positiveTemplate(T Arg) {
  std::vector<std::thread> Workers;
  for (;;)
    Workers.emplace_back(serve, acceptConnection());
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'emplace_back' adds a thread to 'Workers'
  // CHECK-NOTES: :[[@LINE-4]]:28: note: 'Workers' is declared here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: this loop has no iteration bound
  (void)Arg;
}
template void positiveTemplate<int>(int);
template void positiveTemplate<long>(long);

// --- negative -------------------------------------------------------------

template <typename Container> void negativeDependent(Container &Workers) {
  for (;;)
    Workers.emplace_back(serve, acceptConnection());
}
template void negativeDependent(std::vector<std::thread> &);

void negativeBoundedPool() {
  std::vector<std::thread> Pool;
  for (int I = 0; I < 4; ++I)
    Pool.emplace_back(serve, I);
  for (std::thread &T : Pool)
    T.join();
}

void negativeRuntimeBound(int N) {
  // Not unbounded: N threads, as many as the caller asks for.
  std::vector<std::thread> Pool;
  for (int I = 0; I < N; ++I)
    Pool.emplace_back(serve, I);
  for (std::thread &T : Pool)
    T.join();
}

void negativeDrainedByErase() {
  std::vector<std::thread> Workers;
  for (;;) {
    Workers.emplace_back(serve, acceptConnection());
    if (Workers.size() >= 8) {
      Workers.front().join();
      Workers.erase(Workers.begin());
    }
  }
}

void negativeDrainedByPop() {
  std::deque<std::thread> Workers;
  while (keepGoing()) {
    Workers.emplace_back(serve, acceptConnection());
    while (Workers.size() > 4) {
      Workers.front().join();
      Workers.pop_front();
    }
  }
}

void negativeJoinAndClear() {
  std::vector<std::thread> Batch;
  for (;;) {
    for (int I = 0; I < 4; ++I)
      Batch.emplace_back(serve, I);
    for (std::thread &T : Batch)
      T.join();
    Batch.clear();
  }
}

void negativeHandedToHelper(void (*Reap)(std::vector<std::thread> &)) {
  std::vector<std::thread> Workers;
  for (;;) {
    Workers.emplace_back(serve, acceptConnection());
    Reap(Workers);
  }
}

void negativeDeclaredInLoop() {
  for (;;) {
    std::vector<std::thread> Batch;
    Batch.emplace_back(serve, acceptConnection());
    Batch.emplace_back(serve, acceptConnection());
    for (std::thread &T : Batch)
      T.join();
  }
}

void negativeNotThreads() {
  std::vector<int> Fds;
  for (;;)
    Fds.push_back(acceptConnection());
}

void negativeLambdaNotInLoop() {
  std::vector<std::thread> Workers;
  auto Add = [&Workers](int Fd) { Workers.emplace_back(serve, Fd); };
  Add(acceptConnection());
  for (std::thread &T : Workers)
    T.join();
}
