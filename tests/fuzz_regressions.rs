//! Hostile input: what the fuzz targets in `fuzz/` found, each as a plain
//! test, and their no-panic promises as proptest properties small enough for
//! every `cargo test` (the fuzzers need cargo-fuzz and libFuzzer; CI has
//! neither). Loading never touches the file system here, so each case is the
//! same on every machine.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kaoping::format::format_source;
use kaoping::{syntax, Policy};
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// Serves the collective policy for any `extends` that names it, so that the
/// what-if policies get as far as the checker; anything else is not found.
fn read_from_memory(path: &Path) -> io::Result<String> {
    if path.file_name().is_some_and(|name| name == "collective.kp") {
        Ok(shipped()[0].1.clone())
    } else {
        Err(io::Error::new(io::ErrorKind::NotFound, "no files here"))
    }
}

fn load(name: &str, text: &str) -> Result<kaoping::Checked, kaoping::Report> {
    kaoping::load_policy_with(name, text, &read_from_memory)
}

/// The shipped policies and what-ifs, collective first; then the test corpus.
fn shipped() -> &'static [(String, String)] {
    static POLICIES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    POLICIES.get_or_init(|| {
        let mut policies = vec![
            "policies/jiangxi-2019/collective.kp".to_string(),
            "policies/jiangxi-2019/individual.kp".to_string(),
        ];
        for folder in ["examples/what-if", "tests/data/policies"] {
            let mut names: Vec<String> = std::fs::read_dir(root().join(folder))
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".kp"))
                .map(|name| format!("{folder}/{name}"))
                .collect();
            names.sort();
            policies.extend(names);
        }
        policies
            .into_iter()
            .map(|path| {
                let text = read(&path);
                (path, text)
            })
            .collect()
    })
}

fn collective() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        load("collective.kp", &shipped()[0].1)
            .unwrap_or_else(|report| panic!("{report:?}"))
            .policy
    })
}

/// The `format` fuzz target's promise: text that formats comes back as the
/// same tree, and formatting it again changes nothing.
fn assert_format_round_trips(text: &str) {
    let Ok(formatted) = format_source(text) else {
        return;
    };
    let before = syntax::parse(text).unwrap();
    let after = syntax::parse(&formatted)
        .unwrap_or_else(|problem| panic!("{problem:?}\n--- formatted:\n{formatted}"));
    assert!(
        before == after,
        "the tree changed:\n{text}\n--- formatted:\n{formatted}"
    );
    let again = format_source(&formatted).unwrap();
    assert_eq!(again, formatted, "formatting twice differs from once");
}

const HEADER: &str = "policy t {\n  total 10\n}\ninput {\n  candidates: list of { id: text, name: text } key id\n}\n";

