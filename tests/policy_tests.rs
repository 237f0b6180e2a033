//! The policy test runner (`kaoping::policy_tests`) and the cases shipped in
//! `policies/jiangxi-2019/tests/`.

use std::path::{Path, PathBuf};

use kaoping::policy_tests::{discover, junit, render_diff, run_case, update_case, Case};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bundled(path: &str) -> String {
    root().join(path).display().to_string()
}

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!(
            "kaoping-policy-tests-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A case on the bundled collective policy and example, with `expect` as given.
fn collective_case(expect: &str) -> String {
    format!(
        "name: a deliberately wrong expectation\n\
         clause: 附1 一(二)\n\
         # this comment must survive an update\n\
         policy: {}\n\
         facts: {}\n\
         {expect}",
        bundled("policies/jiangxi-2019/collective.kp"),
        bundled("examples/jiangxi-2019/collectives.yaml"),
    )
}

/// Runs every case under `folder`; panics listing the failures. Every case
/// must name the clause it pins.
fn assert_all_pass(folder: &str) -> Vec<PathBuf> {
    let cases = discover(&root().join(folder)).unwrap();
    assert!(!cases.is_empty(), "no cases under {folder}");
    let mut failures = Vec::new();
    for path in &cases {
        let result = run_case(path);
        if !result.passed() {
            failures.push(format!(
                "FAIL {} ({})\n{}",
                result.name,
                path.display(),
                render_diff(&result)
            ));
        }
        assert!(
            result.clause.is_some(),
            "{} names no clause",
            path.display()
        );
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    cases
}

#[test]
fn every_shipped_case_passes() {
    let cases = assert_all_pass("policies/jiangxi-2019/tests");
    let named = |prefix: &str| {
        cases
            .iter()
            .filter(|path| {
                let name = path.file_name().unwrap().to_string_lossy();
                name.starts_with(prefix)
            })
            .collect::<Vec<_>>()
    };
    assert!(named("collective-").len() >= 10);
    assert!(named("individual-").len() >= 10);
    let inline = cases
        .iter()
        .filter(|path| Case::read(path).unwrap().facts_inline.is_some())
        .count();
    assert!(inline >= 3, "only {inline} cases with inline facts");
}

#[test]
fn every_what_if_case_passes() {
    // Issue 4: the what-if policies extend the 2019 one and are pinned by
    // their own cases, run through the same `extends` chain.
    let cases = assert_all_pass("examples/what-if");
    assert!(cases.len() >= 4);
}

#[test]
fn discovery_finds_yaml_in_tests_folders_sorted() {
    let tests = root().join("policies/jiangxi-2019/tests");
    let from_folder = discover(&tests).unwrap();
    let from_policies = discover(&root().join("policies")).unwrap();
    // `policies` holds other schemes too: their cases come in path order, and
    // every one sits directly in a `tests` folder.
    let jiangxi: Vec<PathBuf> = from_policies
        .iter()
        .filter(|path| path.starts_with(&tests))
        .cloned()
        .collect();
    assert_eq!(from_folder, jiangxi);
    assert!(from_policies
        .iter()
        .all(|path| path.parent().unwrap().file_name().unwrap() == "tests"));
    let mut sorted = from_policies.clone();
    sorted.sort();
    assert_eq!(from_policies, sorted);
    assert!(from_folder.len() >= 20);
    let mut sorted = from_folder.clone();
    sorted.sort();
    assert_eq!(from_folder, sorted);
    assert!(from_folder
        .iter()
        .all(|path| path.extension().unwrap() == "yaml" && path.parent().unwrap() == tests));

    // Only YAML directly inside a folder named `tests`; a case file given alone is itself.
    let dir = TempDir::new("discover");
    std::fs::create_dir_all(dir.0.join("a/tests/nested")).unwrap();
    std::fs::create_dir_all(dir.0.join("b/tests")).unwrap();
    std::fs::create_dir_all(dir.0.join("target/tests")).unwrap();
    let a = dir.write("a/tests/one.yaml", "");
    dir.write("a/tests/notes.md", "");
    dir.write("a/tests/nested/deeper.yaml", "");
    dir.write("a/facts.yaml", "");
    dir.write("target/tests/built.yaml", "");
    let b = dir.write("b/tests/two.yaml", "");
    assert_eq!(discover(&dir.0).unwrap(), vec![a.clone(), b]);
    assert_eq!(discover(&a).unwrap(), vec![a]);
    assert!(discover(&dir.0.join("missing")).is_err());
}

#[test]
fn a_wrong_expectation_fails_with_a_diff_and_update_fixes_it() {
    let dir = TempDir::new("wrong");
    let path = dir.write(
        "wrong.yaml",
        &collective_case(
            "expect:\n  \
               nanchang:\n    \
                 status: ranked\n    \
                 indicators: { supervision: \"20.00\", team.mobile: \"10.00\" }\n  \
               pingxiang:\n    \
                 rank: 3\n    \
                 findings: [ \"附1 四(三)\", \"no such finding\" ]\n  \
               ganzhou:\n    \
                 total: \"72.92\"\n\
             # trailing comment\n",
        ),
    );

    let result = run_case(&path);
    assert!(!result.passed());
    assert_eq!(result.error, None);
    let lines: Vec<String> = result.mismatches.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        lines,
        [
            r#"nanchang.status: expected "ranked", found "selected""#,
            r#"nanchang.indicators.supervision: expected "20.00", found "30.00""#,
            "pingxiang.rank: expected 3, found null",
            "pingxiang.findings: expected a finding matching \"no such finding\", found \
             [\"附1 四(三): 萍乡市未发布重点排污单位名录，取消该市市级及所辖县级单位候选资格\"]",
        ]
    );

    let diff = render_diff(&result);
    assert!(
        diff.contains(r#"nanchang.indicators.supervision: expected "20.00", found "30.00""#),
        "{diff}"
    );
    assert!(diff.contains("--- expected\n+++ found\n"), "{diff}");
    assert!(diff.contains("\n-    supervision: \"20.00\"\n"), "{diff}");
    assert!(diff.contains("\n+    supervision: \"30.00\"\n"), "{diff}");
    assert!(
        diff.contains("\n-  status: ranked\n+  status: selected\n"),
        "{diff}"
    );
    assert!(diff.contains("\n     team.mobile: \"10.00\"\n"), "{diff}");
    assert!(
        !diff.contains("ganzhou"),
        "a passing candidate is not shown: {diff}"
    );

    assert_eq!(update_case(&path, &result), Ok(true));
    let updated = std::fs::read_to_string(&path).unwrap();
    assert!(updated.starts_with(
        "name: a deliberately wrong expectation\nclause: 附1 一(二)\n\
         # this comment must survive an update\npolicy: "
    ));
    // issue 15 §4: only the changed values are edited, in the author's
    // layout (flow mappings and lists stay flow, the comment stays).
    assert!(
        updated.ends_with(
            "expect:\n  \
           nanchang:\n    \
             status: selected\n    \
             indicators: { supervision: \"30.00\", team.mobile: \"10.00\" }\n  \
           pingxiang:\n    \
             rank: null\n    \
             findings: [ \"附1 四(三)\" ]\n  \
           ganzhou:\n    \
             total: \"72.92\"\n\
         # trailing comment\n"
        ),
        "{updated}"
    );
    let rerun = run_case(&path);
    assert!(rerun.passed(), "{}", render_diff(&rerun));
    assert_eq!(update_case(&path, &rerun), Ok(false));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), updated);
}

