// RUN: %check_tidy -check-suffixes=,CXX17 -std=c++17-or-later %s threads-unreleased-lock %t -- -- -DCXX17
// RUN: %check_tidy -std=c++11,c++14 %s threads-unreleased-lock %t.11
// The older boolean set to true means Known too.
// RUN: %check_tidy -std=c++14 %s threads-unreleased-lock %t.old -- -config="{CheckOptions: {threads-unreleased-lock.CheckExceptionPaths: true}}"
// A file compiled without exceptions has no exception paths.
// RUN: %check_tidy -check-suffix=NOEXC -std=c++14 %s threads-unreleased-lock %t.noexc -- -- -fno-exceptions -DNO_EXCEPTIONS

// ExceptionPaths: Known (the default): a call between lock() and unlock()
// is reported only with evidence that it throws: a visible body that lets
// an explicit throw out, a declaration noexcept(false), or a standard library
// call that throws on bad input or state. Running out of memory and code
// that cannot be seen are no evidence.

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
#ifdef CXX17
#include <any>
#include <filesystem>
#include <optional>
#endif

std::mutex Mu;
std::vector<int> Values;
std::map<std::string, int> Index;

// --- evidence --------------------------------------------------------------

#ifndef NO_EXCEPTIONS
void validate(int X) {
  if (X < 0)
    throw std::invalid_argument("negative");
}
void validateTwice(int X) {
  validate(X);
  validate(-X);
}

void positiveVisibleThrow(int X) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES: {{std::lock_guard<std::mutex>|std::scoped_lock}} lock(Mu);
  validateTwice(X);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'validateTwice' may throw here while 'Mu' is held
  Values.push_back(X);
  Mu.unlock();
}
#endif

void declaredToThrow() noexcept(false);
void positiveNoexceptFalse() {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES: {{std::lock_guard<std::mutex>|std::scoped_lock}} lock(Mu);
  declaredToThrow();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'declaredToThrow' may throw here while 'Mu' is held
  Mu.unlock();
}

int positiveAt(unsigned I) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES: {{std::unique_lock<std::mutex>|std::unique_lock}} lock(Mu);
  const int V = Values.at(I);
  // CHECK-NOTES: :[[@LINE-1]]:17: note: 'at' may throw here while 'Mu' is held
  Mu.unlock();
  // CHECK-FIXES: lock.unlock();
  return V;
}

int positiveStoi(const std::string &Text) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES: {{std::unique_lock<std::mutex>|std::unique_lock}} lock(Mu);
  const int V = std::stoi(Text) + Index.at(Text);
  // CHECK-NOTES: :[[@LINE-1]]:17: note: 'stoi' may throw here while 'Mu' is held
  Mu.unlock();
  // CHECK-FIXES: lock.unlock();
  return V;
}

void positiveRegex(const std::string &Pattern, const std::string &Text) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES: {{std::lock_guard<std::mutex>|std::scoped_lock}} lock(Mu);
  const std::regex Re(Pattern);
  // CHECK-NOTES: :[[@LINE-1]]:20: note: the constructor of 'std::regex' may throw here while 'Mu' is held
  if (std::regex_match(Text, Re))
    Values.push_back(1);
  Mu.unlock();
}

int positiveFutureGet(std::future<int> &F) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES: {{std::unique_lock<std::mutex>|std::unique_lock}} lock(Mu);
  const int V = F.get();
  // CHECK-NOTES: :[[@LINE-1]]:17: note: 'get' may throw here while 'Mu' is held
  Mu.unlock();
  // CHECK-FIXES: lock.unlock();
  return V;
}

#ifdef CXX17
int positiveOptionalValue(const std::optional<int> &O) {
  Mu.lock();
  // CHECK-NOTES-CXX17: :[[@LINE-1]]:3: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES-CXX17: std::unique_lock lock(Mu);
  const int V = O.value();
  // CHECK-NOTES-CXX17: :[[@LINE-1]]:17: note: 'value' may throw here while 'Mu' is held
  Mu.unlock();
  // CHECK-FIXES-CXX17: lock.unlock();
  return V;
}

