// RUN: %check_tidy -std=c++14,c++17 %s threads-unfulfilled-promise %t -- \
// RUN:   -config="{CheckOptions: {threads-unfulfilled-promise.ExceptionPaths: None}}"

// Silent where the code is not all known: templates and their
// instantiations, generic lambdas, a promise whose declaration comes out of
// a macro. Members of classes are not followed.

#include <future>
#include <utility>

bool cond();
void consume(std::future<int> F);

template <typename T> void negativeTemplate(T Value) {
  std::promise<T> P;
  auto F = P.get_future();
  if (cond())
    return;
  P.set_value(Value);
}

template <typename T> void negativeTemplateNonDependent(T Value) {
  std::promise<int> P;
  consume(P.get_future());
  if (cond())
    return;
  P.set_value(static_cast<int>(Value));
}

void useTemplates() {
  negativeTemplate(1);
  negativeTemplateNonDependent(2);
  auto Generic = [](auto Value) {
    std::promise<int> P;
    consume(P.get_future());
    if (cond())
      return;
    P.set_value(Value);
  };
  Generic(3);
}

#define DECLARE_PROMISE(Name) std::promise<int> Name
void negativeMacroDeclaration() {
  DECLARE_PROMISE(P);
  consume(P.get_future());
  if (cond())
    return;
  P.set_value(1);
}

struct Reply {
  std::promise<int> Value;
  void negativeMember() {
    consume(Value.get_future());
    if (cond())
      return;
    Value.set_value(1);
  }
};

void positiveStillChecked() {
  // The same shape outside a template is reported.
  std::promise<int> P;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'P' may be destroyed without a value
  consume(P.get_future());
  if (cond())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'P' is destroyed without a value when 'positiveStillChecked' returns here
  P.set_value(1);
}