#[test]
fn update_adds_the_findings_that_an_unmatched_entry_missed() {
    let dir = TempDir::new("findings");
    let path = dir.write(
        "findings.yaml",
        &collective_case(
            "expect:\n  \
               fenyi:\n    \
                 findings: [ \"附1 五\" ]\n  \
               yichun:\n    \
                 findings: []\n  \
               shangrao:\n    \
                 findings: []\n",
        ),
    );
    let result = run_case(&path);
    let lines: Vec<String> = result.mismatches.iter().map(|m| m.to_string()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("fenyi.findings: expected a finding matching \"附1 五\", found [\"附1 引言；实施方案 五(三): 并列第 10 名"));
    assert!(lines[1].starts_with(
        "shangrao.findings: expected no findings, found [\"附1 三(二): 抽选案卷超出规定数量"
    ));
    assert_eq!(update_case(&path, &result), Ok(true));
    let updated = std::fs::read_to_string(&path).unwrap();
    // issue 15 §4: the lists stay in flow style, spaced as written.
    assert!(
        updated.contains(
            "  fenyi:\n    findings: [ \"附1 引言；实施方案 五(三)\" ]\n  \
           yichun:\n    findings: []\n  \
           shangrao:\n    findings: [\"附1 三(二)\"]\n"
        ),
        "{updated}"
    );
    assert!(run_case(&path).passed());
}

