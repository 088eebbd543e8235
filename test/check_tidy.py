#!/usr/bin/env python3
"""Run one lit test file through clang-tidy with the threads-tidy plugin.

Usage (lit fills in the tool paths):

  check_tidy.py --clang-tidy=P --plugin=P --clang=P --filecheck=P \
      [runner options] INPUT CHECK TEMP [-- CLANG_TIDY_ARGS [-- COMPILER_ARGS]]

An empty --plugin= runs --clang-tidy without --load: the standalone
threads-tidy binary, which has the checks linked in.

For every language standard the test asks for, the runner
  1. copies INPUT to TEMP with every `// CHECK-...:` comment blanked (line
     numbers stay the same, so [[@LINE]] in INPUT points at the copy),
  2. runs clang-tidy with `-fix` (and `--fix-notes` when asked) on the copy,
  3. matches CHECK-MESSAGES (warnings/errors, every one must be expected),
     CHECK-NOTES (warnings, errors and notes, every one must be expected) and
     CHECK-FIXES (the fixed file) with FileCheck, or demands no output at all
     when the test has none of these,
  4. compiles the fixed file with `clang -fsyntax-only`: a fix-it that does
     not compile fails the test,
  5. reruns clang-tidy with `-fix` on the fixed file: it must change nothing
     (fix-its are idempotent).
Real standard headers are used (libstdc++, or libc++ with -stdlib=libc++).
"""

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys

CXX_STANDARDS = ["c++98", "c++11", "c++14", "c++17", "c++20", "c++23", "c++26"]
C_STANDARDS = ["c99", "c11", "c17", "c23", "c2y"]
ALIASES = {
    "c++1y": "c++14", "c++1z": "c++17", "c++2a": "c++20", "c++2b": "c++23",
    "c++2c": "c++26", "c1x": "c11", "c2x": "c23",
}
FILECHECK_DIRECTIVE = r"(?::|-NOT:|-NEXT:|-SAME:|-DAG:|-LABEL:|-EMPTY:|-COUNT-\d+:)"
KEEP_EXTENSIONS = (".c", ".hpp", ".m", ".mm")


class TestFailure(Exception):
    """A failed expectation; the message says which step failed."""


def expand_std(spec):
    """Expands `-std=c++17-or-later,c99` into a list of standards."""
    result = []
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        if item.endswith("-or-later"):
            base = item[: -len("-or-later")]
            primary = ALIASES.get(base, base)
            for order in (CXX_STANDARDS, C_STANDARDS):
                if primary in order:
                    result.append(base)
                    result.extend(order[order.index(primary) + 1:])
                    break
            else:
                raise TestFailure("unknown standard in -std=%s" % spec)
        else:
            result.append(item)
    return result


def split_args(argv):
    """Splits runner args, clang-tidy args and compiler args at `--`."""
    if "--" not in argv:
        return argv, [], []
    first = argv.index("--")
    rest = argv[first + 1:]
    if "--" not in rest:
        return argv[:first], rest, []
    second = rest.index("--")
    return argv[:first], rest[:second], rest[second + 1:]


def parse_runner_args(runner_argv):
    parser = argparse.ArgumentParser(prog="check_tidy.py", allow_abbrev=False)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clang", required=True)
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("-check-suffix", "-check-suffixes", dest="check_suffix",
                        default=[""], type=lambda s: s.split(","))
    parser.add_argument("-std", dest="std", default=None)
    parser.add_argument("-assume-filename", dest="assume_filename", default=None)
    parser.add_argument("-expect-clang-tidy-error", dest="expect_error",
                        action="store_true")
    parser.add_argument("-export-fixes", dest="export_fixes", default=None)
    parser.add_argument("--match-partial-fixes", "-match-partial-fixes",
                        dest="partial_fixes", action="store_true")
    parser.add_argument("-resource-dir", dest="resource_dir", default=None)
    parser.add_argument("-fix-notes", "--fix-notes", dest="fix_notes",
                        action="store_true")
    parser.add_argument("-stdlib", dest="stdlib", default=None,
                        choices=["libc++", "libstdc++"])
    parser.add_argument("-no-compile-fixed", dest="no_compile_fixed",
                        action="store_true")
    parser.add_argument("-no-idempotence", dest="no_idempotence",
                        action="store_true")
    parser.add_argument("input_file")
    parser.add_argument("check_name")
    parser.add_argument("temp_prefix")
    # parse_args (not parse_known_args): a misspelt runner option must fail
    # the test instead of silently becoming a clang-tidy argument.
    return parser.parse_args(runner_argv)


