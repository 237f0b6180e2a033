//! What may be written at the cursor: the members after a `.`, the values
//! of an enum after `== "`, and otherwise the names in scope (a method's
//! item fields, the block's `let`s, top-level `let`s, parameters, the
//! input's fields, functions) and, where a statement starts, keywords.
//! The context comes from the text (`scan.rs`), the names and types from
//! the index, which is the last one that parsed while a line is half-typed.

use super::help;
use super::hover::builtin_markdown;
use super::index::{Builtin, Kind, SymbolId};
use super::scan::{self, Chain, Segment};
use super::types::{describe, Ty};
use super::walk::{function_type, method_type};
use super::{Analysis, Completion, CompletionKind};
use crate::check::{FUNCTIONS, LIST_METHODS};

/// How deeply a chain inside a method argument inside a chain is followed.
const MAX_NESTING: usize = 8;

const TOP_LEVEL_KEYWORDS: [&str; 20] = [
    "param",
    "let",
    "record",
    "input",
    "indicator",
    "exclude",
    "finding",
    "revoke",
    "group",
    "rank",
    "select",
    "flag",
    "override",
    "remove",
    "extend",
    "script",
    "bonus",
    "deduction",
    "grades",
    "grade",
];

const HEADER_KEYWORDS: [&str; 8] = [
    "extends",
    "title",
    "version",
    "effective",
    "source",
    "total",
    "round",
    "final",
];

const BLOCK_KEYWORDS: [&str; 10] = [
    "let", "score", "zero", "finding", "deduct", "add", "full", "item", "cite", "reading",
];

pub(super) fn completions(analysis: &Analysis, offset: usize) -> Vec<Completion> {
    let text = analysis.text.as_str();
    let start = scan::word_start(text, offset);
    let line = scan::line_before(text, start);
    if line.contains("//") {
        return Vec::new();
    }
    let mut found = Vec::new();
    if text[..start].ends_with('.') {
        if let Some(chain) = scan::chain_before(text, start - 1) {
            let ty = resolve_chain(analysis, &chain, 0);
            members(analysis, &ty, &mut found);
        }
    } else if let Some(chain) = scan::enum_comparison(text, start) {
        if let Ty::Enum(values) = resolve_chain(analysis, &chain, 0).present() {
            for (name, label) in values {
                found.push(Completion {
                    label: name.clone(),
                    kind: CompletionKind::EnumValue,
                    detail: label.clone(),
                    documentation: None,
                });
            }
        }
    } else if line.matches('"').count().is_multiple_of(2) {
        names(analysis, offset, start, &mut found);
    }
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|completion| seen.insert((completion.label.clone(), completion.kind as u8)));
    found
}

/// The type a chain gives at its place in the text.
pub(super) fn resolve_chain(analysis: &Analysis, chain: &Chain, nesting: usize) -> Ty {
    if nesting > MAX_NESTING {
        return Ty::Unknown;
    }
    let mut segments = chain.segments.iter();
    let mut ty = match segments.next() {
        Some(Segment::Name(name)) => resolve_name(analysis, chain.start, name, nesting),
        Some(Segment::Call(name, _)) if help::function(name).is_some() => function_type(name),
        Some(Segment::List(first)) => Ty::List(Box::new(literal_type(first))),
        _ => Ty::Unknown,
    };
    for segment in segments {
        ty = match segment {
            Segment::Name(name) => member_type(analysis, &ty, name),
            Segment::Call(name, argument) => {
                let element = ty.element();
                let argument = (!argument.is_empty()).then(|| {
                    item_expression_type(analysis, chain.start, &element, argument, nesting)
                });
                method_type(name, &ty, &element, argument.as_ref())
            }
            Segment::List(_) => Ty::Unknown,
            Segment::Index => analysis.index.indexed(&ty),
        };
    }
    ty
}

/// The type of a list literal's first item, when it is a literal itself.
fn literal_type(item: &str) -> Ty {
    if item.starts_with('"') {
        Ty::Text
    } else if item.parse::<f64>().is_ok() || item.ends_with('%') {
        Ty::Number(None)
    } else if item == "true" || item == "false" {
        Ty::Bool
    } else {
        Ty::Unknown
    }
}

/// The type of a method's argument written as a chain over the item's
/// fields (`map(month)`, `group_by(action)`); `Unknown` otherwise.
fn item_expression_type(
    analysis: &Analysis,
    at: usize,
    element: &Ty,
    argument: &str,
    nesting: usize,
) -> Ty {
    let Some(chain) = scan::chain_before(argument, argument.len()) else {
        return Ty::Unknown;
    };
    if chain.start != 0 {
        return Ty::Unknown;
    }
    let mut segments = chain.segments.iter();
    let mut ty = match segments.next() {
        Some(Segment::Name(name)) if name == "it" => element.clone(),
        Some(Segment::Name(name)) => match member_type(analysis, element, name) {
            Ty::Unknown => resolve_name(analysis, at, name, nesting + 1),
            found => found,
        },
        _ => return Ty::Unknown,
    };
    for segment in segments {
        ty = match segment {
            Segment::Name(name) => member_type(analysis, &ty, name),
            _ => return Ty::Unknown,
        };
    }
    ty
}

