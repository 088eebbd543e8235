// Diagnostic 1: a cleanup callable that releases per-iteration state is added
// to a holder that outlives the loop (Go's `defer f.Close()` in a `for`).
// RUN: %check_tidy -std=c++11,c++17,c++20 %s threads-defer-in-loop %t

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fcntl.h>
#include <functional>
#include <fstream>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <stack>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

using Cleanup = std::function<void()>;
std::FILE *openLog(int I);
int openFd(const std::string &Path);

// --- positive ---------------------------------------------------------------

void positiveLambdaFclose(int N) {
  std::vector<Cleanup> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Cleanups.push_back([Log] { std::fclose(Log); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Log' is deferred to 'Cleanups' instead of running at the end of the iteration; every iteration's 'Log' stays held until the cleanups run [threads-defer-in-loop]
  }
  for (Cleanup &C : Cleanups)
    C();
}

void positiveRangeForVariable(const std::vector<std::string> &Paths) {
  std::vector<Cleanup> Deferred;
  for (const std::string &Path : Paths) {
    int Fd = openFd(Path);
    Deferred.emplace_back([Fd] { ::close(Fd); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Fd' is deferred to 'Deferred'
  }
}

void positiveByReferenceCapture(int N) {
  // Worse than deferred: the captured pointer dies with the iteration.
  std::deque<Cleanup> Cleanups;
  int I = 0;
  while (I++ < N) {
    char *Buffer = static_cast<char *>(std::malloc(64));
    Cleanups.push_front([&] { std::free(Buffer); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Buffer' is deferred to 'Cleanups'
  }
}

void positiveMemberRelease(const std::vector<std::string> &Paths,
                           std::vector<std::mutex> &Mutexes) {
  std::vector<Cleanup> Cleanups;
  for (const std::string &Path : Paths) {
    std::ifstream *In = new std::ifstream(Path);
    Cleanups.push_back([In] {
      In->close();
      delete In;
    });
    // CHECK-MESSAGES: :[[@LINE-4]]:14: warning: cleanup releasing 'In' is deferred to 'Cleanups'
  }
  for (std::mutex &M : Mutexes) {
    M.lock();
    std::unique_lock<std::mutex> Lock(M, std::adopt_lock);
    Cleanups.push_back([&Lock] { Lock.unlock(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Lock' is deferred to 'Cleanups'
  }
}

void positiveResetOwner(int N) {
  std::list<Cleanup> Cleanups;
  do {
    std::shared_ptr<std::FILE> Shared(openLog(N), std::fclose);
    Cleanups.push_back([Shared]() mutable { Shared.reset(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Shared' is deferred to 'Cleanups'
  } while (--N > 0);
}

void positiveNamedLambda(int N) {
  std::vector<Cleanup> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    auto Close = [Log] { std::fclose(Log); };
    Cleanups.push_back(Close);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Log' is deferred to 'Cleanups'
  }
}

void positiveBind(int N) {
  std::vector<Cleanup> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Cleanups.push_back(std::bind(std::fclose, Log));
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Log' is deferred to 'Cleanups'
  }
}

struct FileCloser {
  std::FILE *File;
  void operator()() const { std::fclose(File); }
};

void positiveFunctionObject(int N) {
  std::vector<Cleanup> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Cleanups.push_back(FileCloser{Log});
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Log' is deferred to 'Cleanups'
  }
}

void positiveFunctionPointerPair(int N) {
  std::vector<std::pair<int (*)(std::FILE *), std::FILE *>> Deferred;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Deferred.emplace_back(std::fclose, Log);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Log' is deferred to 'Deferred'
  }
}

void positiveMapInsert(int N) {
  std::map<int, Cleanup> ByIndex;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    ByIndex.insert({I, [Log] { std::fclose(Log); }});
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: cleanup releasing 'Log' is deferred to 'ByIndex'
  }
}

void positiveStack(int N) {
  std::stack<Cleanup> Unwind;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Unwind.push([Log] { std::fclose(Log); });
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: cleanup releasing 'Log' is deferred to 'Unwind'
  }
}

// A scope guard built from a releasing lambda is the same deferred cleanup.
template <typename F> struct Guard {
  F Action;
  ~Guard() { Action(); }
};
template <typename F> std::shared_ptr<Guard<F>> makeGuard(F Action) {
  return std::make_shared<Guard<F>>(Guard<F>{Action});
}

void positiveScopeGuardInHolder(int N) {
  std::vector<std::shared_ptr<void>> Guards;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Guards.push_back(makeGuard([Log] { std::fclose(Log); }));
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: cleanup releasing 'Log' is deferred to 'Guards'
  }
}

void positiveInitCapture(int N) {
  std::vector<Cleanup> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Cleanups.push_back([File = Log] { std::fclose(File); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Log' is deferred to 'Cleanups'
  }
}

void positivePointerToHolder(std::vector<Cleanup> *Out, int N) {
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Out->push_back([Log] { std::fclose(Log); });
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: cleanup releasing 'Log' is deferred to 'Out'
  }
}

class Session {
public:
  void openAll(int N) {
    for (int I = 0; I < N; ++I) {
      std::FILE *Log = openLog(I);
      AtClose.push_back([Log] { std::fclose(Log); });
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: cleanup releasing 'Log' is deferred to 'AtClose'
    }
  }

private:
  std::vector<Cleanup> AtClose;
};

void positiveStaticHolderInLoop(int N) {
  for (int I = 0; I < N; ++I) {
    static std::vector<Cleanup> AtExit;
    std::FILE *Log = openLog(I);
    AtExit.push_back([Log] { std::fclose(Log); });
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: cleanup releasing 'Log' is deferred to 'AtExit'
  }
}

void positiveNestedLoop(const std::vector<std::vector<std::string>> &Batches) {
  for (const auto &Batch : Batches) {
    std::vector<Cleanup> PerBatch;
    for (const std::string &Path : Batch) {
      int Fd = openFd(Path);
      PerBatch.push_back([Fd] { ::close(Fd); });
      // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: cleanup releasing 'Fd' is deferred to 'PerBatch'
    }
  }
}

template <typename T> void positiveTemplate(const std::vector<T> &Items) {
  std::vector<Cleanup> Cleanups;
  for (const T &Item : Items) {
    std::FILE *Log = openLog(static_cast<int>(Item));
    Cleanups.push_back([Log] { std::fclose(Log); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: cleanup releasing 'Log' is deferred to 'Cleanups'
  }
}
template void positiveTemplate<int>(const std::vector<int> &);
template void positiveTemplate<long>(const std::vector<long> &);

#define WRAP(X) X
void positiveInMacroArgument(int N) {
  std::vector<Cleanup> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    WRAP(Cleanups.push_back([Log] { std::fclose(Log); }));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: cleanup releasing 'Log' is deferred to 'Cleanups'
  }
}

void positiveLoopInsideLambda(int N) {
  std::vector<Cleanup> Cleanups;
  auto OpenAll = [&] {
    for (int I = 0; I < N; ++I) {
      std::FILE *Log = openLog(I);
      Cleanups.push_back([Log] { std::fclose(Log); });
      // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: cleanup releasing 'Log' is deferred to 'Cleanups'
    }
  };
  OpenAll();
}

// --- negative ---------------------------------------------------------------

void negativeReleasedInIteration(int N) {
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    std::fclose(Log);
  }
}

void negativeHolderInsideLoop(int N) {
  for (int I = 0; I < N; ++I) {
    std::vector<Cleanup> Cleanups;
    std::FILE *Log = openLog(I);
    Cleanups.push_back([Log] { std::fclose(Log); });
    for (Cleanup &C : Cleanups)
      C();
  }
}

void negativeDrainedInLoop(int N) {
  std::vector<Cleanup> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Cleanups.push_back([Log] { std::fclose(Log); });
    for (Cleanup &C : Cleanups)
      C();
    Cleanups.clear();
  }
}

void runAll(std::vector<Cleanup> &Cleanups);
void negativePassedToRunnerInLoop(int N) {
  std::vector<Cleanup> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Cleanups.push_back([Log] { std::fclose(Log); });
    runAll(Cleanups);
  }
}

void negativeCapturedStateNotPerIteration(std::FILE *Shared, int N) {
  // The released object is not the iteration's: one handle, many callbacks.
  std::vector<Cleanup> Cleanups;
  std::FILE *Outer = openLog(0);
  for (int I = 0; I < N; ++I) {
    Cleanups.push_back([Shared] { std::fclose(Shared); });
    Cleanups.push_back([Outer] { std::fclose(Outer); });
  }
}

void negativeForInitVariable(int N) {
  std::vector<Cleanup> Cleanups;
  for (std::FILE *Log = openLog(0); N > 0; --N)
    Cleanups.push_back([Log] { std::fclose(Log); });
}

void negativeNoRelease(int N) {
  std::vector<Cleanup> Callbacks;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Callbacks.push_back([Log] { std::fflush(Log); });
  }
}

void negativeLambdaLocal(int N) {
  // The lambda opens and closes its own file when it runs.
  std::vector<Cleanup> Tasks;
  for (int I = 0; I < N; ++I)
    Tasks.push_back([I] {
      std::FILE *Log = openLog(I);
      std::fclose(Log);
    });
}

void handle(int Fd);
void negativeTaskThatClosesWhenDone(std::deque<Cleanup> &WorkQueue, int N) {
  // A task for a worker that closes its connection when done is a task, not
  // a deferred cleanup: the workers drain the queue.
  for (int I = 0; I < N; ++I) {
    int Fd = openFd("conn");
    WorkQueue.push_back([Fd] {
      handle(Fd);
      ::close(Fd);
    });
  }
}

void positiveNullCheckedCleanup(int N) {
  std::vector<Cleanup> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    Cleanups.push_back([Log] {
      if (Log)
        std::fclose(Log);
    });
    // CHECK-MESSAGES: :[[@LINE-4]]:14: warning: cleanup releasing 'Log' is deferred to 'Cleanups'
  }
}

