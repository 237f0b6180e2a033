//! Differential test: the interpreter running the shipped 2019 policies
//! against the hand-written reference in `tests/reference/`, on random
//! collective and individual fact sets. On every candidate the two must agree
//! exactly: status, rank, total, `national`, and every indicator's rounded
//! (two-place) and exact score.
//!
//! The default number of cases keeps `cargo test` quick; set
//! `DIFFERENTIAL_CASES` (or proptest's own `PROPTEST_CASES`) for a long run:
//!
//! ```sh
//! DIFFERENTIAL_CASES=10000 cargo test --release --test differential
//! ```
//!
//! Every disagreement found is kept as a facts file under
//! `tests/data/differential/` (`collective-*.yaml` or `individual-*.yaml`, with
//! a comment saying what it caught) and replayed on each run.

mod common;
#[path = "reference/big_rational.rs"]
mod exact;
mod reference;

use std::path::Path;
use std::sync::OnceLock;

use common::*;
use kaoping::{CandidateOutcome, FindingKind, Policy};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use proptest::prelude::*;
use proptest::sample::select;
use reference::{fixed2, int, parse_exact, round2, Verdict, Q};

const DEFAULT_CASES: u32 = 96;

fn cases() -> u32 {
    ["DIFFERENTIAL_CASES", "PROPTEST_CASES"]
        .iter()
        .find_map(|name| std::env::var(name).ok()?.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    Collective,
    Individual,
}

fn policy(part: Part) -> &'static Policy {
    static COLLECTIVE: OnceLock<Policy> = OnceLock::new();
    static INDIVIDUAL: OnceLock<Policy> = OnceLock::new();
    match part {
        Part::Collective => COLLECTIVE.get_or_init(collective_policy),
        Part::Individual => INDIVIDUAL.get_or_init(individual_policy),
    }
}

// ───────────────────────────────────────────── comparison

/// One candidate's outcome in a shape both sides can produce: statuses as
/// the contract's words, scores as two-place text, plus the exact score of
/// each indicator before rounding.
#[derive(Clone, Debug, PartialEq)]
struct Seen {
    id: String,
    status: String,
    rank: Option<u32>,
    total: Option<String>,
    national: Option<bool>,
    /// Quota-overrun findings on this candidate.
    overruns: usize,
    /// (indicator, rounded two-place score, exact score)
    indicators: Vec<(String, Option<String>, Option<Q>)>,
}

fn from_interpreter(candidate: &CandidateOutcome) -> Seen {
    Seen {
        id: candidate.id.to_string(),
        status: candidate.status.as_str().to_string(),
        rank: candidate.rank,
        total: candidate.total.as_ref().map(|t| t.to_fixed(2)),
        national: candidate
            .flags
            .iter()
            .find(|(name, _)| name == "national")
            .map(|(_, value)| *value),
        overruns: candidate
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::QuotaOverrun)
            .count(),
        indicators: candidate
            .indicators
            .iter()
            .map(|indicator| {
                // The rounded score must itself be a two-place value, so it is
                // printed with more places and must still read as two.
                let rounded = indicator.score.as_ref().map(|s| {
                    let wide = s.to_fixed(6);
                    let two = s.to_fixed(2);
                    if wide == format!("{two}0000") {
                        two
                    } else {
                        format!("{wide} (not rounded to 2 places)")
                    }
                });
                let exact = indicator.exact.as_ref().map(|e| {
                    parse_exact(&e.to_exact_string())
                        .unwrap_or_else(|| panic!("unreadable exact score {e}"))
                });
                (indicator.name.to_string(), rounded, exact)
            })
            .collect(),
    }
}

fn from_reference(verdict: &Verdict) -> Seen {
    Seen {
        id: verdict.id.clone(),
        status: verdict.status.to_string(),
        rank: verdict.rank,
        total: verdict.total.as_ref().map(fixed2),
        national: verdict.national,
        overruns: verdict.overruns,
        indicators: verdict
            .indicators
            .iter()
            .map(|indicator| {
                (
                    indicator.id.to_string(),
                    indicator.rounded().as_ref().map(fixed2),
                    indicator.exact.clone(),
                )
            })
            .collect(),
    }
}

