//! Errors a clerk meets filling facts: in the clerk's language, naming the
//! candidate and the cell, as JSON for programs, and never a flood (issue 15).

use super::*;

const FULL_WIDTH: &str = "tests/data/facts/full_width_digits.yaml";
const INDIVIDUALS: &str = "examples/jiangxi-2019/individuals.yaml";

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    stderr(output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn a_facts_error_reads_in_english_and_in_chinese() {
    // issue 15 §2: facts errors and their help lines in the clerk's language.
    let english = kaoping(&["score", COLLECTIVE, FULL_WIDTH, "--error-format", "plain"]);
    assert_eq!(english.status.code(), Some(1));
    let text = stderr(&english);
    assert!(
        text.contains("candidate nanchang (南昌市生态环境局) · daily.cases (line 31)"),
        "{text}"
    );
    assert!(
        text.contains("`９` is a full-width digit; type `9`"),
        "{text}"
    );
    assert!(text.contains(": 1 error, 0 warnings"), "{text}");

    let chinese = kaoping(&[
        "--lang",
        "zh",
        "score",
        COLLECTIVE,
        FULL_WIDTH,
        "--error-format",
        "plain",
    ]);
    assert_eq!(chinese.status.code(), Some(1));
    let text = stderr(&chinese);
    assert!(
        text.contains("候选对象 nanchang（南昌市生态环境局） · daily.cases（第 31 行）"),
        "{text}"
    );
    assert!(text.contains("应为整数 ≥ 0"), "{text}");
    assert!(text.contains("`９` 是全角数字，请改为半角的 `9`"), "{text}");
    assert!(
        text.contains("-- 此处"),
        "the mark at the character: {text}"
    );
    assert!(text.contains("：1 个错误，0 个警告"), "{text}");
}

#[test]
fn the_locale_chooses_chinese_when_no_flag_does() {
    let output = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .args(["score", COLLECTIVE, FULL_WIDTH, "--error-format", "plain"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap();
    assert!(
        stderr(&output).contains("是全角数字"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn json_errors_name_the_candidate_and_keep_the_path() {
    // issue 15 §1: `candidate` beside the path the JSON always had.
    let output = kaoping(&["score", COLLECTIVE, FULL_WIDTH, "--error-format", "json"]);
    let objects = json_lines(&output);
    assert_eq!(objects.len(), 1, "{objects:?}");
    assert_eq!(objects[0]["candidate"], "nanchang");
    assert_eq!(objects[0]["path"], "candidates[0].daily.cases");
    assert_eq!(objects[0]["line"], 31);
    // The span is the full-width character itself.
    let span = &objects[0]["span"];
    assert_eq!(
        span["end"].as_u64().unwrap() - span["start"].as_u64().unwrap(),
        "９".len() as u64
    );
}

#[test]
fn a_file_that_cannot_be_read_is_said_in_the_clerks_words_and_as_json() {
    // issue 15 §1 and §2: I/O errors in the clerk's language, and in JSON.
    let missing = "examples/jiangxi-2019/no-such-facts.yaml";
    let output = kaoping(&["score", COLLECTIVE, missing]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!("error: cannot read `{missing}`: there is no such file or folder\n")
    );
    let output = kaoping(&["--lang", "zh", "score", COLLECTIVE, missing]);
    assert_eq!(
        stderr(&output),
        format!("错误：无法读取 `{missing}`：没有这个文件或文件夹\n")
    );
    let output = kaoping(&["score", COLLECTIVE, missing, "--error-format", "json"]);
    let objects = json_lines(&output);
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0]["code"], "kaoping::io");
    assert_eq!(objects[0]["file"], missing);
    // A usage error is an object too, and still exits 2.
    let output = kaoping(&["score", "-", "-", "--error-format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    let objects = json_lines(&output);
    assert_eq!(objects[0]["code"], "kaoping::usage");
}

#[test]
fn a_missing_csv_file_is_named_with_its_own_file_in_json() {
    // issue 15 §1: `file` is the CSV file, not its folder.
    let scratch = Scratch::new("clerk-csv");
    let folder = scratch.text("facts");
    let output = kaoping(&["convert", COLLECTIVE, COLLECTIVES, "-o", &folder]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::remove_file(scratch.path("facts").join("扣分.csv")).unwrap();
    let output = kaoping(&["score", COLLECTIVE, &folder, "--error-format", "json"]);
    let objects = json_lines(&output);
    assert_eq!(objects.len(), 1, "{objects:?}");
    let expected = scratch.path("facts").join("扣分.csv");
    assert_eq!(objects[0]["file"], expected.to_str().unwrap());
    assert_eq!(objects[0]["sheet"], "扣分");
    let output = kaoping(&["--lang", "zh", "score", COLLECTIVE, &folder]);
    assert!(
        stderr(&output).contains("缺少文件 `扣分.csv`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn facts_for_another_policy_get_one_hint_and_a_screenful() {
    // issue 15 §1: individual facts under the collective policy.
    let output = kaoping(&["score", COLLECTIVE, INDIVIDUALS, "--error-format", "plain"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    let hint = text.find("these facts look like facts for policy `jiangxi_2019_individual`");
    let first_error = text.find("unknown key");
    assert!(hint.is_some() && hint < first_error, "{text}");
    assert!(
        text.contains("more errors; `--all-errors` shows them"),
        "{text}"
    );
    let shown = text.matches("kaoping::facts::").count();
    assert!(shown <= 21 + 1, "{shown} problems shown:\n{text}");
    let all = kaoping(&[
        "score",
        COLLECTIVE,
        INDIVIDUALS,
        "--error-format",
        "plain",
        "--all-errors",
    ]);
    let text = stderr(&all);
    assert!(!text.contains("--all-errors"), "{text}");
    assert!(text.matches("kaoping::facts::").count() > shown);
}

#[test]
fn an_evaluation_error_names_the_candidate() {
    // issue 15 §1: a division by zero says whose facts caused it.
    let scratch = Scratch::new("clerk-eval");
    let policy = scratch.text("p.kp");
    std::fs::write(
        &policy,
        "policy t {\n  total 10\n}\ninput {\n  candidates: list of { id: text, name: text, \
         x: int[0..] } key id\n}\nindicator s max 10 {\n  score 10 / candidate.x\n}\nrank by total\n",
    )
    .unwrap();
    let facts = scratch.text("f.yaml");
    std::fs::write(
        &facts,
        "candidates:\n  - { id: a, name: 甲, x: 1 }\n  - { id: b, name: 乙, x: 0 }\n",
    )
    .unwrap();
    let output = kaoping(&[
        "--lang",
        "zh",
        "score",
        &policy,
        &facts,
        "--error-format",
        "plain",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("候选对象 b（乙）：除数为零（此处读取 x）"),
        "{text}"
    );
    let output = kaoping(&["score", &policy, &facts, "--error-format", "json"]);
    assert_eq!(json_lines(&output)[0]["candidate"], "b");
}

#[test]
fn a_score_outside_its_range_names_the_candidate_in_chinese() {
    // issue 15 §1: "a score outside its range today aborts with no word of
    // which candidate caused it".
    let scratch = Scratch::new("clerk-range");
    let policy = scratch.text("p.kp");
    std::fs::write(
        &policy,
        "policy t {\n  total 10\n}\ninput {\n  candidates: list of { id: text, name: text, \
         x: int[0..] } key id\n}\nindicator s max 10 {\n  score candidate.x\n}\nrank by total\n",
    )
    .unwrap();
    let facts = scratch.text("f.yaml");
    std::fs::write(
        &facts,
        "candidates:\n  - { id: a, name: 甲, x: 1 }\n  - { id: b, name: 乙, x: 11 }\n",
    )
    .unwrap();
    let output = kaoping(&[
        "--lang",
        "zh",
        "score",
        &policy,
        &facts,
        "--error-format",
        "plain",
    ]);
    let text = stderr(&output);
    assert!(
        text.contains("候选对象 b（乙）：指标 s 得分 `11`，超出 0 至 10 的范围（此处读取 x）"),
        "{text}"
    );
    let output = kaoping(&["score", &policy, &facts, "--error-format", "plain"]);
    let text = stderr(&output);
    assert!(
        text.contains("candidate b (乙): indicator s scored `11`, outside 0..10"),
        "{text}"
    );
}

#[test]
fn choices_are_listed_as_chinese_lists_them() {
    let output = kaoping(&[
        "--lang",
        "zh",
        "score",
        COLLECTIVE,
        "tests/data/facts/bad_enum.yaml",
        "--error-format",
        "plain",
    ]);
    let text = stderr(&output);
    assert!(
        text.contains("请从以下取值中选择：市级（city）、县级（county）"),
        "{text}"
    );
}

#[test]
fn every_facts_problem_of_the_corpus_reads_in_chinese_with_the_same_places() {
    // issue 15 §2: the language changes the words, never what is found or
    // where: the same problems, spans and fields, each message translated.
    use kaoping::messages::Language;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let load_policy = |file: &str| {
        let path = root.join("policies/jiangxi-2019").join(file);
        let source = std::fs::read_to_string(&path).unwrap();
        kaoping::load_policy(file, &source).unwrap().policy
    };
    let collective = load_policy("collective.kp");
    let individual = load_policy("individual.kp");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/data/facts"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let policy = if text.starts_with("# policy: individual") {
            &individual
        } else {
            &collective
        };
        let report = |language| match kaoping::facts::load_in(policy, "f.yaml", &text, language) {
            Ok(facts) => facts.warnings().clone(),
            Err(report) => report,
        };
        let (english, chinese) = (report(Language::English), report(Language::Chinese));
        assert_eq!(english.problems.len(), chinese.problems.len(), "{file:?}");
        for (en, zh) in english.problems.iter().zip(&chinese.problems) {
            assert_eq!(
                (en.code, en.level, en.span, &en.fields),
                (zh.code, zh.level, zh.span, &zh.fields),
                "{file:?}"
            );
            assert_ne!(en.message, zh.message, "{file:?}: not translated");
            assert_ne!(en.help, zh.help, "{file:?}: help not translated");
        }
    }
}

#[test]
fn a_workbook_for_another_policy_gets_the_hint_too() {
    let output = kaoping(&[
        "score",
        COLLECTIVE,
        "examples/jiangxi-2019/individuals.xlsx",
        "--error-format",
        "json",
    ]);
    let objects = json_lines(&output);
    assert_eq!(objects[0]["code"], "kaoping::facts::wrong_policy");
    let message = objects[0]["message"].as_str().unwrap();
    assert!(
        message.contains("look like facts for policy `jiangxi_2019_individual`"),
        "{message}"
    );
}
