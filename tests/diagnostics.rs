//! A data-driven corpus of broken inputs and the diagnostics they produce.
//!
//! Every file in `tests/data/policies/*.kp` is a small policy with one
//! family of problems; every file in `tests/data/facts/*.yaml` is a broken
//! facts file for the 2019 Jiangxi collective policy (or the individual one
//! when its first line is `# policy: individual`). Each is snapshotted as
//! the plain-text miette rendering of its report, followed by one line per
//! problem: `level code line:column`.
//!
//! Besides the snapshots, every file must produce at least one error (files
//! named `warning_*` must instead load, with at least one warning), every
//! problem must carry a help line, and every span must lie within the source.

use std::fmt::Write as _;
use std::path::Path;

use kaoping::ast::Span;
use kaoping::diagnostic::{Level, Report};
use miette::{GraphicalReportHandler, GraphicalTheme};

/// The file name alone, so that snapshots do not depend on the checkout.
fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("globbed paths name files")
        .to_string_lossy()
        .into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read `{}`: {error}", path.display()))
}

/// The report as the CLI's `--error-format plain` shows it, then a summary
/// line per problem.
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
        writeln!(text, "{level} {} {line}:{column}", problem.code)
            .expect("writing into a String cannot fail");
    }
    text
}

fn assert_span_within(name: &str, source: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= source.len(),
        "{name}: the span {span:?} of {what} lies outside the source ({} bytes)",
        source.len()
    );
    assert!(
        source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
        "{name}: the span {span:?} of {what} splits a character"
    );
}

/// Checks the properties every report of the corpus must have.
fn assert_well_formed(name: &str, source: &str, report: &Report) {
    assert_eq!(report.source_name, name, "the report names its source");
    for problem in &report.problems {
        let what = format!("`{}` ({})", problem.message, problem.code);
        assert!(problem.help.is_some(), "{name}: {what} has no help");
        assert_span_within(name, source, problem.span, &what);
        for (span, label) in &problem.related {
            assert_span_within(name, source, *span, &format!("{what}, related `{label}`"));
        }
    }
}

/// Checks that a file is broken as its name says: warnings only for
/// `warning_*` files, at least one error for every other file.
fn assert_expected_level(name: &str, report: &Report, loaded: bool) {
    if name.starts_with("warning_") {
        assert!(loaded, "{name}: a warnings-only input must still load");
        assert!(!report.has_errors(), "{name}: expected warnings only");
        assert!(
            report.warnings().next().is_some(),
            "{name}: expected at least one warning"
        );
    } else {
        assert!(!loaded, "{name}: a broken input loaded without errors");
        assert!(report.has_errors(), "{name}: expected at least one error");
    }
}

#[test]
fn broken_policies() {
    insta::glob!("data/policies/*.kp", |path| {
        let name = file_name(path);
        let source = read(path);
        assert!(
            source.starts_with("// "),
            "{name}: start with a `// ` line saying what the file tests"
        );
        let (report, loaded) = match kaoping::load_policy(&name, &source) {
            Ok(checked) => (checked.warnings, true),
            Err(report) => (report, false),
        };
        assert_expected_level(&name, &report, loaded);
        assert_well_formed(&name, &source, &report);
        insta::assert_snapshot!(render(&report));
    });
}

#[test]
fn broken_facts() {
    let load = |file: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("policies/jiangxi-2019")
            .join(file);
        let source = read(&path);
        match kaoping::load_policy(file, &source) {
            Ok(checked) => checked.policy,
            Err(report) => panic!("{report}: {:?}", report.problems),
        }
    };
    let collective = load("collective.kp");
    let individual = load("individual.kp");
    insta::glob!("data/facts/*.yaml", |path| {
        let name = file_name(path);
        let source = read(path);
        assert!(
            source.starts_with("# "),
            "{name}: start with a `# ` line saying what the file tests"
        );
        let policy = if source.starts_with("# policy: individual") {
            &individual
        } else {
            &collective
        };
        let report = match policy.load_facts(&name, &source) {
            Ok(facts) => facts.warnings().clone(),
            Err(report) => report,
        };
        assert_expected_level(&name, &report, !report.has_errors());
        assert_well_formed(&name, &source, &report);
        insta::assert_snapshot!(render(&report));
    });
}

/// Pieces of policy text, with the full-width punctuation, quotes, brackets
/// and keywords that the scan for common mistakes reads.
fn policy_piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "policy demo {",
        "indicator a \"甲\" max 10 {",
        "item b max 2 {",
        "score 1",
        "if",
        "then",
        "else",
        "script {",
        "\"",
        "“",
        "”",
        "：",
        "（",
        "９",
        "０",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "//",
        "/*",
        "*/",
        "'",
        "`",
        "\\",
        "\n",
        " ",
        "　",
        "x",
    ])
}

proptest::proptest! {
    /// issue 15 §1: naming the cause of a syntax error never panics, and
    /// every problem it names lies within the source, on character
    /// boundaries, with a help line.
    #[test]
    fn syntax_errors_are_well_formed(pieces in proptest::collection::vec(policy_piece(), 0..40)) {
        let source = pieces.concat();
        if let Err(problems) = kaoping::syntax::parse_all(&source) {
            proptest::prop_assert!(!problems.is_empty());
            for problem in &problems {
                assert_span_within("generated", &source, problem.span, &problem.message);
                for (span, label) in &problem.related {
                    assert_span_within("generated", &source, *span, label);
                }
            }
        }
    }
}
