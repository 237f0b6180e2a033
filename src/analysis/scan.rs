//! Reading the text just before the cursor, which seldom parses while it is
//! being typed: the word being written, the dotted chain before a `.`
//! (`candidate.daily.`, `files.filter(x).`), the list methods whose
//! argument the cursor is in, and an enum comparison's open quote. Scans go
//! back at most `LOOK_BACK` bytes, so a huge file costs no more than a small one.

/// How far back a scan looks; a chain or a method call is never longer.
const LOOK_BACK: usize = 4096;

/// One step of a dotted chain, leftmost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Segment {
    Name(String),
    /// `name(…)`, with the text of its first argument.
    Call(String, String),
    /// `[…]` after a list or a record.
    Index,
    /// A list literal `[a, b, …]` starting a chain, with its first item's text.
    List(String),
}

/// A chain and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Chain {
    pub(super) start: usize,
    pub(super) segments: Vec<Segment>,
}

pub(super) fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where the name that ends at `offset` starts.
pub(super) fn word_start(text: &str, offset: usize) -> usize {
    let mut start = offset;
    while let Some(c) = text[..start].chars().next_back() {
        if !is_name_char(c) || offset - start > LOOK_BACK {
            break;
        }
        start -= c.len_utf8();
    }
    start
}

fn floor(text: &str, offset: usize) -> usize {
    let mut low = offset.saturating_sub(LOOK_BACK);
    while !text.is_char_boundary(low) {
        low -= 1;
    }
    low
}

/// Where the bracket that `close` (at `end - 1`) closes opens, if within reach.
fn opening(text: &str, end: usize, open: char, close: char) -> Option<usize> {
    let low = floor(text, end);
    let mut depth = 0usize;
    for (at, c) in text[low..end].char_indices().rev() {
        if c == close {
            depth += 1;
        } else if c == open {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(low + at);
            }
        }
    }
    None
}

/// The chain that ends just before `end` (the offset of a `.` or of the end
/// of the chain), leftmost segment first.
pub(super) fn chain_before(text: &str, end: usize) -> Option<Chain> {
    let mut segments = Vec::new();
    let mut end = end;
    loop {
        let before = text[..end].chars().next_back()?;
        match before {
            ')' => {
                let open = opening(text, end, '(', ')')?;
                let argument = first_argument(&text[open + 1..end - 1]);
                let name_start = word_start(text, open);
                if name_start == open {
                    return None;
                }
                segments.push(Segment::Call(text[name_start..open].to_owned(), argument));
                end = name_start;
            }
            ']' => {
                let open = opening(text, end, '[', ']')?;
                let indexes = text[..open]
                    .chars()
                    .next_back()
                    .is_some_and(|c| is_name_char(c) || c == ')' || c == ']');
                if indexes {
                    segments.push(Segment::Index);
                    end = open;
                    continue;
                }
                segments.push(Segment::List(first_argument(&text[open + 1..end - 1])));
                end = open;
            }
            c if is_name_char(c) => {
                let start = word_start(text, end);
                let name = &text[start..end];
                if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    return None;
                }
                segments.push(Segment::Name(name.to_owned()));
                end = start;
            }
            _ => return None,
        }
        if text[..end].ends_with('.') {
            end -= 1;
        } else {
            segments.reverse();
            return Some(Chain {
                start: end,
                segments,
            });
        }
    }
}

/// The first argument of a call's argument text, trimmed.
fn first_argument(arguments: &str) -> String {
    let mut depth = 0i32;
    for (at, c) in arguments.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => return arguments[..at].trim().to_owned(),
            _ => {}
        }
    }
    arguments.trim().to_owned()
}

/// The list-method calls whose argument `offset` is in, innermost first:
/// for each, the chain of the list and the method's name. `take`, `drop`
/// and `contains` read their argument once, outside the items (as the
/// checker has it), so their item is not in scope there.
pub(super) fn open_methods(text: &str, offset: usize) -> Vec<(Chain, String)> {
    let low = floor(text, offset);
    let mut open = Vec::new();
    let mut depth = 0usize;
    for (at, c) in text[low..offset].char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth > 0 => depth -= 1,
            '(' => open.push(low + at),
            // A statement ends at a blank line or a brace: nothing before
            // it is an open call.
            '{' | '}' if depth == 0 => break,
            _ => {}
        }
    }
    let mut methods = Vec::new();
    for paren in open {
        let name_start = word_start(text, paren);
        if name_start == paren || !text[..name_start].ends_with('.') {
            continue;
        }
        if matches!(&text[name_start..paren], "take" | "drop" | "contains") {
            continue;
        }
        if let Some(chain) = chain_before(text, name_start - 1) {
            methods.push((chain, text[name_start..paren].to_owned()));
        }
    }
    methods
}

/// `CHAIN == "` or `CHAIN != "` just before `start` (the word being typed
/// after the quote): the chain whose enum values to offer.
pub(super) fn enum_comparison(text: &str, start: usize) -> Option<Chain> {
    let before = text[..start].strip_suffix('"')?;
    let before = before.trim_end_matches([' ', '\t']);
    let before = before
        .strip_suffix("==")
        .or_else(|| before.strip_suffix("!="))?;
    let before = before.trim_end_matches([' ', '\t']);
    chain_before(text, before.len())
}

/// Whether only blank space stands between the line's start and `start`.
pub(super) fn starts_statement(text: &str, start: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |newline| newline + 1);
    text[line_start..start].trim().is_empty()
}

/// The line before `offset`: to tell a comment or a string from code.
pub(super) fn line_before(text: &str, offset: usize) -> &str {
    let line_start = text[..offset].rfind('\n').map_or(0, |newline| newline + 1);
    &text[line_start..offset]
}

/// What the braces open at `offset` belong to, innermost last: the text
/// of each opening brace's line before it (`indicator team "…" max 20`),
/// strings and comments skipped.
pub(super) fn open_braces(text: &str, offset: usize) -> Vec<&str> {
    let mut open = Vec::new();
    let mut characters = text[..offset].char_indices().peekable();
    while let Some((at, c)) = characters.next() {
        match c {
            '"' => {
                while let Some((_, c)) = characters.next() {
                    match c {
                        '\\' => {
                            characters.next();
                        }
                        '"' | '\n' => break,
                        _ => {}
                    }
                }
            }
            '/' if characters.peek().map(|(_, c)| *c) == Some('/') => {
                for (_, c) in characters.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '{' => {
                let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
                open.push(text[line_start..at].trim());
            }
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open
}
