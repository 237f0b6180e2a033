//! Every output of a policy of the 考核细则 family (issue 14): items nested
//! four levels deep, a bonus with a cap and a deduction outside the maxima,
//! grades moved by a cap and by a veto, and an assessment that selects and
//! ranks nobody. The evaluator does not produce these outcomes yet, so they
//! are built by hand here, every number worked out in the comments; review
//! each snapshot as the committee member who reads it would.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use kaoping::ast::Severity;
use kaoping::ledger::{CandidateLedger, Entry, IndicatorLedger, Ledger, RuleKind};
use kaoping::outcome::{
    AdjustmentKind, AdjustmentOutcome, GradeChange, GradeChangeKind, GradeOutcome, GroupOutcome,
    ItemOutcome, Reason,
};
use kaoping::{
    CandidateOutcome, Finding, FindingKind, IndicatorOutcome, Number, Outcome, Policy, Status,
};

mod bundled;

// ───────────────────────────────────────────── the fixture

/// The scheme's skeleton in today's language; `nest` adds the levels below
/// `air` that the grammar cannot say yet.
const POLICY: &str = r#"policy county_environment_2024 {
  title   "某市生态环境目标责任考核"
  version "2024"
  total   100
  round   2 half_away_from_zero per indicator
}
input {
  candidates: list of { id: text, name: text, level: enum { county "县", district "区" } } key id
}
indicator quality "环境质量" max 40 {
  cite "四(一)"
  item air "空气质量" max 15 { score 15 }
  item water "水环境质量" max 25 { score 25 }
}
indicator work "重点工作" max 60 {
  cite "四(二)"
  score 60
}
group by level
rank by total
"#;

fn number(text: &str) -> Number {
    Number::parse_decimal(text).unwrap()
}

/// The policy with air → { targets → { pm10, pm25 }, days }.
fn policy() -> Policy {
    let mut policy = kaoping::load_policy("county.kp", POLICY)
        .unwrap_or_else(|report| panic!("{:?}", report.problems))
        .policy;
    let quality = &mut policy.indicators[0];
    let template = quality.items[0].clone();
    let item = |name: &str, label: &str, max: i128, items: Vec<kaoping::policy::Indicator>| {
        let mut item = template.clone();
        item.name = name.into();
        item.label = Some(label.into());
        item.max = Number::from_integer(max);
        item.items = items;
        item
    };
    let targets = item(
        "targets",
        "控制目标",
        6,
        vec![
            item("pm10", "PM10年均浓度", 3, Vec::new()),
            item("pm25", "PM2.5年均浓度", 3, Vec::new()),
        ],
    );
    quality.items[0].items = vec![targets, item("days", "优良天数比例", 9, Vec::new())];
    policy
}

fn leaf(name: &str, label: &str, max: i128, score: &str) -> ItemOutcome {
    ItemOutcome {
        name: name.into(),
        label: Some(label.into()),
        max: Number::from_integer(max),
        scaled_from: None,
        score: number(score),
        items: Vec::new(),
    }
}

fn parent(name: &str, label: &str, max: i128, items: Vec<ItemOutcome>) -> ItemOutcome {
    let score = items
        .iter()
        .fold(Number::zero(), |sum, item| sum.add(&item.score));
    ItemOutcome {
        name: name.into(),
        label: Some(label.into()),
        max: Number::from_integer(max),
        scaled_from: None,
        score,
        items,
    }
}

/// quality = (pm10 + pm25) + days + water; work as given. Items are exact,
/// indicators rounded to 2 places (these are already).
fn indicators(
    pm10: &str,
    pm25: &str,
    days: &str,
    water: &str,
    work: &str,
) -> Vec<IndicatorOutcome> {
    let air = parent(
        "air",
        "空气质量",
        15,
        vec![
            parent(
                "targets",
                "控制目标",
                6,
                vec![
                    leaf("pm10", "PM10年均浓度", 3, pm10),
                    leaf("pm25", "PM2.5年均浓度", 3, pm25),
                ],
            ),
            leaf("days", "优良天数比例", 9, days),
        ],
    );
    let items = vec![air, leaf("water", "水环境质量", 25, water)];
    let quality = items
        .iter()
        .fold(Number::zero(), |sum, item| sum.add(&item.score));
    vec![
        IndicatorOutcome {
            name: "quality".into(),
            label: Some("环境质量".into()),
            max: Number::from_integer(40),
            scaled_from: None,
            score: Some(quality.clone()),
            exact: Some(quality),
            items,
        },
        IndicatorOutcome {
            name: "work".into(),
            label: Some("重点工作".into()),
            max: Number::from_integer(60),
            scaled_from: None,
            score: Some(number(work)),
            exact: Some(number(work)),
            items: Vec::new(),
        },
    ]
}