/// `findings:` is a subset check; `findings_exactly:` also fails on a finding
/// the list does not name, pairs entries with findings one to one, and
/// `--update` writes it back under the same key.
#[test]
fn findings_exactly_fails_on_an_extra_finding_and_update_keeps_the_key() {
    // ganzhou has five findings (附3 ×4, and the duplicate case file under 附3 二(四)2(2)); the
    // list names four of them.
    let four = "\"事迹材料 3,412 字\", \"赣州市动员部署情况\", \"赣州市缺少 9 月工作简报\", \
                \"赣州市工作简报逾期报送：10 月\"";
    let dir = TempDir::new("exactly");
    let subset = dir.write(
        "subset.yaml",
        &collective_case(&format!("expect:\n  ganzhou:\n    findings: [ {four} ]\n")),
    );
    assert!(run_case(&subset).passed(), "a subset passes `findings:`");

    let path = dir.write(
        "exactly.yaml",
        &collective_case(&format!(
            "expect:\n  ganzhou:\n    findings_exactly: [ {four} ]\n  \
               nanchang:\n    findings_exactly: [ \"附3 二(四)2(6)\" ]\n"
        )),
    );
    let result = run_case(&path);
    let lines: Vec<String> = result.mismatches.iter().map(|m| m.to_string()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        lines[0],
        "ganzhou.findings_exactly: expected no finding the list does not name, found an extra \
         finding \"附3 二(四)2(2): 同一案卷重复报送，重复的一份按 0 分计：虔环罚〔2019〕20号\""
    );
    // nanchang has two findings under one clause: one entry covers only one.
    assert!(
        lines[1].starts_with(
            "nanchang.findings_exactly: expected no finding the list does not name, found an \
             extra finding \"附3 二(四)2(6): 南昌市重复发布的稿件只计一次"
        ),
        "{}",
        lines[1]
    );
    let diff = render_diff(&result);
    assert!(diff.contains("+    - \"附3 二(四)2(2)\""), "{diff}");

    assert_eq!(update_case(&path, &result), Ok(true));
    let updated = std::fs::read_to_string(&path).unwrap();
    assert!(
        updated.contains(&format!(
            "  ganzhou:\n    findings_exactly: [ {four}, \"附3 二(四)2(2)\" ]\n  \
         nanchang:\n    findings_exactly: [ \"附3 二(四)2(6)\", \"附3 二(四)2(6)\" ]\n"
        )),
        "{updated}"
    );
    assert!(run_case(&path).passed());

    // An entry with no finding left to pair with fails too.
    let twice = dir.write(
        "twice.yaml",
        &collective_case(
            "expect:\n  guixi:\n    findings_exactly: [ \"附3 二(四)\", \"附3 二(四)\" ]\n",
        ),
    );
    let result = run_case(&twice);
    let lines: Vec<String> = result.mismatches.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        lines,
        [
            "guixi.findings_exactly: expected one more finding matching \"附3 二(四)\", found \
          [\"附3 二(四): 参评材料于 2019-11-12 报送，晚于 2019-11-10\"]"
        ]
    );

    // The two keys together are refused.
    let both = dir.write(
        "both.yaml",
        &collective_case("expect:\n  guixi:\n    findings: []\n    findings_exactly: []\n"),
    );
    let error = run_case(&both).error.unwrap();
    assert!(
        error.contains("`findings` and `findings_exactly` are both given"),
        "{error}"
    );
}