fn nesting_error(text: &str) -> String {
    match load("deep.kp", text) {
        Ok(_) => panic!("a hostile policy was accepted"),
        Err(report) => report
            .problems
            .iter()
            .map(|problem| problem.message.clone())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

// ------------------------------------------------------------ deep nesting
//
// `tests/language.rs` covers 10,000 nested parentheses in a `score` and a
// 5,000-term sum; `tests/data/facts/deep_nesting.yaml` (diagnostics corpus)
// 10,000 nested flow lists in a facts file. These are the other shapes. Each
// runs on the test harness's 2 MiB thread, smaller than any the CLI uses.

fn score(expression: &str) -> String {
    format!("{HEADER}indicator s max 10 {{\n  score {expression}\n}}\n")
}

#[test]
fn ten_thousand_nested_brackets_of_each_kind_are_errors() {
    for (open, close) in [("(", ")"), ("[", "]"), ("{a: ", "}")] {
        let text = score(&format!("{}1{}", open.repeat(10_000), close.repeat(10_000)));
        let message = nesting_error(&text);
        assert!(message.contains("nested more than"), "{open}: {message}");
        assert!(format_source(&text).is_err(), "{open}");
    }
}

/// `syntax`'s bracket count skips strings, and so message holes; pest's own
/// stack guard stops these ("stack limit reached").
#[test]
fn ten_thousand_nested_parentheses_in_a_message_hole_are_an_error() {
    let text = format!(
        "{HEADER}exclude when true \"{{{}1{}}}\"\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let message = nesting_error(&text);
    assert!(message.starts_with("syntax error"), "{message}");
    assert!(format_source(&text).is_err());
}

/// A `script` block's braces, hidden from the bracket count by a quote in a
/// character literal (the count reads `'"'` as the start of a string): the
/// grammar takes them, the script compiler refuses them.
#[test]
fn ten_thousand_nested_braces_in_a_script_are_an_error() {
    let text = format!(
        "{HEADER}script {{ '\"' {}{} }}\n",
        "{".repeat(10_000),
        "}".repeat(10_000)
    );
    assert!(load("deep.kp", &text).is_err());
    assert_format_round_trips(&text);
}

/// No brackets at all: `if` nests through the grammar's own recursion.
#[test]
fn ten_thousand_nested_ifs_are_an_error() {
    let text = score(&format!(
        "{}1{}",
        "if true then ".repeat(10_000),
        " else 0".repeat(10_000)
    ));
    let message = nesting_error(&text);
    assert!(message.starts_with("syntax error"), "{message}");
    assert!(format_source(&text).is_err());
}

/// Prefix and postfix chains parse (the grammar repeats them) into trees as
/// deep as the chain; the checker refuses them and the formatter walks them.
#[test]
fn ten_thousand_prefix_and_postfix_operations_are_an_error() {
    for expression in [
        format!("{}true", "not ".repeat(10_000)),
        format!("{}1", "-".repeat(10_000)),
        format!("candidate{}", ".name".repeat(10_000)),
        format!("candidate{}", "[0]".repeat(10_000)),
    ] {
        let text = score(&expression);
        let message = nesting_error(&text);
        assert!(message.contains("nested more than"), "{message}");
        assert_format_round_trips(&text);
    }
}

/// Fuzz finding (`check`, a libFuzzer timeout, the input as found in
/// `tests/data/fuzz/check-timeout-if-prefix.kp`): parse time doubles with
/// each `(` opened after a name that starts with `if`. The grammar's
/// `if_expression` takes `"if"` without a word boundary, so `iff(…` is first
/// read as `if f(…`; when that fails the same text is parsed again as a call,
/// and each nested level does the same: 2^n. 16 levels took 4 s, 20 took 84 s
/// (release build). Fixed by `if_word` in `grammar/kaoping.pest`: `if` is a
/// keyword only as a whole word. The deadline guards against a hang (2^24
/// steps would take hours); it does not measure speed, which takes
/// milliseconds now.
#[test]
fn names_starting_with_if_do_not_make_parsing_exponential() {
    let deadline = std::time::Duration::from_secs(30);
    for text in [
        format!("policy t {{\n  total {}\n", "iff(".repeat(24)),
        read("tests/data/fuzz/check-timeout-if-prefix.kp"),
    ] {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = load("slow.kp", &text);
            let _ = done.send(());
        });
        assert!(
            finished.recv_timeout(deadline).is_ok(),
            "parsing took more than {deadline:?}"
        );
    }
}

/// Finding (format), from the deep-nesting tests: the formatter printed `not not x` as
/// `not (not x)`, one bracket and one recursion per `not`. 300 of them formatted
/// to text deeper than `syntax` accepts; 10,000 overflowed a 2 MiB stack.
#[test]
fn repeated_nots_format_flat() {
    let text = "policy t {\n  total 10\n}\nexclude when not not x \"m\"\n";
    assert!(format_source(text)
        .unwrap()
        .contains("exclude when not not x\n"));
    for count in [300, 10_000] {
        let text = format!("{HEADER}exclude when {}x \"m\"\n", "not ".repeat(count));
        assert_format_round_trips(&text);
    }
}

#[test]
fn ten_thousand_level_yaml_of_other_shapes_is_an_error() {
    let shapes = [
        // Flow mappings.
        format!(
            "province: {}1{}\n",
            "{a: ".repeat(10_000),
            "}".repeat(10_000)
        ),
        // Block sequences, all on one line.
        format!("province:\n  {}1\n", "- ".repeat(10_000)),
        // Flow lists under a list that the schema walks into.
        format!("cities: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000)),
    ];
    for text in shapes {
        let report = collective().load_facts("deep.yaml", &text).unwrap_err();
        assert!(!report.problems.is_empty());
    }
}

/// Fuzz finding (`format`, the input as found in
/// `tests/data/fuzz/format-optional-type-name.kp`): a field whose type is a
/// name spelt `optional` parses when a comma follows it (`a: optional, b: int`
/// is a field of type `optional`, then `b`), but the formatter puts fields one
/// a line without commas, and `a: optional` then `b: int` reads as `a: optional
/// b` followed by a stray `: int`. The formatted text did not parse. Fixed in
/// the grammar: `optional` alone is no type name, so such text is a syntax
/// error where it is written, and nothing formats to text that fails to parse.
#[test]
fn a_type_named_optional_survives_formatting() {
    let minimal = "policy t {\n  total 10\n}\ninput {\n  a: optional,\n  b: int\n}\n";
    let problem = syntax::parse(minimal).expect_err("`optional` alone is no type");
    assert_eq!(problem.code, "kaoping::syntax");
    assert_format_round_trips(minimal);
    assert_format_round_trips(&read("tests/data/fuzz/format-optional-type-name.kp"));
}

/// Finding (facts), from the YAML-ish property below: an item of a keyed list that is not a mapping
/// loads as `Absent`, and the duplicate-key check then asked it for its key
/// field, reaching `Value::field`'s `unreachable!`.
#[test]
fn a_scalar_in_a_keyed_list_is_a_problem_not_a_panic() {
    for text in [
        "cities: [0]\n",
        "candidates: [x, {id: a}]\n",
        "cities:\n  - 南昌市\n",
    ] {
        let report = collective().load_facts("facts.yaml", text).unwrap_err();
        assert!(!report.problems.is_empty(), "{text}");
    }
}

// ------------------------------------------------------------ properties

const TOKENS: &[&str] = &[
    "policy",
    "total",
    "round",
    "decimal",
    "half_even",
    "input",
    "record",
    "enum",
    "param",
    "let",
    "indicator",
    "item",
    "max",
    "score",
    "scaled",
    "from",
    "per",
    "exclude",
    "finding",
    "revoke",
    "when",
    "group",
    "by",
    "rank",
    "select",
    "flag",
    "top",
    "in",
    "list",
    "of",
    "key",
    "ref",
    "optional",
    "text",
    "int",
    "date",
    "bool",
    "if",
    "then",
    "else",
    "and",
    "or",
    "not",
    "cap",
    "floor",
    "true",
    "false",
    "zero",
    "cite",
    "reading",
    "extends",
    "override",
    "remove",
    "candidate",
    "peers",
    "sum",
    "count",
    "x",
    "名",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    "..",
    "=",
    "==",
    "<",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "??",
    "%",
    "1",
    "0",
    "2.5",
    "50%",
    "2019-06-30",
    "\"t\"",
    "\"{x}\"",
    "\"",
    "//",
    "/*",
    "*/",
    "\n",
    " ",
    "\t",
];

fn token() -> impl Strategy<Value = String> {
    prop::sample::select(TOKENS).prop_map(str::to_string)
}

/// Text from the language's own tokens, half the time behind a valid header,
/// so that most cases get past the first line.
fn token_soup() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(token(), 0..80)).prop_map(|(header, tokens)| {
        let start = if header { HEADER } else { "" };
        format!("{start}{}", tokens.join(" "))
    })
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(prop::sample::Index, usize),
    Insert(prop::sample::Index, String),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<prop::sample::Index>(), 1..40usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<prop::sample::Index>(), token()).prop_map(|(at, t)| Edit::Insert(at, t)),
        (any::<prop::sample::Index>(), any::<char>())
            .prop_map(|(at, c)| Edit::Insert(at, c.to_string())),
    ];
    prop::collection::vec(edit, 1..6)
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        match edit {
            Edit::Delete(at, n) if !chars.is_empty() => {
                let start = at.index(chars.len());
                let end = (start + n).min(chars.len());
                chars.drain(start..end);
            }
            Edit::Delete(..) => {}
            Edit::Insert(at, insert) => {
                let position = at.index(chars.len() + 1);
                chars.splice(position..position, insert.chars());
            }
        }
    }
    chars.into_iter().collect()
}

