//! `diff`: what a rule change or a fact change does to the rankings.

use std::path::Path;
use std::process::Command;

mod bundled;

fn kaoping(arguments: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        // English messages whatever the developer's locale; tests of Chinese say `--lang zh`.
        .env("LC_ALL", "C.UTF-8")
        .args(arguments)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
    )
}

fn temporary(name: &str, text: &str) -> String {
    let directory = std::env::temp_dir().join(format!("kaoping-diff-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let path = directory.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_rule_change_lists_the_parameters_and_who_enters_the_selection() {
    let (policy, facts) = bundled::COLLECTIVE;
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(policy)).unwrap();
    // 附1 引言: two city units; a what-if with three lets the third-ranked in.
    let what_if = text.replace(
        "param city_quota   \"市级表现突出集体名额\" = 2",
        "param city_quota   \"市级表现突出集体名额\" = 3",
    );
    assert_ne!(text, what_if);
    let what_if = temporary("quota3.kp", &what_if);
    let (code, out) = kaoping(&["diff", policy, &what_if, facts, "--format", "json"]);
    assert_eq!(code, 0);
    let changes: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(changes["policy"]["parameters"][0]["name"], "city_quota");
    assert_eq!(changes["policy"]["parameters"][0]["old"], "2");
    assert_eq!(changes["policy"]["parameters"][0]["new"], "3");
    let selections = changes["selections"].as_array().unwrap();
    assert_eq!(selections.len(), 1, "{selections:?}");
    assert_eq!(selections[0]["id"], "jiujiang");
    assert_eq!(selections[0]["change"], "enters");
    // jiujiang's status changes; no score moves.
    let candidates = changes["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 1);
    assert_eq!(candidates[0]["status"]["new"], "selected");
    assert!(candidates[0].get("total").is_none());
}

#[test]
fn a_weight_change_reports_indicator_maxima_and_score_deltas() {
    let (policy, facts) = bundled::COLLECTIVE;
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(policy)).unwrap();
    let what_if = text
        .replace(
            "param weight_supervision  \"强化监督表现\"     = 30",
            "param weight_supervision  \"强化监督表现\"     = 25",
        )
        .replace(
            "param supervision_earned_cap    \"强化监督累计得分上限\" = 30",
            "param supervision_earned_cap    \"强化监督累计得分上限\" = 25",
        )
        .replace(
            "param weight_case_files   \"执法案卷质量\"     = 20",
            "param weight_case_files   \"执法案卷质量\"     = 25",
        );
    let what_if = temporary("weights.kp", &what_if);
    let (code, out) = kaoping(&["diff", policy, &what_if, facts]);
    assert_eq!(code, 0);
    assert!(out.contains("~ supervision: max 30 → 25"), "{out}");
    assert!(out.contains("~ case_files: max 20 → 25"), "{out}");
    // 南昌: supervision 30 → 25 (capped at the new 25), case files 25.02 × 25 ÷ 30 = 20.85.
    assert!(out.contains("supervision 30.00 → 25.00 (-5.00)"), "{out}");
    assert!(out.contains("case_files 16.68 → 20.85 (+4.17)"), "{out}");
    // Selected lists come first.
    assert!(out.starts_with("selected lists"));
}

#[test]
fn a_title_revoked_after_selection_is_a_fact_change() {
    let (policy, facts) = bundled::INDIVIDUAL;
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(facts)).unwrap();
    // 附2 二(五): xu-haibo (rank 8, selected) is found to have an integrity problem afterwards.
    let before = "    revoked_after_selection: false\n    supervision:\n      commendations: [{ action: 第一轮强化监督定点帮扶, points: 2 }]";
    assert_eq!(text.matches(before).count(), 1);
    let revoked = temporary(
        "revoked.yaml",
        &text.replace(before, &before.replace("false", "true")),
    );
    let (code, out) = kaoping(&[
        "diff", policy, "--facts", facts, &revoked, "--format", "json",
    ]);
    assert_eq!(code, 0);
    let changes: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(changes["policy"].is_null());
    let candidates = changes["candidates"].as_array().unwrap();
    // Only the revoked candidate changes; nobody moves up.
    assert_eq!(candidates.len(), 1, "{candidates:?}");
    assert_eq!(candidates[0]["id"], "xu-haibo");
    assert_eq!(candidates[0]["status"]["old"], "selected");
    assert_eq!(candidates[0]["status"]["new"], "revoked");
    let selections = changes["selections"].as_array().unwrap();
    assert!(selections
        .iter()
        .any(|s| s["id"] == "xu-haibo" && s["change"] == "leaves"));
}

