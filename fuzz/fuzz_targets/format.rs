//! The formatter's two promises on arbitrary text that parses: the output
//! parses to the same tree (AST equality ignores spans), and formatting the
//! output again changes nothing.
//!
//! Runs on libFuzzer's own thread and relies on the crate's nesting limit, as
//! the `check` target explains.
#![no_main]

use kaoping::{format, syntax};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(formatted) = format::format_source(text) else {
        return;
    };
    let Ok(before) = syntax::parse(text) else {
        unreachable!("format_source succeeded, so the text parses");
    };
    let after = match syntax::parse(&formatted) {
        Ok(tree) => tree,
        Err(problem) => panic!("formatted text does not parse: {problem:?}\n{formatted}"),
    };
    assert!(before == after, "formatting changed the tree:\n{formatted}");
    match format::format_source(&formatted) {
        Ok(again) => assert!(
            again == formatted,
            "formatting is not idempotent:\n{formatted}\n---\n{again}"
        ),
        Err(problem) => panic!("formatted text does not format: {problem:?}"),
    }
});
