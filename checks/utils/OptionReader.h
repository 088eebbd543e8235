//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The one reader of check options with a non-trivial form (name lists,
/// regular expressions, integers read as text, acquire=release pairs). A
/// malformed value is reported with one wording for every check and option:
///
///   invalid value 'V' for option 'check.Option': expected E; using the
///   default 'D'
///
/// and the option takes its default; the check goes on.
///
//===----------------------------------------------------------------------===//

#ifndef THREADS_TIDY_UTILS_OPTIONREADER_H
#define THREADS_TIDY_UTILS_OPTIONREADER_H

#include "ClangTidyCheck.h"
#include "llvm/Support/Regex.h"
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clang::tidy::threads {

/// A regular expression over fully qualified names, with clang-tidy's own
/// convention for every regex option of the module: the expression is
/// searched for in the name (`^` and `$` anchor when the user writes them),
/// and a leading `::` in it is optional (`^::handle` and `^handle` both
/// match `handleLogin`).
class NameRegex {
public:
  explicit NameRegex(llvm::Regex Regex) : Regex(std::move(Regex)) {}
  /// \p QualifiedName is written without a leading `::`.
  bool matches(StringRef QualifiedName) const;

private:
  llvm::Regex Regex;
};

/// Reads the options of one check (see the file comment).
class OptionReader {
public:
  /// \p Report receives the whole message of a malformed value; checks pass
  /// `[this](StringRef M) { configurationDiag("%0") << M; }`.
  OptionReader(const ClangTidyCheck::OptionsView &Options, StringRef CheckName,
               std::function<void(StringRef)> Report)
      : Options(Options), CheckName(CheckName), Report(std::move(Report)) {}

  /// A semicolon-separated list of qualified names
  /// (`fclose;my::Pool::release`), entries trimmed, empty entries skipped, a
  /// leading `::` dropped. \p Raw gets the text as configured (for
  /// storeOptions). A malformed entry reports the value and gives the list of
  /// \p Default.
  std::vector<std::string> nameList(StringRef Option, StringRef Default,
                                    std::string &Raw);

  /// A regular expression over qualified names (NameRegex); none when
  /// empty. A malformed one is reported and gives none.
  std::optional<NameRegex> regex(StringRef Option, std::string &Raw);

  /// A non-negative integer, read as text so that `-3` gets this reader's
  /// message instead of the generic one.
  unsigned count(StringRef Option, unsigned Default);

  /// The index in \p Choices of the option's value, compared without case;
  /// \p Default when the option is not set. A value that is none of them is
  /// reported and gives \p Default.
  size_t choice(StringRef Option, llvm::ArrayRef<StringRef> Choices,
                size_t Default);

  /// `acquire=release;acquire=release` with qualified names; a malformed
  /// value gives none.
  std::vector<std::pair<std::string, std::string>> namePairs(StringRef Option,
                                                             std::string &Raw);

  /// One end of a LockMacros pair: a macro name and the (1-based) argument
  /// that names the lock.
  struct MacroArg {
    std::string Name;
    unsigned Arg = 1;
  };
  /// `ACQUIRE=RELEASE;...` with macro names, each optionally followed by
  /// `:N` (the lock is argument N, from 1; default 1); a malformed value
  /// gives none.
  std::vector<std::pair<MacroArg, MacroArg>> macroPairs(StringRef Option,
                                                        std::string &Raw);

  /// True for `name`, `ns::name`, `::ns::Class::name`, `ns::Class<int>`
  /// shapes: identifiers joined by `::`, no spaces or parentheses.
  static bool isQualifiedName(StringRef Name);

private:
  void bad(StringRef Option, StringRef Value, StringRef Expected,
           StringRef Default);

  const ClangTidyCheck::OptionsView &Options;
  StringRef CheckName;
  std::function<void(StringRef)> Report;
};

} // namespace clang::tidy::threads

#endif // THREADS_TIDY_UTILS_OPTIONREADER_H
