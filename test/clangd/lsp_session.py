#!/usr/bin/env python3
"""Drive threads-clangd through a real LSP session over stdio.

  lsp_session.py --clangd=PATH --workdir=DIR --source=FILE --tidy-checks=GLOB
                 --expect-code=CHECK [--expect-fix=CHECK:TITLE-SUBSTRING]...
                 [--expect-absent=CHECK]... [--flag=FLAG]... [--clangd-config=YAML]

Copies FILE into DIR next to a `.clang-tidy` enabling GLOB and a
`compile_flags.txt`, starts clangd, sends initialize/initialized, didOpen,
waits for publishDiagnostics on the file, asserts a diagnostic whose code is
CHECK (source clang-tidy), then asks textDocument/codeAction for each
--expect-fix diagnostic and asserts a quickfix whose title contains the text.
Prints the diagnostics it got; exits non-zero with the reason on failure.
"""

import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request


class LspError(Exception):
    pass


class Client:
    def __init__(self, argv, cwd, env, stderr):
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=stderr)
        self.messages = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            if length is None:
                continue
            self.messages.put(json.loads(stream.read(length).decode("utf-8")))

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        ident = self.next_id
        self.next_id += 1
        self.send({"id": ident, "method": method, "params": params})
        return ident

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def wait(self, predicate, timeout, what):
        """Returns the first message for which predicate is true."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LspError("timed out after %ds waiting for %s" % (timeout, what))
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise LspError("clangd exited (status %s) while waiting for %s"
                               % (self.proc.wait(), what))
            if message.get("method") == "window/workDoneProgress/create" and "id" in message:
                self.send({"id": message["id"], "result": None})
            elif "id" in message and "method" in message:
                # Any other server request (registerCapability, ...): accept it.
                self.send({"id": message["id"], "result": None})
            if predicate(message):
                return message

    def response(self, ident, timeout, what):
        message = self.wait(lambda m: m.get("id") == ident and "method" not in m,
                            timeout, what)
        if "error" in message:
            raise LspError("%s failed: %s" % (what, message["error"]))
        return message.get("result")


def file_uri(path):
    return urllib.parse.urljoin("file:", urllib.request.pathname2url(os.path.abspath(path)))


def main():
    parser = argparse.ArgumentParser(allow_abbrev=False)
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--tidy-checks", required=True)
    parser.add_argument("--expect-code", required=True)
    parser.add_argument("--expect-fix", action="append", default=[])
    parser.add_argument("--expect-absent", action="append", default=[],
                        help="a check that must not be in the same publication")
    parser.add_argument("--flag", action="append", default=[],
                        help="one line of compile_flags.txt")
    parser.add_argument("--clangd-config", default=None,
                        help="contents of a .clangd file next to the source")
    parser.add_argument("--apply-fixes", default=None, metavar="OUT",
                        help="accept every quickfix offered for every threads-* "
                             "diagnostic, as a user clicking each, and write the "
                             "edited file to OUT")
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args()

    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    source = os.path.join(args.workdir, os.path.basename(args.source))
    shutil.copyfile(args.source, source)
    with open(os.path.join(args.workdir, ".clang-tidy"), "w", encoding="utf-8") as f:
        f.write("Checks: '-*,%s'\n" % args.tidy_checks)
    with open(os.path.join(args.workdir, "compile_flags.txt"), "w", encoding="utf-8") as f:
        f.write("".join(flag + "\n" for flag in args.flag))
    if args.clangd_config is not None:
        with open(os.path.join(args.workdir, ".clangd"), "w", encoding="utf-8") as f:
            f.write(args.clangd_config.replace("\\n", "\n") + "\n")
    # No user or system clangd config may change the result.
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = os.path.join(args.workdir, "xdg")
    log_path = os.path.join(args.workdir, "clangd.log")
    with open(log_path, "wb") as log:
        client = Client([args.clangd, "--log=verbose", "--background-index=false",
                         "--clang-tidy", "-j=1", "--pch-storage=memory"],
                        args.workdir, env, log)
        try:
            return session(client, args, source)
        except LspError as error:
            print("lsp_session.py: FAIL: %s" % error)
            client.proc.kill()
            with open(log_path, encoding="utf-8", errors="replace") as f:
                print("--- clangd log (tail) ---\n" + "".join(f.readlines()[-40:]))
            return 1


def offset_of(text, position):
    """Offset in `text` of an LSP position (the files here are ASCII, so
    UTF-16 code units are characters)."""
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:position["line"]]) + position["character"]


def apply_all_fixes(client, args, uri, text, diagnostics):
    """Ask for the code actions of every threads-* diagnostic, take every
    quickfix, apply their edits (each distinct edit once; overlapping ones are
    an error) and write the result to args.apply_fixes."""
    edits = []
    for d in diagnostics:
        if not str(d.get("code", "")).startswith("threads-"):
            continue
        ident = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [d]}})
        actions = client.response(ident, args.timeout, "the codeAction response") or []
        start = d["range"]["start"]
        for action in actions:
            if action.get("kind") != "quickfix":
                continue
            changes = action.get("edit", {}).get("changes", {}).get(uri, [])
            print("quickfix for %s at %d:%d: %s (%d edits)" % (
                d.get("code"), start["line"] + 1, start["character"] + 1,
                action.get("title"), len(changes)))
            for change in changes:
                edit = (offset_of(text, change["range"]["start"]),
                        offset_of(text, change["range"]["end"]), change["newText"])
                if edit not in edits:
                    edits.append(edit)
    edits.sort()
    for before, after in zip(edits, edits[1:]):
        if after[0] < before[1]:
            raise LspError("overlapping quickfix edits: %r and %r" % (before, after))
    for begin, end, new_text in reversed(edits):
        text = text[:begin] + new_text + text[end:]
    with open(args.apply_fixes, "w", encoding="utf-8") as f:
        f.write(text)
    print("applied %d edits to %s" % (len(edits), args.apply_fixes))


def session(client, args, source):
    uri = file_uri(source)
    ident = client.request("initialize", {
        "processId": os.getpid(),
        "rootUri": file_uri(args.workdir),
        "capabilities": {"textDocument": {
            "publishDiagnostics": {"relatedInformation": True},
            "codeAction": {"codeActionLiteralSupport": {
                "codeActionKind": {"valueSet": ["quickfix", "refactor"]}}},
        }},
    })
    init = client.response(ident, args.timeout, "the initialize response")
    print("server: %s" % json.dumps(init.get("serverInfo", {})))
    client.notify("initialized", {})
    with open(source, encoding="utf-8") as f:
        text = f.read()
    language = "c" if source.endswith(".c") else "cpp"
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": language, "version": 1, "text": text}})

    def has_expected(message):
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        params = message["params"]
        return params["uri"] == uri and any(
            d.get("code") == args.expect_code for d in params["diagnostics"])

    published = client.wait(has_expected, args.timeout,
                            "publishDiagnostics with a '%s' diagnostic" % args.expect_code)
    diagnostics = published["params"]["diagnostics"]
    for d in diagnostics:
        start = d["range"]["start"]
        print("diagnostic: %d:%d %s [%s] source=%s" % (
            start["line"] + 1, start["character"] + 1, d["message"].splitlines()[0],
            d.get("code"), d.get("source")))
        for related in d.get("relatedInformation", []):
            rstart = related["location"]["range"]["start"]
            print("  related: %d:%d %s" % (rstart["line"] + 1, rstart["character"] + 1,
                                          related["message"]))
    expected = [d for d in diagnostics if d.get("code") == args.expect_code]
    if expected[0].get("source") != "clang-tidy":
        raise LspError("'%s' came from %r, not clang-tidy"
                       % (args.expect_code, expected[0].get("source")))

    for code in args.expect_absent:
        if any(d.get("code") == code for d in diagnostics):
            raise LspError("'%s' was reported but must not be" % code)

    for spec in args.expect_fix:
        code, _, title = spec.partition(":")
        matching = [d for d in diagnostics if d.get("code") == code]
        if not matching:
            raise LspError("no '%s' diagnostic to ask a code action for" % code)
        ident = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": matching[0]["range"],
            "context": {"diagnostics": [matching[0]]}})
        actions = client.response(ident, args.timeout, "the codeAction response") or []
        for action in actions:
            print("code action for %s: [%s] %s" % (code, action.get("kind"), action.get("title")))
        fixes = [a for a in actions if a.get("kind") == "quickfix" and title in a.get("title", "")
                 and a.get("edit", {}).get("changes", {}).get(uri)]
        if not fixes:
            raise LspError("no quickfix titled '...%s...' with an edit for '%s'" % (title, code))

    if args.apply_fixes:
        apply_all_fixes(client, args, uri, text, diagnostics)

    ident = client.request("shutdown", None)
    client.response(ident, args.timeout, "the shutdown response")
    client.notify("exit", None)
    status = client.proc.wait(timeout=args.timeout)
    if status != 0:
        raise LspError("clangd exited with %d after shutdown/exit" % status)
    print("lsp_session.py: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
