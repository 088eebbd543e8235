#!/usr/bin/env python3
"""make_diff.py OLD NEW NAME: print the unified diff `git diff -U0` would
show for NAME (a/NAME -> b/NAME), as input for clang-tidy-diff -p1. No
context lines: clang-tidy-diff treats every line of a hunk as changed."""
import difflib
import sys

old, new, name = sys.argv[1:4]
with open(old, encoding="utf-8") as f:
    old_lines = f.readlines()
with open(new, encoding="utf-8") as f:
    new_lines = f.readlines()
sys.stdout.writelines(difflib.unified_diff(old_lines, new_lines, "a/" + name, "b/" + name, n=0))
