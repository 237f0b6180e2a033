//! The committee reports (Markdown, CSV, HTML) of the bundled 2019 examples.
//! Markdown and CSV are snapshots reviewed by hand; the CSV is also read back
//! cell by cell, and the HTML is parsed and checked against the outcome.

use std::collections::BTreeMap;

use kaoping::{Number, Outcome, Policy};

mod bundled;
use scraper::{Html, Selector};

use bundled::{load, run, COLLECTIVE, INDIVIDUAL};

fn fixed(number: Option<&Number>) -> String {
    number.map_or(String::new(), |n| n.to_fixed(2))
}

// ───────────────────────────────────────────── Markdown

#[test]
fn collective_markdown() {
    let (policy, outcome) = run(COLLECTIVE);
    insta::assert_snapshot!(kaoping::render::markdown::markdown(&policy, &outcome));
}

#[test]
fn individual_markdown() {
    let (policy, outcome) = run(INDIVIDUAL);
    insta::assert_snapshot!(kaoping::render::markdown::markdown(&policy, &outcome));
}

/// The facts the committee acts on, stated outright so that a snapshot
/// update cannot quietly change them.
#[test]
fn markdown_names_cohorts_selections_findings_and_readings() {
    let (policy, outcome) = run(COLLECTIVE);
    let text = kaoping::render::markdown::markdown(&policy, &outcome);
    assert!(text.starts_with("# 2019年江西省生态环境保护执法大练兵 表现突出集体\n"));
    assert!(text.contains("## 市级 city — 排名 ranking"));
    assert!(text.contains("## 县级 county — 排名 ranking"));
    assert!(text.contains(
        "| 1 | `nanchang` | 南昌市生态环境局 | 入选 selected | 30.00 | 19.50 | 16.68 | 20.00 | 10.00 | 96.18 |"
    ));
    assert!(text.contains(
        "| — | `pingxiang` | 萍乡市生态环境局 | 排除 excluded | 14.00 | 20.00 | 16.99 | 17.00 | — | — |"
    ));
    assert!(text
        .contains("- 第 10 名：南城县生态环境局（`nancheng`），总分 total 61.48，入选 selected"));
    assert!(text.contains("### 错误 error（3）"));
    for reading in &policy.readings {
        assert!(text.contains(&reading.text), "{}", reading.place);
    }

    let (policy, outcome) = run(INDIVIDUAL);
    let text = kaoping::render::markdown::markdown(&policy, &outcome);
    assert!(text.contains("## 全部候选 all candidates — 排名 ranking"));
    assert!(text.contains("### 标记 flag `national` — 全部候选 all candidates"));
    // 附2 二(五): the revoked title is counted apart, held by nobody, and not
    // put forward: 20 selected, 1 revoked, 19 titles held; 9 national.
    assert!(!text.contains("撤销 revoked +national"));
    assert!(text.contains("入选 selected 20，撤销 revoked 1，实有称号 titles held 19"));
    assert!(text.contains("撤销 revoked（称号已撤销，不予报送，无人递补 not put forward, nobody moves up）:\n\n- 第 1 名：刘建华"));
}

#[test]
fn markdown_escapes_pipes_in_cells() {
    let (policy, mut outcome) = run(INDIVIDUAL);
    outcome.candidates[0].name = Some("刘|建华".into());
    outcome.candidates[0].findings[0].message = "a | b".into();
    let text = kaoping::render::markdown::markdown(&policy, &outcome);
    assert!(text.contains("| 1 | `liu-jianhua` | 刘\\|建华 |"));
    assert!(text.contains("| a \\| b |"));
    // Every table row still has as many cells as its header.
    for block in text.split("\n\n").filter(|b| b.starts_with('|')) {
        let cells = |line: &str| line.replace("\\|", "").matches('|').count();
        let mut lines = block.lines();
        let width = cells(lines.next().unwrap());
        for line in lines {
            assert_eq!(cells(line), width, "{line}");
        }
    }
}

// ───────────────────────────────────────────── CSV

#[test]
fn collective_csv() {
    let (policy, outcome) = run(COLLECTIVE);
    insta::assert_snapshot!(kaoping::render::csv::csv(&policy, &outcome));
}

