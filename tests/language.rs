//! The language beyond the 2019 policies: each feature end to end, from
//! policy text through facts to scores.

use kaoping::{Outcome, Status};

/// Wraps an input block and indicators into a policy and scores the facts.
fn run(input: &str, body: &str, facts: &str) -> Outcome {
    let policy = format!(
        "policy test {{\n  total 10\n  round 2 half_away_from_zero per indicator\n}}\n{input}\n{body}\nrank by total\n"
    );
    let checked = kaoping::load_policy("test.kp", &policy)
        .unwrap_or_else(|report| panic!("policy must check: {:?}\n{policy}", report.problems));
    let facts = checked
        .policy
        .load_facts("facts.yaml", facts)
        .unwrap_or_else(|report| panic!("facts must load: {:?}", report.problems));
    // The compiled closures and the tree walk must agree on every feature,
    // errors included.
    let outcome = checked.policy.evaluate(&facts);
    let walked = checked.policy.evaluate_walking(&facts);
    assert_eq!(format!("{outcome:?}"), format!("{walked:?}"));
    outcome.unwrap()
}

/// Checks and loads `policy` and `facts`, then evaluates both ways: the
/// compiled result and the walked one, for tests about evaluation errors.
fn both_ways(policy: &str, facts: &str) -> (String, String) {
    let checked = kaoping::load_policy("test.kp", policy)
        .unwrap_or_else(|report| panic!("policy must check: {:?}\n{policy}", report.problems));
    let facts = checked.policy.load_facts("facts.yaml", facts).unwrap();
    let compiled = checked.policy.evaluate(&facts);
    let walked = checked.policy.evaluate_walking(&facts);
    (format!("{compiled:?}"), format!("{walked:?}"))
}

fn score(outcome: &Outcome, candidate: usize) -> String {
    outcome.candidates[candidate]
        .total
        .as_ref()
        .unwrap()
        .to_fixed(2)
}

const SIMPLE: &str = "input {\n  candidates: list of { id: text, name: text, values: list of decimal[0..10] } key id\n}";

#[test]
fn chinese_identifiers_and_percent_literals() {
    let outcome = run(
        SIMPLE,
        "param 比例 = 50%\nindicator 得分 \"得分\" max 10 {\n  let 合计 = candidate.values.sum()\n  score 合计 * 比例 cap 10\n}",
        "candidates:\n  - { id: a, name: 甲, values: [3, 4.5] }\n",
    );
    // (3 + 4.5) × 50% = 3.75
    assert_eq!(score(&outcome, 0), "3.75");
}

#[test]
fn list_aggregates() {
    let body = "indicator s max 10 {\n  let v = candidate.values\n  score (v.max() - v.min() + v.mean() + v.count(it > 2) + v.take(1).sum() + v.drop(2).sum()) cap 10\n}";
    let outcome = run(
        SIMPLE,
        body,
        "candidates:\n  - { id: a, name: 甲, values: [1, 3, 2] }\n",
    );
    // max 3 − min 1 + mean 2 + count(>2) 1 + first 1 + after two 2 = 8
    assert_eq!(score(&outcome, 0), "8.00");
    let outcome = run(
        SIMPLE,
        body,
        "candidates:\n  - { id: a, name: 甲, values: [] }\n",
    );
    // An empty list's max, min and mean are 0.
    assert_eq!(score(&outcome, 0), "0.00");
}

#[test]
fn any_all_contains_and_functions() {
    let body = "indicator s max 10 {\n  let v = candidate.values\n  score (if v.any(it == 7) and v.all(it > 0) and v.contains(2) then max(1, 2, 3) + min(4, 5) + abs(-1) + round_down(1.9) + round(0.125, 2) else 0) cap 10\n}";
    let outcome = run(
        SIMPLE,
        body,
        "candidates:\n  - { id: a, name: 甲, values: [7, 2] }\n",
    );
    // 3 + 4 + 1 + 1 + 0.13 (half away from zero) = 9.13
    assert_eq!(score(&outcome, 0), "9.13");
    let outcome = run(
        SIMPLE,
        body,
        "candidates:\n  - { id: a, name: 甲, values: [7, 0] }\n",
    );
    assert_eq!(score(&outcome, 0), "0.00");
}

#[test]
fn optional_fields_defaults_and_dates() {
    let input = "input {\n  candidates: list of { id: text, name: text, bonus: optional decimal[0..5], on: date, late: bool = false } key id\n}";
    let body = "indicator s max 10 {\n  let days = days_between(2019-11-01, candidate.on)\n  score (if present(candidate.bonus) then 1 else 0) + (candidate.bonus ?? 0) + (if candidate.on <= 2019-11-10 and not candidate.late then days / 10 else 0)\n}";
    let outcome = run(
        input,
        body,
        "candidates:\n  - { id: a, name: 甲, bonus: 2.5, on: 2019-11-10 }\n  - { id: b, name: 乙, on: 2019-11-11, late: true }\n",
    );
    // a: 1 + 2.5 + 9 days ÷ 10 = 4.40; b: no bonus, late → 0.
    assert_eq!(score(&outcome, 0), "4.40");
    assert_eq!(score(&outcome, 1), "0.00");
}

