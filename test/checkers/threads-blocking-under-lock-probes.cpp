// RUN: %check_tidy -std=c++17 %s threads-blocking-under-lock %t

// C++ shapes of the readiness-probe rules (threads-blocking-under-lock-probes.c):
// the probe inside a lambda given to a retry helper, a timeout built with
// casts from parameters, the read through a second helper.

#include <cerrno>
#include <mutex>
#include <sys/select.h>
#include <sys/socket.h>

namespace net {

template <typename Fn> long retryOnSignal(Fn F) {
  long Res;
  do
    Res = F();
  while (Res < 0 && errno == EINTR);
  return Res;
}

inline long waitReadable(int Sock, long Sec, long Usec) {
  fd_set Fds;
  FD_ZERO(&Fds);
  FD_SET(Sock, &Fds);
  timeval Tv;
  Tv.tv_sec = static_cast<long>(Sec);
  Tv.tv_usec = static_cast<decltype(Tv.tv_usec)>(Usec);
  return retryOnSignal([&]() {
    return select(static_cast<int>(Sock + 1), &Fds, nullptr, nullptr, &Tv);
  });
}

inline long peek(int Sock, char *Buf) {
  return retryOnSignal([&]() { return recv(Sock, Buf, 1, MSG_PEEK); });
}

inline bool stillOpen(int Sock) {
  if (waitReadable(Sock, 0, 0) == 0)
    return true;
  char Buf[1];
  return peek(Sock, Buf) > 0;
}

} // namespace net

class Client {
public:
  void send(long Seconds) {
    std::lock_guard<std::mutex> Guard(Mu);
    if (!net::stillOpen(Sock))
      return;
    char Buf[1];
    net::peek(Sock, Buf);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'peek' blocks while 'Mu' is held
    net::waitReadable(Sock, Seconds, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'waitReadable' blocks while 'Mu' is held
    // Probed: the read returns what is there.
    net::peek(Sock, Buf);
  }

private:
  std::mutex Mu;
  int Sock = -1;
};