fn show_exact(value: &Option<Q>) -> String {
    match value {
        Some(q) if q.is_integer() => q.to_integer().to_string(),
        Some(q) => format!("{}/{} ≈ {:.6}", q.numer(), q.denom(), approx(q)),
        None => "none".into(),
    }
}

fn approx(q: &Q) -> f64 {
    q.numer().to_f64().unwrap_or(f64::NAN) / q.denom().to_f64().unwrap_or(f64::NAN)
}

/// Every difference between the two sides, one line each, naming the candidate
/// and both values.
fn differences(interpreter: &[Seen], reference: &[Seen]) -> Vec<String> {
    let mut out = Vec::new();
    if interpreter.len() != reference.len() {
        out.push(format!(
            "{} candidates from the interpreter, {} from the reference",
            interpreter.len(),
            reference.len()
        ));
    }
    for (i, r) in interpreter.iter().zip(reference) {
        let id = &r.id;
        let mut differ = |what: &str, interpreter: String, reference: String| {
            if interpreter != reference {
                out.push(format!(
                    "{id}: {what}: interpreter {interpreter}, reference {reference}"
                ));
            }
        };
        differ("id", i.id.clone(), r.id.clone());
        differ("status", i.status.clone(), r.status.clone());
        differ("rank", format!("{:?}", i.rank), format!("{:?}", r.rank));
        differ("total", format!("{:?}", i.total), format!("{:?}", r.total));
        differ(
            "national",
            format!("{:?}", i.national),
            format!("{:?}", r.national),
        );
        differ(
            "quota-overrun findings",
            i.overruns.to_string(),
            r.overruns.to_string(),
        );
        let names = |seen: &Seen| -> Vec<String> {
            seen.indicators.iter().map(|(n, _, _)| n.clone()).collect()
        };
        differ("indicators", names(i).join(","), names(r).join(","));
        for ((name, i_rounded, i_exact), (_, r_rounded, r_exact)) in
            i.indicators.iter().zip(&r.indicators)
        {
            differ(
                &format!("{name} (rounded)"),
                format!("{i_rounded:?}"),
                format!("{r_rounded:?}"),
            );
            differ(
                &format!("{name} (exact)"),
                show_exact(i_exact),
                show_exact(r_exact),
            );
        }
    }
    out
}

fn run_interpreter(part: Part, yaml: &str) -> Vec<Seen> {
    let policy = policy(part);
    let facts = policy
        .load_facts("generated.yaml", yaml)
        .unwrap_or_else(|report| panic!("facts rejected: {report:?}\n{yaml}"));
    let outcome = policy
        .evaluate(&facts)
        .unwrap_or_else(|report| panic!("evaluation failed: {report:?}\n{yaml}"));
    outcome.candidates.iter().map(from_interpreter).collect()
}

fn run_reference(part: Part, yaml: &str) -> Vec<Seen> {
    let verdicts = match part {
        Part::Collective => reference::collective::evaluate(
            &serde_saphyr::from_str(yaml)
                .unwrap_or_else(|e| panic!("reference cannot read the facts: {e}\n{yaml}")),
        ),
        Part::Individual => reference::individual::evaluate(
            &serde_saphyr::from_str(yaml)
                .unwrap_or_else(|e| panic!("reference cannot read the facts: {e}\n{yaml}")),
        ),
    };
    verdicts.iter().map(from_reference).collect()
}

/// `Err` with every difference and the facts when the two sides disagree.
fn agree(part: Part, yaml: &str) -> Result<(), String> {
    let found = differences(&run_interpreter(part, yaml), &run_reference(part, yaml));
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "interpreter and reference disagree ({part:?}):\n  {}\nfacts:\n{yaml}",
            found.join("\n  ")
        ))
    }
}

// ───────────────────────────────────────────── exact helpers for the generators

/// The decimal text of a value with at most `places` places, if it has one.
fn exact_decimal(value: &Q, places: u32) -> Option<String> {
    let scale = BigInt::from(10u8).pow(places);
    let scaled = value * Q::from_integer(scale);
    scaled.is_integer().then(|| {
        let digits = format!(
            "{:0>width$}",
            scaled.to_integer(),
            width = places as usize + 1
        );
        let (whole, fraction) = digits.split_at(digits.len() - places as usize);
        format!("{whole}.{fraction}")
    })
}

