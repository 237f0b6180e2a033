//! The canonical formatter: layout, comments, parentheses, and its two
//! promises over generated trees and texts (proptest): the tree survives, and
//! formatting twice changes nothing.

use std::path::{Path, PathBuf};

use kaoping::ast::*;
use kaoping::format::{format_file, format_source};
use kaoping::syntax;
use proptest::prelude::*;

fn format(text: &str) -> String {
    match format_source(text) {
        Ok(formatted) => formatted,
        Err(problem) => panic!("{text}\ndoes not parse: {problem:?}"),
    }
}

/// Comment texts as the grammar sees them: strings end at their quote or
/// their line. (Enough for files whose template holes hold no strings.)
fn comment_texts(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'"' => {
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' && bytes[index] != b'\n' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                let end = text[index..]
                    .find('\n')
                    .map_or(text.len(), |end| index + end);
                comments.push(text[index..end].trim_end_matches('\r'));
                index = end;
            }
            b'/' if bytes.get(index + 1) == Some(&b'*') => {
                let end = text[index + 2..]
                    .find("*/")
                    .map_or(text.len(), |end| index + 2 + end + 2);
                comments.push(&text[index..end]);
                index = end;
            }
            _ => {}
        }
        index += 1;
    }
    comments
}

/// Formats once and checks the promises: same tree, a fixed point, every
/// comment kept, no trailing whitespace.
fn check_formats(name: &str, text: &str) -> String {
    let once = format(text);
    assert_eq!(
        syntax::parse(&once).ok(),
        syntax::parse(text).ok(),
        "{name}: the formatted tree differs\n{once}"
    );
    assert_eq!(format(&once), once, "{name}: formatting twice changes it");
    for comment in comment_texts(text) {
        assert!(
            once.contains(comment),
            "{name}: lost the comment {comment:?}\n{once}"
        );
    }
    for line in once.lines() {
        assert_eq!(line.trim_end(), line, "{name}: trailing whitespace");
    }
    once
}

// ---------------------------------------------------------------- layout

const COMMENTED: &str = r#"// Leading comment of the file.

/* A block comment
   over two lines. */
policy demo { // after the header's brace
  // before the title
  title "演示" // after the title
  total 10
    round 2 half_even per indicator
  /* before the closing brace */
}

// Parameters.
param a "甲" = 1 cite "一"   // after a
param longer_name "较长的标签" = 2 // after longer_name


param table = { city: { general: 2, four_measures: 2 }, // after city
  // before county
  county: { general: 2, four_measures: 1 } }

record Unit "单位" {
  id: text // after id
  // before level
  level "级别": enum { city "市级", /* after city */ county "县级" }
  score "得分": decimal[0..100]
}

input {
  candidates: list of Unit key id
}

exclude when candidate.level == /* inside the condition */ "city"
  "{candidate.id}不参评" cite "一" // after the rule

indicator s "得分" max 10 { // after the indicator's brace
  cite "二" // after the cite
  // before the let
  let x = candidate.score + // at the end of an operand
    1

  score x cap 10 // after the score
  item sub "分项" max 0 {
    score 0
    // at the end of the item
  }
  // at the end of the indicator
}

rank by total, s
select 1 // the quota
// At the end of the file.
"#;

#[test]
fn comments_in_every_position_keep_their_places() {
    let formatted = check_formats("commented", COMMENTED);
    insta::assert_snapshot!(formatted);
}

/// Issue 14's constructs as a real scheme uses them (corpus card 01: four
/// levels, deductions down to zero, bonus and deductions outside the maxima,
/// grades with quotas, vetoes on the grade), written untidily, with comments
/// in and around every new block.
const ENVIRONMENT: &str = r#"// 2018 年某市环境保护目标责任书考核细则
policy city_env_2018 {
  title "环境保护目标责任书考核" total 100
  round 2 half_away_from_zero per indicator
  final at least -5 at most 105 // 得分 = 各单项分值 − 扣分 + 加分
}
input { candidates: list of { id: text, county: enum { a, b }, pm10: decimal, pm25: decimal, good_days: decimal, accepted: bool, media: int[0..], criticisms: int[0..] } key id }
param targets = { pm10: 70, pm25: 40, good_days: 80 }
group by county
indicator quality "(一)环境质量" max 40 { cite "四(一)"
  // 1、空气
  item air "1、空气环境质量" max 15 {
    item control "(1)空气环境质量控制目标" max 6 {
      item pm10 "①PM10年均浓度" max 3 {
        deduct 0.5 per candidate.pm10 - targets.pm10 "PM10 超标 {candidate.pm10 - targets.pm10} 微克/立方米" cite "四(一)1(1)①" // 扣完为止
      }
      item pm25 "②PM2.5年均浓度" max 1 { deduct 0.5 per candidate.pm25 - targets.pm25 }
      item good "③优良天数比率" max 1 {
        deduct 0.25 per targets.good_days - candidate.good_days cite "四(一)1(1)③" reading "每低 1 个百分点扣 0.25 分"
        // after a deduct line
      }
      item others "④SO2、NO2、CO、O3" max 1 { full when candidate.accepted cite "四(一)1(1)④" }
    }
    item rest "(2)其余" max 9 scaled from 10 {
      /* 原文缺失 */
      deduct 1 per 10 of 90 - candidate.good_days // 每低 10 个百分点扣 1 分
      deduct 5 when not candidate.accepted "未验收"
    }
  }
  item other "其余部分" max 25 { score 25 }
}
indicator rest "其他" max 60 { score 60 }
bonus media "宣传报道加分" cap 2 { add 0.3 per candidate.media "中央媒体报道 {candidate.media} 篇" cite "第十条 4"
  // 连续三年下降
  add 3 when candidate.accepted "死亡人数控制指标连续三年下降" cite "第十条 3" }
