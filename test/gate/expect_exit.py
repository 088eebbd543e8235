#!/usr/bin/env python3
"""expect_exit.py CODE -- CMD...: run CMD, pass its output through, and fail
unless it exits with exactly CODE (lit's `not` accepts any non-zero status;
a CI gate must tell findings (1) from crashes)."""
import subprocess
import sys

if len(sys.argv) < 4 or sys.argv[2] != "--":
    sys.exit("usage: expect_exit.py CODE -- CMD...")
expected = int(sys.argv[1])
proc = subprocess.run(sys.argv[3:], check=False)
if proc.returncode != expected:
    print("expect_exit.py: expected exit status %d, got %d" % (expected, proc.returncode))
    sys.exit(1)
