// RUN: %check_tidy -std=c++17 %s threads-unjoined-thread %t

// A std::thread member started in a constructor body is the object's once
// the constructor returns; until then a throw destroys it while joinable.

#include <stdexcept>
#include <thread>

bool cond();
void work();
void mayFail() {
  if (cond())
    throw std::runtime_error("setup failed");
}

class Worker {
public:
  Worker() {
    Thread = std::thread(&Worker::run, this);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Thread' is still joinable if an exception is thrown before it is joined; std::terminate ends the process [threads-unjoined-thread]
    mayFail();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mayFail' may throw here while 'Thread' is joinable
  }
  explicit Worker(int Id) {
    this->Thread = std::thread(&Worker::run, this);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'this->Thread' may still be joinable when it is destroyed; std::terminate ends the process
    if (Id < 0)
      throw std::invalid_argument("id");
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'this->Thread' is still joinable when the constructor throws here
  }
  Worker(int, int) {
    Thread = std::thread(&Worker::run, this);
    Thread = std::thread(&Worker::run, this);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Thread' is still joinable when it is assigned here; std::terminate ends the process
    // CHECK-NOTES: :[[@LINE-3]]:5: note: 'Thread' was started here
  }
  // Not flagged: returning hands the thread to the object.
  explicit Worker(char) {
    Thread = std::thread(&Worker::run, this);
    if (cond())
      return;
  }
  // A member function of the object may join it.
  explicit Worker(double) {
    Thread = std::thread(&Worker::run, this);
    stop();
    mayFail();
  }
  explicit Worker(bool) {
    Thread = std::thread(&Worker::run, this);
    if (cond()) {
      Thread.join();
      throw std::runtime_error("no");
    }
  }
  ~Worker() { stop(); }
  // Outside a constructor the object owns its threads.
  void start() {
    Thread = std::thread(&Worker::run, this);
    mayFail();
  }
  void stop() {
    if (Thread.joinable())
      Thread.join();
  }

private:
  void run();
  std::thread Thread;
};
