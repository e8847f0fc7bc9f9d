//! The `awsx` binary: everything happens in the library.

fn main() -> std::process::ExitCode {
    awsx::main_entry()
}