/// Two-place text of `value + cents / 100`, truncated towards zero, never negative.
fn cents_text(value: &Q, cents: i64) -> String {
    let hundredths = (value * int(100)).floor().to_integer() + BigInt::from(cents);
    let hundredths = if hundredths.is_negative() {
        BigInt::zero()
    } else {
        hundredths
    };
    exact_decimal(&Q::new(hundredths, BigInt::from(100u8)), 2).expect("hundredths")
}

fn floor_u64(value: &Q) -> u64 {
    value.floor().to_integer().to_u64().unwrap_or(u64::MAX / 4)
}

/// An integer count chosen around a threshold: below it, at it (exactly, when
/// the threshold is a whole number), just above it, zero, or anything.
fn count_around(threshold: &Q, how: u8, anything: u64) -> u64 {
    let floor = floor_u64(threshold);
    match how {
        0 => anything,
        1 => floor.saturating_sub(1),
        2 => floor,
        3 => floor + 1,
        4 => 0,
        _ => floor_u64(&threshold.ceil()),
    }
}

/// A decimal amount chosen around a threshold, as text. Facts numbers have at
/// most 28 significant digits (the interpreter's loader refuses more), so a
/// longer amount keeps only its whole part.
fn amount_around(threshold: &Q, how: u8, anything: u64) -> String {
    let text = amount_text(threshold, how, anything);
    let significant = text.trim_start_matches(['0', '.']).replace('.', "").len();
    if significant > 28 {
        text.split('.').next().unwrap_or("0").to_string()
    } else {
        text
    }
}

fn amount_text(threshold: &Q, how: u8, anything: u64) -> String {
    match how {
        0 => anything.to_string(),
        1 => cents_text(threshold, -1),
        2 => exact_decimal(threshold, 6).unwrap_or_else(|| cents_text(threshold, 0)),
        3 => cents_text(threshold, 1),
        4 => "0".into(),
        _ => cents_text(threshold, 0),
    }
}

// ───────────────────────────────────────────── collective fact sets

const CITIES: [&str; 4] = ["南昌市", "九江市", "赣州市", "萍乡市"];
const ACTIONS: [&str; 5] = ["第一轮", "第二轮", "第三轮", "第四轮", "第五轮"];
const SUPERVISION_POINTS: [&str; 8] = ["1", "1.5", "2", "2.25", "3", "4", "4.75", "5"];
const CATEGORIES: [&str; 3] = ["general", "four_measures", "inspection_audit"];
const CASE_SCORES: [&str; 11] = [
    "0",
    "0.5",
    "33.33",
    "50",
    "66.665",
    "75",
    "88",
    "99.995",
    "100",
    "61.1",
    "66.6666666666666666666667",
];
const FILL_RATES: [&str; 13] = [
    "100", "99.5", "97", "95.01", "95", "94.99", "90", "88", "85", "80", "75", "50", "0",
];

#[derive(Clone, Debug)]
struct ProvincePlan {
    cases_total: u64,
    fines_total: &'static str,
    major_cases_total: u64,
    key_units_total: u64,
    industrial_emissions_total: &'static str,
}

fn province_plan() -> impl Strategy<Value = ProvincePlan> {
    (
        select(vec![1000u64, 0, 400, 5200]),
        select(vec![
            "1000000",
            "0",
            "310000000.00",
            "12345.67",
            // Many digits push the interpreter's numbers past i128.
            "9876543210987654321.987654321",
        ]),
        select(vec![100u64, 0, 420, 40]),
        select(vec![100u64, 1, 1300]),
        select(vec!["1000", "0.0001", "98000.5", "200", "7.0000003"]),
    )
        .prop_map(
            |(
                cases_total,
                fines_total,
                major_cases_total,
                key_units_total,
                industrial_emissions_total,
            )| ProvincePlan {
                cases_total,
                fines_total,
                major_cases_total,
                key_units_total,
                industrial_emissions_total,
            },
        )
}

