//! The constructs the family of assessment schemes (考核细则) needs, each end
//! to end with values computed by hand from the scheme it comes from:
//! sections to any depth, deductions down to zero, step rates, pass/fail
//! items, bonus and deductions outside the maxima, grades with quotas,
//! vetoes on grades, rules after the total, assessment without selection.
//! Every outcome is computed three ways (compiled, walked, explained) and
//! they must agree.

use kaoping::outcome::{AdjustmentKind, GradeChangeKind};
use kaoping::{FindingKind, Outcome, Status};

/// Checks `policy`, loads `facts`, and evaluates them compiled, walked and
/// explained; all three must give the same outcome.
fn run(policy: &str, facts: &str) -> Outcome {
    let checked = kaoping::load_policy("family.kp", policy)
        .unwrap_or_else(|report| panic!("policy must check: {:?}\n{policy}", report.problems));
    let facts = checked
        .policy
        .load_facts("facts.yaml", facts)
        .unwrap_or_else(|report| panic!("facts must load: {:?}", report.problems));
    let compiled = checked.policy.evaluate(&facts).expect("evaluates");
    let walked = checked.policy.evaluate_walking(&facts).expect("walks");
    assert_eq!(compiled, walked, "walking gives another outcome");
    let (explained, _) = checked.policy.explain(&facts).expect("explains");
    assert_eq!(compiled, explained, "explaining gives another outcome");
    compiled
}

/// The problems `policy` is refused with, as `code: message` lines.
fn refused(policy: &str) -> Vec<String> {
    match kaoping::load_policy("family.kp", policy) {
        Ok(_) => panic!("the policy must be refused:\n{policy}"),
        Err(report) => report
            .problems
            .iter()
            .map(|problem| format!("{}: {}", problem.code, problem.message))
            .collect(),
    }
}

fn candidate<'a>(outcome: &'a Outcome, id: &str) -> &'a kaoping::CandidateOutcome {
    outcome
        .candidates
        .iter()
        .find(|candidate| candidate.id == id)
        .unwrap_or_else(|| panic!("no candidate {id}"))
}

/// The exact score of the item at `path` (`environment.air.targets.pm10`),
/// or the rounded score of an indicator, with two places.
fn section(outcome: &Outcome, id: &str, path: &str) -> String {
    let candidate = candidate(outcome, id);
    let mut names = path.split('.');
    let indicator = candidate
        .indicator(names.next().unwrap())
        .expect("indicator");
    let mut items = &indicator.items;
    let mut score = indicator.score.clone().expect("scored");
    for name in names {
        let item = items
            .iter()
            .find(|item| item.name == name)
            .unwrap_or_else(|| panic!("no item {name} in {path}"));
        score = item.score.clone();
        items = &item.items;
    }
    score.to_fixed(2)
}

fn total(outcome: &Outcome, id: &str) -> String {
    candidate(outcome, id).total.as_ref().unwrap().to_fixed(2)
}

fn grade(outcome: &Outcome, id: &str) -> String {
    candidate(outcome, id)
        .grade
        .as_ref()
        .map(|grade| grade.name.clone())
        .unwrap_or_default()
}

/// Card 01 (某市环境保护目标责任书考核细则 2018, 四(一)1(1)): four levels below
/// the total; PM10 and PM2.5 lose 0.5 point per µg/m³ above the target and
/// the good-days ratio 0.25 per percentage point short, each down to zero.
const ENVIRONMENT: &str = r#"
policy environment {
  total 40
  round 2 half_away_from_zero per indicator
}
param pm10_target = 70
param pm25_target = 35
param good_days_target = 80
input {
  candidates: list of {
    id: text
    pm10: decimal[0..]
    pm25: decimal[0..]
    good_days: decimal[0..100]
  } key id
}
indicator environment "环境质量" max 40 {
  item air "空气环境质量" max 15 {
    item targets "空气环境质量控制目标" max 6 {
      item pm10 "PM10年均浓度" max 3 {
        deduct 0.5 per candidate.pm10 - pm10_target cite "四(一)1(1)①"
      }
      item pm25 "PM2.5年均浓度" max 1 {
        deduct 0.5 per candidate.pm25 - pm25_target cite "四(一)1(1)②"
      }
      item good_days "优良天数比率" max 2 {
        deduct 0.25 per good_days_target - candidate.good_days cite "四(一)1(1)③"
      }
    }
    item rest "其余空气指标" max 9 { score max }
  }
  item rest "其余环境质量指标" max 25 { score max }
}
"#;

#[test]
fn deductions_per_unit_of_gap_stop_at_zero_at_every_level() {
    let outcome = run(
        ENVIRONMENT,
        r#"
candidates:
  - { id: on_target, pm10: 70, pm25: 35, good_days: 80 }
  - { id: short, pm10: 72.4, pm25: 36, good_days: 77 }
  - { id: far_off, pm10: 90, pm25: 50, good_days: 60 }
  - { id: better, pm10: 50, pm25: 20, good_days: 95 }
"#,
    );
    // On target: nothing deducted, 3 + 1 + 2 = 6; 6 + 9 = 15; 15 + 25 = 40.
    assert_eq!(
        section(&outcome, "on_target", "environment.air.targets"),
        "6.00"
    );
    assert_eq!(total(&outcome, "on_target"), "40.00");
    // Short: PM10 2.4 over → 3 − 1.2 = 1.8; PM2.5 1 over → 1 − 0.5 = 0.5;
    // 3 points short → 2 − 0.75 = 1.25; targets 3.55, air 12.55, total 37.55.
    assert_eq!(
        section(&outcome, "short", "environment.air.targets.pm10"),
        "1.80"
    );
    assert_eq!(
        section(&outcome, "short", "environment.air.targets.pm25"),
        "0.50"
    );
    assert_eq!(
        section(&outcome, "short", "environment.air.targets.good_days"),
        "1.25"
    );
    assert_eq!(section(&outcome, "short", "environment.air"), "12.55");
    assert_eq!(total(&outcome, "short"), "37.55");
    // Far off: 20 over → 3 − 10 stops at 0; 15 over → 0; 20 short → 2 − 5 → 0.
    assert_eq!(
        section(&outcome, "far_off", "environment.air.targets"),
        "0.00"
    );
    assert_eq!(total(&outcome, "far_off"), "34.00");
    // Better than the target: a negative gap deducts nothing and adds nothing.
    assert_eq!(
        section(&outcome, "better", "environment.air.targets"),
        "6.00"
    );
}

