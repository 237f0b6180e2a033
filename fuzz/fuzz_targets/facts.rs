//! Arbitrary bytes as a facts file for the shipped collective policy: a
//! `Report` or `Facts`, never a panic.
//!
//! Runs on libFuzzer's own thread and relies on the YAML reader's own depth
//! limit, for the reason the `check` target gives.
#![no_main]

use std::sync::OnceLock;

use kaoping::Policy;
use libfuzzer_sys::fuzz_target;

const COLLECTIVE: &str = include_str!("../../policies/jiangxi-2019/collective.kp");

/// Loaded once: checking the policy costs more than most facts files do.
fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        match kaoping::load_policy_with("collective.kp", COLLECTIVE, &|_| {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no files",
            ))
        }) {
            Ok(checked) => checked.policy,
            Err(report) => panic!("the shipped policy does not load: {report:?}"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = policy().load_facts("facts.yaml", text);
});
