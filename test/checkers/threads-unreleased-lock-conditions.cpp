// Path conditions (docs/engine.md): a side-effect-free condition re-tested
// with no visible write to anything it reads in between has the same value,
// so a lock taken under it and released under the same test is released on
// every path that took it. Shapes made up for the rule, not taken from one
// project: fields of globals, members through `this` and through pointers,
// `!p`, `p != nullptr`, `x > 0`, `const` member calls.
// Exception paths are another test's subject (-exceptions).
// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.CheckExceptionPaths: false}}"

#include <mutex>
#include <vector>

void work();
void workOn(int *P);

struct Config {
  int Workers = 0;
  std::mutex Mu;
};
Config Cfg;

void negativeGlobalField() {
  if (Cfg.Workers)
    Cfg.Mu.lock();
  work();
  if (Cfg.Workers)
    Cfg.Mu.unlock();
}

void negativeComparison(int Count) {
  if (Cfg.Workers > 0)
    Cfg.Mu.lock();
  work();
  if (Cfg.Workers > 0)
    Cfg.Mu.unlock();
  (void)Count;
}

struct Group {
  std::mutex Mu;
  Group *Parent = nullptr;
};

struct Node {
  std::mutex Mu;
  Group *Owner = nullptr;
  void negativeMemberThroughThis() {
    Mu.lock();
    if (this->Owner)
      this->Owner->Mu.lock();
    work();
    if (this->Owner)
      this->Owner->Mu.unlock();
    Mu.unlock();
  }
  void negativeNotNullSpellings() {
    if (Owner != nullptr)
      Owner->Mu.lock();
    work();
    if (!Owner)
      return;
    Owner->Mu.unlock();
  }
  void setOwner(Group *G);
  void positiveMemberCallWrites() {
    if (Owner)
      Owner->Mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Owner->Mu' is locked here and not released on every path
    setOwner(nullptr);
    if (Owner)
      Owner->Mu.unlock();
  }
};

void negativeThroughPointer(Group *G) {
  if (G->Parent)
    G->Parent->Mu.lock();
  work();
  if (G->Parent)
    G->Parent->Mu.unlock();
}

void positivePointerReassigned(Group *G, Group *Other) {
  if (G->Parent)
    G->Parent->Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'G->Parent->Mu' is locked here and not released on every path
  G->Parent = Other;
  if (G->Parent)
    G->Parent->Mu.unlock();
}

void positiveOuterPointerReassigned(Group *G, Group *Other) {
  if (G->Parent)
    G->Parent->Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'G->Parent->Mu' is locked here and not released on every path
  G = Other;
  if (G->Parent)
    G->Parent->Mu.unlock();
}

void negativeConstMemberCall(std::vector<int> &Queue, std::mutex &M) {
  if (!Queue.empty())
    M.lock();
  work();
  if (!Queue.empty())
    M.unlock();
}

void positiveNonConstMemberCall(std::vector<int> &Queue, std::mutex &M) {
  if (!Queue.empty())
    M.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'M' is locked here and not released on every path
  Queue.pop_back();
  if (!Queue.empty())
    M.unlock();
}

void positiveAddressTaken(int Limit, std::mutex &M) {
  int Budget = Limit;
  if (Budget > 0)
    M.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'M' is locked here and not released on every path
  workOn(&Budget);
  if (Budget > 0)
    M.unlock();
}

// A condition tested only once correlates with nothing.
void positiveDifferentConditions(std::mutex &M) {
  if (Cfg.Workers > 0)
    M.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'M' is locked here and not released on every path
  work();
  if (Cfg.Workers > 1)
    M.unlock();
}

// A lock taken through a pointer proves the pointer non-null on that path.
Group *first();
int negativeLockProvesNonNull(bool Empty) {
  Group *E;
  if (!Empty) {
    E = first();
    E->Mu.lock();
  } else {
    E = nullptr;
  }
  if (!E)
    return -1;
  work();
  E->Mu.unlock();
  return 0;
}

int positiveNullCheckAfterUnrelatedAssignment(bool Empty, Group *Other) {
  Group *E = first();
  if (!Empty)
    E->Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'E->Mu' is locked here and not released on every path
  E = Other;
  if (!E)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'E->Mu' is still locked when 'positiveNullCheckAfterUnrelatedAssignment' returns here
  E->Mu.unlock();
  return 0;
}
