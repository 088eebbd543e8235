// RUN: %check_tidy -std=c++11,c++14 %s threads-unreleased-lock %t
// RUN: %check_tidy -check-suffixes=,CXX17 -std=c++17-or-later %s threads-unreleased-lock %t.17 -- -- -DCXX17

// std::lock and std::try_lock on RAII holders (unique_lock made with
// std::defer_lock, the textbook deadlock-free idiom): the holders own the
// locks and their destructors release them. Only raw mutexes passed to
// std::lock are manual acquires.

#include <mutex>

struct Account {
  std::mutex M;
  int Balance = 0;
};

// cppreference's example for std::lock.
void negativeTransfer(Account &From, Account &To, int Amount) {
  std::unique_lock<std::mutex> L1(From.M, std::defer_lock);
  std::unique_lock<std::mutex> L2(To.M, std::defer_lock);
  std::lock(L1, L2);
  From.Balance -= Amount;
  To.Balance += Amount;
}

Account Savings, Checking;

// Globals and an early return: still the holders' to release.
bool negativeTransferChecked(int Amount) {
  std::unique_lock<std::mutex> Lo(Savings.M, std::defer_lock);
  std::unique_lock<std::mutex> Hi(Checking.M, std::defer_lock);
  std::lock(Lo, Hi);
  if (Savings.Balance < Amount)
    return false;
  Savings.Balance -= Amount;
  Checking.Balance += Amount;
  return true;
}

// Three holders, one of them unlocked by hand before the end.
std::mutex Third;
void negativeThreeHolders(bool Early) {
  std::unique_lock<std::mutex> A(Savings.M, std::defer_lock);
  std::unique_lock<std::mutex> B(Checking.M, std::defer_lock);
  std::unique_lock<std::mutex> C(Third, std::defer_lock);
  std::lock(A, B, C);
  if (Early) {
    C.unlock();
    return;
  }
  Savings.Balance = Checking.Balance;
}

// std::try_lock on holders: -1 means every holder owns its lock.
bool negativeTryLockHolders() {
  std::unique_lock<std::mutex> A(Savings.M, std::defer_lock);
  std::unique_lock<std::mutex> B(Checking.M, std::defer_lock);
  if (std::try_lock(A, B) != -1)
    return false;
  Savings.Balance = 0;
  return true;
}

// A raw mutex next to a holder is a manual acquire: its leak is reported,
// the holder's lock is not.
std::mutex Raw;
void positiveRawNextToHolder(bool Flag) {
  std::unique_lock<std::mutex> A(Savings.M, std::defer_lock);
  std::lock(A, Raw);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Raw' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (Flag)
    return;
  Raw.unlock();
}

// Raw mutexes alone are still manual acquires.
void positiveRawOnly(bool Flag) {
  std::lock(Savings.M, Checking.M);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Checking.M' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: 'Savings.M' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (Flag)
    return;
  Savings.M.unlock();
  Checking.M.unlock();
}

#ifdef CXX17
// std::scoped_lock locks several mutexes and releases them itself.
bool negativeScopedLock(int Amount) {
  std::scoped_lock Both(Savings.M, Checking.M);
  if (Savings.Balance < Amount)
    return false;
  Savings.Balance -= Amount;
  return true;
}

// A holder made with CTAD, locked by std::lock in a loop.
void negativeHoldersInLoop(int N) {
  for (int I = 0; I < N; ++I) {
    std::unique_lock A(Savings.M, std::defer_lock);
    std::unique_lock B(Checking.M, std::defer_lock);
    std::lock(A, B);
    if (Savings.Balance == I)
      break;
  }
}

void positiveRawWithCTADHolder(bool Flag) {
  std::unique_lock A(Savings.M, std::defer_lock);
  std::lock(Raw, A);
  // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:3: warning: 'Raw' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (Flag)
    return;
  Raw.unlock();
}
#endif