fn member_type(analysis: &Analysis, ty: &Ty, name: &str) -> Ty {
    match ty.present() {
        Ty::Record(record) => analysis
            .index
            .field(*record, name)
            .map_or(Ty::Unknown, |field| field.ty.clone()),
        Ty::Group { key, items } => match name {
            "key" => (**key).clone(),
            "items" => (**items).clone(),
            _ => Ty::Unknown,
        },
        _ => Ty::Unknown,
    }
}

/// What `name` means at `offset`, by the checker's order: a method's item
/// fields, the block's `let`s above, `candidate` and `peers`, top-level
/// `let`s, parameters, the input's fields.
fn resolve_name(analysis: &Analysis, offset: usize, name: &str, nesting: usize) -> Ty {
    if nesting > MAX_NESTING {
        return Ty::Unknown;
    }
    for (chain, _) in scan::open_methods(&analysis.text, offset) {
        let element = resolve_chain(analysis, &chain, nesting + 1).element();
        if name == "it" {
            return element;
        }
        let ty = member_type(analysis, &element, name);
        if ty != Ty::Unknown {
            return ty;
        }
    }
    if let Some(symbol) = block_lets(analysis, offset)
        .into_iter()
        .rev()
        .find(|&symbol| analysis.index.symbols[symbol].name == name)
    {
        return analysis.index.symbols[symbol].ty.clone();
    }
    let index = &analysis.index;
    let candidate = index.candidate().map_or(Ty::Unknown, Ty::Record);
    match name {
        "candidate" => return candidate,
        "peers" => return Ty::List(Box::new(candidate)),
        _ => {}
    }
    let symbol = index
        .lets
        .iter()
        .copied()
        .find(|&symbol| index.symbols[symbol].name == name)
        .or_else(|| index.parameters.get(name).copied());
    if let Some(symbol) = symbol {
        return index.symbols[symbol].ty.clone();
    }
    index
        .root
        .and_then(|root| index.field(root, name))
        .map_or(Ty::Unknown, |field| field.ty.clone())
}

/// The `let`s of the blocks around `offset` declared before it, outermost
/// block first.
fn block_lets(analysis: &Analysis, offset: usize) -> Vec<SymbolId> {
    let mut blocks: Vec<_> = analysis
        .index
        .blocks
        .iter()
        .filter(|block| block.span.start <= offset && offset <= block.span.end)
        .collect();
    blocks.sort_by_key(|block| std::cmp::Reverse(block.span.end - block.span.start));
    blocks
        .into_iter()
        .flat_map(|block| block.lets.iter().copied())
        .filter(|&symbol| analysis.index.symbols[symbol].span.end <= offset)
        .collect()
}

fn members(analysis: &Analysis, ty: &Ty, found: &mut Vec<Completion>) {
    match ty.present() {
        Ty::Record(record) => {
            let Some(record) = analysis.index.records.get(*record) else {
                return;
            };
            for field in &record.fields {
                found.push(field_completion(
                    analysis,
                    &field.name,
                    &field.ty,
                    field.symbol,
                ));
            }
        }
        Ty::Group { key, items } => {
            found.push(field_completion(analysis, "key", key, None));
            found.push(field_completion(analysis, "items", items, None));
        }
        Ty::List(_) => {
            for method in LIST_METHODS {
                found.push(Completion {
                    label: method.to_owned(),
                    kind: CompletionKind::Method,
                    detail: Some(help::method_signature(method).to_owned()),
                    documentation: Some(builtin_markdown(analysis, Builtin::Method(method))),
                });
            }
        }
        _ => {}
    }
}

fn field_completion(
    analysis: &Analysis,
    name: &str,
    ty: &Ty,
    symbol: Option<SymbolId>,
) -> Completion {
    let described = describe(ty, &analysis.index.records);
    let symbol = symbol.map(|symbol| &analysis.index.symbols[symbol]);
    let label = symbol.and_then(|symbol| symbol.label.clone());
    Completion {
        label: name.to_owned(),
        kind: CompletionKind::Field,
        detail: Some(match label {
            Some(label) => format!("{label} · {described}"),
            None => described,
        }),
        documentation: symbol
            .filter(|symbol| !symbol.path.is_empty())
            .map(|symbol| format!("`{}.{}`", symbol.path, symbol.name)),
    }
}

