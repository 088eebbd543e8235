#include "util.h"

void work(unsigned long Jobs) {
  while (Jobs-- > 0)
    use((char *)__builtin_alloca(Jobs));
}
