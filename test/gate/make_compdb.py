#!/usr/bin/env python3
"""make_compdb.py DIR CLANG FILE=FLAGS...: write DIR/compile_commands.json
compiling each FILE (relative to DIR) with `CLANG FLAGS -c FILE`, as CMake's
CMAKE_EXPORT_COMPILE_COMMANDS would."""
import json
import os
import shlex
import sys

directory, clang = os.path.abspath(sys.argv[1]), sys.argv[2]
entries = []
for spec in sys.argv[3:]:
    name, _, flags = spec.partition("=")
    entries.append({"directory": directory, "file": name,
                    "arguments": [clang] + shlex.split(flags)
                                 + ["-c", name, "-o", name + ".o"]})
with open(os.path.join(directory, "compile_commands.json"), "w", encoding="utf-8") as f:
    json.dump(entries, f, indent=2)
