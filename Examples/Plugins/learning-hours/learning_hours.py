#!/usr/bin/env python3
"""An Ethos external plugin: learning hours, courses and certifications.

It speaks the Ethos plugin protocol, version 1 (docs/plugin-protocol.md): one JSON object per
line on standard input and standard output. Diagnostics go to standard error, never to
standard output.
"""
import json
import re
import sys

COURSE = re.compile(
    r"\b(course|courses|workshop|workshops|bootcamp|training|certification|certifications|"
    r"certificate|certified|class|classes|module|modules)\b",
    re.IGNORECASE,
)
CERTIFIED = re.compile(r"\b(certified|certification|certificate)\b", re.IGNORECASE)
HOURS = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\b", re.IGNORECASE)


def answer(record, principle, principles):
    text = record.get("text", "")
    courses = len(COURSE.findall(text))
    hours = sum(float(m) for m in HOURS.findall(text)) if courses else 0.0
    certified = bool(CERTIFIED.search(text))
    facts = {
        "learning_hours.courses": courses,
        "learning_hours.hours": hours,
        "learning_hours.certified": certified,
    }
    evidence = []
    if courses and principle in principles:
        strength = 0.6 if certified or hours >= 4 else 0.4
        evidence.append({
            "principle": principle,
            "strength": strength,
            "confidence": 0.8,
            "reason": "Mentions a course, workshop or certification: time invested in growing.",
        })
    return {"ref": record["ref"], "facts": facts, "evidence": evidence}


def send(message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main():
    principle = "journey-of-experiences"
    principles = set()
    for line in sys.stdin:
        message = json.loads(line)
        kind = message.get("type")
        if kind == "hello":
            if message.get("protocol") != 1:
                send({"type": "error", "message": "learning-hours speaks protocol 1 only"})
                return 1
            principle = message.get("options", {}).get("principle", principle)
            principles = {p["id"] for p in message.get("principles", [])}
            send({"type": "hello", "protocol": 1, "id": "learning-hours", "version": "1.0.0",
                  "capabilities": ["facts", "evidence"]})
        elif kind == "batch":
            results = [answer(record, principle, principles) for record in message["records"]]
            send({"type": "results", "batch": message["batch"], "results": results})
        elif kind == "shutdown":
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
