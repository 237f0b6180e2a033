//! Issue 13 §1: no command destroys a file it was not asked to create, and
//! a file's name says what is in it.

use super::*;

fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK")
}

#[test]
fn template_refuses_to_replace_a_filled_workbook_without_force() {
    let scratch = Scratch::new("template-force");
    let filled = scratch.path("facts.xlsx");
    std::fs::write(&filled, "a clerk's filled workbook").unwrap();
    let output = kaoping(&[
        "template",
        COLLECTIVE,
        "--xlsx",
        &scratch.text("facts.xlsx"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("facts.xlsx` already exists; pass `--force` to replace it"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(&filled).unwrap(),
        "a clerk's filled workbook"
    );

    let output = kaoping(&[
        "template",
        COLLECTIVE,
        "--xlsx",
        &scratch.text("facts.xlsx"),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(is_workbook(&std::fs::read(&filled).unwrap()));
}

#[test]
fn score_refuses_to_replace_a_report_without_force() {
    let scratch = Scratch::new("score-force");
    let report = scratch.path("report.md");
    std::fs::write(&report, "last year's report").unwrap();
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "-o",
        &scratch.text("report.md"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        "last year's report"
    );

    let arguments = [
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "-o",
        &scratch.text("report.md"),
    ];
    let output = kaoping(&[&arguments[..], &["--force"]].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&report).unwrap().contains("南昌市"));
}

#[test]
fn convert_refuses_to_replace_a_workbook_or_fill_a_folder_without_force() {
    let scratch = Scratch::new("convert-force");
    std::fs::write(scratch.path("facts.xlsx"), "filled").unwrap();
    let output = kaoping(&[
        "convert",
        COLLECTIVE,
        COLLECTIVES,
        "-o",
        &scratch.text("facts.xlsx"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(scratch.path("facts.xlsx")).unwrap(),
        "filled"
    );
    let output = kaoping(&[
        "convert",
        COLLECTIVE,
        COLLECTIVES,
        "-o",
        &scratch.text("facts.xlsx"),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(is_workbook(
        &std::fs::read(scratch.path("facts.xlsx")).unwrap()
    ));

    // An empty or missing folder is written without a word ...
    std::fs::create_dir(scratch.path("empty")).unwrap();
    for folder in ["empty", "new"] {
        let output = kaoping(&[
            "convert",
            COLLECTIVE,
            COLLECTIVES,
            "-o",
            &scratch.text(folder),
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{folder}: {}",
            stderr(&output)
        );
    }
    // ... but one that holds files needs `--force`, and its files are kept.
    let sheets: Vec<_> = std::fs::read_dir(scratch.path("new")).unwrap().collect();
    assert!(!sheets.is_empty());
    std::fs::write(scratch.path("new/notes.txt"), "keep me").unwrap();
    let output = kaoping(&[
        "convert",
        COLLECTIVE,
        COLLECTIVES,
        "-o",
        &scratch.text("new"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    let output = kaoping(&[
        "convert",
        COLLECTIVE,
        COLLECTIVES,
        "-o",
        &scratch.text("new"),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(scratch.path("new/notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn junit_refuses_to_replace_a_file_and_must_end_in_xml() {
    let scratch = Scratch::new("junit-force");
    std::fs::write(scratch.path("junit.xml"), "<previous/>").unwrap();
    let output = kaoping(&["test", "policies", "--junit", &scratch.text("junit.xml")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(scratch.path("junit.xml")).unwrap(),
        "<previous/>"
    );
    let output = kaoping(&[
        "test",
        "policies",
        "--junit",
        &scratch.text("junit.xml"),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(scratch.path("junit.xml"))
        .unwrap()
        .contains("<testsuite"));

    let output = kaoping(&["test", "policies", "--junit", &scratch.text("junit.txt")]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!scratch.path("junit.txt").exists());
}

#[test]
fn an_input_is_never_written_over_even_with_force() {
    let scratch = Scratch::new("inputs");
    // Facts without an extension: a table report could be named so too.
    std::fs::copy(COLLECTIVES, scratch.path("facts")).unwrap();
    let before = std::fs::read(scratch.path("facts")).unwrap();
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        &scratch.text("facts"),
        "-o",
        &scratch.text("facts"),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("refusing"), "{}", stderr(&output));
    assert_eq!(std::fs::read(scratch.path("facts")).unwrap(), before);

    std::fs::copy(
        "examples/jiangxi-2019/collectives.xlsx",
        scratch.path("facts.xlsx"),
    )
    .unwrap();
    let before = std::fs::read(scratch.path("facts.xlsx")).unwrap();
    let output = kaoping(&[
        "convert",
        COLLECTIVE,
        &scratch.text("facts.xlsx"),
        "-o",
        &scratch.text("facts.xlsx"),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("refusing"), "{}", stderr(&output));
    assert_eq!(std::fs::read(scratch.path("facts.xlsx")).unwrap(), before);
}

#[test]
fn a_name_that_says_another_format_is_a_usage_error() {
    let scratch = Scratch::new("extensions");
    std::fs::copy(COLLECTIVES, scratch.path("facts.yaml")).unwrap();
    let before = std::fs::read(scratch.path("facts.yaml")).unwrap();
    let (policy, facts) = (repo(COLLECTIVE), repo(COLLECTIVES));
    let refused: [&[&str]; 5] = [
        &["template", &policy, "--xlsx", "facts.yaml", "--force"],
        &["score", &policy, &facts, "-o", "facts.yaml", "--force"],
        &[
            "score",
            &policy,
            &facts,
            "--format",
            "md",
            "-o",
            "report.xlsx",
        ],
        &[
            "score",
            &policy,
            &facts,
            "--format",
            "json",
            "-o",
            "report.csv",
        ],
        &["convert", &policy, &facts, "-o", "facts.yaml", "--force"],
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
    assert_eq!(std::fs::read(scratch.path("facts.yaml")).unwrap(), before);
    let left: Vec<_> = std::fs::read_dir(&scratch.0).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing else was written: {left:?}");

    // The message names both formats and the name that would fit.
    let output = kaoping_in(&scratch.0, refused[2], b"");
    assert!(
        stderr(&output).contains(
            "`report.xlsx` ends in `.xlsx`, but `--format md` writes Markdown; name it \
             `report.md`, or drop `--format` to write an Excel workbook"
        ),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn an_input_spelled_another_way_is_still_an_input() {
    let scratch = Scratch::new("spelled");
    std::fs::copy(COLLECTIVES, scratch.path("facts")).unwrap();
    let before = std::fs::read(scratch.path("facts")).unwrap();
    // Through a link to the folder: the paths differ even component by component.
    std::os::unix::fs::symlink(&scratch.0, scratch.path("link")).unwrap();
    let other_spelling = scratch.text("link/facts");
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        &scratch.text("facts"),
        "-o",
        &other_spelling,
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("refusing"), "{}", stderr(&output));
    assert_eq!(std::fs::read(scratch.path("facts")).unwrap(), before);
}

#[test]
fn a_name_under_a_file_is_reported_as_unusable() {
    // `facts.yaml/report.md`: the folder is a file. The metadata error is
    // the one to show, not a failed write after all the work.
    let scratch = Scratch::new("under-a-file");
    std::fs::write(scratch.path("facts.yaml"), "").unwrap();
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "-o",
        &scratch.text("facts.yaml/report.md"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot use `"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn score_takes_the_format_from_the_file_name() {
    let scratch = Scratch::new("format-from-name");
    let table = stdout(&kaoping(&["score", COLLECTIVE, COLLECTIVES]));
    let json = stdout(&kaoping(&[
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "--format",
        "json",
    ]));
    let markdown = stdout(&kaoping(&[
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "--format",
        "md",
    ]));
    let csv = stdout(&kaoping(&[
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "--format",
        "csv",
    ]));
    let html = stdout(&kaoping(&[
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "--format",
        "html",
    ]));
    for (name, expected) in [
        ("report.txt", Some(&table)),
        ("report", Some(&table)),
        ("report.json", Some(&json)),
        ("report.md", Some(&markdown)),
        ("report.csv", Some(&csv)),
        ("report.html", Some(&html)),
        ("REPORT.HTML", Some(&html)),
        ("report.xlsx", None),
    ] {
        let output = kaoping(&["score", COLLECTIVE, COLLECTIVES, "-o", &scratch.text(name)]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let written = std::fs::read(scratch.path(name)).unwrap();
        match expected {
            Some(expected) => assert_eq!(&String::from_utf8(written).unwrap(), expected, "{name}"),
            None => assert!(is_workbook(&written), "{name}"),
        }
    }
    // A name without an extension makes no claim: `--format` decides.
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "--format",
        "json",
        "-o",
        &scratch.text("results"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(scratch.path("results")).unwrap(),
        json
    );
}

#[test]
fn nothing_is_written_into_an_input_folder_of_csv_files() {
    // A report inside the facts folder would replace a sheet (with --force)
    // or be read as an unknown sheet the next time the folder is scored.
    let scratch = Scratch::new("into-input-folder");
    let sheets = scratch.text("facts");
    let output = kaoping(&["convert", COLLECTIVE, COLLECTIVES, "-o", &sheets]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let before: Vec<_> = std::fs::read_dir(scratch.path("facts"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    let sheet = std::fs::read_dir(scratch.path("facts"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|e| e == "csv"))
        .unwrap();
    let sheet_text = std::fs::read(&sheet).unwrap();
    for (target, force) in [
        (scratch.text("facts/report.csv"), false),
        (sheet.to_str().unwrap().to_owned(), true),
    ] {
        let mut arguments = vec!["score", COLLECTIVE, &sheets, "-o", &target];
        if force {
            arguments.push("--force");
        }
        let output = kaoping(&arguments);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{target}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("refusing to write into the input folder"),
            "{}",
            stderr(&output)
        );
    }
    // Named from inside the folder, relative to it: refused all the same.
    let facts_folder = scratch.path("facts");
    let output = kaoping_in(
        &facts_folder,
        &["score", &repo(COLLECTIVE), ".", "-o", "report.csv"],
        b"",
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("input folder"),
        "{}",
        stderr(&output)
    );
    let after: Vec<_> = std::fs::read_dir(scratch.path("facts"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(before, after);
    assert_eq!(std::fs::read(&sheet).unwrap(), sheet_text);
    // Beside the folder is fine: the folder is read, the report written.
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        &sheets,
        "-o",
        &scratch.text("report.csv"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(scratch.path("report.csv").exists());
}

#[cfg(unix)]
#[test]
fn fmt_writes_through_a_link_and_keeps_the_file_s_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("fmt-link");
    let shared = scratch.path("shared.kp");
    let unformatted =
        std::fs::read_to_string(COLLECTIVE)
            .unwrap()
            .replacen("  title", "      title", 1);
    std::fs::write(&shared, &unformatted).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::create_dir(scratch.path("policies")).unwrap();
    let link = scratch.path("policies/linked.kp");
    std::os::unix::fs::symlink(&shared, &link).unwrap();

    let output = kaoping(&["fmt", &scratch.text("policies")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let formatted = std::fs::read_to_string(&shared).unwrap();
    assert_ne!(
        formatted, unformatted,
        "the file the link points to is formatted"
    );
    assert_eq!(formatted, std::fs::read_to_string(COLLECTIVE).unwrap());
    let mode = std::fs::metadata(&shared).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn a_name_in_a_missing_folder_is_a_clear_error() {
    let scratch = Scratch::new("missing-folder");
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "-o",
        &scratch.text("missing/report.md"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot write `")
            && stderr(&output).contains("missing/report.md")
            && stderr(&output).contains("No such file or directory"),
        "{}",
        stderr(&output)
    );
    assert!(!scratch.path("missing").exists());
}
