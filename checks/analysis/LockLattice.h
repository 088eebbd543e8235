//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The values the path engine (PathEngine.h) computes: per lock, the set of
/// states it may be in at a program point over every path that reaches it,
/// the acquire sites that may hold it there and the releases that released
/// it last. Every question the engine and its clients ask of a state is a
/// named query here; the encoding is private.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_LOCKLATTICE_H
#define THREADS_TIDY_ANALYSIS_LOCKLATTICE_H

#include <algorithm>
#include <cstdint>

namespace clang::tidy::threads::analysis {

/// Every limit past which the engine gives up on a function, in one place.
/// A function past a limit gets no result (never a guess) and the give-up
/// is counted (PathEngine::giveUps()); the checks' docs list them under
/// "Limitations".
struct EngineLimits {
  /// Acquire calls in one function (one bit each in a SiteSet).
  static constexpr unsigned MaxAcquireSites = 64;
  /// Release calls in one function.
  static constexpr unsigned MaxReleaseSites = 64;
  /// Distinct locks in one function.
  static constexpr unsigned MaxLocks = 32;
  /// Path conditions (PathConditions.h) followed per function; conditions
  /// past this many are joined as if either branch could run (less
  /// precision, never a give-up).
  static constexpr unsigned MaxPathConditions = 16;
  /// Leak exits per function for which the engine finds the branches of a
  /// path from the acquire (path notes); the others get no path.
  static constexpr unsigned MaxWitnessPaths = 16;
  /// Nesting depth a recursive lock is counted to; deeper holds are counted
  /// as this depth (never a give-up).
  static constexpr unsigned MaxHoldDepth = 8;
  /// Worklist steps per CFG block, plus a constant: the lattice is finite so
  /// the fixed point is always reached; this guards against surprises in
  /// huge functions.
  static constexpr unsigned StepsPerBlock = 64;
  static constexpr unsigned ExtraSteps = 1024;
};

/// Why the engine did not analyse a function.
enum class GiveUp : std::uint8_t {
  /// The CFG could not be built.
  NoCFG,
  /// The function contains invalid code.
  InvalidCode,
  /// A release in dependent code whose callee is unknown, or a release of a
  /// lock whose identity is unclear: it may release any tracked lock.
  UnclearRelease,
  /// More than EngineLimits::MaxAcquireSites acquires.
  TooManyAcquires,
  /// More than EngineLimits::MaxReleaseSites releases.
  TooManyReleases,
  /// More than EngineLimits::MaxLocks locks.
  TooManyLocks,
  /// The worklist did not settle within its step budget.
  StepBudget,
};
constexpr unsigned NumGiveUpReasons = 7;

/// A set of acquire (or release) sites of one function, by index.
class SiteSet {
public:
  SiteSet() = default;
  static SiteSet single(unsigned Site) { return SiteSet(uint64_t{1} << Site); }

  bool empty() const { return Bits == 0; }
  bool contains(unsigned Site) const { return (Bits >> Site) & uint64_t{1}; }
  void insert(unsigned Site) { Bits |= uint64_t{1} << Site; }
  void insert(SiteSet Other) { Bits |= Other.Bits; }
  void intersect(SiteSet Other) { Bits &= Other.Bits; }
  void clear() { Bits = 0; }
  SiteSet operator|(SiteSet Other) const { return SiteSet(Bits | Other.Bits); }
  bool operator==(SiteSet Other) const { return Bits == Other.Bits; }
  bool operator!=(SiteSet Other) const { return Bits != Other.Bits; }

  /// Calls \p Fn with every site in the set, lowest first.
  template <typename Callback> void forEach(Callback Fn) const {
    unsigned Site = 0;
    for (uint64_t Rest = Bits; Rest; Rest >>= 1, ++Site)
      if (Rest & 1)
        Fn(Site);
  }

private:
  explicit SiteSet(uint64_t Bits) : Bits(Bits) {}
  uint64_t Bits = 0;
};

/// What this function may have done to one lock so far, over every path
/// that reaches a program point: a set of possible states, the acquires that
/// may hold it and the releases that released it last.
///
/// The possible states are: untouched (the caller's business), released by
/// this function, held K times (K = 1 .. MaxHoldDepth), released although
/// the caller held it on entry ("caller released"), and taken back after
/// that ("restored": held, but for the caller).
class LockState {
public:
  /// The state on entry: untouched on every path.
  LockState() = default;
  /// No path: the bottom of the lattice.
  static LockState noPath() { return LockState(0); }

  bool operator==(const LockState &Other) const {
    return States == Other.States && Holders == Other.Holders &&
           Restorers == Other.Restorers && LastReleases == Other.LastReleases;
  }
  bool operator!=(const LockState &Other) const { return !(*this == Other); }