/// Card 02 (行政执法责任制考核办法): yes/no items give their max without
/// repeating it (第八条), a step rate takes 1 point per whole 10 points
/// below 90 % (第九条(五)), and per-incident deductions (第十二条(一)).
const ENFORCEMENT: &str = r#"
policy enforcement {
  total 28
  round 2 half_away_from_zero per indicator
}
input {
  candidates: list of {
    id: text
    plan_reported: bool
    training_days: int[0..]
    closing_rate: decimal[0..100]
    revoked_decisions: int[0..]
  } key id
}
indicator training "法制培训" max 8 {
  item plan "年度培训计划按时报送" max 3 { full when candidate.plan_reported cite "第八条(一)" }
  item days "法制培训不少于10天" max 5 { full when candidate.training_days >= 10 cite "第八条(二)" }
}
indicator closing "结案率" max 3 {
  deduct 1 per 10 of 90 - candidate.closing_rate "结案率 {candidate.closing_rate}%" cite "第九条(五)"
}
indicator quality "办案质量" max 17 {
  deduct 2 per candidate.revoked_decisions "复议被撤销 {candidate.revoked_decisions} 件" cite "第十二条(一)"
}
"#;

#[test]
fn yes_no_items_step_rates_and_per_incident_deductions() {
    let outcome = run(
        ENFORCEMENT,
        r#"
candidates:
  - { id: a, plan_reported: true, training_days: 10, closing_rate: 90, revoked_decisions: 0 }
  - { id: b, plan_reported: false, training_days: 9, closing_rate: 80, revoked_decisions: 3 }
  - { id: c, plan_reported: true, training_days: 12, closing_rate: 75, revoked_decisions: 9 }
  - { id: d, plan_reported: true, training_days: 0, closing_rate: 59.9, revoked_decisions: 1 }
"#,
    );
    // a: 3 + 5; 90 % is the line: 0 steps, 3; no revocation, 17. 28.
    assert_eq!(total(&outcome, "a"), "28.00");
    // b: 0 + 0 (9 days < 10); 10 below → 1 step → 2; 3 × 2 = 6 off → 11.
    assert_eq!(section(&outcome, "b", "training"), "0.00");
    assert_eq!(section(&outcome, "b", "closing"), "2.00");
    assert_eq!(section(&outcome, "b", "quality"), "11.00");
    // c: 15 below is one whole step of 10 → 2; 9 × 2 = 18 > 17 → 0 (扣完为止).
    assert_eq!(section(&outcome, "c", "closing"), "2.00");
    assert_eq!(section(&outcome, "c", "quality"), "0.00");
    // d: 30.1 below → 3 whole steps → 0.
    assert_eq!(section(&outcome, "d", "closing"), "0.00");
    assert_eq!(section(&outcome, "d", "training.days"), "0.00");
}

#[test]
fn an_item_reads_its_own_max_and_deducts_from_its_items_sum() {
    let outcome = run(
        r#"
policy own_max {
  total 10
}
input { candidates: list of { id: text, late: int[0..], missing: bool } key id }
indicator delivery "按时报送" max 10 {
  item papers "资料" max 4 { score if candidate.missing then max - 4 else max }
  item form "报表" max 6 { score max }
  deduct 1 per candidate.late "迟报 {candidate.late} 次"
}
"#,
        r#"
candidates:
  - { id: on_time, late: 0, missing: false }
  - { id: late, late: 3, missing: true }
"#,
    );
    // on_time: 4 + 6 = 10, nothing late.
    assert_eq!(total(&outcome, "on_time"), "10.00");
    // late: papers 4 − 4 = 0, form 6; the items' sum 6, less 3 × 1 → 3.
    assert_eq!(section(&outcome, "late", "delivery.papers"), "0.00");
    assert_eq!(total(&outcome, "late"), "3.00");
}

/// Card 03 (村庄河塘清淤工作考核办法, 2008) 三 and 附加分: per-place
/// deductions from one item, and a bonus outside the 100.
/// Card 04 (安全生产目标管理考核, 加分 4): a tiered publicity bonus capped at 2.
const ADJUSTED: &str = r#"
policy adjusted {
  total 20
  final at least 0 at most 25
}
input {
  candidates: list of {
    id: text
    rubbish: int[0..]
    debris: int[0..]
    central_items: int[0..]
    provincial_items: int[0..]
    provincial_site: bool
    criticisms: int[0..]
  } key id
}
indicator standard "达到标准" max 20 {
  deduct 1 per candidate.rubbish "垃圾 {candidate.rubbish} 处" cite "三"
  deduct 1 per candidate.debris "漂浮物 {candidate.debris} 处" cite "三"
}
bonus publicity "宣传报道加分" cap 2 {
  add 0.3 per candidate.central_items "中央媒体 {candidate.central_items} 篇" cite "加分 4"
  add 0.2 per candidate.provincial_items "省级媒体 {candidate.provincial_items} 篇" cite "加分 4"
}
bonus site "附加分" {
  add 10 when candidate.provincial_site "提供省级验收现场" cite "七"
}
deduction criticism "通报批评扣分" {
  deduct 15 per candidate.criticisms cite "通报"
}
"#;