deduction criticism "通报批评扣分" {
  deduct 2 per candidate.criticisms cite "第十一条" // 每次扣 2 分
}
grades by total { // 考核等次
  优秀 >= 90 quota 20% // 不超过 20%
  // 良好
  良好 >= 80
  advanced "先进" >= 70 quota 6 in a quota 10 in b
  /* 最后 */ 不合格 cite "五"
  // 结束
} cite "五"
grade 不合格 when not candidate.accepted "一票否决：未验收" cite "六"
grade at most 良好 when candidate.criticisms > 2 "不得评为优秀：通报批评 {candidate.criticisms} 次" cite "六(二)"
"#;

#[test]
fn issue_14_constructs_lay_out_with_their_comments() {
    let formatted = check_formats("environment", ENVIRONMENT);
    insta::assert_snapshot!(formatted);
}

#[test]
fn a_points_line_message_takes_a_line_of_its_own_when_it_does_not_fit() {
    let text = r#"policy p {}
indicator i max 3 {
  deduct 0.5 per candidate.measured_concentration - targets.concentration "超标 {candidate.measured_concentration}" cite "一"
  deduct 1 per 10 of 90 - candidate.rate "差 {90 - candidate.rate}"
  add 1 when candidate.a
}
"#;
    assert_eq!(
        check_formats("points", text),
        r#"policy p {}
indicator i max 3 {
  deduct 0.5 per candidate.measured_concentration - targets.concentration
    "超标 {candidate.measured_concentration}" cite "一"
  deduct 1 per 10 of 90 - candidate.rate "差 {90 - candidate.rate}"
  add 1 when candidate.a
}
"#
    );
}

#[test]
fn shipped_policies_are_formatted() {
    // Issue 4: the shipped policies and what-ifs are in the canonical layout,
    // as `kaoping fmt --check policies examples` also checks in CI.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for directory in ["policies", "examples"] {
        collect_policies(&root.join(directory), &mut files);
    }
    assert!(files.len() >= 4, "{files:?}");
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            format(&text),
            text,
            "`{}` is not formatted; run `kaoping fmt {}`",
            path.display(),
            path.display()
        );
    }
}

#[test]
fn every_policy_that_parses_formats_to_the_same_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for directory in [
        "policies",
        "examples",
        "tests/data/policies",
        "tests/data/extends",
    ] {
        collect_policies(&root.join(directory), &mut files);
    }
    let mut formatted = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        if syntax::parse(&text).is_ok() {
            check_formats(&path.display().to_string(), &text);
            formatted += 1;
        }
    }
    assert!(formatted >= 30, "only {formatted} policies formatted");
}

fn collect_policies(directory: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_policies(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "kp") {
            files.push(path);
        }
    }
}

#[test]
fn a_text_that_does_not_parse_is_the_syntax_problem() {
    let problem = format_source("policy p {").unwrap_err();
    assert!(problem.message.contains("syntax error"), "{problem:?}");
}

#[test]
fn header_fields_align_in_canonical_order() {
    let text = "policy p { round 2 down per indicator total 10 extends \"base.kp\" title \"T\" }\n";
    assert_eq!(
        format(text),
        "policy p {\n  extends \"base.kp\"\n  title   \"T\"\n  total   10\n  round   2 down per indicator\n}\n"
    );
}

#[test]
fn blank_lines_follow_the_author_and_collapse_to_one() {
    let text = "policy p {}\nparam a = 1\n\n\n\nparam bb = 2\nparam c = 3\nlet d = 4 let e = 5\n";
    assert_eq!(
        format(text),
        "policy p {}\nparam a = 1\n\nparam bb = 2\nparam c  = 3\nlet d = 4\nlet e = 5\n"
    );
}

