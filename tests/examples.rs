//! Whole outcomes of the bundled 2019 examples, as the CLI renders them.
//! The expected rankings were cross-checked against an independent
//! implementation of the spec; review any change to these snapshots by hand.

mod bundled;

fn run(policy: &str, facts: &str) -> (kaoping::Policy, kaoping::Outcome) {
    bundled::run((policy, facts))
}

#[test]
fn collective_example_json() {
    let (policy, outcome) = run(
        "policies/jiangxi-2019/collective.kp",
        "examples/jiangxi-2019/collectives.yaml",
    );
    insta::assert_snapshot!(kaoping::render::json(&policy, &outcome));
}

#[test]
fn collective_example_table() {
    let (policy, outcome) = run(
        "policies/jiangxi-2019/collective.kp",
        "examples/jiangxi-2019/collectives.yaml",
    );
    insta::assert_snapshot!(kaoping::render::table(&policy, &outcome));
}

#[test]
fn individual_example_json() {
    let (policy, outcome) = run(
        "policies/jiangxi-2019/individual.kp",
        "examples/jiangxi-2019/individuals.yaml",
    );
    insta::assert_snapshot!(kaoping::render::json(&policy, &outcome));
}

#[test]
fn individual_example_table() {
    let (policy, outcome) = run(
        "policies/jiangxi-2019/individual.kp",
        "examples/jiangxi-2019/individuals.yaml",
    );
    insta::assert_snapshot!(kaoping::render::table(&policy, &outcome));
}

/// The selection lines of the examples, stated outright so that a snapshot
/// update cannot quietly change who is selected.
#[test]
fn example_selections() {
    let (_, outcome) = run(
        "policies/jiangxi-2019/collective.kp",
        "examples/jiangxi-2019/collectives.yaml",
    );
    let selected = |group: &str| -> Vec<String> {
        outcome
            .candidates
            .iter()
            .filter(|c| c.group.as_deref() == Some(group) && c.status == kaoping::Status::Selected)
            .map(|c| c.id.to_string())
            .collect()
    };
    assert_eq!(selected("city"), ["nanchang", "ganzhou"]);
    // 附1 引言: 10 county units, but 分宜 and 南城 tie at 10th, so 11 are selected.
    assert_eq!(selected("county").len(), 11);
    // 附1 四(三): 萍乡市 published no list, so its city and counties are out.
    for id in ["pingxiang", "luxi", "shangli"] {
        let candidate = outcome.candidates.iter().find(|c| c.id == id).unwrap();
        assert_eq!(candidate.status, kaoping::Status::Excluded, "{id}");
        assert_eq!(candidate.rank, None);
    }

    let (_, outcome) = run(
        "policies/jiangxi-2019/individual.kp",
        "examples/jiangxi-2019/individuals.yaml",
    );
    let liu = outcome
        .candidates
        .iter()
        .find(|c| c.id == "liu-jianhua")
        .unwrap();
    assert_eq!(liu.status, kaoping::Status::Revoked);
    assert_eq!(liu.rank, Some(1));
    let selected = outcome
        .candidates
        .iter()
        .filter(|c| c.status == kaoping::Status::Selected)
        .count();
    // 附2: 20 selected; the revoked title frees no place (Reading), so 19 remain.
    assert_eq!(selected, 19);
    // 附2 二(五) Reading: the revoked title is not put forward either and
    // nobody moves up into the ten: 9 national, and rank 11 is not one of them.
    let national =
        |c: &kaoping::CandidateOutcome| c.flags.iter().any(|(n, on)| n == "national" && *on);
    assert!(!national(liu));
    assert_eq!(outcome.candidates.iter().filter(|c| national(c)).count(), 9);
    assert!(outcome
        .candidates
        .iter()
        .filter(|c| c.rank == Some(11))
        .all(|c| !national(c)));
    assert_eq!(
        (outcome.groups[0].selected, outcome.groups[0].revoked),
        (20, 1)
    );
}

/// The example facts with the entries of every one-line `{ … }` mapping
/// reversed and the top-level sections moved: the same facts, other key order.
fn reordered(yaml: &str) -> String {
    let mut lines = Vec::new();
    for line in yaml.lines() {
        let reversed = match (line.find('{'), line.rfind('}')) {
            (Some(open), Some(close)) if open < close && !line[open + 1..close].contains('{') => {
                let entries: Vec<&str> = line[open + 1..close].split(", ").collect();
                let entries: Vec<&str> = entries.into_iter().rev().collect();
                format!(
                    "{}{{ {} }}{}",
                    &line[..open],
                    entries
                        .iter()
                        .map(|e| e.trim())
                        .collect::<Vec<_>>()
                        .join(", "),
                    &line[close + 1..]
                )
            }
            _ => line.to_string(),
        };
        lines.push(reversed);
    }
    // Sections start at column 0; move the first one (`province` or
    // `penalised_parties`) to the end.
    let text = lines.join("\n") + "\n";
    let sections: Vec<usize> = text
        .match_indices('\n')
        .map(|(at, _)| at + 1)
        .filter(|&at| {
            text[at..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase())
        })
        .collect();
    let (first, second) = (sections[0], sections[1]);
    format!(
        "{}{}{}",
        &text[..first],
        &text[second..],
        &text[first..second]
    )
}

#[test]
fn json_is_byte_identical_when_keys_are_reordered() {
    // Issue 6: the same facts in another key order give the same bytes.
    for (policy, facts) in [
        (
            "policies/jiangxi-2019/collective.kp",
            "examples/jiangxi-2019/collectives.yaml",
        ),
        (
            "policies/jiangxi-2019/individual.kp",
            "examples/jiangxi-2019/individuals.yaml",
        ),
    ] {
        let (policy, outcome) = run(policy, facts);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join(facts)).unwrap();
        let moved = reordered(&text);
        assert_ne!(moved, text, "the reordering changed nothing in {facts}");
        let facts = policy
            .load_facts("reordered.yaml", &moved)
            .unwrap_or_else(|report| panic!("{:?}", report.problems));
        let again = policy.evaluate(&facts).unwrap();
        assert_eq!(
            kaoping::render::json(&policy, &again),
            kaoping::render::json(&policy, &outcome)
        );
    }
}

/// The schemes of the corpus, each scored on its example facts as a
/// committee reads the table: nested items, bonus and deductions, grades
/// and assessments without selection, end to end from the shipped files.
/// Their numbers are pinned by the hand-computed cases beside each policy
/// (`kaoping test policies`); these snapshots pin the whole picture.
#[test]
fn corpus_examples_tables() {
    for name in [
        "city-env-2018",
        "enforcement-responsibility",
        "pond-dredging-2008",
        "safety-targets",
        "staff-quarterly",
        "river-chief",
    ] {
        let (policy, outcome) = run(
            &format!("policies/{name}/{name}.kp"),
            &format!("examples/{name}/facts.yaml"),
        );
        insta::assert_snapshot!(
            format!("corpus_{name}"),
            kaoping::render::table(&policy, &outcome)
        );
    }
}