// value() on an optional the function tests is guarded by the test.
int negativeCheckedOptionalValue(const std::optional<int> &O) {
  Mu.lock();
  const int V = O.has_value() ? O.value() : 0;
  Mu.unlock();
  return V;
}

int positiveAnyCast(const std::any &A) {
  Mu.lock();
  // CHECK-NOTES-CXX17: :[[@LINE-1]]:3: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES-CXX17: std::unique_lock lock(Mu);
  const int V = std::any_cast<int>(A);
  // CHECK-NOTES-CXX17: :[[@LINE-1]]:17: note: 'any_cast' may throw here while 'Mu' is held
  Mu.unlock();
  // CHECK-FIXES-CXX17: lock.unlock();
  return V;
}

unsigned long positiveFilesystem(const std::filesystem::path &P) {
  Mu.lock();
  // CHECK-NOTES-CXX17: :[[@LINE-1]]:3: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES-CXX17: std::unique_lock lock(Mu);
  const unsigned long Size = std::filesystem::file_size(P);
  // CHECK-NOTES-CXX17: :[[@LINE-1]]:30: note: 'file_size' may throw here while 'Mu' is held
  Mu.unlock();
  // CHECK-FIXES-CXX17: lock.unlock();
  return Size;
}

// --- no evidence (C++17) ---------------------------------------------------

int negativeNoThrowOverloads(const std::any &A,
                             const std::filesystem::path &P) {
  std::error_code Error;
  Mu.lock();
  const int *V = std::any_cast<int>(&A);
  const unsigned long Size = std::filesystem::file_size(P, Error);
  Mu.unlock();
  return V ? *V + static_cast<int>(Size) : 0;
}
#endif

// --- no evidence -----------------------------------------------------------

void opaque();
struct Handler {
  virtual void handle(int);
  virtual ~Handler();
};
#ifndef NO_EXCEPTIONS
void Handler::handle(int X) {
  if (X)
    throw X;
}
#endif

int caughtInside(int X) {
#ifndef NO_EXCEPTIONS
  try {
    validate(X);
  } catch (const std::exception &) {
    return -1;
  }
#endif
  return X;
}

void worker();

void negativeAllocationAndUnseen(const std::string &Name, Handler &H,
                                 const std::function<void()> &Callback,
                                 void (*Hook)()) {
  Mu.lock();
  Values.push_back(static_cast<int>(Name.size()));
  std::string Copy = Name;
  Index[Copy] = 1;
  int *Fresh = new int(3);
  delete Fresh;
  opaque();
  Callback();
  Hook();
  H.handle(1);
  caughtInside(2);
  std::thread Worker(worker);
  Worker.join();
  Mu.unlock();
}

// clang gives implicit copy constructors and inheriting constructors a
// computed noexcept(false) when a member or base may throw (a std::string
// copy may run out of memory): that is no declaration, and no evidence.
struct Record {
  std::string Name;
  int Id;
};
struct RecordError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
std::vector<Record> Records;

// The standard library's conditional noexcept that is false here
// ('std::function::operator=' of a lambda too big to be stored in place)
// is no declaration either.
std::function<void()> Slot;

void negativeComputedExceptionSpec(const Record &R) {
  Mu.lock();
  Slot = [R] { (void)R; };
  Record Copy = R;
  Records.push_back(Copy);
  RecordError Unused("unused");
  (void)Unused;
  Mu.unlock();
}

// A leak is still reported; the notes name no call without evidence.
void positiveLeakWithoutEvidence(bool Flag) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-NOTES-NOEXC: :[[@LINE-2]]:3: warning: 'Mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-FIXES: {{std::lock_guard<std::mutex>|std::scoped_lock}} lock(Mu);
  // CHECK-FIXES-NOEXC: std::lock_guard<std::mutex> lock(Mu);
  opaque();
  Values.push_back(1);
  if (Flag)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'Mu' is still locked when 'positiveLeakWithoutEvidence' returns here
  // CHECK-NOTES-NOEXC: :[[@LINE-2]]:5: note: 'Mu' is still locked when 'positiveLeakWithoutEvidence' returns here
  Mu.unlock();
}