fn names(analysis: &Analysis, offset: usize, start: usize, found: &mut Vec<Completion>) {
    let text = analysis.text.as_str();
    let index = &analysis.index;
    for (chain, _) in scan::open_methods(text, start) {
        let element = resolve_chain(analysis, &chain, 1).element();
        found.push(Completion {
            label: "it".into(),
            kind: CompletionKind::Keyword,
            detail: Some(describe(&element, &index.records)),
            documentation: None,
        });
        if let Ty::Record(_) | Ty::Group { .. } = element.present() {
            members(analysis, &element, found);
        }
    }
    let lets = block_lets(analysis, offset);
    let in_block = index
        .blocks
        .iter()
        .any(|block| block.span.start <= offset && offset <= block.span.end);
    for &symbol in lets.iter().rev() {
        found.push(symbol_completion(analysis, symbol));
    }
    if scan::starts_statement(text, start) {
        for keyword in statement_keywords(text, start, in_block) {
            found.push(keyword_completion(keyword));
        }
    }
    found.push(keyword_completion("candidate"));
    if in_block {
        found.push(keyword_completion("peers"));
    }
    for &symbol in &index.lets {
        let declared_before = index.symbols[symbol].span.end <= offset
            || index.file_of(index.symbols[symbol].span.start) != Some(0);
        if in_block || declared_before {
            found.push(symbol_completion(analysis, symbol));
        }
    }
    for &symbol in index.parameters.values() {
        found.push(symbol_completion(analysis, symbol));
    }
    if let Some(root) = index.root.and_then(|root| index.records.get(root)) {
        for field in &root.fields {
            found.push(field_completion(
                analysis,
                &field.name,
                &field.ty,
                field.symbol,
            ));
        }
    }
    for function in FUNCTIONS {
        found.push(Completion {
            label: function.to_owned(),
            kind: CompletionKind::Function,
            detail: Some(help::function_signature(function).to_owned()),
            documentation: Some(builtin_markdown(analysis, Builtin::Function(function))),
        });
    }
    for &symbol in index.functions.values() {
        found.push(symbol_completion(analysis, symbol));
    }
    if !in_block {
        for &symbol in index.indicators.values() {
            if index.symbols[symbol].kind == Kind::Indicator {
                found.push(symbol_completion(analysis, symbol));
            }
        }
    }
}

/// The keywords that may start a line at `start`, by the block it is in:
/// the header's fields, a body's statements, the top level's declarations,
/// none where fields are declared (`input`, a record).
fn statement_keywords(text: &str, start: usize, in_block: bool) -> &'static [&'static str] {
    let open = scan::open_braces(text, start);
    match open.last() {
        None if !in_block => &TOP_LEVEL_KEYWORDS,
        None => &BLOCK_KEYWORDS,
        Some(opener) => {
            let first_word = opener.split_whitespace().next().unwrap_or("");
            match first_word {
                "policy" if open.len() == 1 => &HEADER_KEYWORDS,
                "input" | "record" | "extend" | "script" | "grades" => &[],
                "override" if opener.split_whitespace().nth(1) == Some("record") => &[],
                _ if [":", "=", " of", "optional", "enum"]
                    .iter()
                    .any(|end| opener.ends_with(end)) =>
                {
                    &[]
                }
                _ => &BLOCK_KEYWORDS,
            }
        }
    }
}

fn keyword_completion(keyword: &str) -> Completion {
    Completion {
        label: keyword.to_owned(),
        kind: CompletionKind::Keyword,
        detail: None,
        documentation: None,
    }
}

fn symbol_completion(analysis: &Analysis, symbol: SymbolId) -> Completion {
    let index = &analysis.index;
    let symbol = &index.symbols[symbol];
    let (kind, detail) = match symbol.kind {
        Kind::Parameter => {
            let value = symbol
                .values
                .last()
                .map(|value| value.text.as_str())
                .unwrap_or("");
            let detail = match &symbol.label {
                Some(label) => format!("{label} · {value}"),
                None => value.to_owned(),
            };
            (CompletionKind::Parameter, detail)
        }
        Kind::Let => (CompletionKind::Let, describe(&symbol.ty, &index.records)),
        Kind::Function => (CompletionKind::Function, format!("{}(…)", symbol.name)),
        Kind::Indicator | Kind::Item => (
            CompletionKind::Indicator,
            symbol.label.clone().unwrap_or_default(),
        ),
        _ => (CompletionKind::Field, describe(&symbol.ty, &index.records)),
    };
    Completion {
        label: symbol.name.clone(),
        kind,
        detail: Some(detail).filter(|detail| !detail.is_empty()),
        documentation: None,
    }
}
