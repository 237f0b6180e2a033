//! Issue 13 §1: writing to a closed pipe (`kaoping … | head -1`) ends the
//! run quietly with status 0, as other Unix tools do.

use super::*;

/// Runs the binary with its standard output a pipe whose read end is closed
/// before the binary writes, so that every write meets the closed pipe.
fn into_a_closed_pipe(arguments: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        // English messages whatever the developer's locale; tests of Chinese say `--lang zh`.
        .env("LC_ALL", "C.UTF-8")
        .args(arguments)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let commands: [&[&str]; 9] = [
        &["check", COLLECTIVE, "--readings"],
        &["score", COLLECTIVE, COLLECTIVES],
        &["score", COLLECTIVE, COLLECTIVES, "--format", "json"],
        &[
            "score",
            COLLECTIVE,
            COLLECTIVES,
            "--format",
            "xlsx",
            "-o",
            "-",
        ],
        &["explain", COLLECTIVE, COLLECTIVES, "nanchang"],
        &[
            "diff",
            COLLECTIVE,
            "examples/what-if/weights-2020.kp",
            COLLECTIVES,
        ],
        &["schema", COLLECTIVE],
        &["template", COLLECTIVE],
        &["test", "policies"],
    ];
    // A race decides whether a write meets the closed pipe, so try often.
    for _ in 0..4 {
        for arguments in commands {
            let output = into_a_closed_pipe(arguments);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{arguments:?}: {}",
                stderr(&output)
            );
            // Warnings may be shown; a panic or an error may not.
            let message = stderr(&output);
            assert!(
                !message.contains("panicked") && !message.contains("error"),
                "{arguments:?}: {message}"
            );
        }
    }
}

#[test]
fn a_closed_pipe_does_not_hide_a_failure() {
    // `kaoping fmt --check policies | head -1` in CI: the reader leaving must
    // not turn "files need formatting" into success; nor a failing test case.
    let scratch = Scratch::new("closed-pipe-failure");
    let unformatted =
        std::fs::read_to_string(COLLECTIVE)
            .unwrap()
            .replacen("  title", "      title", 1);
    for name in ["a.kp", "b.kp"] {
        std::fs::write(scratch.path(name), &unformatted).unwrap();
    }
    let folder = scratch.text("");
    for _ in 0..4 {
        let output = into_a_closed_pipe(&["fmt", "--check", &folder]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    }
    // Without --check, every file is still formatted after the reader left.
    let output = into_a_closed_pipe(&["fmt", &folder]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for name in ["a.kp", "b.kp"] {
        assert_eq!(
            std::fs::read_to_string(scratch.path(name)).unwrap(),
            std::fs::read_to_string(COLLECTIVE).unwrap(),
            "{name}"
        );
    }
}
