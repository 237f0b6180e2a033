//! Invariants of the engine over generated facts (proptest).

use std::path::Path;
use std::sync::OnceLock;

use kaoping::{FindingKind, Number, Outcome, Policy, Status};
use proptest::prelude::*;

fn policy(name: &str) -> &'static Policy {
    static COLLECTIVE: OnceLock<Policy> = OnceLock::new();
    static INDIVIDUAL: OnceLock<Policy> = OnceLock::new();
    let cell = if name == "collective" {
        &COLLECTIVE
    } else {
        &INDIVIDUAL
    };
    cell.get_or_init(|| {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("policies/jiangxi-2019/{name}.kp"));
        let text = std::fs::read_to_string(&path).unwrap();
        kaoping::load_policy(name, &text).unwrap().policy
    })
}

const CITIES: [&str; 4] = ["南昌市", "九江市", "赣州市", "萍乡市"];
const ACTIONS: [&str; 3] = ["第一轮", "第二轮", "第三轮"];

#[derive(Debug, Clone)]
struct Unit {
    level_city: bool,
    city: usize,
    commendations: Vec<(usize, u8)>,
    deductions: Vec<u8>,
    integrity_violation: bool,
    team: (u8, u8, u8),
    connected: bool,
    daily_inspections: u32,
    double_random: u32,
    recommended: Vec<(u8, u8, bool, u8)>,
    random: Vec<(u8, u8, bool)>,
    key_units: u32,
    emissions: u32,
    cases: u32,
    fines: u32,
    major: u32,
    fill_rate: u8,
    late_reports: u8,
    daily_commendations: Vec<u8>,
    votes: u32,
}

fn unit() -> impl Strategy<Value = Unit> {
    (
        (
            any::<bool>(),
            0..CITIES.len(),
            prop::collection::vec((0..ACTIONS.len(), 1u8..=5), 0..9),
        ),
        (
            prop::collection::vec(1u8..=5, 0..4),
            prop::bool::weighted(0.1),
            (0u8..=3, 0u8..=3, 0u8..=4),
        ),
        (prop::bool::weighted(0.9), 0u32..200, 0u32..200),
        (
            prop::collection::vec(
                (0u8..3, 0u8..=100, prop::bool::weighted(0.85), 0u8..4),
                0..7,
            ),
            prop::collection::vec((0u8..2, 0u8..=100, prop::bool::weighted(0.85)), 0..6),
        ),
        (
            0u32..200,
            0u32..20000,
            0u32..1000,
            0u32..50_000_000,
            0u32..100,
        ),
        (
            50u8..=100,
            0u8..3,
            prop::collection::vec(1u8..=4, 0..4),
            0u32..30,
        ),
    )
        .prop_map(
            |(
                (level_city, city, commendations),
                (deductions, integrity_violation, team),
                (connected, daily_inspections, double_random),
                (recommended, random),
                (key_units, emissions, cases, fines, major),
                (fill_rate, late_reports, daily_commendations, votes),
            )| Unit {
                level_city,
                city,
                commendations,
                deductions,
                integrity_violation,
                team,
                connected,
                daily_inspections,
                double_random,
                recommended,
                random,
                key_units,
                emissions,
                cases,
                fines,
                major,
                fill_rate,
                late_reports,
                daily_commendations,
                votes,
            },
        )
}

const CATEGORIES: [&str; 3] = ["general", "four_measures", "inspection_audit"];