#[test]
fn names_that_do_not_exist_are_reported_and_not_updated() {
    let dir = TempDir::new("missing");
    let path = dir.write(
        "missing.yaml",
        &collective_case(
            "expect:\n  \
               nanchan:\n    \
                 status: selected\n  \
               nanchang:\n    \
                 natonal: true\n    \
                 indicators: { supervison: \"30.00\", team.mobil: \"10.00\", supervision.x: \"1.00\" }\n",
        ),
    );
    let result = run_case(&path);
    let lines: Vec<String> = result.mismatches.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        lines,
        [
            "nanchan: expected a candidate with this id, found none (did you mean `nanchang`?)",
            "nanchang.natonal: expected true, found no such flag: the policy declares no flags, \
             and this key is not status, rank, total, base, adjustments, grade, indicators or \
             findings",
            "nanchang.indicators.supervison: expected \"30.00\", found no such indicator \
             (did you mean `supervision`?)",
            "nanchang.indicators.team.mobil: expected \"10.00\", found no such item \
             (did you mean `mobile`?)",
            "nanchang.indicators.supervision.x: expected \"1.00\", found no such item: \
             `supervision` has no items",
        ]
    );
    assert!(result.mismatches.iter().all(|m| m.missing));
    let before = std::fs::read_to_string(&path).unwrap();
    let error = update_case(&path, &result).unwrap_err();
    assert!(
        error.message.contains("nanchan: expected a candidate"),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn a_case_that_cannot_run_is_a_failure_with_the_problem() {
    let dir = TempDir::new("broken");
    let policy = bundled("policies/jiangxi-2019/individual.kp");

    let missing_policy = dir.write(
        "missing-policy.yaml",
        "name: no policy\npolicy: nowhere.kp\nfacts_inline: \"candidates: []\"\n\
         expect:\n  a: {}\n",
    );
    let result = run_case(&missing_policy);
    assert!(!result.passed());
    assert_eq!(result.name, "no policy");
    let error = result.error.clone().unwrap();
    assert!(error.starts_with("policy: cannot read `"), "{error}");
    assert!(error.contains("nowhere.kp"), "{error}");
    assert_eq!(render_diff(&result), error);
    assert!(update_case(&missing_policy, &result).is_err());

    let bad_facts = dir.write(
        "bad-facts.yaml",
        &format!(
            "name: bad facts\npolicy: {policy}\nfacts_inline: |\n  candidates:\n    - id: a\n      \
             nmae: 甲\nexpect:\n  a: {{}}\n"
        ),
    );
    let error = run_case(&bad_facts).error.unwrap();
    assert!(error.contains("bad-facts.yaml (facts_inline):"), "{error}");
    assert!(error.contains("error:"), "{error}");
    assert!(error.contains("nmae"), "{error}");

    let unknown_key = dir.write(
        "unknown-key.yaml",
        &format!("name: typo\npolicy: {policy}\nfacts: x.yaml\nexpcet: {{}}\n"),
    );
    let result = run_case(&unknown_key);
    assert_eq!(result.name, "unknown-key");
    let error = result.error.unwrap();
    assert!(error.contains("expcet"), "{error}");

    let both = dir.write(
        "both.yaml",
        &format!(
            "name: both\npolicy: {policy}\nfacts: x.yaml\nfacts_inline: \"\"\nexpect:\n  a: {{}}\n"
        ),
    );
    assert!(run_case(&both).error.unwrap().contains("not both"));

    let places = dir.write(
        "places.yaml",
        &format!(
            "name: places\npolicy: {policy}\nfacts: x.yaml\nexpect:\n  a:\n    total: \"86.3\"\n"
        ),
    );
    let error = run_case(&places).error.unwrap();
    assert!(error.contains("exactly two decimals"), "{error}");

    let status = dir.write(
        "status.yaml",
        &format!(
            "name: status\npolicy: {policy}\nfacts: x.yaml\nexpect:\n  a:\n    status: chosen\n"
        ),
    );
    let error = run_case(&status).error.unwrap();
    assert!(error.contains("unknown status `chosen`"), "{error}");

    let flag = dir.write(
        "flag.yaml",
        &format!(
            "name: flag\npolicy: {policy}\nfacts: x.yaml\nexpect:\n  a:\n    stauts: selected\n"
        ),
    );
    let error = run_case(&flag).error.unwrap();
    assert!(error.contains("names a flag"), "{error}");
}

#[test]
fn junit_has_one_testcase_per_case() {
    let dir = TempDir::new("junit");
    let wrong = dir.write(
        "wrong.yaml",
        &collective_case("expect:\n  nanchang:\n    indicators: { supervision: \"20.00\" }\n"),
    );
    let passing =
        root().join("policies/jiangxi-2019/tests/collective-01-supervision-earned-cap.yaml");
    let broken = dir.write("broken.yaml", "name: broken <&>\n");
    let results = vec![run_case(&passing), run_case(&wrong), run_case(&broken)];
    let xml = junit(&results);

    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(
        xml.contains("<testsuites name=\"kaoping\" tests=\"3\""),
        "{xml}"
    );
    assert!(
        xml.contains("<testsuite name=\"kaoping\" tests=\"3\""),
        "{xml}"
    );
    assert!(xml.contains(" failures=\"1\""), "{xml}");
    assert!(xml.contains(" errors=\"1\""), "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 3, "{xml}");
    assert!(xml.contains(
        "<testcase name=\"附1 一(二) only the highest commendation of an action counts, and earned \
         points are capped at 30\""
    ), "{xml}");
    assert!(
        xml.contains("<testcase name=\"a deliberately wrong expectation\""),
        "{xml}"
    );
    assert!(xml.contains(
        "<failure message=\"nanchang.indicators.supervision: expected &quot;20.00&quot;, found &quot;30.00&quot;\""
    ), "{xml}");
    assert!(xml.contains("<error message="), "{xml}");
    assert!(
        xml.contains("<property name=\"clause\" value=\"附1 一(二)\"/>"),
        "{xml}"
    );

    // It is well-formed XML that reads back as the same cases.
    let report = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    assert_eq!(report.tests, 3);
    assert_eq!(report.test_suites.len(), 1);
    let suite = &report.test_suites[0];
    assert_eq!(suite.name.as_str(), "kaoping");
    let names: Vec<&str> = suite.test_cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names[1], "a deliberately wrong expectation");
    assert_eq!(names[2], "broken");
}

#[test]
fn update_keeps_inline_facts_as_written() {
    let shipped = std::fs::read_to_string(
        root().join("policies/jiangxi-2019/tests/individual-14-workload-zero-maximum-inline.yaml"),
    )
    .unwrap();
    let original = shipped.replace(
        "policy: ../individual.kp",
        &format!("policy: {}", bundled("policies/jiangxi-2019/individual.kp")),
    );
    let wrong = original.replace("total: \"32.00\"", "total: \"33.00\"");
    assert_ne!(wrong, original);
    let dir = TempDir::new("inline");
    let path = dir.write("inline.yaml", &wrong);

    let result = run_case(&path);
    let lines: Vec<String> = result.mismatches.iter().map(|m| m.to_string()).collect();
    assert_eq!(lines, [r#"p.total: expected "33.00", found "32.00""#]);
    assert_eq!(update_case(&path, &result), Ok(true));

    let updated = std::fs::read_to_string(&path).unwrap();
    let head = |text: &str| text[..text.find("\nexpect:\n").unwrap()].to_string();
    assert_eq!(head(&updated), head(&original));
    assert!(updated.contains("  p:\n    status: selected\n    rank: 1\n    total: \"32.00\"\n"));
    let rerun = run_case(&path);
    assert!(rerun.passed(), "{}", render_diff(&rerun));
    assert_eq!(
        Case::read(&path).unwrap().expect,
        Case::parse(&path, &original).unwrap().expect
    );
}

// ───────────────────────────────────────────── issue 14: base, adjustments, grade, nested items

use kaoping::number::Number;
use kaoping::outcome::{ItemOutcome, Outcome, Status};
use kaoping::policy_tests::compare_outcome;

fn number(text: &str) -> Number {
    Number::parse_decimal(text).unwrap()
}

/// The bundled collective policy and its outcome on the bundled example.
fn collective_outcome() -> (kaoping::policy::Policy, Outcome) {
    let policy_path = root().join("policies/jiangxi-2019/collective.kp");
    let facts_path = root().join("examples/jiangxi-2019/collectives.yaml");
    let checked = kaoping::load_policy(
        &policy_path.display().to_string(),
        &std::fs::read_to_string(&policy_path).unwrap(),
    )
    .unwrap();
    let facts = checked
        .policy
        .load_facts(
            &facts_path.display().to_string(),
            &std::fs::read_to_string(&facts_path).unwrap(),
        )
        .unwrap();
    let outcome = checked.policy.evaluate(&facts).unwrap();
    (checked.policy, outcome)
}

/// A small assessment with a capped bonus, a deduction, a floor on the
/// total, grades and a veto on the grade.
const GRADED_POLICY: &str = r#"policy graded {
  total 10
  round 2 half_away_from_zero per indicator
  final at least 0
}

record Candidate "单位" {
  id         "编号": text
  eligible   "已报送": bool
  work       "工作得分": decimal[0..10]
  media      "报道篇数": int[0..]
  criticisms "通报批评次数": int[0..]
  veto       "一票否决": bool
}

input {
  candidates "单位": list of Candidate key id
}

exclude when not candidate.eligible "未报送材料" cite "一"

indicator work "工作" max 10 {
  cite "二"
  score candidate.work
}

bonus media "宣传报道加分" cap 2 {
  cite "三"
  add 0.75 per candidate.media "报道 {candidate.media} 篇"
}

deduction criticism "通报批评扣分" {
  cite "四"
  deduct 1.5 per candidate.criticisms "通报批评 {candidate.criticisms} 次"
}

grades {
  优秀 >= 9
  良好 >= 8
  合格 >= 6
  不合格
} cite "五"

grade 不合格 when candidate.veto "一票否决" cite "六"
"#;

// a: 9.5 + (4 × 0.75 = 3, capped at 2) − 1.5 = 10 → 优秀
// b: 8.25 + 0.75 = 9 → 优秀, forced to 不合格 by the veto
// c: 1 − 2 × 1.5 = −2 → 0 (final at least 0) → 不合格
// d: excluded: no total, base, adjustments or grade
const GRADED_FACTS: &str = "candidates:
  - { id: a, eligible: true, work: 9.5, media: 4, criticisms: 1, veto: false }
  - { id: b, eligible: true, work: 8.25, media: 1, criticisms: 0, veto: true }
  - { id: c, eligible: true, work: 1, media: 0, criticisms: 2, veto: false }
  - { id: d, eligible: false, work: 7, media: 0, criticisms: 0, veto: false }
";

/// Writes the graded policy, its facts and a case with `expect` into `dir`.
fn graded_case(dir: &TempDir, name: &str, expect: &str) -> PathBuf {
    dir.write("graded.kp", GRADED_POLICY);
    dir.write("graded.yaml", GRADED_FACTS);
    dir.write(
        &format!("{name}.yaml"),
        &format!(
            "name: {name}\nclause: 五\npolicy: graded.kp\nfacts: graded.yaml\n{expect}# after\n"
        ),
    )
}

fn parse_expect(yaml: &str) -> Vec<(String, kaoping::policy_tests::Expectation)> {
    let text = format!("name: n\nclause: c\npolicy: p.kp\nfacts: f.yaml\n{yaml}");
    Case::parse(Path::new("case.yaml"), &text).unwrap().expect
}

#[test]
fn base_adjustments_and_grade_are_read_and_compared() {
    let dir = TempDir::new("graded-right");
    let expect = "expect:\n  \
           a:\n    \
             status: scored\n    \
             total: \"10.00\"\n    \
             base: \"9.50\"\n    \
             adjustments: { media: \"2.00\", criticism: \"1.50\" }\n    \
             grade: 优秀\n  \
           b:\n    \
             total: \"9.00\"\n    \
             base: \"8.25\"\n    \
             adjustments: { media: \"0.75\", criticism: \"0.00\" }\n    \
             grade: 不合格\n    \
             findings: [ \"六\" ]\n  \
           c:\n    \
             total: \"0.00\"\n    \
             base: \"1.00\"\n    \
             adjustments: { criticism: \"3.00\" }\n    \
             grade: 不合格\n  \
           d:\n    \
             status: excluded\n    \
             total: null\n    \
             base: null\n    \
             adjustments: { media: null }\n    \
             grade: null\n";
    let path = graded_case(&dir, "right", expect);
    let case = Case::read(&path).unwrap();
    let (a, d) = (&case.expect[0].1, &case.expect[3].1);
    assert_eq!(a.base, Some(Some("9.50".to_string())));
    assert_eq!(
        a.adjustments,
        Some(vec![
            ("media".to_string(), Some("2.00".to_string())),
            ("criticism".to_string(), Some("1.50".to_string())),
        ])
    );
    assert_eq!(a.grade, Some(Some("优秀".to_string())));
    assert_eq!((d.grade.clone(), d.base.clone()), (Some(None), Some(None)));
    let result = run_case(&path);
    assert!(result.passed(), "{}", render_diff(&result));
    assert_eq!(result.found, case.expect);

    // The cap counts: the points are 2.00, not the 3.00 before it.
    let wrong = graded_case(
        &dir,
        "wrong",
        "expect:\n  \
           a:\n    \
             base: \"10.00\"\n    \
             adjustments: { media: \"3.00\", critcism: \"1.50\" }\n    \
             grade: 良好\n  \
           b:\n    \
             grade: excellent\n  \
           d:\n    \
             adjustments: { media: \"0.00\" }\n    \
             grade: 合格\n",
    );
    let result = run_case(&wrong);
    let lines: Vec<String> = result.mismatches.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        lines,
        [
            r#"a.base: expected "10.00", found "9.50""#,
            r#"a.adjustments.media: expected "3.00", found "2.00""#,
            "a.adjustments.critcism: expected \"1.50\", found no such bonus or deduction \
             (did you mean `criticism`?)",
            r#"a.grade: expected "良好", found "优秀""#,
            r#"b.grade: expected "excellent", found no such grade"#,
            r#"d.adjustments.media: expected "0.00", found null"#,
            r#"d.grade: expected "合格", found null"#,
        ]
    );
    assert_eq!(
        result
            .mismatches
            .iter()
            .map(|m| m.missing)
            .collect::<Vec<_>>(),
        [false, false, true, false, true, false, false]
    );
    // `found` keeps the expected value where the policy has no such name.
    assert_eq!(
        result.found[0].1.adjustments,
        Some(vec![
            ("media".to_string(), Some("2.00".to_string())),
            ("critcism".to_string(), Some("1.50".to_string())),
        ])
    );

    // A policy without bonus, deduction or grades: every such name is missing.
    let (policy, plain) = collective_outcome();
    let (mismatches, _) = compare_outcome(
        &policy,
        &plain,
        &parse_expect(
            "expect:\n  nanchang:\n    adjustments: { media: \"2.00\" }\n    grade: 优秀\n",
        ),
    );
    let lines: Vec<String> = mismatches.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        lines,
        [
            "nanchang.adjustments.media: expected \"2.00\", found no such bonus or deduction: \
             the policy declares none",
            "nanchang.grade: expected \"优秀\", found no grade: the policy declares no grades",
        ]
    );
    assert!(mismatches.iter().all(|m| m.missing));
    // Expecting no grade of a policy without grades holds.
    let (mismatches, _) = compare_outcome(
        &policy,
        &plain,
        &parse_expect("expect:\n  nanchang:\n    grade: null\n"),
    );
    assert!(mismatches.is_empty(), "{mismatches:?}");
}

