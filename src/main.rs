//! The `wegwijs` binary: all work is in the library. It only chooses the
//! allocator: mimalloc, which an import's many small allocations (parsed
//! records, analysed words, store nodes) favour over glibc's malloc in both
//! time and fragmentation, built not to ask for transparent huge pages
//! (`no_thp`); and, outside the server, turns huge pages off altogether.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    if !std::env::args().skip(1).any(|a| a == "serve") {
        without_huge_pages();
    }
    wegwijs::cli::run()
}

/// Turns transparent huge pages off for this process, also where the
/// system gives them to every allocation unasked. An import gives memory
/// back and takes it again all the time: each page taken again was faulted
/// in and zeroed as 2 MiB, a fifth of an import's main thread
/// (BENCHMARKS.md, "Huge pages"). The server keeps them allowed: the doc
/// tables, which its queries read at random, are moved onto huge pages
/// (`index::huge_pages`).
#[cfg(target_os = "linux")]
fn without_huge_pages() {
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes integers only and touches
    // no memory of the process; on failure nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn without_huge_pages() {}
