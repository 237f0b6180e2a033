//! `extends`: a policy built on another by overriding parameters, replacing
//! or removing indicators and items, and adding rules (issue 4, part 1).
//!
//! Outcome tests evaluate the shipped what-if `examples/what-if/weights-2020.kp`
//! beside the 2019 policy it extends, with expected values worked out by hand
//! from spec Part A. Diagnostic tests use small in-memory chains through
//! `load_policy_with`, and snapshot the rendering, which shows both files.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use kaoping::diagnostic::{Level, Report};
use miette::{GraphicalReportHandler, GraphicalTheme};

const WHAT_IF: &str = "examples/what-if/weights-2020.kp";

fn what_if_policy() -> kaoping::Policy {
    load(WHAT_IF)
}

/// Evaluates one candidate alone under the 2019 policy and under the what-if.
fn both(candidate: Collective) -> (kaoping::CandidateOutcome, kaoping::CandidateOutcome) {
    let id = candidate.id.clone();
    let yaml = CollectiveFacts::of(vec![candidate]).yaml();
    let old = evaluate_text(&collective_policy(), &yaml);
    let new = evaluate_text(&what_if_policy(), &yaml);
    (cand(&old, &id).clone(), cand(&new, &id).clone())
}

#[test]
fn the_header_is_the_childs_and_the_chain_names_the_parent() {
    let policy = what_if_policy();
    assert_eq!(policy.header.id, "jiangxi_2020_weights_what_if");
    assert_eq!(policy.header.version.as_deref(), Some("2020.what-if.1"));
    assert_eq!(policy.header.effective.as_deref(), Some("2020-01-01"));
    // The child leaves out total and rounding: both are inherited.
    assert_eq!(policy.header.total, dec("100"));
    assert_eq!(policy.header.rounding.map(|(places, _)| places), Some(2));
    // The source, which reports print under the title, is its own: one it
    // left to its parent would be warned about (issue 15 §4).
    assert_eq!(
        policy.header.source.as_deref(),
        Some("赣环执法〔2019〕2号 附1 表现突出集体评选细则（试算，未发文）")
    );
    let chain: Vec<_> = policy
        .ancestors
        .iter()
        .map(|a| (a.id.as_str(), a.version.as_deref(), a.source_name.as_str()))
        .collect();
    assert_eq!(
        chain,
        [(
            "jiangxi_2019_collective",
            Some("2019.1"),
            "policies/jiangxi-2019/collective.kp"
        )]
    );
}

#[test]
fn overridden_weights_change_the_maxima_and_keep_the_order() {
    let maxima: Vec<_> = what_if_policy()
        .indicators
        .iter()
        .map(|i| format!("{} {}", i.name, i.max))
        .collect();
    assert_eq!(
        maxima,
        [
            "supervision 25",
            "team 20",
            "case_files 25",
            "daily 20",
            "satisfaction 10"
        ]
    );
}

#[test]
fn supervision_is_capped_at_the_new_weight() {
    // 附1 一(二): seven actions at 5 points earn 35, capped at 30 in 2019;
    // the what-if caps at 25. Total = supervision + satisfaction 10 (alone).
    let (old, new) = both(Collective::city("a").commend_actions(7, "5"));
    assert_eq!(score(&old, "supervision"), "30.00");
    assert_eq!(total(&old), "40.00");
    assert_eq!(score(&new, "supervision"), "25.00");
    assert_eq!(total(&new), "35.00");
}

#[test]
fn case_files_are_scaled_to_the_new_weight() {
    // 附1 三(三): city files all at 90. Recommended 15 × (5 × 90) ÷ 5 ÷ 100
    // = 13.5; random 15 × (4 × 90) ÷ 4 ÷ 100 = 13.5; 27 of 30 points.
    // 2019 scales to 20: 27 × 20 ÷ 30 = 18.00; the what-if to 25: 22.50.
    let mut a = Collective::city("a");
    a.recommended = full_files("city", "recommended", "90");
    a.random = full_files("city", "random", "90");
    let (old, new) = both(a);
    assert_eq!(score(&old, "case_files"), "18.00");
    assert_eq!(score(&new, "case_files"), "22.50");
    assert_eq!(total(&new), "32.50");
}

#[test]
fn the_what_if_checks_cleanly_apart_from_the_inherited_unused_inputs() {
    let text = std::fs::read_to_string(WHAT_IF).expect("the what-if is shipped");
    let checked = kaoping::load_policy(WHAT_IF, &text).expect("the what-if checks");
    for warning in checked.warnings.warnings() {
        assert_eq!(warning.code, "kaoping::check::unused_input");
        let location = checked.warnings.locate(warning.span.start);
        assert_eq!(location.file, "policies/jiangxi-2019/collective.kp");
    }
}

// ───────────────────────────────────────────── in-memory chains

