#!/usr/bin/env python3
"""readme_block.py README MARKER OUT: write the fenced code block that follows
the line `<!-- MARKER -->` in README to OUT, so tests run the README's own
samples, not copies of them."""
import re
import sys

readme, marker, out = sys.argv[1:4]
text = open(readme, encoding="utf-8").read()
start = text.find("<!-- %s -->" % marker)
if start < 0:
    sys.exit("readme_block.py: no <!-- %s --> in %s" % (marker, readme))
block = re.search(r"```[a-z]*\n(.*?)```", text[start:], re.S)
if not block:
    sys.exit("readme_block.py: no code block after <!-- %s -->" % marker)
with open(out, "w", encoding="utf-8") as f:
    f.write(block.group(1))