#[test]
fn enums_index_records_and_filter_groups() {
    let input = "input {\n  candidates: list of { id: text, name: text, kind: enum { small, large }, files: list of { tag: text, points: int[0..5] } } key id\n}";
    let body = "param limit = { small: 1, large: 2 }\nindicator s max 10 {\n  let taken = candidate.files.take_per(tag, limit[candidate.kind])\n  let best = candidate.files.group_by(tag).map(items.max(points)).sum()\n  let repeats = candidate.files.duplicates_by(tag).count()\n  score (taken.sum(points) + best / 10 + repeats + (if candidate.kind == \"large\" then 1 else 0)) cap 10\n}";
    let facts = "candidates:\n  - id: a\n    name: 甲\n    kind: small\n    files: [{ tag: x, points: 2 }, { tag: x, points: 4 }, { tag: y, points: 1 }]\n  - id: b\n    name: 乙\n    kind: large\n    files: [{ tag: x, points: 2 }, { tag: x, points: 4 }, { tag: y, points: 1 }]\n";
    let outcome = run(input, body, facts);
    // a (small, 1 per tag): taken 2 + 1 = 3; best 4 + 1 = 5 → 0.5; repeats 1 → 4.50
    assert_eq!(score(&outcome, 0), "4.50");
    // b (large, 2 per tag): taken 2 + 4 + 1 = 7; 0.5; 1; large +1 → 9.50
    assert_eq!(score(&outcome, 1), "9.50");
}

#[test]
fn scaled_items_and_zero_vetoes() {
    let input = "input {\n  candidates: list of { id: text, name: text, a: int[0..6], b: int[0..6], veto: bool } key id\n}";
    let body = "indicator s max 10 scaled from 12 {\n  item a max 6 { score candidate.a }\n  item b max 6 { score candidate.b }\n  zero when candidate.veto \"否决\"\n}";
    let facts = "candidates:\n  - { id: x, name: 甲, a: 6, b: 1, veto: false }\n  - { id: y, name: 乙, a: 6, b: 6, veto: true }\n";
    let outcome = run(input, body, facts);
    // (6 + 1) × 10 ÷ 12 = 5.8333… → 5.83
    assert_eq!(score(&outcome, 0), "5.83");
    assert_eq!(score(&outcome, 1), "0.00");
    assert_eq!(outcome.candidates[1].findings[0].message, "否决");
}

#[test]
fn derived_lets_templates_and_exclusion() {
    let input = "input {\n  candidates: list of { id: text, name: text, city: text, votes: int[0..] } key id\n}";
    let body = "let same_city = candidates.count(city == candidate.city)\nexclude when same_city > 1 \"{candidate.city} 推荐了 {same_city} 个\"\nindicator s max 10 {\n  score 10 * (peers.count() - peers.rank_desc(votes) + 1) / peers.count()\n}";
    let facts = "candidates:\n  - { id: a, name: 甲, city: 南昌, votes: 5 }\n  - { id: b, name: 乙, city: 九江, votes: 9 }\n  - { id: c, name: 丙, city: 南昌, votes: 7 }\n  - { id: d, name: 丁, city: 赣州, votes: 1 }\n";
    let outcome = run(input, body, facts);
    assert_eq!(outcome.candidates[0].status, Status::Excluded);
    assert_eq!(
        outcome.candidates[0].findings[0].message,
        "南昌 推荐了 2 个"
    );
    // Peers are b and d: b ranks 1 of 2 → 10; d ranks 2 → 5.
    assert_eq!(score(&outcome, 1), "10.00");
    assert_eq!(score(&outcome, 3), "5.00");
}

#[test]
fn a_score_outside_its_maximum_is_an_evaluation_error() {
    let policy = "policy test {\n  total 10\n}\ninput {\n  candidates: list of { id: text, name: text, x: int[0..] } key id\n}\nindicator s max 10 {\n  score candidate.x\n}\nrank by total\n";
    let checked = kaoping::load_policy("test.kp", policy).unwrap();
    let facts = checked
        .policy
        .load_facts("f.yaml", "candidates:\n  - { id: a, name: 甲, x: 11 }\n")
        .unwrap();
    let report = checked.policy.evaluate(&facts).unwrap_err();
    assert!(
        report.problems[0].message.contains("outside 0..10"),
        "{:?}",
        report.problems
    );
    let division = policy.replace("score candidate.x", "score 10 / candidate.x");
    let checked = kaoping::load_policy("test.kp", &division).unwrap();
    let facts = checked
        .policy
        .load_facts("f.yaml", "candidates:\n  - { id: a, name: 甲, x: 0 }\n")
        .unwrap();
    let report = checked.policy.evaluate(&facts).unwrap_err();
    assert_eq!(report.problems[0].message, "division by zero");
    // issue 15 §1: the error names the candidate whose facts gave the zero;
    // `evaluate_in` says it in the message, in the reader's language.
    let problem = &report.problems[0];
    assert_eq!(problem.label, "while evaluating this for candidate a (甲)");
    assert!(problem.fields.contains(&("candidate", "a".to_string())));
    let chinese = kaoping::eval::evaluate_in(
        &checked.policy,
        &facts,
        kaoping::messages::Language::Chinese,
    )
    .unwrap_err();
    assert_eq!(
        chinese.problems[0].message,
        "候选对象 a（甲）：除数为零（此处读取 x）"
    );
    let english = kaoping::eval::evaluate_in(
        &checked.policy,
        &facts,
        kaoping::messages::Language::English,
    )
    .unwrap_err();
    assert_eq!(
        english.problems[0].message,
        "candidate a (甲): division by zero (this code reads x)"
    );
}

