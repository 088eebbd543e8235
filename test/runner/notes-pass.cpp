// CHECK-NOTES passes when warnings and notes all match, in order.
// RUN: %check_tidy -std=c++17 %s bugprone-use-after-move %t

#include <string>
#include <utility>

void consume(std::string S);

void caller() {
  std::string Text = "payload";
  consume(std::move(Text));
  consume(Text);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'Text' used after it was moved [bugprone-use-after-move]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: move occurred here
}
