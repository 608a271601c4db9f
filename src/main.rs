//! The `wegwijs` binary: all work is in the library. It only chooses the
//! allocator: mimalloc, which an import's many small allocations (parsed
//! records, analysed words, store nodes) favour over glibc's malloc in both
//! time and fragmentation.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    wegwijs::cli::run()
}
