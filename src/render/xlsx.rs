//! Outcome → an Excel workbook a selection committee opens: one sheet per
//! cohort, then the findings (`发现`) and the policy's readings (`说明`).
//!
//! # Sheets
//!
//! - **One sheet per group**, named with the group's label (`市级`, `县级`),
//!   its name when the enum gives no label, or `全部候选` when the policy does
//!   not group. Candidates are in rank order (facts order among equal ranks),
//!   excluded candidates last. Columns: `名次`, `编号`, `名称`, `状态`
//!   (`入选` / `参评` / `排除` / `撤销`), one column per flag (headed by the
//!   flag's name, since flags carry no label; `是` / `否`), then each
//!   indicator as `label (max)` followed by its items as `label (max)`, and
//!   `总分 (total)`. The header cell of an item whose indicator is `scaled
//!   from` another scale carries a note saying so (the case files: of 15,
//!   scaled 20/30); the header cell of an indicator whose shown items do not
//!   add up to its shown score, for some candidate of the sheet, carries a
//!   note that items are not rounded before the indicator. An item's own
//!   items follow it, headed by their path of labels (`空气质量 › 控制目标
//!   (6)`), so every level shows its subtotal. A policy with `bonus` or
//!   `deduction` blocks adds `基础分 (total)` and one column per block
//!   (`加分 宣传报道加分`, `扣分 通报批评扣分`; points never negative, the
//!   heading says which way they go) before `总分`; a policy that grades
//!   adds `等次` after it. The header row is bold and frozen, together with the
//!   first three columns, and carries an autofilter.
//! - **`发现`**: every candidate finding in facts order, one row each: 编号,
//!   名称, 严重程度, 类别, 内容, 条款, 规则. A quota overrun is listed on each
//!   tied candidate, as in the JSON; the group copy of it is not repeated.
//! - **`说明`**: every `reading` of the policy in source order: 位置, 解读, 依据
//!   (the citations of the same declaration, joined by `；`).
//!
//! # Decimals
//!
//! Scores are exact rationals ([`Number`]); Excel cells are `f64`. Each
//! decimal cell is written as a number parsed from the same fixed-point text
//! the JSON results contract shows ([`Number::to_fixed`] with the places of
//! the policy's rounding, at least two), formatted `0.00` (one `0` per
//! place). A decimal of at most 15 significant digits survives the trip
//! through `f64`: the nearest double to it prints back as the same digits,
//! so the displayed value equals the JSON string exactly, while the cell
//! stays a number a committee can sum and sort. Item scores are exact
//! rationals that may not terminate (`29/3`); like the JSON `score` of an
//! item they are shown to the same places. A score that does not exist (a
//! peer-dependent indicator, or the total, of an excluded candidate) leaves
//! its cell empty.
//!
//! # Determinism
//!
//! The workbook's creation date is fixed ([`CREATED`]) rather than taken from
//! the clock, and `rust_xlsxwriter` writes fixed zip timestamps, so the same
//! outcome always gives byte-identical files. [`xlsx_with`], which `kaoping
//! score` uses, adds a last sheet naming the policy, its version and the day
//! the workbook was produced, a day its caller chooses (`SOURCE_DATE_EPOCH`
//! when set), so that output stays reproducible.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

use super::breakdown::{self, item_at, item_nodes};
use crate::ast::Severity;
use crate::messages::Language;
use crate::number::Number;
use crate::outcome::{FindingKind, GroupOutcome, Outcome, Status};
use crate::policy::Policy;
use crate::tr;

/// The creation date written into every workbook's document properties:
/// midnight UTC, 1 January 2000. Fixed so that rendering is deterministic.
pub const CREATED: (u16, u8, u8) = (2000, 1, 1);

/// The sheet name of an ungrouped policy's single cohort.
const ALL_CANDIDATES: &str = "全部候选";
/// The sheet of findings.
const FINDINGS_SHEET: &str = "发现";
/// The sheet of readings.
const READINGS_SHEET: &str = "说明";

/// Narrowest column, in character widths.
const MIN_WIDTH: usize = 6;
/// Widest column for short values; longer text is not expected there.
const MAX_WIDTH: usize = 40;
/// Widest column for running text (messages, readings), which wraps instead.
const TEXT_WIDTH: usize = 60;

