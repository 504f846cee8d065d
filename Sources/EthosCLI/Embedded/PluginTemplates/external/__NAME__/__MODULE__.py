#!/usr/bin/env python3
"""An Ethos external plugin (protocol version 1): counts keywords, gives evidence when any appears."""
import json
import sys

PLUGIN_ID = "__NAME__"


def answer(record, keywords, principles):
    text = record.get("text", "").lower()
    mentions = sum(text.count(keyword) for keyword in keywords)
    evidence = []
    if mentions and "community-contribution" in principles:
        evidence.append({"principle": "community-contribution", "strength": 0.4, "confidence": 0.7,
                         "reason": "Mentions a knowledge-sharing session."})
    return {"ref": record["ref"], "facts": {"__NAMESPACE__.mentions": mentions}, "evidence": evidence}


def main(stdin=sys.stdin, stdout=sys.stdout):
    keywords, principles = [], set()
    for line in stdin:
        message = json.loads(line)
        if message["type"] == "hello":
            options = message.get("options", {})
            keywords = [k.strip().lower() for k in options.get("keywords", "").split(",") if k.strip()]
            principles = {p["id"] for p in message.get("principles", [])}
            reply = {"type": "hello", "protocol": 1, "id": PLUGIN_ID, "capabilities": ["facts", "evidence"]}
        elif message["type"] == "batch":
            results = [answer(record, keywords, principles) for record in message["records"]]
            reply = {"type": "results", "batch": message["batch"], "results": results}
        else:
            continue
        stdout.write(json.dumps(reply) + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
