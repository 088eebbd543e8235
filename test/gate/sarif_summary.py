#!/usr/bin/env python3
"""sarif_summary.py LOG.sarif: check the SARIF 2.1.0 structure a consumer
relies on (standard library only; the full JSON-schema validation is in
sarif-schema.test) and print one line per rule, result, related location and
fix, for FileCheck (results sorted by location)."""
import json
import sys


def fail(message):
    print("sarif_summary.py: FAIL: " + message)
    sys.exit(1)


def where(location):
    physical = location["physicalLocation"]
    uri = physical["artifactLocation"]["uri"]
    region = physical["region"]
    if not (region["startLine"] >= 1 and region["startColumn"] >= 1):
        fail("region out of range: %r" % region)
    return "%s:%d:%d" % (uri.rsplit("/", 1)[-1], region["startLine"], region["startColumn"])


with open(sys.argv[1], encoding="utf-8") as f:
    log = json.load(f)
if log.get("version") != "2.1.0" or not log.get("$schema", "").endswith("sarif-2.1.0.json"):
    fail("not a SARIF 2.1.0 log")
if len(log.get("runs", [])) != 1:
    fail("expected one run")
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [rule["id"] for rule in rules]
if len(set(ids)) != len(ids):
    fail("duplicate rule ids: %r" % ids)
for rule in rules:
    print("rule %s help=%s" % (rule["id"], rule.get("helpUri", "-")))
    for key in ("shortDescription", "fullDescription", "help"):
        if key in rule:
            text = rule[key]["text"]
            print("  %s %d chars: %s" % (key, len(text), text.splitlines()[0][:60]))
automation = run.get("automationDetails")
if automation:
    print("automation id %s" % automation["id"])
def sort_key(result):
    region = result["locations"][0]["physicalLocation"]["region"]
    return (result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            region["startLine"], region["startColumn"], result["ruleId"])


for result in sorted(run["results"], key=sort_key):
    if ids[result["ruleIndex"]] != result["ruleId"]:
        fail("ruleIndex %d does not name %s" % (result["ruleIndex"], result["ruleId"]))
    if result["level"] not in ("none", "note", "warning", "error"):
        fail("bad level %r" % result["level"])
    print("result %s %s %s %s" % (result["ruleId"], result["level"],
                                  where(result["locations"][0]), result["message"]["text"]))
    related_ids = [r["id"] for r in result.get("relatedLocations", [])]
    if len(set(related_ids)) != len(related_ids):
        fail("duplicate relatedLocation ids")
    for related in result.get("relatedLocations", []):
        print("  related %s %s" % (where(related), related["message"]["text"]))
    for flow in result.get("codeFlows", []):
        for thread in flow["threadFlows"]:
            for step in thread["locations"]:
                print("  step %d %s %s" % (step.get("executionOrder", 0), where(step["location"]),
                                           step["location"]["message"]["text"]))
    if result.get("relatedLocations") and not result.get("codeFlows"):
        fail("notes without a codeFlow")
    for fix in result.get("fixes", []):
        for change in fix["artifactChanges"]:
            for replacement in change["replacements"]:
                deleted = replacement["deletedRegion"]
                print("  fix '%s' %s %d:%d-%d:%d -> %s" % (
                    fix["description"]["text"], change["artifactLocation"]["uri"],
                    deleted["startLine"], deleted["startColumn"], deleted["endLine"],
                    deleted["endColumn"], json.dumps(replacement["insertedContent"]["text"])))
print("results: %d" % len(run["results"]))
if run["results"]:
    first = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    base = first.get("uriBaseId", "-")
    if base != "-" and base not in run.get("originalUriBaseIds", {}):
        fail("uriBaseId %s is not in originalUriBaseIds" % base)
    print("uri %s base %s" % (json.dumps(first["uri"]), base))
