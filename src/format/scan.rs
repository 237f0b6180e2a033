//! Tokens and comments of a source, found without the grammar. A message
//! template is one token whose holes are scanned as code for comments.

use std::collections::{BTreeMap, HashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Word,
    Quoted,
    /// An ASCII punctuation byte, or 0 for anything else.
    Punct(u8),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Comment {
    pub start: usize,
    pub end: usize,
}

pub(crate) struct Scan {
    pub tokens: Vec<Token>,
    pub comments: Vec<Comment>,
}

/// `templates` holds the offsets of the opening quotes of message
/// templates: only the parse knows which strings have holes. `opaque` maps
/// the start of each script's rhai text to its end: that text is the
/// script's own, comments included, and is one token here.
pub(crate) fn scan(
    source: &str,
    templates: &HashSet<usize>,
    opaque: &BTreeMap<usize, usize>,
) -> Scan {
    let mut scanner = Scanner {
        source,
        templates,
        opaque,
        index: 0,
        tokens: Vec::new(),
        comments: Vec::new(),
    };
    scanner.code(false);
    Scan {
        tokens: scanner.tokens,
        comments: scanner.comments,
    }
}

struct Scanner<'a> {
    source: &'a str,
    templates: &'a HashSet<usize>,
    opaque: &'a BTreeMap<usize, usize>,
    index: usize,
    tokens: Vec<Token>,
    comments: Vec<Comment>,
}

impl Scanner<'_> {
    fn byte_at(&self, offset: usize) -> Option<u8> {
        self.source.as_bytes().get(self.index + offset).copied()
    }

    fn peek(&self) -> Option<char> {
        self.source.get(self.index..)?.chars().next()
    }

    /// Code up to the end of the text or, inside a template hole, up to
    /// and including the brace that closes the hole. Tokens inside holes
    /// are not recorded: the template is one token.
    fn code(&mut self, in_hole: bool) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            let start = self.index;
            if let Some(&end) = self.opaque.get(&start).filter(|_| !in_hole) {
                self.index = end.max(start + 1);
                self.token(start, TokenKind::Quoted, in_hole);
                continue;
            }
            match c {
                '"' => self.quoted(in_hole),
                '/' if self.byte_at(1) == Some(b'/') => self.line_comment(),
                '/' if self.byte_at(1) == Some(b'*') => self.block_comment(),
                '}' if in_hole && depth == 0 => {
                    self.index += 1;
                    return;
                }
                c if super::is_space(c) => self.index += c.len_utf8(),
                c if is_word(c) => {
                    while let Some(c) = self.peek().filter(|c| is_word(*c)) {
                        self.index += c.len_utf8();
                    }
                    self.token(start, TokenKind::Word, in_hole);
                }
                c => {
                    match c {
                        '{' => depth += 1,
                        '}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    self.index += c.len_utf8();
                    let byte = if c.is_ascii() { c as u8 } else { 0 };
                    self.token(start, TokenKind::Punct(byte), in_hole);
                }
            }
        }
    }

    fn token(&mut self, start: usize, kind: TokenKind, in_hole: bool) {
        if !in_hole {
            self.tokens.push(Token {
                start,
                end: self.index,
                kind,
            });
        }
    }

    /// A string ends at its closing quote or at the end of its line, as in
    /// the grammar; a template's holes are code.
    fn quoted(&mut self, in_hole: bool) {
        let start = self.index;
        let template = !in_hole && self.templates.contains(&start);
        let bytes = self.source.as_bytes();
        self.index += 1;
        while let Some(&byte) = bytes.get(self.index) {
            match byte {
                b'"' => {
                    self.index += 1;
                    break;
                }
                b'\n' => break,
                b'\\' => self.index += 2,
                b'{' if template => {
                    self.index += 1;
                    self.code(true);
                }
                _ => self.index += 1,
            }
        }
        self.index = self.index.min(bytes.len());
        self.token(start, TokenKind::Quoted, in_hole);
    }

    fn line_comment(&mut self) {
        let start = self.index;
        let rest = &self.source.as_bytes()[start..];
        let length = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        self.index = start + length;
        let end = if length > 2 && rest[length - 1] == b'\r' {
            self.index - 1
        } else {
            self.index
        };
        self.comments.push(Comment { start, end });
    }

    fn block_comment(&mut self) {
        let start = self.index;
        let end = self.source[start + 2..]
            .find("*/")
            .map_or(self.source.len(), |offset| start + 2 + offset + 2);
        self.index = end;
        self.comments.push(Comment { start, end });
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}
