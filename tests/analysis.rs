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
        needle.find(name).expect("the name is in the needle"),
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

// ------------------------------------------------------------ completion

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
        #![proptest_config(ProptestConfig::with_cases(48))]
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
