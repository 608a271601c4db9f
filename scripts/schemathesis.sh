#!/usr/bin/env bash
# API conformance: runs schemathesis (PyPI) against a live `wegwijs serve`
# and its /openapi.json, for every operation, once without a token and once
# with an admin token.
#
#   scripts/schemathesis.sh          # full run (about 11 minutes on 2 cores)
#   scripts/schemathesis.sh --short  # about a minute, for CI
#
# Needs `schemathesis` on PATH (pip install schemathesis). Checks: no 5xx
# (not_a_server_error), bodies match the documented schema
# (response_schema_conformance), every status is documented
# (status_code_conformance) and so is every content type
# (content_type_conformance). Exits non-zero on any failure.
set -euo pipefail

cd "$(dirname "$0")/.."

SHORT=0
for arg in "$@"; do
    case "$arg" in
        --short) SHORT=1 ;;
        *) echo "usage: $0 [--short]" >&2; exit 2 ;;
    esac
done

if ! command -v st >/dev/null 2>&1; then
    echo "schemathesis is not installed: pip install schemathesis" >&2
    exit 2
fi

if [ "$SHORT" = 1 ]; then
    # Each of the two runs stops after 25 s: the coverage phase first (it
    # found the undocumented 415), then fuzzing for what time is left.
    RESOURCES=300
    EXAMPLES=(--max-examples 5 --phases examples,coverage,fuzzing --max-time 25)
else
    RESOURCES=2000
    EXAMPLES=(--max-examples 60)
fi

cargo build --quiet --bin wegwijs
BIN=target/debug/wegwijs

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

DATA="$WORK/data"
"$BIN" --data-dir "$DATA" seed --synthetic "$RESOURCES" >/dev/null 2>&1
# Created before the server starts: the store is not shared between processes.
TOKEN=$("$BIN" --data-dir "$DATA" token create --role admin --name schemathesis 2>/dev/null)

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# Rate limits far above what the run sends, so schemathesis meets the API's
# answers rather than 429s (429 is documented on every operation anyway).
"$BIN" --data-dir "$DATA" serve --bind "127.0.0.1:$PORT" \
    --rate-anonymous 1000000 --rate-token 1000000 --rate-suggestions 1000000 \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 200); do
    if curl -fsS "$BASE/healthz" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "the server did not start:" >&2
        cat "$WORK/server.log" >&2
        exit 1
    fi
    sleep 0.1
done

CHECKS=not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance
COMMON=(--checks "$CHECKS" "${EXAMPLES[@]}" --seed 6 --workers 1
    --request-timeout 30 --suppress-health-check too_slow,filter_too_much)

status=0
echo "== without a token"
st --no-color run "$BASE/openapi.json" "${COMMON[@]}" || status=1
echo "== with an admin token"
st --no-color run "$BASE/openapi.json" "${COMMON[@]}" -H "Authorization: Bearer $TOKEN" || status=1

if grep -q "panicked" "$WORK/server.log"; then
    echo "the server log has a panic:" >&2
    grep -A3 "panicked" "$WORK/server.log" >&2
    status=1
fi
exit $status
