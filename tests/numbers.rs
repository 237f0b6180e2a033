//! Numbers as authors expect them (issue 14, point 8): `round` in the
//! header's rounding mode, `round_up` and `round_down` with places, and
//! numbers in messages as decimals, never fractions. Every expected value is
//! computed by hand, and every policy is evaluated both ways (the compiled
//! closures and the tree walk), which must agree.

use kaoping::{Number, Outcome};
use proptest::prelude::*;

const INPUT: &str =
    "input {\n  candidates: list of { id: text, name: text, x: int[0..100] } key id\n}";
const FACTS: &str = "candidates:\n  - { id: a, name: 甲, x: 7 }\n";

/// A policy whose header has `rounding` (a whole `round …` line, or nothing),
/// one indicator scoring `score` out of 30, and the `extra` declarations.
fn policy(rounding: &str, score: &str, extra: &str) -> String {
    format!(
        "policy numbers {{\n  total 30\n  {rounding}\n}}\n{INPUT}\nindicator s \"得分\" max 30 {{\n  score {score}\n}}\n{extra}\nrank by total\n"
    )
}

/// Checks `text`, loads the facts and evaluates both ways; the two results
/// must be the same, errors included.
fn evaluate(text: &str, facts: &str) -> Result<Outcome, kaoping::Report> {
    let checked = kaoping::load_policy("numbers.kp", text)
        .unwrap_or_else(|report| panic!("policy must check: {:?}\n{text}", report.problems));
    let facts = checked
        .policy
        .load_facts("facts.yaml", facts)
        .unwrap_or_else(|report| panic!("facts must load: {:?}", report.problems));
    let compiled = checked.policy.evaluate(&facts);
    let walked = checked.policy.evaluate_walking(&facts);
    assert_eq!(
        format!("{compiled:?}"),
        format!("{walked:?}"),
        "the compiled closures and the tree walk disagree\n{text}"
    );
    compiled
}

/// The message of a finding whose template is `holes`, in a policy with the
/// header line `rounding`.
fn message(rounding: &str, holes: &str) -> String {
    let text = policy(
        rounding,
        "0",
        &format!("finding info when true \"{holes}\""),
    );
    let outcome = evaluate(&text, FACTS).unwrap_or_else(|report| panic!("{report:?}"));
    outcome.candidates[0].findings[0].message.clone()
}

/// The evaluation error's message.
fn error(text: &str) -> String {
    match evaluate(text, FACTS) {
        Ok(_) => panic!("expected an evaluation error\n{text}"),
        Err(report) => report.problems[0].message.clone(),
    }
}

const HALF_EVEN: &str = "round 2 half_even per indicator";
const DOWN: &str = "round 2 down per indicator";
const HALF_AWAY: &str = "round 2 half_away_from_zero per indicator";
const NONE: &str = "";

#[test]
fn round_follows_a_half_even_header() {
    assert_eq!(
        message(
            HALF_EVEN,
            "{round(2.345, 2)} {round(2.355, 2)} {round(-2.345, 2)} {round(2.3451, 2)} {round(0.125, 2)} {round(2.5, 0)} {round(3.5, 0)}"
        ),
        "2.34 2.36 -2.34 2.35 0.12 2 4"
    );
}

#[test]
fn round_follows_a_down_header() {
    // `down` drops the extra digits, toward zero on either side.
    assert_eq!(
        message(
            DOWN,
            "{round(2.349, 2)} {round(-2.349, 2)} {round(2.345, 2)} {round(2.999, 0)} {round(-2.5, 0)}"
        ),
        "2.34 -2.34 2.34 2 -2"
    );
}

#[test]
fn round_is_half_away_from_zero_without_a_header_mode() {
    let holes =
        "{round(2.345, 2)} {round(-2.345, 2)} {round(2.3449, 2)} {round(2.5, 0)} {round(-2.5, 0)}";
    let expected = "2.35 -2.35 2.34 3 -3";
    assert_eq!(message(NONE, holes), expected);
    assert_eq!(message(HALF_AWAY, holes), expected);
}