#[test]
fn diff_needs_three_paths_or_one_with_facts() {
    let (policy, facts) = bundled::COLLECTIVE;
    assert_eq!(kaoping(&["diff", policy, facts]).0, 2);
    let (code, out) = kaoping(&["diff", policy, policy, facts]);
    assert_eq!(code, 0);
    assert!(
        out.contains("no one enters or leaves") && out.contains("none"),
        "{out}"
    );
}

#[test]
fn the_shipped_what_ifs_show_only_what_they_override() {
    // Issue 4: a policy derived with `extends` differs from its parent only
    // by what it overrides; inherited rules, read from the parent's file at
    // a new offset, are not reported as changed.
    let (policy, facts) = bundled::COLLECTIVE;
    let (code, out) = kaoping(&[
        "diff",
        policy,
        "examples/what-if/weights-2020.kp",
        facts,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let changes: serde_json::Value = serde_json::from_str(&out).unwrap();
    let parameters: Vec<String> = changes["policy"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{} {} → {}", p["name"], p["old"], p["new"]))
        .collect();
    assert_eq!(
        parameters,
        [
            r#""weight_supervision" "30" → "25""#,
            r#""weight_case_files" "20" → "25""#,
            r#""supervision_earned_cap" "30" → "25""#,
        ]
    );
    let indicators = changes["policy"]["indicators"].as_array().unwrap();
    let names: Vec<_> = indicators
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["supervision", "case_files"], "{indicators:?}");
    assert!(changes["selections"].as_array().unwrap().is_empty());

    // 附1 五 proportional: the indicator's rules change, and the county
    // line moves: jinggangshan (61.80) falls below fenyi and nancheng (62.08,
    // see examples/what-if/tests/proportional-02-*.yaml).
    let (code, out) = kaoping(&[
        "diff",
        policy,
        "examples/what-if/proportional-satisfaction.kp",
        facts,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let changes: serde_json::Value = serde_json::from_str(&out).unwrap();
    let indicators = changes["policy"]["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 1, "{indicators:?}");
    assert_eq!(indicators[0]["name"], "satisfaction");
    let selections: Vec<_> = changes["selections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["change"].as_str().unwrap()))
        .collect();
    assert_eq!(selections, [("jinggangshan", "leaves")]);
}

fn collective_text() -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (policy, facts) = bundled::COLLECTIVE;
    (
        std::fs::read_to_string(root.join(policy)).unwrap(),
        std::fs::read_to_string(root.join(facts)).unwrap(),
    )
}

// issue 15 §4: `diff` shows what changed inside a rule, old and new statement.
#[test]
fn a_changed_rule_shows_its_old_and_new_statement() {
    let (policy, facts) = bundled::COLLECTIVE;
    let (text, _) = collective_text();
    let changed = text.replace(
        "  score (earned - lost) floor 0\n",
        "  score (earned - lost) floor 1\n",
    );
    assert_ne!(text, changed);
    let changed = temporary("floor1.kp", &changed);
    let (code, out) = kaoping(&["diff", policy, &changed, facts]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "  ~ supervision: rules\n      `score (earned - lost) floor 0` → `score (earned - lost) floor 1`\n"
        ),
        "{out}"
    );
    let (_, out) = kaoping(&["diff", policy, &changed, facts, "--format", "json"]);
    let changes: serde_json::Value = serde_json::from_str(&out).unwrap();
    let supervision = &changes["policy"]["indicators"][0];
    assert_eq!(supervision["what"][0], "rules", "the old key stays");
    assert_eq!(
        supervision["statements"][0]["old"],
        "score (earned - lost) floor 0"
    );
    assert_eq!(
        supervision["statements"][0]["new"],
        "score (earned - lost) floor 1"
    );
}

// issue 15 §4: `diff OLD.kp NEW.kp FACTS` works when the new policy adds a
// fact: the old policy reads the facts without it, and a note names it.
#[test]
fn a_fact_the_new_policy_adds_is_ignored_by_the_old_one_with_a_note() {
    let (policy, _) = bundled::COLLECTIVE;
    let (text, facts) = collective_text();
    let added = text
        .replacen(
            "    integrity_violation \"派出人员被查实存在廉洁问题\": bool\n  }",
            "    integrity_violation \"派出人员被查实存在廉洁问题\": bool\n    online_actions \"线上帮扶次数\": int[0..]\n  }",
            1,
        )
        .replace(
            "  score (earned - lost) floor 0\n",
            "  score (earned - lost + s.online_actions) floor 0 cap weight_supervision\n",
        );
    let facts = facts
        .replace(
            "      integrity_violation: false\n",
            "      integrity_violation: false\n      online_actions: 1\n",
        )
        .replace(
            "      integrity_violation: true\n",
            "      integrity_violation: true\n      online_actions: 1\n",
        );
    let (added, facts) = (
        temporary("online.kp", &added),
        temporary("online.yaml", &facts),
    );
    let output = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .env("LC_ALL", "C.UTF-8")
        .args(["diff", policy, &added, &facts])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    );
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("note: `candidates.supervision.online_actions` is declared only in"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "; {policy} reads the facts without it (written 31 times)"
        )),
        "{stderr}"
    );
    assert!(
        stdout.contains("  九江市生态环境局 (jiujiang)\n    total  67.11 → 68.11 (+1.00)\n"),
        "{stdout}"
    );
    // And the other way: a policy that drops the fact reads the same file.
    let (code, reverse) = kaoping(&["diff", &added, policy, &facts]);
    assert_eq!(code, 0);
    assert!(
        reverse.contains("  九江市生态环境局 (jiujiang)\n    total  68.11 → 67.11 (-1.00)\n"),
        "{reverse}"
    );
}

#[test]
fn only_the_keys_the_new_policy_declares_are_left_out() {
    let (policy_path, facts_path) = bundled::COLLECTIVE;
    let (policy, _) = bundled::load((policy_path, facts_path));
    let (text, _) = collective_text();
    let added = text.replacen(
        "    integrity_violation \"派出人员被查实存在廉洁问题\": bool\n  }",
        "    integrity_violation \"派出人员被查实存在廉洁问题\": bool\n    online_actions \"线上帮扶次数\": int[0..]\n  }",
        1,
    );
    let added = kaoping::load_policy("added.kp", &added).unwrap().policy;
    let yaml = "candidates:\n  - id: a\n    supervision:\n      online_actions: 2\n      online_typo: 1\n      commendations: []\n";
    let (kept, ignored) = kaoping::diff::facts_for(&policy, &added, yaml);
    assert_eq!(
        kept,
        "candidates:\n  - id: a\n    supervision:\n      online_typo: 1\n      commendations: []\n"
    );
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0].path, "candidates.supervision.online_actions");
    // The same policy on both sides leaves the facts as they are.
    let (same, none) = kaoping::diff::facts_for(&policy, &policy, yaml);
    assert_eq!((same.as_str(), none.len()), (yaml, 0));
}