const BASE: &str = r#"policy base {
  title "基础"
  version "1"
  total 10
}
input {
  candidates: list of { id: text, name: text, votes: int[0..], bonus: int[0..3] } key id
}
param weight = 10 cite "基础 一"
param bonus_cap = 3
indicator satisfaction "满意度" max weight {
  item votes "得票" max 7 {
    score 7 * (peers.count() - peers.rank_desc(votes) + 1) / peers.count()
  }
  item bonus "加分" max 3 {
    score candidate.bonus cap bonus_cap
  }
}
rank by total, satisfaction
select 1
"#;

/// Loads `child.kp` from the given in-memory files, as `load_policy_with` reads them.
fn load_chain(files: &[(&str, &str)]) -> Result<kaoping::Checked, Report> {
    let files: BTreeMap<&str, &str> = files.iter().copied().collect();
    let read = |path: &Path| -> std::io::Result<String> {
        let key = path.to_str().unwrap_or_default();
        files
            .get(key)
            .map(|text| text.to_string())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    };
    let child = files["dir/child.kp"];
    kaoping::load_policy_with("dir/child.kp", child, &read)
}

fn render(report: &Report) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::none()).with_width(100);
    let mut text = String::new();
    for diagnostic in report.diagnostics() {
        handler
            .render_report(&mut text, &diagnostic)
            .expect("rendering into a String cannot fail");
        text.push('\n');
    }
    text
}

fn errors_of(result: Result<kaoping::Checked, Report>) -> Report {
    match result {
        Ok(_) => panic!("expected the chain to be rejected"),
        Err(report) => report,
    }
}

fn codes(report: &Report) -> Vec<&str> {
    report
        .problems
        .iter()
        .filter(|p| p.level == Level::Error)
        .map(|p| p.code)
        .collect()
}

const FACTS: &str = "candidates:
  - { id: a, name: 甲, votes: 30, bonus: 2 }
  - { id: b, name: 乙, votes: 10, bonus: 3 }
";

#[test]
fn an_item_override_and_an_added_rule_apply_in_place() {
    let child = r#"policy child {
  extends "../base/base.kp"
  version "2"
}
override item satisfaction.bonus "加分" max 3 {
  score 3 - candidate.bonus
}
finding info when candidate.votes == 0 "零票"
"#;
    let checked = load_chain(&[("base/base.kp", BASE), ("dir/child.kp", child)])
        .unwrap_or_else(|report| panic!("{}", render(&report)));
    let policy = &checked.policy;
    assert_eq!(
        policy.header.title.as_deref(),
        Some("基础"),
        "title inherited"
    );
    assert_eq!(policy.findings.len(), 1, "the added finding");
    let facts = policy.load_facts("facts.yaml", FACTS).expect("valid facts");
    let outcome = policy.evaluate(&facts).expect("evaluates");
    // Votes: a is 1st of 2 → 7 × 2 ÷ 2 = 7; b is 2nd → 7 × 1 ÷ 2 = 3.5.
    // Bonus replaced by 3 − bonus: a 1, b 0. Totals a 8.00, b 3.50.
    assert_eq!(total(cand(&outcome, "a")), "8.00");
    assert_eq!(total(cand(&outcome, "b")), "3.50");
}

#[test]
fn removing_an_item_and_overriding_the_weight_keeps_the_sums_checked() {
    // Removing the 3-point bonus leaves items adding to 7, so the indicator
    // must become 7 and the total 7: the checker checks the merged policy.
    let child = r#"policy child {
  extends "../base/base.kp"
  title "子"
  total 7
}
remove item satisfaction.bonus
override param weight = 7
"#;
    let checked = load_chain(&[("base/base.kp", BASE), ("dir/child.kp", child)])
        .unwrap_or_else(|report| panic!("{}", render(&report)));
    let warnings: Vec<_> = checked
        .warnings
        .problems
        .iter()
        .map(|p| &p.message)
        .collect();
    assert_eq!(
        warnings,
        [
            "input field `candidates.bonus` is never used",
            "parameter `bonus_cap` is never used"
        ],
        "the removed item was the only reader of `bonus` and of `bonus_cap`"
    );
    // The parameter is the parent's: the warning points into the file that
    // declares it.
    let unused = &checked.warnings.problems[1];
    assert_eq!(
        checked.warnings.locate(unused.span.start).file,
        "base/base.kp"
    );

    let forgot_total = r#"policy child {
  extends "../base/base.kp"
}
remove item satisfaction.bonus
"#;
    let report = errors_of(load_chain(&[
        ("base/base.kp", BASE),
        ("dir/child.kp", forgot_total),
    ]));
    assert!(
        codes(&report).contains(&"kaoping::check::item_sum"),
        "{:?}",
        codes(&report)
    );
}

