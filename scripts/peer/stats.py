"""Per-class latency figures of a mix run, the same for every side that is
timed: the PostGIS peer (postgis_peer.py) and the HTTP latency replay
(scripts/load/latency.py)."""
import math


def percentile(sorted_us, q):
    if not sorted_us:
        return 0.0
    rank = math.ceil(q * len(sorted_us))
    return float(sorted_us[min(max(rank, 1), len(sorted_us)) - 1])


def summarise(results, classes):
    out = {}
    for cls in classes:
        lat = sorted(x for r in results if r["class"] == cls for x in r["latencies_us"])
        total = sum(lat)
        out[cls] = {
            "runs": len(lat),
            "p50_ms": percentile(lat, 0.5) / 1000.0,
            "p95_ms": percentile(lat, 0.95) / 1000.0,
            "p99_ms": percentile(lat, 0.99) / 1000.0,
            "qps": len(lat) * 1e6 / total if total else 0.0,
        }
    return out