#[test]
fn hostile_nesting_is_an_error_not_a_stack_overflow() {
    let header = "policy t {\n  total 10\n}\ninput {\n  candidates: list of { id: text, name: text } key id\n}\n";
    let deep_brackets = format!(
        "{header}indicator s max 10 {{\n  score {}1{}\n}}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let report = kaoping::load_policy("deep.kp", &deep_brackets).unwrap_err();
    assert!(
        report.problems[0].message.contains("nested more than"),
        "{:?}",
        report.problems
    );
    let long_chain = format!(
        "{header}indicator s max 10 {{\n  score {}\n}}\n",
        vec!["0"; 5_000].join(" + ")
    );
    let report = kaoping::load_policy("long.kp", &long_chain).unwrap_err();
    assert!(
        report.problems[0].message.contains("nested more than"),
        "{:?}",
        report.problems
    );
    // Ordinary nesting is fine.
    let fine = format!(
        "{header}indicator s max 10 {{\n  score {}1{}\n}}\nrank by total\n",
        "(".repeat(50),
        ")".repeat(50)
    );
    assert!(kaoping::load_policy("fine.kp", &fine).is_ok());
}

#[test]
fn optional_keywords_are_not_read_as_prefixes_of_names() {
    // `in`, `key`, `ref` and `optional` followed by more name characters are
    // names: `select 1` then `indicator`, a `text` field then `refund`, an
    // unkeyed list then `keyboard`, and a field of a record called `optionally`.
    let source = r#"policy prefixes {
  total 10
}
record optionally { note: text }
record Candidate {
  id: text
  name: text
  refund: bool
  extra: optionally
}
input {
  candidates: list of Candidate key id
  tags: list of text
  keyboard: int[0..]
}
select 1
indicator satisfaction "满意度" max 10 {
  score if candidate.refund then 10 else 0
}
rank by total
"#;
    let file = kaoping::syntax::parse(source).unwrap_or_else(|problem| panic!("{problem:?}"));
    assert_eq!(file.declarations.len(), 6);
    let names = |fields: &[kaoping::ast::FieldDeclaration]| {
        fields
            .iter()
            .map(|f| f.name.text.clone())
            .collect::<Vec<_>>()
    };
    match (&file.declarations[1], &file.declarations[2]) {
        (
            kaoping::ast::Declaration::Record(candidate),
            kaoping::ast::Declaration::Input(input, _),
        ) => {
            assert_eq!(names(&candidate.fields), ["id", "name", "refund", "extra"]);
            assert_eq!(names(input), ["candidates", "tags", "keyboard"]);
        }
        other => panic!("unexpected declarations {other:?}"),
    }
}

/// The findings' messages of the first candidate, in order.
fn messages(outcome: &Outcome) -> Vec<String> {
    outcome.candidates[0]
        .findings
        .iter()
        .map(|finding| finding.message.clone())
        .collect()
}

const MATERIALS: &str = "input {\n  penalised: optional list of text\n  candidates: list of { id: text, name: text, materials: optional { text: text, format: text, submitted_on: date } } key id\n}";

#[test]
fn text_functions_count_characters_find_names_and_read_extensions() {
    // Issue 5 / spec Part C: characters are Unicode scalar values other than
    // white space (never bytes); contains_any names each hit once, in list
    // order; extension lowercases the type after the last dot.
    let body = r#"indicator s max 10 {
  score 0
}
finding info when present(candidate.materials)
  "{grouped(characters(candidate.materials.text))} 字；{contains_any(candidate.materials.text, penalised ?? [])}；{extension(candidate.materials.format)}；{extension("pdf")}"
finding warning when present(candidate.materials) and characters(candidate.materials.text) > 3
  "事迹材料 {grouped(characters(candidate.materials.text))} 字，超过 3 字"
"#;
    let outcome = run(
        MATERIALS,
        body,
        "penalised: [某化工有限公司, 李某, 王某]\ncandidates:\n  - id: a\n    name: 甲\n    materials: { text: \"李某 与\\t某化工有限公司，李某。\", format: 事迹.DOCX, submitted_on: 2019-11-10 }\n",
    );
    // "李某与某化工有限公司，李某。": 2 + 1 + 7 + 1 + 2 + 1 = 14 characters
    // (the space and the tab do not count); hits in list order, once each.
    assert_eq!(
        messages(&outcome),
        [
            "14 字；某化工有限公司、李某；docx；pdf",
            "事迹材料 14 字，超过 3 字"
        ]
    );
    let outcome = run(MATERIALS, body, "candidates:\n  - { id: a, name: 甲 }\n");
    assert!(messages(&outcome).is_empty(), "no materials, no findings");
}