#[test]
fn update_writes_base_adjustments_and_grade_back() {
    let dir = TempDir::new("graded-update");
    let path = graded_case(
        &dir,
        "update",
        "expect:\n  \
           a:\n    \
             status: scored\n    \
             total: \"9.00\"\n    \
             base: \"9.00\"\n    \
             adjustments: { media: \"0.00\", criticism: \"0.00\" }\n    \
             grade: 良好\n    \
             indicators: { work: \"9.50\" }\n  \
           d:\n    \
             grade: 合格\n",
    );
    let result = run_case(&path);
    assert_eq!(result.mismatches.len(), 6, "{:?}", result.mismatches);
    let diff = render_diff(&result);
    assert!(diff.contains("\n-  grade: \"良好\"\n"), "{diff}");
    assert!(diff.contains("\n+  grade: \"优秀\"\n"), "{diff}");
    assert!(
        diff.contains("\n-  grade: \"合格\"\n+  grade: null\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n-    media: \"0.00\"\n-    criticism: \"0.00\"\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n+    media: \"2.00\"\n+    criticism: \"1.50\"\n"),
        "{diff}"
    );
    assert_eq!(update_case(&path, &result), Ok(true));
    let updated = std::fs::read_to_string(&path).unwrap();
    assert!(
        updated.ends_with(
            "expect:\n  \
               a:\n    \
                 status: scored\n    \
                 total: \"10.00\"\n    \
                 base: \"9.50\"\n    \
                 adjustments: { media: \"2.00\", criticism: \"1.50\" }\n    \
                 grade: 优秀\n    \
                 indicators: { work: \"9.50\" }\n  \
               d:\n    \
                 grade: null\n\
             # after\n"
        ),
        "{updated}"
    );
    let rerun = run_case(&path);
    assert!(rerun.passed(), "{}", render_diff(&rerun));
    assert_eq!(Case::read(&path).unwrap().expect, result.found);
}

