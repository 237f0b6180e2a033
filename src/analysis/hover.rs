//! The markdown shown when a name is hovered: a policy's own labels, values
//! and clauses as written, the fixed words in the reader's language.

use super::help;
use super::index::{Builtin, Kind, Symbol};
use super::types::{describe, Ty};
use super::{Analysis, Hover};
use crate::tr;

pub(super) fn hover(analysis: &Analysis, offset: usize) -> Option<Hover> {
    if let Some((span, symbol)) = analysis.symbol_at(offset) {
        let markdown = symbol_markdown(analysis, &analysis.index.symbols[symbol]);
        return Some(Hover {
            span: span.start..span.end,
            markdown,
        });
    }
    let own = analysis.own_length();
    let builtin = analysis.index.builtins.iter().find(|(span, _)| {
        span.start <= offset && offset <= span.end && span.end <= own && analysis.unchanged(*span)
    });
    if let Some((span, builtin)) = builtin {
        return Some(Hover {
            span: span.start..span.end,
            markdown: builtin_markdown(analysis, *builtin),
        });
    }
    if let Some((span, parent)) = analysis.extends_at(offset) {
        let source = &analysis.index.files[parent];
        let mut markdown = format!(
            "**{}** · {}\n\n`{}`",
            file_name(analysis, parent),
            tr!(analysis.language, "analysis-extends"),
            source.path.display()
        );
        let ancestors = analysis.index.files.len() - parent;
        if ancestors > 1 {
            let further: Vec<String> = (parent + 1..analysis.index.files.len())
                .map(|file| file_name(analysis, file))
                .collect();
            markdown.push_str(&format!("\n\n← {}", further.join(" ← ")));
        }
        return Some(Hover {
            span: span.start..span.end,
            markdown,
        });
    }
    candidate_hover(analysis, offset)
}

/// `candidate` and `peers`, which no declaration names: the candidate's
/// record and its fields.
fn candidate_hover(analysis: &Analysis, offset: usize) -> Option<Hover> {
    let text = analysis.text.as_str();
    let start = super::scan::word_start(text, offset);
    let end = offset
        + text[offset..]
            .find(|c: char| !super::scan::is_name_char(c))
            .unwrap_or(text.len() - offset);
    let word = &text[start..end];
    let language = analysis.language;
    let heading = match word {
        "candidate" => tr!(language, "analysis-candidate"),
        "peers" => tr!(language, "analysis-peers"),
        "it" => tr!(language, "analysis-it"),
        _ => return None,
    };
    // Not inside a string or a comment.
    let line = super::scan::line_before(text, start);
    if line.contains("//") || !line.matches('"').count().is_multiple_of(2) {
        return None;
    }
    if word == "it" {
        let (chain, _) = super::scan::open_methods(text, start).into_iter().next()?;
        let element = super::completion::resolve_chain(analysis, &chain, 0).element();
        let mut lines = vec![format!("**it** · {heading}"), type_line(analysis, &element)];
        if let Ty::Record(record) = element.present() {
            lines.push(field_list(analysis, *record));
        }
        lines.retain(|line| !line.is_empty());
        return Some(Hover {
            span: start..end,
            markdown: lines.join("\n\n"),
        });
    }
    let index = &analysis.index;
    let record = index.candidate()?;
    let label = index
        .records
        .get(record)
        .and_then(|record| record.name.as_ref())
        .and_then(|name| index.record_symbols.get(name))
        .and_then(|&symbol| index.symbols[symbol].label.clone());
    let mut lines = vec![format!("**{word}** · {heading}")];
    if let Some(label) = label {
        lines.push(label);
    }
    lines.push(type_line(analysis, &Ty::Record(record)));
    lines.push(field_list(analysis, record));
    lines.retain(|line| !line.is_empty());
    Some(Hover {
        span: start..end,
        markdown: lines.join("\n\n"),
    })
}

