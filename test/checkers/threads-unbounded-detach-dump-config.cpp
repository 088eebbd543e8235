// Every option of threads-unbounded-detach round-trips through --dump-config
// with its documented default, and a set value is written back.
// RUN: %clang_tidy_plugin --checks='-*,threads-unbounded-detach' --dump-config -- | FileCheck %s
// RUN: %clang_tidy_plugin --checks='-*,threads-unbounded-detach' --dump-config \
// RUN:   -config="{CheckOptions: {threads-unbounded-detach.MaxBoundedIterations: 4, threads-unbounded-detach.WarnOnAnyDetach: true, threads-unbounded-detach.HandlerFunctionsRegex: 'handle_.*', threads-unbounded-detach.UnboundedConditionFunctions: 'take', threads-unbounded-detach.IncludeStyle: google}}" \
// RUN:   -- | FileCheck %s --check-prefix=SET

// CHECK-DAG: threads-unbounded-detach.HandlerFunctionsRegex: ''
// CHECK-DAG: threads-unbounded-detach.IncludeStyle: llvm
// CHECK-DAG: threads-unbounded-detach.MaxBoundedIterations: '16'
// CHECK-DAG: threads-unbounded-detach.UnboundedConditionFunctions: 'accept;accept4;recv;recvfrom;recvmsg;read;readv;poll;ppoll;epoll_wait;select;pselect;getline;fgets;pop;try_pop;wait_and_pop;wait_dequeue;next'
// CHECK-DAG: threads-unbounded-detach.WarnOnAnyDetach: 'false'

// SET-DAG: threads-unbounded-detach.HandlerFunctionsRegex: 'handle_.*'
// SET-DAG: threads-unbounded-detach.IncludeStyle: google
// SET-DAG: threads-unbounded-detach.MaxBoundedIterations: '4'
// SET-DAG: threads-unbounded-detach.UnboundedConditionFunctions: take
// SET-DAG: threads-unbounded-detach.WarnOnAnyDetach: 'true'