#[test]
fn bonus_and_deductions_apply_to_the_total_within_their_cap_and_the_final_bounds() {
    let outcome = run(
        ADJUSTED,
        r#"
candidates:
  - { id: plain, rubbish: 2, debris: 1, central_items: 0, provincial_items: 0, provincial_site: false, criticisms: 0 }
  - { id: famous, rubbish: 0, debris: 0, central_items: 6, provincial_items: 3, provincial_site: false, criticisms: 0 }
  - { id: site, rubbish: 0, debris: 0, central_items: 1, provincial_items: 0, provincial_site: true, criticisms: 0 }
  - { id: scolded, rubbish: 5, debris: 5, central_items: 0, provincial_items: 0, provincial_site: false, criticisms: 1 }
"#,
    );
    // plain: 20 − 2 − 1 = 17, no bonus: total 17, base 17.
    let plain = candidate(&outcome, "plain");
    assert_eq!(total(&outcome, "plain"), "17.00");
    assert_eq!(plain.base.as_ref().unwrap().to_fixed(2), "17.00");
    // famous: 6 × 0.3 + 3 × 0.2 = 2.4, capped at 2: 20 + 2 = 22.
    let famous = candidate(&outcome, "famous");
    let publicity = &famous.adjustments[0];
    assert_eq!(publicity.kind, AdjustmentKind::Bonus);
    assert_eq!(publicity.uncapped.to_fixed(2), "2.40");
    assert_eq!(publicity.points.to_fixed(2), "2.00");
    assert_eq!(publicity.reasons.len(), 2);
    assert_eq!(publicity.reasons[0].message, "中央媒体 6 篇");
    assert_eq!(publicity.reasons[0].clause.as_deref(), Some("加分 4"));
    assert_eq!(total(&outcome, "famous"), "22.00");
    // site: 20 + 0.3 + 10 = 30.3, above `final at most 25`: 25.
    assert_eq!(total(&outcome, "site"), "25.00");
    // scolded: 20 − 10 = 10, less 15 = −5, below `final at least 0`: 0.
    let scolded = candidate(&outcome, "scolded");
    assert_eq!(scolded.base.as_ref().unwrap().to_fixed(2), "10.00");
    assert_eq!(scolded.adjustments[2].points.to_fixed(2), "15.00");
    assert_eq!(total(&outcome, "scolded"), "0.00");
}

/// The message of the evaluation error `policy` gives on `facts`.
fn eval_error(policy: &str, facts: &str) -> String {
    let checked = kaoping::load_policy("family.kp", policy)
        .unwrap_or_else(|report| panic!("policy must check: {:?}", report.problems));
    let facts = checked
        .policy
        .load_facts("facts.yaml", facts)
        .unwrap_or_else(|report| panic!("facts must load: {:?}", report.problems));
    let compiled = checked.policy.evaluate(&facts).expect_err("must fail");
    let walked = checked
        .policy
        .evaluate_walking(&facts)
        .expect_err("must fail");
    assert_eq!(compiled.problems[0].message, walked.problems[0].message);
    compiled.problems[0].message.clone()
}

#[test]
fn a_step_from_the_facts_must_be_positive_and_a_score_must_fit_its_max() {
    // Design §2: `deduct A per S of Q` counts whole steps of a positive S;
    // a step that is 0 or negative at run time is an error, not a division.
    let stepped = r#"
policy stepped { total 10 }
input { candidates: list of { id: text, step: decimal, q: decimal } key id }
indicator a max 10 { deduct 1 per candidate.step of candidate.q }
"#;
    for step in ["0", "-2"] {
        let message = eval_error(
            stepped,
            &format!("candidates:\n  - {{ id: x, step: {step}, q: 5 }}\n"),
        );
        assert_eq!(
            message,
            format!("indicator a: a step of `{step}`; a step must be positive")
        );
    }
    // Design §1: a score must lie within 0..max, at every level; the error
    // names the item by its path, or the indicator.
    let scored = r#"
policy scored { total 12 }
input { candidates: list of { id: text, x: decimal, y: decimal } key id }
indicator a max 10 {
  item x max 4 { score candidate.x }
  item y max 6 { score 6 }
}
indicator b max 2 { score candidate.y }
"#;
    assert_eq!(
        eval_error(scored, "candidates:\n  - { id: c, x: 5, y: 0 }\n"),
        "item a.x scored `5`, outside 0..4"
    );
    assert_eq!(
        eval_error(scored, "candidates:\n  - { id: c, x: -1, y: 0 }\n"),
        "item a.x scored `-1`, outside 0..4"
    );
    assert_eq!(
        eval_error(scored, "candidates:\n  - { id: c, x: 4, y: 3 }\n"),
        "indicator b scored `3`, outside 0..2"
    );
}

#[test]
fn a_bonus_scored_by_its_score_gives_one_reason_when_it_gives_points() {
    // Design §3: a block is scored by its lines or one `score`; each reason
    // is a part that gives points, so a zero score gives none.
    let outcome = run(
        r#"
policy merit {
  total 10
}
input { candidates: list of { id: text, merit: decimal[0..] } key id }
indicator a max 10 { score 10 }
bonus merit "评优加分" cap 3 { score candidate.merit  cite "第十条" }
"#,
        "candidates:\n  - { id: none, merit: 0 }\n  - { id: some, merit: 2 }\n  - { id: lots, merit: 3.5 }\n",
    );
    assert!(candidate(&outcome, "none").adjustments[0]
        .reasons
        .is_empty());
    let some = &candidate(&outcome, "some").adjustments[0];
    assert_eq!(some.reasons.len(), 1);
    assert_eq!(some.reasons[0].message, "评优加分");
    assert_eq!(some.reasons[0].points.to_fixed(2), "2.00");
    assert_eq!(some.reasons[0].clause.as_deref(), Some("第十条"));
    assert_eq!(total(&outcome, "some"), "12.00");
    // 3.5 is above the cap of 3: the excess is dropped, and shown.
    let lots = &candidate(&outcome, "lots").adjustments[0];
    assert_eq!(lots.uncapped.to_fixed(2), "3.50");
    assert_eq!(total(&outcome, "lots"), "13.00");
}

#[test]
fn a_line_without_a_message_gives_its_own_text_as_the_reason_even_when_inherited() {
    // Design §2: each line "may end with an optional message template";
    // without one, the reason shows the line as written, from whichever
    // file declares it.
    const BASE: &str = r#"policy base {
  total 10
}
input { candidates: list of { id: text, criticisms: int[0..] } key id }
indicator a max 10 { score 10 }
deduction criticism "通报批评扣分" {
  deduct 2 per
    candidate.criticisms
  cite "通报"
}
"#;
    let facts = "candidates:\n  - { id: x, criticisms: 2 }\n";
    let read = |path: &std::path::Path| -> std::io::Result<String> {
        match path.to_str() {
            Some("base/base.kp") => Ok(BASE.to_string()),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such file",
            )),
        }
    };
    let child = "policy child {\n  extends \"../base/base.kp\"\n  version \"2\"\n}\n";
    let inherited = kaoping::load_policy_with("dir/child.kp", child, &read)
        .unwrap_or_else(|report| panic!("the child must check: {:?}", report.problems))
        .policy;
    for outcome in [
        run(BASE, facts),
        inherited
            .evaluate(&inherited.load_facts("facts.yaml", facts).unwrap())
            .unwrap(),
    ] {
        let criticism = &candidate(&outcome, "x").adjustments[0];
        assert_eq!(criticism.points.to_fixed(2), "4.00");
        assert_eq!(
            criticism.reasons[0].message,
            "deduct 2 per candidate.criticisms"
        );
    }
}