#[test]
fn overriding_what_the_parent_lacks_points_at_both_files() {
    let child = r#"policy child {
  extends "../base/base.kp"
  title "子"
}
override param wieght = 8
override indicator nothing "无" max 1 { score 0 }
override item satisfaction.vote "得票" max 7 { score 0 }
remove indicator satisfacton
"#;
    let report = errors_of(load_chain(&[
        ("base/base.kp", BASE),
        ("dir/child.kp", child),
    ]));
    assert_eq!(codes(&report), ["kaoping::extends::nothing_to_override"; 4]);
    let first = &report.problems[0];
    assert_eq!(first.help.as_deref(), Some("did you mean `weight`?"));
    // The related place is the parent's header, in the parent's file.
    let (related, _) = first.related[0];
    assert_eq!(report.locate(related.start).file, "base/base.kp");
    assert_eq!(report.locate(first.span.start).file, "dir/child.kp");
    insta::assert_snapshot!(render(&report));
}

#[test]
fn redeclaring_or_changing_twice_is_an_error() {
    let child = r#"policy child {
  extends "../base/base.kp"
}
param weight = 8
override param bonus_cap = 2
remove item satisfaction.bonus
override item satisfaction.bonus "加分" max 3 { score 0 }
override param bonus_cap = 1
rank by total
"#;
    let report = errors_of(load_chain(&[
        ("base/base.kp", BASE),
        ("dir/child.kp", child),
    ]));
    assert_eq!(
        codes(&report),
        [
            "kaoping::extends::redeclared",
            // The removal stands, so the items no longer add up to 10; the
            // error is the removal's, at its line.
            "kaoping::check::item_sum",
            "kaoping::extends::changed_twice",
            "kaoping::extends::changed_twice",
            "kaoping::extends::redeclared",
        ]
    );
    insta::assert_snapshot!(render(&report));
}

#[test]
fn override_without_extends_is_an_error() {
    let report = errors_of(load_chain(&[(
        "dir/child.kp",
        &BASE.replace("param bonus_cap = 3", "override param bonus_cap = 3"),
    )]));
    assert_eq!(codes(&report), ["kaoping::check::nothing_inherited"]);
}

#[test]
fn a_missing_parent_a_cycle_and_a_broken_parent_are_reported_at_the_extends() {
    let missing = "policy child {\n  extends \"nowhere.kp\"\n}\n";
    let report = errors_of(load_chain(&[("dir/child.kp", missing)]));
    assert_eq!(codes(&report), ["kaoping::extends::unreadable"]);
    assert!(report.problems[0].message.contains("`dir/nowhere.kp`"));

    let looping = "policy child {\n  extends \"../other/parent.kp\"\n}\n";
    let parent = "policy parent {\n  extends \"../dir/child.kp\"\n}\n";
    let report = errors_of(load_chain(&[
        ("dir/child.kp", looping),
        ("other/parent.kp", parent),
    ]));
    assert_eq!(codes(&report), ["kaoping::extends::cycle"]);
    assert_eq!(
        report.locate(report.problems[0].span.start).file,
        "other/parent.kp"
    );

    let broken = "policy parent {\n  total 10\n}\nparam = 3\n";
    let report = errors_of(load_chain(&[
        (
            "dir/child.kp",
            "policy child {\n  extends \"parent.kp\"\n}\n",
        ),
        ("dir/parent.kp", broken),
    ]));
    assert_eq!(codes(&report), ["kaoping::syntax"]);
    let location = report.locate(report.problems[0].span.start);
    assert_eq!((location.file, location.line), ("dir/parent.kp", 4));
    insta::assert_snapshot!(render(&report));
}

#[test]
fn a_grandparent_is_merged_before_the_parent() {
    // The parent doubles the bonus cap's effect by overriding it; the child
    // then overrides the parent's override: the child's value wins.
    let parent = r#"policy parent {
  extends "../base/base.kp"
  version "2"
}
override param bonus_cap = 2
"#;
    let child = r#"policy child {
  extends "../mid/parent.kp"
  version "3"
}
override param bonus_cap = 1
"#;
    let checked = load_chain(&[
        ("base/base.kp", BASE),
        ("mid/parent.kp", parent),
        ("dir/child.kp", child),
    ])
    .unwrap_or_else(|report| panic!("{}", render(&report)));
    let ids: Vec<_> = checked
        .policy
        .ancestors
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(ids, ["parent", "base"], "nearest first");
    let facts = checked
        .policy
        .load_facts("facts.yaml", FACTS)
        .expect("valid");
    let outcome = checked.policy.evaluate(&facts).expect("evaluates");
    // b: votes 3.5 + bonus min(3, 1) = 4.5.
    assert_eq!(total(cand(&outcome, "b")), "4.50");
}

#[test]
fn a_record_override_gives_candidates_a_new_fact() {
    let base = r#"policy base {
  total 10
}
record Candidate { id: text, name: text, votes: int[0..] }
input { candidates: list of Candidate key id }
indicator satisfaction "满意度" max 10 {
  score 10 * (peers.count() - peers.rank_desc(votes) + 1) / peers.count()
}
rank by total
select 1
"#;
    let child = r#"policy child {
  extends "../base/base.kp"
}
override record Candidate { id: text, name: text, votes: int[0..], veto: bool = false }
exclude when candidate.veto "一票否决"
"#;
    let checked = load_chain(&[("base/base.kp", base), ("dir/child.kp", child)])
        .unwrap_or_else(|report| panic!("{}", render(&report)));
    let facts = "candidates:
  - { id: a, name: 甲, votes: 30, veto: true }
  - { id: b, name: 乙, votes: 10 }