#[test]
fn range_bounds_that_name_parameters_print_as_written() {
    let text = "policy p {}\nparam full = 100\nrecord R { score: decimal[ 0 .. full ] , low: int[lowest..-1], open: int[full..] }\n";
    let formatted = format(text);
    assert_eq!(
        formatted,
        "policy p {}\nparam full = 100\nrecord R {\n  score: decimal[0..full]\n  low:   int[lowest..-1]\n  open:  int[full..]\n}\n"
    );
    let tree = syntax::parse(&formatted).expect("the formatted text parses");
    let Declaration::Record(record) = &tree.declarations[1] else {
        panic!("a record: {tree:?}")
    };
    let TypeExpression::Range { low, high, .. } = &record.fields[0].field_type else {
        panic!("a range: {record:?}")
    };
    assert_eq!(low, &Some(RangeBound::Number("0".into())));
    assert!(matches!(high, Some(RangeBound::Parameter(name)) if name.text == "full"));
}

#[test]
fn inheritance_declarations_print() {
    let text = r#"policy child { extends "../base/collective.kp" }
override param weight "权重" = 30 cite "一"
override indicator team max 20 { score 20 }
override item team.mobile "移动执法" max 10 { score 10 }
override record City { name: text }
override rank by total, team
override group by level
remove indicator satisfaction
remove item team.safety
override item quality.air.control.pm10 "PM10" max 3 scaled from 4 { deduct 1 per gap }
remove item quality.air.control.others
override grades by total { 优秀 >= 85 quota 15% 合格 } cite "五"
override bonus media "宣传" cap 3 { add 0.5 per candidate.media }
override deduction criticism { deduct 1 per candidate.criticisms }
remove bonus media
remove deduction criticism
"#;
    assert_eq!(
        format(text),
        r#"policy child {
  extends "../base/collective.kp"
}
override param weight "权重" = 30 cite "一"
override indicator team max 20 {
  score 20
}
override item team.mobile "移动执法" max 10 {
  score 10
}
override record City {
  name: text
}
override rank by total, team
override group by level
remove indicator satisfaction
remove item team.safety
override item quality.air.control.pm10 "PM10" max 3 scaled from 4 {
  deduct 1 per gap
}
remove item quality.air.control.others
override grades by total {
  优秀 >= 85 quota 15%
  合格
} cite "五"
override bonus media "宣传" cap 3 {
  add 0.5 per candidate.media
}
override deduction criticism {
  deduct 1 per candidate.criticisms
}
remove bonus media
remove deduction criticism
"#
    );
}

#[test]
fn block_bodies_print_cites_readings_statements_then_items() {
    let text = r#"policy p {}
indicator i max 3 {
  item a max 3 { score 3 }
  let x = 1 cite "一" reading "读法" cite "二"
  score x
}
"#;
    assert_eq!(
        format(text),
        r#"policy p {}
indicator i max 3 {
  cite "一" cite "二"
  reading "读法"
  let x = 1
  score x
  item a max 3 {
    score 3
  }
}
"#
    );
}

#[test]
fn long_expressions_break_before_their_loosest_operators() {
    let text = "policy p {}\nlet x = if alpha_alpha_alpha then beta_beta_beta_beta else if gamma_gamma_gamma then delta_delta_delta else epsilon\nlet y = first_long_operand_name + second_long_operand_name * factor_name + third_operand_name_here cap the_upper_bound_name\nlet z = first_long_operand_name + second_long_operand_name * factor_name + third_operand_name_here_longer cap the_upper_bound_name\n";
    assert_eq!(
        format(text),
        "policy p {}\n\
         let x = if alpha_alpha_alpha then beta_beta_beta_beta\n        \
         else if gamma_gamma_gamma then delta_delta_delta\n        \
         else epsilon\n\
         let y = (first_long_operand_name + second_long_operand_name * factor_name + third_operand_name_here)\n        \
         cap the_upper_bound_name\n\
         let z = (first_long_operand_name\n         \
         + second_long_operand_name * factor_name\n         \
         + third_operand_name_here_longer)\n        \
         cap the_upper_bound_name\n"
    );
}