/// (case number among a few, so duplicates are common; category; score; disclosed)
type FilePlan = (usize, usize, &'static str, bool);

fn file_plans() -> impl Strategy<Value = Vec<FilePlan>> {
    prop::collection::vec(
        (
            0usize..5,
            0usize..CATEGORIES.len(),
            select(CASE_SCORES.to_vec()),
            prop::bool::weighted(0.85),
        ),
        0..9,
    )
}

#[derive(Clone, Debug)]
struct UnitPlan {
    county: bool,
    city: usize,
    /// Copy an earlier candidate (by this index, modulo), for exact ties.
    copy_of: Option<usize>,
    commendations: Vec<(usize, &'static str)>,
    deductions: Vec<&'static str>,
    integrity_violation: bool,
    team: (&'static str, &'static str, &'static str),
    mobile: (bool, u64, u8, u64),
    recommended: Vec<FilePlan>,
    random: Vec<FilePlan>,
    key_units: u64,
    emissions: &'static str,
    cases: (u8, u64),
    fines: (u8, u64),
    major: (u8, u64, [u64; 5]),
    filing: (u64, u64, u64, u64, &'static str),
    daily_commendations: Vec<&'static str>,
    adopted: u64,
    votes: u64,
}

fn supervision_plan() -> impl Strategy<Value = (Vec<(usize, &'static str)>, Vec<&'static str>)> {
    (
        prop::collection::vec(
            (0..ACTIONS.len(), select(SUPERVISION_POINTS.to_vec())),
            0..10,
        ),
        prop::collection::vec(select(SUPERVISION_POINTS.to_vec()), 0..5),
    )
}

/// Small counts, weighted towards the edges (0 and 1 fault).
fn small() -> impl Strategy<Value = u64> {
    prop_oneof![3 => Just(0u64), 1 => 1u64..4]
}

fn unit_plan() -> impl Strategy<Value = UnitPlan> {
    (
        (
            prop::bool::weighted(0.7),
            0..CITIES.len(),
            prop::option::weighted(0.2, 0usize..64),
            supervision_plan(),
            prop::bool::weighted(0.1),
            (
                select(vec!["0", "1", "1.5", "2.5", "3"]),
                select(vec!["0", "2", "2.5", "3"]),
                select(vec!["0", "1", "3.5", "4"]),
            ),
            (prop::bool::weighted(0.8), 0u64..40, 0u8..5, 0u64..60),
        ),
        (
            file_plans(),
            file_plans(),
            select(vec![0u64, 1, 5, 10, 13, 40, 150]),
            select(vec![
                "0",
                "10",
                "12.5",
                "100",
                "333.3",
                "1000",
                "333.3333333333333333333",
            ]),
            (0u8..6, 0u64..2000),
            (0u8..6, 0u64..5_000_000),
            (0u8..6, 0u64..60, [0u64..4, 0..4, 0..4, 0..4, 0..4]),
            (
                small(),
                small(),
                small(),
                small(),
                select(FILL_RATES.to_vec()),
            ),
            prop::collection::vec(select(vec!["0.5", "1", "1.5", "2"]), 0..5),
            0u64..4,
            0u64..5,
        ),
    )
        .prop_map(
            |(
                (
                    county,
                    city,
                    copy_of,
                    (commendations, deductions),
                    integrity_violation,
                    team,
                    mobile,
                ),
                (
                    recommended,
                    random,
                    key_units,
                    emissions,
                    cases,
                    fines,
                    major,
                    filing,
                    daily_commendations,
                    adopted,
                    votes,
                ),
            )| UnitPlan {
                county,
                city,
                copy_of,
                commendations,
                deductions,
                integrity_violation,
                team,
                mobile,
                recommended,
                random,
                key_units,
                emissions,
                cases,
                fines,
                major,
                filing,
                daily_commendations,
                adopted,
                votes,
            },
        )
}

fn case_files(plans: &[FilePlan]) -> Vec<CaseFile> {
    plans
        .iter()
        .map(|&(number, category, score, disclosed)| {
            let file = file(&format!("案-{number}"), CATEGORIES[category], score);
            if disclosed {
                file
            } else {
                file.undisclosed()
            }
        })
        .collect()
}

fn build_collectives(
    province: &ProvincePlan,
    unpublished: &[bool],
    units: &[UnitPlan],
) -> CollectiveFacts {
    let p = Province {
        cases_total: province.cases_total,
        fines_total: province.fines_total.into(),
        major_cases_total: province.major_cases_total,
        key_units_total: province.key_units_total,
        industrial_emissions_total: province.industrial_emissions_total.into(),
    };
    let key_units_total = int(province.key_units_total);
    let emissions_total = parse_exact(province.industrial_emissions_total).unwrap();
    let mut candidates: Vec<Collective> = Vec::new();
    for (index, plan) in units.iter().enumerate() {
        let id = format!("u{index:02}");
        if let (Some(of), false) = (plan.copy_of, candidates.is_empty()) {
            let mut copy = candidates[of % candidates.len()].clone();
            copy.id = id.clone();
            copy.name = format!("{id}号单位");
            candidates.push(copy);
            continue;
        }
        let base = if plan.county {
            Collective::county(&id)
        } else {
            Collective::city(&id)
        };
        let mut c = base.in_city(CITIES[plan.city]).votes(plan.votes);
        for &(action, points) in &plan.commendations {
            c = c.commend(ACTIONS[action], points);
        }
        for &points in &plan.deductions {
            c = c.deduct(points);
        }
        c.integrity_violation = plan.integrity_violation;
        c.rewards_system = plan.team.0.into();
        c.safety_system = plan.team.1.into();
        c.accountability_system = plan.team.2.into();
        let (connected, double_random, how, anything) = plan.mobile;
        let daily = match how {
            0 => double_random,
            1 => double_random.saturating_sub(1),
            2 => double_random + 1,
            3 => 0,
            _ => anything,
        };
        c = c.mobile(connected, daily, double_random);
        c.recommended = case_files(&plan.recommended);
        c.random = case_files(&plan.random);

        c.key_units = plan.key_units;
        c.industrial_emissions = plan.emissions.into();
        let share = (int(plan.key_units) / &key_units_total
            + parse_exact(plan.emissions).unwrap() / &emissions_total)
            / int(2);
        let half_baseline = |total: Q| total * &share / int(2);
        c.cases = count_around(
            &half_baseline(int(p.cases_total)),
            plan.cases.0,
            plan.cases.1,
        );
        c.fines = amount_around(
            &half_baseline(parse_exact(province.fines_total).unwrap()),
            plan.fines.0,
            plan.fines.1,
        );
        let (how, anything, weights) = plan.major;
        let major = count_around(&half_baseline(int(p.major_cases_total)), how, anything);
        c.major_cases = split(major, weights);
        let (untrue, late, corrections, criticisms, fill_rate) = plan.filing;
        c.untrue_cases = untrue;
        c.late_reports = late;
        c.corrections = corrections;
        c.mee_criticisms = criticisms;
        c.fill_rate = fill_rate.into();
        c.daily_commendations = plan
            .daily_commendations
            .iter()
            .map(|s| s.to_string())
            .collect();
        c.adopted_typical_cases = plan.adopted;
        candidates.push(c);
    }
    CollectiveFacts {
        province: p,
        unpublished: CITIES
            .iter()
            .zip(unpublished)
            .filter(|(_, &unpublished)| unpublished)
            .map(|(city, _)| city.to_string())
            .collect(),
        candidates,
    }
}

/// Splits `total` over the five kinds of major case in proportion to
/// `weights` (the remainder goes to the first kind), so the sum is exact.
fn split(total: u64, weights: [u64; 5]) -> [u64; 5] {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return [total, 0, 0, 0, 0];
    }
    let mut parts = weights.map(|w| total / sum * w);
    let given: u64 = parts.iter().sum();
    parts[0] += total - given;
    parts
}

fn collective_facts() -> impl Strategy<Value = CollectiveFacts> {
    (
        province_plan(),
        prop::collection::vec(prop::bool::weighted(0.2), CITIES.len()),
        prop::collection::vec(unit_plan(), 1..24),
    )
        .prop_map(|(province, unpublished, units)| {
            build_collectives(&province, &unpublished, &units)
        })
}

// ───────────────────────────────────────────── individual fact sets

const EVIDENCE_SCORES: [&str; 9] = [
    "0", "0.005", "0.01", "10", "15.5", "22.333", "29.99", "29.995", "30",
];

#[derive(Clone, Debug)]
struct PersonPlan {
    city: usize,
    copy_of: Option<usize>,
    enforcement_certificate_valid: bool,
    integrity_certificate: bool,
    integrity_violation: bool,
    revoked_after_selection: Option<bool>,
    supervision: (Vec<(usize, &'static str)>, Vec<&'static str>),
    evidence: Vec<(usize, &'static str, bool)>,
    workload: (u64, u64),
    votes: u64,
}

fn workload_count() -> impl Strategy<Value = u64> {
    prop_oneof![2 => Just(0u64), 3 => 1u64..6, 1 => select(vec![100u64, 150, 210, 7])]
}

fn person_plan() -> impl Strategy<Value = PersonPlan> {
    (
        0usize..8,
        prop::option::weighted(0.3, 0usize..64),
        prop::bool::weighted(0.93),
        prop::bool::weighted(0.93),
        prop::bool::weighted(0.06),
        prop_oneof![6 => Just(None), 1 => Just(Some(false)), 2 => Just(Some(true))],
        supervision_plan(),
        prop::collection::vec(
            (
                0usize..3,
                select(EVIDENCE_SCORES.to_vec()),
                prop::bool::weighted(0.85),
            ),
            0..5,
        ),
        (workload_count(), workload_count()),
        0u64..5,
    )
        .prop_map(
            |(
                city,
                copy_of,
                enforcement_certificate_valid,
                integrity_certificate,
                integrity_violation,
                revoked_after_selection,
                supervision,
                evidence,
                workload,
                votes,
            )| PersonPlan {
                city,
                copy_of,
                enforcement_certificate_valid,
                integrity_certificate,
                integrity_violation,
                revoked_after_selection,
                supervision,
                evidence,
                workload,
                votes,
            },
        )
}

fn build_individuals(people: &[PersonPlan], idle: bool) -> IndividualFacts {
    let mut candidates: Vec<Individual> = Vec::new();
    for (index, plan) in people.iter().enumerate() {
        let id = format!("p{index:02}");
        if let (Some(of), false) = (plan.copy_of, candidates.is_empty()) {
            let mut copy = candidates[of % candidates.len()].clone();
            copy.id = id.clone();
            copy.name = format!("{id}号人");
            // A copy may still carry its own revocation, to revoke one of a tie.
            copy.revoked_after_selection = plan.revoked_after_selection;
            candidates.push(copy);
            continue;
        }
        let mut p = Individual::new(&id).in_city(&format!("第{}市", plan.city + 1));
        p.enforcement_certificate_valid = plan.enforcement_certificate_valid;
        p.integrity_certificate = plan.integrity_certificate;
        p.integrity_violation = plan.integrity_violation;
        p.revoked_after_selection = plan.revoked_after_selection;
        for &(action, points) in &plan.supervision.0 {
            p = p.commend(ACTIONS[action], points);
        }
        for &points in &plan.supervision.1 {
            p = p.deduct(points);
        }
        let files = plan
            .evidence
            .iter()
            .map(|&(number, score, disclosed)| {
                let file = evidence(&format!("{id}-{number}"), score);
                if disclosed {
                    file
                } else {
                    file.undisclosed()
                }
            })
            .collect();
        p = p.evidence(files);
        // An idle fact set has every workload at 0: both peer maxima are 0.
        p = if idle {
            p.workload(0, 0)
        } else {
            p.workload(plan.workload.0, plan.workload.1)
        };
        candidates.push(p.votes(plan.votes));
    }
    IndividualFacts::of(candidates)
}

fn individual_facts() -> impl Strategy<Value = IndividualFacts> {
    (
        prop::collection::vec(person_plan(), 1..27),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(people, idle)| build_individuals(&people, idle))
}

// ───────────────────────────────────────────── the tests

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn collectives_agree_with_the_reference(facts in collective_facts()) {
        let yaml = facts.yaml();
        if let Err(message) = agree(Part::Collective, &yaml) {
            prop_assert!(false, "{}", message);
        }
    }

    #[test]
    fn individuals_agree_with_the_reference(facts in individual_facts()) {
        let yaml = facts.yaml();
        if let Err(message) = agree(Part::Individual, &yaml) {
            prop_assert!(false, "{}", message);
        }
    }
}

/// Every fact set kept under `tests/data/differential/` (disagreements found,
/// and edges the generators reach rarely) must agree.
#[test]
fn saved_fact_sets_agree() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/differential");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no saved cases in {}", folder.display());
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let part = if name.starts_with("collective-") {
            Part::Collective
        } else if name.starts_with("individual-") {
            Part::Individual
        } else {
            panic!("{name}: name it collective-… or individual-…");
        };
        let yaml = std::fs::read_to_string(path).unwrap();
        if let Err(message) = agree(part, &yaml) {
            failures.push(format!("{name}: {message}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The bundled example facts and the policy test cases' inline facts: every
/// outcome the repository ships must agree with the reference too.
#[test]
fn bundled_facts_agree() {
    #[derive(serde::Deserialize)]
    struct PolicyTest {
        policy: String,
        facts_inline: Option<String>,
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sets = vec![
        (
            Part::Collective,
            "examples/jiangxi-2019/collectives.yaml".to_string(),
            std::fs::read_to_string(root.join("examples/jiangxi-2019/collectives.yaml")).unwrap(),
        ),
        (
            Part::Individual,
            "examples/jiangxi-2019/individuals.yaml".to_string(),
            std::fs::read_to_string(root.join("examples/jiangxi-2019/individuals.yaml")).unwrap(),
        ),
    ];
    let tests = root.join("policies/jiangxi-2019/tests");
    let mut paths: Vec<_> = std::fs::read_dir(&tests)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let case: PolicyTest = serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Some(facts) = case.facts_inline {
            let part = if case.policy.ends_with("collective.kp") {
                Part::Collective
            } else {
                Part::Individual
            };
            sets.push((part, path.display().to_string(), facts));
        }
    }
    assert!(
        sets.len() >= 3,
        "no inline facts found in {}",
        tests.display()
    );
    let failures: Vec<String> = sets
        .iter()
        .filter_map(|(part, name, yaml)| agree(*part, yaml).err().map(|e| format!("{name}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The helpers the reference rounds and prints with, on the edges that matter.
#[test]
fn reference_rounds_half_away_from_zero() {
    let cases = [
        ("0.005", "0.01"),
        ("0.0049999", "0.00"),
        ("29.995", "30.00"),
        ("-0.005", "-0.01"),
        ("2/3", "0.67"),
        ("1/8", "0.13"),
        ("40/3", "13.33"),
    ];
    for (value, expected) in cases {
        assert_eq!(
            fixed2(&round2(&parse_exact(value).unwrap())),
            expected,
            "{value}"
        );
    }
}

// ───────────────────────────────────────────── what the generators reach

/// How often the generators reach the edges this test exists for. Run it to
/// see the table: `cargo test --test differential -- --ignored --nocapture`.
#[test]
#[ignore]
fn generator_coverage() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use reference::collective::Level;

    let samples = 2000;
    let mut runner = TestRunner::deterministic();
    let mut seen: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut count = |what: &'static str, hit: bool| {
        *seen.entry(what).or_default() += usize::from(hit);
    };
    let half = |total: Q, share: &Q| total * share / int(2);
    for _ in 0..samples {
        let yaml = collective_facts()
            .new_tree(&mut runner)
            .unwrap()
            .current()
            .yaml();
        let facts: reference::collective::Facts = serde_saphyr::from_str(&yaml).unwrap();
        let verdicts = reference::collective::evaluate(&facts);
        let p = &facts.province;
        count(
            "A: some candidate excluded",
            verdicts.iter().any(|v| v.status == "excluded"),
        );
        count(
            "A: county candidates selected > 10 (tie at the line)",
            verdicts
                .iter()
                .zip(&facts.candidates)
                .filter(|(v, c)| v.status == "selected" && c.level == Level::County)
                .count()
                > 10,
        );
        count(
            "A: city candidates selected > 2 (tie at the line)",
            verdicts
                .iter()
                .zip(&facts.candidates)
                .filter(|(v, c)| v.status == "selected" && c.level == Level::City)
                .count()
                > 2,
        );
        count(
            "A: some county candidate ranked, not selected",
            verdicts
                .iter()
                .zip(&facts.candidates)
                .any(|(v, c)| v.status == "ranked" && c.level == Level::County),
        );
        count(
            "A: shared rank",
            verdicts
                .iter()
                .enumerate()
                .any(|(i, v)| v.rank.is_some() && verdicts[..i].iter().any(|w| w.rank == v.rank)),
        );
        let mut at_half = false;
        let mut fines_at_half = false;
        let mut duplicate = false;
        let mut surplus = false;
        let mut earned_over_cap = false;
        let mut lost_over_cap = false;
        let mut filing_steps = false;
        for c in &facts.candidates {
            let d = &c.daily;
            let share = (int(d.key_units) / int(p.key_units_total)
                + d.industrial_emissions.0.clone() / &p.industrial_emissions_total.0)
                / int(2);
            at_half |= int(d.cases) == half(int(p.cases_total), &share);
            fines_at_half |= d.fines.0 == half(p.fines_total.0.clone(), &share);
            let numbers: Vec<&str> = c
                .case_files
                .recommended
                .iter()
                .map(|f| f.case_no.as_str())
                .collect();
            duplicate |= (1..numbers.len()).any(|i| numbers[..i].contains(&numbers[i]));
            surplus |= c.case_files.recommended.len() > 5 || c.case_files.random.len() > 4;
            let best: Q = c
                .supervision
                .commendations
                .iter()
                .fold(Q::zero(), |s, x| s + &x.points.0);
            earned_over_cap |= best > int(30);
            lost_over_cap |= c
                .supervision
                .deductions
                .iter()
                .fold(Q::zero(), |s, x| s + &x.points.0)
                > int(10);
            filing_steps |= d.filing.fill_rate.0 < int(100);
        }
        count("A: cases exactly at 50% of the baseline", at_half);
        count("A: fines exactly at 50% of the baseline", fines_at_half);
        count("A: a repeated recommended case number", duplicate);
        count("A: more files than any level requires", surplus);
        count("A: commendations summing over 30", earned_over_cap);
        count("A: deductions summing over 10", lost_over_cap);
        count("A: filing rate below 100%", filing_steps);
    }
    for _ in 0..samples {
        let yaml = individual_facts()
            .new_tree(&mut runner)
            .unwrap()
            .current()
            .yaml();
        let facts: reference::individual::Facts = serde_saphyr::from_str(&yaml).unwrap();
        let verdicts = reference::individual::evaluate(&facts);
        let selected = verdicts
            .iter()
            .filter(|v| matches!(v.status, "selected" | "revoked"))
            .count();
        let national = verdicts.iter().filter(|v| v.national == Some(true)).count();
        count(
            "B: some candidate excluded",
            verdicts.iter().any(|v| v.status == "excluded"),
        );
        count(
            "B: some candidate revoked",
            verdicts.iter().any(|v| v.status == "revoked"),
        );
        count(
            "B: revocation on a non-selected candidate",
            verdicts
                .iter()
                .zip(&facts.candidates)
                .any(|(v, c)| c.revoked_after_selection && v.status == "ranked"),
        );
        count(
            "B: more than 20 ranked",
            verdicts.iter().filter(|v| v.rank.is_some()).count() > 20,
        );
        count("B: selected > 20 (tie at the line)", selected > 20);
        count("B: national > 10 (tie at the line)", national > 10);
        count(
            "B: shared rank",
            verdicts
                .iter()
                .enumerate()
                .any(|(i, v)| v.rank.is_some() && verdicts[..i].iter().any(|w| w.rank == v.rank)),
        );
        count(
            "B: more than two evidence files",
            facts.candidates.iter().any(|c| c.evidence_files.len() > 2),
        );
        count(
            "B: eligible workload maxima both 0",
            verdicts
                .iter()
                .all(|v| v.status == "excluded" || v.indicators[2].exact == Some(Q::zero()))
                && verdicts.iter().any(|v| v.status != "excluded"),
        );
    }
    for (what, hits) in seen {
        println!("{hits:>5} / {samples}  {what}");
    }
}