/// Card 06 (开化县“河长制”工作考核办法): ≥90 优秀, ≥80 良好, ≥70 合格, else
/// 不合格; ranked, but nobody is selected.
const RIVER: &str = r#"
policy river {
  total 100
  round 2 half_away_from_zero per indicator
}
input { candidates: list of { id: text, points: decimal[0..100] } key id }
indicator work "河长制工作" max 100 { score candidate.points }
rank by total
grades {
  优秀 >= 90
  良好 >= 80
  合格 >= 70
  不合格
} cite "考核办法 四"
"#;

#[test]
fn grade_bands_are_inclusive_and_an_assessment_selects_nobody() {
    let outcome = run(
        RIVER,
        r#"
candidates:
  - { id: a, points: 90 }
  - { id: b, points: 89.99 }
  - { id: c, points: 70 }
  - { id: d, points: 69.995 }
"#,
    );
    assert_eq!(grade(&outcome, "a"), "优秀");
    assert_eq!(grade(&outcome, "b"), "良好");
    assert_eq!(grade(&outcome, "c"), "合格");
    // 69.995 rounds to 70.00 (two places, half away from zero): 合格.
    assert_eq!(grade(&outcome, "d"), "合格");
    for candidate in &outcome.candidates {
        assert_eq!(candidate.status, Status::Scored);
    }
    assert_eq!(candidate(&outcome, "b").rank, Some(2));
}

#[test]
fn without_rank_by_nobody_is_ranked() {
    let outcome = run(
        &RIVER.replace("rank by total\n", ""),
        "candidates:\n  - { id: a, points: 90 }\n  - { id: b, points: 80 }\n",
    );
    assert_eq!(candidate(&outcome, "a").rank, None);
    assert_eq!(candidate(&outcome, "a").status, Status::Scored);
    assert_eq!(grade(&outcome, "b"), "良好");
}

/// Card 04 (安全生产目标管理考核 第十二条): 70 or more passes; among those
/// who pass, the first 6 counties and the first 10 departments are 先进; a
/// 一票否决 item fails the unit whatever its score.
const SAFETY: &str = r#"
policy safety {
  total 100
}
input {
  candidates: list of {
    id: text
    kind: enum { county "县", department "部门" }
    points: decimal[0..100]
    veto: bool
    warned: bool
  } key id
}
indicator targets "目标任务" max 100 { score candidate.points }
group by kind
rank by total
grades {
  先进 >= 70 quota 2 in county quota 1 in department
  合格 >= 70
  未达标
} cite "第十二条"
grade 未达标 when candidate.veto "一票否决" cite "第十一条"
grade at most 合格 when candidate.warned and total >= 90 "被警示，不评先进（{total} 分）" cite "第十二条"
finding info when grade == "先进" and rank == 1 "第一名：{total} 分，排名 {rank}"
"#;

#[test]
fn grade_quotas_fill_by_rank_and_vetoes_force_or_cap_the_grade() {
    let outcome = run(
        SAFETY,
        r#"
candidates:
  - { id: c1, kind: county, points: 95, veto: true, warned: false }
  - { id: c2, kind: county, points: 92, veto: false, warned: true }
  - { id: c3, kind: county, points: 88, veto: false, warned: false }
  - { id: c4, kind: county, points: 85, veto: false, warned: false }
  - { id: c5, kind: county, points: 85, veto: false, warned: false }
  - { id: c6, kind: county, points: 60, veto: false, warned: false }
  - { id: d1, kind: department, points: 70, veto: false, warned: false }
  - { id: d2, kind: department, points: 70, veto: false, warned: false }
"#,
    );
    // c1 scores 95 and ranks 1, but is vetoed: 未达标; score and rank stay.
    let c1 = candidate(&outcome, "c1");
    assert_eq!(grade(&outcome, "c1"), "未达标");
    assert_eq!(c1.rank, Some(1));
    assert_eq!(total(&outcome, "c1"), "95.00");
    assert_eq!(c1.grade.as_ref().unwrap().band, "先进");
    assert_eq!(
        c1.grade.as_ref().unwrap().changes[0].kind,
        GradeChangeKind::Forced
    );
    assert!(c1
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::GradeForced && f.clause.as_deref() == Some("第十一条")));
    // c2 (92, warned) is capped at 合格 and leaves the 先进 pool.
    assert_eq!(grade(&outcome, "c2"), "合格");
    // The pool of 先进 in counties: c3 (88), c4 and c5 (85, tied): c3 is
    // first, c4 and c5 share the second place, and both keep 先进 (a tie at
    // the line keeps every tied member, and says so).
    assert_eq!(grade(&outcome, "c3"), "先进");
    assert_eq!(grade(&outcome, "c4"), "先进");
    assert_eq!(grade(&outcome, "c5"), "先进");
    assert!(candidate(&outcome, "c4")
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::QuotaOverrun));
    // 60 fails.
    assert_eq!(grade(&outcome, "c6"), "未达标");
    // Departments: d1 and d2 tie at 70 for one place: both 先进, overrun.
    assert_eq!(grade(&outcome, "d1"), "先进");
    assert_eq!(grade(&outcome, "d2"), "先进");
    // The late finding reads the grade, the rank and the total: only c3 is
    // 先进 and ranked 1 in its group? No: c1 ranks 1 but is not 先进; d1 and
    // d2 share rank 1 among departments and are 先进.
    let first: Vec<&str> = outcome
        .candidates
        .iter()
        .filter(|c| c.findings.iter().any(|f| f.message.starts_with("第一名")))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(first, ["d1", "d2"]);
    assert!(candidate(&outcome, "d1")
        .findings
        .iter()
        .any(|f| f.message == "第一名：70 分，排名 1"));
}

#[test]
fn a_share_quota_rounds_down_and_the_rest_fall_to_the_next_grade() {
    // 20 % of 6 graded candidates is 1.2: at most 1 优秀.
    let policy = RIVER.replace("优秀 >= 90", "优秀 >= 90 quota 20%");
    let outcome = run(
        &policy,
        r#"
candidates:
  - { id: a, points: 99 }
  - { id: b, points: 95 }
  - { id: c, points: 91 }
  - { id: d, points: 85 }
  - { id: e, points: 75 }
  - { id: f, points: 65 }
"#,
    );
    assert_eq!(grade(&outcome, "a"), "优秀");
    assert_eq!(grade(&outcome, "b"), "良好");
    assert_eq!(grade(&outcome, "c"), "良好");
    let change = &candidate(&outcome, "b").grade.as_ref().unwrap().changes[0];
    assert_eq!(change.kind, GradeChangeKind::Quota);
    assert_eq!(change.to, "良好");
}

