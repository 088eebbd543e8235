// A TCP-style request server: one thread per accepted connection.
//
// Bugs on purpose (threads-unbounded-detach): a detached thread per request
// with no bound, a std::async future thrown away (the "background" audit runs
// synchronously), and a thread vector that grows forever.
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

namespace server {

void audit(const std::string &Event);

static void handleConnection(int Fd) {
  char Buffer[512];
  const ssize_t Got = ::read(Fd, Buffer, sizeof(Buffer));
  if (Got > 0)
    (void)::write(Fd, Buffer, static_cast<size_t>(Got));
  ::close(Fd);
}

void serveForever(int ListenFd) {
  for (;;) {
    const int Fd = ::accept(ListenFd, nullptr, nullptr);
    if (Fd < 0)
      continue;
    // One detached thread per request: a burst of clients exhausts memory
    // and thread ids, and nothing can wait for these at shutdown.
    std::thread(handleConnection, Fd).detach();
    // The future's destructor waits: this audit call is synchronous.
    std::async(std::launch::async, audit, std::string("accepted"));
  }
}

void serveTracked(int ListenFd) {
  std::vector<std::thread> Workers;
  int Fd;
  while ((Fd = ::accept(ListenFd, nullptr, nullptr)) >= 0) {
    // Joined only when the server stops: one live thread per connection.
    Workers.emplace_back(handleConnection, Fd);
  }
  for (std::thread &W : Workers)
    W.join();
}

} // namespace server
