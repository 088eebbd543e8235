#include "common.h"
#include <thread>
void serve(int Fd);
int acceptConnection();
void c() {
  for (;;)
    std::thread(serve, acceptConnection()).detach();
}
