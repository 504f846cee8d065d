#!/usr/bin/env python3
"""A misbehaving Ethos external plugin for the fault tests: its `mode` option picks the fault.

Modes: good, crash, hang, malformed, wrong-refs, missing-refs, flood, wrong-version, bad-type,
undeclared-fact, error, crash-on-second-batch, close-stdout (closes its output and lives on),
fork-and-hang (starts a child, writes both process ids to pids.txt, and hangs).
"""
import json
import os
import subprocess
import sys
import time


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main():
    mode = "good"
    batches = 0
    for line in sys.stdin:
        message = json.loads(line)
        if message["type"] == "hello":
            mode = message["options"].get("mode", "good")
            sys.stderr.write("faulty plugin starting in mode %s\n" % mode)
            sys.stderr.flush()
            reply({"type": "hello", "protocol": 2 if mode == "wrong-version" else 1, "id": "faulty"})
            continue
        batches += 1
        records = message["records"]
        results = [{"ref": r["ref"], "facts": {"faulty.seen": len(r["text"])},
                    "evidence": [{"principle": "community-contribution", "strength": 0.2, "reason": "Seen by faulty."}]}
                   for r in records]
        if mode == "crash" or (mode == "crash-on-second-batch" and batches == 2):
            sys.stderr.write("Traceback (most recent call last):\nRuntimeError: faulty plugin crashed on purpose\n")
            sys.stderr.flush()
            sys.exit(3)
        if mode == "hang":
            time.sleep(60)
        if mode == "close-stdout":
            os.close(1)
            time.sleep(60)
        if mode == "fork-and-hang":
            child = subprocess.Popen(["sleep", "120"])
            with open("pids.txt", "w") as pids:
                pids.write("%d %d\n" % (os.getpid(), child.pid))
            time.sleep(60)
        if mode == "malformed":
            sys.stdout.write("this is not json\n")
            sys.stdout.flush()
            continue
        if mode == "wrong-refs":
            for result in results:
                result["ref"] = "x" + result["ref"]
        if mode == "missing-refs":
            results = results[:-1]
        if mode == "bad-type":
            for result in results:
                result["facts"]["faulty.seen"] = "many"
        if mode == "undeclared-fact":
            for result in results:
                result["facts"]["faulty.secret"] = 1
        if mode == "flood":
            chunk = "x" * (1 << 20)
            while True:
                sys.stdout.write(chunk)
        if mode == "error":
            reply({"type": "error", "message": "the model is not loaded"})
            continue
        reply({"type": "results", "batch": message["batch"], "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
