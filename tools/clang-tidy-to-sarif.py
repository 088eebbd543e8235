#!/usr/bin/env python3
"""Convert clang-tidy findings to SARIF 2.1.0 (Python standard library only).

clang-tidy has no SARIF output (llvm-project issue 55647). The maintained
converter we evaluated, @microsoft/sarif-multitool 5.7.0 (`convert -t
ClangTidy`), rejects the --export-fixes YAML of current clang-tidy ("Property
'Level' not found"), and even on stripped YAML emits offset-only regions (no
line numbers, so code-scanning UIs cannot place results), drops notes and
points threads-* rules at clang.llvm.org. This converter reads either input
clang-tidy produces:

  * the YAML of `--export-fixes=FILE` (best: exact byte offsets, fix-its,
    notes, levels), also the merged file of `run-clang-tidy -export-fixes`;
  * clang-tidy's text output (`file:line:col: warning: message [check]`,
    notes attached to the finding before them; no fix-its).

Usage:
  clang-tidy-to-sarif.py [-o OUT.sarif] [--base-dir DIR] [--tool-name NAME]
                         [--tool-version V] [--category C] [--docs-dir DIR]
                         [--docs-uri TEMPLATE] INPUT...   (INPUT "-" = stdin)

Results get line/column regions (columns in Unicode code points), rules with
help links for upstream checks, relatedLocations for notes, the finding and
its notes as the steps of a codeFlow (a lock leak's acquire, then each exit
that still holds it), and `fixes` with artifactChanges for fix-its. threads-*
rules get shortDescription, fullDescription, help and helpUri from the
check's page in docs/ (--docs-dir; found next to this script in a source tree
and in the .deb). --category sets runAutomationDetails, so code scanning keeps
the logs of several CI shards side by side. Paths under --base-dir become relative URIs with
uriBaseId SRCROOT (what GitHub code scanning expects). Duplicate findings (a
header seen from several translation units) are reported once.
"""

import argparse
import json
import os
import re
import sys
import urllib.parse
import urllib.request

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"warning": "warning", "error": "error", "note": "note", "remark": "note"}

# ---------------------------------------------------------------------------
# A reader for the YAML subset LLVM's yaml::Output writes for clang-tidy
# (block mappings and sequences, plain/single/double-quoted scalars, []/{}).


class YamlError(Exception):
    pass


_KEY = re.compile(r"^([A-Za-z0-9_]+):(?: +(.*))?$")
_DOUBLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\u0085", "_": "\u00a0", "L": "\u2028", "P": "\u2029",
}


def _scalar(text):
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2:
            raise YamlError("unterminated single-quoted scalar: %s" % text)
        return text[1:-1].replace("''", "'")
    if text.startswith('"'):
        if not text.endswith('"') or len(text) < 2:
            raise YamlError("unterminated double-quoted scalar: %s" % text)
        body, out, i = text[1:-1], [], 0
        while i < len(body):
            c = body[i]
            if c != "\\":
                out.append(c)
                i += 1
                continue
            esc = body[i + 1] if i + 1 < len(body) else ""
            if esc in _DOUBLE_ESCAPES:
                out.append(_DOUBLE_ESCAPES[esc])
                i += 2
            elif esc in ("x", "u", "U"):
                width = {"x": 2, "u": 4, "U": 8}[esc]
                out.append(chr(int(body[i + 2:i + 2 + width], 16)))
                i += 2 + width
            else:
                raise YamlError("unknown escape \\%s in %s" % (esc, text))
        return "".join(out)
    if text == "[]":
        return []
    if text == "{}":
        return {}
    if text in ("~", "null"):
        return None
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    return text


def _is_item(content):
    return content == "-" or content.startswith("- ")


def _block(lines, i, indent):
    if _is_item(lines[i][1]):
        return _sequence(lines, i, indent)
    return _mapping(lines, i, indent)


