// Diagnostic 2: owning resources added to a holder that outlives the loop,
// never drained in the loop and never read after it; fix-its on a note.
// RUN: %check_tidy -fix-notes -std=c++14,c++17,c++20 %s threads-defer-in-loop %t

#include <cstdio>
#include <deque>
#include <fstream>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

struct FileCloser {
  void operator()(std::FILE *F) const { std::fclose(F); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;
void consume(std::istream &In);
void work();

// --- positive, with a fix: the holder has no other use -----------------------

void positiveStreams(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Files;
  for (const std::string &Path : Paths) {
    Files.emplace_back(Path);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: stream added to 'Files' inside a loop is released only when 'Files' is destroyed; every iteration keeps one more stream open [threads-defer-in-loop]
    // CHECK-FIXES: std::ifstream File{Path};
  }
}

void positiveHandleWithDeleter(const std::vector<std::string> &Paths) {
  std::vector<std::unique_ptr<std::FILE, FileCloser>> Open;
  for (const std::string &Path : Paths) {
    std::FILE *F = std::fopen(Path.c_str(), "r");
    if (!F)
      continue;
    Open.emplace_back(F);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: handle added to 'Open' inside a loop is released only when 'Open' is destroyed; every iteration keeps one more handle open
    // CHECK-FIXES: std::unique_ptr<std::FILE, FileCloser> OpenItem{F};
  }
  Open.clear();
}

void positiveFunctionPointerDeleter(const std::vector<std::string> &Paths) {
  std::deque<std::unique_ptr<std::FILE, int (*)(std::FILE *)>> Logs;
  for (const std::string &Path : Paths)
    if (std::FILE *F = std::fopen(Path.c_str(), "w")) {
      Logs.push_back(std::unique_ptr<std::FILE, int (*)(std::FILE *)>(F, std::fclose));
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: handle added to 'Logs' inside a loop
      // CHECK-FIXES: std::unique_ptr<std::FILE, int (*)(std::FILE *)> Log{std::unique_ptr<std::FILE, int (*)(std::FILE *)>(F, std::fclose)};
    }
}

void positiveOwnedStream(const std::vector<std::string> &Paths) {
  std::list<std::unique_ptr<std::ofstream>> Outputs;
  for (const std::string &Path : Paths) {
    Outputs.push_back(std::unique_ptr<std::ofstream>(new std::ofstream(Path)));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: stream added to 'Outputs' inside a loop
    // CHECK-FIXES: std::unique_ptr<std::ofstream> Output{std::unique_ptr<std::ofstream>(new std::ofstream(Path))};
  }
}

void positiveNameTaken(const std::vector<std::string> &Paths) {
  // `File` is taken: the fix numbers the name.
  int File = 0;
  std::vector<std::fstream> Files;
  for (const std::string &Path : Paths) {
    Files.push_back(std::fstream(Path));
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: stream added to 'Files' inside a loop
    // CHECK-FIXES: std::fstream File2{std::fstream(Path)};
    ++File;
  }
}

// --- positive, no fix ---------------------------------------------------------

void positiveInIncrement(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Files;
  for (std::size_t I = 0; I < Paths.size(); Files.emplace_back(Paths[I++]))
    // CHECK-MESSAGES: :[[@LINE-1]]:51: warning: stream added to 'Files' inside a loop
    // CHECK-FIXES: for (std::size_t I = 0; I < Paths.size(); Files.emplace_back(Paths[I++]))
    ;
}

void positiveResultUsed(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Files;
  for (const std::string &Path : Paths)
    (void)Files.emplace_back(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: stream added to 'Files' inside a loop
  // CHECK-FIXES: (void)Files.emplace_back(Path);
}

void positiveLowerCaseName(const std::vector<std::string> &paths) {
  std::vector<std::ifstream> open;
  for (const std::string &path : paths)
    if (!path.empty()) {
      open.emplace_back(path);
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: stream added to 'open' inside a loop
      // CHECK-FIXES: std::ifstream open_item{path};
    }
}

void positiveUnbracedBody(const std::vector<std::string> &Paths) {
  std::vector<std::ofstream> Logs;
  for (const std::string &Path : Paths)
    Logs.emplace_back(Path + ".log");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: stream added to 'Logs' inside a loop
  // CHECK-FIXES: std::ofstream Log{Path + ".log"};
}

void positiveLocksNothingAfter(std::vector<std::mutex> &Mutexes) {
  // Each iteration needs only its own lock, but all stay held.
  std::vector<std::unique_lock<std::mutex>> Locks;
  for (std::mutex &M : Mutexes) {
    Locks.emplace_back(M);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: lock added to 'Locks' inside a loop is released only when 'Locks' is destroyed; every iteration keeps one more lock held
    work();
  }
}

void positiveSharedLocksCleared(std::vector<std::shared_timed_mutex> &Mutexes) {
  std::vector<std::shared_lock<std::shared_timed_mutex>> Readers;
  for (auto &M : Mutexes)
    Readers.emplace_back(M);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: lock added to 'Readers' inside a loop
  Readers.clear();
}

void positiveTwoInsertions(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Files;
  for (const std::string &Path : Paths) {
    Files.emplace_back(Path);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: stream added to 'Files' inside a loop
    Files.emplace_back(Path + ".idx");
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: stream added to 'Files' inside a loop
  }
}

void positiveSizeChecked(const std::vector<std::string> &Paths) {
  // Reading the size is not reading the elements, but the fix would change it.
  std::vector<std::ifstream> Files;
  for (const std::string &Path : Paths) {
    Files.emplace_back(Path);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: stream added to 'Files' inside a loop
  }
  std::printf("%zu\n", Files.size());
}

void positiveElementUsedInIteration(const std::vector<std::string> &Paths) {
  // The stream is read in its own iteration only, then kept open.
  std::vector<std::ifstream> Files;
  for (const std::string &Path : Paths) {
    Files.emplace_back(Path);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: stream added to 'Files' inside a loop
    consume(Files.back());
  }
}

void positiveMapOfStreams(const std::vector<std::string> &Paths) {
  std::map<std::string, std::ofstream> ByName;
  for (const std::string &Path : Paths) {
    ByName.emplace(Path, std::ofstream(Path));
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: stream added to 'ByName' inside a loop
  }
}

void positiveTypedefHolder(const std::vector<std::string> &Paths) {
  // Spelled through an alias: no element type to copy, no fix.
  using Streams = std::vector<std::ifstream>;
  Streams Files;
  for (const std::string &Path : Paths) {
    Files.emplace_back(Path);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: stream added to 'Files' inside a loop
  }
}

void positiveQueue(const std::vector<std::string> &Paths) {
  std::queue<FilePtr> Pending;
  for (const std::string &Path : Paths) {
    Pending.push(FilePtr(std::fopen(Path.c_str(), "r")));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: handle added to 'Pending' inside a loop
    // CHECK-FIXES: FilePtr PendingItem{FilePtr(std::fopen(Path.c_str(), "r"))};
  }
}

template <typename T> void positiveTemplate(const std::vector<T> &Paths) {
  std::vector<std::ifstream> Files;
  for (const T &Path : Paths) {
    Files.emplace_back(Path);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: stream added to 'Files' inside a loop
    // CHECK-FIXES: Files.emplace_back(Path);
  }
  Files.clear();
}
template void positiveTemplate<std::string>(const std::vector<std::string> &);
template void positiveTemplate<const char *>(const std::vector<const char *> &);

// --- negative -----------------------------------------------------------------

void kWayMerge(std::vector<std::ifstream> &Inputs);
void negativeReadAfterLoop(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Inputs;
  for (const std::string &Path : Paths)
    Inputs.emplace_back(Path);
  kWayMerge(Inputs);
}

void negativeIteratedAfterLoop(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Inputs;
  for (const std::string &Path : Paths)
    Inputs.emplace_back(Path);
  for (std::ifstream &In : Inputs)
    consume(In);
}

void negativeIndexedAfterLoop(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Inputs;
  for (const std::string &Path : Paths)
    Inputs.emplace_back(Path);
  consume(Inputs[0]);
}

void negativeFrontAfterLoop(const std::vector<std::string> &Paths) {
  std::deque<std::ifstream> Inputs;
  for (const std::string &Path : Paths)
    Inputs.emplace_back(Path);
  consume(Inputs.front());
}

std::vector<std::ifstream> negativeReturned(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Inputs;
  for (const std::string &Path : Paths)
    Inputs.emplace_back(Path);
  return Inputs;
}

void negativeDrainedInLoop(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Window;
  for (const std::string &Path : Paths) {
    Window.emplace_back(Path);
    if (Window.size() > 8)
      Window.erase(Window.begin());
  }
}

void negativePoppedInLoop(const std::vector<std::string> &Paths) {
  std::queue<std::ifstream> Window;
  for (const std::string &Path : Paths) {
    Window.emplace(Path);
    if (Window.size() > 8)
      Window.pop();
  }
}

void negativeHolderInLoop(const std::vector<std::string> &Paths) {
  for (const std::string &Path : Paths) {
    std::vector<std::ifstream> Files;
    Files.emplace_back(Path);
  }
}

void negativeLockAllThenWork(std::vector<std::mutex> &Mutexes) {
  // Taking every lock and then working under all of them is the point.
  std::vector<std::unique_lock<std::mutex>> Locks;
  for (std::mutex &M : Mutexes)
    Locks.emplace_back(M);
  work();
}

void negativeLockAllInOuterLoop(std::vector<std::vector<std::mutex>> &Groups) {
  std::vector<std::unique_lock<std::mutex>> Locks;
  for (auto &Group : Groups)
    for (std::mutex &M : Group)
      Locks.emplace_back(M);
}

void negativePlainMemory(int N) {
  std::vector<std::unique_ptr<int>> Values;
  for (int I = 0; I < N; ++I)
    Values.push_back(std::unique_ptr<int>(new int(I)));
}

void negativeNotAResource(const std::vector<std::string> &Paths) {
  std::vector<std::string> Names;
  for (const std::string &Path : Paths)
    Names.push_back(Path);
}

struct Cache {
  std::vector<std::ifstream> Files;
  void load(const std::vector<std::string> &Paths) {
    // A field: other members may read it.
    for (const std::string &Path : Paths)
      Files.emplace_back(Path);
  }
};

void negativeReferenceHolder(std::vector<std::ifstream> &Out,
                             const std::vector<std::string> &Paths) {
  for (const std::string &Path : Paths)
    Out.emplace_back(Path);
}

#define OPEN_ALL(Holder, Paths)                                                \
  for (const std::string &Path : Paths)                                        \
  (Holder).emplace_back(Path)
void negativeMacro(const std::vector<std::string> &Paths) {
  std::vector<std::ifstream> Files;
  OPEN_ALL(Files, Paths);
}