/// 宣传报道加分 (第十条), cap 2: 0.3 per report in central media.
fn media(reports: u32) -> AdjustmentOutcome {
    let uncapped = number("0.3").multiply(&Number::from_integer(reports.into()));
    let cap = Number::from_integer(2);
    AdjustmentOutcome {
        name: "media".into(),
        label: Some("宣传报道加分".into()),
        kind: AdjustmentKind::Bonus,
        points: uncapped.clone().min(cap.clone()),
        uncapped: uncapped.clone(),
        cap: Some(cap),
        clause: Some("第十条".into()),
        reasons: if reports == 0 {
            Vec::new()
        } else {
            vec![Reason {
                message: format!("中央媒体报道 {reports} 篇"),
                points: uncapped,
                clause: Some("第十条 4".into()),
            }]
        },
    }
}

/// 通报批评扣分 (第十一条): 2 per criticism, no cap.
fn criticism(count: u32) -> AdjustmentOutcome {
    let points = Number::from_integer(2 * i128::from(count));
    AdjustmentOutcome {
        name: "criticism".into(),
        label: Some("通报批评扣分".into()),
        kind: AdjustmentKind::Deduction,
        points: points.clone(),
        uncapped: points.clone(),
        cap: None,
        clause: Some("第十一条".into()),
        reasons: if count == 0 {
            Vec::new()
        } else {
            vec![Reason {
                message: format!("被省级通报批评 {count} 次"),
                points,
                clause: None,
            }]
        },
    }
}

fn grade(value: &str, band: &str, changes: Vec<GradeChange>) -> GradeOutcome {
    GradeOutcome {
        name: changes.last().map_or(band, |c| c.to.as_str()).to_string(),
        label: None,
        value: number(value),
        band: band.into(),
        changes,
    }
}

const CAP_MESSAGE: &str = "不得评为优秀：发生较大突发环境事件";
const VETO_MESSAGE: &str = "一票否决：发生重大环境污染事故";

#[allow(clippy::too_many_arguments)]
fn scored(
    id: &str,
    name: &str,
    level: &str,
    indicators: Vec<IndicatorOutcome>,
    adjustments: Vec<AdjustmentOutcome>,
    total: &str,
    grade: GradeOutcome,
    findings: Vec<Finding>,
) -> CandidateOutcome {
    let base = indicators
        .iter()
        .fold(Number::zero(), |sum, i| sum.add(i.score.as_ref().unwrap()));
    CandidateOutcome {
        id: id.into(),
        name: Some(name.into()),
        group: Some(level.into()),
        status: Status::Scored,
        rank: None,
        total: Some(number(total)),
        base: Some(base),
        adjustments,
        grade: Some(grade),
        indicators,
        flags: Vec::new(),
        findings,
    }
}

