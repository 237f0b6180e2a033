//! Semantic tokens: keywords, labels, strings, numbers, comments, clauses,
//! parameters, functions, methods and fields.
//!
//! The classification is lexical, over the formatter's scanner, so that a
//! half-typed file is still coloured; only which names are parameters comes
//! from the parse (of the file and the policies it extends), when there is one.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use lsp_types::SemanticTokensLegend;
use lsp_types::{SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens};

use super::text::{Encoding, LineIndex};
use crate::ast::{Declaration, Override};
use crate::format::scan::{scan, TokenKind};

/// The token types, in legend order. `label` (a Chinese label after a
/// declared name) and `clause` (the text of a `cite` or `reading`) are this
/// server's own; a client that does not know them colours them as strings.
const TYPES: [&str; 12] = [
    "keyword",
    "label",
    "string",
    "number",
    "comment",
    "clause",
    "parameter",
    "function",
    "method",
    "property",
    "variable",
    "type",
];

/// Declarations whose name a label may follow.
const DECLARING: [&str; 7] = [
    "param",
    "indicator",
    "item",
    "record",
    "bonus",
    "deduction",
    "let",
];

/// The words of the grammar (`grammar/kaoping.pest`).
const KEYWORDS: [&str; 72] = [
    "add",
    "and",
    "at",
    "bonus",
    "by",
    "cap",
    "cite",
    "deduct",
    "deduction",
    "down",
    "each",
    "effective",
    "else",
    "enum",
    "error",
    "exclude",
    "extend",
    "extends",
    "false",
    "final",
    "finding",
    "flag",
    "floor",
    "for",
    "from",
    "full",
    "grade",
    "grades",
    "group",
    "half_away_from_zero",
    "half_even",
    "if",
    "in",
    "indicator",
    "info",
    "input",
    "item",
    "key",
    "least",
    "let",
    "list",
    "max",
    "most",
    "not",
    "of",
    "optional",
    "or",
    "override",
    "param",
    "per",
    "policy",
    "quota",
    "rank",
    "reading",
    "record",
    "ref",
    "remove",
    "revoke",
    "round",
    "scaled",
    "score",
    "script",
    "select",
    "source",
    "then",
    "title",
    "top",
    "total",
    "true",
    "version",
    "warning",
    "when",
];

const TYPE_NAMES: [&str; 6] = ["int", "decimal", "bool", "text", "date", "number"];

/// The legend the server announces in `initialize`.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES
            .iter()
            .map(|name| SemanticTokenType::new(name))
            .collect(),
        token_modifiers: vec![SemanticTokenModifier::DECLARATION],
    }
}

/// The tokens of `text`. `parameters` are the names the policy and the
/// policies it extends declare with `param`.
pub fn semantic_tokens(
    text: &str,
    encoding: Encoding,
    parameters: &BTreeSet<String>,
) -> SemanticTokens {
    let scanned = scan(text, &HashSet::new(), &BTreeMap::new());
    let words: Vec<(usize, usize, TokenKind)> = scanned
        .tokens
        .iter()
        .map(|token| (token.start, token.end, token.kind))
        .collect();
    let word = |at: usize| -> Option<&str> {
        let (start, end, kind) = words.get(at)?;
        (*kind == TokenKind::Word).then(|| &text[*start..*end])
    };
    let punct = |at: usize, byte: u8| {
        words
            .get(at)
            .is_some_and(|(_, _, kind)| *kind == TokenKind::Punct(byte))
    };
    let line_start = |at: usize| -> bool {
        let start = words[at].0;
        let line_begin = text[..start].rfind('\n').map_or(0, |newline| newline + 1);
        at == 0 || words[at - 1].1 <= line_begin
    };
    let mut classified: Vec<(usize, usize, u32, u32)> = Vec::new();
    for comment in &scanned.comments {
        classified.push((comment.start, comment.end, kind("comment"), 0));
    }
    for (at, &(start, end, token_kind)) in words.iter().enumerate() {
        let before = at.checked_sub(1);
        let (class, modifiers) = match token_kind {
            TokenKind::Punct(_) => continue,
            TokenKind::Quoted => {
                let previous = before.and_then(word);
                let class = if matches!(previous, Some("cite" | "reading")) {
                    "clause"
                } else if previous.is_some_and(|name| !is_keyword(name))
                    && (before
                        .and_then(|b| b.checked_sub(1))
                        .and_then(word)
                        .is_some_and(|keyword| DECLARING.contains(&keyword))
                        || before.is_some_and(line_start))
                {
                    "label"
                } else {
                    "string"
                };
                (class, 0)
            }
            TokenKind::Word => {
                let name = &text[start..end];
                let after_dot = before.is_some_and(|b| punct(b, b'.'));
                let called = punct(at + 1, b'(');
                let declared = before
                    .and_then(word)
                    .is_some_and(|keyword| DECLARING.contains(&keyword));
                if name.starts_with(|c: char| c.is_ascii_digit()) {
                    ("number", 0)
                } else if after_dot && called {
                    ("method", 0)
                } else if after_dot {
                    ("property", 0)
                } else if called && (name == "max" || !is_keyword(name)) {
                    ("function", 0)
                } else if is_keyword(name) {
                    ("keyword", 0)
                } else if TYPE_NAMES.contains(&name) {
                    ("type", 0)
                } else if parameters.contains(name) {
                    ("parameter", u32::from(declared))
                } else if punct(at + 1, b':') {
                    ("property", 1)
                } else {
                    ("variable", u32::from(declared))
                }
            }
        };
        classified.push((start, end, kind(class), modifiers));
    }
    classified.sort_by_key(|&(start, ..)| start);
    let index = LineIndex::new(text, encoding);
    let mut data = Vec::new();
    let (mut line, mut character) = (0u32, 0u32);
    for (start, end, token_type, modifiers) in classified {
        // The protocol's tokens lie on one line: a block comment or a
        // script is sent a line at a time.
        for (piece_start, piece_end) in lines(text, start, end) {
            let from = index.position(piece_start);
            let to = index.position(piece_end);
            if to.character <= from.character {
                continue;
            }
            let delta_line = from.line - line;
            let delta_start = if delta_line == 0 {
                from.character - character
            } else {
                from.character
            };
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length: to.character - from.character,
                token_type,
                token_modifiers_bitset: modifiers,
            });
            line = from.line;
            character = from.character;
        }
    }
    SemanticTokens {
        result_id: None,
        data,
    }
}

