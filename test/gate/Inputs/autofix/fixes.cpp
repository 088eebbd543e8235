// One finding per fix-it shape of every check, for the auto-apply tests
// (test/gate/autofix-*.test): what each path applies, and what must still be
// reported afterwards because no safe rewrite exists.
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

void serve(int Fd);
int acceptConnection();
void tick();

// threads-unbounded-detach: advice note without an edit. Stays reported.
void acceptLoop() {
  for (;;)
    std::thread(serve, acceptConnection()).detach();
}

// threads-missing-stop-token, joined by hand: no fix-it. Stays reported.
int runServer() {
  std::thread Server([] {
    for (;;)
      tick();
  });
  Server.join();
  return 0;
}

// threads-missing-stop-token, a member nobody joins: note fix-it (the
// member becomes a std::jthread that stops in its destructor). Fixed.
class Ticker {
public:
  Ticker() : Thread([] { while (true) tick(); }) {}

private:
  std::thread Thread;
};

// threads-missing-stop-token, a wait a stop cannot interrupt: no fix-it (the
// token overload returns with the predicate unmet). Stays reported.
class Queue {
public:
  void start() {
    Consumer = std::jthread([this](std::stop_token Token) {
      while (!Token.stop_requested()) {
        std::unique_lock<std::mutex> Lock(Mu);
        Ready.wait(Lock, [this] { return !Items.empty(); });
        Items.pop_front();
      }
    });
  }

private:
  std::mutex Mu;
  std::deque<int> Items;
  std::condition_variable Ready;
  std::jthread Consumer;
};

// threads-defer-in-loop: note fix-it (the stream becomes a local of the loop
// body, closed every iteration). Fixed.
void touch(const std::vector<std::string> &Paths) {
  std::vector<std::ofstream> Outs;
  for (const std::string &Path : Paths)
    Outs.emplace_back(Path);
}

// threads-unreleased-lock: fix-it on the warning (a RAII guard). Fixed.
std::mutex CounterMu;
int Counter;
int bump(bool Fail) {
  CounterMu.lock();
  if (Fail)
    return -1;
  ++Counter;
  CounterMu.unlock();
  return 0;
}