#[test]
fn individual_csv() {
    let (policy, outcome) = run(INDIVIDUAL);
    insta::assert_snapshot!(kaoping::render::csv::csv(&policy, &outcome));
}

/// Reads the CSV back and compares every cell with the outcome.
fn check_csv(policy: &Policy, outcome: &Outcome) {
    let text = kaoping::render::csv::csv(policy, outcome);
    assert!(!text.starts_with('\u{feff}'), "no byte-order mark");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();

    let mut expected_header = vec!["id".to_string(), "name".to_string()];
    if let Some(field) = &outcome.group_field {
        expected_header.push(field.clone());
    }
    expected_header.push("status".into());
    let flags: Vec<String> = outcome.candidates[0]
        .flags
        .iter()
        .map(|(name, _)| name.clone())
        .collect();
    expected_header.extend(flags.iter().cloned());
    expected_header.extend(["rank".to_string(), "total".to_string()]);
    expected_header.extend(policy.indicators.iter().map(|i| i.name.to_string()));
    for indicator in &policy.indicators {
        for item in &indicator.items {
            expected_header.push(format!("{}.{}", indicator.name, item.name));
        }
    }
    assert_eq!(header, expected_header);

    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), outcome.candidates.len());
    for (row, candidate) in rows.iter().zip(&outcome.candidates) {
        assert_eq!(row.len(), header.len());
        let cells: BTreeMap<&str, &str> =
            header.iter().map(String::as_str).zip(row.iter()).collect();
        assert_eq!(cells["id"], candidate.id);
        assert_eq!(cells["name"], candidate.name.as_deref().unwrap_or(""));
        if let Some(field) = &outcome.group_field {
            assert_eq!(cells[field.as_str()], candidate.group.as_deref().unwrap());
        }
        assert_eq!(cells["status"], candidate.status.as_str());
        for (flag, on) in &candidate.flags {
            assert_eq!(
                cells[flag.as_str()],
                on.to_string(),
                "{} {flag}",
                candidate.id
            );
        }
        assert_eq!(
            cells["rank"],
            candidate.rank.map_or(String::new(), |r| r.to_string())
        );
        assert_eq!(cells["total"], fixed(candidate.total.as_ref()));
        for indicator in &candidate.indicators {
            assert_eq!(
                cells[indicator.name.as_str()],
                fixed(indicator.score.as_ref()),
                "{} {}",
                candidate.id,
                indicator.name
            );
            let declared = policy
                .indicators
                .iter()
                .find(|i| i.name == indicator.name)
                .unwrap();
            for item in &declared.items {
                let column = format!("{}.{}", indicator.name, item.name);
                let score = indicator
                    .items
                    .iter()
                    .find(|i| i.name == item.name)
                    .map(|i| &i.score);
                assert_eq!(
                    cells[column.as_str()],
                    fixed(score),
                    "{} {column}",
                    candidate.id
                );
            }
        }
        // Null is an empty cell: excluded candidates have no rank and no total.
        if candidate.status == kaoping::Status::Excluded {
            assert_eq!(cells["rank"], "");
            assert_eq!(cells["total"], "");
        }
    }
}

#[test]
fn csv_cells_match_the_outcome() {
    for example in [COLLECTIVE, INDIVIDUAL] {
        let (policy, outcome) = run(example);
        check_csv(&policy, &outcome);
    }
}

