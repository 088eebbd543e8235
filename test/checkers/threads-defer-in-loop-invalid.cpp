// Invalid code must not crash the check, and a call with an invalid
// argument is not reported.
// RUN: %check_tidy -expect-clang-tidy-error -std=c++17 %s threads-defer-in-loop %t

struct NotASize {};

void broken(unsigned long N) {
  for (unsigned long I = 0; I < N; ++I)
    __builtin_alloca(undeclared_size);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: error: use of undeclared identifier 'undeclared_size' [clang-diagnostic-error]
  for (;;)
    __builtin_alloca(NotASize{});
  // CHECK-MESSAGES: :[[@LINE-1]]:22: error: no viable conversion from 'NotASize' to {{.*}} [clang-diagnostic-error]
}

template <typename T> void brokenTemplate() {
  while (true)
    __builtin_alloca(T::missing_member);
}
void instantiate() { brokenTemplate<int>(); }
// The template itself is valid and allocates in an endless loop.
// CHECK-MESSAGES: :18:5: warning: '__builtin_alloca' inside a loop
// CHECK-MESSAGES: :18:22: error: type 'int' cannot be used prior to '::' because it has no members [clang-diagnostic-error]
// CHECK-MESSAGES: :20:22: note: in instantiation of function template specialization
