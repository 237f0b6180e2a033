//! The bundled 2019 policies and examples, loaded for the tests that check
//! whole outcomes and reports. Each test crate uses part of it.
#![allow(dead_code)]

use std::path::Path;

/// The collective policy and its example facts.
pub const COLLECTIVE: (&str, &str) = (
    "policies/jiangxi-2019/collective.kp",
    "examples/jiangxi-2019/collectives.yaml",
);

/// The individual policy and its example facts.
pub const INDIVIDUAL: (&str, &str) = (
    "policies/jiangxi-2019/individual.kp",
    "examples/jiangxi-2019/individuals.yaml",
);

/// Loads a bundled policy and facts file, both relative to the crate root.
pub fn load((policy, facts): (&str, &str)) -> (kaoping::Policy, kaoping::Facts) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let policy_text = std::fs::read_to_string(root.join(policy)).unwrap();
    let checked = kaoping::load_policy(policy, &policy_text).unwrap();
    let facts_text = std::fs::read_to_string(root.join(facts)).unwrap();
    let facts = checked.policy.load_facts(facts, &facts_text).unwrap();
    (checked.policy, facts)
}

/// Loads and evaluates a bundled policy on its example facts.
pub fn run(example: (&str, &str)) -> (kaoping::Policy, kaoping::Outcome) {
    let (policy, facts) = load(example);
    let outcome = policy.evaluate(&facts).unwrap();
    (policy, outcome)
}