/// Section 5 (CSV): a text cell that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, tab, CR first) is written with a leading `'`, as
/// OWASP's CSV-injection advice says; number cells, negative ones included,
/// are left as numbers.
#[test]
fn csv_text_cells_never_start_a_formula() {
    let (policy, mut outcome) = run(INDIVIDUAL);
    let hostile = [
        ("=HYPERLINK(\"http://x\",\"y\")", "=cmd"),
        ("+1+1", "-2+3"),
        ("@SUM(A1)", "\tx"),
        ("\rz", "plain-name"),
    ];
    for (candidate, (id, name)) in outcome.candidates.iter_mut().zip(hostile) {
        candidate.id = id.into();
        candidate.name = Some(name.into());
    }
    outcome.candidates[0].total = Some(Number::parse_decimal("1.5").unwrap().negate());
    let text = kaoping::render::csv::csv(&policy, &outcome);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cells: Vec<(&str, &str)> = rows.iter().take(4).map(|r| (&r[0], &r[1])).collect();
    assert_eq!(
        cells,
        [
            ("'=HYPERLINK(\"http://x\",\"y\")", "'=cmd"),
            ("'+1+1", "'-2+3"),
            ("'@SUM(A1)", "'\tx"),
            ("'\rz", "plain-name"),
        ]
    );
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let total = header.iter().position(|h| h == "total").unwrap();
    assert_eq!(&rows[0][total], "-1.50", "a negative number stays a number");
    // Ordinary text is untouched.
    assert_eq!(&rows[4][0], outcome.candidates[4].id);
}

// ───────────────────────────────────────────── HTML

fn check_html(policy: &Policy, outcome: &Outcome) {
    let text = kaoping::render::html::html(policy, outcome);
    for forbidden in ["http://", "https://", "<script", "<link", "@import", "url("] {
        assert!(
            !text.contains(forbidden),
            "the report references `{forbidden}`"
        );
    }
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains("<meta charset=\"utf-8\">"));
    assert!(text.contains("@media print"));
    assert!(text.contains("page-break-inside: avoid"));

    let document = Html::parse_document(&text);
    let select = |css: &str| Selector::parse(css).unwrap();
    let body_text: String = document.root_element().text().collect();
    assert!(body_text.contains(outcome.title.as_deref().unwrap()));
    assert!(body_text.contains(outcome.version.as_deref().unwrap()));
    assert!(body_text.contains(policy.header.source.as_deref().unwrap()));

    // Every candidate has a row in a ranking table, with its status.
    for candidate in &outcome.candidates {
        let rows: Vec<_> = document
            .select(&select(&format!(
                "table.ranking tr[data-candidate=\"{}\"]",
                candidate.id
            )))
            .collect();
        assert_eq!(rows.len(), 1, "{}", candidate.id);
        let row_text: String = rows[0].text().collect();
        assert!(row_text.contains(candidate.id.as_str()));
        if candidate.status == kaoping::Status::Excluded {
            assert!(row_text.contains("排除"), "{}", candidate.id);
        }
    }

    // One segment per indicator for each ranked candidate, none for the excluded.
    let segments = select("rect[data-indicator]");
    let mut per_point: Option<f64> = None;
    let mut seen = 0;
    for candidate in &outcome.candidates {
        let rects: Vec<_> = document
            .select(&segments)
            .filter(|r| r.value().attr("data-candidate") == Some(&candidate.id))
            .collect();
        if candidate.rank.is_none() {
            assert!(
                rects.is_empty(),
                "{} is excluded but has bars",
                candidate.id
            );
            continue;
        }
        assert_eq!(rects.len(), candidate.indicators.len(), "{}", candidate.id);
        for indicator in &candidate.indicators {
            let matching: Vec<_> = rects
                .iter()
                .filter(|r| r.value().attr("data-indicator") == Some(&indicator.name))
                .collect();
            assert_eq!(matching.len(), 1, "{} {}", candidate.id, indicator.name);
            let rect = matching[0].value();
            let score_text = rect.attr("data-score").unwrap();
            assert_eq!(score_text, fixed(indicator.score.as_ref()));
            let score: f64 = score_text.parse().unwrap();
            let width: f64 = rect.attr("width").unwrap().parse().unwrap();
            if score > 0.0 {
                let ratio = width / score;
                let expected = *per_point.get_or_insert(ratio);
                // The width is the score times one constant, to 0.01 px.
                assert!(
                    (width - expected * score).abs() <= 0.01,
                    "{} {}: width {width} for score {score}, {expected} px per point",
                    candidate.id,
                    indicator.name
                );
            } else {
                assert_eq!(width, 0.0);
            }
            let title: String = matching[0]
                .select(&select("title"))
                .next()
                .unwrap()
                .text()
                .collect();
            let label = indicator.label.as_deref().unwrap_or(&indicator.name);
            assert_eq!(title, format!("{label}: {score_text} / {}", indicator.max));
            seen += 1;
        }
    }
    assert!(seen > 0);
    // The full total spans a fixed width, the faint track behind every bar.
    let per_point = per_point.unwrap();
    let total: f64 = policy.header.total.to_string().parse().unwrap();
    for track in document.select(&select("rect.track")) {
        let width: f64 = track.value().attr("width").unwrap().parse().unwrap();
        assert!((width - per_point * total).abs() <= 0.01);
    }
    // A legend entry per indicator, in the chart's colours.
    for indicator in &policy.indicators {
        let label = indicator.label.as_deref().unwrap_or(&indicator.name);
        assert!(document
            .select(&select(".legend li"))
            .any(|li| li.text().collect::<String>().contains(label)));
    }
    // Every finding is listed, naming its candidate.
    let finding_rows: Vec<String> = document
        .select(&select("section.findings tbody tr"))
        .map(|tr| tr.text().collect())
        .collect();
    let findings: usize = outcome.candidates.iter().map(|c| c.findings.len()).sum();
    assert_eq!(finding_rows.len(), findings);
    for candidate in &outcome.candidates {
        for finding in &candidate.findings {
            assert!(finding_rows
                .iter()
                .any(|row| row.contains(candidate.id.as_str()) && row.contains(&finding.message)));
        }
    }
}

