// RUN: %check_tidy -std=c99,c11 %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.ExtraLockPairs: 'Host_ContextLock=Host_ContextUnlock;HostApi::lock=HostApi::unlock'}}"

// ExtraLockPairs names a global variable or a struct field of function-pointer
// type that is called: plugin APIs export their lock functions this way
// (the host fills the pointers in at load time).

#include <stddef.h>

typedef struct Context {
  int refs;
} Context;

void (*Host_ContextLock)(Context *ctx);
void (*Host_ContextUnlock)(Context *ctx);

struct HostApi {
  void (*lock)(Context *ctx);
  void (*unlock)(Context *ctx);
};
extern struct HostApi *api;

Context global_ctx;

int positive_pointer(int fail) {
  Host_ContextLock(&global_ctx);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'global_ctx' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (fail)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'global_ctx' is still locked when 'positive_pointer' returns here
  global_ctx.refs++;
  Host_ContextUnlock(&global_ctx);
  return 0;
}

int positive_explicit_deref(Context *ctx, int fail) {
  (*Host_ContextLock)(ctx);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'ctx' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (fail)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'ctx' is still locked when 'positive_explicit_deref' returns here
  (*Host_ContextUnlock)(ctx);
  return 0;
}

int positive_table(int fail) {
  api->lock(&global_ctx);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'global_ctx' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (fail)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'global_ctx' is still locked when 'positive_table' returns here
  api->unlock(&global_ctx);
  return 0;
}

void negative_balanced(Context *ctx) {
  Host_ContextLock(ctx);
  ctx->refs++;
  Host_ContextUnlock(ctx);
  api->lock(ctx);
  ctx->refs--;
  api->unlock(ctx);
}

// A pointer the option does not name is unknown code.
void (*Other_Lock)(Context *ctx);
void negative_unnamed(int fail) {
  Other_Lock(&global_ctx);
  if (fail)
    return;
  Host_ContextUnlock(&global_ctx);
}

// A local pointer that happens to share the name is not the global one.
void negative_local(int fail) {
  void (*Host_ContextLock)(Context *) = NULL;
  if (!Host_ContextLock)
    return;
  Host_ContextLock(&global_ctx);
  if (fail)
    return;
}