// issue 15 §4: `diff --facts` lists the facts that differ, per candidate.
#[test]
fn diff_facts_lists_the_facts_that_differ() {
    let (policy, old_facts) = bundled::COLLECTIVE;
    let (_, facts) = collective_text();
    let start = facts.find("id: xunyang").unwrap();
    let cases = start + facts[start..].find("      cases: ").unwrap();
    let end = cases + facts[cases..].find('\n').unwrap();
    let old_line = facts[cases..end].trim().to_string();
    let changed = format!("{}      cases: 80{}", &facts[..cases], &facts[end..])
        .replace("cases_total: 5200", "cases_total: 5300");
    let changed = temporary("facts-changed.yaml", &changed);
    let (code, out) = kaoping(&["diff", policy, "--facts", old_facts, &changed]);
    assert_eq!(code, 0, "{out}");
    let old_value = old_line.trim_start_matches("cases: ");
    assert!(
        out.contains(&format!(
            "facts that differ 事实变化\n  province.cases_total: 5200 → 5300\n  浔阳区生态环境局 (xunyang)\n    daily.cases: {old_value} → 80\n"
        )),
        "{out}"
    );
    let (_, out) = kaoping(&[
        "diff", policy, "--facts", old_facts, &changed, "--format", "json",
    ]);
    let changes: serde_json::Value = serde_json::from_str(&out).unwrap();
    let facts = changes["facts"].as_array().unwrap();
    assert_eq!(facts.len(), 2, "{facts:?}");
    assert_eq!(facts[1]["candidate"], "xunyang");
    assert_eq!(facts[1]["path"], "daily.cases");
    assert_eq!(facts[1]["new"], "80");
}
