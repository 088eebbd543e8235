// REQUIRES: gsl
// RUN: %check_tidy -std=c++17,c++20 %s threads-defer-in-loop %t

// The Microsoft GSL's real gsl::finally / gsl::final_action (libmsgsl-dev):
// final actions collected in a holder that outlives the loop run only when the
// holder goes away; as locals of the loop body they run every iteration.

#include <cstdio>
#include <functional>
#include <gsl/util>
#include <list>
#include <string>
#include <vector>

struct FdCloser {
  int Fd;
  void operator()() const;
};
using CloseAction = gsl::final_action<FdCloser>;
void process(std::FILE *F);

// --- positive -----------------------------------------------------------------

void positiveFinallyLambda(const std::vector<std::string> &Paths) {
  std::vector<gsl::final_action<std::function<void()>>> Actions;
  for (const std::string &Path : Paths) {
    std::FILE *F = std::fopen(Path.c_str(), "r");
    if (!F)
      continue;
    Actions.push_back(gsl::finally(std::function<void()>([F] { std::fclose(F); })));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: cleanup releasing 'F' is deferred to 'Actions' instead of running at the end of the iteration; every iteration's 'F' stays held until the cleanups run [threads-defer-in-loop]
    process(F);
  }
}

void positiveFinalActions(const std::vector<int> &Fds) {
  std::vector<CloseAction> Actions;
  for (int Fd : Fds)
    Actions.push_back(gsl::finally(FdCloser{Fd}));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: scope guard added to 'Actions' inside a loop is released only when 'Actions' is destroyed; every iteration keeps one more scope guard pending [threads-defer-in-loop]
}

void positiveEmplace(const std::vector<int> &Fds) {
  std::list<CloseAction> Actions;
  for (int Fd : Fds) {
    Actions.emplace_back(FdCloser{Fd});
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: scope guard added to 'Actions' inside a loop
  }
  Actions.clear();
}

// --- negative -----------------------------------------------------------------

void negativeLocal(const std::vector<std::string> &Paths) {
  for (const std::string &Path : Paths) {
    std::FILE *F = std::fopen(Path.c_str(), "r");
    if (!F)
      continue;
    auto Close = gsl::finally([F] { std::fclose(F); });
    process(F);
  }
}

void negativeDrained(const std::vector<int> &Fds) {
  std::vector<CloseAction> Actions;
  for (int Fd : Fds) {
    Actions.push_back(gsl::finally(FdCloser{Fd}));
    Actions.pop_back();
  }
}

// The actions are handed on after the loop: the caller decides when they run.
std::vector<CloseAction> negativeReturned(const std::vector<int> &Fds) {
  std::vector<CloseAction> Actions;
  for (int Fd : Fds)
    Actions.push_back(gsl::finally(FdCloser{Fd}));
  return Actions;
}
