#!/usr/bin/env bash
# Dependency audit: checks Cargo.lock against the RustSec advisory database
# with `cargo audit`. Fails on any vulnerability, and on any warning
# (unmaintained, unsound, yanked) that is not accepted below; each accepted
# advisory is explained in SECURITY.md.
#
#   scripts/audit.sh                 fetch the database, then audit
#   AUDIT_DB=DIR scripts/audit.sh    audit against a local copy of the
#                                    database (a clone of RustSec/advisory-db),
#                                    without fetching
#
# Exit status: 0 clean, 1 advisories found, 2 cargo-audit missing,
# 3 the advisory database could not be fetched (nothing was checked).
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"

# Accepted advisories, with the reason in SECURITY.md ("Dependency audit").
# Keep this list and the table in SECURITY.md in step.
ACCEPTED=(
    RUSTSEC-2024-0384 # instant: unmaintained (via sled 0.34 -> parking_lot 0.11)
    RUSTSEC-2025-0057 # fxhash: unmaintained (via sled 0.34)
    RUSTSEC-2025-0119 # number_prefix: unmaintained (via indicatif 0.17, CLI only)
    RUSTSEC-2026-0097 # rand 0.8: unsound only with its `log` feature, which is off
)

if ! cargo audit --version >/dev/null 2>&1; then
    echo "audit: cargo-audit is not installed; install it with" >&2
    echo "       cargo install cargo-audit --locked" >&2
    exit 2
fi

unreachable() {
    echo >&2
    echo "audit: the RustSec advisory database could not be fetched (it lives on" >&2
    echo "       GitHub: https://github.com/RustSec/advisory-db). NOTHING WAS CHECKED." >&2
    echo "       Run this where GitHub is reachable, or clone the database elsewhere" >&2
    echo "       and run: AUDIT_DB=/path/to/advisory-db scripts/audit.sh" >&2
    exit 3
}

# Fail early and plainly when the database cannot be fetched, rather than
# leave it to cargo audit's own error.
if [[ -z "${AUDIT_DB:-}" ]] \
    && ! timeout 20 git ls-remote https://github.com/RustSec/advisory-db.git HEAD >/dev/null 2>&1; then
    unreachable
fi

args=(audit --file "$ROOT/Cargo.lock" --deny warnings)
for id in "${ACCEPTED[@]}"; do
    args+=(--ignore "$id")
done
if [[ -n "${AUDIT_DB:-}" ]]; then
    args+=(--db "$AUDIT_DB" --no-fetch)
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [[ $status -ne 0 ]] && grep -qiE "(fetch|clone|network|resolve|connect).*(advisory|database|github)|(advisory|database).*(fetch|clone|network|connect)|couldn't fetch|failed to fetch|error fetching" "$log"; then
    unreachable
fi
exit "$status"