def _sequence(lines, i, indent):
    items = []
    while i < len(lines) and lines[i][0] == indent and _is_item(lines[i][1]):
        rest = lines[i][1][2:].strip() if lines[i][1] != "-" else ""
        if rest and _KEY.match(rest):
            # "- Key: value" opens a mapping whose keys sit two columns in.
            lines[i] = (indent + 2, rest)
            item, i = _mapping(lines, i, indent + 2)
        elif rest:
            item, i = _scalar(rest), i + 1
        else:
            i += 1
            item, i = _block(lines, i, lines[i][0]) if i < len(lines) else (None, i)
        items.append(item)
    return items, i


def _mapping(lines, i, indent):
    result = {}
    while i < len(lines) and lines[i][0] == indent and not _is_item(lines[i][1]):
        match = _KEY.match(lines[i][1])
        if not match:
            raise YamlError("expected 'Key: value', got: %s" % lines[i][1])
        key, rest = match.group(1), match.group(2)
        i += 1
        if rest is None or rest == "":
            nested = i < len(lines) and (
                lines[i][0] > indent or (lines[i][0] == indent and _is_item(lines[i][1])))
            if nested:
                result[key], i = _block(lines, i, lines[i][0])
            else:
                result[key] = None
        else:
            result[key] = _scalar(rest.strip())
    return result, i


def _quoted_end(text):
    """Index just past the closing quote of the quoted scalar text starts
    with, or -1 when it continues on the next line."""
    quote, i = text[0], 1
    while i < len(text):
        c = text[i]
        if quote == "'" and c == "'":
            if text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i + 1
        if quote == '"' and c == "\\":
            i += 2
            continue
        if quote == '"' and c == '"':
            return i + 1
        i += 1
    return -1


def _value_start(content):
    """(column of the key or item the value belongs to, offset of the value)
    within a stripped line, or None when the line has no inline value."""
    offset = 0
    while content[offset:].startswith("- "):
        offset += 2
    match = _KEY.match(content[offset:])
    if match:
        if match.group(2) is None:
            return None
        return offset, len(content) - len(match.group(2))
    return (offset, offset) if offset else None


def _logical_lines(text):
    """Splits text into documents of (indent, content) lines, joining the
    continuation lines of folded scalars (PyYAML, which run-clang-tidy uses to
    merge --export-fixes files, wraps long values at 80 columns)."""
    raw = text.splitlines()
    documents, current, i = [], [], 0
    while i < len(raw):
        line = raw[i]
        stripped = line.strip()
        i += 1
        if stripped in ("---", "..."):
            if current:
                documents.append(current)
            current = []
            continue
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        start = _value_start(stripped)
        if start is not None:
            key_column, value_at = start
            value = stripped[value_at:]
            if value[:1] in ("'", '"'):
                while _quoted_end(value) == -1 and i < len(raw):
                    nxt = raw[i].strip()
                    i += 1
                    if value.endswith("\\") and value[0] == '"':
                        value = value[:-1] + nxt
                    elif not nxt:
                        value += "\n"  # an empty line folds to a line break
                    else:
                        value += ("" if value.endswith("\n") else " ") + nxt
            else:
                while i < len(raw) and raw[i].strip() and (
                        len(raw[i]) - len(raw[i].lstrip(" ")) > indent + key_column):
                    value += " " + raw[i].strip()
                    i += 1
            stripped = stripped[:value_at] + value
        current.append((indent, stripped))
    if current:
        documents.append(current)
    return documents


def parse_yaml(text):
    """Parses every document of text; returns the list of documents."""
    result = []
    for lines in _logical_lines(text):
        node, end = _block(lines, 0, lines[0][0])
        if end != len(lines):
            raise YamlError("unexpected line: %s" % lines[end][1])
        result.append(node)
    return result


# ---------------------------------------------------------------------------
# Source positions.


