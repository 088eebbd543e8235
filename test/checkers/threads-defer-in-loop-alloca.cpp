// RUN: %check_tidy -std=c++11,c++17,c++20 %s threads-defer-in-loop %t

#include <alloca.h>
#include <cstddef>
#include <cstring>
#include <vector>

void use(char *Buffer, std::size_t Size);

// --- positive: alloca repeated by a loop --------------------------------

void positiveFor(std::size_t N) {
  for (std::size_t I = 0; I < N; ++I) {
    char *Buffer = static_cast<char *>(alloca(64));
    // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'alloca' inside a loop allocates on every iteration and frees only when the function returns; a long loop overflows the stack [threads-defer-in-loop]
    use(Buffer, 64);
  }
}

void positiveWhileBuiltin(std::size_t N) {
  while (N-- > 0)
    use(static_cast<char *>(__builtin_alloca(N)), N);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: '__builtin_alloca' inside a loop
}

void positiveDo(std::size_t N) {
  do {
    use(static_cast<char *>(alloca(N)), N);
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'alloca' inside a loop
  } while (--N > 0);
}

void positiveRangeFor(const std::vector<std::size_t> &Sizes) {
  for (std::size_t Size : Sizes)
    use(static_cast<char *>(alloca(Size)), Size);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'alloca' inside a loop
}

void positiveInCondition(std::size_t N) {
  for (std::size_t I = 0; alloca(I) != nullptr && I < N; ++I)
    // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'alloca' inside a loop
    ;
}

void positiveNested(std::size_t N) {
  for (std::size_t I = 0; I < N; ++I) {
    if (I % 2 == 0) {
      switch (I) {
      case 0:
        use(static_cast<char *>(alloca(N)), N);
        // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'alloca' inside a loop
        break;
      default:
        break;
      }
    }
  }
}

#define WRAP(X) (X)
void positiveInMacroArgument(std::size_t N) {
  for (std::size_t I = 0; I < N; ++I)
    use(static_cast<char *>(WRAP(alloca(I))), I);
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'alloca' inside a loop
}

template <typename T> void positiveTemplate(std::size_t N) {
  for (std::size_t I = 0; I < N; ++I)
    use(static_cast<char *>(alloca(sizeof(T) * I)), I);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'alloca' inside a loop
}
template void positiveTemplate<int>(std::size_t);
template void positiveTemplate<double>(std::size_t);

// --- negative: allocated once per call ------------------------------------

void negativeOutsideLoop(std::size_t N) {
  char *Buffer = static_cast<char *>(alloca(N));
  for (std::size_t I = 0; I < N; ++I)
    Buffer[I] = 0;
}

void negativeForInit(std::size_t N) {
  for (char *P = static_cast<char *>(alloca(N)); N > 0; --N)
    P[N - 1] = 0;
}

void negativeRangeInit(std::size_t N) {
  for (char C : std::vector<char>(static_cast<char *>(alloca(N)),
                                  static_cast<char *>(alloca(N)) + 0))
    (void)C;
}

void negativeDoWhileZero(std::size_t N) {
  do {
    use(static_cast<char *>(alloca(N)), N);
  } while (0);
}

void negativeLambdaInLoop(std::size_t N) {
  // The lambda's frame ends with each call, and so does its allocation.
  for (std::size_t I = 0; I < N; ++I) {
    auto Fill = [](std::size_t Size) {
      char *Buffer = static_cast<char *>(alloca(Size));
      std::memset(Buffer, 0, Size);
    };
    Fill(I);
  }
}

void negativeLocalClassInLoop(std::size_t N) {
  for (std::size_t I = 0; I < N; ++I) {
    struct Local {
      static void fill(std::size_t Size) { use(static_cast<char *>(alloca(Size)), Size); }
    };
    Local::fill(I);
  }
}

#define ALLOCA_IN_LOOP(N)                                                     \
  for (std::size_t I = 0; I < (N); ++I)                                        \
    use(static_cast<char *>(alloca(I)), I)
void negativeWholePatternInMacro(std::size_t N) { ALLOCA_IN_LOOP(N); }
