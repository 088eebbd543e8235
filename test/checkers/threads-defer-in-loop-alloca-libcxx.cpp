// The same findings with libc++ (std::__1): matchers must see through the
// inline namespace. Unsupported where Debian's libc++-19-dev is absent.
// REQUIRES: libcxx
// RUN: %check_tidy -std=c++20 -stdlib=libc++ %s threads-defer-in-loop %t

#include <alloca.h>
#include <cstddef>
#include <vector>

void use(char *Buffer, std::size_t Size);

void positiveRangeForLibcxx(const std::vector<std::size_t> &Sizes) {
  for (std::size_t Size : Sizes)
    use(static_cast<char *>(alloca(Size)), Size);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'alloca' inside a loop allocates on every iteration and frees only when the function returns; a long loop overflows the stack [threads-defer-in-loop]
}

void negativeOutsideLoopLibcxx(std::size_t N) {
  char *Buffer = static_cast<char *>(alloca(N));
  for (std::size_t I = 0; I < N; ++I)
    Buffer[I] = 0;
}