/// Vetoes and caps on one scale (design §4): a forced grade is final, the
/// worst of several; a cap lowers the grade only when it is better than the
/// cap; a cap that changes nothing is kept for the record (severity info).
const VETOES: &str = r#"
policy vetoes {
  total 100
}
input {
  candidates: list of {
    id: text
    points: decimal[0..100]
    late: bool
    fraud: bool
    absent: bool
    warned: bool
    scolded: bool
  } key id
}
indicator work "工作" max 100 { score candidate.points }
grades {
  优秀 >= 90
  良好 >= 80
  合格 >= 70
  不合格
}
grade 合格 when candidate.late "迟报，评为合格"
grade 不合格 when candidate.fraud "弄虚作假"
grade 不合格 when candidate.absent "未参加考核"
grade at most 良好 when candidate.warned "被警示，不评优秀"
grade at most 不合格 when candidate.scolded "被通报"
"#;

#[test]
fn the_worst_forced_grade_wins_and_caps_lower_only_what_is_better() {
    use kaoping::ast::Severity;
    let outcome = run(
        VETOES,
        r#"
candidates:
  - { id: all_vetoes, points: 95, late: true, fraud: true, absent: true, warned: false, scolded: false }
  - { id: forced_then_capped, points: 95, late: true, fraud: false, absent: false, warned: false, scolded: true }
  - { id: capped, points: 95, late: false, fraud: false, absent: false, warned: true, scolded: false }
  - { id: at_the_cap, points: 85, late: false, fraud: false, absent: false, warned: true, scolded: false }
  - { id: below_the_cap, points: 75, late: false, fraud: false, absent: false, warned: true, scolded: false }
"#,
    );
    let grade_of = |id: &str| candidate(&outcome, id).grade.clone().unwrap();
    let severities = |id: &str, kind: FindingKind| -> Vec<Severity> {
        candidate(&outcome, id)
            .findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.severity)
            .collect()
    };
    // Three vetoes fire, in order 合格, 不合格, 不合格: the worst, 不合格,
    // is the grade. The second moves it again; the third (the same grade)
    // moves nothing, so two changes, and all three are findings.
    let all = grade_of("all_vetoes");
    assert_eq!(all.band, "优秀");
    assert_eq!(all.name, "不合格");
    let moves: Vec<(GradeChangeKind, &str)> = all
        .changes
        .iter()
        .map(|c| (c.kind, c.to.as_str()))
        .collect();
    assert_eq!(
        moves,
        [
            (GradeChangeKind::Forced, "合格"),
            (GradeChangeKind::Forced, "不合格")
        ]
    );
    assert_eq!(
        severities("all_vetoes", FindingKind::GradeForced),
        [Severity::Error; 3]
    );
    // A forced grade is final: a cap below it (at most 不合格) leaves it at
    // 合格, and is recorded as information only.
    let forced = grade_of("forced_then_capped");
    assert_eq!(forced.name, "合格");
    assert_eq!(forced.changes.len(), 1);
    assert_eq!(
        severities("forced_then_capped", FindingKind::GradeCapped),
        [Severity::Info]
    );
    // 95 capped at 良好: lowered, a warning.
    let capped = grade_of("capped");
    assert_eq!(capped.name, "良好");
    assert_eq!(capped.changes.len(), 1);
    assert_eq!(capped.changes[0].kind, GradeChangeKind::Capped);
    assert_eq!(
        severities("capped", FindingKind::GradeCapped),
        [Severity::Warning]
    );
    // 85 is 良好 already: the cap changes nothing (no change, info).
    let at = grade_of("at_the_cap");
    assert_eq!(at.name, "良好");
    assert!(at.changes.is_empty());
    assert_eq!(
        severities("at_the_cap", FindingKind::GradeCapped),
        [Severity::Info]
    );
    // 75 is 合格, below the cap: a cap never raises a grade.
    let below = grade_of("below_the_cap");
    assert_eq!(below.name, "合格");
    assert!(below.changes.is_empty());
    assert_eq!(
        severities("below_the_cap", FindingKind::GradeCapped),
        [Severity::Info]
    );
}

#[test]
fn those_beyond_one_quota_count_against_the_next_grades_quota() {
    // Design §4: candidates beyond a quota fall to the next band, whose own
    // quota is then filled by rank among all its members.
    let policy = RIVER
        .replace("优秀 >= 90", "优秀 >= 90 quota 1")
        .replace("良好 >= 80", "良好 >= 80 quota 1");
    let outcome = run(
        &policy,
        r#"
candidates:
  - { id: a, points: 95 }
  - { id: b, points: 92 }
  - { id: c, points: 85 }
  - { id: d, points: 75 }
"#,
    );
    // a keeps 优秀; b (second in 优秀) falls to 良好 and is first there, so
    // c (85, second in 良好) falls to 合格; d is 合格 by its band.
    assert_eq!(grade(&outcome, "a"), "优秀");
    assert_eq!(grade(&outcome, "b"), "良好");
    assert_eq!(grade(&outcome, "c"), "合格");
    assert_eq!(grade(&outcome, "d"), "合格");
    let c = candidate(&outcome, "c").grade.as_ref().unwrap();
    assert_eq!(c.band, "良好");
    assert_eq!(c.changes.len(), 1);
    assert_eq!(
        c.changes[0].message,
        "良好名额 1 个已满（第 2 位），评为合格"
    );
    assert_eq!(c.changes[0].clause.as_deref(), Some("考核办法 四"));
    // No tie at any line: no overrun.
    assert!(outcome
        .candidates
        .iter()
        .flat_map(|c| &c.findings)
        .chain(outcome.groups.iter().flat_map(|g| &g.findings))
        .all(|f| f.kind != FindingKind::QuotaOverrun));
}

