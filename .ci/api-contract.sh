#!/usr/bin/env bash
# The API against its own document: Schemathesis generates cases from the OpenAPI document that
# `ethos serve` serves and checks every answer: no 5xx, and status, content type, headers and
# body as the document says. Usage: api-contract.sh ETHOS_BINARY
set -euo pipefail
ethos="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
workspace=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$workspace"' EXIT
demo=$("$ethos" demo --output "$workspace" --quiet --until 2026-10)
cd "$workspace"
token=$("$ethos" tokens create --name contract --scope feedback:write --scope records:read --scope people:read \
        --scope reports:read --scope score | grep -o 'ethos_[A-Za-z0-9_-]*' | head -1)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$ethos" serve --port "$port" > serve.log 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.2; done
# One worker: Hypothesis parses lambdas' source with Python's ast module, which CPython 3.11 does
# not guard across threads (gh-106905: "AST constructor recursion depth mismatch" with two).
schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples 30 --workers 1 --no-color

# Requests for feedback belong to people: the same checks with a person's session and form token.
read -r handle password < <(printf '%s\n' "$demo" | awk '$2 == "password" { print $1, $3; exit }')
jar="$workspace/cookies"
form=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/sign-in" | grep -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//;s/"//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$form" --data-urlencode "login=$handle" \
    --data-urlencode "password=$password" "http://127.0.0.1:$port/sign-in"
session=$(awk '$6 == "ethos_session" { print $7 }' "$jar")
csrf=$(curl -s -b "$jar" "http://127.0.0.1:$port/" | grep -o 'name="csrf-token" content="[^"]*"' | sed 's/.*content="//;s/"//')
schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" -H "Cookie: ethos_session=$session" -H "X-CSRF-Token: $csrf" \
    --include-path-regex '/requests' \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples 30 --workers 1 --no-color
