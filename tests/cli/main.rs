//! The command line: exit codes, output formats and error formats.

mod clerk_errors;
mod closed_pipe;
mod editor_facts;
mod exit_status;
mod explain_cost;
mod json_facts;
mod standard_streams;
mod write_rule;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn kaoping(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kaoping"))
        // English messages whatever the developer's locale; tests of Chinese say `--lang zh`.
        .env("LC_ALL", "C.UTF-8")
        .args(arguments)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("the kaoping binary runs")
}

/// Runs the binary in `folder` with `input` on its standard input.
fn kaoping_in(folder: &Path, arguments: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        // English messages whatever the developer's locale; tests of Chinese say `--lang zh`.
        .env("LC_ALL", "C.UTF-8")
        .args(arguments)
        .current_dir(folder)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the kaoping binary runs");
    // The binary may exit before reading (a usage error): a closed pipe here is fine.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

/// A fresh folder under the system's temporary folder, removed on drop, so
/// that tests that write never touch the repository.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let folder =
            std::env::temp_dir().join(format!("kaoping-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        Scratch(folder)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn text(&self, name: &str) -> String {
        self.path(name).to_str().unwrap().to_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A repository file as an absolute path, for runs in a scratch folder.
fn repo(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(relative)
        .to_str()
        .unwrap()
        .to_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

const COLLECTIVE: &str = "policies/jiangxi-2019/collective.kp";
const COLLECTIVES: &str = "examples/jiangxi-2019/collectives.yaml";

#[test]
fn score_json_follows_the_results_contract() {
    let output = kaoping(&["score", COLLECTIVE, COLLECTIVES, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let results: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let candidates = results["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 31);
    let nanchang = &candidates[0];
    assert_eq!(nanchang["id"], "nanchang");
    assert_eq!(nanchang["level"], "city");
    assert_eq!(nanchang["status"], "selected");
    assert_eq!(nanchang["rank"], 1);
    // Decimal scores are strings with exactly two places.
    assert_eq!(nanchang["indicators"]["supervision"]["score"], "30.00");
    let total = nanchang["total"].as_str().unwrap();
    assert_eq!(total.split('.').nth(1).map(str::len), Some(2));
    let pingxiang = candidates.iter().find(|c| c["id"] == "pingxiang").unwrap();
    assert_eq!(pingxiang["status"], "excluded");
    assert!(pingxiang["rank"].is_null() && pingxiang["total"].is_null());
    assert_eq!(pingxiang["findings"][0]["clause"], "附1 四(三)");
}

#[test]
fn score_json_has_national_for_individuals() {
    let output = kaoping(&[
        "score",
        "policies/jiangxi-2019/individual.kp",
        "examples/jiangxi-2019/individuals.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let results: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    for candidate in results["candidates"].as_array().unwrap() {
        assert!(candidate["national"].is_boolean());
        assert!(candidate.get("level").is_none());
    }
    let revoked = results["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == "revoked")
        .unwrap();
    assert_eq!(revoked["id"], "liu-jianhua");
}

#[test]
fn table_output_is_the_default() {
    let output = kaoping(&["score", COLLECTIVE, COLLECTIVES]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    // issue 15 §2: the table's words follow the language (English here).
    assert!(text.contains("quota line 2"));
    assert!(text.contains("南昌市生态环境局"));
    assert!(text.contains("Findings"));
}

#[test]
fn output_is_byte_identical_across_runs() {
    let first = kaoping(&["score", COLLECTIVE, COLLECTIVES, "--format", "json"]);
    let second = kaoping(&["score", COLLECTIVE, COLLECTIVES, "--format", "json"]);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn check_lists_readings() {
    let output = kaoping(&["check", COLLECTIVE, "--readings"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("ok"));
    assert!(
        text.contains("按 20/30 缩放"),
        "the 附1 三 reading is listed"
    );
}

#[test]
fn check_prints_the_chain_of_inheritance_and_inherited_readings_by_file() {
    // Issue 4: the effective version and date come from the child's header,
    // and `check` names each policy extended.
    let output = kaoping(&["check", "examples/what-if/weights-2020.kp", "--readings"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("examples/what-if/weights-2020.kp: ok — policy `jiangxi_2020_weights_what_if` version 2020.what-if.1 effective 2020-01-01, 5 indicators, total 100")
    );
    assert_eq!(
        lines.next(),
        Some("  extends `jiangxi_2019_collective` version 2019.1 effective 2019-05-14 (policies/jiangxi-2019/collective.kp)")
    );
    assert!(
        text.contains("reading examples/what-if/weights-2020.kp:19: param supervision_earned_cap"),
        "{text}"
    );
    assert!(
        text.contains("reading policies/jiangxi-2019/collective.kp:"),
        "inherited readings are placed in their own file: {text}"
    );
}

#[test]
fn json_errors_in_an_inherited_file_name_that_file() {
    let dir = std::env::temp_dir().join(format!("kaoping-cli-extends-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let parent = dir.join("parent.kp");
    std::fs::write(&parent, "policy parent {\n  total 10\n}\nparam = 1\n").unwrap();
    let child = dir.join("child.kp");
    std::fs::write(&child, "policy child {\n  extends \"parent.kp\"\n}\n").unwrap();
    // The files lie outside the repository, where this runs: `--root` names their folder.
    let output = kaoping(&[
        "--root",
        dir.to_str().unwrap(),
        "check",
        child.to_str().unwrap(),
        "--error-format",
        "json",
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(output.status.code(), Some(1));
    let problem: serde_json::Value = serde_json::from_str(stderr(&output).trim()).unwrap();
    assert_eq!(problem["code"], "kaoping::syntax");
    assert_eq!(problem["file"], parent.to_str().unwrap());
    assert_eq!(problem["line"], 4);
    assert_eq!(problem["column"], 7);
    // The span is within the parent's own text: 16 + 11 + 2 bytes of lines
    // before `param `, and 6 more to the `=`.
    assert_eq!(problem["span"]["start"], 35);
}

#[test]
fn invalid_policy_exits_1_with_diagnostics() {
    let output = kaoping(&[
        "check",
        "tests/data/policies/select_unknown_group.kp",
        "--error-format",
        "plain",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("unknown group"), "{text}");
    assert!(text.contains("help:"), "{text}");
    assert!(!text.contains('\u{1b}'), "plain output has no colour codes");
}

#[test]
fn invalid_facts_exit_1_and_name_the_field_path() {
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        "tests/data/facts/unknown_key_deep.yaml",
        "--error-format",
        "plain",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    // issue 15 §1: the place names the candidate, then the path within it.
    assert!(
        text.contains("candidate jiujiang (九江市生态环境局) · team.safety_sytem"),
        "{text}"
    );
    assert!(text.contains("line 48"), "{text}");
}

#[test]
fn json_error_format_is_one_object_per_line() {
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        "tests/data/facts/several_errors.yaml",
        "--error-format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stderr(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("every line is JSON"))
        .collect();
    assert!(lines.len() >= 5);
    for problem in &lines {
        assert_eq!(problem["severity"], "error");
        assert!(problem["line"].as_u64().unwrap() > 0);
        assert!(problem["code"]
            .as_str()
            .unwrap()
            .starts_with("kaoping::facts"));
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(kaoping(&["bogus"]).status.code(), Some(2));
    assert_eq!(kaoping(&["score", COLLECTIVE]).status.code(), Some(2));
    assert_eq!(
        kaoping(&["score", COLLECTIVE, COLLECTIVES, "--format", "pdf"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(kaoping(&["--help"]).status.code(), Some(0));
}

#[test]
fn unreadable_files_exit_1() {
    let output = kaoping(&["check", "no/such/policy.kp"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("cannot read"));
}

#[test]
fn explain_prints_the_derivation_of_one_candidate() {
    let output = kaoping(&["explain", COLLECTIVE, COLLECTIVES, "pingxiang"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("EXCLUDED"), "{text}");
    assert!(text.contains("状态 status  excluded"), "{text}");
    let output = kaoping(&[
        "explain",
        COLLECTIVE,
        COLLECTIVES,
        "nanchang",
        "--format",
        "json",
    ]);
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(document["rank"], 1);
}

#[test]
fn explain_an_unknown_candidate_suggests_a_close_id() {
    let output = kaoping(&["explain", COLLECTIVE, COLLECTIVES, "nanchng"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("did you mean `nanchang`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn reports_are_written_atomically_and_never_over_an_input() {
    let directory = std::env::temp_dir().join(format!("kaoping-cli-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    for (format, name) in [
        ("md", "report.md"),
        ("csv", "report.csv"),
        ("html", "report.html"),
        ("xlsx", "report.xlsx"),
    ] {
        let target = directory.join(name);
        let output = kaoping(&[
            "score",
            COLLECTIVE,
            COLLECTIVES,
            "--format",
            format,
            "-o",
            target.to_str().unwrap(),
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&output)
        );
        assert!(
            std::fs::metadata(&target).unwrap().len() > 0,
            "{format} wrote nothing"
        );
    }
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&directory)
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    std::fs::remove_dir_all(&directory).unwrap();

    let before = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(COLLECTIVES)).unwrap();
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "--format",
        "md",
        "-o",
        COLLECTIVES,
    ]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a Markdown report is not named .yaml"
    );
    let after = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(COLLECTIVES)).unwrap();
    assert_eq!(before, after, "the input is untouched");

    let output = kaoping(&["score", COLLECTIVE, COLLECTIVES, "--format", "xlsx"]);
    assert_eq!(output.status.code(), Some(2), "a workbook needs -o");
}

#[test]
fn schema_and_template_commands() {
    let output = kaoping(&["schema", COLLECTIVE]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["additionalProperties"], false);

    let output = kaoping(&["template", COLLECTIVE]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The template, as printed, is a valid facts file for the policy.
    let directory = std::env::temp_dir().join(format!("kaoping-template-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let facts = directory.join("template.yaml");
    std::fs::write(&facts, output.stdout).unwrap();
    let scored = kaoping(&[
        "score",
        COLLECTIVE,
        facts.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(scored.status.code(), Some(0), "{}", stderr(&scored));
    std::fs::remove_dir_all(&directory).unwrap();
}

#[test]
fn test_command_runs_cases_shows_diffs_updates_and_writes_junit() {
    let output = kaoping(&["test", "policies"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains(" passed, 0 failed"));

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let directory = std::env::temp_dir().join(format!("kaoping-cases-{}", std::process::id()));
    let tests = directory.join("tests");
    std::fs::create_dir_all(&tests).unwrap();
    // 附1 一(二): 南昌 is capped at 30, so expecting 35 must fail.
    let case = format!(
        "name: a wrong expectation\nclause: 附1 一(二)\npolicy: {}\nfacts: {}\nexpect:\n  nanchang:\n    indicators: {{ supervision: \"35.00\" }}\n",
        root.join(COLLECTIVE).display(),
        root.join(COLLECTIVES).display()
    );
    std::fs::write(tests.join("wrong.yaml"), case).unwrap();
    let junit = directory.join("junit.xml");
    let directory_text = directory.to_str().unwrap();
    let output = kaoping(&["test", directory_text, "--junit", junit.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("nanchang.indicators.supervision"), "{text}");
    assert!(text.contains("0 passed, 1 failed"), "{text}");
    let report = std::fs::read_to_string(&junit).unwrap();
    assert!(
        report.contains("<testcase") && report.contains("<failure"),
        "{report}"
    );

    let output = kaoping(&["test", directory_text, "--update"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let output = kaoping(&["test", directory_text]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    std::fs::remove_dir_all(&directory).unwrap();
}

#[test]
fn fmt_check_lists_unformatted_files_and_fmt_rewrites_them() {
    // Issue 4: `--check` exits 1 and lists the files it would change; without
    // it, the files are rewritten, comments kept; a file that does not parse
    // is reported and left alone.
    let dir = std::env::temp_dir().join(format!("kaoping-cli-fmt-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    let messy = dir.join("nested/messy.kp");
    std::fs::write(
        &messy,
        "policy p {total 10}\n// why ten\nparam   a=10   cite \"一\"\n",
    )
    .unwrap();
    let tidy = dir.join("tidy.kp");
    std::fs::write(&tidy, "policy p {\n  total 10\n}\n").unwrap();
    let folder = dir.to_str().unwrap();

    let output = kaoping(&["fmt", "--check", folder]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), format!("{}\n", messy.display()));
    assert!(std::fs::read_to_string(&messy)
        .unwrap()
        .contains("param   a=10"));

    let output = kaoping(&["fmt", folder]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        "policy p {\n  total 10\n}\n// why ten\nparam a = 10 cite \"一\"\n"
    );
    assert_eq!(kaoping(&["fmt", "--check", folder]).status.code(), Some(0));

    let broken = dir.join("broken.kp");
    std::fs::write(&broken, "policy p {\n  total\n").unwrap();
    let output = kaoping(&["fmt", "--error-format", "plain", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("syntax error"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "policy p {\n  total\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fmt_formats_standard_input_to_standard_output() {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        // English messages whatever the developer's locale; tests of Chinese say `--lang zh`.
        .env("LC_ALL", "C.UTF-8")
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"policy p {total 10} param a=1")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "policy p {\n  total 10\n}\nparam a = 1\n"
    );
}

#[test]
fn fmt_check_on_standard_input_exits_by_what_it_finds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let formatted = b"policy p {\n  total 10\n}\nparam a = 1\n";
    let output = kaoping_in(root, &["fmt", "--check", "-"], formatted);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let output = kaoping_in(
        root,
        &["fmt", "--check", "-"],
        b"policy p {total 10} param a=1",
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output), "<stdin>\n");
    // `-` stands alone: files beside it are a usage error.
    let output = kaoping_in(root, &["fmt", "-", COLLECTIVE], formatted);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot be mixed with files"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_write_killed_midway_never_leaves_a_partial_output() {
    // Issue 6: `-o` writes a temporary file and renames it, so killing the
    // process at any moment leaves either the previous file or the complete
    // new one, never a truncated mix.
    let dir = std::env::temp_dir().join(format!("kaoping-cli-kill-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = dir.join("report.html");
    let previous = "<!-- the previous report -->\n";
    let complete = {
        let run = kaoping(&["score", COLLECTIVE, COLLECTIVES, "--format", "html"]);
        stdout(&run)
    };
    for delay_ms in [0u64, 1, 2, 3, 5, 8, 13, 21, 34, 55] {
        std::fs::write(&output, previous).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_kaoping"))
            // English messages whatever the developer's locale; tests of Chinese say `--lang zh`.
            .env("LC_ALL", "C.UTF-8")
            .args([
                "score",
                COLLECTIVE,
                COLLECTIVES,
                "--format",
                "html",
                "--force",
                "-o",
            ])
            .arg(&output)
            .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let found = std::fs::read_to_string(&output).unwrap();
        assert!(
            found == previous || found == complete,
            "after a kill at {delay_ms} ms the output is neither the old nor the new report ({} bytes)",
            found.len()
        );
    }
    // Without a kill, `--force` replaces the previous report.
    let target = output.to_str().unwrap();
    let run = kaoping(&["score", COLLECTIVE, COLLECTIVES, "--force", "-o", target]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), complete);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn facts_that_are_not_utf8_are_refused_with_the_offset() {
    // Issue 6 corpus: a facts file saved in a legacy encoding is named, with
    // where its first bad byte is, and exits 1 without a panic.
    let dir = std::env::temp_dir().join(format!("kaoping-cli-latin1-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let facts = dir.join("latin1.yaml");
    std::fs::write(&facts, b"candidates:\n  - id: caf\xe9\n").unwrap();
    let output = kaoping(&["score", COLLECTIVE, facts.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is not UTF-8 text (invalid byte at offset 23)"),
        "{}",
        stderr(&output)
    );
}

/// `score --format json` streams its output; the bytes, to stdout and to a
/// file, are exactly the library's `render::json`.
#[test]
fn streamed_json_is_the_librarys_json_byte_for_byte() {
    let policy_text = std::fs::read_to_string(COLLECTIVE).unwrap();
    let checked = kaoping::load_policy(COLLECTIVE, &policy_text).unwrap();
    let facts = checked
        .policy
        .load_facts(COLLECTIVES, &std::fs::read_to_string(COLLECTIVES).unwrap())
        .unwrap();
    let outcome = checked.policy.evaluate(&facts).unwrap();
    let expected = kaoping::render::json(&checked.policy, &outcome);

    let output = kaoping(&["score", COLLECTIVE, COLLECTIVES, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), expected);

    let file = std::env::temp_dir().join(format!("kaoping-streamed-{}.json", std::process::id()));
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        COLLECTIVES,
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    assert_eq!(written, expected);
}

#[test]
fn extends_reads_inside_the_current_folder_unless_root_widens_it() {
    // Issue 13, 5: a policy reaches nothing beyond its root. The 2020 draft in
    // `drafts/` extends the 2019 policy one folder up, outside `drafts/`.
    let scratch = Scratch::new("root");
    std::fs::create_dir_all(scratch.path("drafts")).unwrap();
    std::fs::copy(repo(COLLECTIVE), scratch.path("collective.kp")).unwrap();
    let child = "policy draft_2020 {\n  extends \"../collective.kp\"\n  version \"2020\"\n}\n";
    std::fs::write(scratch.path("drafts/draft.kp"), child).unwrap();
    let drafts = scratch.path("drafts");

    // Run from `drafts/`: the parent is outside the current folder's tree.
    let refused = kaoping_in(&drafts, &["check", "draft.kp"], b"");
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(
        message.contains("kaoping::extends::outside_root"),
        "{message}"
    );
    assert!(message.contains("--root"), "{message}");

    // `--root ..` widens it; so does running from the folder above.
    let widened = kaoping_in(&drafts, &["--root", "..", "check", "draft.kp"], b"");
    assert_eq!(widened.status.code(), Some(0), "{}", stderr(&widened));
    assert!(stdout(&widened).contains("extends `jiangxi_2019_collective`"));
    let from_above = kaoping_in(&scratch.0, &["check", "drafts/draft.kp"], b"");
    assert_eq!(from_above.status.code(), Some(0), "{}", stderr(&from_above));

    // A root that is no folder is a usage error, not a missing parent.
    let typo = kaoping_in(&drafts, &["--root", "../typo", "check", "draft.kp"], b"");
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("`--root ../typo` is not a folder"),
        "{}",
        stderr(&typo)
    );

    // An absolute path is refused whatever the root, without reading it.
    std::fs::write(
        scratch.path("drafts/absolute.kp"),
        "policy p {\n  extends \"/etc/passwd\"\n}\n",
    )
    .unwrap();
    let absolute = kaoping_in(&drafts, &["--root", "/", "check", "absolute.kp"], b"");
    assert_eq!(absolute.status.code(), Some(1));
    let message = stderr(&absolute);
    assert!(
        message.contains("kaoping::extends::absolute_path"),
        "{message}"
    );
    assert!(!message.contains("root:"), "{message}");
}

/// A reading on a `finding` or `zero when` inside an indicator or a block is
/// listed with the others (坛水字(2008)44号 三: silt is a standard with no
/// deduction, so the policy only reports it).
#[test]
fn check_lists_readings_of_rules_inside_bodies() {
    let output = kaoping(&[
        "check",
        "policies/pond-dredging-2008/pond-dredging-2008.kp",
        "--readings",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("“淤泥清除干净”原文只列为标准，未规定扣分，只作提示"));
    assert!(text.contains("原文在未通过验收的现场处中断"));
}
