//===----------------------------------------------------------------------===//
//
// Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "utils/OptionReader.h"

#include "utils/OptionsUtils.h"
#include "clang/Basic/CharInfo.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

namespace clang::tidy::threads {

bool OptionReader::isQualifiedName(StringRef Name) {
  Name.consume_front("::");
  if (Name.empty())
    return false;
  while (!Name.empty()) {
    const auto [Part, Rest] = Name.split("::");
    if (Part.empty() || !isAsciiIdentifierStart(Part.front()))
      return false;
    for (const char C : Part)
      if (!isAsciiIdentifierContinue(C))
        return false;
    if (Rest.empty() && Name.size() != Part.size())
      return false; // a trailing "::"
    Name = Rest;
  }
  return true;
}

void OptionReader::bad(StringRef Option, StringRef Value, StringRef Expected,
                       StringRef Default) {
  const std::string Fallback =
      Default.empty() ? std::string("(none)") : ("'" + Default + "'").str();
  Report(("invalid value '" + Value + "' for option '" + CheckName + "." +
          Option + "': expected " + Expected + "; using the default " +
          Fallback)
             .str());
}

std::vector<std::string>
OptionReader::nameList(StringRef Option, StringRef Default, std::string &Raw) {
  Raw = Options.get(Option, Default).str();
  std::vector<std::string> Names;
  for (StringRef Entry : utils::options::parseStringList(Raw)) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    if (!isQualifiedName(Entry)) {
      bad(Option, Raw,
          "a semicolon-separated list of qualified names such as "
          "'fclose;my::Pool::release'",
          Default);
      Names.clear();
      for (const StringRef Fallback : utils::options::parseStringList(Default))
        if (!Fallback.trim().empty())
          Names.push_back(Fallback.trim().str());
      return Names;
    }
    Names.push_back(Entry.str());
  }
  return Names;
}

bool NameRegex::matches(StringRef QualifiedName) const {
  // The name with and without its leading `::`: `^handle` and `^::handle`
  // both find `handleLogin`, as clang-tidy's own regex options do.
  QualifiedName.consume_front("::");
  return Regex.match(QualifiedName) ||
         Regex.match(("::" + QualifiedName).str());
}

std::optional<NameRegex> OptionReader::regex(StringRef Option,
                                             std::string &Raw) {
  Raw = Options.get(Option, "").str();
  if (Raw.empty())
    return std::nullopt;
  llvm::Regex Regex(Raw);
  std::string Error;
  if (Regex.isValid(Error))
    return NameRegex(std::move(Regex));
  bad(Option, Raw, "a regular expression (" + Error + ")", "");
  return std::nullopt;
}

unsigned OptionReader::count(StringRef Option, unsigned Default) {
  const std::string DefaultText = std::to_string(Default);
  const std::string Text = Options.get(Option, StringRef(DefaultText)).str();
  unsigned Value = 0;
  if (!StringRef(Text).trim().getAsInteger(10, Value))
    return Value;
  bad(Option, Text, "a non-negative integer", std::to_string(Default));
  return Default;
}

size_t OptionReader::choice(StringRef Option, llvm::ArrayRef<StringRef> Choices,
                            size_t Default) {
  const std::optional<StringRef> Value = Options.get(Option);
  if (!Value)
    return Default;
  const StringRef Text = Value->trim();
  for (size_t I = 0; I < Choices.size(); ++I)
    if (Text.equals_insensitive(Choices[I]))
      return I;
  std::string Expected = "one of ";
  for (size_t I = 0; I < Choices.size(); ++I) {
    if (I != 0)
      Expected += I + 1 == Choices.size() ? " or " : ", ";
    Expected += "'" + Choices[I].str() + "'";
  }
  bad(Option, *Value, Expected, Choices[Default]);
  return Default;
}

std::vector<std::pair<std::string, std::string>>
OptionReader::namePairs(StringRef Option, std::string &Raw) {
  Raw = Options.get(Option, "").str();
  std::vector<std::pair<std::string, std::string>> Pairs;
  llvm::SmallVector<StringRef, 4> Entries;
  StringRef(Raw).split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    auto [Acquire, Release] = Entry.split('=');
    Acquire = Acquire.trim();
    Release = Release.trim();
    if (!Entry.contains('=') || !isQualifiedName(Acquire) ||
        !isQualifiedName(Release)) {
      bad(Option, Raw,
          "'acquire=release;...' with qualified function names such as "
          "'MyMutex::Acquire=MyMutex::Release'",
          "");
      return {};
    }
    Acquire.consume_front("::");
    Release.consume_front("::");
    Pairs.emplace_back(Acquire.str(), Release.str());
  }
  return Pairs;
}

/// A macro name with an optional `:N` argument index (N >= 1).
static std::optional<OptionReader::MacroArg> parseMacroArg(StringRef Text) {
  Text = Text.trim();
  auto [Name, Index] = Text.split(':');
  Name = Name.trim();
  if (Name.empty() || !isAsciiIdentifierStart(Name.front()) ||
      !llvm::all_of(Name, [](char C) { return isAsciiIdentifierContinue(C); }))
    return std::nullopt;
  OptionReader::MacroArg Result;
  Result.Name = Name.str();
  if (Text.contains(':') &&
      (Index.trim().getAsInteger(10, Result.Arg) || Result.Arg == 0))
    return std::nullopt;
  return Result;
}

std::vector<std::pair<OptionReader::MacroArg, OptionReader::MacroArg>>
OptionReader::macroPairs(StringRef Option, std::string &Raw) {
  Raw = Options.get(Option, "").str();
  std::vector<std::pair<MacroArg, MacroArg>> Pairs;
  llvm::SmallVector<StringRef, 4> Entries;
  StringRef(Raw).split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    const auto [AcquireText, ReleaseText] = Entry.split('=');
    const std::optional<MacroArg> Acquire = parseMacroArg(AcquireText);
    const std::optional<MacroArg> Release = parseMacroArg(ReleaseText);
    if (!Entry.contains('=') || !Acquire || !Release) {
      bad(Option, Raw,
          "'ACQUIRE=RELEASE;...' with macro names, each optionally followed "
          "by ':N' for the lock's argument, such as "
          "'LIB_LOCK=LIB_UNLOCK;BASE_ACQUIRE_LOCK:2=BASE_RELEASE_LOCK:2'",
          "");
      return {};
    }
    Pairs.emplace_back(*Acquire, *Release);
  }
  return Pairs;
}

} // namespace clang::tidy::threads