/// Five units in two groups; nobody is selected or ranked.
///
/// - 甲县 a: pm10 2.5 + pm25 3 = targets 5.5; + days 8 = air 13.5; + water 24
///   = quality 37.5; + work 56 = base 93.50. 8 reports × 0.3 = 2.40, capped
///   at 2 → total 93.50 + 2.00 − 0.00 = 95.50: band 优秀, capped to 良好.
/// - 乙县 b: 1.5 + 2 = 3.5; + 7 = 10.5; + 20 = 30.5; + 50 = base 80.50;
///   2 × 0.3 = 0.60; one criticism −2.00 → 79.10: 合格.
/// - 丙县 c: excluded (no base, total, grade); its scores stay: 2 + 2 = 4;
///   + 6 = 10; + 20 = 30; work 45.
/// - 丁区 d: 3 + 3 = 6; + 9 = 15; + 25 = 40; + 58 = base 98.00; 3 × 0.3 =
///   0.90 → 98.90: band 优秀, forced to 不合格 by the veto.
/// - 戊区 e: 1 + 3 = 4; + 6 = 10; + 22 = 32; + 52 = base 84.00; nothing
///   added or taken → 84.00: 良好.
fn outcome() -> Outcome {
    let capped = Finding {
        severity: Severity::Warning,
        kind: FindingKind::GradeCapped,
        message: CAP_MESSAGE.into(),
        clause: Some("五(二)".into()),
        rule: "grade at most 良好".into(),
    };
    let vetoed = Finding {
        severity: Severity::Error,
        kind: FindingKind::GradeForced,
        message: VETO_MESSAGE.into(),
        clause: Some("五(一)".into()),
        rule: "grade 不合格".into(),
    };
    let excluded = CandidateOutcome {
        id: "c".into(),
        name: Some("丙县".into()),
        group: Some("county".into()),
        status: Status::Excluded,
        rank: None,
        total: None,
        base: None,
        adjustments: Vec::new(),
        grade: None,
        indicators: indicators("2", "2", "6", "20", "45"),
        flags: Vec::new(),
        findings: vec![Finding {
            severity: Severity::Error,
            kind: FindingKind::Exclusion,
            message: "未按时报送考核材料".into(),
            clause: Some("三(二)".into()),
            rule: "exclude".into(),
        }],
    };
    let group = |name: &str, label: &str| GroupOutcome {
        name: name.into(),
        label: Some(label.into()),
        quota: None,
        eligible: 2,
        selected: 0,
        revoked: 0,
        findings: Vec::new(),
    };
    Outcome {
        policy_id: "county_environment_2024".into(),
        title: Some("某市生态环境目标责任考核".into()),
        version: Some("2024".into()),
        group_field: Some("level".into()),
        groups: vec![group("county", "县"), group("district", "区")],
        candidates: vec![
            scored(
                "a",
                "甲县",
                "county",
                indicators("2.5", "3", "8", "24", "56"),
                vec![media(8), criticism(0)],
                "95.50",
                grade(
                    "95.50",
                    "优秀",
                    vec![GradeChange {
                        kind: GradeChangeKind::Capped,
                        to: "良好".into(),
                        message: CAP_MESSAGE.into(),
                        clause: Some("五(二)".into()),
                    }],
                ),
                vec![capped],
            ),
            scored(
                "b",
                "乙县",
                "county",
                indicators("1.5", "2", "7", "20", "50"),
                vec![media(2), criticism(1)],
                "79.10",
                grade("79.10", "合格", Vec::new()),
                Vec::new(),
            ),
            excluded,
            scored(
                "d",
                "丁区",
                "district",
                indicators("3", "3", "9", "25", "58"),
                vec![media(3), criticism(0)],
                "98.90",
                grade(
                    "98.90",
                    "优秀",
                    vec![GradeChange {
                        kind: GradeChangeKind::Forced,
                        to: "不合格".into(),
                        message: VETO_MESSAGE.into(),
                        clause: Some("五(一)".into()),
                    }],
                ),
                vec![vetoed],
            ),
            scored(
                "e",
                "戊区",
                "district",
                indicators("1", "3", "6", "22", "52"),
                vec![media(0), criticism(0)],
                "84.00",
                grade("84.00", "良好", Vec::new()),
                Vec::new(),
            ),
        ],
    }
}

fn ledger_of(
    name: &str,
    label: &str,
    max: i128,
    entries: Vec<Entry>,
    items: Vec<IndicatorLedger>,
    score: &str,
) -> IndicatorLedger {
    IndicatorLedger {
        name: name.into(),
        label: Some(label.into()),
        max: Number::from_integer(max),
        cites: Vec::new(),
        readings: Vec::new(),
        cohort: false,
        entries,
        items,
        exact: number(score),
        score: number(score),
    }
}

/// A ledger that records each level's value and nothing else.
fn plain_indicator_ledger(indicator: &IndicatorOutcome) -> IndicatorLedger {
    fn item_ledger(item: &ItemOutcome) -> IndicatorLedger {
        IndicatorLedger {
            name: item.name.clone(),
            label: item.label.clone(),
            max: item.max.clone(),
            cites: Vec::new(),
            readings: Vec::new(),
            cohort: false,
            entries: vec![Entry::Score {
                value: item.score.clone(),
            }],
            items: item.items.iter().map(item_ledger).collect(),
            exact: item.score.clone(),
            score: item.score.clone(),
        }
    }
    let score = indicator.score.clone().unwrap();
    IndicatorLedger {
        name: indicator.name.clone(),
        label: indicator.label.clone(),
        max: indicator.max.clone(),
        cites: Vec::new(),
        readings: Vec::new(),
        cohort: false,
        entries: vec![Entry::Score {
            value: score.clone(),
        }],
        items: indicator.items.iter().map(item_ledger).collect(),
        exact: score.clone(),
        score,
    }
}

fn fact(path: &str, value: &str) -> Entry {
    Entry::Input {
        path: path.into(),
        value: value.into(),
    }
}

