#!/usr/bin/env bash
# Measures one and then two `ethos serve` processes on one PostgreSQL database under mixed load
# (wrk): three in four requests a person's home page (signed in), one in four a recorded
# feedback (POST /api/v1/records with an API token). Reports each run's throughput, latency and
# failed requests, and checks that every record the load stored is in the database once.
#
# Usage: Scripts/serve-postgres-bench.sh SQLITE_DB URL PERSON [SECONDS]
#   SQLITE_DB  a database made by ethos-bench (--size 100k --database …), copied into URL first
#   URL        an empty PostgreSQL database (postgres://…); its key file is written beside the
#              script's scratch folder
#   PERSON     whose home page to load
# Build first: swift build -c release. Needs wrk, curl and psql. Nothing here is asserted but the
# record count at the end.
set -euo pipefail
db=$(realpath "$1"); url=$2; person=$3; seconds=${4:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
ethos="$root/.build/release/ethos"
work=$(mktemp -d)
servers=()
trap 'for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
cp -R "$root/Principles" "$work/Principles"
printf 'version: 1\nadmins: [%s]\n' "$person" > "$work/ethos.yaml"
export ETHOS_ANONYMITY_KEY_FILE="$work/postgres.key" ETHOS_DB="$url"
(cd "$work" && "$ethos" db copy --quiet --from "sqlite:$db" --to "$url")
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

serve() {  # serve PORT: starts a server on PORT and waits until it is ready
    (cd "$work" && exec "$ethos" serve --port "$1" --api-calls-per-minute 100000000 2> "$work/serve-$1.log" > /dev/null) &
    servers+=($!)
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/readyz" > /dev/null 2>&1 && return; sleep 0.2; done
    echo "the server on port $1 did not start" >&2; exit 1
}
session() {  # a session cookie for PERSON, through a real invitation, on the server at $1
    local link; link=$(cd "$work" && "$ethos" people invite "$person" --url "$1" | grep -o 'http[^ ]*/invitations/[^ ]*')
    local jar="$work/cookies"; rm -f "$jar"
    local form; form=$(curl -s -c "$jar" -b "$jar" "$link" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$form" --data-urlencode "password=benchmark-password" \
        --data-urlencode "confirm=benchmark-password" "$link"
    awk '$6 == "ethos_session" { print "ethos_session=" $7 }' "$jar"
}
count() { psql "$url" -X -A -t -c "SELECT count(*) FROM records"; }

one=$(free_port); two=$(free_port)
serve "$one"; serve "$two"
cookie=$(session "http://127.0.0.1:$one")
token=$(cd "$work" && "$ethos" tokens create --name bench --scope feedback:write | grep -o 'ethos_[A-Za-z0-9_-]*' | head -1)
people=$(psql "$url" -X -A -t -c "SELECT string_agg(handle, ' ') FROM people")
cat > "$work/mixed.lua" <<LUA
-- Three in four requests the home page, one in four a new record from anyone to anyone else.
-- Each wrk thread runs its own copy; the run's name (the script's argument) and the thread's
-- number keep every record distinct (the same record twice would be a duplicate, 409).
local people = {}
for handle in string.gmatch("$people", "%S+") do people[#people + 1] = handle end
local threads = {}
function setup(thread) threads[#threads + 1] = thread; thread:set("number", #threads) end
function init(args) run = args[1] or "run"; number = wrk.thread:get("number"); math.randomseed(number); counter = 0; posts = 0; failed = 0; created = 0 end
request = function()
  counter = counter + 1
  if counter % 4 ~= 0 then
    return wrk.format("GET", "/", {["Cookie"] = "$cookie"})
  end
  posts = posts + 1
  local a = math.random(#people)
  local b = math.random(#people - 1)
  if b >= a then b = b + 1 end
  local body = string.format('{"from": "%s", "to": "%s", "text": "%s shared the runbook on request %d of thread %s of %s."}',
                             people[a], people[b], people[b], counter, tostring(number), run)
  return wrk.format("POST", "/api/v1/records", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $token"}, body)
end
response = function(status, headers, body)
  if status >= 400 then failed = failed + 1 end
  if status == 201 then created = created + 1 end
end
function done(summary, latency, requests)
  local posts, failed, created = 0, 0, 0
  for _, thread in ipairs(threads) do
    posts = posts + thread:get("posts"); failed = failed + thread:get("failed"); created = created + thread:get("created")
  end
  -- A request still in flight when the run ends is sent but never answered.
  io.write(string.format("posts sent %d, answered 201 %d; answers of 400 or more %d\n", posts, created, failed))
end
LUA

before=$(count)
echo "== one server: mixed load (3 home pages : 1 POST), 2 threads, 32 connections, ${seconds}s"
wrk -t2 -c32 -d"${seconds}s" --latency -s "$work/mixed.lua" "http://127.0.0.1:$one/" -- one | tee "$work/one.txt"
middle=$(count)
echo "records stored: $((middle - before))"
echo "== two servers, the same load split between them (2 threads, 16 connections each), ${seconds}s"
wrk -t2 -c16 -d"${seconds}s" --latency -s "$work/mixed.lua" "http://127.0.0.1:$one/" -- first > "$work/first.txt" &
first=$!
wrk -t2 -c16 -d"${seconds}s" --latency -s "$work/mixed.lua" "http://127.0.0.1:$two/" -- second > "$work/second.txt"
wait "$first"
echo "-- through the first:"; cat "$work/first.txt"
echo "-- through the second:"; cat "$work/second.txt"
after=$(count)
created=$(cat "$work/one.txt" "$work/first.txt" "$work/second.txt" | awk '/^posts sent/ { sum += $6 } END { print sum }')
echo "records stored by the load: $((after - before)); posts answered 201: $created"
duplicates=$(psql "$url" -X -A -t -c "SELECT count(*) - count(DISTINCT content_hash) FROM records")
echo "records stored twice (same content): $duplicates"
