#!/usr/bin/env bash
# Times `GET /api/v1/stale` over a data directory: starts a release
# `wegwijs serve` on it, creates two tokens (an admin, whose list is every
# region's, and an editor of REGION, default Utrecht), and asks for three
# windows each (100 from the start, 100 from the 900th, 20 from the
# start), printing curl's total time, the bytes, the X-Total-Count header
# and the first characters of the answer's MD5 (to compare two builds'
# answers). Not part of CI.
#
#   scripts/stale-time.sh DATA_DIR [REGION]
#   WEGWIJS_BIN=/path/to/wegwijs scripts/stale-time.sh /tmp/d1m
#
# The tokens stay in the directory's store (named stale-time-admin and
# stale-time-editor).
set -euo pipefail

dir=${1:?usage: scripts/stale-time.sh DATA_DIR [REGION]}
region=${2:-Utrecht}
bin=${WEGWIJS_BIN:-target/release/wegwijs}
port=${STALE_PORT:-8091}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

admin=$("$bin" --data-dir "$dir" token create --role admin --name stale-time-admin | tail -1)
editor=$("$bin" --data-dir "$dir" token create --role editor --name stale-time-editor \
    --region "$region" | tail -1)

"$bin" --data-dir "$dir" serve --bind "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 300); do
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.2
done

for who in admin editor; do
    token=$admin
    [ "$who" = editor ] && token=$editor
    for query in "limit=100" "limit=100&offset=900" "limit=20"; do
        timing=$(curl -s -D "$out/headers" -o "$out/body" \
            -w "%{time_total} s, %{size_download} B" \
            -H "Authorization: Bearer $token" \
            "http://127.0.0.1:$port/api/v1/stale?$query")
        total=$(grep -i '^x-total-count' "$out/headers" | tr -d '\r' | cut -d' ' -f2)
        sum=$(md5sum "$out/body" | cut -c1-8)
        echo "$who $query: $timing, total $total, md5 $sum"
    done
done
