#!/usr/bin/env python3
"""yaml_reader.py CONVERTER YAML JSON: parse YAML with the converter's
standard-library YAML reader and compare with the data it was written from
(JSON); prints "same" or the difference."""
import importlib.util
import json
import sys

spec = importlib.util.spec_from_file_location("converter", sys.argv[1])
converter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(converter)
with open(sys.argv[2], encoding="utf-8") as f:
    got = converter.parse_yaml(f.read())
with open(sys.argv[3], encoding="utf-8") as f:
    want = json.load(f)
if got == [want]:
    print("same")
else:
    print("different:\n" + json.dumps(got, indent=1, sort_keys=True))
    sys.exit(1)