#[test]
fn the_header_mode_reaches_round_in_every_rule() {
    // In a score, a `let` and a rule condition alike: 2.345 is 2.34 half
    // even, so the score is 2.34 and the 2.35 flag does not fire.
    let text = policy(
        HALF_EVEN,
        "round(candidate.x * 0.335, 2)",
        "finding warning when round(candidate.x * 0.335, 2) == 2.35 \"half away\"\nfinding info when round(candidate.x * 0.335, 2) == 2.34 \"half even\"",
    );
    let outcome = evaluate(&text, FACTS).unwrap();
    let candidate = &outcome.candidates[0];
    assert_eq!(candidate.total.as_ref().unwrap().to_fixed(2), "2.34");
    let messages: Vec<_> = candidate.findings.iter().map(|f| &f.message).collect();
    assert_eq!(messages, ["half even"]);
}

#[test]
fn round_up_rounds_toward_positive_infinity() {
    for rounding in [NONE, HALF_EVEN, DOWN] {
        assert_eq!(
            message(
                rounding,
                "{round_up(2.1)} {round_up(2)} {round_up(-2.5)} {round_up(-2.9)} {round_up(2.341, 2)} {round_up(-2.349, 2)} {round_up(2.34, 2)} {round_up(550 / 7, 2)} {round_up(0.0000000001, 10)}"
            ),
            "3 2 -2 -2 2.35 -2.34 2.34 78.58 0.0000000001",
            "{rounding}"
        );
    }
}

#[test]
fn round_down_rounds_toward_negative_infinity() {
    // On a negative number it moves away from zero, unlike the `down` mode.
    for rounding in [NONE, HALF_EVEN, DOWN] {
        assert_eq!(
            message(
                rounding,
                "{round_down(2.9)} {round_down(-2.5)} {round_down(-2)} {round_down(2.349, 2)} {round_down(-2.341, 2)} {round_down(550 / 7, 1)} {round_down(2.34, 2)} {round_down(1.5, 0)}"
            ),
            "2 -3 -2 2.34 -2.35 78.5 2.34 1",
            "{rounding}"
        );
    }
}

#[test]
fn a_bad_place_count_is_an_evaluation_error_for_every_rounding_function() {
    for (call, function) in [
        ("round(1, 11)", "round"),
        ("round(1, -1)", "round"),
        ("round(1, 0.5)", "round"),
        ("round_up(1, 11)", "round_up"),
        ("round_up(1, 0.5)", "round_up"),
        ("round_down(1, -1)", "round_down"),
        ("round_down(1, 1 / 3)", "round_down"),
    ] {
        let text = policy(HALF_EVEN, &format!("{call} cap 30"), "");
        assert_eq!(
            error(&text),
            format!("`{function}` takes 0 to 10 places"),
            "{call}"
        );
    }
    // Inside a list stage the error is raised as the walk raises it.
    let text = policy(NONE, "[1, 2].map(round_up(it, it * 10)).sum() cap 30", "");
    assert_eq!(error(&text), "`round_up` takes 0 to 10 places");
}

#[test]
fn round_up_and_round_down_take_one_or_two_arguments() {
    for call in ["round_up()", "round_up(1, 2, 3)", "round_down(1, 2, 3)"] {
        let text = policy(NONE, call, "");
        let report = kaoping::load_policy("numbers.kp", &text)
            .err()
            .unwrap_or_else(|| panic!("{call} must not check"));
        let name = call.split('(').next().unwrap();
        assert_eq!(
            report.problems[0].message,
            format!(
                "`{name}` takes 1 or 2 argument(s), found {}",
                if call.ends_with("()") { 0 } else { 3 }
            )
        );
    }
}

#[test]
fn numbers_in_messages_are_decimals_never_fractions() {
    assert_eq!(
        message(
            NONE,
            "{550 / 7} {-2 / 3} {1 / 3} {1 / 300} {5 / 8} {candidate.x / 2} {candidate.x / 3 * 3} {grouped(1000000 / 3)} {[1 / 3, 0.5]}"
        ),
        "≈78.57 ≈-0.67 ≈0.33 ≈0.003 0.625 3.5 7 ≈333,333.33 ≈0.33、0.5"
    );
}