#[test]
fn html_reports_are_self_contained_and_proportional() {
    for example in [COLLECTIVE, INDIVIDUAL] {
        let (policy, outcome) = run(example);
        check_html(&policy, &outcome);
    }
}

#[test]
fn html_escapes_text() {
    let (policy, mut outcome) = run(INDIVIDUAL);
    outcome.candidates[0].name = Some("<b>刘</b> & \"建华\" 'x'".into());
    let text = kaoping::render::html::html(&policy, &outcome);
    assert!(!text.contains("<b>刘</b>"));
    assert!(text.contains("&lt;b&gt;刘&lt;/b&gt; &amp; &quot;建华&quot; &#39;x&#39;"));
    let document = Html::parse_document(&text);
    let row = Selector::parse("tr[data-candidate=\"liu-jianhua\"]").unwrap();
    let cell: String = document.select(&row).next().unwrap().text().collect();
    assert!(cell.contains("<b>刘</b> & \"建华\" 'x'"));
}

#[test]
fn reports_are_deterministic() {
    for example in [COLLECTIVE, INDIVIDUAL] {
        let (policy, outcome) = run(example);
        let (again_policy, again) = run(example);
        use kaoping::render::{csv::csv, html::html, markdown::markdown};
        assert_eq!(markdown(&policy, &outcome), markdown(&again_policy, &again));
        assert_eq!(csv(&policy, &outcome), csv(&again_policy, &again));
        assert_eq!(html(&policy, &outcome), html(&again_policy, &again));
    }
}

// ───────────────────────────────────────────── items beside their indicator

/// The text of every note (cell comment) in an xlsx workbook.
fn xlsx_notes(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        if file.name().unwrap().starts_with("xl/comments") {
            std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        }
    }
    text
}

