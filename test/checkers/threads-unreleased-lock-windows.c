// REQUIRES: windows-headers
// RUN: %check_tidy -std=c99,c11 %s threads-unreleased-lock %t -- -- %mingw_flags

// C: Windows critical sections and slim reader/writer locks with MinGW-w64's
// real <windows.h> (WINAPI calling convention, WINBOOL and BOOLEAN results,
// LPCRITICAL_SECTION and PSRWLOCK parameters).

#include <windows.h>

struct cache {
  CRITICAL_SECTION cs;
  SRWLOCK rw;
  int values[8];
};

static CRITICAL_SECTION global_cs;
static SRWLOCK global_rw = SRWLOCK_INIT;
static int counter;

int positive_critical_section(struct cache *c, int key) {
  EnterCriticalSection(&c->cs);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'c->cs' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (key < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'c->cs' is still locked when 'positive_critical_section' returns here
  int value = c->values[key % 8];
  LeaveCriticalSection(&c->cs);
  return value;
}

void positive_critical_section_pointer(LPCRITICAL_SECTION cs, int x) {
  EnterCriticalSection(cs);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cs' is locked here and not released
  if (x)
    goto out;
  LeaveCriticalSection(cs);
out:
  counter = 0;
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'cs' is still locked when 'positive_critical_section_pointer' reaches its end here

int positive_try_enter_section(int x) {
  if (TryEnterCriticalSection(&global_cs)) {
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'global_cs' is locked here and not released
    if (x)
      return 1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'global_cs' is still locked when 'positive_try_enter_section' returns here
    LeaveCriticalSection(&global_cs);
  }
  return 0;
}

void positive_srw_exclusive(struct cache *c, int key, int value) {
  AcquireSRWLockExclusive(&c->rw);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'c->rw' is locked here and not released
  if (key < 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'c->rw' is still locked when 'positive_srw_exclusive' returns here
  c->values[key % 8] = value;
  ReleaseSRWLockExclusive(&c->rw);
}

int positive_srw_shared(struct cache *c, int key) {
  AcquireSRWLockShared(&c->rw);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'c->rw' is locked here and not released
  if (key < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'c->rw' is still locked when 'positive_srw_shared' returns here
  int value = c->values[key % 8];
  ReleaseSRWLockShared(&c->rw);
  return value;
}

int positive_try_srw_exclusive(int x) {
  if (!TryAcquireSRWLockExclusive(&global_rw))
    return 0;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: 'global_rw' is locked here and not released
  if (x)
    return 2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'global_rw' is still locked when 'positive_try_srw_exclusive' returns here
  ReleaseSRWLockExclusive(&global_rw);
  return 1;
}

int positive_try_srw_shared(int x) {
  if (TryAcquireSRWLockShared(&global_rw) != 0) {
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'global_rw' is locked here and not released
    if (x)
      return 2;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'global_rw' is still locked when 'positive_try_srw_shared' returns here
    ReleaseSRWLockShared(&global_rw);
    return 1;
  }
  return 0;
}

void positive_srw_loop(struct cache *c, int n) {
  for (int i = 0; i < n; ++i) {
    AcquireSRWLockExclusive(&c->rw);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'c->rw' is locked here and not released
    // CHECK-NOTES: :[[@LINE-2]]:5: note: the next loop iteration locks 'c->rw' again here while it is still held
    if (c->values[i % 8] < 0)
      continue;
    c->values[i % 8]++;
    ReleaseSRWLockExclusive(&c->rw);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'c->rw' is still locked when 'positive_srw_loop' reaches its end here

void positive_srw_twice(void) {
  AcquireSRWLockExclusive(&global_rw);
  AcquireSRWLockExclusive(&global_rw);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'global_rw' is locked again while this thread already holds it; a non-recursive lock deadlocks
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'global_rw' was locked here
  ReleaseSRWLockExclusive(&global_rw);
}

// --- negative: balanced on every path -----------------------------------------

int negative_critical_section(struct cache *c, int key) {
  EnterCriticalSection(&c->cs);
  int value = key < 0 ? -1 : c->values[key % 8];
  LeaveCriticalSection(&c->cs);
  return value;
}

// Critical sections are recursive: entering twice and leaving twice is fine.
void negative_critical_section_recursive(void) {
  EnterCriticalSection(&global_cs);
  EnterCriticalSection(&global_cs);
  counter++;
  LeaveCriticalSection(&global_cs);
  LeaveCriticalSection(&global_cs);
}

int negative_try_enter(void) {
  if (!TryEnterCriticalSection(&global_cs))
    return 0;
  counter++;
  LeaveCriticalSection(&global_cs);
  return 1;
}

int negative_srw(struct cache *c, int key) {
  AcquireSRWLockShared(&c->rw);
  int value = c->values[key % 8];
  ReleaseSRWLockShared(&c->rw);
  AcquireSRWLockExclusive(&c->rw);
  c->values[key % 8] = value + 1;
  ReleaseSRWLockExclusive(&c->rw);
  return value;
}

int negative_try_srw(void) {
  if (TryAcquireSRWLockExclusive(&global_rw)) {
    counter++;
    ReleaseSRWLockExclusive(&global_rw);
  }
  if (TryAcquireSRWLockShared(&global_rw) == 0)
    return 0;
  int value = counter;
  ReleaseSRWLockShared(&global_rw);
  return value;
}

// A caller's lock: released here, acquired elsewhere.
void negative_leave_only(LPCRITICAL_SECTION cs) { LeaveCriticalSection(cs); }

// Initialisation and deletion are not lock operations.
void negative_setup(struct cache *c) {
  InitializeCriticalSection(&c->cs);
  InitializeSRWLock(&c->rw);
  DeleteCriticalSection(&c->cs);
}
