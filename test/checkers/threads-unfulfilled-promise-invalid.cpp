// Invalid code must not crash the check, and a function with errors is not
// analysed.
// RUN: %check_tidy -expect-clang-tidy-error -std=c++17 %s threads-unfulfilled-promise %t

#include <future>
#include <utility>

bool cond();
void consume(std::future<int> F);

void brokenBody() {
  std::promise<int> P;
  consume(P.get_future());
  if (cond())
    return undeclared_value;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: error: use of undeclared identifier 'undeclared_value' [clang-diagnostic-error]
  P.set_value(1);
}

void brokenCapture() {
  std::promise<int> P;
  consume(P.get_future());
  auto L = [P = std::move(P)]() mutable {
    if (cond())
      return no_such_value;
    // CHECK-MESSAGES: :[[@LINE-1]]:14: error: use of undeclared identifier 'no_such_value' [clang-diagnostic-error]
    P.set_value(1);
  };
  L();
}

void brokenType() {
  std::promise<NoSuchType> P;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: error: use of undeclared identifier 'NoSuchType' [clang-diagnostic-error]
  if (cond())
    return;
}
