//! Issue 13 §4: every command's exit status — 0 success, 1 an invalid policy
//! or facts, a failing test, or a file that cannot be read or written, 2 a
//! usage error.

use super::*;

const BROKEN_POLICY: &str = "tests/data/policies/select_unknown_group.kp";
const BROKEN_FACTS: &str = "tests/data/facts/several_errors.yaml";
const WHAT_IF: &str = "examples/what-if/weights-2020.kp";

fn status(folder: &Path, arguments: &[&str]) -> Option<i32> {
    kaoping_in(folder, arguments, b"").status.code()
}

#[test]
fn every_command_exits_0_1_or_2() {
    let scratch = Scratch::new("exit-status");
    std::fs::write(scratch.path("messy.kp"), "policy p {total 10}\n").unwrap();
    std::fs::write(scratch.path("tidy.kp"), "policy p {\n  total 10\n}\n").unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workbook = scratch.text("facts.xlsx");
    let folder = scratch.text("sheets");
    let (messy, tidy) = (scratch.text("messy.kp"), scratch.text("tidy.kp"));
    let cases: Vec<(i32, Vec<&str>)> = vec![
        (0, vec!["check", COLLECTIVE]),
        (1, vec!["check", BROKEN_POLICY]),
        (1, vec!["check", "no/such/policy.kp"]),
        (2, vec!["check"]),
        (0, vec!["score", COLLECTIVE, COLLECTIVES]),
        (1, vec!["score", COLLECTIVE, BROKEN_FACTS]),
        (1, vec!["score", COLLECTIVE, "no/such/facts.yaml"]),
        (
            2,
            vec!["score", COLLECTIVE, COLLECTIVES, "--format", "xlsx"],
        ),
        (0, vec!["explain", COLLECTIVE, COLLECTIVES, "nanchang"]),
        (1, vec!["explain", COLLECTIVE, COLLECTIVES, "nobody"]),
        (2, vec!["explain", COLLECTIVE, COLLECTIVES]),
        (0, vec!["diff", COLLECTIVE, WHAT_IF, COLLECTIVES]),
        (
            0,
            vec!["diff", COLLECTIVE, "--facts", COLLECTIVES, COLLECTIVES],
        ),
        (
            1,
            vec!["diff", COLLECTIVE, "--facts", COLLECTIVES, BROKEN_FACTS],
        ),
        (2, vec!["diff", COLLECTIVE, WHAT_IF]),
        (0, vec!["test", "policies"]),
        (1, vec!["test", "no/such/folder"]),
        (2, vec!["test", "policies", "--junit"]),
        (0, vec!["schema", COLLECTIVE]),
        (1, vec!["schema", BROKEN_POLICY]),
        (2, vec!["schema"]),
        (0, vec!["template", COLLECTIVE]),
        (0, vec!["template", COLLECTIVE, "--xlsx", &workbook]),
        (1, vec!["template", BROKEN_POLICY]),
        (2, vec!["template", COLLECTIVE, "--xlsx", "facts.csv"]),
        (0, vec!["convert", COLLECTIVE, COLLECTIVES, "-o", &folder]),
        (
            1,
            vec!["convert", COLLECTIVE, BROKEN_FACTS, "-o", "never.xlsx"],
        ),
        (2, vec!["convert", COLLECTIVE, COLLECTIVES]),
        (0, vec!["fmt", "--check", &tidy]),
        (1, vec!["fmt", "--check", &messy]),
        (0, vec!["fmt", &messy]),
        (0, vec!["fmt", "--check", &messy]),
        (1, vec!["fmt", "no/such/policy.kp"]),
        (2, vec!["fmt"]),
    ];
    for (expected, arguments) in cases {
        assert_eq!(status(root, &arguments), Some(expected), "{arguments:?}");
    }
    assert!(!root.join("never.xlsx").exists());
}

/// A folder with one case file whose expectation (35 where the policy caps
/// at 30) is wrong, and, if asked, one that cannot run at all.
fn cases_folder(scratch: &Scratch, with_a_broken_case: bool) -> String {
    let tests = scratch.path("tests");
    std::fs::create_dir_all(&tests).unwrap();
    let case = format!(
        "name: a wrong expectation\nclause: 附1 一(二)\npolicy: {}\nfacts: {}\nexpect:\n  nanchang:\n    indicators: {{ supervision: \"35.00\" }}\n",
        repo(COLLECTIVE),
        repo(COLLECTIVES)
    );
    std::fs::write(tests.join("wrong.yaml"), case).unwrap();
    if with_a_broken_case {
        let case = format!(
            "name: missing facts\npolicy: {}\nfacts: no-such-facts.yaml\nexpect:\n  nanchang:\n    total: \"1.00\"\n",
            repo(COLLECTIVE)
        );
        std::fs::write(tests.join("broken.yaml"), case).unwrap();
    }
    scratch.0.to_str().unwrap().to_owned()
}

#[test]
fn test_update_reports_what_passes_after_the_update() {
    let scratch = Scratch::new("update-honest");
    let folder = cases_folder(&scratch, false);
    let output = kaoping(&["test", &folder, "--update"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        // issue 15 §4: counted after the update, as the exit status is.
        stdout(&output).contains("1 passed, 0 failed, 1 updated"),
        "{}",
        stdout(&output)
    );
    let output = kaoping(&["test", &folder]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("1 passed, 0 failed"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn test_update_exits_1_while_a_case_still_fails() {
    let scratch = Scratch::new("update-still-failing");
    let folder = cases_folder(&scratch, true);
    let output = kaoping(&["test", &folder, "--update"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("not updated"), "{text}");
    assert!(text.contains("1 passed, 1 failed, 1 updated"), "{text}");
    // The wrong expectation was mended; the broken case still fails.
    let output = kaoping(&["test", &folder]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("1 passed, 1 failed"),
        "{}",
        stdout(&output)
    );
}