fn collective_yaml(units: &[Unit], published: &[bool]) -> String {
    let mut yaml = String::from(
        "province:\n  cases_total: 5200\n  fines_total: 310000000\n  major_cases_total: 420\n  key_units_total: 1300\n  industrial_emissions_total: 98000.5\ncities:\n",
    );
    for (index, city) in CITIES.iter().enumerate() {
        yaml += &format!(
            "  - {{ name: {city}, key_units_list_published: {} }}\n",
            published[index]
        );
    }
    yaml += "candidates:\n";
    for (index, unit) in units.iter().enumerate() {
        yaml += &format!(
            "  - id: u{index}\n    name: 单位{index}\n    level: {}\n    city: {}\n",
            if unit.level_city { "city" } else { "county" },
            CITIES[unit.city]
        );
        yaml += "    supervision:\n      commendations:";
        yaml += if unit.commendations.is_empty() {
            " []\n"
        } else {
            "\n"
        };
        for (action, points) in &unit.commendations {
            yaml += &format!(
                "        - {{ action: {}, points: {points} }}\n",
                ACTIONS[*action]
            );
        }
        yaml += "      deductions:";
        yaml += if unit.deductions.is_empty() {
            " []\n"
        } else {
            "\n"
        };
        for points in &unit.deductions {
            yaml += &format!("        - {{ reason: 不服从指挥调度, points: {points} }}\n");
        }
        yaml += &format!("      integrity_violation: {}\n", unit.integrity_violation);
        yaml += &format!(
            "    team:\n      rewards_system: {}\n      safety_system: {}\n      accountability_system: {}\n      mobile: {{ connected: {}, daily_inspections: {}, double_random_inspections: {} }}\n",
            unit.team.0, unit.team.1, unit.team.2, unit.connected, unit.daily_inspections, unit.double_random
        );
        yaml += "    case_files:\n      recommended:";
        yaml += if unit.recommended.is_empty() {
            " []\n"
        } else {
            "\n"
        };
        for (category, score, disclosed, case) in &unit.recommended {
            yaml += &format!(
                "        - {{ case_no: 案{case}, category: {}, score: {score}, disclosed: {disclosed} }}\n",
                CATEGORIES[*category as usize]
            );
        }
        yaml += "      random:";
        yaml += if unit.random.is_empty() {
            " []\n"
        } else {
            "\n"
        };
        for (position, (category, score, disclosed)) in unit.random.iter().enumerate() {
            yaml += &format!(
                "        - {{ case_no: 抽{position}, category: {}, score: {score}, disclosed: {disclosed} }}\n",
                CATEGORIES[*category as usize]
            );
        }
        yaml += &format!(
            "    daily:\n      key_units: {}\n      industrial_emissions: {}\n      cases: {}\n      fines: {}\n",
            unit.key_units, unit.emissions, unit.cases, unit.fines
        );
        yaml += &format!(
            "      major_cases: {{ seizure: {}, production_limit: 0, daily_penalty: 1, criminal_transfer: 0, detention_transfer: 0 }}\n",
            unit.major
        );
        yaml += &format!(
            "      filing: {{ untrue_cases: 0, late_reports: {}, fill_rate: {}, corrections: 0, mee_criticisms: 0 }}\n",
            unit.late_reports, unit.fill_rate
        );
        let commendations: Vec<String> = unit
            .daily_commendations
            .iter()
            .map(|half| {
                Number::from_integer(*half as i128)
                    .divide(&Number::from_integer(2))
                    .unwrap()
                    .to_exact_string()
            })
            .collect();
        yaml += &format!(
            "      commendations: [{}]\n      adopted_typical_cases: 0\n    satisfaction: {{ votes: {} }}\n",
            commendations.join(", "),
            unit.votes
        );
    }
    yaml
}

fn evaluate(policy: &Policy, yaml: &str) -> Outcome {
    let facts = policy
        .load_facts("generated.yaml", yaml)
        .unwrap_or_else(|report| {
            panic!("generated facts must load: {:?}\n{yaml}", report.problems)
        });
    // Compiled to closures or walked, the code computes the same result.
    let outcome = policy.evaluate(&facts);
    let walked = policy.evaluate_walking(&facts);
    assert_eq!(format!("{outcome:?}"), format!("{walked:?}"));
    outcome.unwrap()
}