#[test]
fn a_tie_at_the_quota_line_names_only_those_tied_at_the_line() {
    // Design §4: a tie at the line keeps all tied and reports a
    // `quota_overrun`. 3 places for 优秀; b is second, c and d share third.
    let policy = RIVER.replace("优秀 >= 90", "优秀 >= 90 quota 3");
    let outcome = run(
        &policy,
        r#"
candidates:
  - { id: a, points: 99 }
  - { id: b, points: 98 }
  - { id: c, points: 97 }
  - { id: d, points: 97 }
"#,
    );
    for id in ["a", "b", "c", "d"] {
        assert_eq!(grade(&outcome, id), "优秀");
    }
    let overrun = "并列第 3 位跨越优秀名额线：c、d 共 2 个并列，名额 3 个，实际 4 个";
    for (id, reported) in [("a", false), ("b", false), ("c", true), ("d", true)] {
        let messages: Vec<&str> = candidate(&outcome, id)
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::QuotaOverrun)
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            messages,
            if reported { vec![overrun] } else { vec![] },
            "{id}"
        );
    }
}

#[test]
fn rules_after_the_total_read_sections_bonus_and_the_total() {
    let policy = format!(
        "{ADJUSTED}\nfinding warning when standard < 18 and publicity > 0 \"标准 {{standard}} 分，加分 {{bonus}}，总分 {{total}}\"\n"
    );
    let outcome = run(
        &policy,
        r#"
candidates:
  - { id: a, rubbish: 3, debris: 0, central_items: 1, provincial_items: 0, provincial_site: false, criticisms: 0 }
  - { id: b, rubbish: 0, debris: 0, central_items: 1, provincial_items: 0, provincial_site: false, criticisms: 0 }
"#,
    );
    // a: standard 17 < 18 and 0.3 bonus: 17 + 0.3 = 17.3.
    assert!(candidate(&outcome, "a")
        .findings
        .iter()
        .any(|f| f.message == "标准 17 分，加分 0.3，总分 17.3"));
    assert!(candidate(&outcome, "b").findings.is_empty());
}

#[test]
fn a_score_cannot_read_what_is_decided_after_it() {
    let problems = refused(
        r#"
policy cycle { total 10 }
input { candidates: list of { id: text, points: decimal[0..10] } key id }
indicator a max 10 { score if total > 5 then 10 else candidate.points }
rank by total
grades { 好 >= 5  差 }
grade 差 when grade == "好" "循环"
"#,
    );
    assert!(problems
        .iter()
        .any(|p| p.starts_with("kaoping::check::phase: `total` is known only after every score")));
    assert!(problems
        .iter()
        .any(|p| p.starts_with("kaoping::check::phase: `grade` is decided by the grade rules")));
}

#[test]
fn a_let_that_reads_the_total_is_refused_in_a_score_and_accepted_in_a_finding() {
    let problems = refused(
        r#"
policy late_let { total 10 }
input { candidates: list of { id: text, points: decimal[0..10] } key id }
let high = total >= 8
indicator a max 10 { score if high then 10 else candidate.points }
"#,
    );
    assert!(problems
        .iter()
        .any(|p| p.contains("`high` reads what is decided after the scores")));
    let outcome = run(
        r#"
policy late_let { total 10 }
input { candidates: list of { id: text, points: decimal[0..10] } key id }
let high = total >= 8
indicator a max 10 { score candidate.points }
finding info when high "高分 {total}"
"#,
        "candidates:\n  - { id: x, points: 9 }\n  - { id: y, points: 7 }\n",
    );
    assert_eq!(candidate(&outcome, "x").findings[0].message, "高分 9");
    assert!(candidate(&outcome, "y").findings.is_empty());
}

#[test]
fn grade_scales_are_checked() {
    let problems = refused(
        r#"
policy scales { total 10 }
input { candidates: list of { id: text } key id }
indicator a max 10 { score 10 }
grades {
  好 >= 5
  中 >= 6 quota 150%
  差 >= 1
}
grade 优 when true "x"
"#,
    );
    assert!(problems
        .iter()
        .any(|p| p.contains("grade `中` starts at 6, not below the grade above it (5)")));
    assert!(problems
        .iter()
        .any(|p| p.contains("a share must lie between 0% and 100%")));
    assert!(problems
        .iter()
        .any(|p| p.contains("the last grade `差` has a least score")));
    assert!(problems.iter().any(|p| p.contains("unknown grade `优`")));
}

#[test]
fn base_bonus_and_deductions_are_names_only_where_the_policy_adjusts_the_total() {
    // Design §5: `base`, `bonus` and `deductions` are readable after the
    // total; each means something only when the policy declares what it
    // sums (a bonus block, a deduction block, or bounds on the final total).
    let body = |header: &str, blocks: &str, rule: &str| {
        format!(
            "policy names {{\n  total 10\n{header}}}\ninput {{ candidates: list of {{ id: text, n: int[0..10] }} key id }}\nindicator a max 10 {{ score candidate.n }}\n{blocks}\nfinding info when {rule} \"见\"\n"
        )
    };
    let facts = "candidates:\n  - { id: x, n: 9 }\n";
    let bonus = "bonus b { add 1 when candidate.n > 5 }\n";
    let deduction = "deduction d { deduct 2 when candidate.n > 5 }\n";
    // Each declaration makes `base` readable: 9 before any adjustment.
    for (header, blocks) in [("  final at most 10\n", ""), ("", bonus), ("", deduction)] {
        let outcome = run(&body(header, blocks, "base == 9"), facts);
        assert_eq!(
            candidate(&outcome, "x").findings.len(),
            1,
            "{header}{blocks}"
        );
    }
    let outcome = run(
        &body(
            "",
            &format!("{bonus}{deduction}"),
            "bonus == 1 and deductions == 2",
        ),
        facts,
    );
    assert_eq!(total(&outcome, "x"), "8.00");
    assert_eq!(candidate(&outcome, "x").findings.len(), 1);
    // Without them, none of the three is a name.
    for (rule, blocks) in [
        ("base == 9", ""),
        ("bonus == 1", deduction),
        ("deductions == 2", bonus),
    ] {
        let problems = refused(&body("", blocks, rule));
        let name = rule.split(' ').next().unwrap();
        assert!(
            problems.iter().any(|p| p.contains(&format!("`{name}`"))),
            "{name}: {problems:#?}"
        );
    }
}

