//! The binary's parts, apart from the arguments (`main.rs`): what each
//! command does, where it reads, where it writes, and how it reports problems.

pub mod commands;
pub mod diagnostics;
pub mod input;
pub mod output;
pub mod policy_tests;
pub mod rulebook;

/// Why a command stopped; `main` turns it into the exit status.
pub enum Failure {
    /// A policy or facts problem, a failing test case or an unformatted file,
    /// already reported: exit 1.
    Invalid,
    /// A file that cannot be read or written: exit 1.
    Io(String),
    /// Arguments that do not make sense together: exit 2.
    Usage(String),
    /// The reader of standard output went away (`| head -1`): exit 0, quietly.
    ClosedPipe,
}