/// Issue 13 §3: an item shown beside its indicator says which scale it is on.
/// 附1 三 Reading: the case-file items are on the method's 15-point parts of
/// 30, scaled 20/30 into the 20-point indicator (nanchang: recommended 13.17
/// and random 11.85 of 15 → (13.17 + 11.85) × 20 ÷ 30 = 16.68, shown beside
/// case_files 16.68).
#[test]
fn items_say_which_scale_they_are_on() {
    let (policy, outcome) = run(COLLECTIVE);
    let json: serde_json::Value =
        serde_json::from_str(&kaoping::render::json(&policy, &outcome)).unwrap();
    let case_files = &json["candidates"][0]["indicators"]["case_files"];
    assert_eq!(case_files["max"], "20.00");
    assert_eq!(case_files["scaled_from"], "30.00");
    assert_eq!(case_files["items"]["recommended"]["max"], "15.00");
    assert_eq!(case_files["items"]["random"]["max"], "15.00");
    // An unscaled indicator has no `scaled_from`: its items add up as they stand.
    let team = &json["candidates"][0]["indicators"]["team"];
    assert!(team.get("scaled_from").is_none());
    assert_eq!(team["items"]["mobile"]["max"], "10.00");

    let bytes = kaoping::render::xlsx::xlsx(&policy, &outcome).unwrap();
    let notes = xlsx_notes(&bytes);
    assert!(
        notes.contains("of 15, scaled 20/30 (the method's 30-point scale) into the indicator"),
        "{notes}"
    );

    let (policy, facts) = load(COLLECTIVE);
    let (outcome, ledger) = policy.explain(&facts).unwrap();
    let text =
        kaoping::render::explain::explain_text(&policy, &outcome, &ledger, "nanchang").unwrap();
    assert!(
        text.contains("/ 15 (on the 30-point scale of the method; the items' sum is scaled 20/30 into the indicator)"),
        "{text}"
    );
    assert_eq!(
        kaoping::render::item_scale_words(&Number::from_integer(15), None),
        "of 15"
    );
}

/// Issue 13 §3: where rounded items do not add up to the rounded indicator,
/// the report says items are not rounded before it. Items 10/3 + 10/3 show
/// as 3.33 + 3.33 = 6.66 beside an indicator of 20/3 → 6.67; 12.5 + 10 of
/// 15, scaled 20/30, give 15.00 beside 15.00.
#[test]
fn items_that_do_not_add_up_are_explained() {
    let third = Number::from_integer(10)
        .divide(&Number::from_integer(3))
        .unwrap();
    let item = |name: &str, score: Number, max: i128| kaoping::outcome::ItemOutcome {
        declared: kaoping::outcome::Declared::new(name, None, Number::from_integer(max), None),
        score,
        items: Vec::new(),
    };
    let mut uneven = kaoping::IndicatorOutcome {
        declared: kaoping::outcome::Declared::new("x", None, Number::from_integer(10), None),
        score: Some(Number::parse_decimal("6.67").unwrap()),
        exact: Some(third.add(&third)),
        items: vec![item("a", third.clone(), 5), item("b", third.clone(), 5)],
    };
    assert!(!kaoping::render::items_add_up(&uneven, None, 2));
    uneven.score = Some(Number::parse_decimal("6.66").unwrap());
    assert!(kaoping::render::items_add_up(&uneven, None, 2));
    let scaled = kaoping::IndicatorOutcome {
        declared: kaoping::outcome::Declared::new(
            "case_files",
            None,
            Number::from_integer(20),
            Some(Number::from_integer(30)),
        ),
        score: Some(Number::parse_decimal("15.00").unwrap()),
        exact: Some(Number::from_integer(15)),
        items: vec![
            item("recommended", Number::parse_decimal("12.5").unwrap(), 15),
            item("random", Number::from_integer(10), 15),
        ],
    };
    let scale = (Number::from_integer(20), Number::from_integer(30));
    assert!(kaoping::render::items_add_up(&scaled, Some(&scale), 2));

    // In the workbook: the team indicator of one unit with four items of 1/3
    // each (shown 0.33 × 4 = 1.32) beside a score of 4/3 → 1.33 gets the note.
    // In the example, jiujiang's case files (附1 三): random exact 8.9625 is
    // shown 8.96; (12.69 + 8.96) × 20 ÷ 30 = 14.433… → 14.43, while the
    // indicator is (12.69 + 8.9625) × 20 ÷ 30 = 14.435 → 14.44. So the city
    // sheet's case_files header carries the note, once; no county unit has
    // such items.
    let (policy, mut outcome) = run(COLLECTIVE);
    let jiujiang = outcome
        .candidates
        .iter()
        .find(|c| c.id == "jiujiang")
        .unwrap();
    let case_files = jiujiang.indicator("case_files").unwrap();
    assert_eq!(case_files.score.as_ref().unwrap().to_fixed(2), "14.44");
    assert!(!kaoping::render::items_add_up(case_files, Some(&scale), 2));
    let notes = xlsx_notes(&kaoping::render::xlsx::xlsx(&policy, &outcome).unwrap());
    assert_eq!(
        notes.matches(kaoping::render::ITEMS_NOT_ROUNDED).count(),
        1,
        "{notes}"
    );
    let one_third = third.divide(&Number::from_integer(10)).unwrap();
    let team = outcome.candidates[0]
        .indicators
        .iter_mut()
        .find(|i| i.name == "team")
        .unwrap();
    for item in &mut team.items {
        item.score = one_third.clone();
    }
    team.score = Some(Number::parse_decimal("1.33").unwrap());
    let notes = xlsx_notes(&kaoping::render::xlsx::xlsx(&policy, &outcome).unwrap());
    assert_eq!(
        notes.matches(kaoping::render::ITEMS_NOT_ROUNDED).count(),
        2,
        "{notes}"
    );
}

