// The same findings through libc++'s std::__1 namespace.
// REQUIRES: libcxx
// RUN: %check_tidy -std=c++20 -stdlib=libc++ %s threads-exception-escapes-thread %t -- -- -fexperimental-library

#include <future>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

void handle(int);

int parse(const std::string &Text) {
  if (Text.empty())
    throw std::invalid_argument("empty");
  return 1;
}

void start(std::vector<int> &Values, std::string Text) {
  std::thread A([Text] { handle(parse(Text)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception of type 'std::invalid_argument' thrown in 'parse' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  std::jthread B([&Values] { handle(Values.at(1)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: exception thrown by 'vector::at' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  std::jthread C([Text](std::stop_token) { handle(std::stoi(Text)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: exception thrown by 'stoi' escapes the thread's lambda
  A.join();
}

// Caught by a base class of what the library throws; allocation only; the
// future keeps the exception.
void silent(std::vector<int> &Values) {
  std::thread([&Values] {
    try {
      handle(Values.at(1));
    } catch (const std::exception &) {
    }
  }).join();
  std::thread([] {
    std::map<int, std::string> Names;
    Names[1] = std::string(64, 'x');
    std::vector<int> More(1000);
    More.push_back(1);
  }).join();
  auto Pending = std::async(std::launch::async, [] { return parse(""); });
  std::packaged_task<int()> Job([] { return parse(""); });
  std::thread(std::move(Job)).detach();
}

// future::get rethrows what the task threw.
void waits(std::future<int> &Result) {
  std::thread([&Result] { handle(Result.get()); }).join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception thrown by 'future::get' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
}