";
    let facts = checked
        .policy
        .load_facts("facts.yaml", facts)
        .expect("valid");
    let outcome = checked.policy.evaluate(&facts).expect("evaluates");
    // a is excluded by the new rule, so b is alone: 10 × (1 − 1 + 1) ÷ 1 = 10.
    assert_eq!(cand(&outcome, "a").status, kaoping::Status::Excluded);
    assert_eq!(total(cand(&outcome, "b")), "10.00");

    let unknown = child.replace("override record Candidate", "override record Candidat");
    let report = errors_of(load_chain(&[
        ("base/base.kp", base),
        ("dir/child.kp", &unknown),
    ]));
    assert_eq!(
        report.problems[0].code,
        "kaoping::extends::nothing_to_override"
    );
    assert_eq!(
        report.problems[0].help.as_deref(),
        Some("did you mean `Candidate`?")
    );
}

/// A fresh folder for one test, removed first if a previous run left it.
fn scratch(name: &str) -> std::path::PathBuf {
    let folder =
        std::env::temp_dir().join(format!("kaoping-extends-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

fn child_extending(path: &str) -> String {
    format!("policy child {{\n  extends \"{path}\"\n}}\n")
}

#[test]
fn an_absolute_path_or_a_file_that_is_not_kp_is_refused_before_reading() {
    // Issue 13, 5: `extends "/etc/passwd"` printed the file's first lines.
    let asked = std::cell::Cell::new(0);
    let read = |_: &Path| -> std::io::Result<String> {
        asked.set(asked.get() + 1);
        Ok("root:x:0:0:secret".into())
    };
    for (path, code) in [
        ("/etc/passwd", "kaoping::extends::absolute_path"),
        ("/srv/policies/base.kp", "kaoping::extends::absolute_path"),
        ("../../etc/passwd", "kaoping::extends::not_a_policy"),
        ("base.yaml", "kaoping::extends::not_a_policy"),
    ] {
        let report = errors_of(kaoping::load_policy_with(
            "dir/child.kp",
            &child_extending(path),
            &read,
        ));
        assert_eq!(codes(&report), [code], "{path}");
        assert!(!render(&report).contains("secret"), "{path}");
    }
    assert_eq!(asked.get(), 0, "nothing is read");
}

#[test]
fn a_program_reader_is_never_asked_for_a_path_above_its_root() {
    let asked = std::cell::Cell::new(0);
    let read = |_: &Path| -> std::io::Result<String> {
        asked.set(asked.get() + 1);
        Ok(BASE.into())
    };
    // dir/../../secret.kp climbs one folder above the reader's root.
    let report = errors_of(kaoping::load_policy_with(
        "dir/child.kp",
        &child_extending("../../secret.kp"),
        &read,
    ));
    assert_eq!(codes(&report), ["kaoping::extends::outside_root"]);
    assert_eq!(asked.get(), 0);
    assert!(report.problems[0]
        .help
        .as_deref()
        .unwrap()
        .contains("--root"));

    // Named from an absolute place, every parent is absolute: `/srv/p/base.kp`
    // joined to the reader's root would be read as `/srv/p/base.kp` itself.
    for extends in ["base.kp", "../../../etc/x.kp"] {
        let report = errors_of(kaoping::load_policy_with(
            "/srv/p/child.kp",
            &child_extending(extends),
            &read,
        ));
        assert_eq!(
            codes(&report),
            ["kaoping::extends::outside_root"],
            "{extends}"
        );
    }
    assert_eq!(asked.get(), 0);
}

#[test]
fn a_kp_file_that_is_not_a_policy_is_named_without_quoting_it() {
    let read = |_: &Path| -> std::io::Result<String> { Ok("root:x:0:0:secret\n".into()) };
    let report = errors_of(kaoping::load_policy_with(
        "dir/child.kp",
        &child_extending("notes.kp"),
        &read,
    ));
    assert_eq!(codes(&report), ["kaoping::extends::not_a_policy"]);
    let rendered = render(&report);
    assert!(
        rendered.contains("`dir/notes.kp` is not a kaoping policy"),
        "{rendered}"
    );
    assert!(!rendered.contains("secret"), "{rendered}");
    // A real policy with a syntax error is still shown, comments first or not.
    let broken = "// 2020 年\n/* 草稿 */\npolicy parent {\n  total 10\n}\nparam = 3\n";
    let read = |_: &Path| -> std::io::Result<String> { Ok(broken.into()) };
    let report = errors_of(kaoping::load_policy_with(
        "dir/child.kp",
        &child_extending("parent.kp"),
        &read,
    ));
    assert_eq!(codes(&report), ["kaoping::syntax"]);
}

#[test]
fn on_the_file_system_a_chain_stays_inside_its_root() {
    let folder = scratch("root");
    let root = folder.join("root");
    std::fs::create_dir_all(root.join("2020")).unwrap();
    std::fs::create_dir_all(folder.join("elsewhere")).unwrap();
    std::fs::write(folder.join("elsewhere/base.kp"), BASE).unwrap();
    std::fs::write(root.join("base.kp"), BASE).unwrap();
    let child_path = root.join("2020/child.kp");
    let name = child_path.display().to_string();

    // Inside the root: read as before.
    let inside = child_extending("../base.kp");
    kaoping::load_policy_in(&root, &name, &inside)
        .unwrap_or_else(|report| panic!("{}", render(&report)));

    // Out of it by `..`: refused, and allowed once the root is widened.
    let outside = child_extending("../../elsewhere/base.kp");
    let report = errors_of(kaoping::load_policy_in(&root, &name, &outside));
    assert_eq!(codes(&report), ["kaoping::extends::outside_root"]);
    kaoping::load_policy_in(&folder, &name, &outside)
        .unwrap_or_else(|report| panic!("{}", render(&report)));

    // Out of it through a symbolic link inside the root: refused as well.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(folder.join("elsewhere/base.kp"), root.join("link.kp")).unwrap();
        let linked = child_extending("../link.kp");
        let report = errors_of(kaoping::load_policy_in(&root, &name, &linked));
        assert_eq!(codes(&report), ["kaoping::extends::outside_root"]);
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

// ───────────────────────────── issue 14: items at any depth, grades, bonus and deductions
//
// Merged as syntax trees (`inheritance::resolve`), which is all `extends`
// does; the checker then sees the merged tree as one policy.

/// `tests/data/extends/NAME` merged with the policies it extends, and the
/// report of the merge's problems.
fn merged(name: &str) -> (Option<kaoping::ast::PolicyFile>, Report) {
    let path = format!("tests/data/extends/{name}");
    let text = std::fs::read_to_string(&path).expect("the test policy exists");
    let file = kaoping::syntax::parse(&text).unwrap_or_else(|problem| panic!("{problem:?}"));
    let read = |path: &Path| std::fs::read_to_string(path);
    let inherited = kaoping::inheritance::resolve(file, &path, &text, &read);
    let report = Report::new(&path, &text, inherited.problems).with_inherited(inherited.sources);
    (inherited.file, report)
}

fn item_names(items: &[kaoping::ast::Indicator]) -> Vec<&str> {
    items.iter().map(|item| item.name.text.as_str()).collect()
}

#[test]
fn nested_items_grades_and_adjustments_are_changed_in_place() {
    use kaoping::ast::{Declaration, ExpressionKind, PointsBasis, Statement};
    let (file, report) = merged("environment-2019.kp");
    assert!(report.problems.is_empty(), "{}", render(&report));
    let file = file.expect("merged");

    // The header: version the child's, final bounds each inherited unless given.
    assert_eq!(file.header.version.as_deref(), Some("2019.1"));
    let at_least = file.header.final_at_least.as_ref().map(|(n, _)| n.as_str());
    let at_most = file.header.final_at_most.as_ref().map(|(n, _)| n.as_str());
    assert_eq!((at_least, at_most), (Some("0"), Some("103")));

    // Four levels down: pm10 and good replaced where they were, others gone.
    let Some(Declaration::Indicator(quality)) = file
        .declarations
        .iter()
        .find(|d| matches!(d, Declaration::Indicator(i) if i.name.text == "quality"))
    else {
        panic!("quality is inherited")
    };
    let control = &quality.body.items[0].body.items[0];
    assert_eq!(item_names(&control.body.items), ["pm10", "pm25", "good"]);
    let Statement::Deduct(line) = &control.body.items[0].body.statements[0] else {
        panic!("pm10 deducts")
    };
    assert!(matches!(&line.amount.kind, ExpressionKind::Number(n) if n == "1"));
    assert!(matches!(&line.basis, PointsBasis::Per { step: None, .. }));

    // The overridden bonus keeps its place; the removed deduction is gone;
    // the new deduction and the new grade rule come after the inherited ones.
    let order: Vec<String> = file
        .declarations
        .iter()
        .filter_map(|d| match d {
            Declaration::Adjustment(a) => Some(a.name.text.clone()),
            Declaration::Grades(g) => Some(format!("grades {}", g.bands.len())),
            Declaration::GradeRule(r) => Some(format!("grade {}", r.grade.text)),
            _ => None,
        })
        .collect();
    assert_eq!(
        order,
        ["media", "grades 3", "grade 不合格", "late", "grade 合格"]
    );
    // The whole merged tree, as `fmt` lays it out.
    insta::assert_snapshot!(kaoping::format::format_file(&file));
}

#[test]
fn a_path_that_misses_names_the_level_it_misses_at() {
    let (file, report) = merged("environment-mistakes.kp");
    assert!(file.is_some(), "a tree is still merged, for the checker");
    let found: Vec<(&str, &str, Option<&str>)> = report
        .problems
        .iter()
        .map(|p| (p.code, p.message.as_str(), p.help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "kaoping::extends::nothing_to_override",
                "`environment_2018` declares no item `contrl` in item `quality.air`",
                Some("did you mean `control`?")
            ),
            (
                "kaoping::extends::nothing_to_override",
                "`environment_2018` declares no item `pm11` in item `quality.air.control`",
                Some("did you mean `pm10`?")
            ),
            (
                "kaoping::extends::nothing_to_override",
                "`environment_2018` declares no indicator `qualty`",
                Some("did you mean `quality`?")
            ),
            (
                "kaoping::extends::nothing_to_override",
                "`environment_2018` declares no item `x` in item `quality.other`, which has no items",
                Some("name an item of `quality.other`")
            ),
            (
                "kaoping::extends::redeclared",
                "`grades` is already declared by `environment_2018`",
                Some("write `override grades { … }` to replace the inherited one")
            ),
            (
                "kaoping::extends::redeclared",
                "bonus `media` is already declared by `environment_2018`",
                Some("write `override bonus media …` to replace the inherited one")
            ),
            (
                "kaoping::extends::nothing_to_override",
                "`environment_2018` declares no bonus `criticism`",
                Some("`criticism` is a deduction there: write `override deduction criticism`")
            ),
            (
                "kaoping::extends::nothing_to_override",
                "`environment_2018` declares no deduction `nothing`",
                Some("name a `bonus` or `deduction` of the policy extended")
            ),
            (
                "kaoping::extends::changed_twice",
                "item `quality.air.control.pm25` is inside item `quality.air`, which this policy already overrides or removes",
                Some("keep one of the two")
            ),
        ]
    );
    insta::assert_snapshot!(render(&report));
}

#[test]
fn a_whole_indicator_and_an_item_inside_it_cannot_both_change() {
    let child = r#"policy child {
  extends "../base/base.kp"
  title "子"
}
remove item satisfaction.bonus
override indicator satisfaction "满意度" max weight {
  score 10
}
override grades {
  合格
}
"#;
    let report = errors_of(load_chain(&[
        ("base/base.kp", BASE),
        ("dir/child.kp", child),
    ]));
    let messages: Vec<&str> = report
        .problems
        .iter()
        .filter(|p| p.code.starts_with("kaoping::extends"))
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "indicator `satisfaction` holds item `satisfaction.bonus`, which this policy already overrides or removes",
            "`base` declares no `grades`",
        ]
    );
}

