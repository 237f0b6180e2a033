//! Renaming a parameter or a `let`: every place that names it, in every
//! file of the chain (a parameter the child overrides is renamed in the
//! parent too), unless the new name is no name or is already taken where
//! the old one is read.

use std::ops::Range;
use std::path::{Path, PathBuf};

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
    let edits: Vec<Edit> = locations
        .into_iter()
        .map(|location| Edit {
            location,
            new_text: new_name.to_owned(),
        })
        .collect();
    if !keeps_meaning(analysis, &edits) {
        return Err(tr!(language, "analysis-rename-captured", name = new_name));
    }
    Ok(edits)
}

/// Whether the renamed chain, indexed again, reads the new name at exactly
/// the places edited and nowhere else as the same declaration: a name that
/// a method's item field or an inner `let` would capture at one of its uses
/// fails, as does one that would capture another name's use.
fn keeps_meaning(analysis: &Analysis, edits: &[Edit]) -> bool {
    let files = &analysis.index.files;
    let mut texts: Vec<String> = files
        .iter()
        .enumerate()
        .map(|(number, file)| {
            if number == 0 {
                analysis.text.clone()
            } else {
                file.text.to_string()
            }
        })
        .collect();
    // Where each edit lands once the ones before it in its file have moved it.
    let mut expected: Vec<(PathBuf, Range<usize>)> = Vec::new();
    for (number, file) in files.iter().enumerate() {
        let mut in_file: Vec<&Edit> = edits
            .iter()
            .filter(|edit| edit.location.path == file.path)
            .collect();
        in_file.sort_by_key(|edit| edit.location.span.start);
        let mut shift: isize = 0;
        for edit in &in_file {
            let span = &edit.location.span;
            let start = span.start.saturating_add_signed(shift);
            expected.push((file.path.clone(), start..start + edit.new_text.len()));
            shift += edit.new_text.len() as isize - (span.end - span.start) as isize;
        }
        for edit in in_file.iter().rev() {
            if texts[number].get(edit.location.span.clone()).is_none() {
                return false;
            }
            texts[number].replace_range(edit.location.span.clone(), &edit.new_text);
        }
    }
    let Some(child) = files.first() else {
        return false;
    };
    let Ok(tree) = crate::syntax::parse_all(&texts[0]) else {
        return false;
    };
    let read = |path: &Path| {
        files
            .iter()
            .position(|file| file.path == path)
            .map(|number| texts[number].clone())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    };
    let renamed = super::index_chain(&child.path, &texts[0], tree, &read);
    let local = |span: crate::ast::Span| {
        let file = renamed.file_of(span.start)?;
        let source = &renamed.files[file];
        Some((
            source.path.clone(),
            span.start - source.offset..span.end - source.offset,
        ))
    };
    let Some(first) = expected.first() else {
        return false;
    };
    // The symbol now named at the first edited place, and everything naming it.
    let found = renamed
        .symbols
        .iter()
        .enumerate()
        .find_map(|(id, symbol)| (local(symbol.span).as_ref() == Some(first)).then_some(id));
    let found = found.or_else(|| {
        renamed
            .uses
            .iter()
            .find(|(span, _)| local(*span).as_ref() == Some(first))
            .map(|(_, symbol)| *symbol)
    });
    let Some(symbol) = found else {
        return false;
    };
    let mut now: Vec<(PathBuf, Range<usize>)> = renamed
        .uses
        .iter()
        .filter(|(_, used)| *used == symbol)
        .filter_map(|(span, _)| local(*span))
        .chain(local(renamed.symbols[symbol].span))
        .collect();
    let key = |place: &(PathBuf, Range<usize>)| (place.0.clone(), place.1.start, place.1.end);
    now.sort_by_key(key);
    now.dedup();
    expected.sort_by_key(key);
    now == expected
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
