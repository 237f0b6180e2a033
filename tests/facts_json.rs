//! JSON facts (issue 16 §4): the same schema-driven reading as YAML, with
//! the same problems and words, numbers read exactly from their text, and
//! JSON's own syntax errors at their line and column in both languages.
//!
//! JSON is YAML, so the same text can be loaded both ways: the problems
//! must then agree message for message, path for path, line for line.
//! Broken JSON files in `tests/data/facts_json/` are snapshotted as
//! `tests/diagnostics.rs` snapshots the YAML corpus.

use std::fmt::Write as _;
use std::path::Path;

use kaoping::diagnostic::{Level, Report};
use kaoping::messages::Language;
use kaoping::{Number, Policy};
use miette::{GraphicalReportHandler, GraphicalTheme};

fn policy(file: &str) -> Policy {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("policies/jiangxi-2019")
        .join(file);
    let source = std::fs::read_to_string(&path).expect("the 2019 policies are in the repository");
    match kaoping::load_policy(file, &source) {
        Ok(checked) => checked.policy,
        Err(report) => panic!("{report}: {:?}", report.problems),
    }
}

/// The bundled collective facts written as JSON, one key or item per line.
/// The example's numbers are whole or short decimals, which pass through
/// `serde_json::Value` unchanged.
fn collectives_json() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/jiangxi-2019/collectives.yaml");
    let yaml = std::fs::read_to_string(path).expect("the example facts are in the repository");
    let value: serde_json::Value = serde_saphyr::from_str(&yaml).expect("the example facts load");
    serde_json::to_string_pretty(&value).expect("a JSON value writes")
}

fn json(policy: &Policy, text: &str) -> Result<kaoping::Facts, Report> {
    kaoping::facts::load_json_in(policy, "facts.json", text, Language::English)
}

fn problems(result: Result<kaoping::Facts, Report>) -> Report {
    match result {
        Ok(facts) => facts.warnings().clone(),
        Err(report) => report,
    }
}

/// What must agree between the two readings of one problem: its code,
/// message, machine fields and line (the help of a quoted number names
/// the syntax, so it differs).
fn summary(report: &Report) -> Vec<String> {
    report
        .problems
        .iter()
        .map(|problem| {
            let (line, _) = report.line_column(problem.span.start);
            format!(
                "{} {} {:?} line {line}",
                problem.code, problem.message, problem.fields
            )
        })
        .collect()
}

/// Replaces the first `from` in `text` with `to`, which must be there.
fn edited(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is in the facts");
    text.replacen(from, to, 1)
}

// issue 16 §4
#[test]
fn the_example_facts_load_the_same_from_json_and_yaml() {
    let policy = policy("collective.kp");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/jiangxi-2019/collectives.yaml");
    let yaml = std::fs::read_to_string(path).unwrap();
    let from_yaml = policy.load_facts("facts.yaml", &yaml).expect("YAML loads");
    let from_json = policy
        .load_facts_json("facts.json", &collectives_json())
        .expect("JSON loads");
    assert_eq!(
        format!("{:?}", from_yaml.root),
        format!("{:?}", from_json.root)
    );
    let outcome = |facts| kaoping::render::json(&policy, &policy.evaluate(facts).unwrap());
    assert_eq!(outcome(&from_yaml), outcome(&from_json));
}

// issue 16 §4: the same text read as YAML and as JSON gives the same problems.
#[test]
fn json_and_yaml_give_the_same_problems() {
    let policy = policy("collective.kp");
    let base = collectives_json();
    let cases = [
        (
            "unknown key",
            edited(&base, "\"cases_total\"", "\"cases_totl\""),
        ),
        (
            "quoted number",
            edited(&base, "\"month\": 6", "\"month\": \"6\""),
        ),
        (
            "null where required",
            edited(&base, "\"month\": 7", "\"month\": null"),
        ),
        (
            "decimal for a whole number",
            edited(&base, "\"month\": 8", "\"month\": 8.5"),
        ),
        (
            "out of range",
            edited(&base, "\"month\": 9", "\"month\": 13"),
        ),
        (
            "text for a number",
            edited(
                &base,
                "\"major_cases_total\": 420",
                "\"major_cases_total\": \"many\"",
            ),
        ),
        (
            "number where a record belongs",
            edited(&base, "\"province\": {", "\"province\": 12, \"x\": {"),
        ),
        (
            "bad date",
            edited(&base, "\"2019-05-28\"", "\"2019-02-30\""),
        ),
        (
            "bad enum",
            edited(&base, "\"level\": \"city\"", "\"level\": \"City\""),
        ),
        (
            "duplicate key",
            edited(
                &base,
                "\"cases_total\": 5200,",
                "\"cases_total\": 5200, \"cases_total\": 5201,",
            ),
        ),
        (
            "full-width digit",
            edited(&base, "\"2019-05-28\"", "\"２019-05-28\""),
        ),
        (
            "list where a record belongs",
            edited(&base, "\"province\": {", "\"province\": [], \"x\": {"),
        ),
        (
            "reference to nothing",
            edited(&base, "\"city\": \"南昌市\"", "\"city\": \"南昌\""),
        ),
        (
            "text for a boolean",
            edited(
                &base,
                "\"key_units_list_published\": true",
                "\"key_units_list_published\": \"yes\"",
            ),
        ),
    ];
    for (name, text) in cases {
        let as_yaml = problems(policy.load_facts("facts.json", &text));
        let as_json = problems(json(&policy, &text));
        assert!(as_json.has_errors(), "{name}: the broken facts loaded");
        assert_eq!(summary(&as_yaml), summary(&as_json), "{name}");
    }
}

