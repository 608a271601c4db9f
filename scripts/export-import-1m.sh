#!/usr/bin/env bash
# Export and re-import N synthetic resources (default 1,000,000) in every
# streaming format, reporting wall time and peak memory (max RSS) of each
# step. Release build; needs GNU time (/usr/bin/time -v).
#
#   scripts/export-import-1m.sh [N] [WORK_DIR]
#
# Target: under a minute each way for 1M resources, memory flat. The
# exports hold one resource at a time; the JSON Lines and CSV imports read
# one record at a time and store 5,000 per transaction (see
# src/engine/bulk.rs). Figures: README.md, "Import and export at scale".
set -euo pipefail

N="${1:-1000000}"
WORK="${2:-$(mktemp -d)}"
mkdir -p "$WORK"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/target/release/wegwijs"

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --manifest-path "$ROOT/Cargo.toml" --quiet

measure() { # label, command...
  local label="$1"; shift
  local log="$WORK/time.log" samples="$WORK/anon.log"
  : >"$samples"
  /usr/bin/time -v "$@" >"$WORK/out.log" 2>"$log" &
  local timer=$! child=""
  # Anonymous RSS (heap, not mapped files) every second, to show whether
  # memory stays flat while records stream through.
  while kill -0 "$timer" 2>/dev/null; do
    [ -n "$child" ] || child=$(pgrep -P "$timer" || true)
    if [ -n "$child" ]; then
      awk '/^RssAnon/ {print $2}' "/proc/$child/status" 2>/dev/null >>"$samples" || true
    fi
    sleep 1
  done
  wait "$timer" || { tail -20 "$log"; exit 1; }
  local wall rss curve
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  # Anonymous RSS at a quarter, half, three quarters and the end of the run.
  curve=$(awk '{a[NR]=$1} END {if (NR) printf "%d/%d/%d/%d", a[int(NR/4)+1]/1024, a[int(NR/2)+1]/1024, a[int(3*NR/4)+1]/1024, a[NR]/1024}' "$samples")
  printf '%-28s %10s  %8d MiB  %s\n' "$label" "$wall" $((rss / 1024)) "$curve"
}

echo "N=$N, work dir $WORK"
printf '%-28s %10s  %12s  %s\n' step "wall" "peak RSS" "anon RSS MiB at 1/4, 1/2, 3/4, end"
measure "seed --synthetic" "$BIN" --data-dir "$WORK/a" seed --synthetic "$N"
for f in jsonl csv geojson; do
  measure "export --format $f" "$BIN" --data-dir "$WORK/a" export --format "$f" -o "$WORK/all.$f"
done
ls -l "$WORK"/all.* | awk '{printf "%-40s %12d bytes\n", $NF, $5}'
# Each store is removed once measured: at 1M one takes several GB.
rm -rf "$WORK/a"
measure "import jsonl" "$BIN" --data-dir "$WORK/c" import "$WORK/all.jsonl"
rm -rf "$WORK/c"
measure "import csv" "$BIN" --data-dir "$WORK/b" import "$WORK/all.csv"
rm -rf "$WORK/b"