/// 甲县's derivation as the evaluator will record it: PM10 38 against a
/// target of 37 deducts 0.5 per 微克 (3 − 0.5 = 2.5, 扣完为止); the other
/// items read their points; the bonus line gives 8 × 0.3 = 2.4, capped at 2;
/// the grade cap fires after the total.
fn ledger() -> Ledger {
    let sum = |value: &str| Entry::Score {
        value: number(value),
    };
    let pm10 = ledger_of(
        "pm10",
        "PM10年均浓度",
        3,
        vec![
            fact("candidate.air.pm10", "38"),
            Entry::Deducted {
                points: number("0.5"),
                message: "PM10 超标 1 微克/立方米".into(),
                cites: vec!["四(一)1(1)①".into()],
            },
            Entry::Deductions {
                from: Number::from_integer(3),
                deducted: number("0.5"),
                result: number("2.5"),
            },
        ],
        Vec::new(),
        "2.5",
    );
    let pm25 = ledger_of(
        "pm25",
        "PM2.5年均浓度",
        3,
        vec![
            fact("candidate.air.pm25", "30"),
            Entry::Condition {
                expression: "candidate.air.pm25 <= 35".into(),
                sides: Some(("30".into(), "35".into())),
                holds: true,
            },
            sum("3"),
        ],
        Vec::new(),
        "3",
    );
    let targets = ledger_of(
        "targets",
        "控制目标",
        6,
        vec![sum("5.5")],
        vec![pm10, pm25],
        "5.5",
    );
    let days = ledger_of(
        "days",
        "优良天数比例",
        9,
        vec![fact("candidate.air.days", "8"), sum("8")],
        Vec::new(),
        "8",
    );
    let air = ledger_of(
        "air",
        "空气质量",
        15,
        vec![sum("13.5")],
        vec![targets, days],
        "13.5",
    );
    let water = ledger_of(
        "water",
        "水环境质量",
        25,
        vec![fact("candidate.water", "24"), sum("24")],
        Vec::new(),
        "24",
    );
    let quality = ledger_of(
        "quality",
        "环境质量",
        40,
        vec![
            sum("37.5"),
            Entry::Rounded {
                before: number("37.5"),
                after: number("37.5"),
                places: 2,
            },
        ],
        vec![air, water],
        "37.5",
    );
    let work = ledger_of(
        "work",
        "重点工作",
        60,
        vec![fact("candidate.work", "56"), sum("56")],
        Vec::new(),
        "56",
    );
    let media = ledger_of(
        "media",
        "宣传报道加分",
        2,
        vec![
            fact("candidate.media.central", "8"),
            Entry::Deducted {
                points: number("2.4"),
                message: "中央媒体报道 8 篇".into(),
                cites: vec!["第十条 4".into()],
            },
            Entry::Bound {
                operator: "cap",
                expression: "media".into(),
                before: number("2.4"),
                limit: Number::from_integer(2),
                after: Number::from_integer(2),
            },
        ],
        Vec::new(),
        "2",
    );
    let criticism = ledger_of(
        "criticism",
        "通报批评扣分",
        0,
        vec![fact("candidate.criticisms", "0")],
        Vec::new(),
        "0",
    );
    let a = CandidateLedger {
        id: "a".into(),
        eligibility: Vec::new(),
        findings: Vec::new(),
        indicators: vec![Some(quality), Some(work)],
        adjustments: vec![media, criticism],
        after_total: vec![Entry::Rule {
            kind: RuleKind::Grade,
            severity: Severity::Warning,
            message: CAP_MESSAGE.into(),
            cites: vec!["五(二)".into()],
            readings: Vec::new(),
        }],
    };
    // 丁区: each level's value as recorded; the veto is the point here.
    let d_outcome = outcome().candidates.remove(3);
    let d = CandidateLedger {
        id: "d".into(),
        eligibility: Vec::new(),
        findings: Vec::new(),
        indicators: d_outcome
            .indicators
            .iter()
            .map(|i| Some(plain_indicator_ledger(i)))
            .collect(),
        adjustments: d_outcome
            .adjustments
            .iter()
            .map(|a| {
                ledger_of(
                    &a.name,
                    a.label.as_deref().unwrap(),
                    0,
                    Vec::new(),
                    Vec::new(),
                    &a.points.to_fixed(2),
                )
            })
            .collect(),
        after_total: vec![Entry::Rule {
            kind: RuleKind::Grade,
            severity: Severity::Error,
            message: VETO_MESSAGE.into(),
            cites: vec!["五(一)".into()],
            readings: Vec::new(),
        }],
    };
    Ledger {
        candidates: vec![a, d],
    }
}

// ───────────────────────────────────────────── every format, snapshotted

/// Each line as its indentation and its words, so that an assertion does
/// not depend on column widths.
fn squeezed(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let depth = line.len() - line.trim_start().len();
            format!(
                "{depth} {}",
                line.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        })
        .collect()
}