def run(cmd, log):
    """Runs cmd with stdout and stderr in one pipe, so their order survives."""
    log.append("$ " + " ".join(shlex.quote(c) for c in cmd))
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          check=False)
    out = proc.stdout.decode("utf-8", errors="replace")
    log.append(out)
    # With THREADS_TIDY_VERIFY_PARENTS=1 (lit --param verify_parents=1) the
    # parent index prints every answer that differs from clang's map.
    if "threads-tidy: parent index differs" in out:
        raise TestFailure("the parent index differs from clang's parent map "
                          "(THREADS_TIDY_VERIFY_PARENTS); see the output above")
    return proc.returncode, out


class Runner:
    def __init__(self, args, tidy_args, compiler_args):
        self.args = args
        self.tidy_args = tidy_args
        self.compiler_args = compiler_args
        self.log = []
        for suffix in args.check_suffix:
            if suffix and not re.fullmatch(r"[A-Z0-9-]+", suffix):
                raise TestFailure("invalid check suffix %r: use [A-Z0-9-]+" % suffix)
        with open(args.input_file, encoding="utf-8") as f:
            self.input_text = f.read()
        name = args.assume_filename or args.input_file
        ext = os.path.splitext(name)[1]
        self.extension = ext if ext in KEEP_EXTENSIONS else ".cpp"
        self.is_c = self.extension == ".c"

    # -- step 2: which prefixes does the test use ------------------------
    def has_prefix(self, prefix):
        pattern = r"\b" + re.escape(prefix) + FILECHECK_DIRECTIVE
        return re.search(pattern, self.input_text) is not None

    def discover_prefixes(self):
        fixes, messages, notes = [], [], []
        any_found, empty_suffixes = False, []
        for suffix in self.args.check_suffix:
            tail = "-" + suffix if suffix else ""
            fix, msg, note = ("CHECK-FIXES" + tail, "CHECK-MESSAGES" + tail,
                              "CHECK-NOTES" + tail)
            has_fix, has_msg, has_note = (self.has_prefix(fix), self.has_prefix(msg),
                                          self.has_prefix(note))
            if has_msg and has_note:
                raise TestFailure("both %s and %s are used; use one of them" % (msg, note))
            if has_fix:
                fixes.append(fix)
            if has_msg:
                messages.append(msg)
            if has_note:
                notes.append(note)
            if has_fix or has_msg or has_note:
                any_found = True
            else:
                empty_suffixes.append(suffix or "<none>")
        if any_found and empty_suffixes:
            raise TestFailure("no CHECK-MESSAGES/NOTES/FIXES for suffix(es) %s while "
                              "other suffixes have them" % ", ".join(empty_suffixes))
        return fixes, messages, notes

    # -- step 4: the clang-tidy command ----------------------------------
    def compiler_flags(self, std):
        flags = list(self.compiler_args)
        if std:
            flags.append("-std=" + self.spell_std(std))
        if self.args.stdlib and not self.is_c:
            flags.append("-stdlib=" + self.args.stdlib)
        if self.args.resource_dir:
            flags.append("-resource-dir=" + self.args.resource_dir)
        if self.extension in (".m", ".mm"):
            flags = ["-fobjc-abi-version=2", "-fobjc-arc", "-fblocks"] + flags
        return flags

    def tidy_command(self, path, std, export_fixes=None):
        cmd = [self.args.clang_tidy, path]
        if export_fixes:
            cmd.append("--export-fixes=" + export_fixes)
        else:
            cmd.append("-fix")
        if self.args.fix_notes:
            cmd.append("--fix-notes")
        cmd.append("--checks=-*," + self.args.check_name)
        if self.args.plugin:
            cmd.append("--load=" + self.args.plugin)
        cmd.extend(self.tidy_args)
        if not any(re.match(r"^-?-config(-file)?=", a) for a in self.tidy_args):
            cmd.append("--config={}")
        cmd.append("--")
        cmd.extend(self.compiler_flags(std))
        return cmd

    def filecheck(self, input_path, prefixes, extra):
        cmd = [self.args.filecheck, "--input-file=" + input_path, self.args.input_file,
               "--check-prefixes=" + ",".join(prefixes)] + extra
        code, out = run(cmd, self.log)
        return code == 0, out

    # -- one standard -----------------------------------------------------
    def run_std(self, std):
        temp = self.args.temp_prefix + (("." + std.replace("+", "x")) if std else "")
        temp_file = temp + self.extension
        os.makedirs(os.path.dirname(os.path.abspath(temp_file)), exist_ok=True)
        cleaned = re.sub(r"//\s*CHECK-[A-Z0-9-]*:[^\r\n]*", "//", self.input_text)
        with open(temp_file, "w", encoding="utf-8") as f:
            f.write(cleaned)
        with open(temp_file + ".orig", "w", encoding="utf-8") as f:
            f.write(cleaned)

        if self.args.export_fixes:
            code, _ = run(self.tidy_command(temp_file, std, self.args.export_fixes), self.log)
            self.check_exit(code)
            return

        fixes, messages, notes = self.discover_prefixes()
        code, output = run(self.tidy_command(temp_file, std), self.log)
        self.check_exit(code)
        with open(temp_file, encoding="utf-8") as f:
            fixed = f.read()
        changed = fixed != cleaned
        if changed:
            run(["diff", "-u", temp_file + ".orig", temp_file], self.log)

        if not (fixes or messages or notes):
            if output.strip():
                raise TestFailure("expected no diagnostics for %s, got:\n%s"
                                  % (std or "default", output))
        if fixes:
            mode = (["--strict-whitespace"] if self.args.partial_fixes
                    else ["--match-full-lines"])
            ok, _ = self.filecheck(temp_file, fixes, mode)
            if not ok:
                raise TestFailure("CHECK-FIXES did not match the fixed file (%s)" % std)
        elif changed:
            raise TestFailure("fix-its changed the file but the test has no CHECK-FIXES; "
                              "state the expected result")
        if messages:
            with open(temp + ".msg", "w", encoding="utf-8") as f:
                f.write(output)
            ok, _ = self.filecheck(temp + ".msg", messages,
                                   ["--implicit-check-not={{warning|error}}:"])
            if not ok:
                raise TestFailure("CHECK-MESSAGES did not match clang-tidy's output (%s)" % std)
        if notes:
            kept = "".join(line for line in output.splitlines(keepends=True)
                           if "note: FIX-IT applied" not in line)
            with open(temp + ".notes", "w", encoding="utf-8") as f:
                f.write(kept)
            ok, _ = self.filecheck(temp + ".notes", notes,
                                   ["--implicit-check-not={{note|warning|error}}:"])
            if not ok:
                raise TestFailure("CHECK-NOTES did not match clang-tidy's output (%s)" % std)

        if changed and not self.args.no_compile_fixed:
            compile_cmd = [self.args.clang, "-fsyntax-only", "-x",
                           "c" if self.is_c else "c++", temp_file] + self.compiler_flags(std)
            code, out = run(compile_cmd, self.log)
            if code != 0:
                raise TestFailure("fix-it produced code that does not compile (%s):\n%s"
                                  % (std, out))
        if changed and not self.args.no_idempotence:
            again = temp + ".rerun" + self.extension
            shutil.copyfile(temp_file, again)
            code, out = run(self.tidy_command(again, std), self.log)
            with open(again, encoding="utf-8") as f:
                refixed = f.read()
            if refixed != fixed:
                run(["diff", "-u", temp_file, again], self.log)
                raise TestFailure("fix-its are not idempotent: a second -fix run changed "
                                  "the fixed file again (%s)" % std)

    def check_exit(self, code):
        if self.args.expect_error:
            if code == 0:
                raise TestFailure("expected clang-tidy to fail (-expect-clang-tidy-error), "
                                  "but it exited 0")
        elif code != 0:
            raise TestFailure("clang-tidy exited with %d" % code)

    def standards(self):
        if self.args.std:
            stds = expand_std(self.args.std)
        elif self.is_c:
            stds = expand_std("c99-or-later")
        else:
            stds = expand_std("c++11-or-later")
        # Reported under their ISO names; spell_std gives the flag.
        return [s for s in stds if self.spell_std(s)]

    def spell_std(self, std):
        """Spells a standard the way this clang accepts it: clang 16 knows
        c++23 and c23 only as c++2b and c2x and has neither c++26 (c++2c
        came with clang 17) nor c2y."""
        if self.clang_major() >= 17:
            return std
        older = {"c++23": "c++2b", "c++26": None, "c23": "c2x", "c2y": None}
        return older.get(std, std)

    def clang_major(self):
        if not hasattr(self, "_clang_major"):
            out = subprocess.run([self.args.clang, "--version"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, check=False).stdout.decode()
            match = re.search(r"version (\d+)", out)
            self._clang_major = int(match.group(1)) if match else 99
        return self._clang_major


def main():
    runner_argv, tidy_args, compiler_args = split_args(sys.argv[1:])
    args = parse_runner_args(runner_argv)
    runner = None
    try:
        runner = Runner(args, tidy_args, compiler_args)
        for std in runner.standards():
            runner.log.append("=== -std=%s ===" % std)
            runner.run_std(std)
    except TestFailure as failure:
        if runner:
            print("\n".join(runner.log))
        print("check_tidy.py: FAIL: %s" % failure)
        return 1
    print("\n".join(runner.log))
    return 0


if __name__ == "__main__":
    sys.exit(main())