#[test]
fn grouped_separates_thousands() {
    let body = r#"indicator s max 10 {
  score 0
}
finding info when true "{grouped(3412)} {grouped(1234567.5)} {grouped(-1000)} {grouped(999)}"
"#;
    let outcome = run(
        SIMPLE,
        body,
        "candidates:\n  - { id: a, name: 甲, values: [] }\n",
    );
    assert_eq!(messages(&outcome), ["3,412 1,234,567.5 -1,000 999"]);
}

#[test]
fn a_present_test_lets_the_guarded_side_read_the_optional_value() {
    // `present(x) and …`, `not present(x) or …`, `if present(x) then … else …`
    // and a rule's message after a `present(x)` condition read `x` as present.
    // What a `let` learnt does not flow on: the rule tests `present(m)` again.
    let body = r#"indicator s max 10 {
  let m = candidate.materials
  let late = present(m) and m.submitted_on > 2019-11-10
  let early = not present(m) or m.submitted_on < 2019-11-01
  score if present(m) then characters(m.text) cap 10 else 0
  finding warning when present(m) and late "{m.submitted_on} 报送，晚于 2019-11-10"
  finding info when early "early"
}
"#;
    let outcome = run(
        MATERIALS,
        body,
        "candidates:\n  - id: a\n    name: 甲\n    materials: { text: 事迹材料, format: docx, submitted_on: 2019-11-11 }\n",
    );
    assert_eq!(score(&outcome, 0), "4.00");
    assert_eq!(messages(&outcome), ["2019-11-11 报送，晚于 2019-11-10"]);

    // Without the guard the optional read is still refused.
    let unguarded = body.replace("present(m) and m.submitted_on", "m.submitted_on");
    let policy =
        format!("policy test {{\n  total 10\n}}\n{MATERIALS}\n{unguarded}\nrank by total\n");
    let report = kaoping::load_policy("test.kp", &policy).expect_err("unguarded read");
    assert_eq!(report.problems[0].code, "kaoping::check::optional");
}

#[test]
fn date_builds_a_calendar_date_and_refuses_an_impossible_one() {
    // Part C's monthly briefs are due the 1st of the next month: built with
    // `date`, December's rolls into the next year.
    let input = "input {\n  candidates: list of { id: text, name: text, month: int[1..13], on: date } key id\n}";
    let body = r#"indicator s max 10 {
  let due = if candidate.month == 12 then date(2020, 1, 1) else date(2019, candidate.month + 1, 1)
  score if candidate.on > due then 0 else 10
  finding info when true "{due}"
}
"#;
    let outcome = run(
        input,
        body,
        "candidates:\n  - { id: a, name: 甲, month: 12, on: 2020-01-01 }\n  - { id: b, name: 乙, month: 6, on: 2019-07-02 }\n",
    );
    assert_eq!(score(&outcome, 0), "10.00", "on the due day is on time");
    assert_eq!(score(&outcome, 1), "0.00", "a day late");
    assert_eq!(outcome.candidates[1].findings[0].message, "2019-07-01");

    let policy = format!("policy test {{\n  total 10\n}}\n{input}\n{body}\nrank by total\n");
    let checked = kaoping::load_policy("test.kp", &policy).unwrap();
    let facts = checked
        .policy
        .load_facts(
            "facts.yaml",
            "candidates:\n  - { id: a, name: 甲, month: 13, on: 2019-01-01 }\n",
        )
        .unwrap();
    let report = checked.policy.evaluate(&facts).expect_err("month 14");
    assert_eq!(
        report.problems[0].message,
        "`date(2019, 14, 1)` is not a calendar date"
    );
}

/// Whole-list work is done once per evaluation (`src/eval/indexes.rs`): a
/// keyed lookup, `count`/`any`/`filter` led by an equality with the
/// candidate, `all` (never shortened), and `rank_desc`, `max` and `count` over
/// the peers. Each must give what walking the whole list gives.
#[test]
fn whole_list_work_shared_by_candidates_gives_what_walking_gives() {
    let input = "input {\n  cities: list of { name: text, weight: int } key name\n  candidates: list of { id: text, name: text, city: text ref cities, votes: int } key id\n}";
    let body = "\
let same = candidates.count(city == candidate.city)
let same_high = candidates.count(candidate.city == city and votes > 5)
let others = candidates.any(city == candidate.city and id != candidate.id)
let votes_here = candidates.filter(city == candidate.city).map(votes).sum()
let all_here = candidates.all(city == candidate.city)
let weight = cities[candidate.city].weight
finding info when true \"{same} {same_high} {others} {votes_here} {all_here} {weight}\"
indicator r max 10 {
  let top = peers.max(votes)
  let n = peers.count()
  score peers.rank_desc(votes) + (if top == 9 and n == 6 then 0 else 5)
}";
    let facts = "\
cities:
  - { name: a, weight: 2 }
  - { name: b, weight: 3 }
  - { name: c, weight: 4 }
candidates:
  - { id: x1, name: 甲, city: a, votes: 7 }
  - { id: x2, name: 乙, city: a, votes: 3 }
  - { id: x3, name: 丙, city: b, votes: 7 }
  - { id: x4, name: 丁, city: b, votes: 9 }
  - { id: x5, name: 戊, city: a, votes: 7 }
  - { id: x6, name: 己, city: c, votes: 1 }
";
    let outcome = run(input, body, facts);
    let message = |index: usize| outcome.candidates[index].findings[0].message.clone();
    // x1 in a: a has x1, x2, x5 (3); with votes > 5, x1 and x5 (2); others
    // there; 7 + 3 + 7 = 17 votes; not everyone is in a; a weighs 2.
    assert_eq!(message(0), "3 2 是 17 否 2");
    // x3 in b: x3 and x4, both above 5, 7 + 9 = 16, b weighs 3.
    assert_eq!(message(2), "2 2 是 16 否 3");
    // x6 is alone in c: no one else, so `any` is false.
    assert_eq!(message(5), "1 0 否 1 否 4");
    // Competition ranks by votes 7, 3, 7, 9, 7, 1: 9 first, the three 7s share
    // 2nd, then 3 is 5th and 1 is 6th; the peers' max is 9 and N is 6.
    let ranks: Vec<String> = (0..6).map(|index| score(&outcome, index)).collect();
    assert_eq!(ranks, ["2.00", "5.00", "2.00", "1.00", "2.00", "6.00"]);
}