#[test]
fn the_2019_chain_checks_and_scores_as_worked_out_by_hand() {
    let path = "tests/data/extends/environment-2019.kp";
    let text = std::fs::read_to_string(path).unwrap();
    let checked =
        kaoping::load_policy(path, &text).unwrap_or_else(|report| panic!("{}", render(&report)));
    assert!(
        checked.warnings.problems.is_empty(),
        "{}",
        render(&checked.warnings)
    );
    let facts = "candidates:
  - { id: a, pm10: 74, pm25: 41, good_days: 78.5, reported: true, media: 5, late_reports: 4 }
  - { id: b, pm10: 65, pm25: 46, good_days: 85, reported: false, media: 0 }
";
    let facts = checked
        .policy
        .load_facts("facts.yaml", facts)
        .expect("valid facts");
    let outcome = checked.policy.evaluate(&facts).expect("evaluates");
    let (a, b) = (cand(&outcome, "a"), cand(&outcome, "b"));
    let control = |c: &kaoping::CandidateOutcome| {
        let air = &c.indicator("quality").expect("quality").items[0];
        let control = &air.items[0];
        control
            .items
            .iter()
            .map(|i| format!("{} {}", i.name, i.score.to_fixed(2)))
            .collect::<Vec<_>>()
    };
    // pm10 (2019: 1 a microgram) a: 3 − 1 × 4 → 0; b: under target → 3.
    // pm25 a: 1 − 0.5 × 1 = 0.5; b: 1 − 0.5 × 6 → 0.
    // good (2019: max 2, 0.5 a point) a: 2 − 0.5 × 1.5 = 1.25; b: above → 2.
    assert_eq!(control(a), ["pm10 0.00", "pm25 0.50", "good 1.25"]);
    assert_eq!(control(b), ["pm10 3.00", "pm25 0.00", "good 2.00"]);
    // quality = control + rest 9 + other 25: a 1.75 + 34 = 35.75; b 5 + 34 = 39.
    assert_eq!(score(a, "quality"), "35.75");
    assert_eq!(score(b, "quality"), "39.00");
    // base + media (2019: 0.5 each, cap 3) − late reports (1 each):
    // a 95.75 + 2.5 − 4 = 94.25; b 99 + 0 − 0 = 99. No criticism deduction.
    assert_eq!(total(a), "94.25");
    assert_eq!(total(b), "99.00");
    let adjustments: Vec<String> = a
        .adjustments
        .iter()
        .map(|x| format!("{} {}", x.name, x.points.to_fixed(2)))
        .collect();
    assert_eq!(adjustments, ["media 2.50", "late 4.00"]);
    // a is 优秀 by value, capped to 合格 by the child's rule; b is 优秀 by
    // value, forced to 不合格 by the inherited veto.
    let grade = |c: &kaoping::CandidateOutcome| {
        let grade = c.grade.as_ref().expect("graded");
        (grade.band.clone(), grade.name.clone())
    };
    assert_eq!(grade(a), ("优秀".to_string(), "合格".to_string()));
    assert_eq!(grade(b), ("优秀".to_string(), "不合格".to_string()));
}

