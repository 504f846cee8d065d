#!/usr/bin/env python3
"""Checks the plugin protocol against real traffic.

1. docs/plugin-protocol.md's JSON Schemas equal docs/plugin-protocol.schema.json's.
2. Runs `ethos score` in a scratch workspace whose only custom plugin is a tap: it relays every
   line between Ethos and Examples/Plugins/learning-hours/learning_hours.py and records it. Every
   message Ethos sent must match a host schema, every answer a plugin schema, and no anonymous
   record may carry its author.

Usage: check-plugin-protocol.py ETHOS_EXECUTABLE
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ethos = os.path.abspath(sys.argv[1])
schema = json.load(open(os.path.join(repo, "docs/plugin-protocol.schema.json")))
markdown = open(os.path.join(repo, "docs/plugin-protocol.md")).read()
for block in re.findall(r"```json\n(\{\n  \"\$id\".*?)\n```", markdown, re.S):
    documented = json.loads(block)
    name = documented.pop("$id")
    if schema["$defs"].get(name) != documented:
        sys.exit(f"docs/plugin-protocol.md's '{name}' schema differs from docs/plugin-protocol.schema.json")

TAP = r'''
import json, subprocess, sys
plugin = subprocess.Popen([sys.executable, sys.argv[1]], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
log = open(sys.argv[2], "a")
for line in sys.stdin:
    log.write(json.dumps({"from": "host", "message": json.loads(line)}) + "\n")
    plugin.stdin.write(line); plugin.stdin.flush()
    answer = plugin.stdout.readline()
    log.write(json.dumps({"from": "plugin", "message": json.loads(answer)}) + "\n"); log.flush()
    sys.stdout.write(answer); sys.stdout.flush()
'''

work = tempfile.mkdtemp()
try:
    shutil.copytree(os.path.join(repo, "Principles"), os.path.join(work, "Principles"))
    os.makedirs(os.path.join(work, "Plugins/learning-hours"))
    manifest = open(os.path.join(repo, "Examples/Plugins/learning-hours/plugin.yaml")).read()
    log = os.path.join(work, "traffic.jsonl")
    script = os.path.join(repo, "Examples/Plugins/learning-hours/learning_hours.py")
    manifest = manifest.replace("command: [python3, learning_hours.py]", f"command: [python3, tap.py, '{script}', '{log}']")
    manifest = manifest.replace("batch-size: 500", "batch-size: 3")
    open(os.path.join(work, "Plugins/learning-hours/plugin.yaml"), "w").write(manifest)
    open(os.path.join(work, "Plugins/learning-hours/tap.py"), "w").write(TAP)
    records = [{"kind": "feedback", "from": "ana", "to": "lena", "text": f"Lena finished a {n} hours Swift course."} for n in range(1, 8)]
    records.append({"kind": "feedback", "from": "ravi", "to": "lena", "text": "A certification, well earned.", "anonymous": True})
    open(os.path.join(work, "records.jsonl"), "w").write("".join(json.dumps(r) + "\n" for r in records))
    run = subprocess.run([ethos, "score", "--input", "records.jsonl"], cwd=work, capture_output=True, text=True)
    if run.returncode != 0 or run.stderr:
        sys.exit(f"ethos score failed ({run.returncode}):\n{run.stderr}")
    traffic = [json.loads(line) for line in open(log)]
    kinds = {"host": {"hello": "host-hello", "batch": "batch"}, "plugin": {"hello": "plugin-hello", "results": "results"}}
    for entry in traffic:
        message = entry["message"]
        name = kinds[entry["from"]].get(message.get("type"))
        if name is None:
            sys.exit(f"unexpected {entry['from']} message: {message}")
        jsonschema.validate(message, {"$ref": f"#/$defs/{name}", **schema})
        if message["type"] == "batch":
            for record in message["records"]:
                if record["anonymous"] and "from" in record:
                    sys.exit("an anonymous record was sent with its author")
    batches = [e for e in traffic if e["message"]["type"] == "batch"]
    sent = sum(len(e["message"]["records"]) for e in batches)
    if len(batches) != 3 or sent != 8:
        sys.exit(f"expected 8 records in 3 batches, saw {sent} in {len(batches)}")
    print(f"plugin protocol: {len(traffic)} messages of real traffic match docs/plugin-protocol.schema.json")
finally:
    shutil.rmtree(work)