/// issue 16 §1, the join rule (`src/eval/plans.rs`): a `count`, `any` or
/// `filter` whose predicate has an equality with the candidate among its
/// `and`s, in any place, is grouped once; when the rest reads only the item,
/// each key's value is computed once, and so is a method over such a list.
/// Each must give what walking the whole list gives (`run` compares).
#[test]
fn joins_in_any_order_with_several_keys_and_chains_give_what_walking_gives() {
    let input =
        "input {\n  candidates: list of { id: text, name: text, city: text, votes: int } key id\n}";
    let body = "\
let hi = candidates.count(votes > 5 and city == candidate.city)
let same_votes = candidates.count(city == candidate.city and candidate.votes == votes)
let sum_here = candidates.filter(votes > 2 and city == candidate.city).sum(votes)
let top_here = candidates.filter(city == candidate.city).max(votes)
let better = candidates.count(city == candidate.city and votes > candidate.votes)
let walked = candidates.count(10 / votes > 1 and city == candidate.city)
finding info when true \"{hi} {same_votes} {sum_here} {top_here} {better} {walked}\"
indicator r max 10 {
  score 1
}";
    let facts = "\
candidates:
  - { id: x1, name: 甲, city: a, votes: 7 }
  - { id: x2, name: 乙, city: a, votes: 3 }
  - { id: x3, name: 丙, city: b, votes: 7 }
  - { id: x4, name: 丁, city: b, votes: 9 }
  - { id: x5, name: 戊, city: a, votes: 7 }
  - { id: x6, name: 己, city: c, votes: 1 }
";
    let outcome = run(input, body, facts);
    let message = |index: usize| outcome.candidates[index].findings[0].message.clone();
    // City a holds x1 (7), x2 (3), x5 (7). For x1: two above 5; x1 and x5
    // have 7 votes; 7 + 3 + 7 = 17 above 2; the most is 7; no one in a has
    // more than 7; every vote count is below 10, so all three pass `10 /
    // votes > 1`.
    assert_eq!(message(0), "2 2 17 7 0 3");
    // x2 (3 votes) in a: only x2 has 3; x1 and x5 have more.
    assert_eq!(message(1), "2 1 17 7 2 3");
    // x4 in b (x3 7, x4 9): both above 5; 7 + 9 = 16; the most is 9.
    assert_eq!(message(3), "2 1 16 9 0 2");
    // x6 alone in c with 1 vote: not above 5, not above 2, max 1.
    assert_eq!(message(5), "0 1 0 1 0 1");
}

/// issue 16 §1: a keyed join computes a key's value when the first
/// candidate with that key needs it, over that key's group, so a failing
/// conjunct after the key fails for the same candidate as the walk: x3, the
/// first of city b, where x4's 9 votes divide by zero. Candidates of city a
/// never meet x4 (the key conjunct comes first).
#[test]
fn a_keyed_join_meets_an_error_for_the_candidate_the_walk_meets_it_for() {
    let policy = "policy test {\n  total 10\n  round 2 half_away_from_zero per indicator\n}
input {\n  candidates: list of { id: text, name: text, city: text, votes: int } key id\n}
indicator r max 10 {
  score candidates.count(city == candidate.city and 10 / (votes - 9) > 0) cap 10
}
rank by total
";
    let facts = "candidates:
  - { id: x1, name: 甲, city: a, votes: 7 }
  - { id: x2, name: 乙, city: a, votes: 3 }
  - { id: x3, name: 丙, city: b, votes: 7 }
  - { id: x4, name: 丁, city: b, votes: 9 }
";
    let (compiled, walked) = both_ways(policy, facts);
    assert!(walked.contains("division by zero"), "{walked}");
    assert!(walked.contains("for candidate x3"), "{walked}");
    assert_eq!(compiled, walked);
}