#[test]
fn family_table() {
    let text = kaoping::render::table(&policy(), &outcome());
    // An assessment: nobody reads as not selected, no quota line, no ranks.
    assert!(!text.contains("未入选") && !text.contains("名额线") && !text.contains("selected 0"));
    assert!(text.contains("县 county — 2 eligible, assessed: the policy selects nobody"));
    // 甲县: base 93.50, +2.00 (capped from 2.40), −0.00 shown as 0.00, total 95.50.
    let lines = squeezed(&text);
    for expected in [
        "2 基础分 base 93.50 / 100 各项指标得分之和 the indicators' sum",
        "2 加分 宣传报道加分 media +2.00 capped at 2 from 2.40 [第十条]",
        "4 中央媒体报道 8 篇 2.40 [第十条 4]",
        "2 扣分 通报批评扣分 criticism 0.00 [第十一条]",
        "2 总分 total 95.50",
    ] {
        assert!(lines.iter().any(|l| l == expected), "{expected}\n{text}");
    }
    assert!(text.contains("  等次 grades  优秀 0 · 良好 1 · 合格 1 · 不合格 0\n"));
    assert!(text.contains("  等次 grades  优秀 0 · 良好 1 · 合格 0 · 不合格 1\n"));
    insta::assert_snapshot!(text);
}

#[test]
fn family_json() {
    let text = kaoping::render::json(&policy(), &outcome());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let a = &json["candidates"][0];
    assert_eq!(a["status"], "scored");
    assert_eq!(a["rank"], serde_json::Value::Null);
    assert_eq!(a["total"], "95.50");
    assert_eq!(a["base"], "93.50");
    assert_eq!(a["grade"], "良好");
    assert_eq!(a["grade_band"], "优秀");
    let media = &a["adjustments"][0];
    assert_eq!(media["kind"], "bonus");
    assert_eq!(media["points"], "2.00");
    assert_eq!(media["uncapped"], "2.40");
    assert_eq!(media["cap"], "2.00");
    assert_eq!(media["reasons"][0]["points"], "2.40");
    assert_eq!(media["reasons"][0]["clause"], "第十条 4");
    // The existing path stays; each level nests under the one above.
    let quality = &a["indicators"]["quality"];
    assert_eq!(quality["score"], "37.50");
    assert_eq!(quality["items"]["air"]["score"], "13.50");
    assert_eq!(quality["items"]["air"]["items"]["targets"]["score"], "5.50");
    assert_eq!(
        quality["items"]["air"]["items"]["targets"]["items"]["pm10"],
        serde_json::json!({ "score": "2.50", "exact": "2.5", "max": "3.00" })
    );
    // A leaf keeps exactly the keys it always had.
    assert_eq!(
        quality["items"]["water"],
        serde_json::json!({ "score": "24.00", "exact": "24", "max": "25.00" })
    );
    // 乙县: 80.50 + 0.60 − 2.00 = 79.10.
    let b = &json["candidates"][1];
    assert_eq!(b["adjustments"][1]["kind"], "deduction");
    assert_eq!(b["adjustments"][1]["points"], "2.00");
    assert_eq!(b["total"], "79.10");
    // Excluded: no base, no adjustments, no grade.
    let c = &json["candidates"][2];
    assert_eq!(c["base"], serde_json::Value::Null);
    assert_eq!(c["adjustments"], serde_json::json!([]));
    assert_eq!(c["grade"], serde_json::Value::Null);
    assert_eq!(c["grade_band"], serde_json::Value::Null);
    assert_eq!(json["candidates"][3]["grade"], "不合格");
    assert_eq!(json["candidates"][3]["findings"][0]["kind"], "grade_forced");
    insta::assert_snapshot!(text);
}