/// A record's fields, one a line: name, label, type.
fn field_list(analysis: &Analysis, record: usize) -> String {
    let index = &analysis.index;
    let Some(record) = index.records.get(record) else {
        return String::new();
    };
    record
        .fields
        .iter()
        .map(|field| {
            let label = field
                .symbol
                .and_then(|symbol| index.symbols[symbol].label.clone())
                .map(|label| format!(" {label}"))
                .unwrap_or_default();
            format!(
                "- `{}`{label}：`{}`",
                field.name,
                describe(&field.ty, &index.records)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A function's or method's signature and its line of help.
pub(super) fn builtin_markdown(analysis: &Analysis, builtin: Builtin) -> String {
    let language = analysis.language;
    let (what, signature, line) = match builtin {
        Builtin::Function(name) => (
            tr!(language, "analysis-function"),
            help::function_signature(name),
            help::function_help(name, language),
        ),
        Builtin::Method(name) => (
            tr!(language, "analysis-method"),
            help::method_signature(name),
            help::method_help(name, language),
        ),
    };
    format!("{what}\n\n```kaoping\n{signature}\n```\n\n{line}")
}

fn heading(label: Option<&str>, what: &str, name: &str) -> String {
    match label {
        Some(label) => format!("**{label}** · {what} `{name}`"),
        None => format!("**{name}** · {what}"),
    }
}

fn symbol_markdown(analysis: &Analysis, symbol: &Symbol) -> String {
    let language = analysis.language;
    let index = &analysis.index;
    let mut lines = Vec::new();
    match symbol.kind {
        Kind::Parameter => {
            lines.push(heading(
                symbol.label.as_deref(),
                &tr!(language, "analysis-parameter"),
                &symbol.name,
            ));
            let value_word = tr!(language, "analysis-value");
            match symbol.values.as_slice() {
                [] => {}
                [only] => lines.push(format!("{value_word}：`{}`", only.text)),
                values => {
                    let mut list = vec![format!("{value_word}：")];
                    let effective = tr!(language, "analysis-effective");
                    for (number, value) in values.iter().enumerate() {
                        let file = file_name(analysis, value.file);
                        let mark = if number + 1 == values.len() {
                            format!("（{effective}）")
                        } else {
                            String::new()
                        };
                        let cites = if value.cites.is_empty() {
                            String::new()
                        } else {
                            format!(" — {}", value.cites.join(" · "))
                        };
                        list.push(format!("- {file}：`{}`{mark}{cites}", value.text));
                    }
                    lines.push(list.join("\n"));
                }
            }
            if let [only] = symbol.values.as_slice() {
                clauses(&mut lines, language, &only.cites, &[]);
            }
            if !symbol.values.is_empty() {
                let readings: Vec<String> = symbol
                    .values
                    .iter()
                    .flat_map(|value| value.readings.iter().cloned())
                    .collect();
                clauses(&mut lines, language, &[], &readings);
            }
        }
        Kind::Indicator | Kind::Item => {
            let what = if symbol.kind == Kind::Indicator {
                tr!(language, "analysis-indicator")
            } else {
                tr!(language, "analysis-item")
            };
            lines.push(heading(symbol.label.as_deref(), &what, &symbol.path));
            if let Some(max) = &symbol.max {
                // `max weight_team` says little without the weight's value.
                let value = index
                    .parameters
                    .get(max)
                    .and_then(|&parameter| index.symbols[parameter].values.last())
                    .map(|value| format!(" = `{}`", value.text))
                    .unwrap_or_default();
                lines.push(format!("{}：`{max}`{value}", tr!(language, "analysis-max")));
            }
            clauses(&mut lines, language, &symbol.cites, &symbol.readings);
        }
        Kind::Field => {
            lines.push(heading(
                symbol.label.as_deref(),
                &tr!(language, "analysis-field"),
                &symbol.name,
            ));
            if !symbol.path.is_empty() {
                lines.push(format!(
                    "{}：`{}.{}`",
                    tr!(language, "analysis-path"),
                    symbol.path,
                    symbol.name
                ));
            }
            lines.push(type_line(analysis, &symbol.ty));
            if let Ty::Enum(values) = symbol.ty.present().element_or_self() {
                lines.push(enum_list(&values));
            }
        }
        Kind::EnumValue => {
            lines.push(heading(
                symbol.label.as_deref(),
                &tr!(language, "analysis-enum-value"),
                &symbol.name,
            ));
            lines.push(type_line(analysis, &symbol.ty));
        }
        Kind::Let => {
            lines.push(heading(None, &tr!(language, "analysis-let"), &symbol.name));
            lines.push(type_line(analysis, &symbol.ty));
            let place = match &symbol.owner {
                Some(owner) => format!("`{owner}`"),
                None => {
                    let file = index.file_of(symbol.span.start).unwrap_or(0);
                    tr!(
                        language,
                        "analysis-top-level",
                        file = file_name(analysis, file)
                    )
                }
            };
            lines.push(tr!(language, "analysis-declared-in", place = place));
            if !symbol.cites.is_empty() {
                clauses(&mut lines, language, &symbol.cites, &[]);
            }
        }
        Kind::Record => {
            lines.push(heading(
                symbol.label.as_deref(),
                &tr!(language, "analysis-record"),
                &symbol.name,
            ));
            if let Ty::Record(id) = symbol.ty {
                lines.push(field_list(analysis, id));
            }
        }
        Kind::Function => {
            lines.push(heading(
                None,
                &tr!(language, "analysis-function"),
                &symbol.name,
            ));
            lines.push(tr!(language, "analysis-script-function"));
        }
        Kind::Adjustment => {
            lines.push(heading(
                symbol.label.as_deref(),
                &tr!(language, "analysis-adjustment"),
                &symbol.name,
            ));
            clauses(&mut lines, language, &symbol.cites, &symbol.readings);
        }
    }
    lines.retain(|line| !line.is_empty());
    lines.join("\n\n")
}

impl Ty {
    /// An enum inside a list is still the field's enum, for its values.
    fn element_or_self(&self) -> Ty {
        match self {
            Ty::List(element) => element.present().clone(),
            other => other.clone(),
        }
    }
}

fn type_line(analysis: &Analysis, ty: &Ty) -> String {
    format!(
        "{}：`{}`",
        tr!(analysis.language, "analysis-type"),
        describe(ty, &analysis.index.records)
    )
}

fn enum_list(values: &[(String, Option<String>)]) -> String {
    values
        .iter()
        .map(|(name, label)| match label {
            Some(label) => format!("- `{name}` {label}"),
            None => format!("- `{name}`"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn clauses(
    lines: &mut Vec<String>,
    language: crate::messages::Language,
    cites: &[String],
    readings: &[String],
) {
    if !cites.is_empty() {
        lines.push(format!(
            "{}：{}",
            tr!(language, "analysis-clause"),
            cites.join(" · ")
        ));
    }
    if !readings.is_empty() {
        let mut list = vec![format!("{}：", tr!(language, "analysis-reading"))];
        list.extend(readings.iter().map(|reading| format!("- {reading}")));
        lines.push(list.join("\n"));
    }
}

/// A file of the chain as a person knows it: its policy's title, else its
/// file name.
pub(super) fn file_name(analysis: &Analysis, file: usize) -> String {
    let Some(source) = analysis.index.files.get(file) else {
        return String::new();
    };
    match &source.title {
        Some(title) => title.clone(),
        None => source.path.file_name().map_or_else(
            || source.path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        ),
    }
}