/// A whole-list shortcut whose per-item part reads `peers` belongs to the
/// cohort, not to the evaluation: `candidates` is the same for everyone, but
/// `if peers.count() > 2 …` ranks by votes in the group of three and by
/// minus votes in the group of two. Reusing the first group's sorted values
/// for the second would rank b1 6th of 5.
#[test]
fn a_shortcut_whose_per_item_part_reads_the_peers_is_recomputed_per_cohort() {
    let policy = "policy test {\n  total 10\n  round 2 half_away_from_zero per indicator\n}
input {\n  candidates: list of { id: text, name: text, team: enum { a, b }, votes: int } key id\n}
indicator r max 10 {
  score candidates.rank_desc(if peers.count() > 2 then votes else 0 - votes)
       + candidates.count(team == candidate.team and peers.count() > 2)
}
group by team
rank by total
";
    let facts = "candidates:
  - { id: a1, name: 甲, team: a, votes: 1 }
  - { id: a2, name: 乙, team: a, votes: 2 }
  - { id: a3, name: 丙, team: a, votes: 3 }
  - { id: b1, name: 丁, team: b, votes: 4 }
  - { id: b2, name: 戊, team: b, votes: 5 }
";
    let checked = kaoping::load_policy("test.kp", policy)
        .unwrap_or_else(|report| panic!("policy must check: {:?}", report.problems));
    let facts = checked.policy.load_facts("facts.yaml", facts).unwrap();
    let outcome = checked.policy.evaluate(&facts).unwrap();
    // Team a (3 peers): ranks by votes 1..5 among all five → a1 5th, a2 4th,
    // a3 3rd; plus the 3 candidates of team a. Team b (2 peers): ranks by
    // −votes → b1 (−4) 4th, b2 (−5) 5th; the count's condition fails → + 0.
    let totals: Vec<String> = (0..5).map(|index| score(&outcome, index)).collect();
    assert_eq!(totals, ["8.00", "7.00", "6.00", "4.00", "5.00"]);
}

/// The closures in `src/eval/compiled.rs` hand `filter` and `map` items on to
/// the next method one at a time, and compute `min`/`max` calls, numeric
/// methods and enum selection on their own; `run` also checks them against
/// the tree walk.
#[test]
fn chained_list_methods_give_what_each_step_gives_on_its_own() {
    let body = "indicator s max 10 {\n  let v = candidate.values\n  \
                let doubled = v.filter(it > 1).map(it * 2).sum()\n  \
                let counted = v.filter(it > 1).filter(it < 4).count()\n  \
                let best = v.map(it + 1).max()\n  \
                let none = v.filter(it > 9).mean()\n  \
                let some = v.map(it - 1).any(it == 0) and not v.all(it > 1)\n  \
                score min(doubled, 5) + counted / 2 + best / 10 + none + (if some then 1 else 0)\n}";
    let outcome = run(
        SIMPLE,
        body,
        "candidates:\n  - { id: a, name: 甲, values: [1, 3, 2, 4.5] }\n",
    );
    // filter(>1) = [3, 2, 4.5], doubled and summed: 19, min(19, 5) = 5;
    // filter(>1).filter(<4) = [3, 2]: 2, halved 1; map(+1).max() = 5.5, a
    // tenth 0.55; nothing above 9: mean 0; map(−1) holds a 0 and 1 fails
    // `> 1`: 1. Total 5 + 1 + 0.55 + 0 + 1 = 7.55.
    assert_eq!(score(&outcome, 0), "7.55");
    let outcome = run(
        SIMPLE,
        body,
        "candidates:\n  - { id: a, name: 甲, values: [2, 3] }\n",
    );
    // doubled 10 → 5; counted 2 → 1; best 4 → 0.4; none 0; no 1 in the
    // list, so `some` is false: 6.4.
    assert_eq!(score(&outcome, 0), "6.40");
}

/// A stage that can fail is not fused into the method after it: the walk
/// runs every stage over the whole list before the next, so an error in an
/// early stage is met even when `any` would stop at the first item, and it
/// is met before any error of a later stage. (Found in review: fused, the
/// first case scored 1 where the walk raised "division by zero".)
#[test]
fn an_error_in_an_early_list_stage_is_raised_as_the_walk_raises_it() {
    let input = "input {\n  candidates: list of { id: text, name: text, xs: list of { a: int[0..5], b: int[0..5] } } key id\n}";
    let facts = "candidates:\n  - { id: p, name: 甲, xs: [{ a: 1, b: 0 }, { a: 0, b: 1 }] }\n";
    for score in [
        "if candidate.xs.filter(10 / a > 1).any(true) then 1 else 0",
        "if candidate.xs.filter(10 / a > 1).all(false) then 1 else 0",
        "if candidate.xs.map(10 / a).any(it > 1) then 1 else 0",
        "candidate.xs.filter(10 / a > 1).sum(1 / b) cap 10",
        "candidate.xs.map(10 / a).count(1 / (it - 10) > 0) cap 10",
        "candidate.xs.filter(10 / a > 1).filter(1 / b > 0).count() cap 10",
    ] {
        let policy = format!(
            "policy test {{\n  total 10\n  round 2 half_away_from_zero per indicator\n}}\n{input}\nindicator s max 10 {{\n  score {score}\n}}\nrank by total\n"
        );
        let (compiled, walked) = both_ways(&policy, facts);
        // Every case divides by the second item's `a`, 0, in its first stage.
        assert!(walked.contains("division by zero"), "{score}: {walked}");
        assert_eq!(compiled, walked, "{score}");
    }
}