// issue 16 §4: hand-written facts in each syntax's own layout, lines apart.
#[test]
fn block_yaml_and_pretty_json_give_the_same_problems_at_their_own_lines() {
    let policy = policy("individual.kp");
    let yaml = "# policy: individual\nprovince:\n  population: 45\n";
    let json_text = "{\n  \"province\": {\n    \"population\": 45\n  }\n}\n";
    let as_yaml = problems(policy.load_facts("facts.yaml", yaml));
    let as_json = problems(json(&policy, json_text));
    let masked = |report: &Report| -> Vec<(String, Vec<(&'static str, String)>)> {
        report
            .problems
            .iter()
            .map(|problem| {
                let message = problem.message.split(" (line ").next().unwrap().to_string();
                (message, problem.fields.clone())
            })
            .collect()
    };
    assert!(as_json.has_errors());
    assert_eq!(masked(&as_yaml), masked(&as_json));
    // Each names its own line: the unknown key is on line 3 of each.
    let lines = |report: &Report| -> Vec<usize> {
        report
            .problems
            .iter()
            .map(|problem| report.line_column(problem.span.start).0)
            .collect()
    };
    assert_eq!(lines(&as_yaml), lines(&as_json));
}

fn fines_total(policy: &Policy, facts: &kaoping::Facts) -> Number {
    let root = policy.record(policy.root);
    let province = root.field_index("province").unwrap();
    let record = policy.record(match &root.fields[province].schema {
        kaoping::policy::FieldType::Record(id) => *id,
        other => panic!("province is a record, not {other:?}"),
    });
    let fines = record.field_index("fines_total").unwrap();
    facts.root.field(province).field(fines).as_number().clone()
}

// issue 16 §4: a number's text is read exactly, never through f64.
#[test]
fn numbers_are_read_exactly_from_their_text() {
    let policy = policy("collective.kp");
    let base = collectives_json();
    for written in ["0.1", "310000000.10", "1234567890123456789012345.678"] {
        let text = edited(
            &base,
            "\"fines_total\": 310000000.0",
            &format!("\"fines_total\": {written}"),
        );
        let facts = json(&policy, &text).unwrap_or_else(|report| panic!("{written}: {report:?}"));
        assert_eq!(
            fines_total(&policy, &facts),
            Number::parse_decimal(written).unwrap()
        );
    }
    // 0.1 is one tenth, not the f64 nearest to it.
    let text = edited(
        &base,
        "\"fines_total\": 310000000.0",
        "\"fines_total\": 0.1",
    );
    let tenth = fines_total(&policy, &json(&policy, &text).unwrap());
    assert_eq!(
        tenth.multiply(&Number::from_integer(10)),
        Number::from_integer(1)
    );
}

// issue 16 §4: a JSON string is text, as YAML's quoted scalar is: `"12"` where
// a number belongs is refused with the same message; where text belongs, a
// JSON number is its text.
#[test]
fn a_quoted_number_is_text_as_in_yaml() {
    let policy = policy("collective.kp");
    let base = collectives_json();
    let text = edited(&base, "\"cases_total\": 5200", "\"cases_total\": \"5200\"");
    let report = json(&policy, &text).unwrap_err();
    assert_eq!(report.problems.len(), 1);
    let problem = &report.problems[0];
    assert_eq!(
        problem.message,
        "`province.cases_total` (line 3): expected a whole number, found the text `5200`"
    );
    assert_eq!(
        problem.help.as_deref(),
        Some("remove the quotes: in JSON, a value in quotes is text")
    );
    // In YAML, the same quotes give the same message.
    let yaml = problems(policy.load_facts("facts.yaml", &text));
    assert_eq!(summary(&yaml), summary(&report));
    // A number where text belongs is the text it is written as.
    let text = edited(
        &base,
        "\"title\": \"南昌开展执法大练兵实战演练\"",
        "\"title\": 12.50",
    );
    let from_json = json(&policy, &text).expect("a number is text where text belongs");
    let from_yaml = policy.load_facts("facts.yaml", &text).unwrap();
    assert_eq!(
        format!("{:?}", from_yaml.root),
        format!("{:?}", from_json.root)
    );
    assert!(format!("{:?}", from_json.root).contains("\"12.50\""));
}

// issue 16 §4: `null` where an optional field belongs is the field left out.
#[test]
fn null_where_optional_is_absent() {
    let policy = policy("collective.kp");
    let base = collectives_json();
    let with_null = edited(
        &base,
        "\"mobilisation_reported_on\": \"2019-06-03\"",
        "\"mobilisation_reported_on\": null",
    );
    let mut without: serde_json::Value = serde_json::from_str(&base).unwrap();
    without["cities"][1]
        .as_object_mut()
        .unwrap()
        .shift_remove("mobilisation_reported_on")
        .expect("九江市 reported its mobilisation");
    let without = serde_json::to_string_pretty(&without).unwrap();
    let with_null = json(&policy, &with_null).expect("null is absent");
    let without = json(&policy, &without).expect("the key may be left out");
    assert_eq!(
        format!("{:?}", with_null.root),
        format!("{:?}", without.root)
    );
}

// issue 16 §4: a key twice in one object is an error naming both lines.
#[test]
fn a_duplicate_key_is_an_error() {
    let policy = policy("collective.kp");
    let text = edited(
        &collectives_json(),
        "\"cases_total\": 5200,",
        "\"cases_total\": 5200,\n    \"cases_total\": 5201,",
    );
    let report = json(&policy, &text).unwrap_err();
    let messages: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        ["`province.cases_total` (line 4): key `cases_total` appears twice (first on line 3)"]
    );
}