#[test]
fn an_error_caused_by_a_removal_points_at_the_childs_remove_line() {
    // issue 15 §1: removing the 3-point item leaves the parent's indicator
    // short of its max. The parent was consistent, so the error is the
    // child's: it points at the `remove` line, suggests a fix there, and
    // shows the parent's indicator only as a related place.
    let child = r#"policy child {
  extends "../base/base.kp"
}
remove item satisfaction.bonus
"#;
    let report = errors_of(load_chain(&[
        ("base/base.kp", BASE),
        ("dir/child.kp", child),
    ]));
    let problem = report
        .problems
        .iter()
        .find(|problem| problem.code == "kaoping::check::item_sum")
        .expect("the items no longer add up");
    let location = report.locate(problem.span.start);
    assert_eq!(location.file, "dir/child.kp");
    assert_eq!(location.line, 4);
    assert_eq!(problem.label, "caused by `remove item satisfaction.bonus`");
    let help = problem.help.as_deref().unwrap_or_default();
    assert!(help.starts_with("fix it in this policy"), "{help}");
    let (related, _) = problem.related[0];
    assert_eq!(report.locate(related.start).file, "base/base.kp");
    insta::assert_snapshot!(render(&report));
}

#[test]
fn each_short_block_is_blamed_on_the_removal_inside_it() {
    // issue 15 §1: two removals leave two blocks short, one inside the other;
    // each error goes to the removal within the innermost block it is in.
    let parent = r#"policy base {
  title "基础"
  version "1"
  total 10
}
input {
  candidates: list of { id: text, name: text } key id
}
indicator quality "质量" max 10 {
  cite "基础 一：本项共十分，由考核组按下列各分项评定；分项满分之和须等于本项满分"
  item small "小项" max 4 {
    score 4
  }
  item large "大项" max 6 {
    item left "左" max 3 {
      score 3
    }
    item right "右" max 3 {
      score 3
    }
  }
}
"#;
    // The child's long comment puts the parent far from offset 0, where
    // spans that nest differ little in proportion: the innermost block must
    // be chosen by its length alone.
    let child = format!(
        "policy child {{\n  extends \"../base/base.kp\"\n  title \"子\"\n}}\n\
         remove item quality.small\nremove item quality.large.right\n// {}\n",
        "说明".repeat(400)
    );
    let report = errors_of(load_chain(&[
        ("base/base.kp", parent),
        ("dir/child.kp", &child),
    ]));
    let mut blamed: Vec<(usize, String)> = report
        .problems
        .iter()
        .filter(|problem| problem.code == "kaoping::check::item_sum")
        .map(|problem| {
            let location = report.locate(problem.span.start);
            assert_eq!(location.file, "dir/child.kp");
            (location.line, problem.message.clone())
        })
        .collect();
    blamed.sort();
    assert_eq!(blamed.len(), 2, "{blamed:#?}");
    assert_eq!(blamed[0].0, 5);
    assert!(blamed[0].1.contains("`quality`"), "{blamed:#?}");
    assert_eq!(blamed[1].0, 6);
    assert!(
        blamed[1].1.contains("`large`") || blamed[1].1.contains("quality.large"),
        "{blamed:#?}"
    );
}