// ───────────────────────────────────────────── parameters in range bounds

/// A 2019 policy whose expert score is bounded by its full-score parameter.
const RANGED_2019: &str = r#"policy ranged_2019 {
  total 10
  round 2 half_away_from_zero per indicator
}
param full_score "满分" = 100
input {
  candidates: list of { id: text, name: text, score: decimal[0..full_score] } key id
}
indicator quality "质量" max 10 {
  score 10 * candidate.score / full_score
}
rank by total
"#;

/// The next year's policy: the same rules, marked out of 120.
const RANGED_2020: &str = r#"policy ranged_2020 {
  extends "../2019/ranged.kp"
}
override param full_score "满分" = 120
"#;

fn load_ranged(year: &str) -> kaoping::Checked {
    let read = |path: &std::path::Path| -> std::io::Result<String> {
        match path.to_str() {
            Some("policies/2019/ranged.kp") => Ok(RANGED_2019.to_string()),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such file",
            )),
        }
    };
    let (name, text) = match year {
        "2019" => ("policies/2019/ranged.kp", RANGED_2019),
        _ => ("policies/2020/ranged.kp", RANGED_2020),
    };
    kaoping::load_policy_with(name, text, &read)
        .unwrap_or_else(|report| panic!("{year} must check: {:?}", report.problems))
}

fn one_score(score: &str) -> String {
    format!("candidates:\n  - {{ id: a, name: 甲, score: {score} }}\n")
}

#[test]
fn a_range_bound_may_name_a_parameter() {
    let checked = load_ranged("2019");
    assert!(
        checked.warnings.problems.is_empty(),
        "{:?}",
        checked.warnings.problems
    );
    let policy = &checked.policy;
    // 100 is the bound itself: accepted, and 10 × 100 ÷ 100 = 10.
    let facts = policy.load_facts("facts.yaml", &one_score("100")).unwrap();
    let outcome = policy.evaluate(&facts).unwrap();
    assert_eq!(score(&outcome, 0), "10.00");
    // 100.5 lies past it.
    let report = policy
        .load_facts("facts.yaml", &one_score("100.5"))
        .expect_err("100.5 is out of range");
    assert!(
        report.problems[0].message.contains("0–100"),
        "{:?}",
        report.problems
    );
}

#[test]
fn overriding_the_parameter_moves_the_range_the_facts_must_keep() {
    let (old, new) = (load_ranged("2019"), load_ranged("2020"));
    assert!(
        new.warnings.problems.is_empty(),
        "{:?}",
        new.warnings.problems
    );
    // 110 is refused in 2019 (over 100) and accepted in 2020 (up to 120),
    // where it scores 10 × 110 ÷ 120 = 9.1666… → 9.17.
    assert!(old
        .policy
        .load_facts("facts.yaml", &one_score("110"))
        .is_err());
    let facts = new
        .policy
        .load_facts("facts.yaml", &one_score("110"))
        .expect("2020 accepts 110");
    assert_eq!(score(&new.policy.evaluate(&facts).unwrap(), 0), "9.17");
    let report = new
        .policy
        .load_facts("facts.yaml", &one_score("120.01"))
        .expect_err("120.01 is out of range in 2020");
    assert!(
        report.problems[0].message.contains("0–120"),
        "{:?}",
        report.problems
    );
    // The JSON Schema and the template describe each year's own range.
    let maximum = |checked: &kaoping::Checked| {
        let schema = kaoping::json_schema::json_schema(&checked.policy).to_string();
        let at = schema.find("\"maximum\":").expect("a maximum");
        schema[at..].split([',', '}']).next().unwrap().to_string()
    };
    assert_eq!(maximum(&old), "\"maximum\":100");
    assert_eq!(maximum(&new), "\"maximum\":120");
    assert!(kaoping::template::template(&old.policy).contains("decimal 0–100"));
    assert!(kaoping::template::template(&new.policy).contains("decimal 0–120"));
}

#[test]
fn a_parameter_that_only_the_replaced_rules_read_is_reported_in_its_own_file() {
    // The 2020 policy replaces the indicator with one that no longer reads
    // `bonus_cap`, which the 2019 file declares.
    let base = RANGED_2019.replace("param full_score", "param bonus_cap = 3\nparam full_score");
    let base = base.replace(
        "score 10 * candidate.score / full_score",
        "score 10 * candidate.score / full_score cap (10 - bonus_cap + 3)",
    );
    let child = "policy ranged_2020 {\n  extends \"../2019/ranged.kp\"\n}\noverride indicator quality \"质量\" max 10 {\n  score 10 * candidate.score / full_score\n}\n";
    let read = |path: &std::path::Path| -> std::io::Result<String> {
        match path.to_str() {
            Some("policies/2019/ranged.kp") => Ok(base.clone()),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such file",
            )),
        }
    };
    let checked = kaoping::load_policy_with("policies/2020/ranged.kp", child, &read)
        .unwrap_or_else(|report| panic!("{:?}", report.problems));
    let warnings: Vec<_> = checked.warnings.warnings().collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].code, "kaoping::check::unused_parameter");
    assert_eq!(warnings[0].message, "parameter `bonus_cap` is never used");
    let location = checked.warnings.locate(warnings[0].span.start);
    assert_eq!(location.file, "policies/2019/ranged.kp");
    assert_eq!(location.line, 5);
    let help = warnings[0].help.as_deref().unwrap();
    assert!(help.contains("policies/2019/ranged.kp"), "{help}");
}

