//! The Excel workbook of the bundled examples, read back with calamine and
//! compared cell by cell with the JSON results contract.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use serde_json::Value as Json;

mod bundled;

fn run(policy: &str, facts: &str) -> (kaoping::Policy, kaoping::Outcome) {
    bundled::run((policy, facts))
}

const EXAMPLES: [(&str, &str); 2] = [
    (
        "policies/jiangxi-2019/collective.kp",
        "examples/jiangxi-2019/collectives.yaml",
    ),
    (
        "policies/jiangxi-2019/individual.kp",
        "examples/jiangxi-2019/individuals.yaml",
    ),
];

/// A cell as text: strings as they are, numbers as `{:.2}`, empty as "".
fn cell_text(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(text)) => text.clone(),
        Some(Data::Float(value)) => format!("{value:.2}"),
        Some(Data::Int(value)) => format!("{value:.2}"),
        Some(other) => panic!("unexpected cell {other:?}"),
    }
}

fn column(range: &Range<Data>, header: &str) -> usize {
    let headers: Vec<String> = (0..range.width())
        .map(|c| cell_text(range.get((0, c))))
        .collect();
    headers
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header:?} in {headers:?}"))
}

/// The JSON decimal string, or "" for null.
fn json_decimal(value: &Json) -> String {
    match value {
        Json::Null => String::new(),
        Json::String(text) => text.clone(),
        other => panic!("not a decimal: {other}"),
    }
}

fn status_label(status: &str) -> &'static str {
    match status {
        "selected" => "入选",
        "ranked" => "参评",
        "excluded" => "排除",
        "revoked" => "撤销",
        other => panic!("unknown status {other}"),
    }
}

