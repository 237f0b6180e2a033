//! One test per rule of the 2019 Jiangxi scheme (附1 and 附2, Parts A and B), each
//! with its expected value worked out by hand from the source (the arithmetic
//! is in the comments) and the clause it comes from.
//!
//! Neutral candidates (see `tests/common/mod.rs`): a collective scores
//! 0 + 0 + 0 + 0 + satisfaction, and satisfaction is 10 when every peer has
//! the same votes (all share rank 1: 10 × (N − 1 + 1) ÷ N = 10). An
//! individual scores 0 + 0 + 0 + satisfaction 20 likewise.

mod common;

use common::*;
use kaoping::ast::Severity;
use kaoping::{Finding, FindingKind, Outcome, Status};

/// Every finding of the outcome: on candidates and on groups.
fn all_findings(outcome: &Outcome) -> Vec<&Finding> {
    outcome
        .candidates
        .iter()
        .flat_map(|c| c.findings.iter())
        .chain(outcome.groups.iter().flat_map(|g| g.findings.iter()))
        .collect()
}

fn quota_overruns(outcome: &Outcome) -> Vec<&Finding> {
    all_findings(outcome)
        .into_iter()
        .filter(|f| f.kind == FindingKind::QuotaOverrun)
        .collect()
}

fn statuses(outcome: &Outcome) -> Vec<(String, Status, Option<u32>)> {
    outcome
        .candidates
        .iter()
        .map(|c| (c.id.to_string(), c.status, c.rank))
        .collect()
}

// ═════════════════════════════════════════════ Part A — collectives

// ───────────────────────────── A1 supervision 强化监督表现 (附1 一(二))

#[test]
fn a1_only_the_highest_commendation_per_action_counts() {
    // 附1 一(二) 每项强化监督工作只取最高分值: action 第一轮 has 3 and 5 → 5;
    // action 第二轮 has 2 → 2; earned = 5 + 2 = 7; no deductions → 7.00.
    // Total = 7 + 0 + 0 + 0 + 10 (alone: satisfaction rank 1 of 1) = 17.00.
    let c = alone(
        Collective::city("a")
            .commend("第一轮", "3")
            .commend("第一轮", "5")
            .commend("第二轮", "2"),
    );
    assert_eq!(score(&c, "supervision"), "7.00");
    assert_eq!(total(&c), "17.00");
}

#[test]
fn a1_earned_points_are_capped_at_30() {
    // 附1 一(二) 累计得分不超过 30 分: 7 actions × 5 = 35 → 30.
    assert_eq!(
        score(
            &alone(Collective::city("a").commend_actions(7, "5")),
            "supervision"
        ),
        "30.00"
    );
    // Boundary: 6 × 5 = 30 → 30; 6 × 5 + 1 = 31 → 30; 5 × 5 + 4 = 29 → 29.
    assert_eq!(
        score(
            &alone(Collective::city("a").commend_actions(6, "5")),
            "supervision"
        ),
        "30.00"
    );
    assert_eq!(
        score(
            &alone(
                Collective::city("a")
                    .commend_actions(6, "5")
                    .commend("另一专项行动", "1")
            ),
            "supervision"
        ),
        "30.00"
    );
    assert_eq!(
        score(
            &alone(
                Collective::city("a")
                    .commend_actions(5, "5")
                    .commend("另一专项行动", "4")
            ),
            "supervision"
        ),
        "29.00"
    );
}

#[test]
fn a1_deductions_are_capped_at_10() {
    // 附1 一(二) 累计扣分不超过 10 分; earned 6 × 5 = 30 in every case.
    // Deductions 5 + 5 + 1 = 11 → 10: 30 − 10 = 20.
    let c = alone(
        Collective::city("a")
            .commend_actions(6, "5")
            .deduct("5")
            .deduct("5")
            .deduct("1"),
    );
    assert_eq!(score(&c, "supervision"), "20.00");
    // Boundary: 5 + 5 = 10 → 30 − 10 = 20.
    let c = alone(
        Collective::city("a")
            .commend_actions(6, "5")
            .deduct("5")
            .deduct("5"),
    );
    assert_eq!(score(&c, "supervision"), "20.00");
    // 5 + 4 = 9 (under the cap) → 30 − 9 = 21.
    let c = alone(
        Collective::city("a")
            .commend_actions(6, "5")
            .deduct("5")
            .deduct("4"),
    );
    assert_eq!(score(&c, "supervision"), "21.00");
}

#[test]
fn a1_39_earned_and_12_deducted_give_20() {
    // 附1 一(二): earned 7 × 5 + 4 = 39 → capped 30; deducted 5 + 5 + 2 = 12
    // → capped 10; 30 − 10 = 20 (not 39 − 12 = 27, nor 30 − 12 = 18).
    let c = alone(
        Collective::city("a")
            .commend_actions(7, "5")
            .commend("第八轮强化监督", "4")
            .deduct("5")
            .deduct("5")
            .deduct("2"),
    );
    assert_eq!(score(&c, "supervision"), "20.00");
    assert_eq!(total(&c), "30.00"); // 20 + 10 satisfaction
}

#[test]
fn a1_deductions_above_earnings_score_zero() {
    // 附1 一(二) 如扣分分数大于得分分数，则按0分计: earned 2, deducted 3 →
    // max(0, 2 − 3) = 0, and the total is not reduced: 0 + 10 = 10.00.
    let c = alone(Collective::city("a").commend("第一轮", "2").deduct("3"));
    assert_eq!(score(&c, "supervision"), "0.00");
    assert_eq!(total(&c), "10.00");
    // Equal: 3 − 3 = 0.
    let c = alone(Collective::city("a").commend("第一轮", "3").deduct("3"));
    assert_eq!(score(&c, "supervision"), "0.00");
    // No commendations at all, one deduction of 5 → max(0, −5) = 0.
    let c = alone(Collective::city("a").deduct("5"));
    assert_eq!(score(&c, "supervision"), "0.00");
    assert_eq!(total(&c), "10.00");
}

#[test]
fn a1_integrity_violation_zeroes_supervision_but_keeps_the_candidate_ranked() {
    // 附1 一(二) 派出人员被查实存在廉洁问题的，该项得0分 — the unit stays ranked.
    // a: commendation 5 → supervision 0; team rewards 3; satisfaction (votes
    // tied) 10 → total 0 + 3 + 10 = 13. b: neutral, total 10.
    // Ranks: a 1, b 2; city quota 2 → both selected.
    let mut a = Collective::city("a").commend("第一轮", "5");
    a.integrity_violation = true;
    a.rewards_system = "3".into();
    let outcome = CollectiveFacts::of(vec![a, Collective::city("b")]).evaluate();
    let a = cand(&outcome, "a");
    assert_eq!(score(a, "supervision"), "0.00");
    assert_eq!(total(a), "13.00");
    assert_eq!(a.status, Status::Selected);
    assert_eq!(a.rank, Some(1));
    assert_eq!(cand(&outcome, "b").rank, Some(2));
    assert!(
        findings_of_kind(a, FindingKind::Exclusion).is_empty(),
        "an integrity problem does not exclude a collective: {:?}",
        a.findings
    );
}

// ───────────────────────────── A2 team 队伍建设与管理 (附1 二(二))

#[test]
fn a2_team_is_the_sum_of_its_four_items() {
    // 附1 二(二): rewards 3 + safety 2.5 + accountability 4 + mobile 10
    // (connected, 820 daily ≥ 600 double-random) = 19.5 → 19.50.
    let mut a = Collective::city("a").mobile(true, 820, 600);
    a.rewards_system = "3".into();
    a.safety_system = "2.5".into();
    a.accountability_system = "4".into();
    let c = alone(a);
    assert_eq!(item(&c, "team", "rewards_system"), dec("3"));
    assert_eq!(item(&c, "team", "safety_system"), dec("2.5"));
    assert_eq!(item(&c, "team", "accountability_system"), dec("4"));
    assert_eq!(item(&c, "team", "mobile"), dec("10"));
    assert_eq!(score(&c, "team"), "19.50");
    assert_eq!(total(&c), "29.50"); // 19.5 + 10
}

#[test]
fn a2_mobile_not_connected_scores_zero() {
    // 附1 二(二)4 未接入/上传 → 0, even with 820 daily ≥ 600 double-random.
    let c = alone(Collective::city("a").mobile(false, 820, 600));
    assert_eq!(item(&c, "team", "mobile"), dec("0"));
    assert_eq!(score(&c, "team"), "0.00");
}

#[test]
fn a2_mobile_daily_at_least_double_random_scores_10() {
    // 附1 二(二)4 上传日常检查次数 ≥ 双随机次数 → 10: boundary 600 = 600 → 10.
    let c = alone(Collective::city("a").mobile(true, 600, 600));
    assert_eq!(item(&c, "team", "mobile"), dec("10"));
    // 601 > 600 → 10 (never above 10).
    let c = alone(Collective::city("a").mobile(true, 601, 600));
    assert_eq!(item(&c, "team", "mobile"), dec("10"));
    assert_eq!(score(&c, "team"), "10.00");
}

#[test]
fn a2_mobile_below_double_random_is_proportional() {
    // 附1 二(二)4 按比例得分: 10 × 450 ÷ 600 = 7.5.
    let c = alone(Collective::city("a").mobile(true, 450, 600));
    assert_eq!(item(&c, "team", "mobile"), dec("7.5"));
    assert_eq!(score(&c, "team"), "7.50");
    // Just below: 10 × 599 ÷ 600 = 599/60 = 9.98333… (exact item) → 9.98.
    let c = alone(Collective::city("a").mobile(true, 599, 600));
    assert_eq!(
        item(&c, "team", "mobile"),
        dec("599").divide(&dec("60")).unwrap()
    );
    assert_eq!(score(&c, "team"), "9.98");
}