/// The upper bound of an expert score's range in `record`, in a policy that
/// extends `parent` and sets `parameter` to `value`.
fn expert_score_bound(parent: &str, parameter: &str, value: &str, record: &str) -> String {
    let child = format!(
        "policy what_if {{\n  extends \"../policies/jiangxi-2019/{parent}\"\n}}\noverride param {parameter} = {value}\n"
    );
    let checked = kaoping::load_policy("what-if/child.kp", &child)
        .unwrap_or_else(|report| panic!("{:?}", report.problems));
    let policy = &checked.policy;
    let record = policy.records.iter().find(|r| r.name == record).unwrap();
    let field = &record.fields[record.field_index("score").unwrap()];
    match &field.schema {
        kaoping::policy::FieldType::Number {
            high: Some(high), ..
        } => high.to_string(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_2019_expert_score_ranges_follow_their_full_score_parameters() {
    // The case-file and evidence-file scores are marked out of
    // `case_file_full_score` (附1 三(三)) and `evidence_file_max` (附2 二(二)):
    // a later year that changes either accepts scores up to its own value.
    let collective =
        |value| expert_score_bound("collective.kp", "case_file_full_score", value, "CaseFile");
    assert_eq!(collective("100"), "100");
    assert_eq!(collective("120"), "120");
    let individual =
        |value| expert_score_bound("individual.kp", "evidence_file_max", value, "EvidenceFile");
    assert_eq!(individual("30"), "30");
    assert_eq!(individual("40"), "40");
}

#[test]
fn an_override_that_empties_an_inherited_range_is_shown_where_it_is_written() {
    let child = "policy ranged_2020 {\n  extends \"../2019/ranged.kp\"\n}\noverride param full_score = -5\n";
    let read = |path: &std::path::Path| -> std::io::Result<String> {
        match path.to_str() {
            Some("policies/2019/ranged.kp") => Ok(RANGED_2019.to_string()),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such file",
            )),
        }
    };
    let report = match kaoping::load_policy_with("policies/2020/ranged.kp", child, &read) {
        Ok(_) => panic!("a range 0..-5 is empty"),
        Err(report) => report,
    };
    let range: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.code == "kaoping::check::range")
        .collect();
    assert_eq!(range.len(), 1, "{:?}", report.problems);
    assert_eq!(
        range[0].message,
        "the range `0..full_score` is empty: 0 is greater than -5"
    );
    // The range is the 2019 file's; the value that empties it is the 2020 file's.
    assert_eq!(
        report.locate(range[0].span.start).file,
        "policies/2019/ranged.kp"
    );
    let (declared, label) = &range[0].related[0];
    assert_eq!(label, "`full_score` is -5 here");
    assert_eq!(
        report.locate(declared.start).file,
        "policies/2020/ranged.kp"
    );
}

/// The key of a keyed list is read by the loader, which refuses two items
/// with the same key (one rating sheet per rater): it is no unused input.
#[test]
fn a_list_key_is_not_an_unused_input() {
    let checked = kaoping::load_policy(
        "keys.kp",
        r#"
policy keys { total 10 }
input {
  candidates: list of {
    id: text
    sheets: list of { rater: text, mark: decimal[0..10] } key rater
    unread: int[0..]
  } key id
}
indicator marks max 10 { score candidate.sheets.mean(mark) }
"#,
    )
    .unwrap();
    let warnings: Vec<&str> = checked
        .warnings
        .problems
        .iter()
        .map(|problem| problem.message.as_str())
        .collect();
    assert_eq!(warnings, ["input field `candidates.unread` is never used"]);
}

/// issue 15 §1: a facts problem names its candidate by id and name; a
/// candidate whose name is left empty is named by its id alone, not `b ()`.
#[test]
fn a_facts_problem_names_the_candidate_by_id_and_name_or_id_alone() {
    let policy = r#"policy demo {
  title "示例"
  total 10
}
input {
  candidates: list of { id: text, name: text, votes: int[0..] } key id
}
indicator satisfaction "满意度" max 10 {
  score candidate.votes cap 10
}
"#;
    let checked = kaoping::load_policy("demo.kp", policy).expect("a valid policy");
    let facts =
        "candidates:\n  - { id: a, name: 甲, votes: -1 }\n  - { id: b, name: '', votes: -2 }\n";
    let report = checked
        .policy
        .load_facts("facts.yaml", facts)
        .expect_err("votes below 0");
    let messages: Vec<&str> = report
        .problems
        .iter()
        .map(|problem| problem.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].starts_with("candidate a (甲) · votes (line 2)"),
        "{messages:#?}"
    );
    assert!(
        messages[1].starts_with("candidate b · votes (line 3)"),
        "{messages:#?}"
    );
}