#[test]
fn strings_and_templates_are_escaped_again() {
    let text = r#"policy p { title "a\"b\\c\nd\te{f}" }
exclude when true "x\{y\}{candidate.id}\"z\""
"#;
    let formatted = check_formats("escapes", text);
    assert!(
        formatted.contains(r#"title "a\"b\\c\nd\te{f}""#),
        "{formatted}"
    );
    assert!(
        formatted.contains(r#""x\{y\}{candidate.id}\"z\"""#),
        "{formatted}"
    );
}

// ---------------------------------------------------------------- parentheses

/// The formatted text of one expression, as the value of a `let`.
fn formatted_expression(expression: &str) -> String {
    let formatted = format(&format!("policy p {{}}\nlet x = {expression}\n"));
    formatted
        .strip_prefix("policy p {}\nlet x = ")
        .and_then(|rest| rest.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("unexpected layout:\n{formatted}"))
        .to_string()
}

#[test]
fn parentheses_are_the_fewest_that_keep_the_tree() {
    let cases = [
        ("(a + b) * c", "(a + b) * c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("a / (b * c)", "a / (b * c)"),
        ("not (a and b)", "not (a and b)"),
        ("(not a) and b", "not a and b"),
        ("not (a == b)", "not a == b"),
        ("(not a) == b", "(not a) == b"),
        ("-(a + b)", "-(a + b)"),
        ("-(-a)", "--a"),
        ("-(not a)", "-(not a)"),
        ("(-a).b", "(-a).b"),
        ("-(a.b)", "-a.b"),
        ("(if a then 1 else 2) + 3", "(if a then 1 else 2) + 3"),
        ("1 + (if a then 1 else 2)", "1 + (if a then 1 else 2)"),
        (
            "if (if a then b else c) then (1 + 2) else (3)",
            "if if a then b else c then 1 + 2 else 3",
        ),
        (
            "f((a + b), (if a then 1 else 2))",
            "f(a + b, if a then 1 else 2)",
        ),
        ("x[(a + b)].y", "x[a + b].y"),
        ("(a < b) == c", "(a < b) == c"),
        ("a == (b < c)", "a == (b < c)"),
        ("(a ?? b) ?? c", "a ?? b ?? c"),
        ("a ?? (b ?? c)", "a ?? (b ?? c)"),
        // Arithmetic under `cap`/`floor` keeps parentheses for the reader.
        ("(a + b) cap c", "(a + b) cap c"),
        ("a - b floor 0", "(a - b) floor 0"),
        ("x * 2 cap 10", "(x * 2) cap 10"),
        ("-x cap 3", "-x cap 3"),
        ("s.sum() cap b", "s.sum() cap b"),
        ("a + (b cap c)", "a + (b cap c)"),
        ("(a cap b) floor c", "a cap b floor c"),
        ("a or (b and c)", "a or b and c"),
        ("(a or b) and c", "(a or b) and c"),
        ("a and (b or c)", "a and (b or c)"),
        ("((a))", "a"),
        ("({ k: 1 }).k", "{ k: 1 }.k"),
        ("(a + b).c()", "(a + b).c()"),
        ("50% * 2019-05-14", "50% * 2019-05-14"),
        ("1.50 - -0.5", "1.50 - -0.5"),
    ];
    for (written, expected) in cases {
        assert_eq!(formatted_expression(written), expected, "from {written}");
    }
}

// ---------------------------------------------------------------- generated trees

const RESERVED: &[&str] = &[
    "if",
    "then",
    "else",
    "and",
    "or",
    "not",
    "cap",
    "floor",
    "true",
    "false",
    "cite",
    "reading",
    "in",
    "top",
    "when",
    "max",
    "scaled",
    "from",
    "key",
    "of",
    "ref",
    "optional",
    "list",
    "enum",
    "text",
    "int",
    "decimal",
    "by",
    "per",
    "item",
    "let",
    "score",
    "zero",
    "finding",
    "param",
    "exclude",
    "revoke",
    "group",
    "rank",
    "select",
    "flag",
    "override",
    "remove",
    "record",
    "input",
    "policy",
    "indicator",
    // Issue 14: words that start or continue the new lines and blocks.
    "deduct",
    "add",
    "full",
    "bonus",
    "deduction",
    "grades",
    "grade",
    "quota",
    "at",
    "least",
    "most",
    "final",
];

fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        // Names that start with a keyword (`index`, `keyed`, `refund`) are
        // generated on purpose: the grammar must read them as names.
        "[a-z][a-z0-9_]{0,5}"
            .prop_filter("not reserved", |text| !RESERVED.contains(&text.as_str())),
        Just("index".to_string()),
        Just("keyed".to_string()),
        Just("refund".to_string()),
        Just("optionally".to_string()),
        Just("分数".to_string()),
        Just("甲_1".to_string()),
    ]
    .prop_map(|text| Name {
        text,
        span: Span::default(),
    })
}

fn string() -> impl Strategy<Value = String> {
    "[a-z 甲乙\"\\\\{}\n\t%]{0,8}"
}

fn expression_of(kind: ExpressionKind) -> Expression {
    Expression {
        kind,
        span: Span::default(),
    }
}

fn literal() -> impl Strategy<Value = Expression> {
    prop_oneof![
        "[0-9]{1,3}(\\.[0-9]{1,2})?".prop_map(ExpressionKind::Number),
        "[0-9]{1,2}(\\.5)?".prop_map(ExpressionKind::Percent),
        any::<bool>().prop_map(ExpressionKind::Boolean),
        string().prop_map(ExpressionKind::Text),
        Just(ExpressionKind::Date("2019-05-14".to_string())),
        name().prop_map(ExpressionKind::Name),
    ]
    .prop_map(expression_of)
}

fn binary_operator() -> impl Strategy<Value = BinaryOperator> {
    use BinaryOperator::*;
    prop::sample::select(vec![
        Add,
        Subtract,
        Multiply,
        Divide,
        Cap,
        Floor,
        Default,
        Equal,
        NotEqual,
        Less,
        LessEqual,
        Greater,
        GreaterEqual,
        And,
        Or,
    ])
}

fn expression() -> impl Strategy<Value = Expression> {
    literal().prop_recursive(3, 24, 3, |inner| {
        let boxed = inner.clone().prop_map(Box::new);
        prop_oneof![
            prop::collection::vec((name(), inner.clone()), 0..3).prop_map(ExpressionKind::Record),
            prop::collection::vec(inner.clone(), 0..3).prop_map(ExpressionKind::List),
            (name(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(function, arguments)| ExpressionKind::Call(function, arguments)),
            (
                boxed.clone(),
                name(),
                prop::collection::vec(inner.clone(), 0..2)
            )
                .prop_map(|(target, method, arguments)| ExpressionKind::Method(
                    target, method, arguments
                )),
            (boxed.clone(), name())
                .prop_map(|(target, field)| ExpressionKind::Field(target, field)),
            (boxed.clone(), boxed.clone())
                .prop_map(|(target, key)| ExpressionKind::Index(target, key)),
            (
                prop::sample::select(vec![UnaryOperator::Not, UnaryOperator::Negate]),
                boxed.clone()
            )
                .prop_map(|(operator, operand)| ExpressionKind::Unary(operator, operand)),
            (binary_operator(), boxed.clone(), boxed.clone())
                .prop_map(|(operator, left, right)| ExpressionKind::Binary(operator, left, right)),
            (boxed.clone(), boxed.clone(), boxed).prop_map(|(condition, then, otherwise)| {
                ExpressionKind::If(condition, then, otherwise)
            }),
        ]
        .prop_map(expression_of)
    })
}

/// Holes hold no strings, so the tests' comment scanner reads templates right.
fn hole() -> impl Strategy<Value = Expression> {
    let leaf = prop_oneof![
        name().prop_map(ExpressionKind::Name),
        "[0-9]{1,2}".prop_map(ExpressionKind::Number),
    ]
    .prop_map(expression_of);
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone().prop_map(Box::new), name())
                .prop_map(|(target, field)| ExpressionKind::Field(target, field)),
            (
                binary_operator(),
                inner.clone().prop_map(Box::new),
                inner.prop_map(Box::new)
            )
                .prop_map(|(operator, left, right)| ExpressionKind::Binary(operator, left, right)),
        ]
        .prop_map(expression_of)
    })
}

