//! issue 16 §5 and §6: one checked policy, shared by threads, evaluates on
//! every core and gives the bytes a single thread gives.

mod common;
#[path = "../examples/generate.rs"]
mod generate;

use kaoping::{Facts, Policy};

fn assert_send_and_sync<T: Send + Sync>() {}

/// A service shares one checked policy, and the facts it loaded, across
/// its threads.
#[test]
fn policy_and_facts_may_be_shared_across_threads() {
    assert_send_and_sync::<Policy>();
    assert_send_and_sync::<Facts>();
    assert_send_and_sync::<kaoping::Checked>();
}

/// The JSON results of `facts` evaluated on a pool of `threads` threads.
fn results_on(threads: usize, policy: &Policy, facts: &Facts) -> String {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let outcome = pool.install(|| policy.evaluate(facts)).unwrap();
    kaoping::render::json(policy, &outcome)
}

/// Per-candidate work runs in parallel; the output is byte-identical to a
/// single-threaded run, for both 2019 policies, with the cohort and Part C
/// rules that join candidates by city.
#[test]
fn evaluation_on_many_threads_gives_the_bytes_of_one_thread() {
    for (policy, facts) in [
        (common::collective_policy(), generate::collectives(500, 11)),
        (common::individual_policy(), generate::individuals(500, 11)),
    ] {
        let facts = policy.load_facts("generated.yaml", &facts).unwrap();
        let alone = results_on(1, &policy, &facts);
        assert!(alone.contains("\"rank\""), "{}", &alone[..200]);
        for threads in [2, 3, 8] {
            assert_eq!(
                results_on(threads, &policy, &facts),
                alone,
                "{threads} threads"
            );
        }
    }
}

/// The first error in facts order is reported, whichever thread meets an
/// error first: here every candidate from x3 on divides by zero.
#[test]
fn the_error_reported_is_the_first_in_facts_order_on_any_number_of_threads() {
    let policy = "policy test {\n  total 10\n}
input {\n  candidates: list of { id: text, name: text, votes: int } key id\n}
indicator r max 10 {\n  score 10 / (if candidate.votes > 2 then 0 else 1) cap 10\n}
rank by total
";
    let policy = kaoping::load_policy("test.kp", policy).unwrap().policy;
    let mut facts = String::from("candidates:\n");
    for index in 0..200 {
        let votes = if index < 3 { 1 } else { 5 };
        facts.push_str(&format!(
            "  - {{ id: x{index}, name: 某, votes: {votes} }}\n"
        ));
    }
    let facts = policy.load_facts("facts.yaml", &facts).unwrap();
    for threads in [1, 2, 8] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let report = pool.install(|| policy.evaluate(&facts)).unwrap_err();
        let problem = &report.problems[0];
        assert_eq!(report.problems.len(), 1);
        assert!(
            problem.label.contains("candidate x3 "),
            "{threads}: {}",
            problem.label
        );
    }
}

/// One policy, checked and compiled once, evaluated by several threads at
/// once and again later: every evaluation gives the same outcome, so nothing
/// one evaluation caches leaks into another.
#[test]
fn one_compiled_policy_serves_concurrent_evaluations_of_different_facts() {
    let policy = common::collective_policy();
    let small = policy
        .load_facts("a.yaml", &generate::collectives(60, 1))
        .unwrap();
    let large = policy
        .load_facts("b.yaml", &generate::collectives(240, 2))
        .unwrap();
    let expected_small = kaoping::render::json(&policy, &policy.evaluate(&small).unwrap());
    let expected_large = kaoping::render::json(&policy, &policy.evaluate(&large).unwrap());
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..4)
            .map(|run| {
                let (policy, facts) = (&policy, if run % 2 == 0 { &small } else { &large });
                scope.spawn(move || kaoping::render::json(policy, &policy.evaluate(facts).unwrap()))
            })
            .collect();
        for (run, handle) in runs.into_iter().enumerate() {
            let expected = if run % 2 == 0 {
                &expected_small
            } else {
                &expected_large
            };
            assert_eq!(&handle.join().unwrap(), expected, "run {run}");
        }
    });
}