#[test]
fn a2_mobile_zero_double_random_and_connected_scores_10() {
    // 附1 二(二)4 Reading: 0 双随机 and connected → daily ≥ 0 holds → 10,
    // with 0 daily inspections as well as with 5.
    let c = alone(Collective::city("a").mobile(true, 0, 0));
    assert_eq!(item(&c, "team", "mobile"), dec("10"));
    let c = alone(Collective::city("a").mobile(true, 5, 0));
    assert_eq!(item(&c, "team", "mobile"), dec("10"));
    // ... but not when the data is not connected.
    let c = alone(Collective::city("a").mobile(false, 0, 0));
    assert_eq!(item(&c, "team", "mobile"), dec("0"));
}

// ───────────────────────────── A3 case files 执法案卷质量 (附1 三)

#[test]
fn a3_city_full_marks_scale_to_20() {
    // 附1 三(二)(三): city recommended 2+2+1 files at 100 → 15 × 500/5 ÷ 100 = 15;
    // random 2+2 at 100 → 15 × 400/4 ÷ 100 = 15; (15 + 15) × 20 ÷ 30 = 20.00.
    let mut a = Collective::city("a");
    a.recommended = full_files("city", "recommended", "100");
    a.random = full_files("city", "random", "100");
    let c = alone(a);
    assert_eq!(score(&c, "case_files"), "20.00");
    assert_eq!(total(&c), "30.00");
}

#[test]
fn a3_county_full_marks_scale_to_20() {
    // 附1 三(二)2: county recommended 2+1 at 100 → 15; random 2+1 at 100 → 15;
    // (15 + 15) × 20 ÷ 30 = 20.00.
    let mut a = Collective::county("a");
    a.recommended = full_files("county", "recommended", "100");
    a.random = full_files("county", "random", "100");
    let c = alone(a);
    assert_eq!(score(&c, "case_files"), "20.00");
}

#[test]
fn a3_required_counts_differ_between_city_and_county() {
    // 附1 三(二): the same files (2 general + 1 four_measures at 100) as both
    // recommended and random parts (distinct case numbers).
    // County needs 3 + 3: 15 + 15 = 30 → × 20/30 = 20.00.
    // City needs 5 recommended and 4 random:
    //   recommended 15 × 300/5 ÷ 100 = 9; random 15 × 300/4 ÷ 100 = 11.25;
    //   (9 + 11.25) × 20 ÷ 30 = 13.50.
    let files = full_files("county", "recommended", "100");
    let random = full_files("county", "random", "100");
    let mut county = Collective::county("county");
    county.recommended = files.clone();
    county.random = random.clone();
    let mut city = Collective::city("city");
    city.recommended = files;
    city.random = random;
    assert_eq!(score(&alone(county), "case_files"), "20.00");
    assert_eq!(score(&alone(city), "case_files"), "13.50");
}

#[test]
fn a3_county_inspection_audit_file_is_surplus() {
    // 附1 三(二)2: a county needs no inspection_audit file, so one submitted is
    // beyond the required count (0): not counted, with a warning naming it.
    // Recommended: 2 general + 1 four_measures at 60 → 15 × 180/3 ÷ 100 = 9;
    // the inspection_audit file at 100 adds nothing. Random empty → 0.
    // 9 × 20 ÷ 30 = 6.00.
    let mut a = Collective::county("a");
    a.recommended = full_files("county", "recommended", "60");
    a.recommended
        .push(file("县稽〔2019〕1号", "inspection_audit", "100"));
    let c = alone(a);
    assert_eq!(score(&c, "case_files"), "6.00");
    let named = findings_mentioning(&c, "县稽〔2019〕1号");
    assert!(
        named.iter().any(|f| f.severity == Severity::Warning),
        "a warning names the surplus file: {:?}",
        c.findings
    );
}

#[test]
fn a3_undisclosed_file_counts_zero() {
    // 附1 三(三) 处罚情况未在门户网站公开的，该案卷按0分计: city recommended 5 files
    // at 100, one undisclosed → 15 × 400/5 ÷ 100 = 12; random 4 × 100 → 15;
    // (12 + 15) × 20 ÷ 30 = 18.00.
    let mut a = Collective::city("a");
    a.recommended = full_files("city", "recommended", "100");
    a.recommended[4] = a.recommended[4].clone().undisclosed();
    a.random = full_files("city", "random", "100");
    assert_eq!(score(&alone(a), "case_files"), "18.00");
}

#[test]
fn a3_missing_file_counts_zero_and_the_divisor_is_the_required_count() {
    // 附1 三(二): city recommended only 4 of the 5 required (no inspection_audit)
    // at 100 → 15 × 400/5 ÷ 100 = 12 (not 400/4 = 15); random 4 × 100 → 15;
    // (12 + 15) × 20 ÷ 30 = 18.00.
    let mut a = Collective::city("a");
    a.recommended = full_files("city", "recommended", "100");
    a.recommended.pop();
    a.random = full_files("city", "random", "100");
    assert_eq!(score(&alone(a), "case_files"), "18.00");
    // Nothing submitted at all: 0 + 0 → 0.00.
    assert_eq!(score(&alone(Collective::city("b")), "case_files"), "0.00");
}

#[test]
fn a3_surplus_file_is_not_counted_and_is_named_in_a_warning() {
    // 附1 三(二) Reading: files in file order; county random general 60, 60,
    // then a third general (100) beyond the 2 required → not counted;
    // four_measures 60. Random = 15 × (60 + 60 + 60)/3 ÷ 100 = 9.
    // Recommended county 3 × 100 → 15. (15 + 9) × 20 ÷ 30 = 16.00.
    let mut a = Collective::county("a");
    a.recommended = full_files("county", "recommended", "100");
    a.random = vec![
        file("抽-1", "general", "60"),
        file("抽-2", "general", "60"),
        file("抽-3", "general", "100"),
        file("抽-4", "four_measures", "60"),
    ];
    let c = alone(a);
    assert_eq!(score(&c, "case_files"), "16.00");
    let named = findings_mentioning(&c, "抽-3");
    assert!(
        named.iter().any(|f| f.severity == Severity::Warning),
        "a warning names the surplus file 抽-3: {:?}",
        c.findings
    );
}

#[test]
fn a3_duplicate_case_across_categories_later_one_scores_zero() {
    // 附3 二(四)2(2) 同一案卷不得作为两类案卷重复报送，否则其中一份按0分计 (Reading: the
    // later one): county recommended general A 90, general B 60, four_measures
    // A 90 → 90 + 60 + 0 = 150 → 15 × 150/3 ÷ 100 = 7.5; random 3 × 100 → 15.
    // (7.5 + 15) × 20 ÷ 30 = 15.00 (counting A twice would give 18.00).
    let mut a = Collective::county("a");
    a.recommended = vec![
        file("重-A", "general", "90"),
        file("重-B", "general", "60"),
        file("重-A", "four_measures", "90"),
    ];
    a.random = full_files("county", "random", "100");
    let c = alone(a);
    assert_eq!(score(&c, "case_files"), "15.00");
    let named = findings_mentioning(&c, "重-A");
    assert!(
        !named.is_empty(),
        "a finding names the duplicated case: {:?}",
        c.findings
    );
    // The rule is stated in 附3 二(四)2(2), among the materials a candidate
    // collective submits, not in 附1 三(三).
    assert_eq!(named[0].clause.as_deref(), Some("附3 二(四)2(2)"));
}

#[test]
fn a3_duplicate_case_within_one_category_later_one_scores_zero() {
    // 附3 二(四)2(2) Reading (the same holds within one category): general A 80,
    // general A 80, four_measures B 100 → 80 + 0 + 100 = 180 →
    // 15 × 180/3 ÷ 100 = 9; random 15; (9 + 15) × 20 ÷ 30 = 16.00.
    let mut a = Collective::county("a");
    a.recommended = vec![
        file("同-A", "general", "80"),
        file("同-A", "general", "80"),
        file("同-B", "four_measures", "100"),
    ];
    a.random = full_files("county", "random", "100");
    let c = alone(a);
    assert_eq!(score(&c, "case_files"), "16.00");
    assert!(!findings_mentioning(&c, "同-A").is_empty());
}

#[test]
fn a3_duplicate_whose_first_occurrence_is_undisclosed_scores_zero_twice() {
    // 附3 二(四)2(2) Reading: the first occurrence counts with whatever it scores
    // (0 if undisclosed), every later one scores 0: general A 90 undisclosed
    // → 0, general B 60, four_measures A 90 (later) → 0. 0 + 60 + 0 = 60 →
    // 15 × 60/3 ÷ 100 = 3; random 15; (3 + 15) × 20 ÷ 30 = 12.00.
    let mut a = Collective::county("a");
    a.recommended = vec![
        file("先-A", "general", "90").undisclosed(),
        file("先-B", "general", "60"),
        file("先-A", "four_measures", "90"),
    ];
    a.random = full_files("county", "random", "100");
    assert_eq!(score(&alone(a), "case_files"), "12.00");
}

#[test]
fn a3_duplicate_first_occurrence_is_by_file_order_not_by_category() {
    // 附3 二(四)2(2) Reading: "the first occurrence" in file order. Recommended
    // (county): four_measures A 50 (first), general A 90 (later → 0), general
    // B 60 → 50 + 0 + 60 = 110 → 15 × 110/3 ÷ 100 = 5.5; random 15;
    // (5.5 + 15) × 20 ÷ 30 = 20.5 × 2/3 = 13.666… → 13.67.
    // (Keeping the general A instead would give 90 + 60 + 0 → 7.5 → 15.00.)
    let mut a = Collective::county("a");
    a.recommended = vec![
        file("序-A", "four_measures", "50"),
        file("序-A", "general", "90"),
        file("序-B", "general", "60"),
    ];
    a.random = full_files("county", "random", "100");
    let c = alone(a);
    assert_eq!(score(&c, "case_files"), "13.67");
    assert!(!findings_mentioning(&c, "序-A").is_empty());
}

