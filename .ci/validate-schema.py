"""Validates YAML files against a JSON Schema: the editor schema must accept what Ethos ships."""
import json
import sys

import jsonschema
import yaml

schema_path, *files = sys.argv[1:]
with open(schema_path, encoding="utf-8") as handle:
    schema = json.load(handle)
jsonschema.Draft7Validator.check_schema(schema)
failed = False
for path in files:
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle) if path.endswith(".json") else yaml.safe_load(handle)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(document), key=lambda e: list(e.path))
    for error in errors:
        failed = True
        print(f"{path}: error: {'/'.join(map(str, error.path)) or '(root)'}: {error.message}", file=sys.stderr)
    if not errors:
        print(f"{path}: valid")
sys.exit(1 if failed else 0)
