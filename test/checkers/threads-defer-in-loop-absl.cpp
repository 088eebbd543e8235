// REQUIRES: absl
// RUN: %check_tidy -std=c++17,c++20 %s threads-defer-in-loop %t

// Abseil's real scope guards and lock holders (libabsl-dev): absl::Cleanup
// and absl::MutexLock (and its reader, writer and releasable forms) added to
// a holder that outlives the loop are reported; the same types as locals of
// the loop body, a holder drained in the loop, and elements used after the
// loop (a rollback list cancelled on success, work done under every lock) are
// not. Locks and scope guards get no fix-it: the code after the loop may rely
// on them.

#include <absl/cleanup/cleanup.h>
#include <absl/synchronization/mutex.h>
#include <cstdio>
#include <deque>
#include <functional>
#include <list>
#include <string>
#include <utility>
#include <vector>

struct FdCloser {
  int Fd;
  void operator()() const;
};
using CloseGuard = decltype(absl::MakeCleanup(FdCloser{0}));
using AnyCleanup = absl::Cleanup<absl::cleanup_internal::Tag, std::function<void()>>;
void transfer();

// --- positive -----------------------------------------------------------------

void positiveCleanupLambda(const std::vector<std::string> &Paths) {
  std::vector<AnyCleanup> Cleanups;
  for (const std::string &Path : Paths) {
    std::FILE *F = std::fopen(Path.c_str(), "r");
    if (!F)
      continue;
    Cleanups.push_back(absl::MakeCleanup(std::function<void()>([F] { std::fclose(F); })));
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'F' is deferred to 'Cleanups' instead of running at the end of the iteration; every iteration's 'F' stays held until the cleanups run [threads-defer-in-loop]
  }
}

void positiveCleanupGuards(const std::vector<int> &Fds) {
  std::vector<CloseGuard> Guards;
  for (int Fd : Fds)
    Guards.push_back(absl::MakeCleanup(FdCloser{Fd}));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: scope guard added to 'Guards' inside a loop is released only when 'Guards' is destroyed; every iteration keeps one more scope guard pending [threads-defer-in-loop]
}

void positiveMutexLocks(const std::vector<absl::Mutex *> &Mus) {
  std::list<absl::MutexLock> Held;
  for (absl::Mutex *M : Mus) {
    Held.emplace_back(M);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: lock added to 'Held' inside a loop is released only when 'Held' is destroyed; every iteration keeps one more lock held [threads-defer-in-loop]
  }
}

void positiveReaderLocks(const std::vector<absl::Mutex *> &Mus) {
  std::deque<absl::ReaderMutexLock> Readers;
  for (absl::Mutex *M : Mus)
    Readers.emplace_back(M);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: lock added to 'Readers' inside a loop
  Readers.clear();
}

void positiveReleasableLocks(const std::vector<absl::Mutex *> &Mus) {
  std::list<absl::ReleasableMutexLock> Writers;
  for (absl::Mutex *M : Mus)
    Writers.emplace_front(M);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: lock added to 'Writers' inside a loop
}

// --- negative -----------------------------------------------------------------

void negativeLocals(const std::vector<absl::Mutex *> &Mus,
                    const std::vector<std::string> &Paths) {
  for (absl::Mutex *M : Mus) {
    absl::MutexLock Hold(M);
    transfer();
  }
  for (const std::string &Path : Paths) {
    std::FILE *F = std::fopen(Path.c_str(), "r");
    if (!F)
      continue;
    absl::Cleanup Close = [F] { std::fclose(F); };
    std::vector<CloseGuard> PerIteration;
    PerIteration.push_back(absl::MakeCleanup(FdCloser{fileno(F)}));
  }
}

void negativeDrained(const std::vector<int> &Fds) {
  std::vector<CloseGuard> Guards;
  for (int Fd : Fds) {
    Guards.push_back(absl::MakeCleanup(FdCloser{Fd}));
    Guards.clear();
  }
}

// A rollback list: every cleanup is cancelled once all steps succeeded.
void negativeRollback(const std::vector<int> &Fds, bool Committed) {
  std::vector<CloseGuard> Rollback;
  for (int Fd : Fds)
    Rollback.push_back(absl::MakeCleanup(FdCloser{Fd}));
  if (Committed)
    for (CloseGuard &G : Rollback)
      std::move(G).Cancel();
}

// Every mutex is locked on purpose before the work that needs all of them.
void negativeLockAllThenWork(const std::vector<absl::Mutex *> &Mus) {
  std::list<absl::MutexLock> Held;
  for (absl::Mutex *M : Mus)
    Held.emplace_back(M);
  transfer();
}