/// Adjacent text parts merge when parsed, and empty ones vanish.
fn template() -> impl Strategy<Value = Template> {
    prop::collection::vec(
        prop_oneof![string().prop_map(Ok), hole().prop_map(Err)],
        0..4,
    )
    .prop_map(|pieces| {
        let mut parts: Vec<TemplatePart> = Vec::new();
        for piece in pieces {
            match (piece, parts.last_mut()) {
                (Ok(text), _) if text.is_empty() => {}
                (Ok(text), Some(TemplatePart::Text(last))) => last.push_str(&text),
                (Ok(text), _) => parts.push(TemplatePart::Text(text)),
                (Err(hole), _) => parts.push(TemplatePart::Hole(hole)),
            }
        }
        Template {
            parts,
            span: Span::default(),
        }
    })
}

fn annotations() -> impl Strategy<Value = Annotations> {
    (
        prop::collection::vec(string(), 0..3),
        prop::collection::vec(string(), 0..2),
    )
        .prop_map(|(cites, readings)| Annotations {
            cites,
            readings: readings
                .into_iter()
                .map(|reading| (reading, Span::default()))
                .collect(),
        })
}

fn rule(severity: Option<Severity>) -> impl Strategy<Value = Rule> {
    (
        prop::sample::select(vec![Severity::Info, Severity::Warning, Severity::Error]),
        expression(),
        template(),
        annotations(),
    )
        .prop_map(move |(declared, condition, message, annotations)| Rule {
            severity: severity.unwrap_or(declared),
            condition,
            message,
            annotations,
            span: Span::default(),
        })
}

/// A range bound: a number, or a parameter's name when it starts with a letter.
fn range_bound(text: &str) -> RangeBound {
    if text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        RangeBound::Parameter(Name {
            text: text.to_string(),
            span: Span::default(),
        })
    } else {
        RangeBound::Number(text.to_string())
    }
}

