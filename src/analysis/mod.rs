//! What an editor asks about a position in a policy: hover, definition,
//! references, completion and rename, across the files of an `extends`
//! chain and on half-typed text.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::messages::Language;

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
    path: PathBuf,
    text: String,
    language: Language,
}

impl Analysis {
    /// Never fails and never panics, whatever `text` is (half-typed, unparseable,
    /// a broken extends chain). `previous` is the last analysis of the same file
    /// (the server keeps it): when `text` does not parse, names and types are taken
    /// from it, so that completion after `candidate.` works while the line is
    /// unfinished.
    pub fn new(path: &Path, text: &str, read: Read<'_>, previous: Option<&Analysis>) -> Analysis {
        let _ = (read, previous);
        Analysis {
            path: path.to_path_buf(),
            text: text.to_owned(),
            language: Language::Chinese,
        }
    }

    /// The language of fixed words in hovers, completions and messages.
    pub fn set_language(&mut self, language: Language) {
        self.language = language;
    }

    /// What the name at `offset` is.
    pub fn hover(&self, offset: usize) -> Option<Hover> {
        let _ = (offset, &self.path, &self.text, self.language);
        None
    }

    /// Where the name at `offset` is declared.
    pub fn definition(&self, offset: usize) -> Vec<Location> {
        let _ = offset;
        Vec::new()
    }

    /// Every use of the name at `offset`, across the chain.
    pub fn references(&self, offset: usize, include_declaration: bool) -> Vec<Location> {
        let _ = (offset, include_declaration);
        Vec::new()
    }

    /// What may be written at `offset`.
    pub fn completions(&self, offset: usize) -> Vec<Completion> {
        let _ = offset;
        Vec::new()
    }

    /// The span of the renamable name at `offset` (a parameter or a `let`), if any.
    pub fn prepare_rename(&self, offset: usize) -> Option<Range<usize>> {
        let _ = offset;
        None
    }

    /// Every edit, in every file of the chain; Err(message) when the new name is not
    /// an identifier, already names something in scope, or the name is not renamable.
    pub fn rename(&self, offset: usize, new_name: &str) -> Result<Vec<Edit>, String> {
        let _ = (offset, new_name);
        Err(String::new())
    }
}
