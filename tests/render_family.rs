//! Every output of a policy of the 考核细则 family (issue 14): items nested
//! four levels deep, a bonus with a cap and a deduction outside the maxima,
//! grades moved by a cap and by a veto, and an assessment that selects and
//! ranks nobody. The evaluator does not produce these outcomes yet, so they
//! are built by hand (`tests/family`), every number worked out there; review
//! each snapshot as the committee member who reads it would.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use kaoping::ledger::CandidateLedger;
use kaoping::outcome::{GradeChange, GradeChangeKind};
use kaoping::{Number, Status};

mod bundled;
mod family;

use family::*;

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
    assert!(text.contains("  grades  优秀 0 · 良好 1 · 合格 1 · 不合格 0\n"));
    assert!(text.contains("  grades  优秀 0 · 良好 1 · 合格 0 · 不合格 1\n"));
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
        kaoping::render::breakdown::grade_scale(&policy(), &outcome()),
        ["优秀", "良好", "合格", "不合格"]
    );
    // A grade reached only through a full quota sits under the band it fell from.
    let mut outcome = outcome();
    outcome.candidates[4].grade = Some(Box::new(grade(
        "84.00",
        "良好",
        vec![GradeChange {
            kind: GradeChangeKind::Quota,
            to: "较好".into(),
            message: "良好 quota 1".into(),
            clause: None,
        }],
    )));
    assert_eq!(
        kaoping::render::breakdown::grade_scale(&policy(), &outcome),
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
    let mut nested_policy = policy.clone().into_definition();
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
    let nested_policy = kaoping::Policy::new_unchecked(nested_policy);
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
    outcome.candidates[4].grade = Some(Box::new(fell));
    let csv = kaoping::render::csv::csv(&policy(), &outcome);
    assert!(
        csv.contains("\ne,戊区,district,ranked,2,84.00,84.00,0.00,0.00,良好,优秀,"),
        "{csv}"
    );
}
