#!/usr/bin/env python3
"""Latency over HTTP, one request at a time: the benchmark query mix
(benches/mix/queries.json) replayed against a running `wegwijs serve` by a
single client on one keep-alive connection, each request timed from
sending it to the last byte of its answer (the body is read, not parsed).
The searches ask for 20 hits, as the in-process mix does; the households
go to /api/v1/match.

The client speaks HTTP/1.1 on the socket itself (`Client` below): Python's
http.client parses every answer's headers with the email package, which
cost about 100 µs a request on a 2-core VM, as much as the server's whole
answer to a place name. The client's floor, `GET /healthz` timed the
same way, is printed with the figures.

This is the figure to set beside the PostGIS peer's, which are also taken
by a Python client, over PostgreSQL's unix socket, one statement at a
time (scripts/peer/postgis_peer.py, which prints its own floor, a
prepared `SELECT 1`). With --peer FILE (the peer's results, e.g.
/tmp/wegwijs-peer/postgis-n1000000.json) it prints the ratios, and, the
clients being unlike, the p50 ratio with each side's floor taken off.

usage: latency.py BASE_URL QUERIES_JSON [--rounds R] [--out FILE] [--peer FILE]
"""
import argparse
import json
import socket
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "peer"))
from requests import search_path  # noqa: E402  (this folder's requests.py)
from stats import summarise  # noqa: E402  (the peer's, so both are summed alike)

# Runs of the floor, `GET /healthz`.
FLOOR_RUNS = 2000


class Client:
    """One keep-alive HTTP/1.1 connection: a request written as bytes, the
    answer read to the end of its `Content-Length` (or of its chunks)."""

    def __init__(self, host, port):
        self.host = host
        self.sock = socket.create_connection((host, port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def request(self, method, path, body=None):
        """Sends a request and returns (status, body)."""
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.sock.sendall(head.encode("ascii") + b"\r\n" + (body or b""))
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        header, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = header.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            fields[name.strip().lower()] = value.strip()
        if b"content-length" in fields:
            return status, self._take(int(fields[b"content-length"]))
        if fields.get(b"transfer-encoding", b"").lower() == b"chunked":
            out = []
            while True:
                while b"\r\n" not in self.buf:
                    self._fill()
                size, _, self.buf = self.buf.partition(b"\r\n")
                n = int(size.split(b";")[0], 16)
                chunk = self._take(n + 2)[:n]
                if n == 0:
                    return status, b"".join(out)
                out.append(chunk)
        sys.exit(f"{method} {path}: an answer without a length")

    def _fill(self):
        data = self.sock.recv(1 << 16)
        if not data:
            sys.exit("the server closed the connection")
        self.buf += data

    def _take(self, n):
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


def percentile_us(sorted_us, q):
    return sorted_us[min(len(sorted_us) - 1, int(len(sorted_us) * q))]


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
    conn = Client(url.hostname, url.port)
    mix = json.load(open(args.queries, encoding="utf-8"))
    reqs = requests_of(mix)
    latencies = {entry["name"]: [] for entry, *_ in reqs}
    for round_ in range(args.rounds + 1):
        for entry, method, path, body in reqs:
            t = time.perf_counter_ns()
            status, _ = conn.request(method, path, body)
            elapsed = (time.perf_counter_ns() - t) // 1000
            if status != 200:
                sys.exit(f"{entry['name']}: status {status}")
            if round_ > 0:  # the first round only warms up, as the mix's does
                latencies[entry["name"]].append(elapsed)
    # The floor: a request the server answers without work.
    floor = []
    for i in range(FLOOR_RUNS + 100):
        t = time.perf_counter_ns()
        status, _ = conn.request("GET", "/healthz")
        if i >= 100:
            floor.append((time.perf_counter_ns() - t) // 1000)
        if status != 200:
            sys.exit(f"/healthz: status {status}")
    floor.sort()

    classes = []
    for entry in mix:
        if entry["class"] not in classes:
            classes.append(entry["class"])
    results = [{"name": e["name"], "class": e["class"], "latencies_us": latencies[e["name"]]}
               for e in mix]
    summary = summarise(results, classes)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"classes": summary, "queries": results,
                       "floor_us": {"p50": percentile_us(floor, 0.5),
                                    "p99": percentile_us(floor, 0.99)}}, f)

    peer, peer_floor = None, None
    if args.peer:
        peer_json = json.load(open(args.peer, encoding="utf-8"))
        peer, peer_floor = peer_json["classes"], peer_json.get("floor_us")
    print(f"one client, one connection, {args.rounds} rounds, latency in ms"
          + (" (ratio = PostGIS / wegwijs over HTTP)" if peer else ""))
    # The clients are not alike (this one's floor is a few tens of µs,
    # psycopg's over a hundred), so with the peer's floor known the ratio
    # of the p50s with each side's floor taken off is printed too: the
    # servers' own time.
    our_floor_ms = percentile_us(floor, 0.5) / 1000.0
    head = f"{'class':<26}{'runs':>6}{'p50':>9}{'p95':>9}{'p99':>9}"
    if peer:
        head += f"{'PostGIS p50':>13}{'ratio':>8}{'PostGIS p99':>13}{'ratio':>8}"
        if peer_floor:
            head += f"{'p50 ratio less floors':>23}"
    print(head)
    for cls, s in summary.items():
        line = f"{cls:<26}{s['runs']:>6}{s['p50_ms']:>9.3f}{s['p95_ms']:>9.3f}{s['p99_ms']:>9.3f}"
        if peer and cls in peer:
            p = peer[cls]
            line += (f"{p['p50_ms']:>13.3f}{p['p50_ms'] / s['p50_ms']:>7.1f}x"
                     f"{p['p99_ms']:>13.3f}{p['p99_ms'] / s['p99_ms']:>7.1f}x")
            if peer_floor:
                net = (p["p50_ms"] - peer_floor["p50"] / 1000.0) / (s["p50_ms"] - our_floor_ms)
                line += f"{net:>22.1f}x"
        print(line)
    print(f"client floor (GET /healthz, {FLOOR_RUNS} runs): p50 {percentile_us(floor, 0.5)} µs, "
          f"p99 {percentile_us(floor, 0.99)} µs"
          + (f"; the peer's (a prepared SELECT 1): p50 {peer_floor['p50']} µs, "
             f"p99 {peer_floor['p99']} µs" if peer_floor else ""))


if __name__ == "__main__":
    main()
