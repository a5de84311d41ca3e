//! Gives the CLI's main thread on Windows the 8 MiB of stack it has on Linux.
//!
//! Windows reserves 1 MiB for a program's main thread, where `main` polls the whole command
//! (`runtime.block_on`); a debug build's `event edit` overflowed it (found under Wine by
//! `make test-windows`). The linker flag only sets the reserve; pages are committed as used.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "windows" {
        if env == "msvc" {
            println!("cargo:rustc-link-arg-bins=/STACK:8388608");
        } else {
            println!("cargo:rustc-link-arg-bins=-Wl,--stack,8388608");
        }
    }
}