// ───────────────────────────────────────────── the terminal table

/// issue 15 §2: the table's headings and status words in the reader's
/// language, with nothing of the other language around them.
#[test]
fn table_speaks_the_readers_language() {
    use kaoping::messages::Language;
    use kaoping::render::{table_with, TableOptions};
    let (policy, outcome) = run(COLLECTIVE);
    let chinese = table_with(
        &policy,
        &outcome,
        TableOptions {
            language: Language::Chinese,
            width: None,
        },
    );
    for words in [
        "名次",
        "编号",
        "名称",
        "状态",
        "总分",
        "入选",
        "未入选",
        "取消资格",
        "名额线 2",
        "有效候选",
    ] {
        assert!(chinese.contains(words), "missing {words:?} in\n{chinese}");
    }
    for english in ["selected", "eligible", "quota", "findings"] {
        assert!(!chinese.contains(english), "{english:?} in\n{chinese}");
    }
    let english = kaoping::render::table(&policy, &outcome);
    for words in [
        "Rank",
        "Status",
        "Total",
        "selected",
        "not selected",
        "quota line 2",
        "eligible",
    ] {
        assert!(english.contains(words), "missing {words:?} in\n{english}");
    }
    // The policy's own words (labels, finding messages) stay as written.
    for chinese_words in ["名次", "名额线 2", "有效候选"] {
        assert!(
            !english.contains(chinese_words),
            "{chinese_words:?} in\n{english}"
        );
    }
}

