//! Issue 13 §1: `-` is standard output for `-o` and standard input for
//! POLICY and FACTS, or a usage error; never a file named `-`.

use super::*;

fn nothing_named_dash_in(scratch: &Scratch) {
    assert!(
        !scratch.path("-").exists(),
        "a file or folder named `-` was created"
    );
}

#[test]
fn dash_as_output_is_standard_output() {
    let scratch = Scratch::new("dash-out");
    let (policy, facts) = (repo(COLLECTIVE), repo(COLLECTIVES));
    let table = stdout(&kaoping(&["score", COLLECTIVE, COLLECTIVES]));
    let output = kaoping_in(&scratch.0, &["score", &policy, &facts, "-o", "-"], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), table);
    let output = kaoping_in(
        &scratch.0,
        &["score", &policy, &facts, "--format", "json", "-o", "-"],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with('{'));
    // A workbook to a pipe is fine; to a terminal it would be refused.
    let output = kaoping_in(
        &scratch.0,
        &["score", &policy, &facts, "--format", "xlsx", "-o", "-"],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.starts_with(b"PK"));
    let output = kaoping_in(&scratch.0, &["template", &policy, "--xlsx", "-"], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.starts_with(b"PK"));
    nothing_named_dash_in(&scratch);
}

#[test]
fn dash_where_it_makes_no_sense_is_a_usage_error() {
    let scratch = Scratch::new("dash-usage");
    let (policy, facts) = (repo(COLLECTIVE), repo(COLLECTIVES));
    let refused: [&[&str]; 4] = [
        &["convert", &policy, &facts, "-o", "-"],
        &["test", "-"],
        &["test", &repo("policies"), "--junit", "-"],
        &["score", "-", "-"],
    ];
    for arguments in refused {
        let output = kaoping_in(&scratch.0, arguments, b"");
        assert_eq!(
            output.status.code(),
            Some(2),
            "{arguments:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("--help"),
            "{arguments:?}: {}",
            stderr(&output)
        );
    }
    let output = kaoping_in(&scratch.0, refused[0], b"");
    assert!(
        stderr(&output).contains("a folder of CSV files cannot go to standard output"),
        "{}",
        stderr(&output)
    );
    nothing_named_dash_in(&scratch);
}

#[test]
fn a_workbook_is_not_written_to_a_terminal() {
    // `script` gives the command a terminal as its standard output.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let binary = env!("CARGO_BIN_EXE_kaoping");
    let (policy, facts) = (repo(COLLECTIVE), repo(COLLECTIVES));
    let in_a_terminal = |format: &str| {
        let command = format!("{binary} score {policy} {facts} --format {format} -o -");
        std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .output()
            .unwrap()
    };
    let workbook = in_a_terminal("xlsx");
    assert_eq!(workbook.status.code(), Some(2));
    assert!(
        stdout(&workbook).contains("standard output is a terminal"),
        "{}",
        stdout(&workbook)
    );
    let markdown = in_a_terminal("md");
    assert_eq!(markdown.status.code(), Some(0), "{}", stdout(&markdown));
    assert!(
        stdout(&markdown).contains("# 2019年"),
        "{}",
        stdout(&markdown)
    );
}

#[test]
fn dash_as_facts_reads_yaml_from_standard_input() {
    let scratch = Scratch::new("dash-facts");
    let policy = repo(COLLECTIVE);
    let facts = std::fs::read(COLLECTIVES).unwrap();
    let table = stdout(&kaoping(&["score", COLLECTIVE, COLLECTIVES]));
    let output = kaoping_in(&scratch.0, &["score", &policy, "-"], &facts);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), table);

    let output = kaoping_in(&scratch.0, &["explain", &policy, "-", "nanchang"], &facts);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("nanchang"));

    // The three-path `diff` reads the facts twice: standard input is read once.
    let output = kaoping_in(&scratch.0, &["diff", &policy, &policy, "-"], &facts);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = kaoping_in(
        &scratch.0,
        &["diff", &policy, "--facts", "-", &repo(COLLECTIVES)],
        &facts,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let output = kaoping_in(
        &scratch.0,
        &["convert", &policy, "-", "-o", "facts.xlsx"],
        &facts,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(scratch.path("facts.xlsx").exists());

    let broken = std::fs::read("tests/data/facts/unknown_key_deep.yaml").unwrap();
    let output = kaoping_in(
        &scratch.0,
        &["score", &policy, "-", "--error-format", "plain"],
        &broken,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("<stdin>"), "{}", stderr(&output));
    nothing_named_dash_in(&scratch);
}

#[test]
fn dash_as_policy_reads_it_from_standard_input() {
    let policy = std::fs::read(COLLECTIVE).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = kaoping_in(root, &["check", "-"], &policy);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("<stdin>: ok"),
        "{}",
        stdout(&output)
    );
    let output = kaoping_in(root, &["schema", "-"], &policy);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = kaoping_in(root, &["template", "-"], &policy);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = kaoping_in(root, &["score", "-", COLLECTIVES], &policy);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // issue 15 §2: the author's warnings are `check`'s business; a clerk's
    // `score` does not mention them.
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));

    // `extends` from standard input is relative to the current folder; the
    // parent lies two folders up, outside the current folder's tree, so
    // `--root` widens the tree to the repository.
    let what_if = std::fs::read("examples/what-if/weights-2020.kp").unwrap();
    let output = kaoping_in(
        &root.join("examples/what-if"),
        &["--root", "../..", "check", "-"],
        &what_if,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("extends `jiangxi_2019_collective`"));

    let output = kaoping_in(
        root,
        &["check", "-", "--error-format", "plain"],
        b"policy p {\n  total\n",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("<stdin>"), "{}", stderr(&output));
}