/// A type whose printed form does not end in a list, so a key given to an
/// enclosing list cannot be read as this one's.
fn type_expression() -> impl Strategy<Value = TypeExpression> {
    let leaf = prop_oneof![
        prop::sample::select(vec!["int", "decimal", "bool", "text", "date", "Unit"]).prop_map(
            |text| TypeExpression::Named(Name {
                text: text.to_string(),
                span: Span::default()
            })
        ),
        (
            prop::sample::select(vec!["int", "decimal"]),
            prop::option::of(prop::sample::select(vec!["0", "-3", "1.5", "lowest"])),
            prop::option::of(prop::sample::select(vec!["5", "100", "-1", "full_score"])),
        )
            .prop_map(|(scalar, low, high)| TypeExpression::Range {
                scalar: Name {
                    text: scalar.to_string(),
                    span: Span::default()
                },
                low: low.map(range_bound),
                high: high.map(range_bound),
                span: Span::default(),
            }),
        name().prop_map(|list| TypeExpression::Reference(list, Span::default())),
        prop::collection::vec((name(), prop::option::of(string())), 1..4)
            .prop_map(|variants| TypeExpression::Enum(variants, Span::default())),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|inner| TypeExpression::Optional(Box::new(inner), Span::default())),
            (inner.clone(), prop::option::of(name())).prop_map(|(element, key)| {
                TypeExpression::List {
                    element: Box::new(element),
                    key,
                    span: Span::default(),
                }
            }),
            prop::collection::vec(field_with(inner), 0..3)
                .prop_map(|fields| TypeExpression::Record(fields, Span::default())),
        ]
        .prop_filter("a key after a nested list", |field_type| {
            !matches!(field_type, TypeExpression::List { element, key: Some(_), .. } if ends_in_list(element))
        })
    })
}

fn ends_in_list(field_type: &TypeExpression) -> bool {
    match field_type {
        TypeExpression::List { .. } => true,
        TypeExpression::Optional(inner, _) => ends_in_list(inner),
        _ => false,
    }
}

fn field_with(
    field_type: impl Strategy<Value = TypeExpression>,
) -> impl Strategy<Value = FieldDeclaration> {
    (
        name(),
        prop::option::of(string()),
        field_type,
        prop::option::of(literal()),
    )
        .prop_map(|(name, label, field_type, default)| FieldDeclaration {
            name,
            label,
            field_type,
            default,
            span: Span::default(),
        })
}

fn fields() -> impl Strategy<Value = Vec<FieldDeclaration>> {
    prop::collection::vec(field_with(type_expression()), 0..4)
}

fn parameter(labelled: bool) -> impl Strategy<Value = Parameter> {
    (
        name(),
        prop::option::of(string()),
        expression(),
        annotations(),
    )
        .prop_map(move |(name, label, value, annotations)| Parameter {
            name,
            label: label.filter(|_| labelled),
            value,
            annotations,
            span: Span::default(),
        })
}

fn points_line() -> impl Strategy<Value = PointsLine> {
    let basis = prop_oneof![
        (prop::option::of(expression()), expression())
            .prop_map(|(step, quantity)| PointsBasis::Per { step, quantity }),
        expression().prop_map(PointsBasis::When),
        expression().prop_map(PointsBasis::Each),
    ];
    (
        expression(),
        basis,
        prop::option::of(template()),
        annotations(),
    )
        .prop_map(|(amount, basis, message, annotations)| PointsLine {
            amount,
            basis,
            message,
            annotations,
            span: Span::default(),
        })
}

fn statement() -> impl Strategy<Value = Statement> {
    prop_oneof![
        (name(), expression()).prop_map(|(name, value)| Statement::Let(name, value)),
        expression().prop_map(Statement::Score),
        rule(Some(Severity::Warning)).prop_map(Statement::Zero),
        rule(None).prop_map(Statement::Finding),
        points_line().prop_map(Statement::Deduct),
        (expression(), annotations()).prop_map(|(condition, annotations)| Statement::Full {
            condition,
            annotations,
            span: Span::default(),
        }),
    ]
}

/// An indicator or an item, with items of its own down to `depth` more levels.
fn indicator(depth: u32) -> BoxedStrategy<Indicator> {
    let items = if depth == 0 {
        Just(Vec::new()).boxed()
    } else {
        prop::collection::vec(indicator(depth - 1), 0..3).boxed()
    };
    (
        name(),
        prop::option::of(string()),
        literal(),
        prop::option::of(literal()),
        annotations(),
        prop::collection::vec(statement(), 0..4),
        items,
    )
        .prop_map(
            move |(name, label, max, scaled_from, annotations, statements, items)| Indicator {
                name,
                label,
                max,
                scaled_from,
                body: Block {
                    annotations,
                    statements,
                    items,
                },
                span: Span::default(),
            },
        )
        .boxed()
}

/// A `bonus` with `add` lines or a `deduction` with `deduct` lines, besides
/// `let`s, `score`s and findings.
fn adjustment() -> impl Strategy<Value = Adjustment> {
    (
        any::<bool>(),
        name(),
        prop::option::of(string()),
        prop::option::of(literal()),
        annotations(),
        prop::collection::vec(
            prop_oneof![statement(), points_line().prop_map(Statement::Add),],
            0..4,
        ),
    )
        .prop_map(|(bonus, name, label, cap, annotations, statements)| {
            let kind = if bonus {
                kaoping::outcome::AdjustmentKind::Bonus
            } else {
                kaoping::outcome::AdjustmentKind::Deduction
            };
            Adjustment {
                kind,
                name,
                label,
                cap,
                body: Block {
                    annotations,
                    statements,
                    items: Vec::new(),
                },
                span: Span::default(),
            }
        })
}

