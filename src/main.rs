//! The `wegwijs` binary: all work is in the library.

fn main() -> std::process::ExitCode {
    wegwijs::cli::run()
}