#[test]
fn a_removed_indicator_still_ranked_by_the_parent_points_at_the_remove_line() {
    // issue 15 §1: the parent ranks by `satisfaction`; removing it makes the
    // parent's `rank by` name nothing, and that is the child's doing.
    let child = r#"policy child {
  extends "../base/base.kp"
  total 0
}
remove indicator satisfaction
"#;
    let report = errors_of(load_chain(&[
        ("base/base.kp", BASE),
        ("dir/child.kp", child),
    ]));
    let in_parent: Vec<_> = report
        .errors()
        .filter(|problem| report.locate(problem.span.start).file == "base/base.kp")
        .map(|problem| problem.message.as_str())
        .collect();
    assert!(
        in_parent.is_empty(),
        "no error is left in the parent: {in_parent:?}"
    );
    insta::assert_snapshot!(render(&report));
}

#[test]
fn a_child_that_keeps_its_parents_title_is_warned_at_its_extends() {
    // issue 15 §4: a 2020 policy that leaves out `title` would print 2019's
    // on its reports. It still loads, with a warning at `extends`.
    let child = r#"policy child {
  extends "../base/base.kp"
  version "2"
}
"#;
    let checked = load_chain(&[("base/base.kp", BASE), ("dir/child.kp", child)])
        .unwrap_or_else(|report| panic!("{}", render(&report)));
    let warning = checked
        .warnings
        .problems
        .iter()
        .find(|problem| problem.code == "kaoping::extends::inherited_title")
        .expect("the inherited title is warned about");
    let location = checked.warnings.locate(warning.span.start);
    assert_eq!((location.file, location.line), ("dir/child.kp", 2));
    insta::assert_snapshot!(render(&checked.warnings));

    let titled = child.replace("version \"2\"", "title \"子\"");
    let checked = load_chain(&[("base/base.kp", BASE), ("dir/child.kp", &titled)])
        .unwrap_or_else(|report| panic!("{}", render(&report)));
    assert!(
        !checked
            .warnings
            .problems
            .iter()
            .any(|problem| problem.code == "kaoping::extends::inherited_title"),
        "a child with its own title is not warned (BASE has no source)"
    );

    // A parent with a source: a child that sets its title but not its source
    // is warned about the source alone, and told to write it.
    let sourced = BASE.replace(
        "  version \"1\"\n",
        "  version \"1\"\n  source \"基础文件 2019\"\n",
    );
    let checked = load_chain(&[("base/base.kp", &sourced), ("dir/child.kp", &titled)])
        .unwrap_or_else(|report| panic!("{}", render(&report)));
    let warning = checked
        .warnings
        .problems
        .iter()
        .find(|problem| problem.code == "kaoping::extends::inherited_title")
        .expect("the inherited source is warned about");
    assert!(
        warning.message.contains("the source “基础文件 2019”")
            && !warning.message.contains("title"),
        "{}",
        warning.message
    );
    assert_eq!(
        warning.help.as_deref(),
        Some("give this policy its own `source \"…\"` in its header, after `extends`")
    );
}