#[test]
fn grade_bounds_may_repeat_only_below_a_quota_and_a_share_may_be_all() {
    // Design §4: bounds are inclusive and non-increasing; the same bound
    // as the grade above means something only when that grade has a quota
    // (先进 >= 70 quota 6, 合格 >= 70). A scale needs two grades; a share
    // lies within 0%..100%, both ends included.
    let problems = refused(
        r#"
policy scales { total 10 }
input { candidates: list of { id: text } key id }
indicator a max 10 { score 10 }
grades {
  好 >= 5
  中 >= 5
  差
}
"#,
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("grade `中` starts at 5, not below the grade above it (5)")),
        "{problems:#?}"
    );
    let problems = refused(
        r#"
policy one { total 10 }
input { candidates: list of { id: text } key id }
indicator a max 10 { score 10 }
grades { 全部 }
"#,
    );
    assert!(problems
        .iter()
        .any(|p| p.contains("a grade scale needs at least two grades")));
    let outcome = run(
        &RIVER.replace("优秀 >= 90", "优秀 >= 90 quota 100%"),
        "candidates:\n  - { id: a, points: 95 }\n  - { id: b, points: 91 }\n",
    );
    assert_eq!(grade(&outcome, "b"), "优秀");
}

#[test]
fn points_lines_are_checked() {
    let problems = refused(
        r#"
policy lines { total 10 }
input { candidates: list of { id: text, n: int[0..] } key id }
indicator a max 10 {
  add 1 per candidate.n
}
indicator b max 10 {
  score 10
  deduct 1 per candidate.n
}
bonus c {
  deduct 1 per candidate.n
}
deduction d {
  deduct -1 per 0 of candidate.n
}
"#,
    );
    for expected in [
        "kaoping::check::points_verb: `add` in `a`",
        "kaoping::check::score_and_deductions: `b` has both `deduct` lines and a score",
        "kaoping::check::points_verb: `deduct` in a `bonus` block",
        "kaoping::check::negative_points: the points of a line must not be negative, found -1",
        "kaoping::check::points_step: a step must be positive, found 0",
    ] {
        assert!(
            problems.iter().any(|p| p == expected),
            "missing {expected}: {problems:#?}"
        );
    }
}

#[test]
fn constant_parameters_are_checked_as_amounts_steps_and_caps() {
    // Design §2 and §3: a line's points are never negative, a step is
    // positive, a cap is positive; a parameter is as constant as a literal.
    let problems = refused(
        r#"
policy constants { total 10 }
param penalty = -1
param step = 0
input { candidates: list of { id: text, n: int[0..] } key id }
indicator a max 10 {
  deduct penalty per candidate.n
  deduct 1 per step of candidate.n
}
bonus b cap 0 {
  add 1 per candidate.n
}
"#,
    );
    for expected in [
        "kaoping::check::negative_points: the points of a line must not be negative, found -1",
        "kaoping::check::points_step: a step must be positive, found 0",
        "kaoping::check::maximum: a cap must be positive, found 0",
    ] {
        assert!(
            problems.iter().any(|p| p == expected),
            "missing {expected}: {problems:#?}"
        );
    }
}

#[test]
fn bonus_lines_cannot_read_peers_through_a_let() {
    // Design §3: bonus and deduction blocks read the facts only, never
    // `peers`, whether in a line's amount, its quantity or its message.
    let problems = refused(
        r#"
policy peers_bonus { total 10 }
input { candidates: list of { id: text, n: int[0..] } key id }
let average = peers.mean(n)
indicator a max 10 { score 10 }
bonus by_amount { add average per candidate.n }
bonus by_quantity { add 1 per average }
bonus by_message { add 1 when candidate.n > 0 "平均 {average}" }
"#,
    );
    for name in ["by_amount", "by_quantity", "by_message"] {
        let expected =
            format!("kaoping::check::peers_outside_indicator: `{name}` depends on `peers`");
        assert!(
            problems.contains(&expected),
            "missing {expected}: {problems:#?}"
        );
    }
}

mod properties {
    use super::*;
    use kaoping::Number;
    use proptest::prelude::*;

    const POINTS: &str = r#"
policy points {
  total 10
  final at least 0 at most 12
}
input { candidates: list of { id: text, q: decimal, bonus: int[0..] } key id }
indicator stepped max 10 {
  deduct 1.5 per 4 of candidate.q
}
bonus extra cap 3 {
  add 0.7 per candidate.bonus
}
rank by total
grades {
  甲 >= 8 quota 2
  乙 >= 4
  丙
}
"#;

    fn decimal(text: &str) -> Number {
        Number::parse_decimal(text).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// `deduct 1.5 per 4 of q` is max − 1.5 × ⌊max(q, 0) ÷ 4⌋, never
        /// below 0; the bonus is 0.7 × n within its cap of 3; the total is
        /// their sum within the final bounds; grades follow the total, and at
        /// most two candidates are 甲 unless they tie at the line.
        #[test]
        fn points_totals_and_grades_follow_their_formulas(
            rows in proptest::collection::vec((-30i64..60, 0u32..8), 1..7)
        ) {
            let facts: String = rows
                .iter()
                .enumerate()
                .map(|(i, (q, n))| format!("  - {{ id: c{i}, q: {}, bonus: {n} }}\n", *q as f64 / 2.0))
                .collect();
            let outcome = run(POINTS, &format!("candidates:\n{facts}"));
            let mut first_grade = Vec::new();
            for (i, (q, n)) in rows.iter().enumerate() {
                let candidate = &outcome.candidates[i];
                let q = decimal(&format!("{}", *q as f64 / 2.0));
                let steps = if q.is_negative() {
                    Number::zero()
                } else {
                    q.divide(&decimal("4")).unwrap().round_down()
                };
                let mut stepped = decimal("10").subtract(&decimal("1.5").multiply(&steps));
                if stepped.is_negative() {
                    stepped = Number::zero();
                }
                let mut bonus = decimal("0.7").multiply(&Number::from_integer(i128::from(*n)));
                if bonus > decimal("3") {
                    bonus = decimal("3");
                }
                let mut total = stepped.add(&bonus);
                if total > decimal("12") {
                    total = decimal("12");
                }
                prop_assert_eq!(candidate.indicators[0].score.clone().unwrap(), stepped);
                prop_assert_eq!(candidate.adjustments[0].points.clone(), bonus);
                prop_assert_eq!(candidate.total.clone().unwrap(), total.clone());
                let grade = candidate.grade.as_ref().unwrap();
                let band = if total >= decimal("8") { "甲" } else if total >= decimal("4") { "乙" } else { "丙" };
                prop_assert_eq!(grade.band.as_str(), band);
                if grade.name == "甲" {
                    first_grade.push(candidate.rank.unwrap());
                }
            }
            // At most two 甲, or more only when they tie at the line.
            if first_grade.len() > 2 {
                let worst = *first_grade.iter().max().unwrap();
                prop_assert!(first_grade.iter().filter(|rank| **rank == worst).count() > 1);
            }
        }
    }
}