fn grade_quota() -> impl Strategy<Value = GradeQuota> {
    (literal(), prop::option::of(name())).prop_map(|(amount, group)| GradeQuota {
        amount,
        group,
        span: Span::default(),
    })
}

fn grade_scale() -> impl Strategy<Value = GradeScale> {
    let band = (
        name(),
        prop::option::of(string()),
        prop::option::of(expression()),
        prop::collection::vec(grade_quota(), 0..3),
        annotations(),
    )
        .prop_map(|(name, label, at_least, quotas, annotations)| GradeBand {
            name,
            label,
            at_least,
            quotas,
            annotations,
            span: Span::default(),
        });
    (
        prop::option::of(expression()),
        prop::collection::vec(band, 0..5),
        annotations(),
    )
        .prop_map(|(by, bands, annotations)| GradeScale {
            by,
            bands,
            annotations,
            span: Span::default(),
        })
}

fn grade_rule() -> impl Strategy<Value = GradeRule> {
    (
        any::<bool>(),
        name(),
        expression(),
        template(),
        annotations(),
    )
        .prop_map(
            |(at_most, grade, condition, message, annotations)| GradeRule {
                at_most,
                grade,
                condition,
                message,
                annotations,
                span: Span::default(),
            },
        )
}

fn record_declaration() -> impl Strategy<Value = RecordDeclaration> {
    (name(), prop::option::of(string()), fields()).prop_map(|(name, label, fields)| {
        RecordDeclaration {
            name,
            label,
            fields,
            span: Span::default(),
        }
    })
}

fn group_rule() -> impl Strategy<Value = GroupRule> {
    (name(), annotations()).prop_map(|(field, annotations)| GroupRule {
        field,
        annotations,
        span: Span::default(),
    })
}

fn rank_rule() -> impl Strategy<Value = RankRule> {
    (prop::collection::vec(name(), 1..4), annotations()).prop_map(|(keys, annotations)| RankRule {
        keys,
        annotations,
        span: Span::default(),
    })
}

fn select_rule(flag: bool) -> impl Strategy<Value = SelectRule> {
    (name(), literal(), prop::option::of(name()), annotations()).prop_map(
        move |(name, count, group, annotations)| SelectRule {
            flag: Some(name).filter(|_| flag),
            count,
            group,
            annotations,
            span: Span::default(),
        },
    )
}

fn declaration() -> impl Strategy<Value = Declaration> {
    prop_oneof![
        fields().prop_map(|fields| Declaration::Input(fields, Span::default())),
        record_declaration().prop_map(Declaration::Record),
        parameter(true).prop_map(Declaration::Parameter),
        parameter(false).prop_map(Declaration::Derived),
        indicator(3).prop_map(Declaration::Indicator),
        rule(Some(Severity::Error)).prop_map(Declaration::Exclude),
        rule(None).prop_map(Declaration::Finding),
        rule(Some(Severity::Error)).prop_map(Declaration::Revoke),
        group_rule().prop_map(Declaration::Group),
        rank_rule().prop_map(Declaration::Rank),
        select_rule(false).prop_map(Declaration::Select),
        select_rule(true).prop_map(Declaration::Flag),
        prop_oneof![
            parameter(true).prop_map(Override::Parameter),
            indicator(2).prop_map(Override::Indicator),
            (prop::collection::vec(name(), 1..4), indicator(1))
                .prop_map(|(parents, item)| Override::Item { parents, item }),
            record_declaration().prop_map(Override::Record),
            rank_rule().prop_map(Override::Rank),
            group_rule().prop_map(Override::Group),
            grade_scale().prop_map(Override::Grades),
            adjustment().prop_map(Override::Adjustment),
        ]
        .prop_map(Declaration::Override),
        prop_oneof![
            name().prop_map(Removed::Indicator),
            prop::collection::vec(name(), 2..5).prop_map(Removed::Item),
            (any::<bool>(), name()).prop_map(|(bonus, name)| {
                let kind = if bonus {
                    kaoping::outcome::AdjustmentKind::Bonus
                } else {
                    kaoping::outcome::AdjustmentKind::Deduction
                };
                Removed::Adjustment(kind, name)
            }),
        ]
        .prop_map(|removed| Declaration::Remove(Removal {
            removed,
            span: Span::default()
        })),
        adjustment().prop_map(Declaration::Adjustment),
        grade_scale().prop_map(Declaration::Grades),
        grade_rule().prop_map(Declaration::GradeRule),
    ]
}

