//! What an editor asks about a position in a policy: hover, definition,
//! references, completion and rename, across the files of an `extends`
//! chain and on half-typed text.
//!
//! [`Analysis::new`] parses the file and the chain it `extends` (each file
//! on its own, in the shared offset space of `inheritance`), and indexes
//! every declaration and every use of a name (`index.rs`, `walk.rs`). The
//! requests read the index; completion also reads the text before the
//! cursor (`scan.rs`), since the line being typed seldom parses.

use std::ops::Range;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::ast::{PolicyFile, Span};
use crate::messages::Language;

mod completion;
mod help;
mod hover;
mod index;
mod rename;
mod scan;
mod types;
mod walk;

use index::{Index, Kind, SourceText, SymbolId};

/// A place in one file: byte offsets into THAT file's own text (not the shared
/// inheritance offset space).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the `extends` chain names it.
    pub path: PathBuf,
    /// Byte offsets into that file's own text.
    pub span: Range<usize>,
}

/// What hovering a name shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The name hovered, in the edited file's text.
    pub span: Range<usize>,
    /// The text to show.
    pub markdown: String,
}

/// What a completion inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// A field of a record.
    Field,
    /// A `param`.
    Parameter,
    /// A `let`.
    Let,
    /// A built-in function or a script function.
    Function,
    /// A list method.
    Method,
    /// A keyword that starts a statement.
    Keyword,
    /// A value of an enum.
    EnumValue,
    /// An indicator or an item.
    Indicator,
}

/// One completion offered at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The text inserted.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// One line: a type, a signature, a label ("填报率 · number[0..1]").
    pub detail: Option<String>,
    /// Markdown shown beside the item.
    pub documentation: Option<String>,
}

/// One replacement of text in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Where, in that file's own text.
    pub location: Location,
    /// What replaces it.
    pub new_text: String,
}

/// Reads a file an `extends` names. The server passes a reader that prefers the
/// editor's unsaved text of an open document and falls back to the disk,
/// restricted to the `root` folder like the CLI's `--root`.
pub type Read<'a> = &'a dyn Fn(&Path) -> std::io::Result<String>;

/// What is known about one policy file and the chain it extends.
pub struct Analysis {
    /// The edited file's text now; the index may be of an earlier text
    /// when this one does not parse.
    text: String,
    index: Index,
    language: Language,
}

impl std::fmt::Debug for Analysis {
    /// The file and how much is known; the index itself is too long to read.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analysis")
            .field(
                "files",
                &self
                    .index
                    .files
                    .iter()
                    .map(|file| &file.path)
                    .collect::<Vec<_>>(),
            )
            .field("symbols", &self.index.symbols.len())
            .field("uses", &self.index.uses.len())
            .field("current", &self.current())
            .field("language", &self.language)
            .finish()
    }
}

/// How many broken lines `Analysis::new` blanks out, one by one, to index
/// the rest of a file that does not parse when there is no earlier analysis.
const REPAIRS: usize = 4;

impl Analysis {
    /// Never fails and never panics, whatever `text` is (half-typed, unparseable,
    /// a broken extends chain). `previous` is the last analysis of the same file
    /// (the server keeps it): when `text` does not parse, names and types are taken
    /// from it, so that completion after `candidate.` works while the line is
    /// unfinished.
    pub fn new(path: &Path, text: &str, read: Read<'_>, previous: Option<&Analysis>) -> Analysis {
        let index = match crate::syntax::parse_all(text) {
            Ok(tree) => index_chain(path, text, tree, read),
            Err(problems) => match previous {
                Some(previous) => previous.index.clone(),
                None => repaired(path, text, problems, read).unwrap_or_else(|| Index {
                    files: vec![SourceText {
                        path: path.to_path_buf(),
                        text: Arc::from(text),
                        offset: 0,
                        title: None,
                    }],
                    ..Index::default()
                }),
            },
        };
        Analysis {
            text: text.to_owned(),
            index,
            language: Language::Chinese,
        }
    }

    /// The language of the fixed words in hovers, completions and rename
    /// errors; Chinese unless the editor says otherwise.
    pub fn set_language(&mut self, language: Language) {
        self.language = language;
    }

    /// What the name at `offset` is.
    pub fn hover(&self, offset: usize) -> Option<Hover> {
        hover::hover(self, self.clamp(offset))
    }

