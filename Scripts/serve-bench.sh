#!/usr/bin/env bash
# Measures `ethos serve` with wrk (Debian's `wrk`), as docs/performance.md reports it:
#   1. GET a person's home page (signed in), on a copy of DB;
#   2. POST /api/v1/records (validated, scored, stored) with an API token, on that copy;
#   3. the team report page (this quarter, the page's default, and the last 12 months), on DB
#      itself (read only): its first load alone, then under load;
# and the server's memory at rest and at its peak under that load (VmRSS / VmHWM). The peers,
# measured in the same run: /healthz, what Hummingbird and Ethos's middleware answer with no page,
# and /principles signed in, what any signed-in page costs before its own content.
#
# Usage: Scripts/serve-bench.sh DB PERSON TEAM [SECONDS]
#   DB      a database made by ethos-bench (e.g. --size 100k or 1m with --database)
#   PERSON  whose home page to load (pick someone with many records)
#   TEAM    whose report page to load
# Build first: swift build -c release. Nothing here is asserted; it prints wrk's figures.
set -euo pipefail
db=$(realpath "$1"); person=$2; team=$3; seconds=${4:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
ethos="$root/.build/release/ethos"
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -R "$root/Principles" "$work/Principles"
printf 'version: 1\nadmins: [%s]\n' "$person" > "$work/ethos.yaml"
cp "$db" "$work/copy.sqlite"; cp "$db.key" "$work/copy.sqlite.key"
# Migrations pending for either database run now, not in the first server's memory at rest.
for file in "$db" "$work/copy.sqlite"; do (cd "$work" && "$ethos" records list --db "$file" --limit 1 > /dev/null); done
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

serve() {  # serve DATABASE: starts the server, waits until it is ready
    # The API's per-caller limit (6,000 a minute by default) would answer most of the load with 429.
    (cd "$work" && exec "$ethos" serve --port "$port" --db "$1" --api-calls-per-minute 100000000 2> "$work/serve.log" > /dev/null) &
    server=$!
    for _ in $(seq 1 300); do curl -fs "$base/readyz" > /dev/null 2>&1 && return; sleep 0.2; done
    echo "the server did not start" >&2; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; }
memory() { awk '/^VmRSS|^VmHWM/ { printf "%s %.0f MB  ", $1, $2 / 1024 }' "/proc/$server/status"; echo; }
session() {  # a session cookie for PERSON, through a real invitation
    local link; link=$(cd "$work" && "$ethos" people invite "$person" --db "$1" --url "$base" | grep -o 'http[^ ]*/invitations/[^ ]*')
    local jar="$work/cookies"; rm -f "$jar"
    local form; form=$(curl -s -c "$jar" -b "$jar" "$link" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$form" --data-urlencode "password=benchmark-password" \
        --data-urlencode "confirm=benchmark-password" "$link"
    awk '$6 == "ethos_session" { print "ethos_session=" $7 }' "$jar"
}

serve "$work/copy.sqlite"
cookie=$(session "$work/copy.sqlite")
echo "== at rest: $(memory)"
echo "== the peer: GET /healthz, the same server and middleware with no page to make, 2 threads, 32 connections, ${seconds}s"
wrk -t2 -c32 -d"${seconds}s" --latency "$base/healthz"
echo "== the signed-in peer: GET /principles (a small page, signed in), 2 threads, 32 connections, ${seconds}s"
wrk -t2 -c32 -d"${seconds}s" --latency -H "Cookie: $cookie" "$base/principles"
echo "== GET / (home page of $person), 2 threads, 32 connections, ${seconds}s"
wrk -t2 -c32 -d"${seconds}s" --latency -H "Cookie: $cookie" "$base/"
echo "== after: $(memory)"
token=$(cd "$work" && "$ethos" tokens create --db copy.sqlite --name bench --scope feedback:write | grep -o 'ethos_[A-Za-z0-9_-]*' | head -1)
others=$(python3 -c "import sqlite3; print(' '.join(r[0] for r in sqlite3.connect('$db').execute('SELECT handle FROM people')))")
cat > "$work/post.lua" <<LUA
local people = {}
for handle in string.gmatch("$others", "%S+") do people[#people + 1] = handle end
local counter = 0
-- Each wrk thread runs its own copy of this script: a thread number keeps their records distinct
-- (the same record twice is a duplicate, 409).
local threads = 0
function setup(thread) threads = threads + 1; thread:set("number", threads) end
function init(args) number = wrk.thread:get("number"); math.randomseed(number) end
local texts = {"shared the runbook with the whole team", "mentored a new joiner through the first release",
               "documented the deploy and answered questions in the channel", "asked for feedback on the design and acted on it"}
request = function()
  counter = counter + 1
  -- Any colleague to any other, as feedback spreads through a company: a fixed rotation gave each
  -- author one subject, so every record's history held all the pair's records of the run.
  local a = math.random(#people)
  local b = math.random(#people - 1)
  if b >= a then b = b + 1 end
  local from, to = people[a], people[b]
  local body = string.format('{"from": "%s", "to": "%s", "text": "%s %s on request %d of thread %s."}', from, to, to,
                             texts[(counter % #texts) + 1], counter, tostring(number))
  return wrk.format("POST", "/api/v1/records", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $token"}, body)
end
LUA
echo "== POST /api/v1/records, 2 threads, 32 connections, ${seconds}s"
wrk -t2 -c32 -d"${seconds}s" --latency -s "$work/post.lua" "$base/"
echo "== after: $(memory)"
stop

serve "$db"
cookie=$(session "$db")
echo "== at rest: $(memory)"
# The first team page of a period reads every record of it and the period before; later ones
# read their own team's records (the organisation's figures are kept): both are reported.
first() { curl -s -o /dev/null -w "%{time_total} s\n" -H "Cookie: $cookie" "$1"; }
echo "== first load of /reports/team/$team (this quarter): $(first "$base/reports/team/$team")"
echo "== GET /reports/team/$team (this quarter) on $(basename "$db"), 1 thread, 1 connection, ${seconds}s"
wrk -t1 -c1 -d"${seconds}s" --latency -H "Cookie: $cookie" "$base/reports/team/$team"
echo "== the same, 2 threads, 2 connections, ${seconds}s"
wrk -t2 -c2 -d"${seconds}s" --latency -H "Cookie: $cookie" "$base/reports/team/$team"
echo "== first load of /reports/team/$team?period=12m: $(first "$base/reports/team/$team?period=12m")"
echo "== GET /reports/team/$team?period=12m on $(basename "$db"), 2 threads, 2 connections, ${seconds}s"
wrk -t2 -c2 -d"${seconds}s" --latency -H "Cookie: $cookie" "$base/reports/team/$team?period=12m"
echo "== after: $(memory)"
stop
