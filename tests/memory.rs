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

// issue 16 §3: a candidate's id, name and group in the outcome are the facts'
// own texts, and a text the facts repeat (the group) is held once.
#[test]
fn outcomes_share_the_facts_texts_and_facts_hold_repeated_texts_once() {
    let (policy, facts) = bundled::load(bundled::COLLECTIVE);
    let outcome = policy.evaluate(&facts).unwrap();
    let text = |value: &kaoping::value::Value| match value {
        kaoping::value::Value::Text(text) => text.as_ptr(),
        other => panic!("expected a text, found {other:?}"),
    };
    let items = facts.candidates(&policy);
    assert_eq!(items.len(), outcome.candidates.len());
    let mut groups = std::collections::HashMap::new();
    for (item, candidate) in items.iter().zip(&outcome.candidates) {
        let kaoping::value::Value::Record(fields) = item else {
            panic!("a candidate is a record");
        };
        assert!(fields
            .iter()
            .any(|field| matches!(field, kaoping::value::Value::Text(_))));
        let id = fields
            .iter()
            .find(|field| matches!(field, kaoping::value::Value::Text(t) if **t == *candidate.id))
            .expect("the id is one of the candidate's fields");
        assert_eq!(text(id), candidate.id.as_ptr());
        let group = candidate
            .group
            .as_ref()
            .expect("the collective policy groups");
        let first = *groups.entry(group.to_string()).or_insert(group.as_ptr());
        assert_eq!(first, group.as_ptr());
    }
    assert!(groups.len() > 1 && groups.len() < outcome.candidates.len());
}

// issue 16 §3: each outcome reads its indicators' and items' declarations
// (name, label, max, scale) through the policy's one copy, not a copy per
// candidate: at 100,000 candidates those copies were most of the outcome.
#[test]
fn outcomes_share_the_policys_declarations() {
    let (policy, outcome) = bundled::run(bundled::COLLECTIVE);
    for candidate in &outcome.candidates {
        for (declared, scored) in policy.indicators.iter().zip(&candidate.indicators) {
            assert!(std::sync::Arc::ptr_eq(&declared.declared, &scored.declared));
            assert_eq!(scored.max, declared.max);
            for (declared, scored) in declared.items.iter().zip(&scored.items) {
                assert!(std::sync::Arc::ptr_eq(&declared.declared, &scored.declared));
            }
        }
    }
}

// issue 16 §3: findings of the same rule share its clause and its name; a
// rule that fires for most candidates holds them once.
#[test]
fn findings_of_one_rule_share_its_clause_and_name() {
    let (_, outcome) = bundled::run(bundled::COLLECTIVE);
    let mut rules = std::collections::HashMap::new();
    let mut clauses = std::collections::HashMap::new();
    let mut findings = 0;
    for finding in outcome.candidates.iter().flat_map(|c| &c.findings) {
        findings += 1;
        let rule = *rules
            .entry(finding.rule.to_string())
            .or_insert(finding.rule.as_ptr());
        assert_eq!(rule, finding.rule.as_ptr(), "{}", finding.rule);
        if let Some(clause) = &finding.clause {
            let first = *clauses.entry(clause.to_string()).or_insert(clause.as_ptr());
            assert_eq!(first, clause.as_ptr(), "{clause}");
        }
    }
    assert!(findings > rules.len(), "some rule fires more than once");
}
