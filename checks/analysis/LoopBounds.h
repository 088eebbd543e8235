//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// How many times a loop, and a nest of loops, repeats a statement: a
/// constant trip count, no bound at all, or unknown.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_ANALYSIS_LOOPBOUNDS_H
#define THREADS_TIDY_ANALYSIS_LOOPBOUNDS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace clang::tidy::threads::analysis::loops {

/// What is known about the number of iterations of one loop per entry.
struct LoopBound {
  enum BoundKind : uint8_t {
    /// A compile-time trip count (`for (int I = 0; I < 4; ++I)`, a range-for
    /// over a fixed-size array or `std::array`, `do { } while (0)`).
    Constant,
    /// No bound: a constant-true or empty condition, or a condition that
    /// calls a function that hands out work (`accept`, `recv`, `pop`, ...).
    Unbounded,
    /// Anything else, such as `for (I = 0; I < N; ++I)` with a runtime `N`.
    Unknown,
  };
  BoundKind Kind = Unknown;
  /// The trip count of a Constant loop.
  uint64_t TripCount = 0;
  /// For a loop that is Unbounded through its condition: the call there.
  const CallExpr *ConditionCall = nullptr;
};

/// Classifies \p Loop (a for, range-for, while or do statement). A condition
/// call makes the loop unbounded when the callee's name, or its fully
/// qualified name without leading `::`, is listed in \p UnboundedCalls.
LoopBound classifyLoop(const Stmt *Loop, ASTContext &Context,
                       llvm::ArrayRef<std::string> UnboundedCalls);

/// One loop of a nest with its bound.
struct NestLevel {
  const Stmt *Loop = nullptr;
  LoopBound Bound;
};

/// The loops of one function that repeat a statement, innermost first.
struct LoopNest {
  llvm::SmallVector<NestLevel, 4> Levels;
  /// True when a loop header contains invalid code: its bound means nothing.
  bool HasErrors = false;

  /// True when no loop repeats the statement.
  bool empty() const { return Levels.empty(); }
  /// The product of the trip counts when every level is Constant (saturated
  /// at UINT64_MAX), std::nullopt otherwise. Bounds multiply: a constant loop
  /// inside an unbounded one is unbounded.
  std::optional<uint64_t> tripCount() const;
  /// The innermost level whose bound is \p Kind, or null.
  const NestLevel *innermost(LoopBound::BoundKind Kind) const;
};

/// The nest of loops that repeat \p S, from loops::findRepeatingLoop up to the
/// enclosing function, lambda or block.
LoopNest analyzeLoopNest(const Stmt *S, ASTContext &Context,
                         llvm::ArrayRef<std::string> UnboundedCalls);

} // namespace clang::tidy::threads::analysis::loops

#endif // THREADS_TIDY_ANALYSIS_LOOPBOUNDS_H