#[test]
fn diff_names_a_changed_grade_scale_and_the_grades_that_moved() {
    let facts = "candidates:\n  - { id: a, points: 85 }\n  - { id: b, points: 75 }\n";
    let old = kaoping::load_policy("old.kp", RIVER).unwrap().policy;
    let new_text = RIVER.replace("良好 >= 80", "良好 >= 85");
    let new = kaoping::load_policy("new.kp", &new_text).unwrap().policy;
    let changes = kaoping::diff::policy_changes(&old, &new);
    assert_eq!(changes.rules.len(), 1);
    assert_eq!(changes.rules[0].name, "grades");
    let before = old
        .evaluate(&old.load_facts("f.yaml", facts).unwrap())
        .unwrap();
    let after = new
        .evaluate(&new.load_facts("f.yaml", facts).unwrap())
        .unwrap();
    let moved = kaoping::diff::outcome_changes(&before, &after);
    // 85 is 良好 either way; nothing moved but the scale. Move a to 84:
    assert!(moved.candidates.is_empty());
    let facts = "candidates:\n  - { id: a, points: 84 }\n  - { id: b, points: 75 }\n";
    let before = old
        .evaluate(&old.load_facts("f.yaml", facts).unwrap())
        .unwrap();
    let after = new
        .evaluate(&new.load_facts("f.yaml", facts).unwrap())
        .unwrap();
    let moved = kaoping::diff::outcome_changes(&before, &after);
    assert_eq!(
        moved.candidates[0].grade,
        Some((Some("良好".into()), Some("合格".into())))
    );
    assert!(kaoping::diff::text(Some(&changes), &moved).contains("grade  良好 → 合格"));
}

/// Card 01 (三、计分办法 − 扣分 + 加分) and card 02 (第十二条(一)): bonus and
/// deductions listed fact by fact, each with its own reason and points.
#[test]
fn a_line_for_each_fact_gives_a_reason_per_fact() {
    let outcome = run(
        r#"
policy listed { total 25 }
input {
  candidates: list of {
    id: text
    bonuses: list of { reason: text, clause: text, points: decimal[0..] }
    revoked: list of { case_no: text }
  } key id
}
indicator quality "办案质量" max 25 {
  deduct 2 for each candidate.revoked "复议撤销 {case_no}" cite "第十二条(一)"
}
bonus extra "加分" cap 5 {
  add points for each candidate.bonuses "{reason}（{clause}）"
}
"#,
        r#"
candidates:
  - id: a
    bonuses:
      - { reason: 省级现场会, clause: 七, points: 3 }
      - { reason: 无, clause: 七, points: 0 }
      - { reason: 经验推广, clause: 七, points: 2.5 }
    revoked:
      - { case_no: 2018-01 }
      - { case_no: 2018-07 }
  - id: b
    bonuses: []
    revoked: []
"#,
    );
    let a = candidate(&outcome, "a");
    // Two revoked decisions: 25 − 2 × 2 = 21.
    assert_eq!(section(&outcome, "a", "quality"), "21.00");
    // 3 + 0 + 2.5 = 5.5, capped at 5; the item of 0 points is no reason.
    let extra = &a.adjustments[0];
    assert_eq!(extra.uncapped.to_fixed(2), "5.50");
    assert_eq!(extra.points.to_fixed(2), "5.00");
    let reasons: Vec<(&str, String)> = extra
        .reasons
        .iter()
        .map(|reason| (reason.message.as_str(), reason.points.to_fixed(1)))
        .collect();
    assert_eq!(
        reasons,
        [
            ("省级现场会（七）", "3.0".to_string()),
            ("经验推广（七）", "2.5".to_string())
        ]
    );
    assert_eq!(total(&outcome, "a"), "26.00");
    assert_eq!(total(&outcome, "b"), "25.00");
    assert!(candidate(&outcome, "b").adjustments[0].reasons.is_empty());
}

/// A nested item that scores outside its range names itself by its whole
/// path, indicator first, in both evaluators.
#[test]
fn an_error_in_a_nested_item_names_its_whole_path() {
    let checked = kaoping::load_policy(
        "path.kp",
        r#"
policy path { total 10 }
input { candidates: list of { id: text, x: decimal } key id }
indicator environment max 10 {
  item air max 10 {
    item pm10 max 3 { score candidate.x }
    item rest max 7 { score max }
  }
}
"#,
    )
    .unwrap();
    let facts = checked
        .policy
        .load_facts("f.yaml", "candidates:\n  - { id: a, x: 4 }\n")
        .unwrap();
    for result in [
        checked.policy.evaluate(&facts),
        checked.policy.evaluate_walking(&facts),
    ] {
        let report = result.expect_err("4 is outside 0..3");
        assert_eq!(
            report.problems[0].message,
            "item environment.air.pm10 scored `4`, outside 0..3"
        );
    }
}

/// `grades by EXPRESSION` grades a value computed after the totals rather
/// than the total: here the base, so a bonus cannot lift the grade.
#[test]
fn grades_by_an_expression_grade_that_value() {
    let outcome = run(
        r#"
policy graded_base { total 10 }
input { candidates: list of { id: text, points: decimal[0..10], media: int[0..] } key id }
indicator work max 10 { score candidate.points }
bonus media cap 2 { add 1 per candidate.media }
grades by base {
  好 >= 8
  差
}
"#,
        "candidates:\n  - { id: a, points: 7, media: 2 }\n  - { id: b, points: 8, media: 0 }\n",
    );
    // a: base 7 → 差, though its total is 7 + 2 = 9; b: base 8 → 好.
    assert_eq!(total(&outcome, "a"), "9.00");
    assert_eq!(grade(&outcome, "a"), "差");
    assert_eq!(
        candidate(&outcome, "a")
            .grade
            .as_ref()
            .unwrap()
            .value
            .to_fixed(2),
        "7.00"
    );
    assert_eq!(grade(&outcome, "b"), "好");
}
