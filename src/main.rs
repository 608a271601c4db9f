//! The `wegwijs` binary: all work is in the library. It only chooses the
//! allocator: mimalloc, which an import's many small allocations (parsed
//! records, analysed words, store nodes) favour over glibc's malloc in both
//! time and fragmentation; and, outside the server, turns transparent huge
//! pages off.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    if !std::env::args().skip(1).any(|a| a == "serve") {
        without_huge_pages();
    }
    wegwijs::cli::run()
}

/// Turns transparent huge pages off for this process. mimalloc asks for
/// them, and an import gives memory back and takes it again all the time:
/// each page taken again was faulted in and zeroed as 2 MiB, a fifth of an
/// import's main thread (BENCHMARKS.md, "Huge pages"). The server keeps
/// them: its queries read the doc tables at random, and with 4 KiB pages
/// they were 5–20% slower.
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