#[test]
fn family_csv() {
    let text = kaoping::render::csv::csv(&policy(), &outcome());
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,name,level,status,rank,total,base,bonus.media,deduction.criticism,grade,grade_band,quality,work,quality.air,quality.air.targets,quality.air.targets.pm10,quality.air.targets.pm25,quality.air.days,quality.water"
    );
    assert_eq!(
        lines.next().unwrap(),
        "a,甲县,county,scored,,95.50,93.50,2.00,0.00,良好,优秀,37.50,56.00,13.50,5.50,2.50,3.00,8.00,24.00"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn family_markdown() {
    let text = kaoping::render::markdown::markdown(&policy(), &outcome());
    assert!(!text.contains("未入选") && !text.contains("入选名单"));
    assert!(text.contains("等次分布 grades：优秀 0，良好 1，合格 1，不合格 0。"));
    assert!(text.contains(
        "| — | `a` | 甲县 | 已评分 scored | 37.50 | 56.00 | 93.50 | +2.00 | 0.00 | 95.50 | 良好 (capped from 优秀) |"
    ));
    // Every table row has as many cells as its header.
    for block in text.split("\n\n").filter(|b| b.starts_with('|')) {
        let cells = |line: &str| line.replace("\\|", "").matches('|').count();
        let mut lines = block.lines();
        let width = cells(lines.next().unwrap());
        for line in lines {
            assert_eq!(cells(line), width, "{line}");
        }
    }
    insta::assert_snapshot!(text);
}

#[test]
fn family_html() {
    let text = kaoping::render::html::html(&policy(), &outcome());
    let document = scraper::Html::parse_document(&text);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    assert!(!text.contains("未入选") && !text.contains("入选名单"));
    assert!(!text.contains("<line class=\"quota-line\""));
    // Every candidate with a total has a bar, though nobody is ranked.
    assert_eq!(document.select(&select("g.bar")).count(), 4);
    // 甲县's details: the four levels down to PM10, then base, bonus, its
    // reason, deduction, total, grade.
    let rows: Vec<String> = document
        .select(&select("table.detail[data-candidate=\"a\"] tbody tr"))
        .map(|row| {
            row.select(&select("td"))
                .map(|cell| cell.text().collect::<String>())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    assert_eq!(rows[3], "PM10年均浓度 pm10 | 2.50 | 3 | ");
    assert_eq!(
        rows[8],
        "基础分 base | 93.50 | 100 | 各项指标得分之和 the indicators' sum"
    );
    assert_eq!(
        rows[9],
        "加分 宣传报道加分 media | +2.00 |  | capped at 2 from 2.40 [第十条]"
    );
    assert_eq!(rows[12], "总分 total | 95.50 |  | ");
    insta::assert_snapshot!(text);
}

/// The workbook's cells, sheet by sheet, one row per line, cells split by `|`.
fn workbook_text(bytes: Vec<u8>) -> String {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        text.push_str(&format!("== {name}\n"));
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f:.2}"),
                    other => format!("{other:?}"),
                })
                .collect();
            text.push_str(&cells.join(" | "));
            text.push('\n');
        }
    }
    text
}

#[test]
fn family_xlsx() {
    let bytes = kaoping::render::xlsx::xlsx(&policy(), &outcome()).unwrap();
    let text = workbook_text(bytes);
    assert!(text.contains(
        "名次 | 编号 | 名称 | 状态 | 环境质量 (40) | 空气质量 (15) | 空气质量 › 控制目标 (6) | 空气质量 › 控制目标 › PM10年均浓度 (3) | 空气质量 › 控制目标 › PM2.5年均浓度 (3) | 空气质量 › 优良天数比例 (9) | 水环境质量 (25) | 重点工作 (60) | 基础分 (100) | 加分 宣传报道加分 | 扣分 通报批评扣分 | 总分 (100) | 等次\n"
    ));
    assert!(text.contains(
        " | a | 甲县 | 已评分 | 37.50 | 13.50 | 5.50 | 2.50 | 3.00 | 8.00 | 24.00 | 56.00 | 93.50 | 2.00 | 0.00 | 95.50 | 良好 (capped from 优秀)\n"
    ));
    insta::assert_snapshot!(text);
}

#[test]
fn family_explain_capped_grade() {
    let text =
        kaoping::render::explain::explain_text(&policy(), &outcome(), &ledger(), "a").unwrap();
    assert!(text.contains(
        "总分 total   base 93.50 + 宣传报道加分 2.00 (capped from 2.40) − 通报批评扣分 0.00 = 95.50\n"
    ));
    assert!(text.contains(&format!(
        "等次 grade   95.50 → 优秀, capped to 良好 by {CAP_MESSAGE} [五(二)]\n"
    )));
    assert!(text.contains("名次 rank    none (the policy does not rank)\n"));
    insta::assert_snapshot!(text);
}

#[test]
fn family_explain_forced_grade() {
    let text =
        kaoping::render::explain::explain_text(&policy(), &outcome(), &ledger(), "d").unwrap();
    assert!(text.contains(&format!(
        "等次 grade   98.90 → 优秀, forced to 不合格 by {VETO_MESSAGE} [五(一)]\n"
    )));
    insta::assert_snapshot!(text);
}

