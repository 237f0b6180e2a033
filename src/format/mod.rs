//! The canonical layout of a policy. [`format_source`] turns any policy text
//! that parses into the one layout every policy shares, comments included;
//! [`format_file`] lays out a tree that has no source (and so no comments).
//!
//! The result always parses to the same tree (spans aside), and formatting it
//! again changes nothing.
//!
//! # Layout
//!
//! - Two spaces per level of braces; one header field, declaration, field,
//!   statement, `reading` and (when broken) enum variant or record-literal entry
//!   per line; no trailing whitespace; one final newline.
//! - Blank lines: one wherever the source had one or more between two
//!   declarations, header fields, statements or fields (or comments among them);
//!   none at the start or end of a block. Enum variants and record-literal
//!   entries never have blank lines between them. [`format_file`], which has no
//!   source, puts a blank line after the header and between declarations, except
//!   between two `param`s or two `let`s.
//! - Alignment, as gofmt does it: consecutive one-line `param`s (and, separately,
//!   `override param`s) pad their name and label columns; consecutive one-line
//!   fields pad their name column (`name:` when the field has no label); header
//!   keywords are padded; an enum or record literal laid out one entry per line
//!   pads its names. A blank line, or an entry that takes more than one line,
//!   ends a run; a comment line does not. Widths are display widths, so Chinese
//!   labels line up.
//! - Indicator, item, `bonus` and `deduction` bodies print their `cite`s
//!   first, then `reading`s, then statements (`deduct`/`add`/`full` lines
//!   among them) in source order, then items in source order; items nest to
//!   any depth, two spaces a level.
//! - A `grades` scale puts one band per line (`优秀 "label" >= 90 quota 20% in
//!   county`), best first as written, and its `cite`s after the closing brace.
//! - A `deduct`/`add` line keeps its message on the line while it fits in 100
//!   columns, and otherwise puts it on a line of its own, indented two spaces;
//!   a grade rule's message always goes on its own line, as a rule's does.
//! - `override item` and `remove item` write the item's whole path, `a.b.c`;
//!   the header's `final` bounds print `at least` before `at most`.
//! - A `cite` follows the line it belongs to while that line stays within 100
//!   columns, and otherwise starts a line of its own, indented two spaces (in a
//!   body: at the body's indentation). Each `reading` has a line of its own,
//!   indented two spaces. A rule's message goes on its own line under
//!   `exclude when CONDITION`, indented two spaces.
//! - Expressions get the fewest parentheses that keep the tree. One that does
//!   not fit in 100 columns breaks, outermost first: an `if … else if … else`
//!   chain puts each `else` on a line of its own under the `if`; a chain of one
//!   precedence level (`a + b - c`, `x and y and z`) starts a line with each of
//!   its operators, under the chain's first operand; a record literal puts one
//!   entry per line, with a trailing comma. Calls, lists, method chains and
//!   message templates never break, and neither does anything inside a
//!   template hole.
//!
//! # Comments
//!
//! The grammar drops comments, so this module finds them itself (skipping
//! strings and reading template holes as code) and attaches each by position to
//! a line of the tree: the header, a header field, a declaration, a block
//! statement (`cite` and `reading` included), a grade band, a field, an enum
//! variant, or a record-literal entry.
//!
//! - A comment with only code-free space before it on its line goes on its own
//!   line before the next line of its level, or before the closing brace.
//! - A comment after the last token of a line stays at the end of that line;
//!   after an opening brace, at the end of the brace's line.
//! - A comment anywhere else (inside an expression, between a keyword and a
//!   name) moves to its own line before the line that holds it. No comment is
//!   ever dropped: anything the printer could not place goes at the end.

mod attach;
mod doc;
mod print;
pub(crate) mod scan;

use std::cell::RefCell;
use std::collections::HashMap;

use unicode_width::UnicodeWidthStr;

use crate::ast::*;
use crate::diagnostic::Problem;
use crate::syntax;

use doc::Doc;
use print::Printer;

/// Lines longer than this break where the layout allows it.
const MAX_WIDTH: usize = 100;
/// Spaces per level of nesting.
const INDENT: usize = 2;
/// A width no line reaches, for text that must stay on one line.
const UNLIMITED: usize = 1 << 40;

/// Formats a policy source canonically. Err carries the syntax problem (from
/// [`syntax::parse`]) when the text does not parse.
pub fn format_source(source: &str) -> Result<String, Box<Problem>> {
    let file = syntax::parse(source)?;
    let notes = attach::notes(source, &file);
    Ok(Printer::new(notes).file(&file))
}

