#!/usr/bin/env python3
# Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
"""Self-test of the corpus harness without the corpus: a fake clang-tidy
prints a finding, a compile error or a stack dump, or kills itself, and the
`run` subcommand must classify each. Run: python3 test/corpus/test_corpus.py"""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus  # noqa: E402

FAKE_TIDY = textwrap.dedent("""\
    #!/bin/sh
    for f; do :; done   # the last argument is the file
    case "$f" in
      *finding.c) echo "$f:3:5: warning: 'alloca' inside a loop [threads-defer-in-loop]"
                  echo "$f:1:1: note: the allocation repeats in this loop"
                  echo "$f:4:1: warning: unused variable 'x' [clang-diagnostic-unused-variable]";;
      *broken.c)  echo "$f:2:1: error: unknown type name 'foo' [clang-diagnostic-error]"
                  echo "Error while processing $f."; exit 1;;
      *dump.c)    echo "Stack dump:"; echo "0. Program arguments: clang-tidy"; exit 1;;
      *signal.c)  kill -SEGV $$;;
    esac
    exit 0
    """)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def read_json(path):
    with open(path) as f:
        return json.load(f)


class RunClassification(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        d = self.tmp.name
        self.src = os.path.join(d, "src")
        os.makedirs(self.src)
        entries = []
        for name in ("finding.c", "broken.c", "dump.c", "signal.c", "clean.c"):
            f = os.path.join(self.src, name)
            write(f, "int main(void) { return 0; }\n")
            entries.append({"directory": self.src, "file": f,
                            "arguments": ["cc", "-c", f]})
        # A duplicate entry must be analysed once.
        entries.append(dict(entries[0]))
        write(os.path.join(d, "compile_commands.json"), json.dumps(entries))
        self.tidy = os.path.join(d, "fake-tidy")
        write(self.tidy, FAKE_TIDY)
        os.chmod(self.tidy, 0o755)

    def tearDown(self):
        self.tmp.cleanup()

    def run_harness(self, *extra):
        d = self.tmp.name
        out = os.path.join(d, "run.json")
        r = subprocess.run(
            [sys.executable, os.path.join(HERE, "corpus.py"), "run",
             "--work-dir", os.path.join(d, "work"), "--compile-commands", d,
             "--source-root", self.src, "--name", "demo", "--clang-tidy",
             self.tidy, "--plugin", os.devnull, "-o", out] + list(extra),
            capture_output=True, text=True)
        return r, read_json(out)

    def test_classification(self):
        r, res = self.run_harness()
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual(res["meta"]["tus"], 5)
        self.assertRegex(r.stdout, r"\[\d/5\] demo/finding\.c \d+\.\ds")
        findings = res["packages"]["demo"]["findings"]
        self.assertEqual(list(findings), ["threads-defer-in-loop"])
        f = findings["threads-defer-in-loop"][0]
        self.assertEqual((f["file"], f["line"], f["column"]), ("finding.c", 3, 5))
        self.assertEqual(f["message"], "'alloca' inside a loop")
        self.assertEqual([p["file"] for p in res["parse_failures"]], ["broken.c"])
        self.assertEqual(sorted(c["file"] for c in res["crashes"]),
                         ["dump.c", "signal.c"])
        self.assertEqual([c["signal"] for c in res["crashes"]
                          if c["file"] == "signal.c"], [11])
        self.assertEqual(corpus.finding_lines(res), [
            "demo:finding.c:3: threads-defer-in-loop: 'alloca' inside a loop"])

    def test_shard(self):
        _, res = self.run_harness("--shard", "2/2")
        self.assertEqual(res["meta"]["tus"], 2)  # broken.c and signal.c
        self.assertEqual([c["file"] for c in res["crashes"]], ["signal.c"])

    def test_main_file_grep(self):
        # Only the TUs whose main file mentions the pattern run.
        write(os.path.join(self.src, "finding.c"),
              "void f(void) { pthread_mutex_lock(0); }\n")
        r, res = self.run_harness("--main-file-grep", "mutex|Lock")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(res["meta"]["tus"], 1)
        self.assertEqual(res["meta"]["main_file_grep"], "mutex|Lock")
        self.assertEqual(corpus.finding_lines(res), [
            "demo:finding.c:3: threads-defer-in-loop: 'alloca' inside a loop"])

    def test_user_code_grep(self):
        # A TU is kept when its own code (the main file or a project header
        # it includes) names a call; comments, member calls and system
        # headers do not count.
        write(os.path.join(self.src, "io.h"),
              "static int get(void) { char c; return (int)read(0, &c, 1); }\n")
        write(os.path.join(self.src, "finding.c"),
              '#include <unistd.h>\n#include "io.h"\nint main(void) '
              "{ return get(); }\n")
        write(os.path.join(self.src, "clean.c"),
              "#include <unistd.h>\nstruct s { int (*read)(int); };\n"
              "/* bytes were read (all of them) */\n"
              "int f(struct s *p) { return p->read(0); } // read (later)\n")
        r, res = self.run_harness("--user-code-grep",
                                  r"(?<![\w.>])(read|recv)\s*\(")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("1 of 5 TUs kept", r.stderr)
        self.assertEqual(res["meta"]["user_code_grep"],
                         [r"(?<![\w.>])(read|recv)\s*\("])
        # finding.c by io.h; the other three name no call at all.
        self.assertEqual(res["meta"]["tus"], 1)
        self.assertRegex(r.stdout, r"\[1/1\] demo/finding\.c")


class Helpers(unittest.TestCase):
    def test_syntax_only(self):
        self.assertEqual(
            corpus.syntax_only(["clang", "-MD", "-MT", "a.o", "-MF", "a.d",
                                "-O2", "-o", "a.o", "-c", "a.c"]),
            ["clang", "-O2", "a.c", "-fsyntax-only"])

    def test_doc_section(self):
        with tempfile.NamedTemporaryFile("w+", suffix=".md", delete=False) as f:
            f.write("a\n<!-- corpus:x:begin -->\nold\n<!-- corpus:x:end -->\nb\n")
        corpus.write_doc_section(f.name, "x", "new\n")
        with open(f.name) as g:
            text = g.read()
        self.assertEqual(text,
                         "a\n<!-- corpus:x:begin -->\nnew\n<!-- corpus:x:end -->\nb\n")
        os.unlink(f.name)

    def test_sweep_flags(self):
        with tempfile.NamedTemporaryFile("w", suffix=".cpp", delete=False) as f:
            f.write("// RUN: %clang_cc1 -std=c++20 -fsyntax-only -verify %s \\\n"
                    "// RUN:   -triple x86_64-linux-gnu -fcxx-exceptions\n")
        self.assertEqual(corpus.sweep_flags(f.name),
                         ["-std=c++20", "--target=x86_64-linux-gnu",
                          "-fcxx-exceptions"])
        os.unlink(f.name)

    def test_slice_file(self):
        entries = corpus.slice_entries()
        self.assertEqual(len(entries), 40)
        self.assertEqual({p for p, _ in entries}, set(corpus.RINGS["1"]))


class RingSelection(unittest.TestCase):
    def test_default_is_ring1(self):
        self.assertEqual(corpus.packages_of(), list(corpus.RING1))
        self.assertEqual(corpus.packages_of("1"), list(corpus.RING1))

    def test_ring2(self):
        pkgs = corpus.packages_of("2")
        self.assertEqual(pkgs, list(corpus.RING2))
        self.assertEqual(len(pkgs), 10)
        self.assertFalse(set(pkgs) & set(corpus.RING1))

    def test_all(self):
        self.assertEqual(corpus.packages_of("all"),
                         list(corpus.RING1) + list(corpus.RING2))
        self.assertEqual(corpus.packages_of("1,2"), corpus.packages_of("all"))

    def test_package_list_overrides_ring(self):
        self.assertEqual(corpus.packages_of("1", "bind9,leveldb"),
                         ["bind9", "leveldb"])

    def test_unknown(self):
        with self.assertRaises(SystemExit):
            corpus.packages_of("3")
        with self.assertRaises(SystemExit):
            corpus.packages_of(None, "nosuchpkg")

    def test_cli(self):
        ap_ring = corpus.select_packages(type("A", (), {"ring": "2",
                                                        "packages": None})())
        self.assertEqual(ap_ring, list(corpus.RING2))

    def test_specs(self):
        for p in corpus.PACKAGES:
            version, kind, args, opts = corpus.spec(p)
            self.assertIn(kind, ("cmake", "meson", "autotools", "make",
                                 "manual"), p)
            if kind == "make" or (kind == "autotools" and p != "memcached"):
                self.assertTrue(opts.get("make"), p)
        self.assertEqual(corpus.keep_prefixes("rocksdb"), corpus.ROCKSDB_KEEP)
        self.assertIsNone(corpus.keep_prefixes("leveldb"))

    def test_keep_subset(self):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "src")
            db = os.path.join(d, "compile_commands.json")
            entries = [{"directory": src, "file": f, "arguments": ["cc", f]}
                       for f in ("lib/isc/a.c", "lib/dns/zone.c",
                                 "lib/dns/zone2.c", "bin/x.c")]
            write(db, json.dumps(entries))
            corpus.keep_subset(db, src, ("lib/isc/", "lib/dns/zone.c"))
            self.assertEqual([e["file"] for e in read_json(db)],
                             ["lib/isc/a.c", "lib/dns/zone.c"])
            self.assertEqual(len(read_json(os.path.join(
                d, "compile_commands.full.json"))), 4)

    def test_filter_and_drop(self):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "src")
            os.makedirs(os.path.join(src, "gio"))
            os.makedirs(os.path.join(src, "glib"))
            files = {"gio/gtask.c": "g_mutex_lock (&task->lock);\n",
                     "gio/gicon.c": "int x;\n",
                     "glib/gmain.c": "int y;\n",
                     "glib/channelz/z.c": "pthread_mutex_lock(&m);\n"}
            for rel, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(src, rel)),
                            exist_ok=True)
                write(os.path.join(src, rel), text)
            db = os.path.join(d, "compile_commands.json")
            write(db, json.dumps([{"directory": src, "file": f,
                                   "arguments": ["cc", f]} for f in files]))
            corpus.keep_subset(db, src, ("gio/", "glib/"), ("gio/",),
                               ("glib/channelz/",))
            self.assertEqual([e["file"] for e in read_json(db)],
                             ["gio/gtask.c", "glib/gmain.c"])

    def test_strip_werror(self):
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "compile_commands.json")
            write(db, json.dumps([
                {"directory": d, "file": "a.c", "arguments": [
                    "cc", "-Werror=format-nonliteral", "-Wall", "-c", "a.c"]},
                {"directory": d, "file": "b.c",
                 "command": "cc -Werror -DX='a b' -c b.c"}]))
            corpus.strip_werror(db)
            out = read_json(db)
            self.assertEqual(out[0]["arguments"], ["cc", "-Wall", "-c", "a.c"])
            self.assertEqual(out[1]["command"], "cc '-DX=a b' -c b.c")


if __name__ == "__main__":
    unittest.main(verbosity=1)
