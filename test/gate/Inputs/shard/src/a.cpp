#include "common.h"
void use(char *Buffer);
void a(unsigned long N) {
  for (unsigned long I = 0; I < N; ++I)
    use(static_cast<char *>(__builtin_alloca(I)));
}