fn check_example(policy_path: &str, facts_path: &str) {
    let (policy, outcome) = run(policy_path, facts_path);
    let bytes = kaoping::render::xlsx::xlsx(&policy, &outcome).unwrap();
    let json: Json = serde_json::from_str(&kaoping::render::json(&policy, &outcome)).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();

    // One sheet per cohort, then findings and readings.
    let cohort_sheets: Vec<String> = outcome
        .groups
        .iter()
        .map(|group| match (&group.label, group.name.is_empty()) {
            (_, true) => "全部候选".to_string(),
            (Some(label), false) => label.clone(),
            (None, false) => group.name.clone(),
        })
        .collect();
    let mut expected_sheets = cohort_sheets.clone();
    expected_sheets.extend(["发现".to_string(), "说明".to_string()]);
    assert_eq!(workbook.sheet_names(), expected_sheets);

    let group_field = outcome.group_field.clone();
    let mut rows_seen = 0;
    for (group, sheet_name) in outcome.groups.iter().zip(&cohort_sheets) {
        let range = workbook.worksheet_range(sheet_name).unwrap();
        let id_column = column(&range, "编号");
        let rank_column = column(&range, "名次");
        let status_column = column(&range, "状态");
        let total_column = column(&range, &format!("总分 ({})", policy.header.total));
        let members: Vec<&Json> = json["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| match &group_field {
                Some(field) => c[field] == Json::String(group.name.clone()),
                None => true,
            })
            .collect();
        assert_eq!(range.height(), members.len() + 1, "sheet {sheet_name}");
        let mut previous_rank = 0.0;
        for row in 1..range.height() {
            let id = cell_text(range.get((row, id_column)));
            let candidate = members
                .iter()
                .find(|c| c["id"] == Json::String(id.clone()))
                .unwrap_or_else(|| panic!("{id} is not in group {}", group.name));
            rows_seen += 1;

            // Rank order, excluded (no rank) last.
            match range.get((row, rank_column)) {
                Some(Data::Float(rank)) => {
                    assert!(*rank >= previous_rank, "{id}: rank order");
                    previous_rank = *rank;
                    assert_eq!(candidate["rank"].as_f64(), Some(*rank), "{id}: rank");
                }
                None | Some(Data::Empty) => {
                    previous_rank = f64::INFINITY;
                    assert_eq!(candidate["rank"], Json::Null, "{id}: rank");
                }
                other => panic!("{id}: rank cell {other:?}"),
            }
            assert_eq!(
                cell_text(range.get((row, status_column))),
                status_label(candidate["status"].as_str().unwrap()),
                "{id}: status"
            );
            assert_eq!(
                cell_text(range.get((row, total_column))),
                json_decimal(&candidate["total"]),
                "{id}: total"
            );
            for indicator in &policy.indicators {
                let label = indicator.label.as_deref().unwrap_or(&indicator.name);
                let header = format!("{label} ({})", indicator.max);
                let scored = &candidate["indicators"][indicator.name.as_str()];
                assert_eq!(
                    cell_text(range.get((row, column(&range, &header)))),
                    json_decimal(&scored["score"]),
                    "{id}: {}",
                    indicator.name
                );
                for item in &indicator.items {
                    let label = item.label.as_deref().unwrap_or(&item.name);
                    let header = format!("{label} ({})", item.max);
                    let expected = match &scored["items"] {
                        Json::Null => String::new(),
                        items => json_decimal(&items[item.name.as_str()]["score"]),
                    };
                    assert_eq!(
                        cell_text(range.get((row, column(&range, &header)))),
                        expected,
                        "{id}: {}.{}",
                        indicator.name,
                        item.name
                    );
                }
            }
            for (flag, _) in &outcome.candidates[0].flags {
                let expected = if candidate[flag] == Json::Bool(true) {
                    "是"
                } else {
                    "否"
                };
                assert_eq!(
                    cell_text(range.get((row, column(&range, flag)))),
                    expected,
                    "{id}: {flag}"
                );
            }
        }
    }
    assert_eq!(rows_seen, outcome.candidates.len());

    let findings = workbook.worksheet_range("发现").unwrap();
    let json_findings: usize = json["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["findings"].as_array().unwrap().len())
        .sum();
    assert!(json_findings > 0, "the examples report findings");
    assert_eq!(findings.height(), json_findings + 1);
    let messages: Vec<String> = json["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["findings"].as_array().unwrap())
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    let message_column = column(&findings, "内容");
    for (row, message) in messages.iter().enumerate() {
        assert_eq!(&cell_text(findings.get((row + 1, message_column))), message);
    }

    let readings = workbook.worksheet_range("说明").unwrap();
    assert!(!policy.readings.is_empty());
    assert_eq!(readings.height(), policy.readings.len() + 1);
    let text_column = column(&readings, "解读");
    for (row, reading) in policy.readings.iter().enumerate() {
        assert_eq!(
            cell_text(readings.get((row + 1, text_column))),
            reading.text
        );
    }

    let again = kaoping::render::xlsx::xlsx(&policy, &outcome).unwrap();
    assert!(again == bytes, "a second render gives the same bytes");
}

#[test]
fn collective_workbook_matches_json() {
    let (policy, facts) = EXAMPLES[0];
    check_example(policy, facts);
}

#[test]
fn individual_workbook_matches_json() {
    let (policy, facts) = EXAMPLES[1];
    check_example(policy, facts);
}

#[test]
fn excluded_candidates_leave_peer_scores_empty() {
    for (policy_path, facts_path) in EXAMPLES {
        let (policy, outcome) = run(policy_path, facts_path);
        let excluded: Vec<_> = outcome
            .candidates
            .iter()
            .filter(|c| c.status == kaoping::Status::Excluded)
            .collect();
        if excluded.is_empty() {
            continue;
        }
        let bytes = kaoping::render::xlsx::xlsx(&policy, &outcome).unwrap();
        let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        for name in workbook.sheet_names() {
            if name == "发现" || name == "说明" {
                continue;
            }
            let range = workbook.worksheet_range(&name).unwrap();
            let total = column(&range, &format!("总分 ({})", policy.header.total));
            let rank = column(&range, "名次");
            // Excluded rows are last and have neither rank nor total.
            let mut seen_excluded = false;
            for row in 1..range.height() {
                let is_excluded = cell_text(range.get((row, column(&range, "状态")))) == "排除";
                assert!(
                    !seen_excluded || is_excluded,
                    "excluded candidates come last"
                );
                seen_excluded |= is_excluded;
                if is_excluded {
                    assert_eq!(cell_text(range.get((row, total))), "");
                    assert_eq!(cell_text(range.get((row, rank))), "");
                }
            }
        }
    }
}

/// The workbook `kaoping score … -o x.xlsx` writes, with `SOURCE_DATE_EPOCH`
/// set as a reproducible build sets it.
fn scored_workbook(language: &str, epoch: &str) -> Vec<u8> {
    let folder = std::env::temp_dir().join(format!(
        "kaoping-xlsx-{}-{language}-{epoch}",
        std::process::id()
    ));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("results.xlsx");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LC_ALL", "C.UTF-8")
        .env("SOURCE_DATE_EPOCH", epoch)
        .args([
            "--lang",
            language,
            "score",
            EXAMPLES[0].0,
            EXAMPLES[0].1,
            "--force",
            "-o",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
    bytes
}

/// issue 15 §2: the workbook names the policy, its version and the day it
/// was produced, on a sheet of its own and in the document properties; the
/// day comes from `SOURCE_DATE_EPOCH`, so the bytes are reproducible.
#[test]
fn workbook_names_the_policy_version_and_production_date() {
    let bytes = scored_workbook("zh", "1796256000");
    assert_eq!(bytes, scored_workbook("zh", "1796256000"), "reproducible");
    assert_ne!(
        bytes,
        scored_workbook("zh", "1796342400"),
        "the date is in it"
    );
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(
        names.last().map(String::as_str),
        Some("考评办法"),
        "{names:?}"
    );
    let range = workbook.worksheet_range("考评办法").unwrap();
    let rows: Vec<(String, String)> = range
        .rows()
        .map(|row| (cell_text(row.first()), cell_text(row.get(1))))
        .collect();
    let value = |what: &str| {
        rows.iter()
            .find(|(name, _)| name == what)
            .map(|(_, value)| value.clone())
            .unwrap_or_else(|| panic!("no {what} in {rows:?}"))
    };
    assert_eq!(
        value("名称"),
        "2019年江西省生态环境保护执法大练兵 表现突出集体"
    );
    assert_eq!(value("办法标识"), "jiangxi_2019_collective");
    assert_eq!(value("版本"), "2019.1");
    assert_eq!(value("生成日期"), "2026-12-03");
    // The document properties: the creation date and the comment.
    let core = zip_entry(&bytes, "docProps/core.xml");
    assert!(core.contains("2026-12-03T00:00:00Z"), "{core}");
    assert!(
        core.contains("jiangxi_2019_collective（版本 2019.1）于 2026-12-03 生成"),
        "{core}"
    );

    let english = scored_workbook("en", "1796256000");
    let workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(english)).unwrap();
    assert_eq!(
        workbook.sheet_names().last().map(String::as_str),
        Some("Policy")
    );
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}
