// RUN: %check_tidy -std=c++11-or-later %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.ExtraLockPairs: 'plugin::ContextLock=plugin::ContextUnlock;plugin::Host::Acquire=plugin::Host::Release'}}"

// C++: function pointers named in ExtraLockPairs by their qualified names (a
// namespace-scope variable, a static member, a field). No fix-it: a RAII
// guard cannot call through the pointer.

#include <mutex>

namespace plugin {
struct Context {
  int Refs = 0;
};
extern void (*ContextLock)(Context *);
extern void (*ContextUnlock)(Context *);
struct Host {
  static void (*Acquire)(Context &);
  static void (*Release)(Context &);
};
} // namespace plugin

plugin::Context Shared;

int positiveNamespacePointer(bool Fail) {
  plugin::ContextLock(&Shared);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Shared' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (Fail)
    return -1;
  ++Shared.Refs;
  plugin::ContextUnlock(&Shared);
  return 0;
}

void positiveStaticMember(plugin::Context &Ctx, int N) {
  plugin::Host::Acquire(Ctx);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Ctx' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  for (int I = 0; I < N; ++I)
    if (I == Ctx.Refs)
      return;
  plugin::Host::Release(Ctx);
}

void negativeBalanced(plugin::Context &Ctx) {
  plugin::Host::Acquire(Ctx);
  ++Ctx.Refs;
  plugin::Host::Release(Ctx);
}