// issue 16 §4: a syntax error names its line and column, in both languages.
#[test]
fn a_syntax_error_names_its_line_and_column_in_both_languages() {
    let policy = policy("collective.kp");
    let text = edited(
        &collectives_json(),
        "\"cases_total\": 5200,",
        "\"cases_total\": 5200",
    );
    for (language, expected) in [
        (
            Language::English,
            "invalid JSON (line 4, column 5): expected `,` between the keys of an object, or `}` after the last",
        ),
        (
            Language::Chinese,
            "JSON 格式有误（第 4 行第 5 列）：对象的各个键之间应以 `,` 分隔，最后一个之后应是 `}`",
        ),
    ] {
        let report = kaoping::facts::load_json_in(&policy, "facts.json", &text, language).unwrap_err();
        assert_eq!(report.problems.len(), 1);
        let problem = &report.problems[0];
        assert_eq!(problem.code, "kaoping::facts::json");
        assert_eq!(problem.message, expected);
        assert_eq!(report.line_column(problem.span.start), (4, 5));
    }
}

// issue 16 §4: nesting far beyond serde_json's recursion limit is an error
// or skipped, never a stack overflow.
#[test]
fn deep_nesting_is_a_clean_error() {
    let policy = policy("collective.kp");
    let deep = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let base = collectives_json();
    // Where the schema wants a scalar, a list; under an unknown key, skipped.
    for (place, text) in [
        (
            "a scalar",
            edited(
                &base,
                "\"cases_total\": 5200",
                &format!("\"cases_total\": {}", deep(100_000)),
            ),
        ),
        (
            "an unknown key",
            edited(
                &base,
                "\"cases_total\": 5200",
                &format!("\"x\": {}", deep(100_000)),
            ),
        ),
        (
            "a record",
            edited(
                &base,
                "\"province\": {",
                &format!("\"province\": {}, \"x\": {{", deep(100_000)),
            ),
        ),
        (
            "a list",
            edited(
                &base,
                "\"cities\": [",
                &format!("\"cities\": [{},", deep(100_000)),
            ),
        ),
    ] {
        let report = json(&policy, &text).unwrap_err();
        assert!(report.has_errors(), "{place}");
    }
    // Unclosed, the text ends first.
    let text = format!("{{\"province\": {}", "[".repeat(100_000));
    let report = json(&policy, &text).unwrap_err();
    assert!(
        report.problems[0]
            .message
            .starts_with("invalid JSON (line 1, column 100013)"),
        "{:?}",
        report.problems[0].message
    );
    // Deep objects where the schema goes deep reach the recursion limit.
    let text = format!("{{\"province\": {}", "{\"a\": ".repeat(1000));
    let report = json(&policy, &text).unwrap_err();
    assert!(report.has_errors());
}

