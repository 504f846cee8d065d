"""Drives the plugin through the protocol, as Ethos does. Run: python3 -m unittest (in this folder)."""
import json
import subprocess
import sys
import unittest


class ProtocolTest(unittest.TestCase):
    def test_handshake_and_batch(self):
        hello = {"type": "hello", "protocol": 1, "host": "ethos", "capabilities": ["facts", "evidence"],
                 "plugin": "__NAME__", "options": {"keywords": "lunch and learn"}, "facts": [],
                 "principles": [{"id": "community-contribution", "name": "Community Contribution"}]}
        batch = {"type": "batch", "batch": 1, "records": [
            {"ref": "0", "kind": "feedback", "to": "lena", "text": "Ana ran a lunch and learn.", "principles": [],
             "tags": [], "visibility": "public", "anonymous": False}]}
        stdin = json.dumps(hello) + "\n" + json.dumps(batch) + "\n"
        run = subprocess.run([sys.executable, "__MODULE__.py"], input=stdin, capture_output=True, text=True, timeout=10)
        self.assertEqual(run.returncode, 0, run.stderr)
        replies = [json.loads(line) for line in run.stdout.splitlines()]
        self.assertEqual(replies[0]["type"], "hello")
        self.assertEqual(replies[0]["protocol"], 1)
        self.assertEqual(replies[1]["batch"], 1)
        result = replies[1]["results"][0]
        self.assertEqual(result["ref"], "0")
        self.assertEqual(result["facts"]["__NAMESPACE__.mentions"], 1)
        self.assertEqual(result["evidence"][0]["principle"], "community-contribution")


if __name__ == "__main__":
    unittest.main()
