//! The built-in functions and list methods: their signatures and one line
//! of help each, in the reader's language. The names come from the
//! checker's own tables, so a function it learns is a function offered here
//! (and `tests/analysis.rs` checks that each has its help).

use crate::check::{FUNCTIONS, LIST_METHODS};
use crate::messages::Language;
use crate::tr;

/// The built-in function called `name`.
pub(super) fn function(name: &str) -> Option<&'static str> {
    FUNCTIONS.iter().copied().find(|function| *function == name)
}

/// The list method called `name`.
pub(super) fn method(name: &str) -> Option<&'static str> {
    LIST_METHODS.iter().copied().find(|method| *method == name)
}

/// How a function is called and what it gives.
pub(super) fn function_signature(name: &str) -> &'static str {
    match name {
        "min" => "min(x, …) → decimal",
        "max" => "max(x, …) → decimal",
        "round_down" => "round_down(x[, places]) → decimal",
        "round_up" => "round_up(x[, places]) → decimal",
        "round" => "round(x, places) → decimal",
        "abs" => "abs(x) → decimal",
        "present" => "present(x) → bool",
        "days_between" => "days_between(from, to) → int",
        "date" => "date(year, month, day) → date",
        "characters" => "characters(text) → int",
        "contains_any" => "contains_any(text, names) → list of text",
        "extension" => "extension(name) → text",
        "grouped" => "grouped(number) → text",
        _ => "",
    }
}

/// How a list method is called and what it gives.
pub(super) fn method_signature(name: &str) -> &'static str {
    match name {
        "count" => "LIST.count([condition]) → int",
        "sum" => "LIST.sum([x]) → decimal",
        "max" => "LIST.max([x]) → decimal",
        "min" => "LIST.min([x]) → decimal",
        "mean" => "LIST.mean([x]) → decimal",
        "filter" => "LIST.filter(condition) → LIST",
        "map" => "LIST.map(x) → list",
        "any" => "LIST.any(condition) → bool",
        "all" => "LIST.all(condition) → bool",
        "group_by" => "LIST.group_by(key) → list of { key, items }",
        "distinct_by" => "LIST.distinct_by(key) → LIST",
        "duplicates_by" => "LIST.duplicates_by(key) → LIST",
        "take_per" => "LIST.take_per(key, limit) → LIST",
        "drop_per" => "LIST.drop_per(key, limit) → LIST",
        "take" => "LIST.take(n) → LIST",
        "drop" => "LIST.drop(n) → LIST",
        "contains" => "LIST.contains(value) → bool",
        "rank_desc" => "LIST.rank_desc(x) → int",
        _ => "",
    }
}

/// One line on what a function does.
pub(super) fn function_help(name: &str, language: Language) -> String {
    match name {
        "min" => tr!(language, "analysis-function-min"),
        "max" => tr!(language, "analysis-function-max"),
        "round_down" => tr!(language, "analysis-function-round_down"),
        "round_up" => tr!(language, "analysis-function-round_up"),
        "round" => tr!(language, "analysis-function-round"),
        "abs" => tr!(language, "analysis-function-abs"),
        "present" => tr!(language, "analysis-function-present"),
        "days_between" => tr!(language, "analysis-function-days_between"),
        "date" => tr!(language, "analysis-function-date"),
        "characters" => tr!(language, "analysis-function-characters"),
        "contains_any" => tr!(language, "analysis-function-contains_any"),
        "extension" => tr!(language, "analysis-function-extension"),
        "grouped" => tr!(language, "analysis-function-grouped"),
        _ => String::new(),
    }
}

/// One line on what a list method does.
pub(super) fn method_help(name: &str, language: Language) -> String {
    match name {
        "count" => tr!(language, "analysis-method-count"),
        "sum" => tr!(language, "analysis-method-sum"),
        "max" => tr!(language, "analysis-method-max"),
        "min" => tr!(language, "analysis-method-min"),
        "mean" => tr!(language, "analysis-method-mean"),
        "filter" => tr!(language, "analysis-method-filter"),
        "map" => tr!(language, "analysis-method-map"),
        "any" => tr!(language, "analysis-method-any"),
        "all" => tr!(language, "analysis-method-all"),
        "group_by" => tr!(language, "analysis-method-group_by"),
        "distinct_by" => tr!(language, "analysis-method-distinct_by"),
        "duplicates_by" => tr!(language, "analysis-method-duplicates_by"),
        "take_per" => tr!(language, "analysis-method-take_per"),
        "drop_per" => tr!(language, "analysis-method-drop_per"),
        "take" => tr!(language, "analysis-method-take"),
        "drop" => tr!(language, "analysis-method-drop"),
        "contains" => tr!(language, "analysis-method-contains"),
        "rank_desc" => tr!(language, "analysis-method-rank_desc"),
        _ => String::new(),
    }
}