    /// Where the name at `offset` is declared: in this file or an ancestor.
    pub fn definition(&self, offset: usize) -> Vec<Location> {
        let offset = self.clamp(offset);
        if let Some((_, parent)) = self.extends_at(offset) {
            return vec![Location {
                path: self.index.files[parent].path.clone(),
                span: 0..0,
            }];
        }
        let Some((_, symbol)) = self.symbol_at(offset) else {
            return Vec::new();
        };
        let span = self.index.symbols[symbol].span;
        if !self.unchanged(span) {
            return Vec::new();
        }
        self.location(span).into_iter().collect()
    }

    /// Every use of the name at `offset`, across the chain, sorted by file
    /// and place.
    pub fn references(&self, offset: usize, include_declaration: bool) -> Vec<Location> {
        let Some((_, symbol)) = self.symbol_at(self.clamp(offset)) else {
            return Vec::new();
        };
        let mut locations: Vec<Location> = self
            .spans_of(symbol, include_declaration)
            .into_iter()
            .filter_map(|span| self.location(span))
            .collect();
        sort_locations(&mut locations);
        locations
    }

    /// What may be written at `offset`.
    pub fn completions(&self, offset: usize) -> Vec<Completion> {
        completion::completions(self, self.clamp(offset))
    }

    /// The span of the renamable name at `offset` (a parameter or a `let`), if any.
    pub fn prepare_rename(&self, offset: usize) -> Option<Range<usize>> {
        let (span, symbol) = self.symbol_at(self.clamp(offset))?;
        let renamable = matches!(self.index.symbols[symbol].kind, Kind::Parameter | Kind::Let);
        renamable.then_some(span.start..span.end)
    }

    /// Every edit, in every file of the chain; Err(message) when the new name is not
    /// an identifier, already names something in scope, or the name is not renamable.
    pub fn rename(&self, offset: usize, new_name: &str) -> Result<Vec<Edit>, String> {
        rename::rename(self, self.clamp(offset), new_name)
    }

    /// `offset` within the text, on a character boundary.
    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The name at `offset` in the edited file (a use, else a declaration)
    /// and its symbol; a cursor just after a name is on it.
    fn symbol_at(&self, offset: usize) -> Option<(Span, SymbolId)> {
        let own_end = self.own_length();
        let on = |span: &Span| span.start <= offset && offset <= span.end && span.end <= own_end;
        let used = self
            .index
            .uses
            .iter()
            .filter(|(span, _)| on(span) && self.unchanged(*span))
            .min_by_key(|(span, _)| (span.end - span.start, span.start));
        if let Some((span, symbol)) = used {
            return Some((*span, *symbol));
        }
        self.index
            .symbols
            .iter()
            .enumerate()
            .filter(|(_, symbol)| {
                on(&symbol.span)
                    && symbol.span.end > symbol.span.start
                    && self.unchanged(symbol.span)
            })
            .min_by_key(|(id, symbol)| (symbol.span.end - symbol.span.start, *id))
            .map(|(id, symbol)| (symbol.span, id))
    }

    /// Whether the index is of the text being edited, not of an earlier one.
    fn current(&self) -> bool {
        self.index
            .files
            .first()
            .is_some_and(|file| *file.text == *self.text)
    }

    /// Whether a span of the edited file still holds what the index read
    /// there: an index of an earlier text is trusted only where the text
    /// has not moved.
    fn unchanged(&self, span: Span) -> bool {
        let Some(file) = self.index.files.first() else {
            return false;
        };
        if span.start > file.text.len() {
            return true;
        }
        let indexed = file.text.get(span.start..span.end);
        indexed.is_some() && indexed == self.text.get(span.start..span.end)
    }

    /// The `extends "PATH"` at `offset` in the edited file, and the file it names.
    fn extends_at(&self, offset: usize) -> Option<(Span, usize)> {
        let own = self.own_length();
        self.index
            .extends
            .iter()
            .find(|(span, _)| {
                span.start <= offset
                    && offset <= span.end
                    && span.end <= own
                    && self.unchanged(*span)
            })
            .copied()
    }

    /// How far the edited file reaches in the index's offset space.
    fn own_length(&self) -> usize {
        self.index
            .files
            .first()
            .map_or(0, |file| file.text.len())
            .min(self.text.len())
    }

    /// Every span that names `symbol`: its uses, and its declaration when asked.
    fn spans_of(&self, symbol: SymbolId, include_declaration: bool) -> Vec<Span> {
        let mut spans: Vec<Span> = self
            .index
            .uses
            .iter()
            .filter(|(_, used)| *used == symbol)
            .map(|(span, _)| *span)
            .collect();
        if include_declaration {
            spans.push(self.index.symbols[symbol].span);
        }
        spans.retain(|span| self.unchanged(*span));
        spans
    }