void negativeElementOfOuterArray(std::vector<std::FILE *> &Files) {
  std::vector<Cleanup> Cleanups;
  for (std::size_t I : {0u, 1u})
    Cleanups.push_back([&Files, I] { std::fclose(Files[I]); });
}

void negativeLambdaDefinedElsewhere(const std::vector<std::string> &Paths) {
  // The registration is in a lambda defined outside the loop; the loop only
  // calls it, and whether it registers per call is the lambda's business.
  std::vector<Cleanup> Cleanups;
  auto Defer = [&Cleanups](int Fd) {
    Cleanups.push_back([Fd] { ::close(Fd); });
  };
  for (const std::string &Path : Paths)
    Defer(openFd(Path));
}

void negativeLambdaDefinedInLoop(const std::vector<std::string> &Paths) {
  std::vector<Cleanup> Cleanups;
  for (const std::string &Path : Paths) {
    auto Defer = [&Cleanups](int Fd) {
      Cleanups.push_back([Fd] { ::close(Fd); });
    };
    Defer(openFd(Path));
  }
}

void negativeDoWhileZero() {
  std::vector<Cleanup> Cleanups;
  do {
    std::FILE *Log = openLog(0);
    Cleanups.push_back([Log] { std::fclose(Log); });
  } while (0);
}

#define DEFER_CLOSE(Holder, F) (Holder).push_back([F] { std::fclose(F); })
void negativeMacroBody(int N) {
  std::vector<Cleanup> Cleanups;
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    DEFER_CLOSE(Cleanups, Log);
  }
}

template <typename Holder> void negativeDependentHolder(Holder &H, int N) {
  for (int I = 0; I < N; ++I) {
    std::FILE *Log = openLog(I);
    H.push_back([Log] { std::fclose(Log); });
  }
}