#[test]
fn a3_a_surplus_copy_of_a_counted_case_is_surplus_not_a_duplicate() {
    // 附1 三(二), 附3 二(四)2(2) Readings: duplicates are looked for among the COUNTED files.
    // County recommended general A 90, general B 60, general A 90 (third
    // general: surplus, not counted), four_measures C 90 → counted A, B, C:
    // 90 + 60 + 90 = 240 → 15 × 240/3 ÷ 100 = 12; random 15;
    // (12 + 15) × 20 ÷ 30 = 18.00, with a warning naming the surplus.
    let mut a = Collective::county("a");
    a.recommended = vec![
        file("余-A", "general", "90"),
        file("余-B", "general", "60"),
        file("余-A", "general", "90"),
        file("余-C", "four_measures", "90"),
    ];
    a.random = full_files("county", "random", "100");
    let c = alone(a);
    assert_eq!(score(&c, "case_files"), "18.00");
    assert!(findings_mentioning(&c, "余-A")
        .iter()
        .any(|f| f.severity == Severity::Warning));
}

#[test]
fn a3_same_case_recommended_and_random_is_not_a_duplicate() {
    // 附3 二(四)2(2) Reading: a case both recommended and randomly drawn counts in
    // both parts. County recommended A, B (general), C (four) at 90 →
    // 15 × 270/3 ÷ 100 = 13.5; random A, D (general), E (four) at 90 → 13.5;
    // (13.5 + 13.5) × 20 ÷ 30 = 18.00, and no finding names A.
    let mut a = Collective::county("a");
    a.recommended = vec![
        file("双-A", "general", "90"),
        file("双-B", "general", "90"),
        file("双-C", "four_measures", "90"),
    ];
    a.random = vec![
        file("双-A", "general", "90"),
        file("双-D", "general", "90"),
        file("双-E", "four_measures", "90"),
    ];
    let c = alone(a);
    assert_eq!(score(&c, "case_files"), "18.00");
    assert!(
        findings_mentioning(&c, "双-A").is_empty(),
        "no duplicate finding: {:?}",
        c.findings
    );
}

#[test]
fn a3_parts_are_scaled_by_20_over_30() {
    // 附1 三 Reading: one part 15 and the other 0 → 15 × 20 ÷ 30 = 10.00.
    let mut a = Collective::county("a");
    a.recommended = full_files("county", "recommended", "100");
    let c = alone(a);
    assert_eq!(score(&c, "case_files"), "10.00");
    assert_eq!(exact(&c, "case_files"), dec("10"));
    // Thirds: one general file scored 1 → 15 × 1/3 ÷ 100 = 0.05;
    // 0.05 × 20 ÷ 30 = 1/30 = 0.0333… exactly → 0.03.
    let mut b = Collective::county("b");
    b.recommended = vec![file("一-1", "general", "1")];
    let c = alone(b);
    assert_eq!(
        exact(&c, "case_files"),
        dec("1").divide(&dec("30")).unwrap()
    );
    assert_eq!(score(&c, "case_files"), "0.03");
}

#[test]
fn a3_exact_arithmetic_hits_a_half_cent_and_rounds_up() {
    // Arithmetic is exact; rounding is half away from zero after ×20/30.
    // County recommended 3 × 100 → 15; random one general file 0.15 →
    // 15 × 0.15/3 ÷ 100 = 0.0075. (15 + 0.0075) × 20 ÷ 30 = 10.005 exactly
    // → 10.01 (a float would compute 10.004999… and print 10.00).
    let mut a = Collective::county("a");
    a.recommended = full_files("county", "recommended", "100");
    a.random = vec![file("半-1", "general", "0.15")];
    let c = alone(a);
    assert_eq!(exact(&c, "case_files"), dec("10.005"));
    assert_eq!(score(&c, "case_files"), "10.01");
    assert_eq!(total(&c), "20.01"); // 10.01 + 10
}

// ───────────────────────────── A4 daily 日常监督执法工作 (附1 四)
//
// Province defaults: cases_total 1000, fines_total 1 000 000, major 100,
// key_units_total 100, emissions_total 1000. A unit with 10 key units and
// 100 emissions: ratio = (10/100 + 100/1000) ÷ 2 = 0.1.

fn daily_unit(id: &str) -> Collective {
    let mut c = Collective::city(id);
    c.key_units = 10;
    c.industrial_emissions = "100".into();
    c
}

#[test]
fn a4_cases_exactly_half_of_baseline_scores_zero() {
    // 附1 四(二)1 Reading "超过" is strict: baseline 1000 × 0.1 = 100; 50% = 50.
    // 50 cases → 0; 51 → 5.
    let mut a = daily_unit("a");
    a.cases = 50;
    let c = alone(a);
    assert_eq!(item(&c, "daily", "cases"), dec("0"));
    assert_eq!(score(&c, "daily"), "0.00");
    let mut b = daily_unit("b");
    b.cases = 51;
    let c = alone(b);
    assert_eq!(item(&c, "daily", "cases"), dec("5"));
    assert_eq!(score(&c, "daily"), "5.00");
}

#[test]
fn a4_baseline_ratio_averages_the_two_shares() {
    // 附1 四(二) Reading: key units 30, emissions 100 →
    // (30/100 + 100/1000) ÷ 2 = 0.2; cases baseline 1000 × 0.2 = 200; 50% = 100.
    // 100 cases → 0 (strict); 101 → 5. (Key-unit share alone, 0.3, would need
    // > 150; the sum of shares, 0.4, > 200; emissions alone, 0.1, > 50.)
    let mut a = daily_unit("a");
    a.key_units = 30;
    a.cases = 100;
    assert_eq!(item(&alone(a.clone()), "daily", "cases"), dec("0"));
    a.cases = 101;
    assert_eq!(item(&alone(a), "daily", "cases"), dec("5"));
}

#[test]
fn a4_filing_rate_deductions_per_full_5_percent() {
    // 附1 四(二)1 Reading: 1 per full 5% short of 100%. With 51 cases the base is 5.
    // 97% → 3/5 → 0 → 5; 95% → 1 → 4; 94.5% → 5.5/5 → 1 → 4; 90% → 2 → 3;
    // 88% → 12/5 → 2 → 3; 100% → 0 → 5.
    for (rate, expected) in [
        ("97", "5"),
        ("95", "4"),
        ("94.5", "4"),
        ("90", "3"),
        ("88", "3"),
        ("100", "5"),
    ] {
        let mut a = daily_unit("a");
        a.cases = 51;
        a.fill_rate = rate.into();
        let c = alone(a);
        assert_eq!(
            item(&c, "daily", "cases"),
            dec(expected),
            "fill rate {rate}%"
        );
    }
}

#[test]
fn a4_each_filing_deduction_counts() {
    // 附1 四(二)1: 1 per untrue case, 1 per late report, 1 per correction, 2 per
    // Ministry criticism. Base 5 (51 cases):
    //   untrue 1 → 4; late 1 → 4; corrections 1 → 4; criticisms 1 → 3;
    //   untrue 1 + late 1 + corrections 1 = 3 → 2.
    let cases: [(u64, u64, u64, u64, &str); 5] = [
        (1, 0, 0, 0, "4"),
        (0, 1, 0, 0, "4"),
        (0, 0, 1, 0, "4"),
        (0, 0, 0, 1, "3"),
        (1, 1, 1, 0, "2"),
    ];
    for (untrue, late, corrections, criticisms, expected) in cases {
        let mut a = daily_unit("a");
        a.cases = 51;
        a.untrue_cases = untrue;
        a.late_reports = late;
        a.corrections = corrections;
        a.mee_criticisms = criticisms;
        let c = alone(a);
        assert_eq!(
            item(&c, "daily", "cases"),
            dec(expected),
            "untrue {untrue}, late {late}, corrections {corrections}, criticisms {criticisms}"
        );
    }
}

