// The runner accepts a correct test: messages, notes-free fixes, suffixes,
// -or-later expansion and an inline -config, through upstream checks.
// RUN: %check_tidy -std=c++17-or-later -check-suffixes=,NAMING %s \
// RUN:   modernize-use-nullptr,readability-identifier-naming %t -- \
// RUN:   -config="{CheckOptions: {readability-identifier-naming.FunctionCase: lower_case}}"

void takePointer(int *P);
// CHECK-MESSAGES-NAMING: :[[@LINE-1]]:6: warning: invalid case style for function 'takePointer' [readability-identifier-naming]
// CHECK-FIXES-NAMING: void take_pointer(int *P);

void caller() {
  takePointer(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: use nullptr [modernize-use-nullptr]
  // CHECK-FIXES: take_pointer(nullptr);
}