#[test]
fn family_explain_json() {
    let text =
        kaoping::render::explain::explain_json(&policy(), &outcome(), &ledger(), "a").unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["base"], "93.50");
    assert_eq!(json["adjustments"][0]["uncapped"], "2.4");
    assert_eq!(json["grade"]["band"], "优秀");
    assert_eq!(json["grade"]["changes"][0]["kind"], "capped");
    assert_eq!(json["after_total"][0]["step"], "grade");
    assert_eq!(
        json["indicators"][0]["items"][0]["items"][0]["items"][0]["score"],
        "2.50"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn grade_scale_is_best_first() {
    // Bands by value (优秀 98.90, 良好 84.00, 合格 79.10), then 不合格, which
    // only a veto reached.
    assert_eq!(
        kaoping::render::breakdown::grade_scale(&outcome()),
        ["优秀", "良好", "合格", "不合格"]
    );
    // A grade reached only through a full quota sits under the band it fell from.
    let mut outcome = outcome();
    outcome.candidates[4].grade = Some(grade(
        "84.00",
        "良好",
        vec![GradeChange {
            kind: GradeChangeKind::Quota,
            to: "较好".into(),
            message: "良好 quota 1".into(),
            clause: None,
        }],
    ));
    assert_eq!(
        kaoping::render::breakdown::grade_scale(&outcome),
        ["优秀", "良好", "较好", "合格", "不合格"]
    );
}

// ───────────────────────────────────────────── nothing else moves

/// Every line of `before`, in order, is a line of `after`.
fn keeps_every_line(before: &str, after: &str) {
    let mut lines = after.lines();
    for line in before.lines() {
        assert!(lines.any(|l| l == line), "lost or moved: {line:?}\n{after}");
    }
}

/// The 2019 collective example with `team.mobile` split into two items of
/// its own (connected 4 + use 6, scores 4/10 and 6/10 of mobile's): JSON
/// gains `items` under `mobile` and nothing else; CSV and the workbook gain
/// two columns; the table and Markdown gain the details and keep every line.
#[test]
fn nesting_an_item_only_adds_to_the_2019_reports() {
    let (policy, outcome) = bundled::run(bundled::COLLECTIVE);
    let mut nested_policy = policy.clone();
    let team = nested_policy
        .indicators
        .iter_mut()
        .find(|i| i.name == "team")
        .unwrap();
    let mobile = team.items.iter_mut().find(|i| i.name == "mobile").unwrap();
    let mut child = mobile.clone();
    child.items = Vec::new();
    child.name = "connected".into();
    child.label = Some("接入平台".into());
    child.max = Number::from_integer(4);
    let mut other = child.clone();
    other.name = "use".into();
    other.label = Some("日常使用".into());
    other.max = Number::from_integer(6);
    mobile.items = vec![child, other];

    let mut nested = outcome.clone();
    for candidate in &mut nested.candidates {
        let Some(team) = candidate.indicators.iter_mut().find(|i| i.name == "team") else {
            continue;
        };
        if let Some(mobile) = team.items.iter_mut().find(|i| i.name == "mobile") {
            let share = |part: i128| {
                mobile
                    .score
                    .multiply(&Number::from_integer(part))
                    .divide(&Number::from_integer(10))
                    .unwrap()
            };
            mobile.items = vec![
                leaf("connected", "接入平台", 4, "0"),
                leaf("use", "日常使用", 6, "0"),
            ];
            mobile.items[0].score = share(4);
            mobile.items[1].score = share(6);
        }
    }

    let before: serde_json::Value =
        serde_json::from_str(&kaoping::render::json(&policy, &outcome)).unwrap();
    let mut after: serde_json::Value =
        serde_json::from_str(&kaoping::render::json(&nested_policy, &nested)).unwrap();
    let nanchang = &after["candidates"][0]["indicators"]["team"]["items"]["mobile"];
    assert_eq!(nanchang["score"], "10.00");
    assert_eq!(nanchang["items"]["connected"]["score"], "4.00");
    assert_eq!(nanchang["items"]["use"]["score"], "6.00");
    for candidate in after["candidates"].as_array_mut().unwrap() {
        let mobile = &mut candidate["indicators"]["team"]["items"]["mobile"];
        if let Some(mobile) = mobile.as_object_mut() {
            assert!(mobile.remove("items").is_some());
        }
    }
    assert_eq!(before, after);

    let table = kaoping::render::table(&nested_policy, &nested);
    keeps_every_line(&kaoping::render::table(&policy, &outcome), &table);
    // nanchang: mobile 10 = connected 4 + use 6, each level one step further in.
    let squeezed = squeezed(&table);
    let at = squeezed
        .iter()
        .position(|l| l == "4 移动执法系统建设使用 mobile 10.00 / 10")
        .unwrap();
    assert_eq!(squeezed[at + 1], "6 接入平台 connected 4.00 / 4");
    assert_eq!(squeezed[at + 2], "6 日常使用 use 6.00 / 6");
    keeps_every_line(
        &kaoping::render::markdown::markdown(&policy, &outcome),
        &kaoping::render::markdown::markdown(&nested_policy, &nested),
    );

    let csv_before = kaoping::render::csv::csv(&policy, &outcome);
    let csv_after = kaoping::render::csv::csv(&nested_policy, &nested);
    for (old, new) in csv_before.lines().zip(csv_after.lines()) {
        let old: Vec<&str> = old.split(',').collect();
        let new: Vec<&str> = new.split(',').collect();
        let at = old
            .iter()
            .position(|c| *c == "team.mobile")
            .unwrap_or_else(|| {
                // data rows: the column of team.mobile in the header
                csv_before
                    .lines()
                    .next()
                    .unwrap()
                    .split(',')
                    .position(|c| c == "team.mobile")
                    .unwrap()
            });
        assert_eq!(&new[..=at], &old[..=at]);
        assert_eq!(&new[at + 3..], &old[at + 1..]);
    }
}

/// `final at least 0` (扣分不低于 0): 乙县 with 45 criticisms loses 90
/// points: 80.50 + 0.60 − 90.00 = −8.90, held to 0.00. Every output says
/// so; and bounds alone (no blocks) are enough to show the base.
#[test]
fn final_bounds_show_where_they_bite() {
    let policy = policy();
    let mut outcome = outcome();
    let b = &mut outcome.candidates[1];
    b.adjustments[1] = criticism(45);
    b.total = Some(number("0"));
    let rows = kaoping::render::breakdown::detail_rows(&policy, b, 2);
    let total = rows.iter().find(|r| r.what == "总分 total").unwrap();
    assert_eq!(total.value, "0.00");
    assert_eq!(total.note, "-8.90 held to 0.00 by the final bounds");

    let text = kaoping::render::table(&policy, &outcome);
    assert!(squeezed(&text)
        .contains(&"2 总分 total 0.00 -8.90 held to 0.00 by the final bounds".to_string()));
    let mut ledger = ledger();
    ledger.candidates.push(CandidateLedger {
        id: "b".into(),
        eligibility: Vec::new(),
        findings: Vec::new(),
        indicators: outcome.candidates[1]
            .indicators
            .iter()
            .map(|i| Some(plain_indicator_ledger(i)))
            .collect(),
        adjustments: Vec::new(),
        after_total: Vec::new(),
    });
    let text = kaoping::render::explain::explain_text(&policy, &outcome, &ledger, "b").unwrap();
    assert!(
        text.contains("总分 total   base 80.50 + 宣传报道加分 0.60 − 通报批评扣分 90.00 = -8.90, held to 0.00 by the final bounds\n"),
        "{text}"
    );
    // The lines of the block come from the outcome when the ledger has none.
    assert!(
        text.contains("    points   90  被省级通报批评 45 次\n"),
        "{text}"
    );

    // Bounds without blocks: the base shows because it differs from the total.
    for candidate in &mut outcome.candidates {
        candidate.adjustments.clear();
    }
    let json: serde_json::Value =
        serde_json::from_str(&kaoping::render::json(&policy, &outcome)).unwrap();
    assert_eq!(json["candidates"][1]["base"], "80.50");
    assert_eq!(json["candidates"][1]["total"], "0.00");
    assert_eq!(json["candidates"][1]["adjustments"], serde_json::json!([]));
}

/// A grade that fell because its band's quota was full, in a policy that
/// ranks: the cell and the story say so, and the rank shows.
#[test]
fn a_full_quota_moves_a_grade_down() {
    let fell = grade(
        "92.00",
        "优秀",
        vec![GradeChange {
            kind: GradeChangeKind::Quota,
            to: "良好".into(),
            message: "优秀 quota 20% of 5 = 1".into(),
            clause: Some("五".into()),
        }],
    );
    assert_eq!(
        kaoping::render::breakdown::grade_cell(&fell),
        "良好 (over quota from 优秀)"
    );
    assert_eq!(
        kaoping::render::breakdown::grade_story(&fell, 2),
        "92.00 → 优秀, over the quota, down to 良好 by 优秀 quota 20% of 5 = 1 [五]"
    );
    let mut outcome = outcome();
    outcome.candidates[4].rank = Some(2);
    outcome.candidates[4].status = Status::Ranked;
    outcome.candidates[4].grade = Some(fell);
    let csv = kaoping::render::csv::csv(&policy(), &outcome);
    assert!(
        csv.contains("\ne,戊区,district,ranked,2,84.00,84.00,0.00,0.00,良好,优秀,"),
        "{csv}"
    );
}
