//! The binary's parts, apart from the arguments (`main.rs`): what each
//! command does, where it reads, where it writes, and how it reports problems.

pub mod commands;
pub mod diagnostics;
pub mod help;
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
    /// An input that cannot be read, named so that the message (in the
    /// reader's language) and `--error-format json` can say which: exit 1.
    Unreadable {
        /// The file or folder as the command line named it.
        file: String,
        /// Why, in words: the system's, or kaoping's when it has better.
        reason: Reason,
    },
    /// Arguments that do not make sense together: exit 2.
    Usage(String),
    /// The reader of standard output went away (`| head -1`): exit 0, quietly.
    ClosedPipe,
}

/// Why an input could not be read.
pub enum Reason {
    /// No file or folder by that name.
    NotFound,
    /// Not allowed to read it.
    PermissionDenied,
    /// Not UTF-8 text: the offset of the first byte that is not.
    NotUtf8(usize),
    /// Anything else, in the system's words.
    Other(String),
}

impl Failure {
    /// Why `file` could not be read, from the error reading it.
    pub fn unreadable(file: impl Into<String>, error: &std::io::Error) -> Failure {
        let reason = match error.kind() {
            std::io::ErrorKind::NotFound => Reason::NotFound,
            std::io::ErrorKind::PermissionDenied => Reason::PermissionDenied,
            _ => Reason::Other(error.to_string()),
        };
        Failure::Unreadable {
            file: file.into(),
            reason,
        }
    }
}