// issue 16 §4: a byte order mark, escapes in keys and text, and an empty file.
#[test]
fn bom_escapes_and_empty_files() {
    let policy = policy("collective.kp");
    let base = collectives_json();
    let expected = format!("{:?}", json(&policy, &base).unwrap().root);
    let with_bom = format!("\u{feff}{base}");
    assert_eq!(
        format!("{:?}", json(&policy, &with_bom).unwrap().root),
        expected
    );
    // `\u0070rovince` is `province`; `\u5357` is 南.
    let escaped = edited(&base, "\"province\"", "\"\\u0070rovince\"");
    let escaped = edited(&escaped, "\"南昌市\"", "\"\\u5357昌市\"");
    assert_eq!(
        format!("{:?}", json(&policy, &escaped).unwrap().root),
        expected
    );
    // An escaped unknown key is still pointed at where it is written.
    let text = edited(&base, "\"cases_total\"", "\"c\\u0061ses\"");
    let report = json(&policy, &text).unwrap_err();
    let problem = &report.problems[0];
    assert_eq!(
        &text[problem.span.start..problem.span.end],
        "\"c\\u0061ses\""
    );
    assert!(problem.message.contains("unknown key `cases`"));
    for empty in ["", "  \n\t\n"] {
        let report = json(&policy, empty).unwrap_err();
        assert_eq!(report.problems[0].code, "kaoping::facts::empty");
        assert_eq!(
            report.problems[0].help.as_deref(),
            Some("a JSON facts file is one object with the keys of the policy's `input` block")
        );
    }
}

/// The report as `--error-format plain` shows it, then a line per problem.
fn render(report: &Report) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::none()).with_width(100);
    let mut text = String::new();
    for diagnostic in report.diagnostics() {
        handler
            .render_report(&mut text, &diagnostic)
            .expect("rendering into a String cannot fail");
        text.push('\n');
    }
    for problem in &report.problems {
        let (line, column) = report.line_column(problem.span.start);
        let level = match problem.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        writeln!(text, "{level} {} {line}:{column}", problem.code).unwrap();
    }
    text
}

// issue 16 §4: the corpus of broken JSON facts, each rendered in English and
// in Chinese.
#[test]
fn broken_json_facts() {
    let collective = policy("collective.kp");
    insta::glob!("data/facts_json/*.json", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(path).unwrap();
        let mut rendered = String::new();
        for language in [Language::English, Language::Chinese] {
            let report =
                kaoping::facts::load_json_in(&collective, &name, &source, language).unwrap_err();
            assert!(report.has_errors(), "{name}");
            for problem in &report.problems {
                assert!(
                    problem.help.is_some(),
                    "{name}: {} has no help",
                    problem.message
                );
                assert!(
                    problem.span.end <= source.len(),
                    "{name}: span outside the source"
                );
            }
            rendered.push_str(&render(&report));
        }
        insta::assert_snapshot!(rendered);
    });
}

/// Pieces of JSON facts text, valid and broken, for the property below.
fn json_piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"province\"",
        "\"cases_total\"",
        "\"cities\"",
        "\"candidates\"",
        "\"name\"",
        "\"南昌市\"",
        "\"\\u5357\"",
        "\"\\\"",
        "12",
        "-0.5",
        "1e5",
        "0.1",
        "true",
        "null",
        "\"2019-05-28\"",
        "\u{feff}",
        " ",
        "\n",
        "\t",
        "\"",
    ])
}

proptest::proptest! {
    /// issue 16 §4: any text loads or is refused with problems, never a
    /// panic, and every problem lies within the source on character
    /// boundaries, with a help line.
    #[test]
    fn json_loading_never_panics(pieces in proptest::collection::vec(json_piece(), 0..60)) {
        thread_local! {
            static POLICY: Policy = policy("collective.kp");
        }
        let source = pieces.concat();
        POLICY.with(|policy| {
            if let Err(report) = json(policy, &source) {
                for problem in &report.problems {
                    assert!(problem.help.is_some(), "{}", problem.message);
                    assert!(problem.span.start <= problem.span.end);
                    assert!(problem.span.end <= source.len());
                    assert!(source.is_char_boundary(problem.span.start));
                    assert!(source.is_char_boundary(problem.span.end));
                }
            }
        });
    }
}