#[test]
fn items_are_named_by_their_path_to_any_depth() {
    let (policy, mut outcome) = collective_outcome();
    let mut policy = policy.into_definition();
    // team.mobile gains items of its own, and one of them another level:
    // team.mobile.platform.upload, as a nested policy would declare it.
    let team = policy
        .indicators
        .iter_mut()
        .find(|i| i.name == "team")
        .unwrap();
    let template = team.items[0].clone();
    let mobile = team.items.iter_mut().find(|i| i.name == "mobile").unwrap();
    let mut platform = template.clone();
    platform.name = "platform".into();
    let mut upload = template.clone();
    upload.name = "upload".into();
    let mut usage = template;
    usage.name = "usage".into();
    platform.items = vec![upload];
    mobile.items = vec![platform, usage];

    let leaf = |name: &str, score: &str, items: Vec<ItemOutcome>| ItemOutcome {
        declared: kaoping::outcome::Declared::new(name, None, number("5"), None),
        score: number(score),
        items,
    };
    let nanchang = outcome
        .candidates
        .iter_mut()
        .find(|c| c.id == "nanchang")
        .unwrap();
    let team = nanchang
        .indicators
        .iter_mut()
        .find(|i| i.name == "team")
        .unwrap();
    let mobile = team.items.iter_mut().find(|i| i.name == "mobile").unwrap();
    mobile.items = vec![
        leaf("platform", "4.5", vec![leaf("upload", "4.125", Vec::new())]),
        leaf("usage", "5", Vec::new()),
    ];

    let expect = parse_expect(
        "expect:\n  \
           nanchang:\n    \
             indicators:\n      \
               team.mobile: \"10.00\"\n      \
               team.mobile.platform: \"4.50\"\n      \
               team.mobile.platform.upload: \"4.13\"\n      \
               team.mobile.usage: \"5.00\"\n  \
           pingxiang:\n    \
             indicators: { team.mobile.platform.upload: null }\n",
    );
    let policy = kaoping::Policy::new_unchecked(policy);
    let (mismatches, found) = compare_outcome(&policy, &outcome, &expect);
    assert!(mismatches.is_empty(), "{mismatches:?}");
    assert_eq!(found, expect);

    let wrong = parse_expect(
        "expect:\n  \
           nanchang:\n    \
             indicators:\n      \
               team.mobile.platform.upload: \"4.12\"\n      \
               team.mobile.platfrom: \"4.50\"\n      \
               team.mobile.usage.x: \"1.00\"\n      \
               team.mobile.platform.upload.deeper: \"1.00\"\n",
    );
    let (mismatches, _) = compare_outcome(&policy, &outcome, &wrong);
    let lines: Vec<String> = mismatches.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        lines,
        [
            r#"nanchang.indicators.team.mobile.platform.upload: expected "4.12", found "4.13""#,
            "nanchang.indicators.team.mobile.platfrom: expected \"4.50\", found no such item \
             (did you mean `platform`?)",
            "nanchang.indicators.team.mobile.usage.x: expected \"1.00\", found no such item: \
             `team.mobile.usage` has no items",
            "nanchang.indicators.team.mobile.platform.upload.deeper: expected \"1.00\", found no \
             such item: `team.mobile.platform.upload` has no items",
        ]
    );
    assert_eq!(
        mismatches.iter().map(|m| m.missing).collect::<Vec<_>>(),
        [false, true, true, true]
    );
}

