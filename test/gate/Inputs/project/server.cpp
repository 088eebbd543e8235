#include "util.h"

void serve(unsigned long Requests) {
  for (unsigned long I = 0; I < Requests; ++I)
    use(static_cast<char *>(__builtin_alloca(I)));
  char *Reply = 0;
  use(Reply);
}
