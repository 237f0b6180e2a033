//! The fixture of `tests/render_family.rs`: a policy of the 考核细则 family
//! (issue 14) and its outcome and ledger, built by hand because the
//! evaluator cannot produce them yet. Every number is worked out in the
//! comments.
#![allow(dead_code)]

use kaoping::ast::Severity;
use kaoping::ledger::{CandidateLedger, Entry, IndicatorLedger, Ledger, RuleKind};
use kaoping::outcome::{
    AdjustmentKind, AdjustmentOutcome, GradeChange, GradeChangeKind, GradeOutcome, GroupOutcome,
    ItemOutcome, Reason,
};
use kaoping::{
    CandidateOutcome, Finding, FindingKind, IndicatorOutcome, Number, Outcome, Policy, Status,
};

// ───────────────────────────────────────────── the fixture

/// The scheme's skeleton in today's language; `nest` adds the levels below
/// `air` that the grammar cannot say yet.
pub const POLICY: &str = r#"policy county_environment_2024 {
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

pub fn number(text: &str) -> Number {
    Number::parse_decimal(text).unwrap()
}

/// The policy with air → { targets → { pm10, pm25 }, days }.
pub fn policy() -> Policy {
    let mut policy = kaoping::load_policy("county.kp", POLICY)
        .unwrap_or_else(|report| panic!("{:?}", report.problems))
        .policy
        .into_definition();
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
    Policy::new_unchecked(policy)
}

pub fn leaf(name: &str, label: &str, max: i128, score: &str) -> ItemOutcome {
    ItemOutcome {
        declared: kaoping::outcome::Declared::new(
            name,
            Some(label.into()),
            Number::from_integer(max),
            None,
        ),
        score: number(score),
        items: Vec::new(),
    }
}

pub fn parent(name: &str, label: &str, max: i128, items: Vec<ItemOutcome>) -> ItemOutcome {
    let score = items
        .iter()
        .fold(Number::zero(), |sum, item| sum.add(&item.score));
    ItemOutcome {
        declared: kaoping::outcome::Declared::new(
            name,
            Some(label.into()),
            Number::from_integer(max),
            None,
        ),
        score,
        items,
    }
}

/// quality = (pm10 + pm25) + days + water; work as given. Items are exact,
/// indicators rounded to 2 places (these are already).
pub fn indicators(
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
            declared: kaoping::outcome::Declared::new(
                "quality",
                Some("环境质量".into()),
                Number::from_integer(40),
                None,
            ),
            score: Some(quality.clone()),
            exact: Some(quality),
            items,
        },
        IndicatorOutcome {
            declared: kaoping::outcome::Declared::new(
                "work",
                Some("重点工作".into()),
                Number::from_integer(60),
                None,
            ),
            score: Some(number(work)),
            exact: Some(number(work)),
            items: Vec::new(),
        },
    ]
}

/// 宣传报道加分 (第十条), cap 2: 0.3 per report in central media.
pub fn media(reports: u32) -> AdjustmentOutcome {
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
pub fn criticism(count: u32) -> AdjustmentOutcome {
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

pub fn grade(value: &str, band: &str, changes: Vec<GradeChange>) -> GradeOutcome {
    GradeOutcome {
        name: changes.last().map_or(band, |c| c.to.as_str()).to_string(),
        label: None,
        value: number(value),
        band: band.into(),
        changes,
    }
}

pub const CAP_MESSAGE: &str = "不得评为优秀：发生较大突发环境事件";
pub const VETO_MESSAGE: &str = "一票否决：发生重大环境污染事故";

#[allow(clippy::too_many_arguments)]
pub fn scored(
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
        grade: Some(Box::new(grade)),
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
pub fn outcome() -> Outcome {
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

pub fn ledger_of(
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
pub fn plain_indicator_ledger(indicator: &IndicatorOutcome) -> IndicatorLedger {
    fn item_ledger(item: &ItemOutcome) -> IndicatorLedger {
        IndicatorLedger {
            name: item.name.to_string(),
            label: item.label.as_deref().map(String::from),
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
        name: indicator.name.to_string(),
        label: indicator.label.as_deref().map(String::from),
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

pub fn fact(path: &str, value: &str) -> Entry {
    Entry::Input {
        path: path.into(),
        value: value.into(),
    }
}

/// 甲县's derivation as the evaluator will record it: PM10 38 against a
/// target of 37 deducts 0.5 per 微克 (3 − 0.5 = 2.5, 扣完为止); the other
/// items read their points; the bonus line gives 8 × 0.3 = 2.4, capped at 2;
/// the grade cap fires after the total.
pub fn ledger() -> Ledger {
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
                limit_expression: None,
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
