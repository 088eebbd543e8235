// REQUIRES: absl
// RUN: %check_tidy -std=c++17 %s threads-blocking-under-lock %t

// Abseil's real absl::Mutex: manual Lock()/Unlock(), the MutexLock family of
// holders, CondVar waits and Notification.

#include <absl/synchronization/mutex.h>
#include <absl/synchronization/notification.h>
#include <absl/time/clock.h>
#include <unistd.h>

absl::Mutex Mu;
absl::Mutex Other;
absl::CondVar Cv;
bool Ready;

void holders(absl::Notification &Done) {
  absl::MutexLock Lock(&Mu);
  absl::SleepFor(absl::Milliseconds(10));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'SleepFor' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long [threads-blocking-under-lock]
  Done.WaitForNotification();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WaitForNotification' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks if the awaited thread needs 'Mu'
}

void reader() {
  absl::ReaderMutexLock Lock(&Mu);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks while 'Mu' is held
}

void releasable() {
  absl::ReleasableMutexLock Lock(&Mu);
  usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' blocks while 'Mu' is held
  Lock.Release();
  usleep(1);
}

void manual() {
  Mu.Lock();
  while (!Ready)
    Cv.Wait(&Mu);
  Mu.Unlock();
  sleep(1);
  Other.Lock();
  Mu.Lock();
  Cv.Wait(&Mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Wait' blocks while 'Other' is held
  Mu.Unlock();
  Other.Unlock();
}