/// issue 15 §2: below its natural width the table wraps its cells to fit,
/// and loses no candidate.
#[test]
fn table_fits_a_narrow_terminal() {
    use kaoping::render::{table_with, TableOptions};
    use unicode_width::UnicodeWidthStr;
    let (policy, outcome) = run(COLLECTIVE);
    let natural = kaoping::render::table(&policy, &outcome);
    let widest = |text: &str| {
        text.lines()
            .filter(|line| line.starts_with(['┌', '│', '├', '└', '╞']))
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    assert!(widest(&natural) > 80, "the natural table is wide");
    let narrow = table_with(
        &policy,
        &outcome,
        TableOptions {
            width: Some(80),
            ..TableOptions::default()
        },
    );
    assert!(widest(&narrow) <= 80, "{narrow}");
    for candidate in &outcome.candidates {
        let total = candidate
            .total
            .as_ref()
            .map_or("—".into(), |t| t.to_fixed(2));
        assert!(
            narrow.contains(&total),
            "{total} of {} in\n{narrow}",
            candidate.id
        );
        // Numbers are never split over lines: every score shows whole.
        for indicator in &candidate.indicators {
            if let Some(score) = &indicator.score {
                let shown = format!(" {} ", score.to_fixed(2));
                assert!(narrow.contains(&shown), "{shown} of {}", candidate.id);
            }
        }
    }
    // Wide enough: the same as no limit.
    let wide = table_with(
        &policy,
        &outcome,
        TableOptions {
            width: Some(400),
            ..TableOptions::default()
        },
    );
    assert_eq!(wide, natural);
}

// ───────────────────────────────────────────── the CSV a spreadsheet opens

/// issue 15 §2: the CSV report opens cleanly in Chinese Excel: a UTF-8
/// byte-order mark, the labels as column headers and a row of maxima; the
/// machine header and the candidate rows of `csv` follow unchanged.
#[test]
fn csv_for_spreadsheets_has_a_mark_labels_and_maxima() {
    use kaoping::messages::Language;
    let (policy, outcome) = run(COLLECTIVE);
    let plain = kaoping::render::csv::csv(&policy, &outcome);
    assert!(
        !plain.starts_with('\u{FEFF}'),
        "the program CSV keeps no mark"
    );
    let labelled = kaoping::render::csv::csv_with(&policy, &outcome, Language::Chinese);
    let body = labelled
        .strip_prefix('\u{FEFF}')
        .expect("a byte-order mark");
    let mut lines = body.lines();
    let labels = lines.next().unwrap();
    let ids = lines.next().unwrap();
    let maxima = lines.next().unwrap();
    let rest: Vec<&str> = lines.collect();
    let mut plain_lines = plain.lines();
    assert_eq!(
        ids,
        plain_lines.next().unwrap(),
        "the id header is unchanged"
    );
    assert_eq!(
        rest,
        plain_lines.collect::<Vec<_>>(),
        "the rows are unchanged"
    );
    assert!(labels.starts_with("编号,名称,"), "{labels}");
    for label in [
        "状态",
        "名次",
        "总分",
        "强化监督表现",
        "执法案卷质量",
        "推选案卷",
    ] {
        assert!(
            labels.split(',').any(|cell| cell == label),
            "{label} in {labels}"
        );
    }
    let ids: Vec<&str> = ids.split(',').collect();
    let maxima: Vec<&str> = maxima.split(',').collect();
    assert_eq!(ids.len(), maxima.len());
    let max_of = |id: &str| maxima[ids.iter().position(|c| *c == id).unwrap()];
    assert_eq!(maxima[0], "满分");
    assert_eq!(max_of("total"), "100.00");
    assert_eq!(max_of("supervision"), "30.00");
    assert_eq!(max_of("case_files.recommended"), "15.00");
    assert_eq!(max_of("status"), "", "a program skips the row: no status");
    let english = kaoping::render::csv::csv_with(&policy, &outcome, Language::English);
    assert!(english.starts_with("\u{FEFF}Id,Name,"));
}

// ───────────────────────────────────────────── rules named by their clause

/// issue 15 §2: the "rule" and "place" columns name a top-level rule by its
/// clause, not by the line of the policy file it stands on.
#[test]
fn rules_are_named_by_their_clause() {
    let (policy, outcome) = run(COLLECTIVE);
    let markdown = kaoping::render::markdown::markdown(&policy, &outcome);
    assert!(
        markdown.contains("| `exclude rule [附1 四(三)]` |"),
        "{markdown}"
    );
    assert!(markdown.contains("| `finding [附3 二(四)2(1)]` |"));
    assert!(!markdown.contains("exclude rule at line"));
    let html = kaoping::render::html::html(&policy, &outcome);
    assert!(html.contains("exclude rule [附1 四(三)]"));
    assert!(!html.contains("exclude rule at line"));
    assert_eq!(
        kaoping::render::rule_place("finding at line 9", &[]),
        "finding at line 9"
    );
    assert_eq!(
        kaoping::render::rule_place("indicator team", &["x"]),
        "indicator team"
    );
}

// ───────────────────────────────────────────── through the command line

fn score(arguments: &[&str], columns: Option<&str>) -> String {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LC_ALL", "C.UTF-8")
        .env_remove("COLUMNS")
        .args(["score", COLLECTIVE.0, COLLECTIVE.1])
        .args(arguments);
    if let Some(columns) = columns {
        command.env("COLUMNS", columns);
    }
    let output = command.output().expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// issue 15 §2: `--lang zh` gives the table and the CSV in Chinese, the
/// locale does too, and `COLUMNS` narrows the table (standard output is a
/// pipe here, so nothing else limits it).
#[test]
fn score_follows_the_language_and_columns() {
    let chinese = score(&["--lang", "zh"], None);
    assert!(chinese.contains("│ 名次 ┆ 编号"), "{chinese}");
    assert!(chinese.contains("名额线 2"));
    let by_locale = std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LC_ALL", "zh_CN.UTF-8")
        .env_remove("COLUMNS")
        .args(["score", COLLECTIVE.0, COLLECTIVE.1])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(by_locale.stdout).unwrap(), chinese);
    let english = score(&[], None);
    assert!(english.contains("│ Rank ┆ Id"));

    let narrow = score(&[], Some("80"));
    let widest = narrow
        .lines()
        .filter(|line| line.starts_with('│'))
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap();
    assert!(widest <= 80, "{narrow}");
    assert_eq!(score(&[], Some("1000")), english);

    let csv = score(&["--lang", "zh", "--format", "csv"], None);
    assert!(csv.starts_with("\u{FEFF}编号,名称,"), "{csv}");
}

// ───────────────────────────────────────────── Markdown in one language

/// issue 15 §2: the Markdown report in the reader's language alone; the
/// policy's own words stay as written, and `markdown()` keeps both.
#[test]
fn markdown_speaks_one_language() {
    use kaoping::messages::Language;
    use kaoping::render::markdown::{markdown, markdown_with};
    let (policy, outcome) = run(INDIVIDUAL);
    let chinese = markdown_with(&policy, &outcome, Language::Chinese);
    for words in [
        "- 考评办法：`jiangxi_2019_individual`",
        "## 全部候选对象 — 排名",
        "有效候选 24 个，名额 20 个，入选 20 个，撤销 1 个，实有称号 19 个（无人递补）。",
        "| 名次 | 编号 | 名称 | 状态 |",
        "- 第 2 名：万丽萍（`wan-liping`），总分 69.19，入选",
        "## 发现的问题",
        "| 候选对象 | 编号 | 内容 | 条款 | 规则 |",
        "## 解释口径",
    ] {
        assert!(chinese.contains(words), "missing {words:?} in\n{chinese}");
    }
    // (A reading of the policy says `selected`: the policy's words stay.)
    for english in [
        "名单 selected",
        "排名 ranking",
        "发现 findings",
        "解释 readings",
        "总分 total",
    ] {
        assert!(!chinese.contains(english), "{english:?} in\n{chinese}");
    }
    let english = markdown_with(&policy, &outcome, Language::English);
    assert!(english.contains("## All candidates — Ranking"));
    assert!(english.contains("- No. 2: 万丽萍 (`wan-liping`), total 69.19, selected"));
    assert!(!english.contains("— 排名") && !english.contains("入选名单"));
    // The report programs and older tests read keeps both languages.
    assert!(markdown(&policy, &outcome).contains("## 全部候选 all candidates — 排名 ranking"));
    insta::assert_snapshot!(chinese);
}

/// issue 15 §2: the HTML page in the reader's language alone; `html()`
/// keeps both languages.
#[test]
fn html_speaks_one_language() {
    use kaoping::messages::Language;
    use kaoping::render::html::{html, html_with};
    let (policy, outcome) = run(COLLECTIVE);
    let chinese = html_with(&policy, &outcome, Language::Chinese);
    for words in [
        "<html lang=\"zh-CN\">",
        "<dt>考评办法</dt>",
        "<h2>市级 city — 排名</h2>",
        "<th class=\"num\">名次</th><th>编号</th><th>名称</th><th>状态</th>",
        "<h3>入选名单</h3>",
        "<h2>发现的问题</h2>",
        "<h2>解释口径</h2>",
    ] {
        assert!(chinese.contains(words), "missing {words:?}");
    }
    assert!(
        !chinese.contains("<span class=\"en\">"),
        "no English beside the Chinese"
    );
    let english = html_with(&policy, &outcome, Language::English);
    assert!(english.contains("<html lang=\"en\">"));
    assert!(english.contains("<h2>市级 city — Ranking</h2>"));
    assert!(english.contains("<h3>Selected</h3>"));
    assert!(!english.contains("入选名单"));
    assert!(html(&policy, &outcome).contains("<span class=\"en\">"));
    // Every page is well formed enough for a parser, and shows every candidate.
    let page = Html::parse_document(&chinese);
    let rows = Selector::parse("table.ranking tbody tr").unwrap();
    assert_eq!(page.select(&rows).count(), outcome.candidates.len());
}