#[test]
fn status_scored_and_a_total_below_zero_are_accepted() {
    let expect = parse_expect(
        "expect:\n  a:\n    status: scored\n    total: \"-1.50\"\n    base: \"0.00\"\n",
    );
    assert_eq!(expect[0].1.status, Some(Status::Scored));
    assert_eq!(expect[0].1.total, Some(Some("-1.50".to_string())));
    let mut text = String::new();
    let dir = TempDir::new("scored");
    for (name, yaml, problem) in [
        ("grade-list", "grade: [优秀]", "expected string"),
        (
            "adjustment-number",
            "adjustments: { media: 2 }",
            "exactly two decimals",
        ),
        ("adjustment-list", "adjustments: [ media ]", "mapping"),
        ("base-places", "base: \"93.5\"", "exactly two decimals"),
        ("minus-alone", "total: \"-.50\"", "exactly two decimals"),
        ("grades", "grades: 优秀", "names a flag"),
        ("status", "status: graded", "scored, excluded or revoked"),
    ] {
        let path = dir.write(
            &format!("{name}.yaml"),
            &format!("name: {name}\npolicy: p.kp\nfacts: f.yaml\nexpect:\n  a:\n    {yaml}\n"),
        );
        let error = Case::read(&path).unwrap_err().message;
        if !error.contains(problem) {
            text.push_str(&format!("{name}: {error}\n"));
        }
    }
    assert!(text.is_empty(), "{text}");
}