/// The names declared with `param` (or overridden) in `texts`.
pub fn parameter_names<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for text in texts {
        let Ok(file) = crate::syntax::parse(text) else {
            continue;
        };
        for declaration in &file.declarations {
            match declaration {
                Declaration::Parameter(parameter)
                | Declaration::Override(Override::Parameter(parameter)) => {
                    names.insert(parameter.name.text.clone());
                }
                _ => {}
            }
        }
    }
    names
}

fn kind(name: &str) -> u32 {
    TYPES.iter().position(|known| *known == name).unwrap_or(0) as u32
}

fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// `start..end` cut at each line break, line breaks excluded.
fn lines(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut from = start;
    for (offset, _) in text[start..end].match_indices('\n') {
        let newline = start + offset;
        let piece_end = if text[..newline].ends_with('\r') {
            newline - 1
        } else {
            newline
        };
        pieces.push((from, piece_end.max(from)));
        from = newline + 1;
    }
    pieces.push((from, end));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str) -> Vec<(String, &'static str)> {
        let parameters = parameter_names([text]);
        let tokens = semantic_tokens(text, Encoding::Utf16, &parameters);
        let index: Vec<&str> = text.split('\n').collect();
        let (mut line, mut character) = (0usize, 0usize);
        let mut out = Vec::new();
        for token in tokens.data {
            line += token.delta_line as usize;
            character = if token.delta_line == 0 {
                character + token.delta_start as usize
            } else {
                token.delta_start as usize
            };
            let units: Vec<u16> = index[line].encode_utf16().collect();
            let piece =
                String::from_utf16_lossy(&units[character..character + token.length as usize]);
            out.push((piece, TYPES[token.token_type as usize]));
        }
        out
    }

    // issue 17 §5: each kind of token, Chinese before it counted in UTF-16.
    #[test]
    fn tokens_are_classified_lexically() {
        let text = "policy p {\n  total 10\n}\n\
                    param weight \"权重\" = 25 cite \"附1 一\" // 说明\n\
                    let x = max(candidate.daily.fill_rate, weight) + peers.count()\n";
        let tokens = decoded(text);
        let expect = [
            ("param", "keyword"),
            ("weight", "parameter"),
            ("\"权重\"", "label"),
            ("25", "number"),
            ("cite", "keyword"),
            ("\"附1 一\"", "clause"),
            ("// 说明", "comment"),
            ("max", "function"),
            ("daily", "property"),
            ("count", "method"),
        ];
        for (piece, class) in expect {
            assert!(
                tokens.iter().any(|(p, c)| p == piece && *c == class),
                "{piece} as {class} in {tokens:?}"
            );
        }
    }

    #[test]
    fn a_block_comment_is_sent_a_line_at_a_time() {
        let tokens = decoded("/* 一\n二 */ param a = 1");
        assert_eq!(tokens[0], ("/* 一".to_string(), "comment"));
        assert_eq!(tokens[1], ("二 */".to_string(), "comment"));
    }
}
