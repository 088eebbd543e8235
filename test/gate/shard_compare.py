#!/usr/bin/env python3
"""shard_compare.py findings ROOT LOG...: the distinct `warning:` lines of
clang-tidy logs, with ROOT/ removed from paths, sorted (a header's finding
printed by several translation units counts once).
shard_compare.py sarif SARIF...: the distinct results of SARIF logs as
`rule uri:line:col message`, sorted.
shard_compare.py categories SARIF...: one `category ID` line per log."""
import json
import re
import sys

mode, rest = sys.argv[1], sys.argv[2:]
if mode == "findings":
    root, logs = rest[0].rstrip("/") + "/", rest[1:]
    lines = set()
    for log in logs:
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f:
                if re.search(r":\d+:\d+: (warning|error): ", line):
                    lines.add(line.rstrip("\n").replace(root, ""))
    print("\n".join(sorted(lines)))
elif mode in ("sarif", "categories"):
    results, categories = set(), []
    for path in rest:
        with open(path, encoding="utf-8") as f:
            run = json.load(f)["runs"][0]
        categories.append(run.get("automationDetails", {}).get("id", "-"))
        for result in run["results"]:
            physical = result["locations"][0]["physicalLocation"]
            region = physical["region"]
            results.add("%s %s:%d:%d %s" % (
                result["ruleId"], physical["artifactLocation"]["uri"], region["startLine"],
                region["startColumn"], result["message"]["text"]))
    if mode == "sarif":
        print("\n".join(sorted(results)))
    else:
        for category in categories:
            print("category " + category)
else:
    sys.exit("usage: shard_compare.py findings ROOT LOG... | sarif|categories SARIF...")