fn check_invariants(policy: &Policy, outcome: &Outcome) {
    for candidate in &outcome.candidates {
        for indicator in &candidate.indicators {
            if let Some(score) = &indicator.score {
                assert!(
                    !score.is_negative() && *score <= indicator.max,
                    "{} {}: {score:?}",
                    candidate.id,
                    indicator.name
                );
            }
        }
        match candidate.status {
            Status::Excluded => {
                assert_eq!(candidate.rank, None, "excluded candidates have no rank");
                assert_eq!(candidate.total, None);
            }
            _ => {
                let sum = candidate
                    .indicators
                    .iter()
                    .fold(Number::zero(), |sum, i| sum.add(i.score.as_ref().unwrap()));
                assert_eq!(
                    candidate.total.as_ref(),
                    Some(&sum),
                    "total is the sum of rounded scores"
                );
                assert!(candidate.rank.is_some());
            }
        }
    }
    for group in &outcome.groups {
        let Some(quota) = group.quota else { continue };
        let overrun = group
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::QuotaOverrun && f.rule == "select");
        let expected = (quota as usize).min(group.eligible);
        if overrun {
            assert!(group.selected > quota as usize);
        } else {
            assert_eq!(
                group.selected, expected,
                "group {} selects its quota",
                group.name
            );
        }
    }
    let _ = policy;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn collective_invariants(units in prop::collection::vec(unit(), 1..16), published in prop::collection::vec(prop::bool::weighted(0.8), 4)) {
        let policy = policy("collective");
        let yaml = collective_yaml(&units, &published);
        let outcome = evaluate(policy, &yaml);
        check_invariants(policy, &outcome);
    }

    /// Evaluating twice, or in another candidate order, changes nothing.
    #[test]
    fn collective_order_and_repetition(units in prop::collection::vec(unit(), 1..12), seed in any::<u64>()) {
        let policy = policy("collective");
        let published = [true, true, true, false];
        let yaml = collective_yaml(&units, &published);
        let first = evaluate(policy, &yaml);
        let again = evaluate(policy, &yaml);
        prop_assert_eq!(kaoping::render::json(policy, &first), kaoping::render::json(policy, &again));

        // A deterministic shuffle driven by the seed; ids follow their units.
        let mut order: Vec<usize> = (0..units.len()).collect();
        let mut state = seed | 1;
        for index in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(index, (state % (index as u64 + 1)) as usize);
        }
        let shuffled: Vec<Unit> = order.iter().map(|&i| units[i].clone()).collect();
        let shuffled_yaml = collective_yaml(&shuffled, &published);
        // Ids are positional in the generator, so map them back.
        let renamed = evaluate(policy, &shuffled_yaml);
        for (position, &original) in order.iter().enumerate() {
            let a = &first.candidates[original];
            let b = &renamed.candidates[position];
            prop_assert_eq!(a.status, b.status);
            prop_assert_eq!(a.rank, b.rank);
            prop_assert_eq!(&a.total, &b.total);
            let scores = |c: &kaoping::CandidateOutcome| c.indicators.iter().map(|i| i.score.clone()).collect::<Vec<_>>();
            prop_assert_eq!(scores(a), scores(b));
        }
    }

    /// 附1 一(二): another commendation never lowers the supervision score.
    #[test]
    fn commendation_never_lowers_supervision(units in prop::collection::vec(unit(), 1..6), pick in any::<prop::sample::Index>(), action in 0..ACTIONS.len(), points in 1u8..=5) {
        let policy = policy("collective");
        let published = [true; 4];
        let before = evaluate(policy, &collective_yaml(&units, &published));
        let target = pick.index(units.len());
        let mut more = units.clone();
        more[target].commendations.push((action, points));
        let after = evaluate(policy, &collective_yaml(&more, &published));
        let score = |outcome: &Outcome| outcome.candidates[target].indicator("supervision").unwrap().score.clone().unwrap();
        prop_assert!(score(&after) >= score(&before));
    }
}

#[derive(Debug, Clone)]
struct Officer {
    city: usize,
    certificate: bool,
    integrity_certificate: bool,
    violation: bool,
    revoked: bool,
    commendations: Vec<(usize, u8)>,
    evidence: Vec<(u8, bool)>,
    inspections: u32,
    cases: u32,
    votes: u32,
}

fn officer() -> impl Strategy<Value = Officer> {
    (
        (
            0..CITIES.len(),
            prop::bool::weighted(0.9),
            prop::bool::weighted(0.9),
            prop::bool::weighted(0.05),
            prop::bool::weighted(0.1),
        ),
        prop::collection::vec((0..ACTIONS.len(), 1u8..=5), 0..5),
        prop::collection::vec((0u8..=30, prop::bool::weighted(0.9)), 0..4),
        (0u32..300, 0u32..60, 0u32..50),
    )
        .prop_map(
            |(
                (city, certificate, integrity_certificate, violation, revoked),
                commendations,
                evidence,
                (inspections, cases, votes),
            )| Officer {
                city,
                certificate,
                integrity_certificate,
                violation,
                revoked,
                commendations,
                evidence,
                inspections,
                cases,
                votes,
            },
        )
}