/// Formats a tree that has no source text, so no comments and no blank lines
/// of the author's; see the module documentation for where blank lines go.
pub fn format_file(file: &PolicyFile) -> String {
    Printer::new(Notes::default()).file(file)
}

// ---------------------------------------------------------------- comment notes

/// A line of the tree that comments attach to. Nodes are named by the start
/// of a span the tree keeps (which need not be the node's first token), so the
/// attacher and the printer find the same name without the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    File,
    Header,
    HeaderField(HeaderField),
    Node(usize),
    /// The n-th `cite` of the body of the indicator or item at this offset:
    /// block citations keep no span of their own.
    Cite(usize, usize),
    /// A record literal, by the offset of its `{`.
    Literal(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum HeaderField {
    Extends,
    Title,
    Version,
    Effective,
    Source,
    Total,
    Round,
    Final,
}

impl HeaderField {
    /// Canonical order, which is also the order they are printed in.
    const ALL: [HeaderField; 8] = [
        HeaderField::Extends,
        HeaderField::Title,
        HeaderField::Version,
        HeaderField::Effective,
        HeaderField::Source,
        HeaderField::Total,
        HeaderField::Round,
        HeaderField::Final,
    ];

    fn keyword(self) -> &'static str {
        match self {
            HeaderField::Extends => "extends",
            HeaderField::Title => "title",
            HeaderField::Version => "version",
            HeaderField::Effective => "effective",
            HeaderField::Source => "source",
            HeaderField::Total => "total",
            HeaderField::Round => "round",
            HeaderField::Final => "final",
        }
    }

    fn is_in(self, header: &Header) -> bool {
        match self {
            HeaderField::Extends => header.extends.is_some(),
            HeaderField::Title => header.title.is_some(),
            HeaderField::Version => header.version.is_some(),
            HeaderField::Effective => header.effective.is_some(),
            HeaderField::Source => header.source.is_some(),
            HeaderField::Total => header.total.is_some(),
            HeaderField::Round => header.rounding.is_some(),
            HeaderField::Final => header.final_at_least.is_some() || header.final_at_most.is_some(),
        }
    }
}

/// An own-line comment and whether a blank line precedes it.
#[derive(Clone, Copy, Debug)]
struct Note {
    comment: usize,
    blank_before: bool,
}

#[derive(Debug, Default)]
struct NodeNotes {
    /// Own-line comments before the node, in the order they are printed.
    leading: Vec<Note>,
    /// Whether a blank line separates the node from what precedes it.
    blank_before: bool,
    /// Comments at the end of the node's last line.
    trailing: Vec<usize>,
}

#[derive(Debug, Default)]
struct ContainerNotes {
    /// Comments at the end of the opening brace's line.
    open: Vec<usize>,
    /// Own-line comments after the last entry, before the closing brace.
    dangling: Vec<Note>,
}

#[derive(Debug, Default)]
struct Notes {
    /// False for a tree without source: blank lines then follow a fixed rule.
    from_source: bool,
    /// Every comment's text, in source order; notes refer to them by index.
    comments: Vec<String>,
    nodes: HashMap<Key, NodeNotes>,
    containers: HashMap<Key, ContainerNotes>,
}

fn declaration_anchor(declaration: &Declaration) -> usize {
    match declaration {
        Declaration::Input(_, span) => span.start,
        Declaration::Record(record) => record.span.start,
        Declaration::Parameter(parameter) | Declaration::Derived(parameter) => parameter.span.start,
        Declaration::Indicator(indicator) => indicator.span.start,
        Declaration::Exclude(rule) | Declaration::Finding(rule) | Declaration::Revoke(rule) => {
            rule.span.start
        }
        Declaration::Group(group) => group.span.start,
        Declaration::Rank(rank) => rank.span.start,
        Declaration::Select(select) | Declaration::Flag(select) => select.span.start,
        Declaration::Override(replacement) => replacement.span().start,
        Declaration::Remove(removal) => removal.span.start,
        Declaration::Script(script) => script.span.start,
        Declaration::Adjustment(adjustment) => adjustment.span.start,
        Declaration::Grades(grades) => grades.span.start,
        Declaration::GradeRule(rule) => rule.span.start,
    }
}

fn statement_anchor(statement: &Statement) -> usize {
    match statement {
        Statement::Let(name, _) => name.span.start,
        Statement::Score(value) => value.span.start,
        Statement::Zero(rule) | Statement::Finding(rule) => rule.span.start,
        Statement::Deduct(line) | Statement::Add(line) => line.span.start,
        Statement::Full { span, .. } => span.start,
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}
