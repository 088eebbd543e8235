// SARIF 2.1.0 from clang-tidy: tools/clang-tidy-to-sarif.py turns the
// --export-fixes YAML (with fix-its and notes) and the plain text output into
// results with line/column regions (columns in code points: the 'é' below is
// two bytes), notes as relatedLocations, fix-its as fixes, rules with help
// links for upstream checks, and one result per finding even when the same
// finding arrives twice (a header seen from two translation units).
// RUN: %clang_tidy_plugin --config={} --checks='-*,threads-*,modernize-use-nullptr,readability-braces-around-statements' \
// RUN:   --export-fixes=%t.yaml %s -- -std=c++17 > %t.txt 2>&1
// RUN: %python %sarif_converter --base-dir=%S -o %t.sarif %t.yaml %t.yaml
// RUN: %python %S/sarif_summary.py %t.sarif | FileCheck %s --check-prefixes=CHECK,YAML
// RUN: %python %sarif_converter -o %t.text.sarif %t.txt
// RUN: %python %S/sarif_summary.py %t.text.sarif | FileCheck %s --check-prefixes=CHECK,TEXT

// CHECK-DAG: rule threads-defer-in-loop help=https://example.invalid/threads-tidy/blob/main/docs/threads-defer-in-loop.rst
// CHECK-DAG: shortDescription {{[0-9]+}} chars: Finds resources acquired in a loop iteration
// CHECK-DAG: fullDescription {{[0-9]+}} chars: Finds resources acquired in a loop iteration
// CHECK-DAG: help {{[0-9]+}} chars: Finds resources acquired in a loop iteration
// CHECK-DAG: rule modernize-use-nullptr help=https://clang.llvm.org/extra/clang-tidy/checks/modernize/use-nullptr.html
// CHECK: result threads-defer-in-loop warning sarif.cpp:37:37 '__builtin_alloca' inside a loop allocates on every iteration
// CHECK-NEXT: related sarif.cpp:36:3 the allocation repeats in this loop
// CHECK-NEXT: step 1 sarif.cpp:37:37 '__builtin_alloca' inside a loop allocates on every iteration
// CHECK-NEXT: step 2 sarif.cpp:36:3 the allocation repeats in this loop
// CHECK-NEXT: result modernize-use-nullptr warning sarif.cpp:42:16 use nullptr
// YAML-NEXT: fix 'use nullptr' sarif.cpp 42:16-42:17 -> "nullptr"
// CHECK-NEXT: result readability-braces-around-statements warning sarif.cpp:44:10 statement should be inside braces
// YAML-NEXT: fix 'statement should be inside braces' sarif.cpp 44:10-44:10 -> " {"
// YAML-NEXT: fix 'statement should be inside braces' sarif.cpp 45:14-45:14 -> "\n}"
// CHECK-NEXT: results: 3
// TEXT-NOT: fix
// TEXT: uri "file://{{.*}}/sarif.cpp" base -
// YAML: uri "sarif.cpp" base SRCROOT

void use(char *Buffer);

void perIteration(unsigned long N) {
  for (unsigned long I = 0; I < N; ++I) {
    /* é */ use(static_cast<char *>(__builtin_alloca(I)));
  }
}

int reply(int Ok) {
  char *Body = 0;
  use(Body);
  if (Ok)
    return 1;
  return 0;
}

// Without the pages (--docs-dir of an empty folder) a threads-* rule has only
// its id; --docs-uri moves the help links; --category sets
// runAutomationDetails (one per CI shard).
// RUN: rm -rf %t.nodocs && mkdir -p %t.nodocs
// RUN: %python %sarif_converter --docs-dir=%t.nodocs -o %t.nodocs.sarif %t.yaml
// RUN: %python %S/sarif_summary.py %t.nodocs.sarif | FileCheck %s --check-prefix=NODOCS
// RUN: %python %sarif_converter --docs-uri='https://docs.example/{check}.html' --category=threads-tidy/shard-2-of-3 -o %t.uri.sarif %t.yaml
// RUN: %python %S/sarif_summary.py %t.uri.sarif | FileCheck %s --check-prefix=URI
// NODOCS: rule threads-defer-in-loop help=-
// NODOCS-NOT: shortDescription
// URI: rule threads-defer-in-loop help=https://docs.example/threads-defer-in-loop.html
// URI: automation id threads-tidy/shard-2-of-3/
