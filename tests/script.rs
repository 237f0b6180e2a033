//! `script` functions in rhai (issue 6, part 1): called like built-ins,
//! compiled and checked with the policy, and run in a sandbox that stops
//! runaway scripts with an error naming the function and the call.

use kaoping::diagnostic::Report;
use kaoping::Number;

/// A one-indicator policy whose score is `score_expression`, with `script`.
fn policy(script: &str, score_expression: &str) -> String {
    format!(
        r#"policy scripted {{
  total 10
  round 2 half_away_from_zero per indicator
}}
input {{
  candidates: list of {{ id: text, name: text, votes: int[0..] }} key id
}}
script {{{script}}}
indicator s "得分" max 10 {{
  score {score_expression}
}}
rank by total
"#
    )
}

const FACTS: &str =
    "candidates:\n  - { id: a, name: 甲, votes: 30 }\n  - { id: b, name: 乙, votes: 10 }\n";

fn load(text: &str) -> Result<kaoping::Checked, Report> {
    kaoping::load_policy("scripted.kp", text)
}

fn evaluate(text: &str) -> Result<kaoping::Outcome, Report> {
    let checked = load(text).unwrap_or_else(|report| panic!("{:?}", report.problems));
    let facts = checked.policy.load_facts("facts.yaml", FACTS).unwrap();
    checked.policy.evaluate(&facts)
}

fn score(outcome: &kaoping::Outcome, candidate: usize) -> String {
    outcome.candidates[candidate].indicators[0]
        .score
        .as_ref()
        .unwrap()
        .to_fixed(2)
}

fn render(report: &Report) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::none()).with_width(100);
    let mut text = String::new();
    for diagnostic in report.diagnostics() {
        handler.render_report(&mut text, &diagnostic).unwrap();
    }
    text
}

#[test]
fn a_script_function_is_called_like_a_built_in() {
    // 10 × (votes ÷ 30)²: a 30 → 10.00; b 10 → 10 × 1/9 = 1.11.
    let text = policy(
        "\n  fn squared_share(votes, most) {\n    let share = votes / most;\n    share * share\n  }\n",
        "10 * squared_share(candidate.votes, 30)",
    );
    let outcome = evaluate(&text).unwrap();
    assert_eq!(score(&outcome, 0), "10.00");
    assert_eq!(score(&outcome, 1), "1.11");
}

#[test]
fn numbers_cross_as_decimals_a_third_at_28_significant_digits() {
    let third = Number::from_integer(1)
        .divide(&Number::from_integer(3))
        .unwrap();
    assert_eq!(
        kaoping::script::to_decimal(&third).unwrap().to_string(),
        "0.3333333333333333333333333333"
    );
    let exact = Number::parse_decimal("1234.5678").unwrap();
    assert_eq!(
        kaoping::script::to_decimal(&exact).unwrap().to_string(),
        "1234.5678"
    );
    // What comes back is exact: 0.1 + 0.2 in decimals is 0.3.
    let text = policy("fn tenths() { 0.1 + 0.2 }", "tenths() * 10");
    assert_eq!(score(&evaluate(&text).unwrap(), 0), "3.00");
}

#[test]
fn an_infinite_loop_is_stopped_with_an_error_at_the_call() {
    let text = policy(
        "\n  fn spin(x) {\n    loop { x += 1; }\n  }\n",
        "spin(1) cap 10",
    );
    let report = evaluate(&text).expect_err("a loop that never ends");
    let problem = &report.problems[0];
    assert!(
        problem.message.starts_with("script function `spin` ")
            && problem.message.ends_with("and was stopped"),
        "{}",
        problem.message
    );
    // The span is the call in the policy, on the `score` line.
    assert_eq!(report.line_column(problem.span.start), (14, 9));
    assert_eq!(&text[problem.span.start..problem.span.end], "spin(1)");
}

#[test]
fn the_sandbox_limits_recursion_and_string_growth() {
    let deep = policy("fn down(x) { down(x + 1) }", "down(0) cap 10");
    let message = &evaluate(&deep).expect_err("unbounded recursion").problems[0].message;
    assert!(
        message.starts_with("script function `down` failed"),
        "{message}"
    );
    let growing = policy(
        r#"fn grow(x) { let s = "ab"; loop { s += s; } }"#,
        "grow(0) cap 10",
    );
    let message = &evaluate(&growing)
        .expect_err("a string without end")
        .problems[0]
        .message;
    assert!(message.contains("`grow`"), "{message}");
}

#[test]
fn print_is_captured_and_a_result_must_be_a_number() {
    let text = policy(
        r#"fn noisy(x) { print("from the script"); debug(x); "text" }"#,
        "noisy(1) cap 10",
    );
    let message = &evaluate(&text).expect_err("text is no score").problems[0].message;
    assert_eq!(
        message,
        "script function `noisy` returned string, not a number"
    );
}

#[test]
fn compile_errors_point_into_the_script_inside_the_policy() {
    let text = policy(
        "\n  fn broken(x) {\n    let y = x +;\n    y\n  }\n",
        "broken(1) cap 10",
    );
    let report = load(&text).expect_err("does not compile");
    let problem = &report.problems[0];
    assert_eq!(problem.code, "kaoping::check::script");
    // rhai reports line 3, column 16 of the script: line 10 of the policy.
    assert_eq!(report.line_column(problem.span.start), (10, 16));
    insta::assert_snapshot!(render(&report));
}

#[test]
fn eval_import_and_misuse_are_refused_when_the_policy_is_checked() {
    for script in [
        r#"fn sneaky(x) { eval("x") }"#,
        r#"import "elsewhere" as other; fn f(x) { x }"#,
    ] {
        let report = load(&policy(script, "1")).expect_err(script);
        assert_eq!(
            report.problems[0].code, "kaoping::check::script",
            "{script}"
        );
    }
    let wrong_arity = load(&policy("fn one(x) { x }", "one(1, 2)")).expect_err("arity");
    assert_eq!(wrong_arity.problems[0].code, "kaoping::check::arity");
    let in_a_parameter = load(
        &policy("fn one(x) { x }", "one(weight)")
            .replace("script {", "param weight = one(1)\nscript {"),
    )
    .expect_err("scripts run per candidate");
    assert_eq!(in_a_parameter.problems[0].code, "kaoping::check::script");
    let shadowing = load(&policy("fn max(x) { x }", "1")).expect_err("a built-in's name");
    assert_eq!(shadowing.problems[0].code, "kaoping::check::duplicate_name");
}