class Sources:
    """Reads each file once; maps byte offsets and byte columns to SARIF
    line/column (columns in Unicode code points, as columnKind says)."""

    def __init__(self):
        self.cache = {}

    def lines(self, path):
        if path not in self.cache:
            try:
                with open(path, "rb") as f:
                    self.cache[path] = f.read().split(b"\n")
            except OSError:
                self.cache[path] = None
        return self.cache[path]

    def from_offset(self, path, offset):
        lines = self.lines(path)
        if lines is None:
            return None
        remaining = offset
        for number, line in enumerate(lines, start=1):
            if remaining <= len(line):
                return number, len(line[:remaining].decode("utf-8", "replace")) + 1
            remaining -= len(line) + 1
        return None

    def from_byte_column(self, path, line, column):
        lines = self.lines(path)
        if lines is None or line > len(lines):
            return line, column
        text = lines[line - 1]
        return line, len(text[:column - 1].decode("utf-8", "replace")) + 1


# ---------------------------------------------------------------------------
# SARIF building.


def help_uri(rule):
    """clang.llvm.org page of an upstream check; None for others."""
    if rule.startswith("clang-analyzer-"):
        return ("https://clang.llvm.org/extra/clang-tidy/checks/clang-analyzer/%s.html"
                % rule[len("clang-analyzer-"):])
    if rule.startswith(("clang-diagnostic-", "threads-")) or "-" not in rule:
        return None
    module, _, name = rule.partition("-")
    return "https://clang.llvm.org/extra/clang-tidy/checks/%s/%s.html" % (module, name)


# Where the threads-* pages are published; {check} is the check's name.
# Point --docs-uri at your own copy (the pages are docs/<check>.rst).
DOCS_URI = "https://example.invalid/threads-tidy/blob/main/docs/{check}.rst"


def default_docs_dir():
    """docs/ of the source tree this script is in, or the .deb's doc folder
    (/usr/share/threads-tidy-N/ -> /usr/share/doc/threads-tidy-N/)."""
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, os.pardir, "docs"),
                      os.path.join(here, os.pardir, "doc", os.path.basename(here))):
        if os.path.isdir(candidate):
            return os.path.normpath(candidate)
    return None


def _plain(rst):
    """reStructuredText inline markup to plain text, whitespace collapsed."""
    text = re.sub(r"`([^`<]+?)\s*<[^>]+>`_", r"\1", rst)
    text = re.sub(r":[a-z]+:`([^`]+)`", r"\1", text)
    text = text.replace("``", "'").replace("`", "'")
    return " ".join(text.split())


def rule_docs(docs_dir, rule_id):
    """shortDescription, fullDescription and help of a check from its page:
    the first paragraph after the title (the one-sentence summary), the
    summary with the paragraph that says why it fails, and the whole page."""
    if not docs_dir:
        return None
    path = os.path.join(docs_dir, rule_id + ".rst")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    body = re.sub(r"^\.\. title::.*\n", "", text)
    body = re.sub(r"^\s*%s\n=+\n" % re.escape(rule_id), "", body)
    paragraphs = [p for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]
    if not paragraphs:
        return None
    summary = _plain(paragraphs[0])
    full = " ".join([summary] + [_plain(p) for p in paragraphs[1:2]])
    return {"shortDescription": {"text": summary},
            "fullDescription": {"text": full},
            "help": {"text": body.strip()}}


