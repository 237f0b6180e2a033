//! `explain`: the derivation ledger rendered for a committee, on the bundled
//! examples. Review every snapshot change by hand.

use std::path::Path;

fn explain(policy: &str, facts: &str, id: &str, json: bool) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let policy_text = std::fs::read_to_string(root.join(policy)).unwrap();
    let checked = kaoping::load_policy(policy, &policy_text).unwrap();
    let facts_text = std::fs::read_to_string(root.join(facts)).unwrap();
    let facts = checked.policy.load_facts(facts, &facts_text).unwrap();
    let (outcome, ledger) = checked.policy.explain(&facts).unwrap();
    // Recording the ledger changes nothing in the outcome.
    assert_eq!(outcome, checked.policy.evaluate(&facts).unwrap());
    let rendered = if json {
        kaoping::render::explain::explain_json(&checked.policy, &outcome, &ledger, id)
    } else {
        kaoping::render::explain::explain_text(&checked.policy, &outcome, &ledger, id)
    };
    rendered.unwrap_or_else(|| panic!("no candidate {id}"))
}

const COLLECTIVE: (&str, &str) = (
    "policies/jiangxi-2019/collective.kp",
    "examples/jiangxi-2019/collectives.yaml",
);
const INDIVIDUAL: (&str, &str) = (
    "policies/jiangxi-2019/individual.kp",
    "examples/jiangxi-2019/individuals.yaml",
);

#[test]
fn selected_city_unit() {
    insta::assert_snapshot!(explain(COLLECTIVE.0, COLLECTIVE.1, "nanchang", false));
}

#[test]
fn excluded_by_the_unpublished_list() {
    let text = explain(COLLECTIVE.0, COLLECTIVE.1, "luxi", false);
    assert!(text.contains("EXCLUDED") && text.contains("附1 四(三)"));
    assert!(text.contains("not computed"));
    insta::assert_snapshot!(text);
}

#[test]
fn supervision_zeroed_by_the_integrity_veto() {
    let text = explain(COLLECTIVE.0, COLLECTIVE.1, "ruichang", false);
    assert!(text.contains("ZEROED"));
    insta::assert_snapshot!(text);
}

#[test]
fn tie_at_the_county_quota() {
    let text = explain(COLLECTIVE.0, COLLECTIVE.1, "nancheng", false);
    assert!(text.contains("a tie on the quota line"));
    insta::assert_snapshot!(text);
}

#[test]
fn revoked_individual() {
    let text = explain(INDIVIDUAL.0, INDIVIDUAL.1, "liu-jianhua", false);
    assert!(text.contains("revoked after selection"));
    insta::assert_snapshot!(text);
}

#[test]
fn individual_workload_over_peers_as_json() {
    let text = explain(INDIVIDUAL.0, INDIVIDUAL.1, "xie-hongmei", true);
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document["status"], "selected");
    insta::assert_snapshot!(text);
}