    /// A shared-space span as a place in its own file.
    fn location(&self, span: Span) -> Option<Location> {
        let file = self.index.file_of(span.start)?;
        let source = &self.index.files[file];
        let text: &str = if file == 0 { &self.text } else { &source.text };
        let start = span.start.checked_sub(source.offset)?;
        let end = span.end.checked_sub(source.offset)?;
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return None;
        }
        Some(Location {
            path: source.path.clone(),
            span: start..end,
        })
    }
}

fn sort_locations(locations: &mut Vec<Location>) {
    locations.sort_by(|a, b| {
        (&a.path, a.span.start, a.span.end).cmp(&(&b.path, b.span.start, b.span.end))
    });
    locations.dedup();
}

/// The index of `tree` and the chain it extends, as far as it can be read.
fn index_chain(path: &Path, text: &str, tree: PolicyFile, read: Read<'_>) -> Index {
    let name = path.to_string_lossy();
    let inherited = crate::inheritance::resolve(tree.clone(), &name, text, read);
    let mut files = vec![SourceText {
        path: path.to_path_buf(),
        text: Arc::from(text),
        offset: 0,
        title: tree.header.title.clone(),
    }];
    let mut trees = vec![(0, tree)];
    for source in &inherited.sources {
        let parsed = crate::syntax::parse_at(&source.text, source.offset).ok();
        files.push(SourceText {
            path: PathBuf::from(&source.name),
            text: source.text.clone(),
            offset: source.offset,
            title: parsed.as_ref().and_then(|tree| tree.header.title.clone()),
        });
        if let Some(parsed) = parsed {
            trees.push((files.len() - 1, parsed));
        }
    }
    // The root of the chain declares first; the edited file overrides last.
    trees.reverse();
    Index::build(files, &trees)
}

/// The index of a text that does not parse, with no earlier analysis to
/// fall back on: lines are blanked (offsets kept) until the rest parses, so
/// that the rest of the file still has its names. A half-typed line shows
/// up as an error on the line after it (`d.` then `item fines` reads as
/// `d.item` and stops at `fines`), so each round tries the error's line,
/// the line before it, and both, and keeps what gets furthest.
fn repaired(
    path: &Path,
    text: &str,
    problems: Vec<crate::Problem>,
    read: Read<'_>,
) -> Option<Index> {
    let mut text = text.to_owned();
    let mut at = problems.iter().map(|problem| problem.span.start).min()?;
    for _ in 0..REPAIRS {
        let line = line_around(&text, at);
        let before = line_before(&text, line.start);
        let choices = [
            Some(vec![line.clone()]),
            before.clone().map(|before| vec![before]),
            before.map(|before| vec![before, line]),
        ];
        let mut furthest: Option<(String, usize)> = None;
        for lines in choices.into_iter().flatten() {
            let blanked = blank(&text, &lines);
            match crate::syntax::parse_all(&blanked) {
                Ok(tree) => return Some(index_chain(path, &blanked, tree, read)),
                Err(problems) => {
                    let reached = problems
                        .iter()
                        .map(|problem| problem.span.start)
                        .min()
                        .unwrap_or(0);
                    if furthest.as_ref().is_none_or(|(_, best)| reached > *best) {
                        furthest = Some((blanked, reached));
                    }
                }
            }
        }
        (text, at) = furthest?;
    }
    None
}

/// The line that holds `offset`, without its newline.
fn line_around(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let start = text.as_bytes()[..offset]
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |newline| newline + 1);
    let end = text.as_bytes()[offset..]
        .iter()
        .position(|&byte| byte == b'\n')
        .map_or(text.len(), |newline| offset + newline);
    start..end
}

/// The last line before `line_start` with something on it.
fn line_before(text: &str, line_start: usize) -> Option<Range<usize>> {
    let mut end = line_start.checked_sub(1)?;
    loop {
        let line = line_around(text, end);
        if !text[line.clone()].trim().is_empty() {
            return Some(line);
        }
        end = line.start.checked_sub(1)?;
    }
}

/// `text` with the bytes of `lines` made spaces: still UTF-8, since whole
/// lines go, and every other offset where it was.
fn blank(text: &str, lines: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for line in lines {
        bytes[line.clone()].fill(b' ');
    }
    String::from_utf8(bytes).unwrap_or_default()
}