/// Writing the workbook failed inside `rust_xlsxwriter`. With the names and
/// values this renderer produces that should not happen; the cause says what
/// the library refused.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("could not write the Excel workbook")]
#[diagnostic(code(kaoping::render::xlsx))]
pub struct XlsxError(#[from] rust_xlsxwriter::XlsxError);

/// The cell formats shared by every sheet.
struct Formats {
    header: Format,
    decimal: Format,
    wrap: Format,
}

/// A worksheet being filled, with the display width of each column so far.
struct Sheet {
    worksheet: Worksheet,
    widths: Vec<usize>,
    /// Columns of running text: capped at [`TEXT_WIDTH`] and wrapped.
    text_columns: Vec<u16>,
}

impl Sheet {
    fn new(
        name: &str,
        headers: &[String],
        text_columns: Vec<u16>,
        formats: &Formats,
    ) -> Result<Sheet, XlsxError> {
        let mut worksheet = Worksheet::new();
        worksheet.set_name(name)?;
        let mut sheet = Sheet {
            worksheet,
            widths: vec![0; headers.len()],
            text_columns,
        };
        for (column, header) in headers.iter().enumerate() {
            let column = column_index(column);
            sheet
                .worksheet
                .write_string_with_format(0, column, header, &formats.header)?;
            sheet.widen(column, header);
        }
        Ok(sheet)
    }

    fn widen(&mut self, column: u16, text: &str) {
        let width = display_width(text);
        let slot = &mut self.widths[usize::from(column)];
        *slot = (*slot).max(width);
    }

    fn text(
        &mut self,
        row: u32,
        column: u16,
        text: &str,
        formats: &Formats,
    ) -> Result<(), XlsxError> {
        if text.is_empty() {
            return Ok(());
        }
        if self.text_columns.contains(&column) {
            self.worksheet
                .write_string_with_format(row, column, text, &formats.wrap)?;
        } else {
            self.worksheet.write_string(row, column, text)?;
        }
        self.widen(column, text);
        Ok(())
    }

    fn integer(&mut self, row: u32, column: u16, value: u32) -> Result<(), XlsxError> {
        self.worksheet.write_number(row, column, f64::from(value))?;
        self.widen(column, &value.to_string());
        Ok(())
    }

    /// A decimal score as a number whose display equals its fixed-point text;
    /// nothing for a missing score.
    fn decimal(
        &mut self,
        row: u32,
        column: u16,
        number: Option<&Number>,
        places: u32,
        formats: &Formats,
    ) -> Result<(), XlsxError> {
        let Some(number) = number else {
            return Ok(());
        };
        let text = number.to_fixed(places);
        match text.parse::<f64>() {
            Ok(value) => {
                self.worksheet
                    .write_number_with_format(row, column, value, &formats.decimal)?;
            }
            // `to_fixed` always gives decimal text; keep it as text if not.
            Err(_) => {
                self.worksheet.write_string(row, column, &text)?;
            }
        }
        self.widen(column, &text);
        Ok(())
    }

    /// Column widths from the widest cell, frozen header, autofilter.
    /// A note (comment) on the header cell of `column`.
    fn note(&mut self, column: u16, text: &str) -> Result<(), XlsxError> {
        let note = rust_xlsxwriter::Note::new(text)
            .set_author("kaoping")
            .add_author_prefix(false);
        self.worksheet.insert_note(0, column, &note)?;
        Ok(())
    }

    fn finish(mut self, rows: u32, frozen_columns: u16) -> Result<Worksheet, XlsxError> {
        for (column, &width) in self.widths.iter().enumerate() {
            let column = column_index(column);
            let cap = if self.text_columns.contains(&column) {
                TEXT_WIDTH
            } else {
                MAX_WIDTH
            };
            let width = (width + 2).clamp(MIN_WIDTH, cap);
            self.worksheet.set_column_width(column, width as f64)?;
        }
        self.worksheet.set_freeze_panes(1, frozen_columns)?;
        if !self.widths.is_empty() {
            let last = column_index(self.widths.len() - 1);
            self.worksheet.autofilter(0, 0, rows.max(1), last)?;
        }
        Ok(self.worksheet)
    }
}

/// The workbook of an outcome: a sheet per cohort, then `发现` and `说明`,
/// as the module documentation describes. Deterministic: the same policy
/// and outcome give the same bytes.
pub fn xlsx(policy: &Policy, outcome: &Outcome) -> Result<Vec<u8>, XlsxError> {
    write(policy, outcome, None)
}

/// What a workbook for a committee says about itself: the language of the
/// policy sheet, and the day it was produced.
#[derive(Clone, Copy, Debug)]
pub struct XlsxOptions {
    /// The language of the policy sheet's name and words.
    pub language: Language,
    /// The production date, `(year, month, day)`: see [`date_from_epoch`].
    pub produced: (u16, u8, u8),
}

/// [`xlsx`] naming the policy, its version and the day it was produced
/// (issue 15 §2): a last sheet (`考评办法` / `Policy`) lists the policy's
/// title, id, version, effective date, source document and the production
/// date, and the document properties carry them too (the creation date is
/// the production date). The other sheets are as [`xlsx`] writes them.
pub fn xlsx_with(
    policy: &Policy,
    outcome: &Outcome,
    options: XlsxOptions,
) -> Result<Vec<u8>, XlsxError> {
    write(policy, outcome, Some(options))
}

/// The calendar day (UTC) `seconds` after 1970-01-01, by the civil-from-days
/// algorithm: for `SOURCE_DATE_EPOCH`, the reproducible-builds convention,
/// or the clock. Days before 1900 or after 9999 are clamped to them, since
/// Excel holds no others.
pub fn date_from_epoch(seconds: i64) -> (u16, u8, u8) {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    match year {
        ..1900 => (1900, 1, 1),
        10_000.. => (9999, 12, 31),
        _ => (year as u16, month as u8, day as u8),
    }
}

fn write(
    policy: &Policy,
    outcome: &Outcome,
    options: Option<XlsxOptions>,
) -> Result<Vec<u8>, XlsxError> {
    let places = super::places(policy);
    let formats = Formats {
        header: Format::new().set_bold().set_align(FormatAlign::Center),
        decimal: Format::new().set_num_format(decimal_format(places)),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    };

    let mut workbook = Workbook::new();
    let (year, month, day) = options.map_or(CREATED, |options| options.produced);
    let created = ExcelDateTime::from_ymd(year, month, day)?.and_hms(0, 0, 0)?;
    let mut properties = DocProperties::new().set_creation_datetime(&created);
    if let Some(title) = &outcome.title {
        properties = properties.set_title(title);
    }
    if let Some(version) = &outcome.version {
        properties = properties.set_subject(format!("{} {version}", outcome.policy_id));
    } else {
        properties = properties.set_subject(&outcome.policy_id);
    }
    if let Some(options) = options {
        let language = options.language;
        properties = properties
            .set_keywords(outcome.policy_id.as_str())
            .set_comment(tr!(
                language,
                "report-xlsx-comment",
                policy = outcome.policy_id.as_str(),
                version = outcome.version.as_deref().unwrap_or("—"),
                date = format!("{year:04}-{month:02}-{day:02}")
            ));
    }
    workbook.set_properties(&properties);

    let mut used = vec![FINDINGS_SHEET.to_lowercase(), READINGS_SHEET.to_lowercase()];
    if let Some(options) = options {
        used.push(tr!(options.language, "report-xlsx-policy-sheet").to_lowercase());
    }
    for group in &outcome.groups {
        let name = unique_sheet_name(&group_sheet_name(group), &mut used);
        workbook.push_worksheet(cohort_sheet(
            &name, policy, outcome, group, places, &formats,
        )?);
    }
    workbook.push_worksheet(findings_sheet(outcome, &formats)?);
    workbook.push_worksheet(readings_sheet(policy, &formats)?);
    if let Some(options) = options {
        workbook.push_worksheet(policy_sheet(policy, options, &formats)?);
    }
    Ok(workbook.save_to_buffer()?)
}

/// The sheet that names the policy and the day the workbook was produced.
fn policy_sheet(
    policy: &Policy,
    options: XlsxOptions,
    formats: &Formats,
) -> Result<Worksheet, XlsxError> {
    let language = options.language;
    let header = &policy.header;
    let (year, month, day) = options.produced;
    let headers = [
        tr!(language, "report-xlsx-item"),
        tr!(language, "report-xlsx-value"),
    ];
    let name = tr!(language, "report-xlsx-policy-sheet");
    let mut sheet = Sheet::new(&name, &headers, vec![1], formats)?;
    let rows = [
        (tr!(language, "report-xlsx-title"), header.title.clone()),
        (tr!(language, "report-xlsx-id"), Some(header.id.clone())),
        (tr!(language, "report-xlsx-version"), header.version.clone()),
        (
            tr!(language, "report-xlsx-effective"),
            header.effective.clone(),
        ),
        (tr!(language, "report-xlsx-source"), header.source.clone()),
        (
            tr!(language, "report-xlsx-produced"),
            Some(format!("{year:04}-{month:02}-{day:02}")),
        ),
    ];
    let mut row = 0;
    for (what, value) in rows {
        let Some(value) = value else { continue };
        row += 1;
        sheet.text(row, 0, &what, formats)?;
        sheet.text(row, 1, &value, formats)?;
    }
    sheet.finish(row, 1)
}

fn cohort_sheet(
    name: &str,
    policy: &Policy,
    outcome: &Outcome,
    group: &GroupOutcome,
    places: u32,
    formats: &Formats,
) -> Result<Worksheet, XlsxError> {
    let flags = flag_names(policy, outcome);
    let adjustments = breakdown::shows_adjustments(outcome);
    let columns = breakdown::adjustment_columns(outcome);
    let grades = breakdown::shows_grades(outcome);
    let mut headers: Vec<String> = ["名次", "编号", "名称", "状态"].map(String::from).to_vec();
    headers.extend(flags.iter().cloned());
    for indicator in &policy.indicators {
        headers.push(labelled(
            indicator.label.as_deref(),
            &indicator.name,
            &indicator.max,
        ));
        for node in item_nodes(indicator) {
            headers.push(item_heading(indicator, &node.path));
        }
    }
    if adjustments {
        headers.push(format!("基础分 ({})", policy.header.total));
        headers.extend(columns.iter().map(|column| column.heading()));
    }
    headers.push(format!("总分 ({})", policy.header.total));
    if grades {
        headers.push("等次".to_string());
    }
    let mut sheet = Sheet::new(name, &headers, Vec::new(), formats)?;

    let members = super::members(outcome, group);

    // Notes on the header cells, so the data range stays one row per
    // candidate: an item of a scaled indicator (or item) says which scale
    // it is on, and an indicator whose shown items do not add up to it says why.
    let mut column = 4 + flags.len() as u16;
    for indicator in &policy.indicators {
        let scale = super::scale_of(policy, &indicator.name);
        let uneven = members.iter().any(|candidate| {
            candidate
                .indicator(&indicator.name)
                .is_some_and(|scored| !super::items_add_up(scored, scale.as_ref(), places))
        });
        if uneven {
            sheet.note(column, super::ITEMS_NOT_ROUNDED)?;
        }
        column += 1;
        for node in item_nodes(indicator) {
            let parent = node.parent;
            if let Some(basis) = &parent.scaled_from {
                let max = &parent.max;
                let item = node.item;
                let label = parent.label.as_deref().unwrap_or(&parent.name);
                let scale = (max.clone(), basis.clone());
                sheet.note(
                    column,
                    &format!(
                        "满分 {}，为评价方法 {basis} 分制下的分值；各分项之和 × {max} ÷ {basis} 计入「{label}」 {} (the method's {basis}-point scale) into the indicator",
                        item.max,
                        super::item_scale_words(&item.max, Some(&scale)),
                    ),
                )?;
            }
            column += 1;
        }
    }

    let mut row = 0;
    for candidate in members {
        row += 1;
        if let Some(rank) = candidate.rank {
            sheet.integer(row, 0, rank)?;
        }
        sheet.text(row, 1, &candidate.id, formats)?;
        sheet.text(row, 2, candidate.name.as_deref().unwrap_or(""), formats)?;
        sheet.text(row, 3, status_label(candidate.status), formats)?;
        let mut column: u16 = 4;
        for flag in &flags {
            let on = candidate
                .flags
                .iter()
                .any(|(name, value)| name == flag && *value);
            sheet.text(row, column, if on { "是" } else { "否" }, formats)?;
            column += 1;
        }
        for indicator in &policy.indicators {
            let scored = candidate.indicator(&indicator.name);
            sheet.decimal(
                row,
                column,
                scored.and_then(|s| s.score.as_ref()),
                places,
                formats,
            )?;
            column += 1;
            for node in item_nodes(indicator) {
                let item_score = scored
                    .and_then(|s| item_at(s, &node.path))
                    .map(|i| &i.score);
                sheet.decimal(row, column, item_score, places, formats)?;
                column += 1;
            }
        }
        if adjustments {
            sheet.decimal(row, column, candidate.base.as_ref(), places, formats)?;
            column += 1;
            for adjustment_column in &columns {
                let points =
                    breakdown::adjustment(candidate, &adjustment_column.name).map(|a| &a.points);
                sheet.decimal(row, column, points, places, formats)?;
                column += 1;
            }
        }
        sheet.decimal(row, column, candidate.total.as_ref(), places, formats)?;
        if grades {
            if let Some(grade) = &candidate.grade {
                sheet.text(row, column + 1, &breakdown::grade_cell(grade), formats)?;
            }
        }
    }
    sheet.finish(row, 3)
}

/// An item's column heading: `label (max)` for an indicator's own item; an
/// item further down is headed by the labels of its path below the
/// indicator, so that `控制目标` under two parents is told apart.
fn item_heading(indicator: &crate::policy::Indicator, path: &[&str]) -> String {
    let mut labels = Vec::new();
    let mut level = indicator;
    for name in path {
        match level.items.iter().find(|item| item.name == *name) {
            Some(item) => {
                labels.push(item.label.as_deref().unwrap_or(&item.name));
                level = item;
            }
            None => break,
        }
    }
    format!("{} ({})", labels.join(" › "), level.max)
}

fn findings_sheet(outcome: &Outcome, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let headers = ["编号", "名称", "严重程度", "类别", "内容", "条款", "规则"].map(String::from);
    let mut sheet = Sheet::new(FINDINGS_SHEET, &headers, vec![4], formats)?;
    let mut row = 0;
    for candidate in &outcome.candidates {
        for finding in &candidate.findings {
            row += 1;
            sheet.text(row, 0, &candidate.id, formats)?;
            sheet.text(row, 1, candidate.name.as_deref().unwrap_or(""), formats)?;
            sheet.text(row, 2, severity_label(finding.severity), formats)?;
            sheet.text(row, 3, kind_label(&finding.kind), formats)?;
            sheet.text(row, 4, &finding.message, formats)?;
            sheet.text(row, 5, finding.clause.as_deref().unwrap_or(""), formats)?;
            sheet.text(row, 6, &super::finding_rule(finding), formats)?;
        }
    }
    sheet.finish(row, 2)
}

fn readings_sheet(policy: &Policy, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let headers = ["位置", "解读", "依据"].map(String::from);
    let mut sheet = Sheet::new(READINGS_SHEET, &headers, vec![1], formats)?;
    let mut row = 0;
    for reading in &policy.readings {
        row += 1;
        sheet.text(row, 0, &super::markdown::reading_place(reading), formats)?;
        sheet.text(row, 1, &reading.text, formats)?;
        sheet.text(row, 2, &reading.cites.join("；"), formats)?;
    }
    sheet.finish(row, 1)
}

/// The flags of the policy's `flag` rules, once each in declaration order,
/// and any others the outcome carries.
fn flag_names(policy: &Policy, outcome: &Outcome) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let declared = policy.flags.iter().filter_map(|rule| rule.flag.as_ref());
    let carried = outcome
        .candidates
        .iter()
        .flat_map(|c| c.flags.iter().map(|(name, _)| name));
    for name in declared.chain(carried) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

fn labelled(label: Option<&str>, name: &str, max: &Number) -> String {
    format!("{} ({max})", label.unwrap_or(name))
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Selected => "入选",
        Status::Ranked => "参评",
        Status::Excluded => "排除",
        Status::Revoked => "撤销",
        Status::Scored => "已评分",
    }
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn kind_label(kind: &FindingKind) -> &'static str {
    match kind {
        FindingKind::Exclusion => "排除",
        FindingKind::Zeroed => "该项零分",
        FindingKind::Finding => "发现",
        FindingKind::QuotaOverrun => "超出名额",
        FindingKind::Revocation => "撤销",
        FindingKind::GradeForced => "等次否决",
        FindingKind::GradeCapped => "等次限定",
    }
}

