// With CHECK-NOTES every note must be expected and match: here the note
// text is wrong.
// RUN: not %check_tidy -std=c++17 %s bugprone-use-after-move %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: check_tidy.py: FAIL: CHECK-NOTES did not match clang-tidy's output (c++17)

#include <string>
#include <utility>

void consume(std::string S);

void caller() {
  std::string Text = "payload";
  consume(std::move(Text));
  // CHECK-NOTES: :[[@LINE-1]]:3: note: move happened here
  consume(Text);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'Text' used after it was moved [bugprone-use-after-move]
}
