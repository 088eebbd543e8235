// Notes, and the fix-its that go on a note because they edit a declaration
// outside the creating expression (a member or a container of threads).
// RUN: %check_tidy -std=c++20 -fix-notes %s threads-missing-stop-token %t

#include <thread>
#include <vector>

void tick();

class Member {
public:
  Member() : Thread([this] { while (true) tick(); }) {}
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: this thread runs a loop that never exits and can never be stopped; joining it hangs and detaching it leaks it; give it a 'std::stop_token' and check the token in the loop [threads-missing-stop-token]
  // CHECK-NOTES: :[[@LINE-2]]:30: note: this loop never exits: its condition is always true and nothing in it breaks out, returns, throws or calls a 'noreturn' function
  // CHECK-NOTES: :[[@LINE-3]]:14: note: make 'Thread' a 'std::jthread' and end the loop when its stop token is requested
  // CHECK-FIXES: Member() : Thread([this](std::stop_token StopToken) { while (!StopToken.stop_requested()) tick(); }) {}

private:
  std::thread Thread;
  // CHECK-FIXES: std::jthread Thread;
};

// Joined by hand in the destructor: a std::jthread requests its stop only in
// its own destructor, after that join, so the rewrite would still hang in
// '~MemberJoined' and no longer be reported. Diagnosis only.
class MemberJoined {
public:
  MemberJoined() : Thread([this] { while (true) tick(); }) {}
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: this thread runs a loop that never exits
  // CHECK-NOTES: :[[@LINE-2]]:36: note: this loop never exits
  // CHECK-FIXES: MemberJoined() : Thread([this] { while (true) tick(); }) {}
  ~MemberJoined() {
    if (Thread.joinable())
      Thread.join();
  }

private:
  std::thread Thread;
  // CHECK-FIXES: std::thread Thread;
};

class Assigned {
public:
  void start() {
    Runner = std::thread([this] { for (;;) tick(); });
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: this thread runs a loop that never exits
    // CHECK-NOTES: :[[@LINE-2]]:35: note: this loop never exits
    // CHECK-NOTES: :[[@LINE-3]]:14: note: make 'Runner' a 'std::jthread' and end the loop
    // CHECK-FIXES: Runner = std::jthread([this](std::stop_token StopToken) { while (!StopToken.stop_requested()) tick(); });
  }

private:
  std::thread Runner;
  // CHECK-FIXES: std::jthread Runner;
};

// Two threads into one container: the container's type is edited once.
void container() {
  std::vector<std::thread> Pool;
  // CHECK-FIXES: std::vector<std::jthread> Pool;
  Pool.emplace_back([] { while (true) tick(); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
  // CHECK-NOTES: :[[@LINE-2]]:26: note: this loop never exits
  // CHECK-NOTES: :[[@LINE-3]]:3: note: store 'std::jthread' in 'Pool' and end the loop
  // CHECK-FIXES: Pool.emplace_back([](std::stop_token StopToken) { while (!StopToken.stop_requested()) tick(); });
  Pool.push_back(std::thread([] { while (true) tick(); }));
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: this thread runs a loop that never exits
  // CHECK-NOTES: :[[@LINE-2]]:35: note: this loop never exits
  // CHECK-NOTES: :[[@LINE-3]]:18: note: store 'std::jthread' in 'Pool' and end the loop
  // CHECK-FIXES: Pool.push_back(std::jthread([](std::stop_token StopToken) { while (!StopToken.stop_requested()) tick(); }));
}

// Joined by hand: diagnosis only (see MemberJoined).
void containerJoined() {
  std::vector<std::thread> Pool;
  // CHECK-FIXES: std::vector<std::thread> Pool;
  Pool.emplace_back([] { while (true) tick(); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
  // CHECK-NOTES: :[[@LINE-2]]:26: note: this loop never exits
  for (auto &T : Pool)
    T.join();
}

// A use that needs a std::thread: no note fix-it, only the diagnosis.
void join(std::vector<std::thread> &Threads);
void containerPassedAway() {
  std::vector<std::thread> Pool;
  Pool.emplace_back([] { while (true) tick(); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
  // CHECK-NOTES: :[[@LINE-2]]:26: note: this loop never exits
  join(Pool);
}

// A forwarding entry: the note says which call runs the loop.
class Forwarding {
  void run() {
    while (true)
      tick();
  }
  void serve() { run(); }

public:
  void start() {
    std::thread([this] { serve(); }).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: this thread runs a loop that never exits
    // CHECK-NOTES: :[[@LINE-2]]:26: note: the thread calls 'serve' here, which runs the loop
    // CHECK-NOTES: :[[@LINE-10]]:5: note: this loop never exits
  }
};