/// YAML-ish values: scalars the loader has rules for, and mappings keyed by
/// the collective policy's field names, in block or flow style.
#[derive(Debug, Clone)]
enum Yaml {
    Scalar(String),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

const KEYS: &[&str] = &[
    "province",
    "cities",
    "candidates",
    "id",
    "name",
    "level",
    "city",
    "cases_total",
    "fines_total",
    "major_cases_total",
    "key_units_total",
    "industrial_emissions_total",
    "penalised_parties",
    "key_units_list_published",
    "mobilisation_reported_on",
    "briefs",
    "month",
    "submitted_on",
    "publicity",
    "title",
    "media",
    "date",
    "team",
    "mobile",
    "connected",
    "daily",
    "score",
    "points",
    "commendations",
    "deductions",
    "recommended",
    "random",
    "materials",
    "votes",
    "unknown",
    "<<",
    "? x",
];

const SCALARS: &[&str] = &[
    "0",
    "1",
    "-1",
    "5200",
    "0.5",
    "1e3",
    "0x1F",
    ".inf",
    ".nan",
    "~",
    "null",
    "true",
    "no",
    "2019-06-30",
    "2019-02-30",
    "2019-06-30T10:00:00",
    "city",
    "county",
    "南昌市",
    "\"\"",
    "''",
    "999999999999999999999999999999",
    "&a 1",
    "*a",
    "!!str 1",
    "|",
    ">",
    "'it''s'",
    "[]",
    "{}",
];

fn yaml() -> impl Strategy<Value = Yaml> {
    let scalar = prop_oneof![
        prop::sample::select(SCALARS).prop_map(|s| Yaml::Scalar(s.to_string())),
        "[ -~]{0,8}".prop_map(Yaml::Scalar),
    ];
    scalar.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            prop::sample::select(KEYS).prop_map(str::to_string),
            "[a-z_]{1,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Yaml::List),
            prop::collection::vec((key, inner), 0..6).prop_map(Yaml::Map),
        ]
    })
}