#[test]
fn a_score_outside_its_maximum_reads_as_a_decimal() {
    let text = policy(NONE, "550 / 7", "");
    let message = error(&text);
    assert!(
        message.ends_with("scored `≈78.57`, outside 0..30"),
        "{message}"
    );
    let text = policy(NONE, "30.5", "");
    assert!(error(&text).ends_with("scored `30.5`, outside 0..30"));
}

#[test]
fn a_date_error_reads_its_parts_as_decimals() {
    let text = policy(
        NONE,
        "0",
        "finding info when days_between(date(2019, 10 / 3, 1), date(2019, 1, 1)) > 0 \"x\"",
    );
    assert_eq!(
        error(&text),
        "`date(2019, ≈3.33, 1)` is not a calendar date"
    );
}

#[test]
fn the_exact_score_is_still_exact() {
    // Messages approximate; the outcome's exact score does not.
    let text = policy(NONE, "candidate.x * 10 / 3", "");
    let outcome = evaluate(&text, FACTS).unwrap();
    let indicator = &outcome.candidates[0].indicators[0];
    assert_eq!(indicator.exact.as_ref().unwrap().to_exact_string(), "70/3");
    assert_eq!(indicator.score.as_ref().unwrap().to_exact_string(), "70/3");
}

/// An exact decimal with up to six places, positive or negative.
fn decimal() -> impl Strategy<Value = Number> {
    (-10_000_000i64..10_000_000, 0u32..7).prop_map(|(digits, places)| {
        Number::from_integer(digits.into())
            .divide(&Number::from_integer(10i128.pow(places)))
            .expect("a power of ten is not 0")
    })
}

/// A value without a finite decimal expansion as often as with one.
fn number() -> impl Strategy<Value = Number> {
    (
        decimal(),
        prop_oneof![Just(1i128), Just(3), Just(7), Just(12)],
    )
        .prop_map(|(value, by)| value.divide(&Number::from_integer(by)).unwrap())
}

proptest! {
    /// `round_down(x, p) ≤ x ≤ round_up(x, p)`, both have at most `p` places,
    /// they differ by at most 10^-p, and by nothing when `x` has `p` places.
    #[test]
    fn round_down_and_round_up_bracket_the_value(x in number(), places in 0u32..=10) {
        let down = x.round_down_to(places);
        let up = x.round_up_to(places);
        prop_assert!(down <= x && x <= up);
        let step = Number::from_integer(1)
            .divide(&Number::from_integer(10i128.pow(places)))
            .unwrap();
        prop_assert!(up.subtract(&down) <= step);
        prop_assert_eq!(down.round_down_to(places), down.clone());
        prop_assert_eq!(up.round_up_to(places), up.clone());
        prop_assert_eq!(down == up, x.round_down_to(places) == x);
        // `round` in any mode lands on one of the two.
        for mode in [
            kaoping::ast::RoundingMode::HalfAwayFromZero,
            kaoping::ast::RoundingMode::HalfEven,
            kaoping::ast::RoundingMode::Down,
        ] {
            let rounded = x.round(places, mode);
            prop_assert!(rounded == down || rounded == up);
        }
    }

    /// Message text is never a fraction, reads back as the value when it
    /// is exact, and is within half a hundredth of it when it is not.
    #[test]
    fn message_text_is_a_decimal(x in number()) {
        let text = x.to_string();
        prop_assert!(!text.contains('/'));
        match text.strip_prefix('≈') {
            None => prop_assert_eq!(Number::parse_decimal(&text), Some(x)),
            Some(shown) => {
                let shown = Number::parse_decimal(shown).unwrap();
                let gap = shown.subtract(&x);
                let gap = if gap.is_negative() { gap.negate() } else { gap };
                prop_assert!(gap <= Number::parse_decimal("0.005").unwrap());
                prop_assert!(!shown.is_zero());
            }
        }
    }
}
