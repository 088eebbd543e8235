// RUN: %check_tidy -std=c99,c11,c17 %s threads-defer-in-loop %t

#include <alloca.h>
#include <stddef.h>
#include <string.h>

void positive_c(size_t n) {
  for (size_t i = 0; i < n; ++i) {
    char *buf = alloca(n);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'alloca' inside a loop allocates on every iteration and frees only when the function returns; a long loop overflows the stack [threads-defer-in-loop]
    memset(buf, 0, n);
  }
}

void negative_c(size_t n) {
  char *buf = alloca(n);
  for (size_t i = 0; i < n; ++i)
    buf[i] = 0;
}

/* C has no lambdas or containers: the holder diagnostics do not apply, and
   handles collected in an array and closed after the loop are left alone. */
#include <stdio.h>
void negative_c_handles(const char *const *paths, size_t n, FILE **files) {
  for (size_t i = 0; i < n; ++i)
    files[i] = fopen(paths[i], "r");
  for (size_t i = 0; i < n; ++i)
    fclose(files[i]);
}
