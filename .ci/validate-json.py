#!/usr/bin/env python3
"""Validates JSON files against a schema of docs/schema/, resolving the
references between the schemas (fuzz.schema.json uses witness.schema.json).

    .ci/validate-json.py SCHEMA.schema.json FILE.json...
"""
import json
import pathlib
import sys

import jsonschema
from referencing import Registry, Resource

root = pathlib.Path(__file__).resolve().parent.parent / "docs" / "schema"
registry = Registry()
for path in sorted(root.glob("*.schema.json")):
    schema = json.loads(path.read_text())
    registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))

schema = json.loads((root / sys.argv[1]).read_text())
validator = jsonschema.Draft202012Validator(schema, registry=registry)
for name in sys.argv[2:]:
    data = json.loads(pathlib.Path(name).read_text())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    for e in errors:
        print(f"{name}: {'/'.join(map(str, e.path)) or '(root)'}: {e.message}", file=sys.stderr)
    if errors:
        sys.exit(1)
    size = f"{len(data)} entries" if isinstance(data, list) else "one object"
    print(f"{name}: valid against docs/schema/{sys.argv[1]} ({size})")