fn flow(value: &Yaml, out: &mut String) {
    match value {
        Yaml::Scalar(text) => out.push_str(text),
        Yaml::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, out);
            }
            out.push(']');
        }
        Yaml::Map(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(key);
                out.push_str(": ");
                flow(item, out);
            }
            out.push('}');
        }
    }
}

fn block(value: &Yaml, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Yaml::List(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&format!("\n{pad}- "));
                block(item, indent + 2, out);
            }
        }
        Yaml::Map(entries) if !entries.is_empty() => {
            for (key, item) in entries {
                out.push_str(&format!("\n{pad}{key}: "));
                block(item, indent + 2, out);
            }
        }
        _ => flow(value, out),
    }
}

fn facts_text() -> impl Strategy<Value = String> {
    let sections = prop::collection::vec(
        (
            prop::sample::select(&["province", "cities", "candidates", "extra"][..]),
            yaml(),
            any::<bool>(),
        ),
        0..4,
    );
    sections.prop_map(|sections| {
        let mut out = String::new();
        for (key, value, as_block) in sections {
            out.push_str(key);
            out.push(':');
            if as_block {
                block(&value, 2, &mut out);
            } else {
                out.push(' ');
                flow(&value, &mut out);
            }
            out.push('\n');
        }
        out
    })
}

proptest! {
    #[test]
    fn arbitrary_text_is_a_report_or_a_policy(text in any::<String>()) {
        let _ = load("fuzz.kp", &text);
        assert_format_round_trips(&text);
    }

    #[test]
    fn token_soup_is_a_report_or_a_policy(text in token_soup()) {
        let _ = load("fuzz.kp", &text);
        assert_format_round_trips(&text);
    }

    #[test]
    fn edited_shipped_policies_are_a_report_or_a_policy(
        which in any::<prop::sample::Index>(),
        edits in edits(),
    ) {
        let (name, text) = which.get(shipped());
        let edited = apply(text, &edits);
        let _ = load(name, &edited);
        assert_format_round_trips(&edited);
    }

    #[test]
    fn yaml_ish_facts_are_a_report_or_facts(text in facts_text()) {
        let _ = collective().load_facts("fuzz.yaml", &text);
    }
}

proptest! {
    // The example facts take about 18 ms to load; 32 cases keep this to a
    // fraction of a second.
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn edited_example_facts_are_a_report_or_facts(edits in edits()) {
        static EXAMPLE: OnceLock<String> = OnceLock::new();
        let example = EXAMPLE.get_or_init(|| read("examples/jiangxi-2019/collectives.yaml"));
        let _ = collective().load_facts("collectives.yaml", &apply(example, &edits));
    }
}