  /// No path reaches this point (with this state).
  bool isNoPath() const { return States == 0; }
  /// Some path holds the lock, taken by this function.
  bool mayBeHeld() const { return States & HeldMask; }
  /// Some path holds the lock, taken back for the caller.
  bool mayBeHeldForCaller() const { return States & RestoredBit; }
  /// Some path holds the lock for any reason.
  bool mayBeHeldAtAll() const { return mayBeHeld() || mayBeHeldForCaller(); }
  /// Some path has not touched the lock yet.
  bool mayBeUntouched() const { return States & UntouchedBit; }
  /// Some path released a lock the caller held on entry.
  bool mayBeCallerReleased() const { return States & CallerReleasedBit; }
  /// Every path holds it (taken here or for the caller).
  bool isHeldOnEveryPath() const {
    return !(States & (UntouchedBit | ReleasedBit | CallerReleasedBit));
  }
  /// Every path has released it (by this function or the caller's hold).
  bool isReleasedOnEveryPath() const {
    return !(States & ~(ReleasedBit | CallerReleasedBit));
  }
  /// The acquires that may hold the lock here (when mayBeHeld()).
  SiteSet holders() const { return Holders; }
  /// The acquires that took back the caller's lock (when
  /// mayBeHeldForCaller()).
  SiteSet restorers() const { return Restorers; }
  /// The releases that may have released it last.
  SiteSet lastReleases() const { return LastReleases; }

  /// The union of both sides' paths.
  void join(const LockState &Other) {
    States |= Other.States;
    Holders.insert(Other.Holders);
    Restorers.insert(Other.Restorers);
    LastReleases.insert(Other.LastReleases);
  }
  /// What is true on paths both sides describe (each side over-approximates
  /// its paths, so the intersection over-approximates the common ones).
  void meet(const LockState &Other) {
    States &= Other.States;
    if (!States) {
      *this = noPath();
      return;
    }
    Holders.intersect(Other.Holders);
    Restorers.intersect(Other.Restorers);
    LastReleases.intersect(Other.LastReleases);
  }

  /// The state after release number \p Release.
  void release(unsigned Release) {
    uint16_t Next = 0;
    if (States & (ReleasedBit | heldBit(1)))
      Next |= ReleasedBit;
    if (States & (UntouchedBit | RestoredBit | CallerReleasedBit))
      Next |= CallerReleasedBit;
    for (unsigned Depth = 2; Depth <= EngineLimits::MaxHoldDepth; ++Depth)
      if (States & heldBit(Depth))
        Next |= heldBit(Depth - 1);
    States = Next;
    if (!(Next & HeldMask))
      Holders.clear();
    Restorers.clear();
    LastReleases = SiteSet::single(Release);
  }

  /// The state after release number \p Release of a lock given back only
  /// where it is held (an RAII holder's destructor): paths that do not hold
  /// it keep their state.
  void releaseIfHeld(unsigned Release) {
    const uint16_t Held = States & (HeldMask | RestoredBit);
    if (!Held)
      return;
    LockState Part = *this;
    Part.States = Held;
    Part.release(Release);
    States = static_cast<uint16_t>((States & ~Held) | Part.States);
    Holders = Part.Holders;
    Restorers.clear();
    LastReleases.insert(Part.LastReleases);
  }

  /// The state on the paths where a query (`joinable()`) says the object is
  /// not held: every hold this function took is gone; untouched stays
  /// untouched.
  LockState withoutHolds() const {
    LockState After = *this;
    if (!(States & HeldMask))
      return After;
    After.States = static_cast<uint16_t>((States & ~HeldMask) | ReleasedBit);
    After.Holders.clear();
    return After;
  }

  /// The state after acquire number \p Site succeeded.
  LockState afterAcquire(bool Recursive, unsigned Site) const {
    const SiteSet Self = SiteSet::single(Site);
    LockState After(0);
    // Where the function gave back a lock its caller holds, that lock is the
    // caller's on every path: taking it on a path that never gave it back
    // would deadlock there at once, so such a path is taken to be impossible
    // (`if (empty) return; ... if (!empty) mu.Unlock(); ... mu.Lock();`).
    const bool CallerHolds = !Recursive && (States & CallerReleasedBit);
    if ((States & ReleasedBit) || ((States & UntouchedBit) && !CallerHolds))
      After.States |= heldBit(1);
    for (unsigned Depth = 1; Depth <= EngineLimits::MaxHoldDepth; ++Depth)
      if (States & heldBit(Depth))
        After.States |= heldBit(
            Recursive ? std::min(Depth + 1, EngineLimits::MaxHoldDepth) : 1);
    if (After.States & HeldMask)
      After.Holders = Recursive ? (Holders | Self) : Self;
    if (States & RestoredBit) {
      After.States |= RestoredBit;
      After.Restorers = Restorers;
    }
    if (States & CallerReleasedBit) {
      After.States |= RestoredBit;
      After.Restorers.insert(Self);
    }
    return After;
  }

private:
  explicit LockState(uint16_t States) : States(States) {}

  static constexpr uint16_t UntouchedBit = 1;
  static constexpr uint16_t ReleasedBit = 2;
  static constexpr uint16_t CallerReleasedBit = 1u << 10;
  static constexpr uint16_t RestoredBit = 1u << 11;
  static constexpr uint16_t HeldMask =
      static_cast<uint16_t>(((1u << EngineLimits::MaxHoldDepth) - 1) << 2);
  static constexpr uint16_t heldBit(unsigned Depth) {
    return static_cast<uint16_t>(1u << (1 + Depth));
  }
  static_assert(EngineLimits::MaxHoldDepth + 2 <= 10,
                "held bits would overlap the caller bits");

  /// Bit 0 untouched, 1 released, 1 + K held K times, 10 caller released,
  /// 11 restored.
  uint16_t States = UntouchedBit;
  SiteSet Holders;
  SiteSet Restorers;
  SiteSet LastReleases;
};

} // namespace clang::tidy::threads::analysis

#endif // THREADS_TIDY_ANALYSIS_LOCKLATTICE_H