/// `0.00` with one `0` per decimal place.
fn decimal_format(places: u32) -> String {
    if places == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(places as usize))
    }
}

fn group_sheet_name(group: &GroupOutcome) -> String {
    if group.name.is_empty() {
        ALL_CANDIDATES.to_string()
    } else {
        group.label.clone().unwrap_or_else(|| group.name.clone())
    }
}

/// A valid Excel sheet name close to `wanted`, not yet in `used` (which it
/// joins, lowercased): the characters `[]:*?/\` become `_`, apostrophes at
/// either end go, "History" is reserved, and the name fits 31 UTF-16 units.
fn unique_sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let mut base = cleaned.trim_matches('\'').to_string();
    if base.is_empty() {
        base = "组".to_string();
    }
    if base.eq_ignore_ascii_case("history") {
        base.push('_');
    }
    let mut attempt = 1;
    loop {
        let suffix = if attempt == 1 {
            String::new()
        } else {
            format!(" ({attempt})")
        };
        let name = format!("{}{suffix}", truncate_utf16(&base, 31 - suffix.len()));
        if !used.contains(&name.to_lowercase()) {
            used.push(name.to_lowercase());
            return name;
        }
        attempt += 1;
    }
}

fn truncate_utf16(text: &str, limit: usize) -> &str {
    let mut units = 0;
    for (index, c) in text.char_indices() {
        units += c.len_utf16();
        if units > limit {
            return &text[..index];
        }
    }
    text
}

