//! A small Wadler-style pretty printer: a group is laid out flat when it
//! fits in the rest of the line, and broken otherwise.

use unicode_width::UnicodeWidthStr;

#[derive(Clone, Debug)]
pub(super) enum Doc {
    Text(String),
    /// A space when flat, a new line when broken.
    Line,
    /// Always a new line; the enclosing groups cannot be flat.
    HardLine,
    /// Text printed only when the enclosing group is broken.
    BreakOnly(String),
    /// An own-line comment; the enclosing groups cannot be flat.
    Comment(String),
    /// A comment at the end of a line; the enclosing groups cannot be flat.
    Trailing(String),
    Concat(Vec<Doc>),
    Group(Box<Doc>),
    /// Lines inside break this much further in.
    Nest(usize, Box<Doc>),
    /// Lines inside break to the column where this starts.
    Align(Box<Doc>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

pub(super) fn text(text: impl Into<String>) -> Doc {
    Doc::Text(text.into())
}

pub(super) fn group(inner: Vec<Doc>) -> Doc {
    Doc::Group(Box::new(Doc::Concat(inner)))
}

pub(super) fn aligned_group(inner: Vec<Doc>) -> Doc {
    Doc::Group(Box::new(Doc::Align(Box::new(Doc::Concat(inner)))))
}

/// Lays out `doc` starting at `column` of a line indented by `indent`.
pub(super) fn render(doc: &Doc, indent: usize, column: usize, width: usize) -> String {
    let mut out = String::new();
    let mut column = column;
    let mut stack: Vec<(usize, Mode, &Doc)> = vec![(indent, Mode::Break, doc)];
    while let Some((indent, mode, doc)) = stack.pop() {
        match doc {
            Doc::Text(text) => {
                out.push_str(text);
                column += text.width();
            }
            Doc::Line if mode == Mode::Flat => {
                out.push(' ');
                column += 1;
            }
            Doc::Line | Doc::HardLine => {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                column = indent;
            }
            Doc::BreakOnly(text) => {
                if mode == Mode::Break {
                    out.push_str(text);
                    column += text.width();
                }
            }
            Doc::Comment(text) => column = push_comment(&mut out, column, text),
            Doc::Trailing(text) => {
                out.push(' ');
                column = push_comment(&mut out, column + 1, text);
            }
            Doc::Concat(parts) => stack.extend(parts.iter().rev().map(|part| (indent, mode, part))),
            Doc::Group(inner) => {
                let room = width as isize - column as isize;
                let mode = if mode == Mode::Flat || fits(inner, &stack, room) {
                    Mode::Flat
                } else {
                    Mode::Break
                };
                stack.push((indent, mode, inner));
            }
            Doc::Nest(extra, inner) => stack.push((indent + extra, mode, inner)),
            Doc::Align(inner) => stack.push((column, mode, inner)),
        }
    }
    out
}

fn push_comment(out: &mut String, column: usize, text: &str) -> usize {
    out.push_str(text);
    match text.rfind('\n') {
        Some(newline) => text[newline + 1..].width(),
        None => column + text.width(),
    }
}

/// Whether `doc`, flat, and what follows it up to the next line break fit
/// in `room` columns.
fn fits(doc: &Doc, rest: &[(usize, Mode, &Doc)], room: isize) -> bool {
    let mut room = room;
    let mut stack: Vec<(Mode, &Doc)> = vec![(Mode::Flat, doc)];
    let mut rest_index = rest.len();
    loop {
        if room < 0 {
            return false;
        }
        let (mode, doc) = match stack.pop() {
            Some(next) => next,
            None => match rest_index.checked_sub(1) {
                Some(index) => {
                    rest_index = index;
                    (rest[index].1, rest[index].2)
                }
                None => return true,
            },
        };
        match doc {
            Doc::Text(text) => room -= text.width() as isize,
            Doc::Line if mode == Mode::Flat => room -= 1,
            Doc::Line => return true,
            Doc::HardLine | Doc::Comment(_) => return mode == Mode::Break,
            Doc::Trailing(_) if mode == Mode::Flat => return false,
            Doc::Trailing(_) => {}
            Doc::BreakOnly(text) => {
                if mode == Mode::Break {
                    room -= text.width() as isize;
                }
            }
            Doc::Concat(parts) => stack.extend(parts.iter().rev().map(|part| (mode, part))),
            Doc::Group(inner) | Doc::Nest(_, inner) | Doc::Align(inner) => {
                stack.push((mode, inner))
            }
        }
    }
}
