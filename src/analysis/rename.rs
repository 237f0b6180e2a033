//! Renaming a parameter or a `let`: every place that names it, in every
//! file of the chain (a parameter the child overrides is renamed in the
//! parent too), unless the new name is no name or is already taken where
//! the old one is read.

use super::index::Kind;
use super::scan::is_name_char;
use super::{sort_locations, Analysis, Edit};
use crate::check::FUNCTIONS;
use crate::tr;

/// Words the grammar reserves, and names every rule may read.
const RESERVED: [&str; 17] = [
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
    "candidate",
    "peers",
    "it",
    "max",
    "total",
    "rank",
    "grade",
];

pub(super) fn rename(
    analysis: &Analysis,
    offset: usize,
    new_name: &str,
) -> Result<Vec<Edit>, String> {
    let language = analysis.language;
    let not_renamable = || tr!(language, "analysis-rename-not-renamable");
    if !analysis.current() {
        // Uses that moved with the typing would be missed or misplaced.
        return Err(tr!(language, "analysis-rename-unparsed"));
    }
    let (_, symbol) = analysis.symbol_at(offset).ok_or_else(not_renamable)?;
    let index = &analysis.index;
    let declared = &index.symbols[symbol];
    let what = match declared.kind {
        Kind::Parameter => tr!(language, "analysis-parameter"),
        Kind::Let => tr!(language, "analysis-let"),
        _ => return Err(not_renamable()),
    };
    let is_identifier = new_name
        .chars()
        .next()
        .is_some_and(|first| first.is_alphabetic() || first == '_')
        && new_name.chars().all(is_name_char);
    if !is_identifier {
        return Err(tr!(
            language,
            "analysis-rename-not-identifier",
            name = new_name
        ));
    }
    if RESERVED.contains(&new_name) || FUNCTIONS.contains(&new_name) {
        return Err(tr!(
            language,
            "analysis-rename-keyword",
            name = new_name,
            what = what
        ));
    }
    if new_name == declared.name {
        return Err(tr!(language, "analysis-rename-unchanged"));
    }
    if let Some(taken) = taken(analysis, symbol, new_name) {
        return Err(tr!(
            language,
            "analysis-rename-taken",
            name = new_name,
            what = taken
        ));
    }
    let mut locations: Vec<_> = analysis
        .spans_of(symbol, true)
        .into_iter()
        .filter_map(|span| analysis.location(span))
        .collect();
    sort_locations(&mut locations);
    Ok(locations
        .into_iter()
        .map(|location| Edit {
            location,
            new_text: new_name.to_owned(),
        })
        .collect())
}

/// What `name` already names where `symbol` is read: a parameter, a
/// top-level `let`, an input field, an indicator, a script function, or
/// (for a block's `let`) another `let` of the same blocks.
fn taken(analysis: &Analysis, symbol: usize, name: &str) -> Option<String> {
    let language = analysis.language;
    let index = &analysis.index;
    if index.parameters.contains_key(name) {
        return Some(tr!(language, "analysis-parameter"));
    }
    let same_name = |other: &usize| index.symbols[*other].name == name;
    if index.lets.iter().any(same_name) {
        return Some(tr!(language, "analysis-let"));
    }
    if let Some(block) = index.symbols[symbol].block {
        let neighbour = index
            .blocks
            .iter()
            .filter(|scope| {
                // The block itself, the blocks around it, and its items.
                (scope.span.start <= block.start && block.end <= scope.span.end)
                    || (block.start <= scope.span.start && scope.span.end <= block.end)
            })
            .flat_map(|scope| scope.lets.iter())
            .any(same_name);
        if neighbour {
            return Some(tr!(language, "analysis-let"));
        }
    }
    let input_field = index
        .root
        .is_some_and(|root| index.field(root, name).is_some());
    if input_field {
        return Some(tr!(language, "analysis-field"));
    }
    if index.indicators.contains_key(name) {
        return Some(tr!(language, "analysis-indicator"));
    }
    if index.functions.contains_key(name) {
        return Some(tr!(language, "analysis-function"));
    }
    None
}