fn individual_yaml(officers: &[Officer]) -> String {
    let mut yaml = String::from("candidates:\n");
    for (index, officer) in officers.iter().enumerate() {
        yaml += &format!(
            "  - id: p{index}\n    name: 人员{index}\n    city: {}\n    unit: 执法支队\n    enforcement_certificate_valid: {}\n    integrity_certificate: {}\n    integrity_violation: {}\n    revoked_after_selection: {}\n",
            CITIES[officer.city], officer.certificate, officer.integrity_certificate, officer.violation, officer.revoked
        );
        yaml += "    supervision:\n      commendations:";
        yaml += if officer.commendations.is_empty() {
            " []\n"
        } else {
            "\n"
        };
        for (action, points) in &officer.commendations {
            yaml += &format!(
                "        - {{ action: {}, points: {points} }}\n",
                ACTIONS[*action]
            );
        }
        yaml += "      deductions: []\n    evidence_files:";
        yaml += if officer.evidence.is_empty() {
            " []\n"
        } else {
            "\n"
        };
        for (position, (score, disclosed)) in officer.evidence.iter().enumerate() {
            yaml += &format!(
                "      - {{ case_no: 案{position}, score: {score}, disclosed: {disclosed} }}\n"
            );
        }
        yaml += &format!(
            "    workload: {{ inspections: {}, cases: {} }}\n    satisfaction: {{ votes: {} }}\n",
            officer.inspections, officer.cases, officer.votes
        );
    }
    yaml
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn individual_invariants(officers in prop::collection::vec(officer(), 1..30)) {
        let policy = policy("individual");
        let outcome = evaluate(policy, &individual_yaml(&officers));
        check_invariants(policy, &outcome);
        for candidate in &outcome.candidates {
            // 附2: national only within the first ten ranks; revoked only after selection.
            let national = candidate.flags.iter().any(|(name, on)| name == "national" && *on);
            if national {
                prop_assert!(candidate.rank.unwrap() <= 10);
            }
            if candidate.status == Status::Revoked {
                prop_assert!(candidate.rank.unwrap() <= 20);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// The ledger's leaves recompute the outcome: each indicator's recorded
    /// value is its score, items add up, and the total is the sum.
    #[test]
    fn ledger_recomputes_the_outcome(units in prop::collection::vec(unit(), 1..10), published in prop::collection::vec(prop::bool::weighted(0.8), 4)) {
        let policy = policy("collective");
        let yaml = collective_yaml(&units, &published);
        let facts = policy.load_facts("generated.yaml", &yaml).unwrap();
        let (outcome, ledger) = policy.explain(&facts).unwrap();
        prop_assert_eq!(&outcome, &policy.evaluate(&facts).unwrap());
        for (candidate, recorded) in outcome.candidates.iter().zip(&ledger.candidates) {
            prop_assert_eq!(&candidate.id, &recorded.id);
            let mut sum = Number::zero();
            for (indicator, entry) in candidate.indicators.iter().zip(&recorded.indicators) {
                let Some(entry) = entry else {
                    prop_assert!(indicator.score.is_none());
                    continue;
                };
                prop_assert_eq!(indicator.score.as_ref(), Some(&entry.score));
                prop_assert_eq!(indicator.exact.as_ref(), Some(&entry.exact));
                let rounded = entry.entries.iter().rev().find_map(|e| match e {
                    kaoping::ledger::Entry::Rounded { after, .. } => Some(after.clone()),
                    _ => None,
                });
                prop_assert_eq!(rounded.as_ref(), Some(&entry.score));
                for (item, item_entry) in indicator.items.iter().zip(&entry.items) {
                    prop_assert_eq!(&item.score, &item_entry.score);
                }
                sum = sum.add(&entry.score);
            }
            if let Some(total) = &candidate.total {
                prop_assert_eq!(total, &sum);
            }
        }
    }
}
