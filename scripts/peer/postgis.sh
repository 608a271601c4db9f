#!/usr/bin/env bash
# The query mix against wegwijs and against PostgreSQL 15 + PostGIS 3, side by side.
#
# Usage: scripts/peer/postgis.sh [N]        (default N=10000)
#
# 1. builds the mix bench (CARGO_TARGET_DIR is honoured);
# 2. runs `cargo bench --bench mix` over the data directory
#    $WORK/data-nN: the first time it builds it there with N synthetic
#    resources (seed 42, timed: the load time), later runs reuse it; the
#    bench also writes the store, flattened, for the peer;
# 3. installs postgresql-15-postgis-3 and python3-psycopg with apt-get if
#    missing, initdb's a throwaway cluster in a temporary directory as the
#    `postgres` user, starts it on a unix socket only (no TCP);
# 4. loads and indexes the same data, runs the same mix as prepared
#    statements, compares the filter-only result sets, prints the table;
# 5. stops the cluster and removes it (trap on exit).
#
# WEGWIJS_PEER_WORK (default /tmp/wegwijs-peer) keeps the data directories
# and results between runs; WEGWIJS_BENCH_ITERS sets the rounds (default 30);
# WEGWIJS_PEER_REUSE_OURS=1 skips the wegwijs run when its results exist.
# A directory made by `wegwijs --data-dir $WORK/data-nN seed --synthetic N
# --seed 42` works too (its load time is then the one that command prints).
# Not part of CI: it installs packages and takes minutes.
set -euo pipefail

N="${1:-10000}"
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${WEGWIJS_PEER_WORK:-/tmp/wegwijs-peer}"
DATA="$WORK/data-n$N"
PEER_DATA="$WORK/peer-n$N.jsonl"
OURS="$WORK/ours-n$N.json"
PEER_OUT="$WORK/postgis-n$N.json"
LOAD_TIME="$WORK/load-n$N.seconds"
PG_BIN=/usr/lib/postgresql/15/bin
mkdir -p "$WORK"
cd "$REPO"

echo "== load average at start: $(cut -d" " -f1-3 /proc/loadavg)"
if [ -n "${WEGWIJS_PEER_REUSE_OURS:-}" ] && [ -f "$OURS" ] && [ -f "$PEER_DATA" ]; then
    echo "== wegwijs: reusing $OURS and $PEER_DATA (WEGWIJS_PEER_REUSE_OURS)"
else
    echo "== building"
    cargo build --release --bench mix
    echo "== wegwijs: the mix in process"
    WEGWIJS_BENCH_N="$N" WEGWIJS_BENCH_DIR="$DATA" WEGWIJS_BENCH_PEER_DATA="$PEER_DATA" \
        WEGWIJS_BENCH_OUT="$OURS" cargo bench --bench mix
fi
# The load time is measured only by the run that built the directory: keep it.
/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1])).get("load_seconds")
if s is not None:
    open(sys.argv[2], "w").write(str(s))
' "$OURS" "$LOAD_TIME"
ours_load=$(cat "$LOAD_TIME" 2>/dev/null || echo "")

echo "== PostgreSQL + PostGIS"
if [ ! -e /usr/share/postgresql/15/extension/postgis.control ] \
    || ! /usr/bin/python3 -c 'import psycopg' 2>/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15-postgis-3 python3-psycopg
fi

PG_USER=postgres
if [ "$(id -u)" -ne 0 ]; then
    PG_USER="$(id -un)"
fi
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$PG_USER" -- "$@"
    else
        "$@"
    fi
}

CLUSTER="$(mktemp -d /tmp/wegwijs-postgis.XXXXXX)"
chmod 755 "$CLUSTER"
chown "$PG_USER" "$CLUSTER"
cleanup() {
    if [ -f "$CLUSTER/data/postmaster.pid" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -m fast -w stop || true
    fi
    rm -rf "$CLUSTER"
}
trap cleanup EXIT

as_pg "$PG_BIN/initdb" -D "$CLUSTER/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$CLUSTER/initdb.log"
mkdir -p "$CLUSTER/socket"
chown "$PG_USER" "$CLUSTER/socket"
# Tuned as for a dedicated 2-core machine with this much memory; no TCP.
mem_kb=$(awk '/MemTotal/ {print $2}' /proc/meminfo)
shared_mb=$((mem_kb / 1024 / 8))
as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/postgres.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$CLUSTER/socket' \
        -c shared_buffers=${shared_mb}MB -c effective_cache_size=$((shared_mb * 3))MB \
        -c work_mem=64MB -c maintenance_work_mem=1GB -c max_wal_size=4GB \
        -c wal_level=minimal -c max_wal_senders=0 -c jit=off \
        -c random_page_cost=1.1 -c max_parallel_workers_per_gather=2" start

set +e
/usr/bin/python3 "$REPO/scripts/peer/postgis_peer.py" \
    --socket "$CLUSTER/socket" --pid-file "$CLUSTER/data/postmaster.pid" \
    --data "$PEER_DATA" --ours "$OURS" --out "$PEER_OUT" \
    ${ours_load:+--ours-load-seconds "$ours_load"}
status=$?
set -e
du -sh "$CLUSTER/data" | awk '{print "PostgreSQL cluster directory (with WAL): " $1}'
du -sh "$DATA" | awk '{print "wegwijs data directory: " $1}'
echo "== load average at end: $(cut -d" " -f1-3 /proc/loadavg)"
exit $status
