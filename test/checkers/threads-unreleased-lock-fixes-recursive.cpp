// RUN: %check_tidy -check-suffixes=,CXX11 -std=c++11,c++14 %s threads-unreleased-lock %t
// RUN: %check_tidy -check-suffixes=,CXX17 -std=c++17,c++20 %s threads-unreleased-lock %t.17

// Recursive mutexes get the same RAII fix-it as std::mutex: a guard of
// std::recursive_mutex releases once, exactly like the unlock() it
// replaces (C++11: std::lock_guard<std::recursive_mutex>).

#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

std::recursive_mutex Tree;
std::vector<int> Values;

void check(int X) {
  if (X < 0)
    throw std::invalid_argument("negative");
}

// The throwing call is the function itself: the reason to use a recursive
// mutex.
void walk(int Depth) {
  Tree.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Tree' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES-CXX11: std::lock_guard<std::recursive_mutex> lock(Tree);
  // CHECK-FIXES-CXX17: std::scoped_lock lock(Tree);
  check(Depth);
  if (Depth > 0)
    walk(Depth - 1);
  Values.push_back(Depth);
  Tree.unlock();
}

class Registry {
public:
  int get(const std::string &Key) const {
    Mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
    // CHECK-FIXES-CXX11: std::unique_lock<std::recursive_mutex> lock(Mu);
    // CHECK-FIXES-CXX17: std::unique_lock lock(Mu);
    const int V = Entries.at(Key);
    Mu.unlock();
    // CHECK-FIXES: lock.unlock();
    return V;
  }
  void bump(const std::string &Key) {
    Mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
    // CHECK-FIXES-CXX11: std::lock_guard<std::recursive_mutex> lock(Mu);
    // CHECK-FIXES-CXX17: std::scoped_lock lock(Mu);
    Entries[Key] = get(Key) + 1;
    check(Entries[Key]);
    Mu.unlock();
  }

private:
  mutable std::recursive_mutex Mu;
  std::map<std::string, int> Entries;
};

struct Node {
  std::recursive_timed_mutex Mu;
  int Value = 0;
};
void parse(Node *N, const std::string &Text, bool Twice) {
  N->Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'N->Mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-FIXES-CXX11: std::lock_guard<std::recursive_timed_mutex> lock(N->Mu);
  // CHECK-FIXES-CXX17: std::scoped_lock lock(N->Mu);
  N->Value = std::stoi(Text);
  if (!Twice)
    return;
  N->Value += std::stoi(Text);
  N->Mu.unlock();
}
