#!/usr/bin/env python3
"""List public/open declarations with no doc comment directly above them.

A declaration counts as documented when the nearest line above it that is not
a line of attributes only (`@inlinable`, `@discardableResult`, ...) is a `///`
line or the end of a `/** ... */` block. Prints
`file:line: declaration` for each undocumented one and the count last; exits 1
when the count is not 0 and `--check` is given.
Usage: .ci/undocumented-public.py [--check] [DIR ...]  (default Sources/RefBits)
"""
import os, re, sys

# A line of attributes only (`@inlinable`, `@available(macOS 15, *)`).
ATTRIBUTES = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s*)+$")
DECL = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(public|open)(?:\([a-z]+\))?\s")

def undocumented(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        if not DECL.match(line):
            continue
        # `public` inside a string or a comment is not a declaration.
        if line.lstrip().startswith("//"):
            continue
        j = i - 1
        while j >= 0 and ATTRIBUTES.match(lines[j]):
            j -= 1
        above = lines[j].strip() if j >= 0 else ""
        if above.startswith("///"):
            continue
        if above.endswith("*/"):
            # Documented only if the block opens with `/**`.
            while j >= 0 and "/*" not in lines[j]:
                j -= 1
            if j >= 0 and "/**" in lines[j]:
                continue
        yield i + 1, line.strip()

def main(argv):
    check = "--check" in argv
    roots = [a for a in argv if a != "--check"] or ["Sources/RefBits"]
    count = 0
    for root in roots:
        for dirpath, _, files in sorted(os.walk(root)):
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(dirpath, name)
                for number, text in undocumented(path):
                    print(f"{path}:{number}: {text}")
                    count += 1
    print(f"{count} undocumented public declarations")
    return 1 if check and count else 0

sys.exit(main(sys.argv[1:]))
