#!/usr/bin/env bash
# Soak test: a release `wegwijs serve` over 20,000 synthetic resources under
# a mixed load for MINUTES minutes (default 10), with wrk and
# scripts/soak/mix.lua: searches 70%, matches 15%, patches 10%, creates 5%
# (writes with an editor-or-better token). Samples the server's RSS every
# 5 s from /proc/PID/status and reports RSS over time, errors (statuses
# other than 2xx, 409 and 429) and the latency percentiles.
#
#   scripts/soak.sh [MINUTES]
#
# Needs wrk (Debian: apt-get install wrk). Environment: SOAK_RESOURCES
# (default 20000), SOAK_THREADS (2), SOAK_CONNECTIONS (8), and WEGWIJS_BIN
# to use a release binary built elsewhere instead of `cargo build --release`.
set -euo pipefail

cd "$(dirname "$0")/.."

MINUTES=${1:-10}
RESOURCES=${SOAK_RESOURCES:-20000}
THREADS=${SOAK_THREADS:-2}
CONNECTIONS=${SOAK_CONNECTIONS:-8}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

if [ -n "${WEGWIJS_BIN:-}" ]; then
    BIN=$WEGWIJS_BIN
else
    cargo build --release --quiet --bin wegwijs
    BIN=target/release/wegwijs
fi

WORK=$(mktemp -d)
SERVER_PID=
SAMPLER_PID=
cleanup() {
    [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

DATA="$WORK/data"
echo "seeding $RESOURCES synthetic resources..."
"$BIN" --data-dir "$DATA" seed --synthetic "$RESOURCES" >/dev/null 2>&1
TOKEN=$("$BIN" --data-dir "$DATA" token create --role admin --name soak 2>/dev/null)

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# Limits far above the load: the soak measures the server, not the limiter.
"$BIN" --data-dir "$DATA" serve --bind "127.0.0.1:$PORT" \
    --rate-anonymous 100000000 --rate-token 100000000 --rate-suggestions 100000000 \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
    curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.1
done

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
START=$(date +%s)
(
    while kill -0 "$SERVER_PID" 2>/dev/null; do
        echo "$(( $(date +%s) - START )) $(rss_kib)"
        sleep 5
    done
) >"$WORK/rss.txt" &
SAMPLER_PID=$!

echo "load: $MINUTES min, $THREADS threads, $CONNECTIONS connections, $(nproc) cores (wrk on the same machine)"
WEGWIJS_TOKEN="$TOKEN" WEGWIJS_SYNTHETIC="$RESOURCES" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${MINUTES}m" --timeout 30s --latency \
    -s scripts/soak/mix.lua "$BASE" | tee "$WORK/wrk.txt"
sleep 6
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=

echo
echo "RSS over time (MiB), one sample a minute:"
echo "| minute | RSS MiB |"
echo "|---|---|"
awk -v step=60 '{ if ($1 >= next_at) { printf "| %d | %.0f |\n", $1 / 60, $2 / 1024; next_at += step } last = $0 }
    END { split(last, f, " "); printf "| end (%d s) | %.0f |\n", f[1], f[2] / 1024 }' "$WORK/rss.txt"
awk '{ if ($2 > max) max = $2 } END { printf "peak RSS: %.0f MiB\n", max / 1024 }' "$WORK/rss.txt"

STATUS_LINE=$(grep '^STATUS' "$WORK/wrk.txt" || true)
ERRORS=0
for pair in ${STATUS_LINE#STATUS}; do
    code=${pair%%=*}; n=${pair#*=}
    case "$code" in
        2??|409|429) ;;
        *) ERRORS=$((ERRORS + n)) ;;
    esac
done
SOCKET_ERRORS=$(grep -o 'Socket errors:.*' "$WORK/wrk.txt" || echo "Socket errors: none")
echo "statuses: ${STATUS_LINE#STATUS }"
echo "errors (not 2xx, 409 or 429): $ERRORS; $SOCKET_ERRORS"
grep '^LATENCY_MS\|^REQUESTS' "$WORK/wrk.txt"
if grep -q "panicked" "$WORK/server.log"; then
    echo "the server log has a panic:" >&2
    grep -A3 panicked "$WORK/server.log" >&2
    exit 1
fi
[ "$ERRORS" = 0 ]
