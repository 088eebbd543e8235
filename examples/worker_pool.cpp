// A worker pool fed by a queue.
//
// Bugs on purpose (threads-missing-stop-token): workers loop forever with no
// way to stop them, a plain bool flag is read by another thread, and a
// jthread ignores its stop token.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pool {

class WorkerPool {
public:
  explicit WorkerPool(unsigned Count) {
    for (unsigned I = 0; I < Count; ++I)
      Threads.emplace_back([this] { run(); });
  }
  ~WorkerPool() {
    Running = false;
    for (std::thread &T : Threads)
      T.join(); // Hangs: run() never returns.
  }

  void submit(std::function<void()> Job) {
    {
      std::lock_guard<std::mutex> Guard(Mu);
      Jobs.push_back(std::move(Job));
    }
    Ready.notify_one();
  }

private:
  void run() {
    while (true) {
      std::function<void()> Job;
      {
        std::unique_lock<std::mutex> Lock(Mu);
        Ready.wait(Lock, [this] { return !Jobs.empty(); });
        Job = std::move(Jobs.front());
        Jobs.pop_front();
      }
      Job();
    }
  }

  std::mutex Mu;
  std::condition_variable Ready;
  std::deque<std::function<void()>> Jobs;
  std::vector<std::thread> Threads;
  bool Running = true;
};

// A heartbeat that polls a plain bool: a data race, and the thread may never
// see the store that is meant to stop it.
class Heartbeat {
public:
  void start() {
    Thread = std::thread([this] {
      while (Alive)
        std::this_thread::sleep_for(std::chrono::seconds(1));
    });
  }
  void stop() {
    Alive = false;
    Thread.join();
  }

private:
  bool Alive = true;
  std::thread Thread;
};

// The jthread destructor requests a stop and joins; this loop never looks.
void startFlusher() {
  std::jthread Flusher([] {
    for (;;)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  });
}

} // namespace pool