class Builder:
    def __init__(self, base_dir, docs_dir=None, docs_uri=DOCS_URI):
        self.docs_dir, self.docs_uri = docs_dir, docs_uri
        self.base_dir = os.path.abspath(base_dir) if base_dir else None
        self.sources = Sources()
        self.rules, self.rule_index = [], {}
        self.results, self.seen = [], set()

    def artifact(self, path, build_dir=None):
        if not os.path.isabs(path) and build_dir:
            path = os.path.join(build_dir, path)
        path = os.path.normpath(os.path.abspath(path))
        if self.base_dir and (path == self.base_dir or path.startswith(self.base_dir + os.sep)):
            rel = os.path.relpath(path, self.base_dir)
            return {"uri": urllib.request.pathname2url(rel), "uriBaseId": "SRCROOT"}, path
        return {"uri": urllib.parse.urljoin("file:", urllib.request.pathname2url(path))}, path

    def location(self, path, line, column, build_dir=None, message=None):
        artifact, _ = self.artifact(path, build_dir)
        loc = {"physicalLocation": {"artifactLocation": artifact,
                                    "region": {"startLine": line, "startColumn": column}}}
        if message is not None:
            loc["message"] = {"text": message}
        return loc

    def rule(self, rule_id):
        if rule_id not in self.rule_index:
            rule = {"id": rule_id}
            uri = help_uri(rule_id)
            if rule_id.startswith("threads-"):
                docs = rule_docs(self.docs_dir, rule_id)
                if docs:
                    rule.update(docs)
                    uri = self.docs_uri.replace("{check}", rule_id)
            if uri:
                rule["helpUri"] = uri
            self.rule_index[rule_id] = len(self.rules)
            self.rules.append(rule)
        return self.rule_index[rule_id]

    def add(self, rule_id, level, message, location, related, fixes):
        region = location["physicalLocation"]["region"]
        key = (rule_id, json.dumps(location["physicalLocation"]["artifactLocation"],
                                   sort_keys=True),
               region["startLine"], region["startColumn"], message)
        if key in self.seen:
            return
        self.seen.add(key)
        result = {"ruleId": rule_id, "ruleIndex": self.rule(rule_id),
                  "level": LEVELS.get(level, "warning"), "message": {"text": message},
                  "locations": [location]}
        if related:
            for number, rel in enumerate(related):
                rel["id"] = number
            result["relatedLocations"] = related
            # The same places as steps of one path, for code-scanning UIs
            # that draw a finding's path: the finding (a lock leak's acquire),
            # then each note in clang-tidy's order (the exits that still hold
            # it, the loop that repeats it).
            steps = [dict(location, message={"text": message})] + [
                {key: value for key, value in rel.items() if key != "id"}
                for rel in related]
            result["codeFlows"] = [{"threadFlows": [{"locations": [
                {"location": step, "nestingLevel": 0, "executionOrder": order}
                for order, step in enumerate(steps, start=1)]}]}]
        if fixes:
            result["fixes"] = fixes
        self.results.append(result)

    # -- --export-fixes YAML ------------------------------------------------
    def replacements_to_fix(self, description, replacements, build_dir):
        by_file = {}
        for rep in replacements or []:
            path = rep.get("FilePath")
            offset, length = rep.get("Offset"), rep.get("Length", 0)
            if not path or offset is None:
                continue
            artifact, abs_path = self.artifact(path, build_dir)
            start = self.sources.from_offset(abs_path, offset)
            end = self.sources.from_offset(abs_path, offset + length)
            if start is None or end is None:
                continue
            change = by_file.setdefault(abs_path, {"artifactLocation": artifact,
                                                   "replacements": []})
            change["replacements"].append({
                "deletedRegion": {"startLine": start[0], "startColumn": start[1],
                                  "endLine": end[0], "endColumn": end[1]},
                "insertedContent": {"text": rep.get("ReplacementText") or ""}})
        if not by_file:
            return None
        return {"description": {"text": description},
                "artifactChanges": list(by_file.values())}

    def add_yaml(self, document):
        for diag in (document or {}).get("Diagnostics") or []:
            rule_id = diag.get("DiagnosticName") or "clang-tidy"
            build_dir = diag.get("BuildDirectory")
            main = diag.get("DiagnosticMessage") or {}
            path, offset = main.get("FilePath"), main.get("FileOffset")
            message = main.get("Message") or ""
            if not path or offset is None:
                continue  # a diagnostic without a location (e.g. a config error)
            _, abs_path = self.artifact(path, build_dir)
            position = self.sources.from_offset(abs_path, offset)
            if position is None:
                continue
            location = self.location(path, position[0], position[1], build_dir)
            related, fixes = [], []
            fix = self.replacements_to_fix(message, main.get("Replacements"), build_dir)
            if fix:
                fixes.append(fix)
            for note in diag.get("Notes") or []:
                note_path, note_offset = note.get("FilePath"), note.get("FileOffset")
                if note_path and note_offset is not None:
                    _, note_abs = self.artifact(note_path, build_dir)
                    note_pos = self.sources.from_offset(note_abs, note_offset)
                    if note_pos:
                        related.append(self.location(note_path, note_pos[0], note_pos[1],
                                                     build_dir, note.get("Message") or ""))
                note_fix = self.replacements_to_fix(note.get("Message") or "",
                                                    note.get("Replacements"), build_dir)
                if note_fix:
                    fixes.append(note_fix)
            level = str(diag.get("Level") or "Warning").lower()
            self.add(rule_id, level, message, location, related, fixes)

    # -- text output -------------------------------------------------------
    _TEXT = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): "
                       r"(?P<level>warning|error|note|remark): (?P<msg>.*?)"
                       r"(?: \[(?P<check>[^\]\s]+)\])?$")

    def add_text(self, text):
        pending = None

        def flush():
            if pending:
                self.add(*pending)

        for raw in text.splitlines():
            match = self._TEXT.match(raw.rstrip("\r"))
            if not match:
                continue
            path = match.group("file")
            _, abs_path = self.artifact(path)
            line, column = self.sources.from_byte_column(
                abs_path, int(match.group("line")), int(match.group("col")))
            level = match.group("level")
            if level == "note":
                if pending:
                    pending[4].append(self.location(path, line, column,
                                                    message=match.group("msg")))
                continue
            flush()
            check = (match.group("check") or "").split(",")[0]
            rule_id = check or ("clang-diagnostic-error" if level == "error"
                                else "clang-diagnostic-warning")
            pending = (rule_id, level, match.group("msg"),
                       self.location(path, line, column), [], [])
        flush()

    def log(self, tool_name, tool_version, category=None):
        driver = {"name": tool_name,
                  "informationUri": "https://clang.llvm.org/extra/clang-tidy/",
                  "rules": self.rules}
        if tool_version:
            driver["version"] = tool_version
        run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints",
               "results": self.results}
        if self.base_dir:
            base = urllib.parse.urljoin("file:", urllib.request.pathname2url(self.base_dir))
            run["originalUriBaseIds"] = {"SRCROOT": {"uri": base.rstrip("/") + "/"}}
        if category:
            # GitHub code scanning takes the category from the id up to its
            # last "/": logs of one category replace each other, logs of
            # different categories (one per CI shard) are kept side by side.
            run["automationDetails"] = {"id": category.rstrip("/") + "/"}
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Convert clang-tidy --export-fixes YAML or text output to SARIF 2.1.0.")
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="an --export-fixes YAML file or a clang-tidy output log; - for stdin")
    parser.add_argument("-o", "--output", default="-", help="SARIF file to write (default stdout)")
    parser.add_argument("--base-dir", default=None,
                        help="make paths under DIR relative (uriBaseId SRCROOT)")
    parser.add_argument("--tool-name", default="clang-tidy")
    parser.add_argument("--tool-version", default=None)
    parser.add_argument("--category", default=None,
                        help="runAutomationDetails id (without the trailing /), "
                             "e.g. threads-tidy/shard-2-of-4: one per CI shard")
    parser.add_argument("--docs-dir", default=default_docs_dir(),
                        help="folder of the threads-* <check>.rst pages "
                             "(default: docs/ of this source tree or the .deb's)")
    parser.add_argument("--docs-uri", default=DOCS_URI,
                        help="helpUri of threads-* rules; {check} becomes the "
                             "check's name (default %(default)s)")
    args = parser.parse_args(argv)

    builder = Builder(args.base_dir, args.docs_dir, args.docs_uri)
    for name in args.inputs:
        if name == "-":
            text = sys.stdin.read()
        else:
            with open(name, encoding="utf-8", errors="replace") as f:
                text = f.read()
        if re.search(r"^(---\s*$|MainSourceFile:|Diagnostics:)", text, re.M):
            try:
                for document in parse_yaml(text):
                    builder.add_yaml(document)
            except YamlError as error:
                print("clang-tidy-to-sarif: %s: %s" % (name, error), file=sys.stderr)
                return 2
        else:
            builder.add_text(text)

    out = json.dumps(builder.log(args.tool_name, args.tool_version, args.category), indent=2,
                     ensure_ascii=False)
    if args.output == "-":
        sys.stdout.write(out + "\n")
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
