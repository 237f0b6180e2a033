//! `explain`: the derivation ledger rendered for a committee, on the bundled
//! examples. Review every snapshot change by hand.

mod bundled;

fn explain(policy: &str, facts: &str, id: &str, json: bool) -> String {
    let (policy, facts) = bundled::load((policy, facts));
    let (outcome, ledger) = policy.explain(&facts).unwrap();
    // Recording the ledger changes nothing in the outcome.
    assert_eq!(outcome, policy.evaluate(&facts).unwrap());
    let rendered = if json {
        kaoping::render::explain::explain_json(&policy, &outcome, &ledger, id)
    } else {
        kaoping::render::explain::explain_text(&policy, &outcome, &ledger, id)
    };
    rendered.unwrap_or_else(|| panic!("no candidate {id}"))
}

use bundled::{COLLECTIVE, INDIVIDUAL};

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
