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

fn explain_in(id: &str, language: kaoping::messages::Language) -> String {
    let (policy, facts) = bundled::load(COLLECTIVE);
    let (outcome, ledger) = policy.explain(&facts).unwrap();
    kaoping::render::explain::explain_text_in(&policy, &outcome, &ledger, id, language).unwrap()
}

// issue 15 §3: the step words in the reader's language, the quantities named
// by their labels beside the formula as written, and decimals with the exact
// fraction only where the decimal does not end.
#[test]
fn a_committee_member_reads_it_in_chinese() {
    let text = explain_in("zhanggong", kaoping::messages::Language::Chinese);
    assert!(text.contains("上限     强化监督累计得分 7，上限 30 → 7（未超上限）"));
    assert!(text.contains(
        "政策原文：s.commendations.group_by(action).map(items.max(points)).sum() cap supervision_earned_cap"
    ));
    assert!(text.contains("事实     通报表扬 candidate.supervision.commendations"));
    // The labelled parameters a formula reads are named beside it.
    assert!(text.contains(
        "判断     d.cases > baseline_share * baseline（95 对 36.75）：是\n                 其中：baseline_share = 基准值达标比例 0.5\n"
    ), "{text}");
    assert!(text.contains("结果     ≈9.55（= 105/11）"), "{text}");
    for english in ["fact ", "value ", "round ", "eligible", "Reading:"] {
        assert!(
            !text.contains(english),
            "`{english}` left in English:\n{text}"
        );
    }
    insta::assert_snapshot!(text);
}

// issue 15 §3: how a tie on the total was broken, from both sides.
#[test]
fn a_tie_on_the_total_names_the_key_that_broke_it() {
    use kaoping::messages::Language;
    let ahead = explain_in("zhanggong", Language::Chinese);
    assert!(
        ahead.contains(
            "与南昌县生态环境局（nanchang-county）总分同为 66.57，强化监督表现 7 > 6，名次在前"
        ),
        "{ahead}"
    );
    let behind = explain_in("nanchang-county", Language::English);
    assert!(behind.contains(
        "with 章贡区生态环境局 (zhanggong) on total 66.57; 强化监督表现 6 < 7, so ranked behind"
    ));
    let shared = explain_in("nancheng", Language::Chinese);
    assert!(
        shared.contains(
            "与分宜县生态环境局（fenyi）总分同为 61.48，各项排名依据均相同，并列第 10 名"
        ),
        "{shared}"
    );
    let untied = explain_in("nanchang", Language::English);
    assert!(!untied.contains("on total"));
}

// issue 15 §3: the JSON contract only gains keys: the ties, and each bound's
// limit as written.
#[test]
fn json_adds_the_ties_and_the_limits_as_written() {
    let text = explain(COLLECTIVE.0, COLLECTIVE.1, "zhanggong", true);
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let tie = &document["ties"][0];
    assert_eq!(tie["with"], "nanchang-county");
    assert_eq!(tie["decided_by"], "supervision");
    assert_eq!(
        (tie["own"].as_str(), tie["theirs"].as_str()),
        (Some("7"), Some("6"))
    );
    assert_eq!(tie["ahead"], true);
    let cap = &document["indicators"][0]["steps"][1];
    assert_eq!(cap["step"], "cap");
    assert_eq!(cap["limit_expression"], "supervision_earned_cap");
    assert_eq!(
        document["why"],
        "rank 3 is within the quota of 10  [附1 引言；实施方案 五(三)]"
    );
}

// issue 15 §3: a unit may be named by its name as well as its id; a name
// several candidates share lists their ids.
#[test]
fn a_candidate_is_found_by_name() {
    use kaoping::render::explain::{find_candidate, Lookup};
    let (policy, facts) = bundled::load(COLLECTIVE);
    let mut outcome = policy.evaluate(&facts).unwrap();
    assert_eq!(
        find_candidate(&outcome, "章贡区生态环境局"),
        Lookup::Found("zhanggong".into())
    );
    assert_eq!(
        find_candidate(&outcome, "zhanggong"),
        Lookup::Found("zhanggong".into())
    );
    assert_eq!(find_candidate(&outcome, "无此单位"), Lookup::Unknown);
    let index = outcome
        .candidates
        .iter()
        .position(|c| c.id == "nancheng")
        .unwrap();
    outcome.candidates[index].name = Some("章贡区生态环境局".into());
    assert_eq!(
        find_candidate(&outcome, "章贡区生态环境局"),
        Lookup::Ambiguous(vec!["zhanggong".into(), "nancheng".into()])
    );
}

#[test]
fn the_command_line_takes_a_name_and_the_language() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args([
            "--lang",
            "zh",
            "explain",
            COLLECTIVE.0,
            COLLECTIVE.1,
            "章贡区生态环境局",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("章贡区生态环境局 (zhanggong)"));
    assert!(
        text.contains("结论         入选 — 第 3 名，在 10 个名额之内"),
        "{text}"
    );
}

// issue 15 §3: a name that several candidates share lists their ids, in the
// reader's language, and nothing is explained.
#[test]
fn an_ambiguous_name_lists_the_ids() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let facts = std::fs::read_to_string(root.join(COLLECTIVE.1))
        .unwrap()
        .replace("name: 章贡区生态环境局", "name: 南昌县生态环境局");
    let directory = std::env::temp_dir().join(format!("kaoping-explain-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let path = directory.join("same-names.yaml");
    std::fs::write(&path, facts).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(["--lang", "zh", "explain", COLLECTIVE.0])
        .arg(&path)
        .arg("南昌县生态环境局")
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "有多个候选对象名为“南昌县生态环境局”，请改用其中一个编号：nanchang-county, zhanggong"
        ),
        "{stderr}"
    );
}