#[test]
fn extend_record_adds_a_field_without_restating_the_record() {
    // issue 15 §4: a later year asks the candidates for one more fact; the
    // child names only the new field.
    let parent = r#"policy base {
  title "基础"
  total 10
}
record Candidate {
  id: text
  name: text
  votes: int[0..]
}
input {
  candidates: list of Candidate key id
}
indicator satisfaction "满意度" max 10 {
  score 10 * candidate.votes / peers.max(votes)
}
rank by total, satisfaction
"#;
    let child = r#"policy child {
  extends "../base/base.kp"
  title "子"
}
extend record Candidate {
  visits "走访次数": int[0..]
}
finding info when candidate.visits == 0 "未走访"
"#;
    let checked = load_chain(&[("base/base.kp", parent), ("dir/child.kp", child)])
        .unwrap_or_else(|report| panic!("{}", render(&report)));
    let record = &checked.policy.records[checked.policy.candidate_record];
    let names: Vec<&str> = record.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "name", "votes", "visits"]);

    // The formatter keeps the form as written.
    let formatted = kaoping::format::format_source(child).expect("the child parses");
    assert!(
        formatted.contains("extend record Candidate {\n  visits \"走访次数\": int[0..]\n}"),
        "{formatted}"
    );

    // A field the record already has is refused, at the child's line.
    let repeated = child.replace(
        "extend record Candidate {\n",
        "extend record Candidate {\n  votes: int[0..]\n",
    );
    let report = errors_of(load_chain(&[
        ("base/base.kp", parent),
        ("dir/child.kp", &repeated),
    ]));
    assert_eq!(codes(&report), ["kaoping::extends::field_exists"]);

    // A partial `override record` that drops a field the parent reads is
    // reported at the override, with the new form as the fix.
    let partial = child.replace("extend record", "override record");
    let report = errors_of(load_chain(&[
        ("base/base.kp", parent),
        ("dir/child.kp", &partial),
    ]));
    let errors: Vec<_> = report.errors().collect();
    assert!(!errors.is_empty(), "{}", render(&report));
    for problem in &errors {
        assert_eq!(report.locate(problem.span.start).file, "dir/child.kp");
        let help = problem.help.as_deref().unwrap_or_default();
        assert!(help.contains("extend record Candidate"), "{help}");
    }
    insta::assert_snapshot!(render(&report));
}

#[test]
fn an_error_caused_by_a_new_parameter_value_points_at_the_override() {
    // issue 15 §1: the parent's indicator has `max weight` and items adding
    // up to 10; a child that sets `weight` to 8 broke that sum, in its own
    // line.
    let child = r#"policy child {
  extends "../base/base.kp"
  title "子"
  total 8
}
override param weight = 8
"#;
    let report = errors_of(load_chain(&[
        ("base/base.kp", BASE),
        ("dir/child.kp", child),
    ]));
    let problem = report
        .problems
        .iter()
        .find(|problem| problem.code == "kaoping::check::item_sum")
        .expect("the items no longer add up to the max");
    let location = report.locate(problem.span.start);
    assert_eq!((location.file, location.line), ("dir/child.kp", 6));
    let help = problem.help.as_deref().unwrap_or_default();
    assert!(help.contains("changed its value"), "{help}");
}