#[test]
fn every_corpus_case_passes() {
    // Issue 14, point 9: the real schemes of the corpus, each pinned by cases
    // computed by hand from its card.
    for (folder, at_least) in [
        ("policies/city-env-2018", 5),
        ("policies/enforcement-responsibility", 5),
        ("policies/pond-dredging-2008", 4),
        ("policies/safety-targets", 8),
        ("policies/staff-quarterly", 6),
        ("policies/river-chief", 4),
    ] {
        let cases = assert_all_pass(folder);
        assert!(cases.len() >= at_least, "{folder}: {} cases", cases.len());
    }
}

#[test]
fn every_case_under_policies_passes() {
    // What `kaoping test policies` runs: every shipped scheme, each case
    // naming its clause.
    let cases = assert_all_pass("policies");
    assert!(cases.len() >= 56, "only {} cases", cases.len());
}

#[test]
fn a_wrong_nested_expectation_is_updated_with_its_path() {
    let dir = TempDir::new("nested");
    let path = dir.write(
        "nested.yaml",
        &format!(
            "name: nested\nclause: 四(一)1(1)①\npolicy: {}\nfacts: {}\n\
             expect:\n  \
               xicheng:\n    \
                 status: ranked\n    \
                 total: \"80.55\"\n    \
                 base: \"80.55\"\n    \
                 adjustments: {{ penalty: \"0.00\", extra: \"0.00\" }}\n    \
                 indicators: {{ environment.air.targets.pm10: \"3.00\", environment.air: \"9.30\" }}\n",
            bundled("policies/city-env-2018/city-env-2018.kp"),
            bundled("examples/city-env-2018/facts.yaml"),
        ),
    );
    let result = run_case(&path);
    let lines: Vec<String> = result.mismatches.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        lines,
        [
            r#"xicheng.status: expected "ranked", found "scored""#,
            r#"xicheng.total: expected "80.55", found "77.55""#,
            r#"xicheng.adjustments.penalty: expected "0.00", found "3.00""#,
            r#"xicheng.indicators.environment.air.targets.pm10: expected "3.00", found "1.00""#,
        ]
    );
    assert_eq!(update_case(&path, &result), Ok(true));
    let updated = std::fs::read_to_string(&path).unwrap();
    assert!(
        updated.ends_with(
            "  xicheng:\n    \
                 status: scored\n    \
                 total: \"77.55\"\n    \
                 base: \"80.55\"\n    \
                 adjustments: { penalty: \"3.00\", extra: \"0.00\" }\n    \
                 indicators: { environment.air.targets.pm10: \"1.00\", environment.air: \"9.30\" }\n"
        ),
        "{updated}"
    );
    assert!(run_case(&path).passed());
}

// issue 15 §4: `test --update` rewrites only the expectations that changed,
// in the author's layout: comments inside the section, the order of the
// keys, block and flow style, quoting and spacing all stay as written.
#[test]
fn update_edits_only_the_changed_values_in_place() {
    let dir = TempDir::new("in-place");
    let expect = "expect:\n  \
           # 南昌市: the cap of 附1 一(二) holds at 30\n  \
           nanchang:\n    \
             rank:   7          # was 1 before the 2019 revision\n    \
             status: selected\n    \
             indicators:\n      \
               supervision: '20.00'   # capped\n      \
               team.mobile:  \"10.00\"\n\n  \
           # 赣州市 is right and must not move\n  \
           ganzhou: { total: \"72.92\", indicators: { supervision: \"1.00\" } }\n";
    let path = dir.write("in-place.yaml", &collective_case(expect));
    let result = run_case(&path);
    assert!(!result.passed());
    assert_eq!(update_case(&path, &result), Ok(true));
    let updated = std::fs::read_to_string(&path).unwrap();
    let found = |id: &str, indicator: &str| {
        result
            .found
            .iter()
            .find(|(candidate, _)| candidate == id)
            .and_then(|(_, e)| e.indicators.as_ref())
            .and_then(|scores| scores.iter().find(|(name, _)| name == indicator))
            .and_then(|(_, score)| score.clone())
            .unwrap()
    };
    let rank = result.found[0].1.rank.unwrap().unwrap();
    let expected = expect
        .replace("rank:   7 ", &format!("rank:   {rank} "))
        .replace("'20.00'", "'30.00'")
        .replace(
            "{ supervision: \"1.00\" }",
            &format!("{{ supervision: \"{}\" }}", found("ganzhou", "supervision")),
        );
    assert!(updated.ends_with(&expected), "{updated}");
    assert!(run_case(&path).passed());
}
