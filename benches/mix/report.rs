//! What the mix prints and writes: latency percentiles and throughput per
//! class, process memory, disk use, and the machine it ran on.

use std::path::Path;

use serde::Serialize;

/// One query's measurements and answer.
#[derive(Debug, Serialize)]
pub struct QueryResult {
    /// The query's name in `queries.json`.
    pub name: String,
    /// Its class.
    pub class: String,
    /// Every timed run, in microseconds, in run order.
    pub latencies_us: Vec<u64>,
    /// Matching resources in all (for a household: matches over all needs).
    pub total: usize,
    /// The ids returned, in order (for a household: every need's matches).
    pub ids: Vec<String>,
    /// The distance of each returned id, when it has one.
    pub distances_km: Vec<Option<f64>>,
}

/// Latency and throughput of one class.
#[derive(Debug, Serialize)]
pub struct ClassSummary {
    /// The class.
    pub class: String,
    /// Timed runs.
    pub runs: usize,
    /// Median, milliseconds.
    pub p50_ms: f64,
    /// 95th percentile, milliseconds.
    pub p95_ms: f64,
    /// 99th percentile, milliseconds.
    pub p99_ms: f64,
    /// Queries per second for one client running them back to back.
    pub qps: f64,
}

/// The `q`-quantile of sorted samples, nearest rank.
pub fn percentile(sorted: &[u64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64
}

/// Summarises every class, in the order classes first appear.
pub fn summarise(results: &[QueryResult]) -> Vec<ClassSummary> {
    let mut classes: Vec<&str> = Vec::new();
    for r in results {
        if !classes.contains(&r.class.as_str()) {
            classes.push(&r.class);
        }
    }
    classes
        .into_iter()
        .map(|class| {
            let mut all: Vec<u64> = results
                .iter()
                .filter(|r| r.class == class)
                .flat_map(|r| r.latencies_us.iter().copied())
                .collect();
            all.sort_unstable();
            let sum_us: u64 = all.iter().sum();
            ClassSummary {
                class: class.to_string(),
                runs: all.len(),
                p50_ms: percentile(&all, 0.50) / 1000.0,
                p95_ms: percentile(&all, 0.95) / 1000.0,
                p99_ms: percentile(&all, 0.99) / 1000.0,
                qps: if sum_us == 0 {
                    0.0
                } else {
                    all.len() as f64 * 1e6 / sum_us as f64
                },
            }
        })
        .collect()
}

/// Prints the class table.
pub fn print_table(summary: &[ClassSummary]) {
    println!(
        "{:<26} {:>6} {:>10} {:>10} {:>10} {:>10}",
        "class", "runs", "p50 ms", "p95 ms", "p99 ms", "qps"
    );
    for s in summary {
        println!(
            "{:<26} {:>6} {:>10.3} {:>10.3} {:>10.3} {:>10.1}",
            s.class, s.runs, s.p50_ms, s.p95_ms, s.p99_ms, s.qps
        );
    }
}

/// A `kB` line of `/proc/self/status` (`VmRSS`, `VmHWM`), in bytes.
pub fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Bytes of every file below `dir`.
pub fn disk_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => disk_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// The machine, as the report names it.
#[derive(Debug, Serialize)]
pub struct Machine {
    /// Logical CPUs this process may use.
    pub cpus: usize,
    /// `model name` of `/proc/cpuinfo`.
    pub cpu_model: String,
    /// `MemTotal` of `/proc/meminfo`, in bytes.
    pub memory_bytes: u64,
}

/// Reads the machine description.
pub fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_bytes = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024);
    Machine {
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu_model,
        memory_bytes,
    }
}
