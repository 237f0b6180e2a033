//! Facts from workbooks and CSV folders: the same facts and outcomes as the
//! YAML, every cell error named by sheet and cell, and the template a clerk
//! fills in.

use std::path::{Path, PathBuf};

use kaoping::workbook::{self, Cell, Sheet};
use kaoping::{Facts, Policy};

mod bundled;

const EXAMPLES: [((&str, &str), &str); 2] = [
    (
        bundled::COLLECTIVE,
        "examples/jiangxi-2019/collectives.xlsx",
    ),
    (
        bundled::INDIVIDUAL,
        "examples/jiangxi-2019/individuals.xlsx",
    ),
];

/// The first data row (0-based): below the label and path header rows.
const FIRST_DATA_ROW: usize = 2;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(policy: &Policy, facts: &Facts) -> String {
    let outcome = policy.evaluate(facts).expect("the facts evaluate");
    kaoping::render::json(policy, &outcome)
}

/// The collective example as sheets, with its policy and YAML facts.
fn collective_sheets() -> (Policy, Facts, Vec<Sheet>) {
    let (policy, facts) = bundled::load(bundled::COLLECTIVE);
    let sheets = workbook::facts_sheets(&policy, &facts).expect("the example converts");
    (policy, facts, sheets)
}

fn sheet<'a>(sheets: &'a mut [Sheet], name: &str) -> &'a mut Sheet {
    sheets
        .iter_mut()
        .find(|sheet| sheet.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

/// The 0-based column whose path (second header row) is `path`.
fn column(sheet: &Sheet, path: &str) -> usize {
    (0..sheet.width())
        .find(|&column| *sheet.cell(1, column) == Cell::Text(path.into()))
        .unwrap_or_else(|| panic!("no column {path} in {}", sheet.name))
}

/// `D7`: the cell of a 0-based column and row, as Excel names it.
fn cell_name(row: usize, column: usize) -> String {
    let mut letters = String::new();
    let mut rest = column + 1;
    while rest > 0 {
        letters.insert(0, (b'A' + ((rest - 1) % 26) as u8) as char);
        rest = (rest - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// Sets the cell of `path` in the `item`-th data row; returns its name.
fn set(sheets: &mut [Sheet], name: &str, item: usize, path: &str, cell: Cell) -> String {
    let sheet = sheet(sheets, name);
    let column = column(sheet, path);
    let row = FIRST_DATA_ROW + item;
    sheet.set(row, column, cell);
    cell_name(row, column)
}

fn messages(policy: &Policy, sheets: &[Sheet]) -> Vec<String> {
    match workbook::load_sheets(policy, "facts.xlsx", sheets) {
        Ok(_) => panic!("the sheets loaded without problems"),
        Err(report) => report.problems.iter().map(|p| p.message.clone()).collect(),
    }
}

/// Loads the sheets after `change` and returns the one problem it causes.
fn only_problem(change: impl FnOnce(&mut Vec<Sheet>) -> String) -> (String, String) {
    let (policy, _, mut sheets) = collective_sheets();
    let place = change(&mut sheets);
    let found = messages(&policy, &sheets);
    assert_eq!(found.len(), 1, "one problem expected: {found:#?}");
    (place, found[0].clone())
}

fn text(value: &str) -> Cell {
    Cell::Text(value.into())
}

// ───────────────────────────── identical outcomes

#[test]
fn shipped_workbooks_give_the_outcomes_of_the_yaml() {
    for (example, xlsx) in EXAMPLES {
        let (policy, facts) = bundled::load(example);
        let bytes = std::fs::read(root().join(xlsx))
            .unwrap_or_else(|e| panic!("{xlsx}: {e}; regenerate it with `kaoping convert`"));
        let from_workbook = workbook::load_xlsx(&policy, xlsx, &bytes)
            .unwrap_or_else(|report| panic!("{xlsx}: {:#?}", report.problems));
        assert_eq!(
            json(&policy, &from_workbook),
            json(&policy, &facts),
            "{xlsx} is out of date with {}: regenerate it with `kaoping convert`",
            example.1
        );
        assert_eq!(from_workbook.root, facts.root, "{xlsx}: the same facts");
    }
}

#[test]
fn yaml_converted_to_a_workbook_reads_back_as_the_same_facts_and_outcomes() {
    for (example, _) in EXAMPLES {
        let (policy, facts) = bundled::load(example);
        let bytes = workbook::facts_xlsx(&policy, &facts).expect("the example converts");
        let loaded = workbook::load_xlsx(&policy, "converted.xlsx", &bytes)
            .unwrap_or_else(|report| panic!("{:#?}", report.problems));
        assert_eq!(loaded.root, facts.root);
        assert_eq!(json(&policy, &loaded), json(&policy, &facts));
        // Deterministic: the same facts give the same bytes.
        assert_eq!(workbook::facts_xlsx(&policy, &facts).unwrap(), bytes);
    }
}

/// A fresh folder under the system's temporary directory, removed on drop.
struct TempFolder(PathBuf);

impl TempFolder {
    fn new(name: &str) -> TempFolder {
        let path =
            std::env::temp_dir().join(format!("kaoping-workbook-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempFolder(path)
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_folder_of_csv_files_round_trips() {
    for (index, (example, _)) in EXAMPLES.into_iter().enumerate() {
        let (policy, facts) = bundled::load(example);
        let folder = TempFolder::new(&format!("csv-{index}"));
        for (name, text) in workbook::facts_csv(&policy, &facts).expect("the example converts") {
            assert!(text.starts_with('\u{feff}'), "{name}: Excel needs the BOM");
            std::fs::write(folder.0.join(name), text).unwrap();
        }
        std::fs::write(folder.0.join("README.txt"), "not a sheet").unwrap();
        let loaded = workbook::load_csv_folder(&policy, &folder.0)
            .unwrap_or_else(|report| panic!("{:#?}", report.problems));
        assert_eq!(loaded.root, facts.root);
        assert_eq!(json(&policy, &loaded), json(&policy, &facts));
    }
}

#[test]
fn csv_sheets_are_utf8_text() {
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let folder = TempFolder::new("gbk");
    std::fs::write(folder.0.join("候选集体.csv"), b"\xb1\xe0\xba\xc5\n").unwrap();
    let report = workbook::load_csv_folder(&policy, &folder.0).unwrap_err();
    let file = folder.0.join("候选集体.csv").display().to_string();
    assert_eq!(
        report.problems[0].message,
        format!("{file}: not UTF-8 text (invalid byte at offset 0)")
    );
}

// ───────────────────────────── headers and names

#[test]
fn headers_by_label_or_by_path_and_sheets_by_path_are_all_read() {
    let (policy, facts, sheets) = collective_sheets();
    // Labels only: the path row removed.
    let labels: Vec<Sheet> = sheets
        .iter()
        .map(|sheet| {
            let mut sheet = sheet.clone();
            sheet.rows.remove(1);
            sheet
        })
        .collect();
    // Paths only, and every sheet named by its table's path.
    let path_names = [
        ("全省数据", "province"),
        ("设区市", "cities"),
        ("候选集体", "candidates"),
        ("推选案卷", "candidates.case_files.recommended"),
        ("被部通报表扬分值", "candidates.daily.commendations"),
    ];
    let paths: Vec<Sheet> = sheets
        .iter()
        .map(|sheet| {
            let mut sheet = sheet.clone();
            sheet.rows.remove(0);
            if let Some((_, path)) = path_names.iter().find(|(label, _)| *label == sheet.name) {
                sheet.name = path.to_string();
            }
            sheet
        })
        .collect();
    for variant in [&sheets, &labels, &paths] {
        let loaded = workbook::load_sheets(&policy, "facts.xlsx", variant)
            .unwrap_or_else(|report| panic!("{:#?}", report.problems));
        assert_eq!(loaded.root, facts.root);
    }
}

#[test]
fn a_header_may_name_a_column_by_its_own_label_its_path_or_its_labels_joined() {
    let (policy, facts, mut sheets) = collective_sheets();
    let candidates = sheet(&mut sheets, "候选集体");
    let connected = column(candidates, "team.mobile.connected");
    candidates.set(
        0,
        connected,
        text("队伍建设与管理·移动执法系统建设使用·日常检查数据已接入平台并上传"),
    );
    let votes = column(candidates, "satisfaction.votes");
    candidates.set(0, votes, text("satisfaction.votes"));
    let loaded = workbook::load_sheets(&policy, "facts.xlsx", &sheets).unwrap();
    assert_eq!(loaded.root, facts.root);
}

#[test]
fn the_template_has_a_sheet_per_table_with_label_and_path_headers() {
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let bytes = workbook::template_xlsx(&policy).unwrap();
    let sheets = workbook::sheets_from_xlsx(&bytes).unwrap();
    let names: Vec<&str> = sheets.iter().map(|sheet| sheet.name.as_str()).collect();
    for expected in [
        "全省数据",
        "违法企业和人员名单",
        "设区市",
        "候选集体",
        "通报表扬",
        "扣分",
        "推选案卷",
        "抽选案卷",
        "被部通报表扬分值",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    let case_files = sheets.iter().find(|s| s.name == "推选案卷").unwrap();
    let headers: Vec<String> = case_files.rows[0].iter().map(Cell::shown).collect();
    let paths: Vec<String> = case_files.rows[1].iter().map(Cell::shown).collect();
    assert_eq!(
        headers,
        [
            "候选集体·编号",
            "案卷编号",
            "案卷类别",
            "专家评分",
            "处罚情况已在门户网站公开"
        ]
    );
    assert_eq!(
        paths,
        ["candidates.id", "case_no", "category", "score", "disclosed"]
    );
    assert_eq!(case_files.rows.len(), 2, "header rows only");
    // The empty template is not valid facts: every required row is missing.
    let report = workbook::load_sheets(&policy, "template.xlsx", &sheets).unwrap_err();
    assert!(report
        .problems
        .iter()
        .any(|p| p.message == "全省数据: expected one row of data below the header, found none"));
}

/// The template, read back from its bytes and filled in as a clerk would
/// (one city, one candidate, empty lists), scores exactly as the same facts
/// written in YAML.
#[test]
fn the_template_filled_in_with_one_candidate_scores() {
    let policy_path = bundled::COLLECTIVE.0;
    let policy_text = std::fs::read_to_string(root().join(policy_path)).unwrap();
    let policy = kaoping::load_policy(policy_path, &policy_text)
        .unwrap()
        .policy;
    let bytes = workbook::template_xlsx(&policy).unwrap();
    let mut sheets = workbook::sheets_from_xlsx(&bytes).unwrap();
    let fill = |sheets: &mut [Sheet], name: &str, values: &[(&str, Cell)]| {
        for (path, value) in values {
            set(sheets, name, 0, path, value.clone());
        }
    };
    let number = Cell::Number;
    fill(
        &mut sheets,
        "全省数据",
        &[
            ("cases_total", number(5200.0)),
            ("fines_total", number(310000000.0)),
            ("major_cases_total", number(420.0)),
            ("key_units_total", number(1300.0)),
            ("industrial_emissions_total", number(104000.0)),
        ],
    );
    fill(
        &mut sheets,
        "设区市",
        &[
            ("name", text("南昌市")),
            ("key_units_list_published", text("是")),
        ],
    );
    fill(
        &mut sheets,
        "候选集体",
        &[
            ("id", text("nanchang")),
            ("name", text("南昌市生态环境局")),
            ("level", text("市级")),
            ("city", text("南昌市")),
            ("supervision.integrity_violation", Cell::Bool(false)),
            ("team.rewards_system", number(3.0)),
            ("team.safety_system", number(2.5)),
            ("team.accountability_system", text("4")),
            ("team.mobile.connected", text("是")),
            ("team.mobile.daily_inspections", number(820.0)),
            ("team.mobile.double_random_inspections", number(600.0)),
            ("daily.key_units", number(150.0)),
            ("daily.industrial_emissions", number(12000.0)),
            ("daily.cases", number(900.0)),
            ("daily.fines", number(40000000.0)),
            ("daily.major_cases.seizure", number(20.0)),
            ("daily.major_cases.production_limit", number(5.0)),
            ("daily.major_cases.daily_penalty", number(1.0)),
            ("daily.major_cases.criminal_transfer", number(3.0)),
            ("daily.major_cases.detention_transfer", number(10.0)),
            ("daily.filing.untrue_cases", number(0.0)),
            ("daily.filing.late_reports", number(0.0)),
            ("daily.filing.fill_rate", number(97.0)),
            ("daily.filing.corrections", number(0.0)),
            ("daily.filing.mee_criticisms", number(0.0)),
            ("daily.adopted_typical_cases", number(1.0)),
            ("satisfaction.votes", number(16800.0)),
        ],
    );
    set(
        &mut sheets,
        "推选案卷",
        0,
        "candidates.id",
        text("nanchang"),
    );
    set(
        &mut sheets,
        "推选案卷",
        0,
        "case_no",
        text("洪环罚〔2019〕12号"),
    );
    set(&mut sheets, "推选案卷", 0, "category", text("general"));
    set(&mut sheets, "推选案卷", 0, "score", number(88.0));
    set(&mut sheets, "推选案卷", 0, "disclosed", Cell::Bool(true));
    let from_workbook = workbook::load_sheets(&policy, "filled.xlsx", &sheets)
        .unwrap_or_else(|report| panic!("{:#?}", report.problems));
    let yaml = "
province: { cases_total: 5200, fines_total: 310000000, major_cases_total: 420,
            key_units_total: 1300, industrial_emissions_total: 104000 }
cities: [ { name: 南昌市, key_units_list_published: true } ]
candidates:
  - id: nanchang
    name: 南昌市生态环境局
    level: city
    city: 南昌市
    supervision: { commendations: [], deductions: [], integrity_violation: false }
    team:
      rewards_system: 3
      safety_system: 2.5
      accountability_system: 4
      mobile: { connected: true, daily_inspections: 820, double_random_inspections: 600 }
    case_files:
      recommended:
        - { case_no: 洪环罚〔2019〕12号, category: general, score: 88, disclosed: true }
      random: []
    daily:
      key_units: 150
      industrial_emissions: 12000
      cases: 900
      fines: 40000000
      major_cases: { seizure: 20, production_limit: 5, daily_penalty: 1, criminal_transfer: 3, detention_transfer: 10 }
      filing: { untrue_cases: 0, late_reports: 0, fill_rate: 97, corrections: 0, mee_criticisms: 0 }
      commendations: []
      adopted_typical_cases: 1
    satisfaction: { votes: 16800 }
";
    let from_yaml = policy.load_facts("one.yaml", yaml).unwrap();
    assert_eq!(from_workbook.root, from_yaml.root);
    let outcome = policy.evaluate(&from_workbook).unwrap();
    assert_eq!(outcome.candidates.len(), 1);
    assert_eq!(outcome.candidates[0].rank, Some(1));
    assert_eq!(outcome.candidates[0].status, kaoping::Status::Selected);
    assert_eq!(
        kaoping::render::json(&policy, &outcome),
        json(&policy, &from_yaml)
    );
}

// ───────────────────────────── values

#[test]
fn cells_of_every_kind_read_as_the_yaml_values() {
    let (policy, facts, mut sheets) = collective_sheets();
    // Enum by name as well as label; booleans as Excel booleans, true/false
    // text and 是/否; numbers as text; dates as text as well as date cells.
    set(&mut sheets, "候选集体", 0, "level", text("city"));
    set(
        &mut sheets,
        "候选集体",
        0,
        "supervision.integrity_violation",
        Cell::Bool(false),
    );
    set(
        &mut sheets,
        "候选集体",
        0,
        "team.mobile.connected",
        text("TRUE"),
    );
    set(
        &mut sheets,
        "候选集体",
        1,
        "team.mobile.connected",
        text("true"),
    );
    set(
        &mut sheets,
        "候选集体",
        0,
        "team.safety_system",
        text(" 2.50 "),
    );
    set(
        &mut sheets,
        "候选集体",
        0,
        "materials.submitted_on",
        text("2019-11-08"),
    );
    let loaded = workbook::load_sheets(&policy, "facts.xlsx", &sheets).unwrap();
    assert_eq!(loaded.root, facts.root);
}

#[test]
fn empty_optional_cells_are_absent_and_a_row_of_owner_cells_gives_an_empty_list() {
    let (policy, facts, mut sheets) = collective_sheets();
    let candidates = facts.root.field(policy.candidates_field).as_list();
    let record = policy.candidate_fields();
    let materials = record.field_index("materials").unwrap();
    assert_ne!(
        candidates[0].field(materials),
        &kaoping::value::Value::Absent
    );
    for path in [
        "materials.text",
        "materials.format",
        "materials.submitted_on",
    ] {
        set(&mut sheets, "候选集体", 0, path, Cell::Empty);
    }
    let loaded = workbook::load_sheets(&policy, "facts.xlsx", &sheets).unwrap();
    let candidates = loaded.root.field(policy.candidates_field).as_list();
    assert_eq!(
        candidates[0].field(materials),
        &kaoping::value::Value::Absent
    );

    // A city with no row in 宣传报道 has no publicity; a row holding only its
    // name gives it an empty list.
    let input = policy.record(policy.root);
    let cities_field = input.field_index("cities").unwrap();
    let city_record = match &input.fields[cities_field].schema {
        kaoping::policy::FieldType::List { element, .. } => match element.as_ref() {
            kaoping::policy::FieldType::Record(id) => *id,
            _ => unreachable!(),
        },
        _ => unreachable!(),
    };
    let publicity = policy.record(city_record).field_index("publicity").unwrap();
    let cities = loaded.root.field(cities_field).as_list();
    let (index, quiet) = cities
        .iter()
        .enumerate()
        .find(|(_, city)| *city.field(publicity) == kaoping::value::Value::Absent)
        .expect("a city without publicity");
    let name = quiet.field(0).as_text().to_string();
    let sheet = sheet(&mut sheets, "宣传报道");
    sheet.push_row(vec![text(&name)]);
    let loaded = workbook::load_sheets(&policy, "facts.xlsx", &sheets).unwrap();
    let city = &loaded.root.field(cities_field).as_list()[index];
    assert_eq!(
        city.field(publicity),
        &kaoping::value::Value::List(Default::default())
    );
}

// ───────────────────────────── cell errors, one test each

#[test]
fn text_where_a_number_belongs() {
    let (place, message) = only_problem(|sheets| set(sheets, "推选案卷", 0, "score", text("八十")));
    assert_eq!(place, "D3");
    assert_eq!(
        message,
        "推选案卷!D3: expected a number 0–100, found `八十`"
    );
}

#[test]
fn a_number_out_of_range() {
    let (place, message) =
        only_problem(|sheets| set(sheets, "推选案卷", 0, "score", Cell::Number(100.5)));
    assert_eq!(
        message,
        format!("推选案卷!{place}: `100.5` is out of range: expected a number 0–100")
    );
}

#[test]
fn a_fraction_where_a_whole_number_belongs() {
    let (place, message) = only_problem(|sheets| {
        set(
            sheets,
            "候选集体",
            0,
            "team.mobile.daily_inspections",
            Cell::Number(820.5),
        )
    });
    assert_eq!(
        message,
        format!("候选集体!{place}: expected a whole number ≥ 0, found `820.5`")
    );
}

#[test]
fn a_number_with_more_than_15_significant_digits() {
    let (place, message) = only_problem(|sheets| {
        set(
            sheets,
            "候选集体",
            0,
            "daily.fines",
            Cell::Number(0.1 + 0.2),
        )
    });
    assert_eq!(
        message,
        format!(
            "候选集体!{place}: `0.30000000000000004` has more than 15 significant digits, \
             so it is not exact: expected a number ≥ 0"
        )
    );
    // The same digits typed as text are exact, and read.
    let (policy, _, mut sheets) = collective_sheets();
    set(
        &mut sheets,
        "候选集体",
        0,
        "daily.fines",
        text("0.30000000000000004"),
    );
    assert!(workbook::load_sheets(&policy, "facts.xlsx", &sheets).is_ok());
}

#[test]
fn a_value_that_is_not_one_of_the_enum() {
    let (place, message) = only_problem(|sheets| set(sheets, "候选集体", 0, "level", text("省级")));
    assert_eq!(
        message,
        format!("候选集体!{place}: `省级` is not an allowed value")
    );
}

#[test]
fn a_bool_that_is_neither_yes_nor_no() {
    let (place, message) = only_problem(|sheets| {
        set(
            sheets,
            "设区市",
            0,
            "key_units_list_published",
            text("也许"),
        )
    });
    assert_eq!(
        message,
        format!("设区市!{place}: expected 是 or 否 (true or false), found `也许`")
    );
}

#[test]
fn an_impossible_date() {
    let (place, message) = only_problem(|sheets| {
        set(
            sheets,
            "候选集体",
            0,
            "materials.submitted_on",
            text("2019-02-30"),
        )
    });
    assert_eq!(
        message,
        format!("候选集体!{place}: expected a date YYYY-MM-DD, found `2019-02-30`")
    );
}

#[test]
fn a_plain_number_where_a_date_belongs() {
    let (place, message) = only_problem(|sheets| {
        set(
            sheets,
            "候选集体",
            0,
            "materials.submitted_on",
            Cell::Number(43777.0),
        )
    });
    assert_eq!(
        message,
        format!("候选集体!{place}: expected a date YYYY-MM-DD, found the number `43777`")
    );
}

#[test]
fn a_date_with_a_time_of_day() {
    let (place, message) = only_problem(|sheets| {
        let date = Cell::Date {
            year: 2019,
            month: 11,
            day: 8,
            time: Some((12, 30, 0)),
        };
        set(sheets, "候选集体", 0, "materials.submitted_on", date)
    });
    assert_eq!(
        message,
        format!(
            "候选集体!{place}: expected a date without a time of day, found `2019-11-08 12:30:00`"
        )
    );
}

#[test]
fn an_excel_error_value() {
    let (place, message) = only_problem(|sheets| {
        set(
            sheets,
            "候选集体",
            0,
            "satisfaction.votes",
            Cell::Error("#DIV/0!".into()),
        )
    });
    assert_eq!(
        message,
        format!("候选集体!{place}: expected a whole number ≥ 0, found the error `#DIV/0!`")
    );
}

#[test]
fn an_empty_cell_where_a_value_is_required() {
    let (place, message) =
        only_problem(|sheets| set(sheets, "候选集体", 0, "satisfaction.votes", Cell::Empty));
    assert_eq!(
        message,
        format!("候选集体!{place}: expected a whole number ≥ 0, found an empty cell")
    );
}

#[test]
fn an_unknown_sheet() {
    let (_, message) = only_problem(|sheets| {
        sheets.push(Sheet::new("附件"));
        String::new()
    });
    assert_eq!(message, "附件: unknown sheet");
}

#[test]
fn a_missing_sheet() {
    let (_, message) = only_problem(|sheets| {
        sheets.retain(|sheet| sheet.name != "扣分");
        String::new()
    });
    assert_eq!(
        message,
        "the workbook: missing sheet `扣分` (candidates.supervision.deductions)"
    );
}

#[test]
fn a_clerks_own_column_is_a_warning_and_the_facts_load() {
    // issue 15 §1: a clerk's extra 备注 column is a warning, not fatal.
    let (policy, facts, mut sheets) = collective_sheets();
    let candidates = sheet(&mut sheets, "候选集体");
    let width = candidates.width();
    candidates.set(0, width, text("备注"));
    candidates.set(FIRST_DATA_ROW, width, text("无"));
    let place = cell_name(0, width);
    let loaded = workbook::load_sheets(&policy, "facts.xlsx", &sheets).expect("the facts load");
    let warnings: Vec<&str> = loaded
        .warnings()
        .problems
        .iter()
        .map(|problem| problem.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [format!(
            "候选集体!{place}: column `备注` is not part of the policy; its cells are not read"
        )]
    );
    assert_eq!(json(&policy, &loaded), json(&policy, &facts));
}

#[test]
fn a_mistyped_column_is_an_error_that_names_the_column_meant() {
    let (policy, _, mut sheets) = collective_sheets();
    let candidates = sheet(&mut sheets, "候选集体");
    let column = column(candidates, "name");
    candidates.set(0, column, text("nmae"));
    let report = workbook::load_sheets(&policy, "facts.xlsx", &sheets).unwrap_err();
    let first = &report.problems[0];
    assert_eq!(
        first.message,
        format!("候选集体!{}: unknown column `nmae`", cell_name(0, column))
    );
    assert_eq!(first.help.as_deref(), Some("did you mean `name`?"));
}

#[test]
fn a_typo_in_the_label_row_over_a_path_row_is_one_error() {
    // issue 15 §1: the path row under a mistyped label names the column, so
    // the clerk reads one error, not a missing column and a row of paths
    // taken for data.
    let (place, message) = only_problem(|sheets| {
        let candidates = sheet(sheets, "候选集体");
        let column = column(candidates, "name");
        candidates.set(0, column, text("单位名"));
        cell_name(0, column)
    });
    assert_eq!(
        message,
        format!("候选集体!{place}: unknown column `单位名`")
    );
}

#[test]
fn a_typo_in_the_path_row_is_named_and_the_row_is_not_read_as_data() {
    // issue 15 §1: "unknown column path, did you mean `satisfaction.votes`?",
    // and nothing else: the path row is not turned into a row of data.
    let (place, message) = only_problem(|sheets| {
        let candidates = sheet(sheets, "候选集体");
        let column = column(candidates, "satisfaction.votes");
        candidates.set(1, column, text("satisfaction.vots"));
        cell_name(1, column)
    });
    assert_eq!(
        message,
        format!("候选集体!{place}: unknown column path `satisfaction.vots`")
    );
    let (policy, _, mut sheets) = collective_sheets();
    let candidates = sheet(&mut sheets, "候选集体");
    let column = column(candidates, "satisfaction.votes");
    candidates.set(1, column, text("satisfaction.vots"));
    let report = workbook::load_sheets(&policy, "facts.xlsx", &sheets).unwrap_err();
    assert_eq!(
        report.problems[0].help.as_deref(),
        Some("did you mean `satisfaction.votes`? The second header row holds each column's path")
    );
}

#[test]
fn workbook_problems_name_sheet_and_cell_for_machines_and_speak_chinese() {
    // issue 15 §1 and §2: the clerk's language, and `sheet`/`cell` fields.
    let (policy, _, mut sheets) = collective_sheets();
    let place = set(&mut sheets, "推选案卷", 0, "score", text("八十"));
    let source = workbook::SheetSource {
        language: kaoping::messages::Language::Chinese,
        folder: None,
    };
    let report = workbook::load_sheets_in(&policy, "facts.xlsx", &sheets, &source).unwrap_err();
    let problem = &report.problems[0];
    assert_eq!(
        problem.message,
        format!("推选案卷!{place}：应为数字 0–100，实际为`八十`")
    );
    assert_eq!(
        problem.help.as_deref(),
        Some("请用普通的十进制数字书写，如 12 或 2.5")
    );
    assert!(problem.fields.contains(&("sheet", "推选案卷".to_string())));
    assert!(problem.fields.contains(&("cell", place.clone())));
}

#[test]
fn a_full_width_number_in_a_cell_is_named() {
    // issue 15 §1: `９` is a full-width digit, in a workbook cell too.
    let (_, message) = only_problem(|sheets| set(sheets, "推选案卷", 0, "score", text("８０")));
    assert!(
        message.ends_with("expected a number 0–100, found `８０`"),
        "{message}"
    );
    let (policy, _, mut sheets) = collective_sheets();
    set(&mut sheets, "推选案卷", 0, "score", text("８０"));
    let report = workbook::load_sheets(&policy, "facts.xlsx", &sheets).unwrap_err();
    assert_eq!(
        report.problems[0].help.as_deref(),
        Some("`８` is a full-width digit; type `8` (switch the input method to half-width)")
    );
}

#[test]
fn a_missing_csv_file_names_the_file_and_the_folder() {
    // issue 15 §1: a missing `.csv` file names the file and its folder.
    let (policy, facts, _) = collective_sheets();
    let folder = TempFolder::new("missing-csv");
    for (name, text) in workbook::facts_csv(&policy, &facts).unwrap() {
        if name != "扣分.csv" {
            std::fs::write(folder.0.join(name), text).unwrap();
        }
    }
    let report = workbook::load_csv_folder(&policy, &folder.0).unwrap_err();
    let shown = folder.0.display().to_string();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let problem = &report.problems[0];
    assert_eq!(
        problem.message,
        format!(
            "the folder `{shown}`: missing file `扣分.csv` (candidates.supervision.deductions)"
        )
    );
    let file = folder.0.join("扣分.csv").display().to_string();
    assert!(
        problem.fields.contains(&("file", file)),
        "{:?}",
        problem.fields
    );
}

#[test]
fn a_column_named_twice() {
    let (place, message) = only_problem(|sheets| {
        let candidates = sheet(sheets, "候选集体");
        let width = candidates.width();
        candidates.set(0, width, text("name"));
        cell_name(0, width)
    });
    assert_eq!(
        message,
        format!("候选集体!{place}: column `name` appears twice (first at B1)")
    );
}

#[test]
fn a_value_under_no_header() {
    let (place, message) = only_problem(|sheets| {
        let candidates = sheet(sheets, "候选集体");
        let width = candidates.width();
        candidates.set(FIRST_DATA_ROW + 3, width + 1, text("说明"));
        cell_name(FIRST_DATA_ROW + 3, width + 1)
    });
    assert_eq!(
        message,
        format!("候选集体!{place}: a value in a column without a header")
    );
}

#[test]
fn a_missing_required_column() {
    let (_, message) = only_problem(|sheets| {
        let case_files = sheet(sheets, "推选案卷");
        let score = column(case_files, "score");
        for row in &mut case_files.rows {
            if row.len() > score {
                row.remove(score);
            }
        }
        String::new()
    });
    assert_eq!(message, "推选案卷: missing column `专家评分` (score)");
}

#[test]
fn a_nested_row_whose_owner_does_not_exist() {
    let (place, message) =
        only_problem(|sheets| set(sheets, "通报表扬", 0, "candidates.id", text("nanchan")));
    assert_eq!(place, "A3");
    assert_eq!(message, "通报表扬!A3: `nanchan` is not in `候选集体`");
}

#[test]
fn a_nested_row_without_its_owner() {
    let (place, message) =
        only_problem(|sheets| set(sheets, "通报表扬", 0, "candidates.id", Cell::Empty));
    assert_eq!(
        message,
        format!("通报表扬!{place}: expected 候选集体·编号, found an empty cell")
    );
}

#[test]
fn a_duplicate_key() {
    let (policy, facts, mut sheets) = collective_sheets();
    let first = facts.candidates(&policy)[0]
        .field(policy.candidate_id_field)
        .as_text()
        .to_string();
    let place = set(&mut sheets, "候选集体", 1, "id", text(&first));
    // The second candidate's lists now name the first; nothing else is wrong.
    for name in [
        "通报表扬",
        "扣分",
        "推选案卷",
        "抽选案卷",
        "被部通报表扬分值",
    ] {
        let sheet = sheet(&mut sheets, name);
        sheet.rows.retain(|row| {
            row.first()
                != Some(&Cell::Text(
                    facts.candidates(&policy)[1]
                        .field(policy.candidate_id_field)
                        .as_text()
                        .into(),
                ))
        });
    }
    let found = messages(&policy, &sheets);
    assert_eq!(
        found,
        [format!(
            "候选集体!{place}: duplicate id `{first}` (first at A3)"
        )]
    );
}

#[test]
fn a_duplicate_key_does_not_cascade_into_the_rows_of_other_sheets() {
    // issue 15 §1: the second candidate's lists still name its old id; the
    // one mistake is the duplicate, not each of those rows.
    let (policy, facts, mut sheets) = collective_sheets();
    let first = facts.candidates(&policy)[0]
        .field(policy.candidate_id_field)
        .as_text()
        .to_string();
    let place = set(&mut sheets, "候选集体", 1, "id", text(&first));
    let found = messages(&policy, &sheets);
    assert_eq!(
        found,
        [format!(
            "候选集体!{place}: duplicate id `{first}` (first at A3)"
        )]
    );
}

#[test]
fn an_unknown_reference() {
    let (place, message) = only_problem(|sheets| set(sheets, "候选集体", 0, "city", text("南昌")));
    assert_eq!(
        message,
        format!("候选集体!{place}: `南昌` is not in `cities`")
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let (policy, _, mut sheets) = collective_sheets();
    set(&mut sheets, "推选案卷", 0, "score", text("八十"));
    set(&mut sheets, "候选集体", 0, "level", text("省级"));
    set(&mut sheets, "候选集体", 2, "city", text("南昌"));
    sheets.push(Sheet::new("附件"));
    assert_eq!(messages(&policy, &sheets).len(), 4);
}

#[test]
fn a_malformed_workbook_is_an_error_not_a_panic() {
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let report = workbook::load_xlsx(&policy, "broken.xlsx", b"PK\x03\x04 not really").unwrap_err();
    assert!(report.problems[0]
        .message
        .starts_with("`broken.xlsx` is not an Excel workbook (.xlsx)"));
    // Sheets of any shape: ragged rows, headers only, nothing at all.
    let mut odd = vec![Sheet::new("候选集体"), Sheet::new("设区市")];
    odd[0].set(5, 40, text("x"));
    odd[1].push_row(vec![
        text("设区市"),
        Cell::Bool(true),
        Cell::Number(f64::NAN),
    ]);
    assert!(workbook::load_sheets(&policy, "odd.xlsx", &odd).is_err());
}

// ───────────────────────────── the command line

fn kaoping(arguments: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"))
        // English messages whatever the developer's locale; tests of Chinese say `--lang zh`.
        .env("LC_ALL", "C.UTF-8")
        .args(arguments)
        .current_dir(root())
        .output()
        .unwrap()
}

#[test]
fn the_cli_scores_converts_and_rejects_workbooks() {
    let folder = TempFolder::new("cli");
    let (policy, yaml) = bundled::COLLECTIVE;
    let xlsx = folder.0.join("facts.xlsx");
    let csv = folder.0.join("csv");
    let template = folder.0.join("template.xlsx");
    for (arguments, output) in [
        (vec!["convert", policy, yaml, "-o"], &xlsx),
        (vec!["convert", policy, yaml, "-o"], &csv),
        (vec!["template", policy, "--xlsx"], &template),
    ] {
        let mut arguments = arguments;
        arguments.push(output.to_str().unwrap());
        let run = kaoping(&arguments);
        assert_eq!(run.status.code(), Some(0), "{arguments:?}: {run:?}");
    }
    let from_yaml = kaoping(&["score", policy, yaml, "--format", "json"]);
    assert_eq!(from_yaml.status.code(), Some(0));
    for facts in [&xlsx, &csv] {
        let scored = kaoping(&["score", policy, facts.to_str().unwrap(), "--format", "json"]);
        assert_eq!(scored.status.code(), Some(0));
        assert_eq!(scored.stdout, from_yaml.stdout);
    }
    let diff = kaoping(&["diff", policy, "--facts", yaml, xlsx.to_str().unwrap()]);
    assert_eq!(diff.status.code(), Some(0), "{diff:?}");
    let explain = kaoping(&["explain", policy, csv.to_str().unwrap(), "nanchang"]);
    assert_eq!(explain.status.code(), Some(0), "{explain:?}");

    let rejected = kaoping(&[
        "score",
        policy,
        template.to_str().unwrap(),
        "--error-format",
        "plain",
    ]);
    assert_eq!(rejected.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&rejected.stderr);
    assert!(
        stderr.contains("全省数据: expected one row of data below the header, found none"),
        "{stderr}"
    );
    // No empty source snippet under a workbook's problem.
    assert!(!stderr.contains(":1:1]"), "{stderr}");
}

// ───────────────────────────── any policy

/// A schema unlike the 2019 ones: top-level scalars, lists without keys
/// nested two deep, a list of scalars, optional lists and records.
const OTHER_POLICY: &str = r#"
policy other {
  title "示例"
  total 10
  round 2 half_away_from_zero per indicator
}
record Part "部件" {
  code: text
  weights "权重": list of int[0..]
}
input {
  year "年度": int[2000..2100]
  opened: date
  note: optional text
  groups: list of { label: text, parts: list of Part }
  candidates: list of {
    id: text,
    name: text,
    votes: int[0..],
    tags: optional list of text,
    extra: optional { a: int, b: optional text },
  } key id
}
indicator satisfaction "满意度" max 10 {
  cite "示例 一"
  let n = peers.count()
  let r = peers.rank_desc(votes)
  score 10 * (n - r + 1) / n
}
rank by total, satisfaction
select 1
"#;

const OTHER_FACTS: &str = "
year: 2019
opened: 2019-05-14
groups:
  - label: 甲组
    parts:
      - { code: p1, weights: [1, 2] }
      - { code: p2, weights: [] }
      - { code: p3, weights: [7] }
  - label: 乙组
    parts: []
  - label: 丙组
    parts:
      - { code: p4, weights: [3] }
candidates:
  - { id: a, name: 甲, votes: 30, tags: [x, y], extra: { a: 1 } }
  - { id: b, name: 乙, votes: 10, tags: [] }
  - { id: c, name: 丙, votes: 20 }
";

#[test]
fn any_policy_gets_a_workbook_that_round_trips() {
    let policy = kaoping::load_policy("other.kp", OTHER_POLICY)
        .unwrap_or_else(|report| panic!("{:#?}", report.problems))
        .policy;
    let facts = policy.load_facts("other.yaml", OTHER_FACTS).unwrap();
    let sheets = workbook::facts_sheets(&policy, &facts).unwrap();
    let names: Vec<&str> = sheets.iter().map(|sheet| sheet.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "input",
            "groups",
            "groups.parts",
            "权重",
            "candidates",
            "candidates.tags"
        ]
    );
    let weights = &sheets[3];
    let rows: Vec<Vec<String>> = weights
        .rows
        .iter()
        .map(|row| row.iter().map(Cell::shown).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["groups·序号", "groups.parts·序号", "权重"],
            ["groups.#", "groups.parts.#", "weights"],
            ["1", "1", "1"],
            ["1", "1", "2"],
            ["1", "3", "7"],
            ["3", "1", "3"],
        ]
    );
    let bytes = workbook::facts_xlsx(&policy, &facts).unwrap();
    let loaded = workbook::load_xlsx(&policy, "other.xlsx", &bytes).unwrap();
    assert_eq!(loaded.root, facts.root);
    assert_eq!(json(&policy, &loaded), json(&policy, &facts));
    // A row for an item number its owner does not have.
    let mut broken = sheets.clone();
    broken[3].push_row(vec![text("2"), text("1"), Cell::Number(4.0)]);
    assert_eq!(
        messages(&policy, &broken),
        ["权重!B7: `1` is not in `groups.parts`"]
    );
}

/// The worksheets' XML of a workbook, concatenated: data validation lives
/// there, and calamine does not read it back.
fn worksheet_xml(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        if file.name().unwrap().starts_with("xl/worksheets/sheet") {
            std::io::Read::read_to_string(&mut file, &mut xml).unwrap();
        }
    }
    xml
}

#[test]
fn the_template_validates_ranges_enums_bools_and_dates() {
    // Issue 5: data validation where the field has a range. 案卷 scores are
    // decimal[0..100], daily commendations decimal[0.5..2], brief months
    // int[6..12], counts int[0..]; level is an enum with labels.
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let xml = worksheet_xml(&workbook::template_xlsx(&policy).unwrap());
    for expected in [
        // Between is Excel's default operator, so only the bounds show it.
        "<formula1>0</formula1><formula2>100</formula2>",
        "<formula1>0.5</formula1><formula2>2</formula2>",
        "<formula1>6</formula1><formula2>12</formula2>",
        r#"type="whole" operator="greaterThanOrEqual""#,
        r#"type="decimal" operator="greaterThanOrEqual""#,
        r#"<formula1>"市级,县级"</formula1>"#,
        r#"<formula1>"是,否"</formula1>"#,
        r#"type="date""#,
    ] {
        assert!(
            xml.contains(expected),
            "no `{expected}` in the template's validation"
        );
    }
}

// ───────────────────────────── issue 13: what the clerk meant

/// The collective example's YAML text, and that text loaded.
fn collective_yaml() -> (Policy, String) {
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let text = std::fs::read_to_string(root().join(bundled::COLLECTIVE.1)).unwrap();
    (policy, text)
}

/// `text` with `from` replaced once by `to` (which must be there).
fn replaced_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "no `{from}` in the text");
    text.replacen(from, to, 1)
}

/// An `.xlsx` file of `sheets`, as a clerk's Excel would save it: numbers
/// as numbers, dates as date cells, and `formats` (sheet, row, column,
/// number format) applied to those cells.
fn xlsx_of(sheets: &[Sheet], formats: &[(&str, usize, usize, &str)]) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    for sheet in sheets {
        let worksheet = book.add_worksheet();
        worksheet.set_name(&sheet.name).unwrap();
        for (row, cells) in sheet.rows.iter().enumerate() {
            for (column, cell) in cells.iter().enumerate() {
                let format = formats
                    .iter()
                    .find(|(name, r, c, _)| *name == sheet.name && *r == row && *c == column)
                    .map(|(_, _, _, code)| Format::new().set_num_format(*code));
                let (r, c) = (row as u32, column as u16);
                match (cell, &format) {
                    (Cell::Empty, _) => {}
                    (Cell::Text(text), _) => {
                        worksheet.write_string(r, c, text).unwrap();
                    }
                    (Cell::Number(value), Some(format)) => {
                        worksheet
                            .write_number_with_format(r, c, *value, format)
                            .unwrap();
                    }
                    (Cell::Number(value), None) => {
                        worksheet.write_number(r, c, *value).unwrap();
                    }
                    (Cell::Bool(value), _) => {
                        worksheet.write_boolean(r, c, *value).unwrap();
                    }
                    (
                        Cell::Date {
                            year, month, day, ..
                        },
                        _,
                    ) => {
                        let date = ExcelDateTime::from_ymd(*year, *month, *day).unwrap();
                        let format = Format::new().set_num_format("yyyy-mm-dd");
                        worksheet
                            .write_datetime_with_format(r, c, &date, &format)
                            .unwrap();
                    }
                    (other, _) => panic!("no such cell in the example: {other:?}"),
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_fill_rate_typed_as_a_percentage_is_refused_at_its_cell() {
    // 附1 四(二)1: 案件填报率(%) holds the percentage as a number (97 for
    // 97%), and each 5 short of 100 costs a point. A cell formatted as a
    // percentage holds 0.97 for 97%: read as 0.97 it would cost nanchang
    // the full 5 points, so it is refused, naming its cell.
    let (policy, facts, mut sheets) = collective_sheets();
    let place = set(
        &mut sheets,
        "候选集体",
        0,
        "daily.filing.fill_rate",
        Cell::Number(0.97),
    );
    let column = column(sheet(&mut sheets, "候选集体"), "daily.filing.fill_rate");
    for format in ["0%", "0.00%", "0.0%", "#,##0%"] {
        let bytes = xlsx_of(&sheets, &[("候选集体", FIRST_DATA_ROW, column, format)]);
        let report = workbook::load_xlsx(&policy, "facts.xlsx", &bytes).unwrap_err();
        let found: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(found.len(), 1, "{format}: {found:#?}");
        assert!(
            found[0].starts_with(&format!("候选集体!{place}: ")),
            "{format}: {}",
            found[0]
        );
        assert!(found[0].contains("97%"), "{format}: {}", found[0]);
        let help = report.problems[0].help.clone().unwrap();
        assert!(help.contains("type 97"), "{format}: {help}");
    }
    // The same cell typed as the number 97 loads as the YAML's 97, and a
    // percent format elsewhere (a decimal[0..3] score) is only display.
    set(
        &mut sheets,
        "候选集体",
        0,
        "daily.filing.fill_rate",
        Cell::Number(97.0),
    );
    let rewards = column_of(&sheets, "候选集体", "team.rewards_system");
    let bytes = xlsx_of(&sheets, &[("候选集体", FIRST_DATA_ROW, rewards, "0%")]);
    let loaded = workbook::load_xlsx(&policy, "facts.xlsx", &bytes).unwrap();
    assert_eq!(json(&policy, &loaded), json(&policy, &facts));
}

fn column_of(sheets: &[Sheet], name: &str, path: &str) -> usize {
    let sheet = sheets.iter().find(|sheet| sheet.name == name).unwrap();
    column(sheet, path)
}

#[test]
fn the_template_tells_the_clerk_to_type_97_for_97_percent() {
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let xml = worksheet_xml(&workbook::template_xlsx(&policy).unwrap());
    assert!(
        xml.contains("97% 填 97"),
        "the fill rate's input message says how to type a percentage"
    );
}

#[test]
fn spaces_around_keys_and_references_in_a_workbook_are_trimmed() {
    // `nanchang ` and `九江市　` (an ideographic space, as a Chinese input
    // method types it) are the keys the clerk meant: the facts are the
    // example's, not a new candidate and an unknown city.
    let (policy, facts, mut sheets) = collective_sheets();
    set(&mut sheets, "候选集体", 0, "id", text("nanchang "));
    set(&mut sheets, "候选集体", 1, "city", text("九江市　"));
    set(&mut sheets, "设区市", 1, "name", text(" 九江市"));
    // The owner cell of nanchang's first recommended case file.
    let recommended = sheet(&mut sheets, "推选案卷");
    let owner = (FIRST_DATA_ROW..recommended.rows.len())
        .find(|&row| *recommended.cell(row, 0) == text("nanchang"))
        .unwrap();
    recommended.set(owner, 0, text(" nanchang"));
    let loaded = workbook::load_sheets(&policy, "facts.xlsx", &sheets).unwrap();
    assert_eq!(json(&policy, &loaded), json(&policy, &facts));
}

#[test]
fn spaces_around_keys_and_references_in_yaml_are_trimmed() {
    let (policy, original) = collective_yaml();
    let facts = policy.load_facts("facts.yaml", &original).unwrap();
    let text = replaced_once(&original, "- id: nanchang\n", "- id: \"nanchang \"\n");
    let text = replaced_once(&text, "city: 九江市\n", "city: 九江市　\n");
    let text = replaced_once(&text, "- { name: 九江市,", "- { name: \"九江市 \",");
    let loaded = policy.load_facts("facts.yaml", &text).unwrap();
    assert_eq!(json(&policy, &loaded), json(&policy, &facts));
}

#[test]
fn yaml_takes_the_chinese_labels_the_workbook_offers() {
    // The workbook's drop-downs offer 市级/县级 and 是/否; a YAML file
    // written from them means the same candidates.
    let (policy, original) = collective_yaml();
    let facts = policy.load_facts("facts.yaml", &original).unwrap();
    let text = replaced_once(&original, "level: city", "level: 市级");
    let text = replaced_once(
        &text,
        "integrity_violation: false",
        "integrity_violation: 否",
    );
    let loaded = policy.load_facts("facts.yaml", &text).unwrap();
    assert_eq!(json(&policy, &loaded), json(&policy, &facts));
    // 是 is true: nanchang's integrity violation, read either way, is the same.
    let yes = replaced_once(
        &original,
        "integrity_violation: false",
        "integrity_violation: 是",
    );
    let yes_english = replaced_once(
        &original,
        "integrity_violation: false",
        "integrity_violation: true",
    );
    let yes = policy.load_facts("facts.yaml", &yes).unwrap();
    let yes_english = policy.load_facts("facts.yaml", &yes_english).unwrap();
    assert_eq!(json(&policy, &yes), json(&policy, &yes_english));
}

#[test]
fn a_tab_indenting_a_nested_field_is_reported_at_its_line() {
    let (policy, original) = collective_yaml();
    // The tab stands for the six spaces before `industrial_emissions`, the
    // second key of nanchang's `daily`: saphyr then blamed `daily` itself.
    let text = replaced_once(
        &original,
        "      key_units: 150\n      industrial_emissions: 12000\n",
        "      key_units: 150\n\tindustrial_emissions: 12000\n",
    );
    let line = text[..text.find("\tindustrial_emissions").unwrap()]
        .lines()
        .count()
        + 1;
    let report = policy.load_facts("facts.yaml", &text).unwrap_err();
    let messages: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(messages[0].contains("tab"), "{}", messages[0]);
    assert!(
        messages[0].contains(&format!("line {line}")),
        "{}",
        messages[0]
    );
}

#[test]
fn a_tab_on_a_blank_or_comment_line_does_not_hide_the_real_error() {
    // Review of issue 13, 2: any tab-indented line took over the report,
    // even a harmless one, and the clerk was sent to the wrong line.
    let (policy, original) = collective_yaml();
    let text = replaced_once(
        &original,
        "      key_units: 150\n",
        "\t\n\t# 重点排污单位\n      key_units: {a: 1}\n",
    );
    let report = policy.load_facts("facts.yaml", &text).unwrap_err();
    let messages: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(messages.iter().all(|m| !m.contains("tab")), "{messages:#?}");
    assert!(
        messages.iter().any(|m| m.contains("key_units")),
        "{messages:#?}"
    );
}

#[test]
fn the_template_placeholder_candidate_is_warned_about() {
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let template = kaoping::template::template(&policy);
    let facts = policy.load_facts("facts.yaml", &template).unwrap();
    let warnings: Vec<&str> = facts
        .warnings()
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|message| message.contains("candidates[0]") && message.contains("示例")),
        "{warnings:#?}"
    );
    // The same facts from a workbook: the warning names the row.
    let sheets = workbook::facts_sheets(&policy, &facts).unwrap();
    let loaded = workbook::load_sheets(&policy, "facts.xlsx", &sheets).unwrap();
    let warnings: Vec<&str> = loaded
        .warnings()
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|message| message.starts_with("候选集体!") && message.contains("示例")),
        "{warnings:#?}"
    );
    // Real facts have no such warning.
    let (_, example) = bundled::load(bundled::COLLECTIVE);
    assert!(example.warnings().problems.is_empty());
}

#[test]
fn the_cli_prints_the_placeholder_warning_and_still_scores() {
    let folder = TempFolder::new("placeholder");
    let yaml = folder.0.join("template.yaml");
    let policy = bundled::COLLECTIVE.0;
    let template = kaoping(&["template", policy]);
    assert!(template.status.success());
    std::fs::write(&yaml, &template.stdout).unwrap();
    let scored = kaoping(&[
        "--error-format",
        "plain",
        "score",
        policy,
        yaml.to_str().unwrap(),
    ]);
    assert!(scored.status.success(), "a warning does not stop scoring");
    let stderr = String::from_utf8_lossy(&scored.stderr);
    assert!(stderr.contains("kaoping::facts::placeholder"), "{stderr}");
    assert!(stderr.contains("`candidates[0]`"), "{stderr}");
    // The bundled example has none.
    let example = kaoping(&["score", policy, bundled::COLLECTIVE.1]);
    let stderr = String::from_utf8_lossy(&example.stderr);
    assert!(!stderr.contains("placeholder"), "{stderr}");
}

/// The template workbook with one more file in it, `size` bytes of spaces
/// that deflate to almost nothing.
fn workbook_with_a_bomb(name: &str, size: usize) -> Vec<u8> {
    use std::io::Write as _;
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let template = workbook::template_xlsx(&policy).unwrap();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(template)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..source.len() {
        writer
            .raw_copy_file(source.by_index_raw(index).unwrap())
            .unwrap();
    }
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file(name, options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..size / chunk.len() {
        writer.write_all(&chunk).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_workbook_that_expands_far_beyond_its_size_is_refused_unread() {
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let bytes = workbook_with_a_bomb("xl/media/bomb.xml", 300 << 20);
    assert!(bytes.len() < 2 << 20, "{} bytes", bytes.len());
    let report = workbook::load_xlsx(&policy, "bomb.xlsx", &bytes).unwrap_err();
    let message = &report.problems[0].message;
    assert!(
        message.starts_with("`bomb.xlsx` is refused unread: "),
        "{message}"
    );
    assert!(message.contains("expands"), "{message}");
}

#[test]
fn a_workbook_that_lies_about_its_sizes_is_refused_unread() {
    // The zip directory may declare small sizes for a file that inflates to
    // 300 MB: the file is inflated into nothing first, up to the bound.
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let name = "xl/media/bomb.xml";
    let mut bytes = workbook_with_a_bomb(name, 300 << 20);
    let declared: u32 = 1000;
    let mut patched = 0;
    for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let header = if signature == b"PK\x03\x04" { 30 } else { 46 };
        let mut at = 0;
        while let Some(found) = bytes[at..]
            .windows(4)
            .position(|window| window == signature)
        {
            let start = at + found;
            let end = (start + header + name.len()).min(bytes.len());
            if bytes[start..end]
                .windows(name.len())
                .any(|w| w == name.as_bytes())
            {
                bytes[start + offset..start + offset + 4].copy_from_slice(&declared.to_le_bytes());
                patched += 1;
            }
            at = start + 4;
        }
    }
    assert_eq!(patched, 2, "the local and the central header of the bomb");
    let report = workbook::load_xlsx(&policy, "liar.xlsx", &bytes).unwrap_err();
    let message = &report.problems[0].message;
    assert!(
        message.starts_with("`liar.xlsx` is refused unread: "),
        "{message}"
    );
    assert!(message.contains(name), "{message}");
}

#[test]
fn a_cell_far_beyond_any_facts_sheet_is_refused_unread() {
    // A cell at XFD1048576 would make a grid of 17 billion cells.
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let mut sheets = workbook::template_sheets(&policy).unwrap();
    sheets[0].set(1_048_575, 16_383, text("x"));
    let bytes = xlsx_of(&sheets, &[]);
    let report = workbook::load_xlsx(&policy, "far.xlsx", &bytes).unwrap_err();
    let message = &report.problems[0].message;
    assert!(
        message.starts_with("`far.xlsx` is refused unread: "),
        "{message}"
    );
    assert!(message.contains("XFD1048576"), "{message}");
}

#[test]
fn the_templates_prompts_speak_the_clerks_language() {
    // issue 15 §2: what a cell takes, in Chinese for a Chinese clerk.
    let (policy, _) = bundled::load(bundled::COLLECTIVE);
    let chinese = worksheet_xml(
        &workbook::template_xlsx_in(&policy, kaoping::messages::Language::Chinese).unwrap(),
    );
    assert!(chinese.contains("数字 0–100"), "{chinese}");
    assert!(chinese.contains("须与工作表“候选集体”中的一致"));
    let english = worksheet_xml(&workbook::template_xlsx(&policy).unwrap());
    assert!(english.contains("a number 0–100"));
    assert!(english.contains("as in sheet 候选集体"));
}

#[test]
fn a_refusal_to_convert_is_said_in_the_clerks_language() {
    // issue 15 §2: `convert`'s refusal, in Chinese for a Chinese clerk.
    let policy = kaoping::load_policy("other.kp", OTHER_POLICY)
        .unwrap()
        .policy;
    let facts = format!("{OTHER_FACTS}note: \"\"\n");
    let facts = policy.load_facts("other.yaml", &facts).unwrap();
    let chinese = kaoping::messages::Language::Chinese;
    match workbook::facts_csv_in(&policy, &facts, chinese) {
        Err(workbook::WorkbookError::Unrepresentable(reason)) => {
            assert!(
                reason.starts_with("`note` 转换后读回的值会不同"),
                "{reason}"
            )
        }
        other => panic!("expected a refusal: {other:?}"),
    }
    match workbook::facts_csv(&policy, &facts) {
        Err(workbook::WorkbookError::Unrepresentable(reason)) => {
            assert!(
                reason.starts_with("`note` would read back differently"),
                "{reason}"
            )
        }
        other => panic!("expected a refusal: {other:?}"),
    }
}
