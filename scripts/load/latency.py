#!/usr/bin/env python3
"""Latency over HTTP, one request at a time: the benchmark query mix
(benches/mix/queries.json) replayed against a running `wegwijs serve` by a
single client on one keep-alive connection, each request timed from
sending it to the last byte of its answer (the body is read, not parsed).
The searches ask for 20 hits, as the in-process mix does; the households
go to /api/v1/match.

This is the figure to set beside the PostGIS peer's, which are also taken
by a Python client, over PostgreSQL's unix socket, one statement at a
time (scripts/peer/postgis_peer.py). With --peer FILE (the peer's results,
e.g. /tmp/wegwijs-peer/postgis-n1000000.json) it prints the ratios.

usage: latency.py BASE_URL QUERIES_JSON [--rounds R] [--out FILE] [--peer FILE]
"""
import argparse
import http.client
import json
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "peer"))
from requests import search_path  # noqa: E402  (this folder's requests.py)
from stats import summarise  # noqa: E402  (the peer's, so both are summed alike)


def requests_of(mix):
    out = []
    for entry in mix:
        if "query" in entry:
            out.append((entry, "GET", search_path(entry["query"]), None))
        else:
            body = json.dumps(entry["household"], ensure_ascii=False).encode("utf-8")
            out.append((entry, "POST", "/api/v1/match", body))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base", help="e.g. http://127.0.0.1:8080")
    ap.add_argument("queries", help="benches/mix/queries.json")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--out", help="write every latency here (JSON)")
    ap.add_argument("--peer", help="the PostGIS peer's results JSON, for ratios")
    args = ap.parse_args()

    url = urllib.parse.urlsplit(args.base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    mix = json.load(open(args.queries, encoding="utf-8"))
    reqs = requests_of(mix)
    latencies = {entry["name"]: [] for entry, *_ in reqs}
    for round_ in range(args.rounds + 1):
        for entry, method, path, body in reqs:
            headers = {"Content-Type": "application/json"} if body else {}
            t = time.perf_counter_ns()
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            elapsed = (time.perf_counter_ns() - t) // 1000
            if resp.status != 200:
                sys.exit(f"{entry['name']}: status {resp.status}")
            if round_ > 0:  # the first round only warms up, as the mix's does
                latencies[entry["name"]].append(elapsed)

    classes = []
    for entry in mix:
        if entry["class"] not in classes:
            classes.append(entry["class"])
    results = [{"name": e["name"], "class": e["class"], "latencies_us": latencies[e["name"]]}
               for e in mix]
    summary = summarise(results, classes)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"classes": summary, "queries": results}, f)

    peer = None
    if args.peer:
        peer = json.load(open(args.peer, encoding="utf-8"))["classes"]
    print(f"one client, one connection, {args.rounds} rounds, latency in ms"
          + (" (ratio = PostGIS / wegwijs over HTTP)" if peer else ""))
    head = f"{'class':<26}{'runs':>6}{'p50':>9}{'p95':>9}{'p99':>9}"
    if peer:
        head += f"{'PostGIS p50':>13}{'ratio':>8}{'PostGIS p99':>13}{'ratio':>8}"
    print(head)
    for cls, s in summary.items():
        line = f"{cls:<26}{s['runs']:>6}{s['p50_ms']:>9.3f}{s['p95_ms']:>9.3f}{s['p99_ms']:>9.3f}"
        if peer and cls in peer:
            p = peer[cls]
            line += (f"{p['p50_ms']:>13.3f}{p['p50_ms'] / s['p50_ms']:>7.1f}x"
                     f"{p['p99_ms']:>13.3f}{p['p99_ms'] / s['p99_ms']:>7.1f}x")
        print(line)


if __name__ == "__main__":
    main()