/// Width in character cells: East Asian wide and fullwidth characters count two.
fn display_width(text: &str) -> usize {
    text.lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

fn column_index(column: usize) -> u16 {
    u16::try_from(column).expect("a policy has far fewer columns than Excel's 16384")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_give_the_calendar_day() {
        assert_eq!(date_from_epoch(0), (1970, 1, 1));
        assert_eq!(date_from_epoch(951_782_400), (2000, 2, 29));
        assert_eq!(date_from_epoch(1_796_256_000 - 1), (2026, 12, 2));
        assert_eq!(date_from_epoch(-86_400), (1969, 12, 31));
        assert_eq!(date_from_epoch(i64::MIN / 2), (1900, 1, 1));
        assert_eq!(date_from_epoch(i64::MAX / 2), (9999, 12, 31));
    }

    #[test]
    fn cjk_counts_double() {
        assert_eq!(display_width("总分 (100)"), 10);
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("（一）"), 6);
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = vec!["发现".to_string()];
        assert_eq!(unique_sheet_name("发现", &mut used), "发现 (2)");
        assert_eq!(unique_sheet_name("a/b", &mut used), "a_b");
        assert_eq!(unique_sheet_name("A_B", &mut used), "A_B (2)");
        assert_eq!(unique_sheet_name("'x'", &mut used), "x");
        assert_eq!(unique_sheet_name("History", &mut used), "History_");
        let long = "长".repeat(40);
        let name = unique_sheet_name(&long, &mut used);
        assert_eq!(name.encode_utf16().count(), 31);
        let again = unique_sheet_name(&long, &mut used);
        assert_eq!(again.encode_utf16().count(), 31);
        assert!(again.ends_with(" (2)"));
    }

    #[test]
    fn decimal_formats() {
        assert_eq!(decimal_format(2), "0.00");
        assert_eq!(decimal_format(3), "0.000");
    }
}
