#!/usr/bin/env python3
"""Builds threads-tidy the way README.md says, in a fresh build folder.

Reads the shell block that follows `<!-- readme-build -->` in README.md, runs
its commands from the source root exactly as written except that the build
folder `build/llvm-N` becomes BUILD_DIR (so the developer's own build is not
touched), with CC, CXX and CMake's environment overrides removed, as on a new
user's machine. Prints the commands and their output; exits with the status
of the first failing command.

THREADS_TIDY_JOBS, when set, caps ninja's parallelism (`-j`), as
scripts/common.sh does for the project's own builds.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

MARKER = "<!-- readme-build -->"


def readme_commands(readme):
    """The command lines of the shell block after MARKER."""
    text = open(readme, encoding="utf-8").read()
    start = text.find(MARKER)
    if start < 0:
        sys.exit("readme_build.py: no %s marker in %s" % (MARKER, readme))
    block = re.search(r"```sh\n(.*?)```", text[start:], re.S)
    if not block:
        sys.exit("readme_build.py: no ```sh block after the marker")
    commands = []
    for line in block.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            commands.append(line)
    return commands


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--build-dir", required=True)
    args = parser.parse_args()

    env = dict(os.environ)
    for var in ("CC", "CXX", "CMAKE_GENERATOR", "CMAKE_BUILD_TYPE",
                "CMAKE_C_COMPILER_LAUNCHER", "CMAKE_CXX_COMPILER_LAUNCHER"):
        env.pop(var, None)
    for command in readme_commands(os.path.join(args.source, "README.md")):
        words = [re.sub(r"^build/llvm-[0-9N]+$", args.build_dir, w)
                 for w in shlex.split(command)]
        if words[0] == "ninja" and env.get("THREADS_TIDY_JOBS"):
            words[1:1] = ["-j", env["THREADS_TIDY_JOBS"]]
        print("$ " + " ".join(shlex.quote(w) for w in words), flush=True)
        status = subprocess.call(words, cwd=args.source, env=env,
                                 stdout=sys.stdout, stderr=subprocess.STDOUT)
        if status:
            print("readme_build.py: exit status %d" % status, flush=True)
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