#[test]
fn a4_filing_deductions_above_5_are_capped_and_never_go_below_zero() {
    // 附1 四(二)1: untrue 3 + criticisms 2 × 2 = 7 → capped 5; base 5 → 5 − 5 = 0.
    // Daily commendations [2] keep the indicator visible: 0 + 0 + 0 + 2 = 2.00
    // (an uncapped −2 item would make it 0.00).
    //
    // The item's score cannot tell the cap apart: the base is 5 or 0 and the
    // cap is 5, so max(0, base − min(d, 5)) = max(0, base − d) for every d.
    // What the cap changes is the deduction the item records and `explain`
    // shows the committee: 扣分累计 5, not 7. So the test reads the ledger,
    // which only the cap makes right.
    let mut a = daily_unit("a");
    a.cases = 51;
    a.untrue_cases = 3;
    a.mee_criticisms = 2;
    a.daily_commendations = vec!["2".into()];
    let c = alone(a.clone());
    assert_eq!(item(&c, "daily", "cases"), dec("0"));
    assert_eq!(score(&c, "daily"), "2.00");

    let policy = collective_policy();
    let facts = policy
        .load_facts("t.yaml", &CollectiveFacts::of(vec![a]).yaml())
        .unwrap();
    let (_, ledger) = policy.explain(&facts).unwrap();
    let daily = ledger.candidate("a").unwrap().indicators[3]
        .as_ref()
        .unwrap();
    assert_eq!(daily.name, "daily");
    let cases = daily.items.iter().find(|i| i.name == "cases").unwrap();
    let lost: Vec<&str> = cases
        .entries
        .iter()
        .filter_map(|e| match e {
            kaoping::ledger::Entry::Let { name, value } if name == "lost" => Some(value.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(lost, ["5"], "the deductions 3 + 2 × 2 = 7 are capped at 5");
    let caps: Vec<(kaoping::Number, kaoping::Number, kaoping::Number)> = cases
        .entries
        .iter()
        .filter_map(|e| match e {
            kaoping::ledger::Entry::Bound {
                operator: "cap",
                before,
                limit,
                after,
                ..
            } => Some((before.clone(), limit.clone(), after.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(caps, [(dec("7"), dec("5"), dec("5"))]);
}

#[test]
fn a4_deductions_above_the_base_give_zero_not_a_negative_item() {
    // 附1 四(二)1: 50 cases (not > 50) → base 0; a late report deducts 1 →
    // max(0, 0 − 1) = 0. With commendations [2]: daily = 0 + 0 + 0 + 2 = 2.00
    // (a −1 item would give 1.00).
    let mut a = daily_unit("a");
    a.cases = 50;
    a.late_reports = 1;
    a.daily_commendations = vec!["2".into()];
    let c = alone(a);
    assert_eq!(item(&c, "daily", "cases"), dec("0"));
    assert_eq!(score(&c, "daily"), "2.00");
}

#[test]
fn a4_fines_must_exceed_half_of_baseline() {
    // 附1 四(二)2: baseline 1 000 000 × 0.1 = 100 000; 50% = 50 000.
    // 50000 → 0 (strict); 50000.01 → 5.
    let mut a = daily_unit("a");
    a.fines = "50000".into();
    assert_eq!(item(&alone(a.clone()), "daily", "fines"), dec("0"));
    a.fines = "50000.01".into();
    let c = alone(a);
    assert_eq!(item(&c, "daily", "fines"), dec("5"));
    assert_eq!(score(&c, "daily"), "5.00");
}

#[test]
fn a4_major_cases_are_summed_over_the_five_kinds() {
    // 附1 四(二)3: baseline 100 × 0.1 = 10; 50% = 5.
    // [1,1,1,1,1] = 5 → 0 (strict); [1,1,1,1,2] = 6 → 5 (no single kind > 5);
    // [5,0,0,0,0] = 5 → 0; [0,0,0,0,6] = 6 → 5.
    for (kinds, expected) in [
        ([1, 1, 1, 1, 1], "0"),
        ([1, 1, 1, 1, 2], "5"),
        ([5, 0, 0, 0, 0], "0"),
        ([0, 0, 0, 0, 6], "5"),
        ([0, 2, 2, 2, 0], "5"),
    ] {
        let mut a = daily_unit("a");
        a.major_cases = kinds;
        assert_eq!(
            item(&alone(a), "daily", "major_cases"),
            dec(expected),
            "major cases {kinds:?}"
        );
    }
}

#[test]
fn a4_zero_baseline_any_positive_count_exceeds_it() {
    // 附1 四(二) Reading: no key units and no emissions → ratio 0, baselines 0.
    // cases 1 → 5; fines 0.01 → 5; major [0,0,0,0,1] → 5; daily = 15.00.
    let mut a = Collective::city("a");
    a.cases = 1;
    a.fines = "0.01".into();
    a.major_cases = [0, 0, 0, 0, 1];
    let c = alone(a);
    assert_eq!(item(&c, "daily", "cases"), dec("5"));
    assert_eq!(item(&c, "daily", "fines"), dec("5"));
    assert_eq!(item(&c, "daily", "major_cases"), dec("5"));
    assert_eq!(score(&c, "daily"), "15.00");
    // ... and 0 does not exceed 0: everything 0 → 0.00.
    let c = alone(Collective::city("b"));
    assert_eq!(item(&c, "daily", "cases"), dec("0"));
    assert_eq!(item(&c, "daily", "fines"), dec("0"));
    assert_eq!(item(&c, "daily", "major_cases"), dec("0"));
    assert_eq!(score(&c, "daily"), "0.00");
}

#[test]
fn a4_commendations_plus_typical_cases_capped_at_5() {
    // 附1 四(二)4: 0.5–2 per commendation + 1 per adopted typical case, cap 5.
    // [0.5, 2] + 1 = 3.5; [2, 2] + 1 = 5 (boundary); [2, 2, 1.5] + 1 = 6.5 → 5;
    // [] + 6 = 6 → 5; [1.5] + 0 = 1.5.
    for (list, typical, expected) in [
        (vec!["0.5", "2"], 1, "3.5"),
        (vec!["2", "2"], 1, "5"),
        (vec!["2", "2", "1.5"], 1, "5"),
        (vec![], 6, "5"),
        (vec!["1.5"], 0, "1.5"),
    ] {
        let mut a = Collective::city("a");
        a.daily_commendations = list.iter().map(|s| s.to_string()).collect();
        a.adopted_typical_cases = typical;
        assert_eq!(
            item(&alone(a), "daily", "commendations"),
            dec(expected),
            "{list:?} + {typical}"
        );
    }
}

#[test]
fn a4_unpublished_key_discharger_list_excludes_city_and_its_counties() {
    // 附1 四(三): 萍乡市 has not published its list → its city candidate AND its
    // county candidate are excluded (status Excluded, rank None, total None,
    // finding citing 附1 四(三)). They are not peers for satisfaction:
    //   city peers: nanchang 300 votes (r 1), jiujiang 200 (r 2), N = 2 →
    //     10 × 2/2 = 10 and 10 × 1/2 = 5 (with pingxiang's 1000 votes counted
    //     it would be N = 3 and nanchang 10 × 2/3 = 6.67);
    //   county peers: nanchang-county 100 (10), jiujiang-county 50 (5).
    // Totals equal satisfaction; city ranks 1, 2 (both selected).
    let facts = CollectiveFacts {
        unpublished: vec!["萍乡市".into()],
        candidates: vec![
            Collective::city("nanchang").votes(300),
            Collective::city("pingxiang").in_city("萍乡市").votes(1000),
            Collective::city("jiujiang").in_city("九江市").votes(200),
            Collective::county("pingxiang-county")
                .in_city("萍乡市")
                .votes(1000),
            Collective::county("nanchang-county").votes(100),
            Collective::county("jiujiang-county")
                .in_city("九江市")
                .votes(50),
        ],
        ..Default::default()
    };
    let outcome = facts.evaluate();
    for id in ["pingxiang", "pingxiang-county"] {
        let c = cand(&outcome, id);
        assert_eq!(c.status, Status::Excluded, "{id}");
        assert_eq!(c.rank, None, "{id}");
        assert_eq!(c.total, None, "{id}");
        assert!(
            c.findings.iter().any(|f| f.kind == FindingKind::Exclusion
                && f.clause.as_deref().unwrap_or("").contains("附1 四(三)")),
            "{id}: an exclusion finding citing 附1 四(三): {:?}",
            c.findings
        );
    }
    assert_eq!(score(cand(&outcome, "nanchang"), "satisfaction"), "10.00");
    assert_eq!(score(cand(&outcome, "jiujiang"), "satisfaction"), "5.00");
    assert_eq!(
        score(cand(&outcome, "nanchang-county"), "satisfaction"),
        "10.00"
    );
    assert_eq!(
        score(cand(&outcome, "jiujiang-county"), "satisfaction"),
        "5.00"
    );
    assert_eq!(cand(&outcome, "nanchang").rank, Some(1));
    assert_eq!(cand(&outcome, "jiujiang").rank, Some(2));
    assert_eq!(cand(&outcome, "nanchang").status, Status::Selected);
    assert_eq!(cand(&outcome, "jiujiang").status, Status::Selected);
    assert_eq!(cand(&outcome, "nanchang-county").rank, Some(1));
    assert_eq!(cand(&outcome, "jiujiang-county").rank, Some(2));
}

#[test]
fn a4_county_is_excluded_even_without_a_city_candidate_from_its_city() {
    // 附1 四(三): 萍乡市 has no city-level candidate, but its county candidate is
    // still excluded; the other county (N = 1) scores satisfaction 10 and
    // rank 1.
    let facts = CollectiveFacts {
        unpublished: vec!["萍乡市".into()],
        candidates: vec![
            Collective::county("luxi").in_city("萍乡市").votes(9),
            Collective::county("xinjian").votes(1),
        ],
        ..Default::default()
    };
    let outcome = facts.evaluate();
    let luxi = cand(&outcome, "luxi");
    assert_eq!(luxi.status, Status::Excluded);
    assert_eq!(luxi.rank, None);
    assert_eq!(luxi.total, None);
    let xinjian = cand(&outcome, "xinjian");
    assert_eq!(score(xinjian, "satisfaction"), "10.00");
    assert_eq!(xinjian.rank, Some(1));
    assert_eq!(xinjian.status, Status::Selected);
}

// ───────────────────────────── A5 satisfaction 执法公众满意度 (附1 五)

#[test]
fn a5_satisfaction_uses_competition_ranks_over_n() {
    // 附1 五 Reading: N = 4, votes 400, 300, 300, 100 → ranks 1, 2, 2, 4;
    // 10 × (4 − r + 1) ÷ 4 = 10, 7.5, 7.5, 2.5.
    let outcome = CollectiveFacts::of(vec![
        Collective::city("a").votes(400),
        Collective::city("b").votes(300),
        Collective::city("c").votes(300),
        Collective::city("d").votes(100),
    ])
    .evaluate();
    assert_eq!(score(cand(&outcome, "a"), "satisfaction"), "10.00");
    assert_eq!(score(cand(&outcome, "b"), "satisfaction"), "7.50");
    assert_eq!(score(cand(&outcome, "c"), "satisfaction"), "7.50");
    assert_eq!(score(cand(&outcome, "d"), "satisfaction"), "2.50");
}

#[test]
fn a5_satisfaction_thirds_round_correctly() {
    // 附1 五: N = 3, votes 3, 2, 1 → 10 × 3/3 = 10; 10 × 2/3 = 6.666… → 6.67;
    // 10 × 1/3 = 3.333… → 3.33.
    let outcome = CollectiveFacts::of(vec![
        Collective::county("a").votes(3),
        Collective::county("b").votes(2),
        Collective::county("c").votes(1),
    ])
    .evaluate();
    assert_eq!(score(cand(&outcome, "a"), "satisfaction"), "10.00");
    assert_eq!(score(cand(&outcome, "b"), "satisfaction"), "6.67");
    assert_eq!(
        exact(cand(&outcome, "b"), "satisfaction"),
        dec("20").divide(&dec("3")).unwrap()
    );
    assert_eq!(score(cand(&outcome, "c"), "satisfaction"), "3.33");
}

#[test]
fn a5_satisfaction_peers_are_the_same_level_only() {
    // 附1 引言 / 五: city and county are ranked separately. City votes 10, 5 →
    // N = 2: 10, 5. County votes 100, 50 → 10, 5. (Pooled, N = 4, city "a"
    // with 10 votes would be r = 3: 10 × 2/4 = 5.)
    let outcome = CollectiveFacts::of(vec![
        Collective::city("a").votes(10),
        Collective::city("b").votes(5),
        Collective::county("c").votes(100),
        Collective::county("d").votes(50),
    ])
    .evaluate();
    assert_eq!(score(cand(&outcome, "a"), "satisfaction"), "10.00");
    assert_eq!(score(cand(&outcome, "b"), "satisfaction"), "5.00");
    assert_eq!(score(cand(&outcome, "c"), "satisfaction"), "10.00");
    assert_eq!(score(cand(&outcome, "d"), "satisfaction"), "5.00");
    assert_eq!(cand(&outcome, "a").rank, Some(1));
    assert_eq!(cand(&outcome, "c").rank, Some(1));
}

// ───────────────────────────── ranking and selection (附1 引言)

#[test]
fn ranking_is_by_total_descending_and_two_city_units_are_selected() {
    // 附1 引言: totals a 3 + 10 = 13, b 5 + 10 = 15, c 1 + 10 = 11 →
    // ranks b 1, a 2, c 3; quota 2 → b, a selected; c ranked.
    let outcome = CollectiveFacts::of(vec![
        Collective::city("a").commend("第一轮", "3"),
        Collective::city("b").commend("第一轮", "5"),
        Collective::city("c").commend("第一轮", "1"),
    ])
    .evaluate();
    assert_eq!(
        statuses(&outcome),
        vec![
            ("a".to_string(), Status::Selected, Some(2)),
            ("b".to_string(), Status::Selected, Some(1)),
            ("c".to_string(), Status::Ranked, Some(3)),
        ]
    );
    assert_eq!(total(cand(&outcome, "b")), "15.00");
    assert!(quota_overruns(&outcome).is_empty());
}

#[test]
fn tie_on_total_is_broken_by_supervision_first() {
    // Ranking Reading: equal totals, then supervision. b (listed first):
    // supervision 0, team 3 + 2 = 5 → 15; a: supervision 5, team 0 → 15.
    // a has the higher supervision → a 1, b 2.
    let mut b = Collective::city("b");
    b.rewards_system = "3".into();
    b.safety_system = "2".into();
    let a = Collective::city("a").commend("第一轮", "5");
    let outcome = CollectiveFacts::of(vec![b, a]).evaluate();
    assert_eq!(total(cand(&outcome, "a")), "15.00");
    assert_eq!(total(cand(&outcome, "b")), "15.00");
    assert_eq!(cand(&outcome, "a").rank, Some(1));
    assert_eq!(cand(&outcome, "b").rank, Some(2));
}

#[test]
fn tie_on_total_and_supervision_is_broken_by_team() {
    // Ranking Reading: b (first): daily commendations [2, 1] = 3 → total 13;
    // a: team rewards 3 → 13. Supervision equal (0); team a 3 > b 0 → a 1, b 2
    // (daily comes after team).
    let mut b = Collective::city("b");
    b.daily_commendations = vec!["2".into(), "1".into()];
    let mut a = Collective::city("a");
    a.rewards_system = "3".into();
    let outcome = CollectiveFacts::of(vec![b, a]).evaluate();
    assert_eq!(total(cand(&outcome, "a")), "13.00");
    assert_eq!(total(cand(&outcome, "b")), "13.00");
    assert_eq!(cand(&outcome, "a").rank, Some(1));
    assert_eq!(cand(&outcome, "b").rank, Some(2));
}

#[test]
fn tie_then_case_files_before_daily() {
    // Ranking Reading: b (first): daily cases 5 (51 > 50) + commendations 5
    // ([2, 2] + 1) = 10 → total 20; a: city recommended all 100 → 15 × 20/30
    // = 10 → total 20. Supervision, team equal; case_files a 10 > b 0 → a 1.
    let mut b = daily_unit("b");
    b.cases = 51;
    b.daily_commendations = vec!["2".into(), "2".into()];
    b.adopted_typical_cases = 1;
    let mut a = Collective::city("a");
    a.recommended = full_files("city", "recommended", "100");
    let outcome = CollectiveFacts::of(vec![b, a]).evaluate();
    assert_eq!(total(cand(&outcome, "a")), "20.00");
    assert_eq!(total(cand(&outcome, "b")), "20.00");
    assert_eq!(cand(&outcome, "a").rank, Some(1));
    assert_eq!(cand(&outcome, "b").rank, Some(2));
}

#[test]
fn tie_then_daily_before_satisfaction() {
    // Ranking Reading: b (first): 2 votes → r 1 of 2 → 10; daily 0 → total 10.
    // a: 1 vote → r 2 → 10 × 1/2 = 5; daily [2, 2, 1] = 5 → total 10.
    // Daily a 5 > b 0 → a 1, b 2.
    let b = Collective::city("b").votes(2);
    let mut a = Collective::city("a").votes(1);
    a.daily_commendations = vec!["2".into(), "2".into(), "1".into()];
    let outcome = CollectiveFacts::of(vec![b, a]).evaluate();
    assert_eq!(total(cand(&outcome, "a")), "10.00");
    assert_eq!(total(cand(&outcome, "b")), "10.00");
    assert_eq!(cand(&outcome, "a").rank, Some(1));
    assert_eq!(cand(&outcome, "b").rank, Some(2));
}

#[test]
fn tie_break_compares_rounded_indicator_scores() {
    // Ranking Reading: tie-breaks use the ROUNDED indicator scores.
    // a: mobile 10 × 1/3 = 3.333… → team 3.33; b: accountability 3.33 → team
    // 3.33.
    // Everything else equal → totals 13.33 and 13.33, every rounded indicator
    // equal → shared rank 1 (though a's exact team score is higher).
    let a = Collective::city("a").mobile(true, 1, 3);
    let mut b = Collective::city("b");
    b.accountability_system = "3.33".into();
    let outcome = CollectiveFacts::of(vec![b, a]).evaluate();
    assert_eq!(total(cand(&outcome, "a")), "13.33");
    assert_eq!(total(cand(&outcome, "b")), "13.33");
    assert_eq!(cand(&outcome, "a").rank, Some(1));
    assert_eq!(cand(&outcome, "b").rank, Some(1));
}

#[test]
fn equal_on_everything_share_a_competition_rank_and_a_tie_at_the_quota_overruns_it() {
    // Ranking and selection: totals alpha 5 + 10 = 15, bravo 13, charlie 13
    // (identical to bravo), delta 11 → ranks 1, 2, 2, 4. City quota 2: rank 2
    // ≤ 2, so alpha, bravo and charlie are all selected (3 > 2) and a
    // QuotaOverrun finding names bravo and charlie; delta is ranked 4.
    let outcome = CollectiveFacts::of(vec![
        Collective::city("alpha").commend("第一轮", "5"),
        Collective::city("bravo").commend("第一轮", "3"),
        Collective::city("charlie").commend("第一轮", "3"),
        Collective::city("delta").commend("第一轮", "1"),
    ])
    .evaluate();
    assert_eq!(
        statuses(&outcome),
        vec![
            ("alpha".to_string(), Status::Selected, Some(1)),
            ("bravo".to_string(), Status::Selected, Some(2)),
            ("charlie".to_string(), Status::Selected, Some(2)),
            ("delta".to_string(), Status::Ranked, Some(4)),
        ]
    );
    let overruns = quota_overruns(&outcome);
    assert!(!overruns.is_empty(), "a QuotaOverrun finding is emitted");
    for finding in &overruns {
        assert!(
            finding.message.contains("bravo") && finding.message.contains("charlie"),
            "the finding names both tied candidates: {}",
            finding.message
        );
        assert!(!finding.message.contains("delta"), "{}", finding.message);
    }
}

#[test]
fn a_tie_inside_the_quota_or_below_the_line_does_not_overrun() {
    // a and b identical (15), c 13 → ranks 1, 1, 3; quota 2 → a, b selected,
    // c ranked, no overrun.
    let outcome = CollectiveFacts::of(vec![
        Collective::city("a").commend("第一轮", "5"),
        Collective::city("b").commend("第一轮", "5"),
        Collective::city("c").commend("第一轮", "3"),
    ])
    .evaluate();
    assert_eq!(
        statuses(&outcome),
        vec![
            ("a".to_string(), Status::Selected, Some(1)),
            ("b".to_string(), Status::Selected, Some(1)),
            ("c".to_string(), Status::Ranked, Some(3)),
        ]
    );
    assert!(quota_overruns(&outcome).is_empty());
    // a 17, b 15, c and d 13 (tied at rank 3, below the line) → c, d ranked.
    let outcome = CollectiveFacts::of(vec![
        Collective::city("a")
            .commend_actions(1, "5")
            .commend("x", "2"),
        Collective::city("b").commend("第一轮", "5"),
        Collective::city("c").commend("第一轮", "3"),
        Collective::city("d").commend("第一轮", "3"),
    ])
    .evaluate();
    assert_eq!(
        statuses(&outcome),
        vec![
            ("a".to_string(), Status::Selected, Some(1)),
            ("b".to_string(), Status::Selected, Some(2)),
            ("c".to_string(), Status::Ranked, Some(3)),
            ("d".to_string(), Status::Ranked, Some(3)),
        ]
    );
    assert!(quota_overruns(&outcome).is_empty());
}

/// County candidate `k{i}` with `n` one-point actions: total n + 10.
fn county_with(i: usize, n: usize) -> Collective {
    Collective::county(&format!("k{i:02}")).commend_actions(n, "1")
}

#[test]
fn ten_county_units_are_selected() {
    // 附1 引言: 11 county units with supervision 11, 10, …, 1 → totals 21 … 11,
    // ranks 1 … 11; quota 10 → k01..k10 selected, k11 ranked.
    let outcome =
        CollectiveFacts::of((1..=11).map(|i| county_with(i, 12 - i)).collect()).evaluate();
    for i in 1..=11 {
        let c = cand(&outcome, &format!("k{i:02}"));
        assert_eq!(c.rank, Some(i as u32));
        let expected = if i <= 10 {
            Status::Selected
        } else {
            Status::Ranked
        };
        assert_eq!(c.status, expected, "k{i:02}");
    }
    assert_eq!(total(cand(&outcome, "k01")), "21.00");
    assert!(quota_overruns(&outcome).is_empty());
}

#[test]
fn a_county_tie_at_the_tenth_place_selects_both_and_reports_it() {
    // Selection Reading: k01..k09 with supervision 11 … 3 (ranks 1 … 9), k10 and
    // k11 both 2 → both rank 10; quota 10 → 11 selected; a QuotaOverrun
    // finding names k10 and k11.
    let mut units: Vec<Collective> = (1..=9).map(|i| county_with(i, 12 - i)).collect();
    units.push(county_with(10, 2));
    units.push(county_with(11, 2));
    let outcome = CollectiveFacts::of(units).evaluate();
    assert_eq!(cand(&outcome, "k10").rank, Some(10));
    assert_eq!(cand(&outcome, "k11").rank, Some(10));
    assert!(outcome
        .candidates
        .iter()
        .all(|c| c.status == Status::Selected));
    let overruns = quota_overruns(&outcome);
    assert!(!overruns.is_empty());
    assert!(overruns
        .iter()
        .all(|f| f.message.contains("k10") && f.message.contains("k11")));
}

// ───────────────────────────── rounding and exactness

#[test]
fn total_is_the_sum_of_rounded_indicator_scores() {
    // Rounding rule: x has team mobile 10 × 1/3 = 3.333… → 3.33 and, with
    // votes 0 among N = 3 (votes 2, 1, 0 → r = 3), satisfaction
    // 10 × 1/3 = 3.333… → 3.33. Total = 3.33 + 3.33 = 6.66 (summing the exact
    // scores, 6.666…, would give 6.67). y: 10.00; z: 10 × 2/3 → 6.67.
    // Ranks: y 1 (10), z 2 (6.67), x 3 (6.66).
    let outcome = CollectiveFacts::of(vec![
        Collective::city("x").mobile(true, 1, 3).votes(0),
        Collective::city("y").votes(2),
        Collective::city("z").votes(1),
    ])
    .evaluate();
    let x = cand(&outcome, "x");
    assert_eq!(score(x, "team"), "3.33");
    assert_eq!(score(x, "satisfaction"), "3.33");
    assert_eq!(x.total.as_ref().unwrap(), &dec("6.66"));
    assert_eq!(total(cand(&outcome, "z")), "6.67");
    assert_eq!(cand(&outcome, "y").rank, Some(1));
    assert_eq!(cand(&outcome, "z").rank, Some(2));
    assert_eq!(x.rank, Some(3));
}

#[test]
fn indicator_is_rounded_once_after_its_items_are_summed() {
    // Rounding rule ("after all of its own arithmetic"): rewards 1.004 + safety
    // 1.004 = 2.008 → 2.01 (rounding each item first would give 2.00).
    let mut a = Collective::city("a");
    a.rewards_system = "1.004".into();
    a.safety_system = "1.004".into();
    let c = alone(a);
    assert_eq!(item(&c, "team", "rewards_system"), dec("1.004"));
    assert_eq!(exact(&c, "team"), dec("2.008"));
    assert_eq!(score(&c, "team"), "2.01");
}

#[test]
fn rounding_is_half_away_from_zero_on_exact_values() {
    // Rounding rule 四舍五入: rewards 0.105 + safety 0.2 = 0.305 exactly → 0.31
    // (in f64, 0.105 + 0.2 = 0.30499999… → 0.30).
    let mut a = Collective::city("a");
    a.rewards_system = "0.105".into();
    a.safety_system = "0.2".into();
    let c = alone(a);
    assert_eq!(exact(&c, "team"), dec("0.305"));
    assert_eq!(score(&c, "team"), "0.31");
    assert_eq!(total(&c), "10.31");
}

#[test]
fn decimals_are_exact() {
    // Exactness: rewards 0.1 + safety 0.2 + accountability 2.5 = 2.8 exactly
    // (f64 gives 2.8000000000000003).
    let mut a = Collective::city("a");
    a.rewards_system = "0.1".into();
    a.safety_system = "0.2".into();
    a.accountability_system = "2.5".into();
    let c = alone(a);
    assert_eq!(exact(&c, "team"), dec("2.8"));
    // Supervision with decimal points (1–5): 2.5 + 1.1 = 3.6, minus 1.5 → 2.1.
    let c = alone(
        Collective::city("b")
            .commend("第一轮", "2.5")
            .commend("第二轮", "1.1")
            .deduct("1.5"),
    );
    assert_eq!(exact(&c, "supervision"), dec("2.1"));
    assert_eq!(score_number(&c, "supervision"), dec("2.10"));
}

// ───────────────────────────── facts validation (Facts)

fn collective_yaml_loads(yaml: &str) -> bool {
    collective_policy().load_facts("t.yaml", yaml).is_ok()
}

#[test]
fn facts_the_builder_produces_valid_facts() {
    let yaml = CollectiveFacts::of(vec![Collective::city("a"), Collective::county("b")]).yaml();
    assert!(collective_yaml_loads(&yaml), "{yaml}");
    let yaml = IndividualFacts::of(vec![Individual::new("p")]).yaml();
    assert!(individual_policy().load_facts("t.yaml", &yaml).is_ok());
}

#[test]
fn facts_unknown_key_is_an_error() {
    // Facts: "Unknown keys are errors (a typo must not silently score 0)".
    let yaml = CollectiveFacts::of(vec![Collective::city("a")]).yaml();
    let typo = yaml.replace(
        "satisfaction: { votes: 0 }",
        "satisfaction: { votes: 0, vote: 5 }",
    );
    assert_ne!(typo, yaml);
    assert!(!collective_yaml_loads(&typo));
}

#[test]
fn facts_missing_key_is_an_error() {
    // Facts: "a missing key is an error unless marked optional".
    let yaml = CollectiveFacts::of(vec![Collective::city("a")]).yaml();
    let missing = yaml.replace("      integrity_violation: false\n", "");
    assert_ne!(missing, yaml);
    assert!(!collective_yaml_loads(&missing));
    // revoked_after_selection is optional for individuals (default false).
    let yaml = IndividualFacts::of(vec![Individual::new("p")]).yaml();
    assert!(!yaml.contains("revoked_after_selection"));
    assert!(individual_policy().load_facts("t.yaml", &yaml).is_ok());
    let missing = yaml.replace("    integrity_certificate: true\n", "");
    assert_ne!(missing, yaml);
    assert!(individual_policy().load_facts("t.yaml", &missing).is_err());
}

#[test]
fn facts_out_of_range_values_are_errors_not_clamped() {
    // Facts: "A value outside its range (a 6-point commendation, an expert score
    // of 101) is an error, never clamped."
    let bad: Vec<Collective> = vec![
        Collective::city("a").commend("第一轮", "6"),
        Collective::city("a").deduct("6"),
        {
            let mut c = Collective::city("a");
            c.recommended = vec![file("x", "general", "101")];
            c
        },
        {
            let mut c = Collective::city("a");
            c.daily_commendations = vec!["2.5".into()];
            c
        },
        {
            let mut c = Collective::city("a");
            c.daily_commendations = vec!["0.4".into()];
            c
        },
        {
            let mut c = Collective::city("a");
            c.fill_rate = "100.5".into();
            c
        },
        {
            let mut c = Collective::city("a");
            c.rewards_system = "3.5".into();
            c
        },
    ];
    for candidate in bad {
        let yaml = CollectiveFacts::of(vec![candidate]).yaml();
        assert!(!collective_yaml_loads(&yaml), "accepted:\n{yaml}");
    }
    let yaml = IndividualFacts::of(vec![
        Individual::new("p").evidence(vec![evidence("x", "30.5")])
    ])
    .yaml();
    assert!(individual_policy().load_facts("t.yaml", &yaml).is_err());
}

// ═════════════════════════════════════════════ Part B — individuals

#[test]
fn b_no_valid_enforcement_certificate_is_excluded() {
    // 附2 一(二) basic condition: without a valid certificate → excluded.
    let mut p = Individual::new("p");
    p.enforcement_certificate_valid = false;
    let outcome = IndividualFacts::of(vec![p, Individual::new("q")]).evaluate();
    let p = cand(&outcome, "p");
    assert_eq!(p.status, Status::Excluded);
    assert_eq!(p.rank, None);
    assert_eq!(p.total, None);
    assert!(!findings_of_kind(p, FindingKind::Exclusion).is_empty());
    assert_eq!(cand(&outcome, "q").rank, Some(1));
}

#[test]
fn b5_incomplete_integrity_certificate_is_excluded() {
    // 附2 二(五) 廉洁执法 veto: integrity_certificate false → excluded.
    let mut p = Individual::new("p").commend_actions(6, "5");
    p.integrity_certificate = false;
    let outcome = IndividualFacts::of(vec![p, Individual::new("q")]).evaluate();
    let p = cand(&outcome, "p");
    assert_eq!(p.status, Status::Excluded);
    assert_eq!(p.rank, None);
    assert_eq!(p.total, None);
    assert!(!findings_of_kind(p, FindingKind::Exclusion).is_empty());
}

#[test]
fn b1_b5_integrity_violation_removes_the_individual() {
    // 附2 二(一) 直接移出候选名单 / 二(五): unlike A1, the individual is excluded,
    // even with supervision 30.
    let mut p = Individual::new("p").commend_actions(6, "5");
    p.integrity_violation = true;
    let outcome = IndividualFacts::of(vec![p, Individual::new("q")]).evaluate();
    let p = cand(&outcome, "p");
    assert_eq!(p.status, Status::Excluded);
    assert_eq!(p.rank, None);
    assert_eq!(p.total, None);
    assert!(!findings_of_kind(p, FindingKind::Exclusion).is_empty());
    let q = cand(&outcome, "q");
    assert_eq!(q.rank, Some(1));
    assert_eq!(q.status, Status::Selected);
}

#[test]
fn b1_supervision_follows_a1() {
    // 附2 二(一) as A1:
    //   p1: action X 3 and 5 → 5, action Y 2 → 7.00;
    //   p2: 7 × 5 = 35 → 30.00;
    //   p3: 7 × 5 + 4 = 39 → 30, deductions 5 + 5 + 2 = 12 → 10 → 20.00;
    //   p4: 2 − 3 → floor 0.00;
    //   p5: 6 × 5 = 30, deductions 5 + 5 + 1 = 11 → 10 → 20.00;
    //   p6: 6 × 5 = 30, deductions 5 + 4 = 9 → 21.00.
    let outcome = IndividualFacts::of(vec![
        Individual::new("p1")
            .commend("X", "3")
            .commend("X", "5")
            .commend("Y", "2"),
        Individual::new("p2").commend_actions(7, "5"),
        Individual::new("p3")
            .commend_actions(7, "5")
            .commend("第八轮强化监督", "4")
            .deduct("5")
            .deduct("5")
            .deduct("2"),
        Individual::new("p4").commend("X", "2").deduct("3"),
        Individual::new("p5")
            .commend_actions(6, "5")
            .deduct("5")
            .deduct("5")
            .deduct("1"),
        Individual::new("p6")
            .commend_actions(6, "5")
            .deduct("5")
            .deduct("4"),
    ])
    .evaluate();
    for (id, expected) in [
        ("p1", "7.00"),
        ("p2", "30.00"),
        ("p3", "20.00"),
        ("p4", "0.00"),
        ("p5", "20.00"),
        ("p6", "21.00"),
    ] {
        assert_eq!(score(cand(&outcome, id), "supervision"), expected, "{id}");
    }
}

#[test]
fn b2_evidence_is_the_mean_of_the_first_two_files() {
    // 附2 二(二): mean with divisor 2.
    //   e1: (26.5 + 25) ÷ 2 = 25.75;
    //   e2: one file 26, the missing one 0 → 26 ÷ 2 = 13.00;
    //   e3: 27 undisclosed → 0, 25 → 12.50;
    //   e4: 24, 25, then 29.5 (third, ignored with a warning) → 24.50;
    //   e5: none → 0.00;
    //   e6: (25.01 + 0) ÷ 2 = 12.505 exactly → 12.51.
    let outcome = IndividualFacts::of(vec![
        Individual::new("e1").evidence(vec![evidence("e1-1", "26.5"), evidence("e1-2", "25")]),
        Individual::new("e2").evidence(vec![evidence("e2-1", "26")]),
        Individual::new("e3").evidence(vec![
            evidence("e3-1", "27").undisclosed(),
            evidence("e3-2", "25"),
        ]),
        Individual::new("e4").evidence(vec![
            evidence("e4-1", "24"),
            evidence("e4-2", "25"),
            evidence("e4-3", "29.5"),
        ]),
        Individual::new("e5"),
        Individual::new("e6").evidence(vec![evidence("e6-1", "25.01"), evidence("e6-2", "0")]),
    ])
    .evaluate();
    for (id, expected) in [
        ("e1", "25.75"),
        ("e2", "13.00"),
        ("e3", "12.50"),
        ("e4", "24.50"),
        ("e5", "0.00"),
        ("e6", "12.51"),
    ] {
        assert_eq!(score(cand(&outcome, id), "evidence"), expected, "{id}");
    }
    assert_eq!(exact(cand(&outcome, "e6"), "evidence"), dec("12.505"));
    let e4 = cand(&outcome, "e4");
    assert!(
        findings_mentioning(e4, "e4-3")
            .iter()
            .any(|f| f.severity == Severity::Warning),
        "a warning names the ignored third file: {:?}",
        e4.findings
    );
}

#[test]
fn b3_workload_divides_by_the_largest_count_among_eligible_individuals() {
    // 附2 二(三) Reading: each part 10 × count ÷ max over ELIGIBLE individuals.
    // c (400 inspections, 80 cases) is excluded (integrity certificate missing),
    // so the maxima are a's 200 and 40:
    //   a: 10 × 200/200 + 10 × 40/40 = 20.00;
    //   b: 10 × 100/200 = 5 + 10 × 10/40 = 2.5 → 7.50.
    // (With c as the divisor, a would get 5 + 5 = 10.)
    let mut c = Individual::new("c").workload(400, 80);
    c.integrity_certificate = false;
    let outcome = IndividualFacts::of(vec![
        Individual::new("a").workload(200, 40),
        Individual::new("b").workload(100, 10),
        c,
    ])
    .evaluate();
    let a = cand(&outcome, "a");
    let b = cand(&outcome, "b");
    assert_eq!(score(a, "workload"), "20.00");
    assert_eq!(item(b, "workload", "inspections"), dec("5"));
    assert_eq!(item(b, "workload", "cases"), dec("2.5"));
    assert_eq!(score(b, "workload"), "7.50");
    // Totals: a 20 + 20 (votes tied among N = 2) = 40; b 7.5 + 20 = 27.5.
    assert_eq!(total(a), "40.00");
    assert_eq!(total(b), "27.50");
}

#[test]
fn b3_workload_is_zero_when_the_largest_count_is_zero() {
    // 附2 二(三) Reading: max 0 → 0 (no division by zero).
    let outcome = IndividualFacts::of(vec![Individual::new("a"), Individual::new("b")]).evaluate();
    assert_eq!(score(cand(&outcome, "a"), "workload"), "0.00");
    assert_eq!(score(cand(&outcome, "b"), "workload"), "0.00");
    assert_eq!(total(cand(&outcome, "a")), "20.00");
}

#[test]
fn b3_workload_thirds_are_summed_exactly_before_rounding() {
    // 附2 二(三): b: 10 × 100/300 + 10 × 1/3 = 20/3 = 6.666… → 6.67 (rounding
    // each part first would give 3.33 + 3.33 = 6.66). a: 10 + 10 = 20.00.
    let outcome = IndividualFacts::of(vec![
        Individual::new("a").workload(300, 3),
        Individual::new("b").workload(100, 1),
    ])
    .evaluate();
    let b = cand(&outcome, "b");
    assert_eq!(
        item(b, "workload", "inspections"),
        dec("10").divide(&dec("3")).unwrap()
    );
    assert_eq!(score(b, "workload"), "6.67");
    assert_eq!(score(cand(&outcome, "a"), "workload"), "20.00");
}

#[test]
fn b4_satisfaction_is_20_times_competition_rank_over_eligible_n() {
    // 附2 二(四): eligible votes 400, 300, 300, 100 → r 1, 2, 2, 4; N = 4
    // (x, excluded with 1000 votes, is not counted) →
    // 20 × 4/4 = 20, 20 × 3/4 = 15, 15, 20 × 1/4 = 5.
    let mut x = Individual::new("x").votes(1000);
    x.enforcement_certificate_valid = false;
    let outcome = IndividualFacts::of(vec![
        x,
        Individual::new("a").votes(400),
        Individual::new("b").votes(300),
        Individual::new("c").votes(300),
        Individual::new("d").votes(100),
    ])
    .evaluate();
    for (id, expected) in [
        ("a", "20.00"),
        ("b", "15.00"),
        ("c", "15.00"),
        ("d", "5.00"),
    ] {
        assert_eq!(score(cand(&outcome, id), "satisfaction"), expected, "{id}");
    }
    assert_eq!(total(cand(&outcome, "d")), "5.00");
}

/// 21 eligible individuals p01..p21, three per city; p(i) has evidence
/// 31 − i (two files of that score, mean 31 − i), votes tied (satisfaction 20
/// each), so total = 51 − i and rank = i.
fn twenty_one() -> Vec<Individual> {
    (1..=21)
        .map(|i| {
            Individual::new(&format!("p{i:02}"))
                .in_city(&city_for(i - 1))
                .evidence_mean(&(31 - i).to_string())
        })
        .collect()
}

#[test]
fn b_twenty_are_selected_and_the_first_ten_are_national() {
    // 附2 引言 / 实施方案 五(三): ranks 1 … 21 (totals 50 … 30); rank ≤ 20
    // selected, p21 ranked; national for rank ≤ 10 only.
    let outcome = IndividualFacts::of(twenty_one()).evaluate();
    for i in 1..=21u32 {
        let c = cand(&outcome, &format!("p{i:02}"));
        assert_eq!(c.rank, Some(i));
        assert_eq!(total(c), format!("{}.00", 51 - i));
        let expected = if i <= 20 {
            Status::Selected
        } else {
            Status::Ranked
        };
        assert_eq!(c.status, expected, "p{i:02}");
        assert_eq!(flag(c, "national"), i <= 10, "p{i:02} national");
    }
    assert!(quota_overruns(&outcome).is_empty());
    // Three per city → no recommendation-count warning.
    assert!(all_findings(&outcome)
        .iter()
        .all(|f| f.severity != Severity::Warning));
}

#[test]
fn b_a_tie_at_the_tenth_place_puts_both_forward_with_a_finding() {
    // 附2 引言 + ranking Reading: p11 gets p10's evidence (21) → both total 41,
    // rank 10, both national; p12 … p21 ranked 12 … 21; 20 selected.
    // A finding names p10 and p11.
    let mut all = twenty_one();
    all[10] = all[10].clone().evidence_mean("21");
    let outcome = IndividualFacts::of(all).evaluate();
    let p10 = cand(&outcome, "p10");
    let p11 = cand(&outcome, "p11");
    assert_eq!(p10.rank, Some(10));
    assert_eq!(p11.rank, Some(10));
    assert!(flag(p10, "national") && flag(p11, "national"));
    assert!(!flag(cand(&outcome, "p12"), "national"));
    assert_eq!(cand(&outcome, "p12").rank, Some(12));
    assert_eq!(cand(&outcome, "p20").status, Status::Selected);
    assert_eq!(cand(&outcome, "p21").status, Status::Ranked);
    let named: Vec<_> = all_findings(&outcome)
        .into_iter()
        .filter(|f| f.message.contains("p10") && f.message.contains("p11"))
        .collect();
    assert!(!named.is_empty(), "a finding names p10 and p11");
}

#[test]
fn b_a_tie_at_the_twentieth_place_selects_both_with_a_quota_overrun() {
    // Part B selection: p21 gets p20's evidence (11) → both total 31, rank 20 →
    // 21 selected, and a QuotaOverrun finding names p20 and p21.
    let mut all = twenty_one();
    all[20] = all[20].clone().evidence_mean("11");
    let outcome = IndividualFacts::of(all).evaluate();
    assert_eq!(cand(&outcome, "p20").rank, Some(20));
    assert_eq!(cand(&outcome, "p21").rank, Some(20));
    assert!(outcome
        .candidates
        .iter()
        .all(|c| c.status == Status::Selected));
    let overruns = quota_overruns(&outcome);
    assert!(!overruns.is_empty());
    assert!(overruns
        .iter()
        .any(|f| f.message.contains("p20") && f.message.contains("p21")));
}

#[test]
fn b5_revoked_after_selection_changes_only_that_status_and_nobody_moves_up() {
    // 附2 二(五) Reading: p05 (rank 5, selected) has revoked_after_selection →
    // status Revoked; every other candidate's scores, rank, status and flags
    // are exactly as without the revocation: p20 stays rank 20 selected, p21
    // stays rank 21 ranked (nobody moves up).
    let baseline = IndividualFacts::of(twenty_one()).evaluate();
    let mut all = twenty_one();
    all[4].revoked_after_selection = Some(true);
    let outcome = IndividualFacts::of(all).evaluate();
    let p05 = cand(&outcome, "p05");
    assert_eq!(p05.status, Status::Revoked);
    assert!(!findings_of_kind(p05, FindingKind::Revocation).is_empty());
    for (before, after) in baseline.candidates.iter().zip(&outcome.candidates) {
        if after.id == "p05" {
            continue;
        }
        assert_eq!(before.status, after.status, "{}", after.id);
        assert_eq!(before.rank, after.rank, "{}", after.id);
        assert_eq!(before.total, after.total, "{}", after.id);
        assert_eq!(before.flags, after.flags, "{}", after.id);
        assert_eq!(before.indicators, after.indicators, "{}", after.id);
    }
    assert_eq!(cand(&outcome, "p20").status, Status::Selected);
    assert_eq!(cand(&outcome, "p20").rank, Some(20));
    assert_eq!(cand(&outcome, "p21").status, Status::Ranked);
    assert_eq!(cand(&outcome, "p21").rank, Some(21));
}

#[test]
fn b5_revoked_after_selection_on_a_non_selected_candidate_leaves_it_ranked() {
    // 附2 二(五) Reading: p21 (rank 21, not selected) has nothing to revoke →
    // stays Ranked at 21; the others are unchanged.
    let baseline = IndividualFacts::of(twenty_one()).evaluate();
    let mut all = twenty_one();
    all[20].revoked_after_selection = Some(true);
    let outcome = IndividualFacts::of(all).evaluate();
    let p21 = cand(&outcome, "p21");
    assert_eq!(p21.status, Status::Ranked);
    assert_eq!(p21.rank, Some(21));
    assert_eq!(statuses(&baseline), statuses(&outcome));
}

#[test]
fn b5_a_revoked_title_is_not_put_forward_and_nobody_moves_up_into_the_ten() {
    // 附2 二(五) Reading, with 附2 引言 前十名报送生态环境部: p05 (rank 5,
    // national) is revoked → national false; p11 (rank 11) does not move up,
    // so 9 are put forward (p01–p04, p06–p10). The group still counts 20
    // selected by the quota, of which 1 is revoked: 19 titles are held.
    let mut all = twenty_one();
    all[4].revoked_after_selection = Some(true);
    let outcome = IndividualFacts::of(all).evaluate();
    let p05 = cand(&outcome, "p05");
    assert_eq!(p05.status, Status::Revoked);
    assert_eq!(p05.rank, Some(5));
    assert!(!flag(p05, "national"));
    for i in (1..=10u32).filter(|&i| i != 5) {
        assert!(
            flag(cand(&outcome, &format!("p{i:02}")), "national"),
            "p{i:02}"
        );
    }
    assert!(!flag(cand(&outcome, "p11"), "national"));
    let national = outcome
        .candidates
        .iter()
        .filter(|c| flag(c, "national"))
        .count();
    assert_eq!(national, 9);
    assert_eq!(outcome.groups.len(), 1);
    assert_eq!(outcome.groups[0].selected, 20);
    assert_eq!(outcome.groups[0].revoked, 1);
}

#[test]
fn b_revoked_after_selection_false_is_the_default() {
    // Facts: revoked_after_selection is optional, default false; writing it out
    // as false changes nothing.
    let baseline = IndividualFacts::of(twenty_one()).evaluate();
    let mut all = twenty_one();
    for p in &mut all {
        p.revoked_after_selection = Some(false);
    }
    let outcome = IndividualFacts::of(all).evaluate();
    assert_eq!(statuses(&baseline), statuses(&outcome));
    assert!(outcome
        .candidates
        .iter()
        .all(|c| c.status != Status::Revoked));
}

#[test]
fn b_each_city_recommends_two_or_three_candidates() {
    // 附2 引言 每市推荐2–3名: 南昌市 1 and 上饶市 4 → warnings naming the city;
    // 九江市 2 and 赣州市 3 → none.
    let mut people = vec![Individual::new("n1").in_city("南昌市")];
    people.extend((1..=2).map(|i| Individual::new(&format!("j{i}")).in_city("九江市")));
    people.extend((1..=3).map(|i| Individual::new(&format!("g{i}")).in_city("赣州市")));
    people.extend((1..=4).map(|i| Individual::new(&format!("s{i}")).in_city("上饶市")));
    let outcome = IndividualFacts::of(people).evaluate();
    let warned = |id: &str, city: &str| {
        findings_mentioning(cand(&outcome, id), city)
            .iter()
            .any(|f| f.severity == Severity::Warning)
    };
    assert!(warned("n1", "南昌市"));
    assert!(warned("s1", "上饶市"));
    assert!(warned("s4", "上饶市"));
    assert!(!warned("j1", "九江市"));
    assert!(!warned("g3", "赣州市"));
}

// ═════════════════════════════════════════════ Part C — submission requirements

/// The messages of the candidate's Part C findings: those citing 附3. (A
/// neutral candidate also has findings of its own, such as missing case files.)
fn messages(candidate: &kaoping::CandidateOutcome) -> Vec<String> {
    candidate
        .findings
        .iter()
        .filter(|f| {
            f.clause
                .as_deref()
                .is_some_and(|clause| clause.contains("附3"))
        })
        .map(|f| f.message.clone())
        .collect()
}

#[test]
fn c1_material_length_counts_characters_not_bytes_nor_white_space() {
    // 附3 二(四)2(1) 3000字以内, Reading: Unicode characters other than white
    // space. 3,000 Chinese characters (9,000 bytes) with spaces between them
    // are within the limit; one more is over it.
    let at_limit = format!("{} \n\t{}", "执".repeat(1500), "法".repeat(1500));
    let c = alone(Collective::city("a").materials(&at_limit, "docx", "2019-11-01"));
    assert!(
        findings_mentioning(&c, "事迹材料").is_empty(),
        "{:?}",
        messages(&c)
    );
    let over = format!("{at_limit}。");
    let c = alone(Collective::city("a").materials(&over, "docx", "2019-11-01"));
    assert_eq!(messages(&c), ["事迹材料 3,001 字，超过 3,000 字"]);
    let finding = &findings_mentioning(&c, "3,001 字")[0];
    assert_eq!(finding.clause.as_deref(), Some("附3 二(四)2(1)"));
    assert_eq!(total(&c), "10.00", "a finding costs no points");
}

#[test]
fn c2_materials_are_due_by_november_10_inclusive() {
    // 附3 二(四) 11月10日前, Reading: the day itself is on time.
    let i = IndividualFacts::of(vec![
        Individual::new("on-time").materials("事迹", "docx", "2019-11-10"),
        Individual::new("late").materials("事迹", "docx", "2019-11-11"),
    ])
    .evaluate();
    assert!(messages(cand(&i, "on-time")).is_empty());
    assert_eq!(
        messages(cand(&i, "late")),
        ["参评材料于 2019-11-11 报送，晚于 2019-11-10"]
    );
}

#[test]
fn c2_deadlines_cite_section_five_of_the_implementation_plan() {
    // 实施方案 五(一) 动员部署情况…于2019年5月31日前报送 and 五(二) 11月10日前…
    // 相关材料报送: section 五 组织实施 (section 四 is 主要评选内容).
    let cites = |policy: &kaoping::policy::Policy, name: &str| -> Vec<String> {
        let parameter = policy.parameters.iter().find(|p| p.name == name).unwrap();
        parameter.annotations.cites.clone()
    };
    let collective = collective_policy();
    let individual = individual_policy();
    assert_eq!(
        cites(&collective, "mobilisation_due"),
        ["实施方案 五(一)", "附3 二(一)"]
    );
    assert_eq!(
        cites(&collective, "materials_due"),
        ["附3 二(四)", "实施方案 五(二)"]
    );
    assert_eq!(
        cites(&individual, "materials_due"),
        ["附3 二(四)", "实施方案 五(二)"]
    );
    let mobilisation: Vec<_> = collective
        .findings
        .iter()
        .filter(|rule| {
            rule.annotations
                .cites
                .iter()
                .any(|c| c.contains("附3 二(一)"))
        })
        .collect();
    assert_eq!(mobilisation.len(), 2);
    for rule in mobilisation {
        assert_eq!(rule.annotations.cites, ["实施方案 五(一)", "附3 二(一)"]);
    }
}

#[test]
fn c3_materials_must_be_word_files_whatever_the_case_of_the_name() {
    // 附3 二(四)2(1) word文件格式: the type after the last dot, lowercased.
    for (format, expected) in [
        ("事迹.v2.DOCX", None),
        ("doc", None),
        (
            "事迹材料.pdf",
            Some("事迹材料为 pdf 格式，应为 Word 文件（doc 或 docx）"),
        ),
        (
            "wps",
            Some("事迹材料为 wps 格式，应为 Word 文件（doc 或 docx）"),
        ),
    ] {
        let c = alone(Collective::city("a").materials("事迹", format, "2019-11-01"));
        assert_eq!(
            messages(&c).first().map(String::as_str),
            expected,
            "format {format}"
        );
    }
}

#[test]
fn c4_no_materials_means_no_material_findings() {
    // Every Part C fact is optional: facts written to the spec without them
    // score and report exactly as before.
    let c = alone(Collective::city("a"));
    assert!(messages(&c).is_empty(), "{:?}", messages(&c));
    assert_eq!(total(&c), "10.00");
}
