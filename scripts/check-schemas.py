#!/usr/bin/env python3
"""Checks that every docs/schemas/*.schema.json is a valid JSON Schema (draft 2020-12): the
metaschema accepts it, it declares that draft, its $id names its file, it has a title, and every
$ref it holds resolves (to its own $defs or a sibling file's). Exit 1 listing the problems."""
import json
import pathlib
import sys

import jsonschema

BASE = "https://pgcrate.dev/schemas/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def resolves(doc, pointer):
    for part in [p for p in pointer.split("/") if p]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(doc, dict) or part not in doc:
            return False
        doc = doc[part]
    return True


def main(directory):
    folder = pathlib.Path(directory)
    files = sorted(folder.glob("*.schema.json"))
    problems = []
    schemas = {}
    for path in files:
        try:
            schema = json.loads(path.read_text())
            jsonschema.Draft202012Validator.check_schema(schema)
        except (ValueError, jsonschema.exceptions.SchemaError) as e:
            problems.append(f"{path.name}: {e}")
            continue
        schemas[path.name] = schema
        if schema.get("$schema") != DRAFT:
            problems.append(f"{path.name}: $schema is not {DRAFT}")
        if schema.get("$id") != BASE + path.name:
            problems.append(f"{path.name}: $id is not {BASE + path.name}")
        if not schema.get("title"):
            problems.append(f"{path.name}: no title")
    for name, schema in schemas.items():
        for ref in refs(schema):
            target, _, fragment = ref.partition("#")
            doc = schemas.get(target) if target else schema
            if doc is None or not resolves(doc, fragment):
                problems.append(f"{name}: $ref {ref} does not resolve")
    for p in problems:
        print(p)
    print(f"{len(files)} schemas checked, {len(problems)} problems")
    return 1 if problems or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
