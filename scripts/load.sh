#!/usr/bin/env bash
# HTTP load test of issue 7: a release `wegwijs serve` over N synthetic
# resources (default 100,000), loaded by wrk with the benchmark query mix
# (benches/mix/queries.json, turned into requests by load/requests.py):
# first `GET /api/v1/search` (the 67 search entries), then
# `POST /api/v1/match` (the 5 households), each for DURATION at
# CONNECTIONS concurrent connections. Reports requests/s, p50/p95/p99 and
# statuses (wrk's own figures, corrected for coordinated omission), the
# time from starting the server to its first answer on a store that
# exists (cold start), and the server's RSS after each run. Then the
# latency of each query class over HTTP with one client sending one
# request at a time (load/latency.py), the figure to set beside the
# PostGIS peer's: with LOAD_PEER naming the peer's results
# (scripts/peer/postgis.sh writes /tmp/wegwijs-peer/postgis-nN.json)
# it prints the ratios too.
#
#   scripts/load.sh [N] [DURATION]        e.g. scripts/load.sh 1000000 30s
#
# wrk runs on the same machine as the server and takes CPU from it: the
# figures are for both on this machine's cores, as BENCHMARKS.md says.
# Needs wrk (Debian: apt-get install wrk) and python3. Environment:
# LOAD_CONNECTIONS (32), LOAD_THREADS (2), LOAD_ROUNDS (rounds of the
# latency replay, 30), LOAD_PEER, WEGWIJS_BIN (a release binary
# built elsewhere instead of `cargo build --release`), LOAD_DATA (a data
# directory to reuse, seeded with N synthetic resources if empty).
set -euo pipefail

cd "$(dirname "$0")/.."

N=${1:-100000}
DURATION=${2:-30s}
CONNECTIONS=${LOAD_CONNECTIONS:-32}
THREADS=${LOAD_THREADS:-2}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

if [ -n "${WEGWIJS_BIN:-}" ]; then
    BIN=$WEGWIJS_BIN
else
    cargo build --release --quiet --bin wegwijs
    BIN=target/release/wegwijs
fi

WORK=$(mktemp -d)
DATA=${LOAD_DATA:-$WORK/data}
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ ! -d "$DATA/store" ]; then
    echo "seeding $N synthetic resources into $DATA..."
    "$BIN" --data-dir "$DATA" seed --synthetic "$N" >/dev/null 2>&1
fi
python3 scripts/load/requests.py benches/mix/queries.json "$WORK/search.txt" "$WORK/match.txt"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# Limits far above the load: the test measures the server, not the limiter.
# The log is the default one, as deployed: warnings and a line per request
# (WEGWIJS_LOG=warn would leave the access log out; the script set
# RUST_LOG=warn until 2026-12-07, which wegwijs does not read).
STARTED=$(date +%s.%N)
"$BIN" --data-dir "$DATA" serve --bind "127.0.0.1:$PORT" \
    --rate-anonymous 1000000000 --rate-token 1000000000 --rate-suggestions 1000000000 \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
until curl -fsS "$BASE/healthz" >/dev/null 2>&1; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.02
done
READY=$(date +%s.%N)
# VmRSS, and its parts: the heap (RssAnon) and the pages of mapped files
# (RssFile: the index's files, which the kernel may drop under pressure).
rss_mib() {
    awk '/^VmRSS:/ {t = $2} /^RssAnon:/ {a = $2} /^RssFile:/ {f = $2}
         END {printf "%d (anonymous %d, files %d)", t / 1024, a / 1024, f / 1024}' \
        "/proc/$SERVER_PID/status"
}
echo "N=$N synthetic resources; $(nproc) cores; wrk runs on the same machine"
printf 'cold start (server start to first answer): %.2f s; RSS %s MiB\n' \
    "$(echo "$READY - $STARTED" | bc)" "$(rss_mib)"

for kind in search match; do
    echo "== $kind: $DURATION, $THREADS threads, $CONNECTIONS connections"
    WEGWIJS_REQUESTS="$WORK/$kind.txt" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" \
        --timeout 30s --latency -s scripts/load/replay.lua "$BASE" >"$WORK/wrk.txt"
    grep -E 'Requests/sec|Non-2xx|Socket errors' "$WORK/wrk.txt" || true
    tail -2 "$WORK/wrk.txt"
    echo "server RSS after: $(rss_mib) MiB"
done

echo "== latency: one client, one request at a time"
python3 scripts/load/latency.py "$BASE" benches/mix/queries.json \
    --rounds "${LOAD_ROUNDS:-30}" ${LOAD_PEER:+--peer "$LOAD_PEER"}
