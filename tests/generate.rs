//! The synthetic facts generator (`examples/generate.rs`), which the
//! benchmarks rely on: its files load under the 2019 policies, a seed always
//! gives the same bytes, and the rules it is meant to exercise do fire.

mod common;
#[path = "../examples/generate.rs"]
mod generate;

use kaoping::{FindingKind, Status};

#[test]
fn a_seed_always_gives_the_same_bytes_and_another_seed_other_bytes() {
    assert_eq!(generate::collectives(50, 7), generate::collectives(50, 7));
    assert_eq!(generate::individuals(50, 7), generate::individuals(50, 7));
    assert_ne!(generate::collectives(50, 7), generate::collectives(50, 8));
}

#[test]
fn generated_collectives_load_and_exercise_the_rules() {
    let policy = common::collective_policy();
    let facts = policy
        .load_facts("generated.yaml", &generate::collectives(700, 1))
        .unwrap_or_else(|report| panic!("generated facts must load: {:?}", report.problems));
    let outcome = policy.evaluate(&facts).unwrap();
    assert_eq!(outcome.candidates.len(), 700);
    let count = |status: Status| {
        outcome
            .candidates
            .iter()
            .filter(|candidate| candidate.status == status)
            .count()
    };
    // 2 city and 10 county units are selected (more only on a tie at the line);
    // about 3 % of cities have not published their list, so some are excluded.
    assert!((12..=14).contains(&count(Status::Selected)));
    assert!(count(Status::Excluded) > 0);
    assert!(count(Status::Ranked) > 600);
    let findings = outcome
        .candidates
        .iter()
        .flat_map(|candidate| &candidate.findings)
        .filter(|finding| finding.kind == FindingKind::Finding)
        .count();
    assert!(findings > 0, "Part C findings are exercised");
}

#[test]
fn generated_individuals_load_and_exercise_the_rules() {
    let policy = common::individual_policy();
    let facts = policy
        .load_facts("generated.yaml", &generate::individuals(700, 1))
        .unwrap_or_else(|report| panic!("generated facts must load: {:?}", report.problems));
    let outcome = policy.evaluate(&facts).unwrap();
    assert_eq!(outcome.candidates.len(), 700);
    // Certificates and integrity vetoes each hit a few percent.
    let excluded = outcome
        .candidates
        .iter()
        .filter(|candidate| candidate.status == Status::Excluded)
        .count();
    assert!((5..=100).contains(&excluded), "{excluded} excluded");
    let selected = outcome
        .candidates
        .iter()
        .filter(|candidate| matches!(candidate.status, Status::Selected | Status::Revoked))
        .count();
    assert!((20..=22).contains(&selected), "{selected} selected");
}

/// `evaluate` runs the policy compiled to closures (`src/eval/compiled.rs`),
/// `evaluate_walking` walks the checked code. On the generator's facts, which
/// exercise every rule of both policies, including the Part C findings and
/// the whole-list shortcuts, the two give the same outcome.
#[test]
fn compiled_and_walked_evaluation_agree_on_generated_facts() {
    for seed in [1, 2, 3] {
        for (policy, yaml) in [
            (
                common::collective_policy(),
                generate::collectives(300, seed),
            ),
            (
                common::individual_policy(),
                generate::individuals(300, seed),
            ),
        ] {
            let facts = policy.load_facts("generated.yaml", &yaml).unwrap();
            let compiled = policy.evaluate(&facts);
            common::assert_same_result(&compiled, &policy.evaluate_walking(&facts));
            let compiled = compiled.unwrap();
            assert!(compiled.candidates.iter().any(|c| !c.findings.is_empty()));
        }
    }
}
