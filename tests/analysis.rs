//! `kaoping::analysis`: what an editor asks about a position in a policy
//! (issue 17 §1: hover, definition, references, completion, rename), on the
//! real policies, a child that extends one, hand-written policies in
//! `tests/data/analysis/`, and half-typed text.

use std::path::{Path, PathBuf};

use kaoping::analysis::{Analysis, CompletionKind, Location};
use kaoping::messages::Language;

const CHILD: &str = "examples/what-if/weights-2020.kp";
const PARENT: &str = "policies/jiangxi-2019/collective.kp";
const SMALL: &str = "tests/data/analysis/small.kp";

fn repository(path: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
}

fn text(path: &str) -> String {
    repository(Path::new(path)).expect("the file is in the repository")
}

fn analyse(path: &str, text: &str) -> Analysis {
    Analysis::new(Path::new(path), text, &repository, None)
}

/// The offset of the `nth` (from 0) occurrence of `needle` in `text`, plus `within`.
fn at(text: &str, needle: &str, nth: usize, within: usize) -> usize {
    text.match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` occurs {} times", text.matches(needle).count()))
        .0
        + within
}

fn location(path: &str, text: &str, needle: &str, nth: usize, name: &str) -> Location {
    let start = at(
        text,
        needle,
        nth,
        needle.rfind(name).expect("the name is in the needle"),
    );
    Location {
        path: PathBuf::from(path),
        span: start..start + name.len(),
    }
}

// ------------------------------------------------------------ definition, references

#[test]
fn definition_from_the_child_jumps_into_the_parent() {
    // issue 17 §1: go to a definition in the parent policy.
    let child = text(CHILD);
    let parent = text(PARENT);
    let analysis = analyse(CHILD, &child);
    let offset = at(&child, "override param weight_case_files", 0, 20);
    assert_eq!(
        analysis.definition(offset),
        vec![location(
            PARENT,
            &parent,
            "param weight_case_files",
            0,
            "weight_case_files"
        )]
    );
}

#[test]
fn the_extends_path_opens_the_parent() {
    // issue 17 "Done means": jump into the 2019 file.
    let child = text(CHILD);
    let analysis = analyse(CHILD, &child);
    let offset = at(&child, "jiangxi-2019/collective.kp", 0, 3);
    assert_eq!(
        analysis.definition(offset),
        vec![Location {
            path: PathBuf::from(PARENT),
            span: 0..0
        }]
    );
    let hover = analysis.hover(offset).expect("a hover");
    assert_eq!(
        hover.markdown,
        "**2019年江西省生态环境保护执法大练兵 表现突出集体** · 本政策所继承的政策\n\n\
         `policies/jiangxi-2019/collective.kp`"
    );
    let path = at(&child, "\"../../policies", 0, 0);
    assert!(hover.span.start <= path + 1 && hover.span.end > offset);
}

#[test]
fn references_of_an_overridden_parameter_span_both_files() {
    // issue 17 §2: the use in 2019 and the override in 2020 are one parameter.
    let child = text(CHILD);
    let parent = text(PARENT);
    let analysis = analyse(CHILD, &child);
    let offset = at(&child, "override param weight_case_files", 0, 20);
    let expected_use = location(
        PARENT,
        &parent,
        "max weight_case_files",
        0,
        "weight_case_files",
    );
    let declaration = location(
        PARENT,
        &parent,
        "param weight_case_files",
        0,
        "weight_case_files",
    );
    let override_name = location(
        CHILD,
        &child,
        "param weight_case_files",
        0,
        "weight_case_files",
    );
    assert_eq!(
        analysis.references(offset, false),
        vec![override_name.clone(), expected_use.clone()]
    );
    assert_eq!(
        analysis.references(offset, true),
        vec![override_name, declaration, expected_use]
    );
}

#[test]
fn references_of_a_let_stay_in_its_block() {
    let parent = text(PARENT);
    let analysis = analyse(PARENT, &parent);
    // `earned` is declared in two blocks; the supervision one is read once.
    let offset = at(&parent, "let earned", 0, 4);
    let references = analysis.references(offset, true);
    assert_eq!(
        references,
        vec![
            location(PARENT, &parent, "let earned", 0, "earned"),
            location(PARENT, &parent, "(earned - lost)", 0, "earned"),
        ]
    );
}

#[test]
fn fields_resolve_through_records_lists_and_items() {
    let parent = text(PARENT);
    let analysis = analyse(PARENT, &parent);
    // `category` inside `take_per(…)` is a field of each case file.
    let offset = at(&parent, "take_per(category", 0, 10);
    assert_eq!(
        analysis.definition(offset),
        vec![location(
            PARENT,
            &parent,
            "category \"案卷类别\"",
            0,
            "category"
        )]
    );
    // `level` inside `candidates.count(…)` is the candidate's field.
    let offset = at(&parent, "and level == \"county\"", 0, 5);
    assert_eq!(
        analysis.definition(offset),
        vec![location(PARENT, &parent, "level \"级别\"", 0, "level")]
    );
    // `items` of `group_by` is made by kaoping: no declaration to jump to.
    assert!(analysis
        .definition(at(&parent, "map(items.max", 0, 5))
        .is_empty());
    // `supervision` in `rank by` is the indicator.
    let offset = at(&parent, "rank by total, supervision", 0, 16);
    assert_eq!(
        analysis.definition(offset),
        vec![location(
            PARENT,
            &parent,
            "indicator supervision",
            0,
            "supervision"
        )]
    );
}

#[test]
fn overrides_and_extensions_name_what_they_change() {
    // issue 17 §1: records, fields, indicators and items across the chain.
    const CHILD_POLICY: &str = "tests/data/analysis/child.kp";
    const PARENT_POLICY: &str = "tests/data/analysis/parent.kp";
    let child = text(CHILD_POLICY);
    let parent = text(PARENT_POLICY);
    let analysis = analyse(CHILD_POLICY, &child);
    let definition = |needle: &str, name: &str| {
        analysis.definition(at(&child, needle, 0, needle.find(name).unwrap()))
    };
    assert_eq!(
        definition("override item a.y", "a"),
        vec![location(PARENT_POLICY, &parent, "indicator a", 0, "a")]
    );
    assert_eq!(
        definition("override item a.y", "y"),
        vec![location(PARENT_POLICY, &parent, "item y", 0, "y")]
    );
    assert_eq!(
        definition("extend record Unit", "Unit"),
        vec![location(PARENT_POLICY, &parent, "record Unit", 0, "Unit")]
    );
    assert_eq!(
        definition("candidate.bonus", "bonus"),
        vec![location(CHILD_POLICY, &child, "bonus \"加分\"", 0, "bonus")]
    );
    // The overridden item's hover shows the child's label, the effective one.
    let hover = analysis
        .hover(at(&child, "a.y", 0, 2))
        .expect("a hover")
        .markdown;
    assert!(hover.starts_with("**甲二（新）** · 分项 `a.y`"), "{hover}");
    // The parent's indicator is read by the parent's `rank by`, and the child names it.
    let references = analysis.references(at(&child, "a.y", 0, 0), true);
    assert_eq!(
        references,
        vec![
            location(CHILD_POLICY, &child, "a.y", 0, "a"),
            location(PARENT_POLICY, &parent, "indicator a", 0, "a"),
            location(PARENT_POLICY, &parent, "total, a", 0, "a"),
        ]
    );
    // After `candidate.` in the child: the parent's fields and the extension's.
    let typed = format!("{child}\nfinding info when candidate.");
    let completions = analyse(CHILD_POLICY, &typed).completions(typed.len());
    assert_eq!(
        labels(&completions, CompletionKind::Field),
        ["id", "score", "bonus"]
    );
}

#[test]
fn script_functions_and_overridden_indicators_in_a_what_if() {
    const CURVE: &str = "examples/what-if/script-curve.kp";
    let curve = text(CURVE);
    let parent = text(PARENT);
    let analysis = analyse(CURVE, &curve);
    // The call names the script's function.
    let call = at(&curve, "rank_curve(peers", 0, 2);
    assert_eq!(
        analysis.definition(call),
        vec![location(CURVE, &curve, "fn rank_curve", 0, "rank_curve")]
    );
    // The overridden indicator is the parent's, and so is its weight.
    let indicator = at(&curve, "override indicator satisfaction", 0, 20);
    assert_eq!(
        analysis.definition(indicator),
        vec![location(
            PARENT,
            &parent,
            "indicator satisfaction",
            0,
            "satisfaction"
        )]
    );
    // `satisfaction.votes` inside `peers.rank_desc(…)` is the candidate's field.
    let votes = at(&curve, "satisfaction.votes", 0, 14);
    assert_eq!(
        analysis.definition(votes),
        vec![location(
            PARENT,
            &parent,
            "votes \"公众投票数\"",
            0,
            "votes"
        )]
    );
}

// ------------------------------------------------------------ hover

#[test]
fn hover_on_an_overridden_weight_shows_each_year() {
    // issue 17 "Done means": hover a weight to see its 2019 and 2020 values.
    let child = text(CHILD);
    let analysis = analyse(CHILD, &child);
    let offset = at(&child, "override param weight_case_files", 0, 20);
    let hover = analysis.hover(offset).expect("a hover");
    let name = at(&child, "weight_case_files", 0, 0);
    assert_eq!(hover.span, name..name + "weight_case_files".len());
    insta::assert_snapshot!("hover_weight_case_files", hover.markdown);
}

#[test]
fn hover_speaks_english_when_asked() {
    let child = text(CHILD);
    let mut analysis = analyse(CHILD, &child);
    analysis.set_language(Language::English);
    let hover = analysis
        .hover(at(&child, "override param weight_case_files", 0, 20))
        .expect("a hover");
    assert!(hover.markdown.contains("parameter"), "{}", hover.markdown);
    assert!(hover.markdown.contains("in effect"), "{}", hover.markdown);
    // The policy's own labels stay as written.
    assert!(
        hover.markdown.contains("执法案卷质量"),
        "{}",
        hover.markdown
    );
}

#[test]
fn hover_on_indicators_fields_lets_and_builtins() {
    let parent = text(PARENT);
    let analysis = analyse(PARENT, &parent);
    let hovers: Vec<String> = [
        at(&parent, "indicator case_files", 0, 12),
        at(&parent, "f.fill_rate", 0, 4),
        at(&parent, "let earned", 0, 5),
        at(&parent, "round_down(", 0, 2),
        at(&parent, "take_per(", 0, 2),
        at(&parent, "item mobile", 0, 6),
        at(&parent, "select city_quota in city", 0, 22),
    ]
    .into_iter()
    .map(|offset| analysis.hover(offset).expect("a hover").markdown)
    .collect();
    insta::assert_snapshot!("hovers_collective", hovers.join("\n\n----\n\n"));
}

#[test]
fn hover_on_candidate_lists_its_fields() {
    let small = text(SMALL);
    let analysis = analyse(SMALL, &small);
    let hover = analysis
        .hover(at(&small, "candidate.daily", 0, 3))
        .expect("a hover");
    let start = at(&small, "candidate.daily", 0, 0);
    assert_eq!(hover.span, start..start + "candidate".len());
    assert!(
        hover.markdown.starts_with("**candidate** · 正在评分的候选"),
        "{}",
        hover.markdown
    );
    assert!(
        hover
            .markdown
            .contains("- `level` 级别：`enum { city, county }`"),
        "{}",
        hover.markdown
    );
    // `it` is the item of the list the method walks.
    let parent = text(PARENT);
    let analysis_parent = analyse(PARENT, &parent);
    let hover = analysis_parent
        .hover(at(&parent, "contains(it)", 0, 10))
        .expect("a hover");
    assert_eq!(
        hover.markdown,
        "**it** · 方法正在遍历的列表项\n\n类型：`decimal`"
    );
    // Not in a comment or a string.
    let commented = format!("{small}\n// candidate\n");
    let analysis = analyse(SMALL, &commented);
    assert_eq!(analysis.hover(commented.len() - 3), None);
}

// ------------------------------------------------------------ completion
#[test]
fn an_enum_value_in_quotes_is_the_enum_value() {
    let small = text(SMALL);
    let analysis = analyse(SMALL, &small);
    let offset = at(&small, "level == \"county\"", 0, 12);
    let hover = analysis.hover(offset).expect("a hover");
    assert!(
        hover.markdown.starts_with("**县级** · 枚举值 `county`"),
        "{}",
        hover.markdown
    );
    assert_eq!(
        analysis.definition(offset),
        vec![location(SMALL, &small, "county \"县级\"", 0, "county")]
    );
}

#[test]
fn every_function_and_method_has_a_signature_and_help_in_both_languages() {
    // issue 17 §1: a function or list method shows its signature and one line of help.
    let (typed, offset) = half_typed("  score candidate.cases.");
    let (names_typed, names_offset) = half_typed("  score ");
    for language in [Language::Chinese, Language::English] {
        let mut methods = analyse(SMALL, &typed);
        methods.set_language(language);
        let mut names = analyse(SMALL, &names_typed);
        names.set_language(language);
        let completions: Vec<_> = methods
            .completions(offset)
            .into_iter()
            .chain(names.completions(names_offset))
            .filter(|c| matches!(c.kind, CompletionKind::Method | CompletionKind::Function))
            .collect();
        assert_eq!(
            completions.len(),
            kaoping::check::LIST_METHODS.len() + kaoping::check::FUNCTIONS.len()
        );
        for completion in completions {
            let documentation = completion.documentation.unwrap_or_default();
            let signature = completion.detail.unwrap_or_default();
            assert!(
                signature.contains(&format!("{}(", completion.label)),
                "{signature}"
            );
            assert!(documentation.contains(&signature), "{documentation}");
            let help = documentation.lines().last().unwrap_or("");
            assert!(help.len() > 8 && !help.starts_with("analysis-"), "{help}");
        }
    }
}

fn labels(completions: &[kaoping::analysis::Completion], kind: CompletionKind) -> Vec<String> {
    completions
        .iter()
        .filter(|completion| completion.kind == kind)
        .map(|completion| completion.label.clone())
        .collect()
}

/// The small policy with `insert` in place of the score line: text that
/// does not parse.
fn half_typed(insert: &str) -> (String, usize) {
    let small = text(SMALL);
    let line = "  score min(10, rate * 10 + bonus_step * majors.count())";
    let typed = small.replace(line, insert);
    assert_ne!(typed, small);
    let offset = at(&typed, insert, 0, insert.len());
    (typed, offset)
}

#[test]
fn completion_after_candidate_on_half_typed_text() {
    // issue 17 §1: complete after `candidate.` while the line does not parse,
    // with the last good analysis and without one.
    let small = text(SMALL);
    let previous = analyse(SMALL, &small);
    let (typed, offset) = half_typed("  score candidate.");
    assert!(kaoping::syntax::parse(&typed).is_err());
    let with_previous = Analysis::new(Path::new(SMALL), &typed, &repository, Some(&previous));
    let without = analyse(SMALL, &typed);
    for analysis in [&with_previous, &without] {
        let completions = analysis.completions(offset);
        assert_eq!(
            labels(&completions, CompletionKind::Field),
            ["id", "level", "daily", "cases"]
        );
        let level = completions.iter().find(|c| c.label == "level").unwrap();
        assert_eq!(
            level.detail.as_deref(),
            Some("级别 · enum { city, county }")
        );
    }
}

#[test]
fn completion_after_a_record_typed_chain() {
    let (typed, offset) = half_typed("  score candidate.daily.filing.");
    let analysis = analyse(SMALL, &typed);
    let completions = analysis.completions(offset);
    assert_eq!(labels(&completions, CompletionKind::Field), ["fill_rate"]);
    assert_eq!(
        completions[0].detail.as_deref(),
        Some("日常 › 填报 › 填报率 · decimal[0..1]")
    );
    // A `let` of a record type, and a partly typed name after the dot.
    let (typed, offset) = half_typed("  let f = candidate.daily.filing\n  score f.fil");
    let completions = analyse(SMALL, &typed).completions(offset);
    assert_eq!(labels(&completions, CompletionKind::Field), ["fill_rate"]);
}

#[test]
fn completion_of_list_methods_and_item_fields() {
    let (typed, offset) = half_typed("  score candidate.cases.");
    let completions = analyse(SMALL, &typed).completions(offset);
    let methods = labels(&completions, CompletionKind::Method);
    assert_eq!(methods.len(), kaoping::check::LIST_METHODS.len());
    for completion in completions
        .iter()
        .filter(|c| c.kind == CompletionKind::Method)
    {
        let documentation = completion.documentation.as_deref().unwrap_or("");
        assert!(
            !documentation.contains("analysis-method"),
            "{documentation}"
        );
        assert!(completion
            .detail
            .as_deref()
            .is_some_and(|d| d.starts_with("LIST.")));
    }
    // Inside the method's argument, the item's fields are names.
    let (typed, offset) = half_typed("  score candidate.cases.count(ki");
    let completions = analyse(SMALL, &typed).completions(offset);
    let fields = labels(&completions, CompletionKind::Field);
    assert!(
        fields.starts_with(&["case_no".to_string(), "kind".to_string()]),
        "{fields:?}"
    );
    // After a method that keeps the list, the chain goes on.
    let (typed, offset) = half_typed("  score candidate.cases.filter(kind == \"major\").");
    let completions = analyse(SMALL, &typed).completions(offset);
    assert!(labels(&completions, CompletionKind::Method).contains(&"count".to_string()));
}

#[test]
fn completion_of_enum_values_where_an_enum_is_compared() {
    let (typed, offset) = half_typed("  score candidate.cases.count(kind == \"");
    let completions = analyse(SMALL, &typed).completions(offset);
    assert_eq!(
        labels(&completions, CompletionKind::EnumValue),
        ["general", "major"]
    );
    let (typed, offset) = half_typed("  zero when candidate.level != \"co");
    let completions = analyse(SMALL, &typed).completions(offset);
    assert_eq!(
        labels(&completions, CompletionKind::EnumValue),
        ["city", "county"]
    );
    assert_eq!(completions[1].detail.as_deref(), Some("县级"));
}

#[test]
fn completion_of_names_and_keywords_at_a_statement() {
    let (typed, offset) = half_typed("  sc");
    let analysis = analyse(SMALL, &typed);
    let completions = analysis.completions(offset);
    let keywords = labels(&completions, CompletionKind::Keyword);
    assert!(keywords.contains(&"score".to_string()), "{keywords:?}");
    assert!(!keywords.contains(&"indicator".to_string()), "{keywords:?}");
    assert_eq!(
        labels(&completions, CompletionKind::Parameter),
        ["bonus_step"]
    );
    assert_eq!(
        labels(&completions, CompletionKind::Let),
        ["majors", "rate", "county_count"]
    );
    assert!(labels(&completions, CompletionKind::Function).contains(&"round_down".to_string()));
    let parameter = completions
        .iter()
        .find(|c| c.label == "bonus_step")
        .unwrap();
    assert_eq!(parameter.detail.as_deref(), Some("每件加分 · 2"));
    // At the top level, the top-level keywords.
    let small = text(SMALL);
    let typed = format!("{small}\nind");
    let completions = analyse(SMALL, &typed).completions(typed.len());
    assert!(labels(&completions, CompletionKind::Keyword).contains(&"indicator".to_string()));
    // In the header, its fields; where fields are declared, no keywords.
    for (after, expected) in [
        ("  total 10\n", Some("title")),
        ("  cases \"案件\": list of Case\n", None),
        ("        fill_rate \"填报率\": decimal[0..1]\n", None),
        ("  case_no \"案卷编号\": text\n", None),
    ] {
        let mut typed = small.clone();
        let offset = at(&small, after, 0, after.len());
        typed.insert_str(offset, "  t");
        let completions = analyse(SMALL, &typed).completions(offset + 3);
        let keywords = labels(&completions, CompletionKind::Keyword);
        let statement_keywords: Vec<&String> = keywords
            .iter()
            .filter(|k| !["candidate", "peers", "it"].contains(&k.as_str()))
            .collect();
        match expected {
            Some(keyword) => {
                assert!(
                    keywords.contains(&keyword.to_string()),
                    "{after:?}: {keywords:?}"
                );
                assert!(
                    !keywords.contains(&"score".to_string()),
                    "{after:?}: {keywords:?}"
                );
            }
            None => assert!(statement_keywords.is_empty(), "{after:?}: {keywords:?}"),
        }
    }
}

#[test]
fn completion_in_the_child_sees_the_parents_names() {
    let child = text(CHILD);
    let typed = format!("{child}\nfinding info when candidate.daily.");
    let completions = analyse(CHILD, &typed).completions(typed.len());
    let fields = labels(&completions, CompletionKind::Field);
    assert!(fields.contains(&"filing".to_string()), "{fields:?}");
    let typed = format!("{child}\nfinding info when weight_");
    let completions = analyse(CHILD, &typed).completions(typed.len());
    let parameters = labels(&completions, CompletionKind::Parameter);
    assert!(
        parameters.contains(&"weight_daily".to_string()),
        "{parameters:?}"
    );
}

#[test]
fn done_means_completion_after_candidate_in_the_what_if() {
    // issue 17 "Done means": in weights-2020.kp, a half-typed rule after
    // `candidate.` offers the 2019 policy's candidate fields with their labels.
    let child = text(CHILD);
    let previous = analyse(CHILD, &child);
    let typed = format!("{child}\nexclude when candidate.");
    let analysis = Analysis::new(Path::new(CHILD), &typed, &repository, Some(&previous));
    let shown: Vec<String> = analysis
        .completions(typed.len())
        .iter()
        .map(|completion| {
            format!(
                "{:?} {} — {}",
                completion.kind,
                completion.label,
                completion.detail.as_deref().unwrap_or("")
            )
        })
        .collect();
    insta::assert_snapshot!(
        "completion_after_candidate_in_the_what_if",
        shown.join("\n")
    );
}

#[test]
fn completion_after_a_block_let_in_a_half_typed_indicator() {
    // The line being typed inside an indicator does not parse; the block's
    // `let d = candidate.daily` is still known, with or without the last
    // good analysis.
    let parent = text(PARENT);
    let previous = analyse(PARENT, &parent);
    let anchor = at(&parent, "  item fines", 0, 0);
    for typed_line in [
        "  let q = d.",
        "  let q = d.fil",
        "  score d.filing.",
        "  let q = d.filing.fill_rate + d.\n",
    ] {
        let mut typed = parent.clone();
        typed.insert_str(anchor, &format!("{typed_line}\n"));
        let offset = anchor + typed_line.trim_end_matches('\n').len();
        for previous in [None, Some(&previous)] {
            let analysis = Analysis::new(Path::new(PARENT), &typed, &repository, previous);
            let fields = labels(&analysis.completions(offset), CompletionKind::Field);
            let expected = if typed_line.trim_end().ends_with("filing.") {
                "fill_rate"
            } else {
                "filing"
            };
            assert!(
                fields.contains(&expected.to_string()),
                "{typed_line:?} with previous {}: {fields:?}",
                previous.is_some()
            );
        }
    }
}

// ------------------------------------------------------------ rename

#[test]
fn renaming_an_overridden_parameter_edits_both_files() {
    // issue 17 §1: rename of parameters across the chain.
    let child = text(CHILD);
    let parent = text(PARENT);
    let analysis = analyse(CHILD, &child);
    let offset = at(&child, "override param weight_case_files", 0, 20);
    let name = at(&child, "weight_case_files", 0, 0);
    assert_eq!(
        analysis.prepare_rename(offset),
        Some(name..name + "weight_case_files".len())
    );
    let edits = analysis
        .rename(offset, "case_files_weight")
        .expect("renamed");
    let places: Vec<Location> = edits.iter().map(|edit| edit.location.clone()).collect();
    assert_eq!(
        places,
        vec![
            location(
                CHILD,
                &child,
                "param weight_case_files",
                0,
                "weight_case_files"
            ),
            location(
                PARENT,
                &parent,
                "param weight_case_files",
                0,
                "weight_case_files"
            ),
            location(
                PARENT,
                &parent,
                "max weight_case_files",
                0,
                "weight_case_files"
            ),
        ]
    );
    assert!(edits
        .iter()
        .all(|edit| edit.new_text == "case_files_weight"));
}

#[test]
fn rename_refuses_what_is_not_a_new_name() {
    let small = text(SMALL);
    let analysis = analyse(SMALL, &small);
    let offset = at(&small, "let rate", 0, 5);
    let message = |name: &str| analysis.rename(offset, name).expect_err(name);
    assert!(
        message("2x").contains("不是合法的名称"),
        "{}",
        message("2x")
    );
    assert!(message("a b").contains("不是合法的名称"));
    assert!(message("if").contains("保留字"));
    assert!(message("majors").contains("已是"), "{}", message("majors"));
    assert!(message("bonus_step").contains("已是"));
    assert!(message("candidates").contains("已是"));
    // An indicator is not renamed here.
    let indicator = at(&small, "indicator work", 0, 11);
    assert_eq!(analysis.prepare_rename(indicator), None);
    assert!(analysis.rename(indicator, "labour").is_err());
    // Inside `filter(kind == …)`, `kind` is the case's field: a `let`
    // renamed `kind` and read there would be captured by it.
    let majors = at(&small, "let majors", 0, 5);
    assert!(analysis.rename(majors, "cases_major").is_ok());
    let captured = small.replace(
        "filter(kind == \"major\")",
        "filter(kind == \"major\" and rate > 0)",
    );
    let analysis_captured = analyse(SMALL, &captured);
    let rate = at(&captured, "let rate", 0, 5);
    let message = analysis_captured
        .rename(rate, "case_no")
        .expect_err("captured");
    assert!(message.contains("另一个名称"), "{message}");
    // A good name renames the `let` and its use, and Chinese names are names.
    let edits = analysis.rename(offset, "填报率").expect("renamed");
    let starts: Vec<usize> = edits.iter().map(|edit| edit.location.span.start).collect();
    assert_eq!(
        starts,
        [at(&small, "rate =", 0, 0), at(&small, "rate * 10", 0, 0)]
    );
}

// ------------------------------------------------------------ robustness

#[test]
fn an_analysis_can_move_between_threads() {
    // The server keeps the last analysis of each document for the next edit.
    fn shareable<T: Send + Sync>() {}
    shareable::<Analysis>();
}

#[test]
fn any_offset_of_any_text_answers() {
    for text in [
        "",
        "policy",
        "policy x {",
        "\u{3000}候选.",
        "policy p { total 1 }\nlet x = .",
    ] {
        let analysis = analyse("x.kp", text);
        for offset in 0..text.len() + 3 {
            let _ = analysis.hover(offset);
            let _ = analysis.definition(offset);
            let _ = analysis.references(offset, true);
            let _ = analysis.completions(offset);
            let _ = analysis.prepare_rename(offset);
            let _ = analysis.rename(offset, "y");
        }
    }
}

mod edits {
    use super::*;
    use proptest::prelude::*;

    fn edit() -> impl Strategy<Value = (usize, usize, String)> {
        let pieces = prop::sample::select(vec![
            ".",
            "{",
            "}",
            "\"",
            "(",
            ")",
            "候选",
            "。",
            "candidate.",
            "let ",
            "\n",
            "==",
            "x",
        ]);
        (
            any::<usize>(),
            0usize..12,
            prop::collection::vec(pieces, 0..4),
        )
            .prop_map(|(at, delete, inserted)| (at, delete, inserted.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        // issue 17 §1: the server never crashes on a half-typed file.
        #[test]
        fn random_edits_of_a_real_policy_never_panic(
            edits in prop::collection::vec(edit(), 1..4),
            offsets in prop::collection::vec(any::<usize>(), 6),
        ) {
            let original = text(CHILD);
            let previous = analyse(CHILD, &original);
            let mut edited = original.clone();
            for (at, delete, inserted) in edits {
                let mut start = at % (edited.len() + 1);
                while !edited.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + delete).min(edited.len());
                while !edited.is_char_boundary(end) {
                    end += 1;
                }
                edited.replace_range(start..end, &inserted);
            }
            for previous in [None, Some(&previous)] {
                let analysis = Analysis::new(Path::new(CHILD), &edited, &repository, previous);
                for &offset in &offsets {
                    let offset = offset % (edited.len() + 2);
                    let _ = analysis.hover(offset);
                    let _ = analysis.definition(offset);
                    let _ = analysis.references(offset, true);
                    let _ = analysis.completions(offset);
                    if let Some(range) = analysis.prepare_rename(offset) {
                        prop_assert!(edited.is_char_boundary(range.start));
                        prop_assert!(edited.is_char_boundary(range.end));
                    }
                    let _ = analysis.rename(offset, "renamed");
                }
            }
        }
    }
}
