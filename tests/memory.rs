//! What keeps a large evaluation small (issue 16 §3): outcomes share the
//! policy's names instead of copying them per candidate, and facts hold
//! their texts once per load.

mod bundled;

// issue 16 §3: every candidate's outcome names its indicators and items with
// the policy's own texts, so 100,000 outcomes hold one copy of each.
#[test]
fn outcomes_share_the_policys_names_and_labels() {
    let (policy, outcome) = bundled::run((
        "policies/jiangxi-2019/collective.kp",
        "examples/jiangxi-2019/collectives.yaml",
    ));
    assert!(outcome.candidates.len() > 1);
    let mut items_seen = 0;
    for candidate in &outcome.candidates {
        for (declared, scored) in policy.indicators.iter().zip(&candidate.indicators) {
            assert_eq!(declared.name.as_ptr(), scored.name.as_ptr());
            assert_eq!(
                declared.label.as_deref().map(str::as_ptr),
                scored.label.as_deref().map(str::as_ptr)
            );
            for (declared, scored) in declared.items.iter().zip(&scored.items) {
                assert_eq!(declared.name.as_ptr(), scored.name.as_ptr());
                items_seen += 1;
            }
        }
    }
    assert!(items_seen > outcome.candidates.len());
}
