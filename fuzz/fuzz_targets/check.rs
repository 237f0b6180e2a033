//! Parse and check of arbitrary text: a `Report` or a `Policy`, never a panic.
//!
//! The work runs on libFuzzer's own thread (the process's main stack, 8 MiB
//! here) rather than on a big-stack thread as `main.rs` does: the crate
//! promises to refuse hostile nesting before it can exhaust a stack (syntax
//! refuses more than 256 bracket levels), and a library user's thread may be
//! small, so a stack overflow here is a finding, not noise.
#![no_main]

use std::io;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // No file system: an `extends` reads nothing, so every run is the same.
    let read = |_: &std::path::Path| -> io::Result<String> {
        Err(io::Error::new(
            io::ErrorKind::NotFound,
            "fuzzing reads no files",
        ))
    };
    let _ = kaoping::load_policy_with("fuzz.kp", text, &read);
});
