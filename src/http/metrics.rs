//! Request counters and latency histograms per route pattern, written out in
//! the Prometheus text format together with the engine's counts.
//!
//! Hand-written rather than a metrics crate: a few counters behind one mutex
//! are all a single server needs.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

use crate::engine::Counts;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Counts of requests by method, route and status, and latencies by route.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

impl Metrics {
    /// Records one request. `route` must be a route pattern (never a raw
    /// path), so the number of series stays small.
    pub fn record(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        *inner
            .requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        let h = inner.latency.entry(route.to_string()).or_default();
        let secs = elapsed.as_secs_f64();
        for (count, bound) in h.counts.iter_mut().zip(BUCKETS) {
            if secs <= bound {
                *count += 1;
            }
        }
        h.count += 1;
        h.sum += secs;
    }

    /// The Prometheus text exposition of the requests so far and `stats`.
    pub fn render(&self, stats: &Counts) -> String {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "# HELP wegwijs_http_requests_total HTTP requests by method, route and status."
        );
        let _ = writeln!(out, "# TYPE wegwijs_http_requests_total counter");
        for ((method, route, status), n) in &inner.requests {
            let _ = writeln!(
                out,
                "wegwijs_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                label(method),
                label(route)
            );
        }
        let _ = writeln!(
            out,
            "# HELP wegwijs_http_request_duration_seconds HTTP request latency by route."
        );
        let _ = writeln!(
            out,
            "# TYPE wegwijs_http_request_duration_seconds histogram"
        );
        for (route, h) in &inner.latency {
            let route = label(route);
            for (bound, count) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(
                    out,
                    "wegwijs_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "wegwijs_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "wegwijs_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "wegwijs_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        drop(inner);
        render_stats(&mut out, stats);
        out
    }
}

fn gauge(out: &mut String, name: &str, help: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} gauge");
    let _ = writeln!(out, "{name} {value}");
}

fn render_stats(out: &mut String, stats: &Counts) {
    let _ = writeln!(
        out,
        "# HELP wegwijs_resources Resources by publication status (counted in the search index)."
    );
    let _ = writeln!(out, "# TYPE wegwijs_resources gauge");
    for (status, n) in &stats.by_status {
        let _ = writeln!(out, "wegwijs_resources{{status=\"{}\"}} {n}", label(status));
    }
    gauge(
        out,
        "wegwijs_resources_total",
        "Resources (counted in the search index, which follows the store: see the generations).",
        stats.resources,
    );
    gauge(
        out,
        "wegwijs_resources_never_verified",
        "Resources never verified by a person.",
        stats.never_verified,
    );
    gauge(
        out,
        "wegwijs_index_documents",
        "Documents in the search index.",
        stats.resources,
    );
    gauge(
        out,
        "wegwijs_index_points",
        "Points in the spatial index.",
        stats.index_points,
    );
    gauge(
        out,
        "wegwijs_index_bytes",
        "Search index size on disk in bytes.",
        stats.index_bytes,
    );
    gauge(
        out,
        "wegwijs_store_bytes",
        "Store size on disk in bytes.",
        stats.store_bytes,
    );
    gauge(
        out,
        "wegwijs_store_generation",
        "Writes ever made to the store.",
        stats.store_generation,
    );
    gauge(
        out,
        "wegwijs_index_generation",
        "The store generation the index reflects.",
        stats.index_generation,
    );
}

/// Escapes a label value as the text format requires.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::default();
        m.record("GET", "/x", 200, Duration::from_millis(3));
        m.record("GET", "/x", 404, Duration::from_secs(20));
        let inner = m.inner.lock().unwrap();
        let h = &inner.latency["/x"];
        assert_eq!(h.count, 2);
        assert_eq!(h.counts[0], 0);
        assert_eq!(h.counts[2], 1, "3 ms falls under 5 ms");
        assert_eq!(h.counts[BUCKETS.len() - 1], 1, "20 s is only in +Inf");
        assert_eq!(inner.requests.len(), 2);
    }
}
