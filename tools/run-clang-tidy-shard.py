#!/usr/bin/env python3
"""Run LLVM's run-clang-tidy on one shard of a compile database.

Teams whose code base outgrows one machine run clang-tidy as a CI matrix:
runner I of N checks every N-th translation unit, and code scanning merges
the SARIF logs. This is a thin wrapper around run-clang-tidy (every option
after `--` goes to it unchanged):

  run-clang-tidy-shard.py --shard I/N [-p BUILD] [--sarif OUT.sarif]
      [--category NAME] [--list] -- [run-clang-tidy options]

The translation units of BUILD/compile_commands.json, sorted by path and
without duplicates, are dealt out round-robin: shard I (1-based) gets units
I, I+N, I+2N, ... So the N shards together cover every unit exactly once,
whatever N, and a unit stays in its shard while the file list is unchanged.
The shard's entries are written to a compile database of their own, which
run-clang-tidy then gets as -p.

--sarif converts the shard's findings (its -export-fixes, or one the wrapper
adds) with clang-tidy-to-sarif.py, with runAutomationDetails category
NAME (default threads-tidy/shard-I-of-N): GitHub code scanning keeps one
upload per category, so the N uploads of a matrix sit side by side instead of
replacing each other. --list prints the shard's files and exits.

Fixes: give every shard `-export-fixes DIR/` (a folder per shard) and apply
the union once with `clang-apply-replacements` over their parent folder; a
header's fix found by several shards is applied once. Running `-fix` in each
shard of a matrix edits only that runner's checkout.

Exit status: run-clang-tidy's (1 when a clang-tidy run failed, which
--warnings-as-errors makes a finding do), 2 for a usage error.

Settings: THREADS_TIDY_MAJOR picks /usr/lib/llvm-MAJOR/bin/run-clang-tidy
(default: run-clang-tidy on PATH, else LLVM 19's); --run-clang-tidy PATH
overrides.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile


def parse_shard(text):
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError("expected I/N, e.g. 2/4, not %r" % text)
    if count < 1 or not 1 <= index <= count:
        raise argparse.ArgumentTypeError("expected 1 <= I <= N in I/N, not %r" % text)
    return index, count


def unit_path(entry):
    path = entry["file"]
    if not os.path.isabs(path):
        path = os.path.join(entry.get("directory", ""), path)
    return os.path.normpath(path)


def default_run_clang_tidy():
    major = os.environ.get("THREADS_TIDY_MAJOR")
    if major:
        return "/usr/lib/llvm-%s/bin/run-clang-tidy" % major
    return shutil.which("run-clang-tidy") or "/usr/lib/llvm-19/bin/run-clang-tidy"


def main():
    argv = sys.argv[1:]
    passed = []
    if "--" in argv:
        passed = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    parser = argparse.ArgumentParser(
        description="run-clang-tidy on shard I of N of a compile database")
    parser.add_argument("--shard", type=parse_shard, required=True, metavar="I/N")
    parser.add_argument("-p", dest="build", default="build",
                        help="folder with compile_commands.json (default build)")
    parser.add_argument("--sarif", default=None, help="write the shard's findings as SARIF")
    parser.add_argument("--category", default=None,
                        help="SARIF runAutomationDetails category "
                             "(default threads-tidy/shard-I-of-N)")
    parser.add_argument("--base-dir", default=os.getcwd(),
                        help="SARIF paths under it are relative (default: the current folder)")
    parser.add_argument("--to-sarif", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "clang-tidy-to-sarif.py"))
    parser.add_argument("--run-clang-tidy", default=default_run_clang_tidy())
    parser.add_argument("--list", action="store_true", help="print the shard's files and exit")
    args = parser.parse_args(argv)
    if "-p" in passed or any(a.startswith("-p=") for a in passed):
        parser.error("give -p to the wrapper, not to run-clang-tidy")
    index, count = args.shard

    database = os.path.join(args.build, "compile_commands.json")
    try:
        with open(database, encoding="utf-8") as f:
            entries = json.load(f)
    except (OSError, ValueError) as error:
        parser.error("cannot read %s: %s" % (database, error))
    units = sorted({unit_path(entry) for entry in entries})
    mine = set(units[index - 1::count])
    if args.list:
        for unit in sorted(mine):
            print(unit)
        return 0
    print("run-clang-tidy-shard: shard %d/%d: %d of %d translation units"
          % (index, count, len(mine), len(units)), file=sys.stderr, flush=True)

    work = tempfile.mkdtemp(prefix="threads-tidy-shard-")
    try:
        with open(os.path.join(work, "compile_commands.json"), "w", encoding="utf-8") as f:
            json.dump([e for e in entries if unit_path(e) in mine], f, indent=2)
        export = None
        for i, arg in enumerate(passed):
            if arg == "-export-fixes" and i + 1 < len(passed):
                export = passed[i + 1]
            elif arg.startswith("-export-fixes="):
                export = arg.split("=", 1)[1]
        if args.sarif and export is None:
            export = os.path.join(work, "fixes") + os.sep
            passed = passed + ["-export-fixes", export]
        command = [sys.executable, args.run_clang_tidy, "-p", work] + passed
        status = subprocess.call(command) if mine else 0
        if args.sarif:
            category = args.category or "threads-tidy/shard-%d-of-%d" % (index, count)
            if export and os.path.isdir(export):
                inputs = sorted(glob.glob(os.path.join(export, "**", "*.yaml"), recursive=True))
            elif export and os.path.isfile(export):
                inputs = [export]
            else:
                inputs = []
            converted = subprocess.call(
                [sys.executable, args.to_sarif, "--tool-name", "threads-tidy",
                 "--base-dir", args.base_dir, "--category", category, "-o", args.sarif]
                + (inputs or [os.devnull]))
            if converted:
                return converted
        return status
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
