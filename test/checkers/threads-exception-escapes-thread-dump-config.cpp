// Option keys round-trip through --dump-config, with their defaults.
// RUN: %clang_tidy_plugin --checks='-*,threads-exception-escapes-thread' --dump-config -- | FileCheck %s
// CHECK-DAG: threads-exception-escapes-thread.MaxCallDepth: '3'
// CHECK-DAG: threads-exception-escapes-thread.ThreadTypes: ''
//
// Set values come back as set.
// RUN: %clang_tidy_plugin --checks='-*,threads-exception-escapes-thread' --dump-config \
// RUN:   -config="{CheckOptions: {threads-exception-escapes-thread.MaxCallDepth: 5, threads-exception-escapes-thread.ThreadTypes: 'util::Thread'}}" \
// RUN:   -- | FileCheck %s --check-prefix=SET
// SET-DAG: threads-exception-escapes-thread.MaxCallDepth: '5'
// SET-DAG: threads-exception-escapes-thread.ThreadTypes: 'util::Thread'
