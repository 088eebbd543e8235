// RUN: %check_tidy -std=c++17 %s threads-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {threads-unjoined-thread.ExceptionPaths: None}}"

// Templates are analysed once, in their own spelling (not per
// instantiation); a call whose callee depends on a template parameter may
// join a thread passed to it. A declaration written in a macro's body is the
// macro's.

#include <thread>
#include <utility>

bool cond();
void work();

template <typename F> void positiveTemplate(F Fn) {
  std::thread T(Fn);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'T' may still be joinable when it is destroyed; std::terminate ends the process [threads-unjoined-thread]
  if (cond())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'T' is still joinable when 'positiveTemplate' returns here
  T.join();
}
void useTemplate() {
  positiveTemplate(work);
  positiveTemplate([] {});
}

template <typename F> void negativeDependentCall(F Fn) {
  std::thread T(work);
  Fn(T);
}

template <typename C> void negativeDependentPush(C &Pool) {
  std::thread T(work);
  Pool.push_back(std::move(T));
}

template <typename Joiner> struct Holder {
  void negativeDependentMember(Joiner &J) {
    std::thread T(work);
    J.adopt(T);
  }
};

#define START_THREAD(Name, Fn) std::thread Name(Fn)
void negativeMacroDeclaration() {
  START_THREAD(T, work);
  if (cond())
    return;
  T.join();
}

#define THREAD_T std::thread
void positiveTypeMacro() {
  THREAD_T T(work);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'T' may still be joinable when it is destroyed
  if (cond())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'T' is still joinable when 'positiveTypeMacro' returns here
  T.join();
}