fn header() -> impl Strategy<Value = Header> {
    (
        name(),
        prop::option::of(string()),
        prop::option::of(string()),
        prop::option::of(string()),
        any::<bool>(),
        prop::option::of(string()),
        prop::option::of(literal()),
        prop::option::of((
            0u32..12,
            prop::sample::select(vec![
                RoundingMode::HalfAwayFromZero,
                RoundingMode::HalfEven,
                RoundingMode::Down,
            ]),
        )),
        (
            prop::option::of(signed_number()),
            prop::option::of(signed_number()),
        ),
    )
        .prop_map(
            |(id, extends, title, version, effective, source, total, rounding, bounds)| Header {
                id,
                extends: extends.map(|path| (path, Span::default())),
                title,
                version,
                effective: Some(("2019-05-14".to_string(), Span::default())).filter(|_| effective),
                source,
                total,
                rounding: rounding.map(|(places, mode)| Rounding {
                    places,
                    mode,
                    span: Span::default(),
                }),
                final_at_least: bounds.0.map(|number| (number, Span::default())),
                final_at_most: bounds.1.map(|number| (number, Span::default())),
                span: Span::default(),
            },
        )
}

/// A header's final bound: a number, negative or not.
fn signed_number() -> impl Strategy<Value = String> {
    "-?[0-9]{1,3}(\\.[0-9]{1,2})?"
}

fn policy_file() -> impl Strategy<Value = PolicyFile> {
    (header(), prop::collection::vec(declaration(), 0..6)).prop_map(|(header, declarations)| {
        PolicyFile {
            header,
            declarations,
        }
    })
}

/// Replaces some spaces and newlines between tokens (outside strings) with
/// other whitespace and numbered comments; returns the comments inserted.
fn sprinkle(text: &str, choices: &[u8]) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut comments = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut gap = 0;
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
            out.push(c);
            continue;
        }
        if c != ' ' && c != '\n' {
            out.push(c);
            continue;
        }
        let number = comments.len();
        let replacement = match choices[gap % choices.len()] {
            1 => "  \t".to_string(),
            2 => {
                comments.push(format!("/* b{number} */"));
                format!(" /* b{number} */ ")
            }
            3 => {
                comments.push(format!("// l{number}"));
                format!(" // l{number}\n")
            }
            4 => "\n\n\n".to_string(),
            5 => {
                comments.push(format!("/* m{number}\n   second line */"));
                format!("\n\n  /* m{number}\n   second line */\n")
            }
            _ => c.to_string(),
        };
        out.push_str(&replacement);
        gap += 1;
    }
    (out, comments)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_formatted_tree_parses_back_to_itself(file in policy_file()) {
        let text = format_file(&file);
        match syntax::parse(&text) {
            Ok(parsed) => prop_assert_eq!(parsed, file, "{}", text),
            Err(problem) => prop_assert!(false, "{}\ndoes not parse: {:?}", text, problem),
        }
    }

    #[test]
    fn formatting_is_idempotent_and_keeps_every_comment(
        file in policy_file(),
        choices in prop::collection::vec(0u8..6, 1..48),
    ) {
        let (text, comments) = sprinkle(&format_file(&file), &choices);
        let parsed = syntax::parse(&text);
        prop_assert!(parsed.is_ok(), "{}\ndoes not parse", text);
        let once = format(&text);
        prop_assert_eq!(syntax::parse(&once).ok(), parsed.ok(), "{}", once);
        prop_assert_eq!(&format(&once), &once, "from\n{}", text);
        for comment in &comments {
            prop_assert!(once.contains(comment.as_str()), "lost {}\n{}", comment, once);
        }
    }
}

/// The parser builds operator, prefix, postfix and `else if` chains in loops,
/// so they can be thousands deep; the formatter walks them the same way.
/// (Compared as text: comparing such trees would itself recurse.)
#[test]
fn long_chains_do_not_exhaust_the_stack() {
    let sum = vec!["1"; 3000].join(" + ");
    let negations = format!("{}x", "-".repeat(3000));
    let fields = format!("x{}", ".y".repeat(3000));
    let conditions = format!("{}0", "if c then 1 else ".repeat(1000));
    for expression in [sum, negations, fields, conditions] {
        let text = format!("policy p {{}}\nlet x = {expression}\n");
        let once = format(&text);
        assert_eq!(format(&once), once);
        let flat: String = once.split_whitespace().collect();
        assert_eq!(flat, text.split_whitespace().collect::<String>());
    }
}

#[test]
fn a_tree_without_source_separates_declarations_but_not_parameter_runs() {
    let file = syntax::parse(
        "policy p { title \"T\" } param a = 1 param bb = 2 let c = 3 let d = 4 select 1 in g",
    )
    .unwrap();
    assert_eq!(
        format_file(&file),
        "policy p {\n  title \"T\"\n}\n\nparam a  = 1\nparam bb = 2\n\nlet c = 3\nlet d = 4\n\nselect 1 in g\n"
    );
}
