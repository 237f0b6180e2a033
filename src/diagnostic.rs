//! Problems found in a policy or a facts file, as miette diagnostics.
//!
//! Every stage collects `Problem`s instead of stopping at the first; the
//! library returns them in a `Report` bound to the source text, and only the
//! CLI renders them.

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, MietteError, MietteSpanContents, NamedSource, SourceCode, SpanContents};
use serde::Serialize;

use crate::ast::Span;

/// How serious a problem is. Ordered so that, at one position, warnings sort
/// before errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth fixing, but the policy or facts can still be used.
    Warning,
    /// The policy or facts cannot be used until it is fixed.
    Error,
}

/// One problem: a lowercase message with user input in backticks, the span it
/// is about, and a help line saying what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Whether the problem stops loading or is only a warning.
    pub level: Level,
    /// A stable machine-readable code such as `kaoping::check::unknown_name`.
    pub code: &'static str,
    /// What is wrong: lowercase, with user input in backticks.
    pub message: String,
    /// The byte range the problem is about, in the source of its report.
    pub span: Span,
    /// The text shown at the span; `here` unless set.
    pub label: String,
    /// What to do about it, when there is advice to give.
    pub help: Option<String>,
    /// Further places that explain the problem (the first definition, say).
    pub related: Vec<(Span, String)>,
    /// Where the problem is, named as the person knows it, for machine
    /// output (`--error-format json`): `candidate`, `path`, `sheet`, `cell`,
    /// `file`. Empty for most problems; the message already says it in words.
    pub fields: Vec<(&'static str, String)>,
}

impl Problem {
    /// An error with the default label, no help and no related places.
    pub fn error(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Problem {
            level: Level::Error,
            code,
            message: message.into(),
            span,
            label: "here".into(),
            help: None,
            related: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// A warning with the default label, no help and no related places.
    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Problem {
            level: Level::Warning,
            ..Problem::error(code, message, span)
        }
    }

    /// Replaces the text shown at the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the help line that says what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a further place that explains the problem, with the text shown there.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// Adds a named place for machine output (see [`Problem::fields`]),
    /// replacing an earlier value of the same name.
    pub fn with_field(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.fields.retain(|(existing, _)| *existing != name);
        self.fields.push((name, value.into()));
        self
    }
}

/// A policy file that another extends. The spans of a policy and of every
/// file it extends share one offset space: the loaded file starts at 0 and
/// each inherited file at its `offset`, after the one before, so a span alone
/// says which file it points into.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path the file was read from, as shown in diagnostics.
    pub name: String,
    /// The file's text.
    pub text: Arc<str>,
    /// Where the file's first byte sits in the shared offset space.
    pub offset: usize,
}

/// A byte offset resolved to its file: the file's name and text, the offset
/// within that text, and the 1-based line and column there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location<'a> {
    /// The file's name, usually its path.
    pub file: &'a str,
    /// The file's whole text.
    pub text: &'a str,
    /// Where the file starts in the shared offset space.
    pub file_offset: usize,
    /// 1-based line within the file.
    pub line: usize,
    /// 1-based column within the line, in characters.
    pub column: usize,
}

/// Finds the file holding `offset`: the primary text unless the offset lies
/// in one of the inherited files.
pub fn locate<'a>(
    primary_name: &'a str,
    primary: &'a str,
    inherited: &'a [SourceFile],
    offset: usize,
) -> Location<'a> {
    let (file, text, file_offset) = inherited
        .iter()
        .rev()
        .find(|file| offset >= file.offset && offset > primary.len())
        .map_or((primary_name, primary, 0), |file| {
            (file.name.as_str(), &*file.text, file.offset)
        });
    let (line, column) = line_column(text, offset - file_offset);
    Location {
        file,
        text,
        file_offset,
        line,
        column,
    }
}

/// All the problems found in one source, with the source they point into.
#[derive(Clone)]
pub struct Report {
    /// The name the problems are reported under, usually the file path.
    pub source_name: String,
    /// The whole text that the problems' spans index into.
    pub source: Arc<str>,
    /// Sorted by position; at one position, warnings come before errors.
    pub problems: Vec<Problem>,
    /// The files the policy extends, which spans past the end of `source`
    /// point into; empty for facts and for a policy that extends nothing.
    pub inherited: Vec<SourceFile>,
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("source_name", &self.source_name)
            .field("problems", &self.problems)
            .finish()
    }
}

impl Report {
    /// Binds `problems` to their source, sorting them by position.
    pub fn new(source_name: &str, source: &str, mut problems: Vec<Problem>) -> Self {
        problems.sort_by_key(|problem| (problem.span.start, problem.level));
        Report {
            source_name: source_name.to_string(),
            source: Arc::from(source),
            problems,
            inherited: Vec::new(),
        }
    }

    /// Adds the files the policy extends, so that problems inside them render
    /// against the right text.
    pub fn with_inherited(mut self, inherited: Vec<SourceFile>) -> Self {
        self.inherited = inherited;
        self
    }

    /// Whether any problem is an error rather than a warning.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.level == Level::Error)
    }

    /// The errors, in position order.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.level == Level::Error)
    }

    /// The warnings, in position order.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.level == Level::Warning)
    }

    /// Each problem as a standalone miette diagnostic bound to the file it
    /// points into. Related places in another file (the parent a policy
    /// extends, say) become related diagnostics with their own source.
    pub fn diagnostics(&self) -> Vec<SourcedProblem> {
        let mut named: Vec<(usize, Arc<PolicySource>)> = Vec::new();
        let mut source_of = |location: &Location| -> Arc<PolicySource> {
            if let Some((_, source)) = named.iter().find(|(at, _)| *at == location.file_offset) {
                return Arc::clone(source);
            }
            let source = Arc::new(PolicySource::new(location.file, location.text));
            named.push((location.file_offset, Arc::clone(&source)));
            source
        };
        self.problems
            .iter()
            .map(|problem| {
                let home = self.locate(problem.span.start);
                let mut local = problem.clone();
                local.span = shift(problem.span, home.file_offset);
                local.related.clear();
                let mut elsewhere = Vec::new();
                for (span, label) in &problem.related {
                    let there = self.locate(span.start);
                    if there.file_offset == home.file_offset {
                        local
                            .related
                            .push((shift(*span, home.file_offset), label.clone()));
                    } else {
                        elsewhere.push(RelatedPlace {
                            label: label.clone(),
                            span: shift(*span, there.file_offset),
                            source: source_of(&there),
                        });
                    }
                }
                SourcedProblem {
                    problem: local,
                    source: source_of(&home),
                    elsewhere,
                }
            })
            .collect()
    }

    /// 1-based line and column of a byte offset, within the file it falls in.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let location = self.locate(offset);
        (location.line, location.column)
    }

    /// The file a byte offset falls in, and the line and column there.
    pub fn locate(&self, offset: usize) -> Location<'_> {
        locate(&self.source_name, &self.source, &self.inherited, offset)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        write!(
            f,
            "{}: {errors} error(s), {warnings} warning(s)",
            self.source_name
        )
    }
}

impl std::error::Error for Report {}

/// 1-based line and column of a byte offset into `source`, the column counted
/// in characters. An offset past the end counts as the end, and one inside a
/// character as that character's start.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn shift(span: Span, file_offset: usize) -> Span {
    Span::new(span.start - file_offset, span.end - file_offset)
}

/// A named source whose columns count characters. miette counts the column
/// of its `[file:line:column]` header in bytes, so a line with Chinese
/// before the problem (a label, a comment) would be reported two columns
/// further right per character than an editor shows it, and than
/// `--error-format json` says.
#[derive(Debug)]
pub struct PolicySource {
    named: NamedSource<String>,
}

impl PolicySource {
    /// A source shown under `name`, holding `text`.
    pub fn new(name: &str, text: &str) -> Self {
        PolicySource {
            named: NamedSource::new(name, text.to_string()),
        }
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        self.named.inner()
    }

    /// The name shown in headers, usually the file's path.
    pub fn name(&self) -> &str {
        self.named.name()
    }
}

impl SourceCode for PolicySource {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .named
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette only reports a column other than 0 when it reads the span
        // alone, for the header; that column is the one to count again.
        if contents.column() == 0 {
            return Ok(contents);
        }
        let (_, column) = line_column(self.text(), span.offset());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name().to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column - 1,
            contents.line_count(),
        )))
    }
}

/// A problem together with its source, ready for a miette handler.
#[derive(Debug)]
pub struct SourcedProblem {
    /// The problem to render, its spans relative to `source`.
    pub problem: Problem,
    /// The named source its spans point into, shared by every problem of one file.
    pub source: Arc<PolicySource>,
    /// Related places in other files, rendered after the problem.
    pub elsewhere: Vec<RelatedPlace>,
}

/// A related place in another file than its problem's, such as the parent
/// policy that lacks what a child overrides.
#[derive(Debug)]
pub struct RelatedPlace {
    /// What the place says about the problem.
    pub label: String,
    /// The place, relative to `source`.
    pub span: Span,
    /// The file the place is in.
    pub source: Arc<PolicySource>,
}

impl fmt::Display for RelatedPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl std::error::Error for RelatedPlace {}

impl miette::Diagnostic for RelatedPlace {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = LabeledSpan::new_primary_with_span(Some(self.label.clone()), self.span);
        Some(Box::new(std::iter::once(label)))
    }
}

impl fmt::Display for SourcedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem.message)
    }
}

impl std::error::Error for SourcedProblem {}

impl miette::Diagnostic for SourcedProblem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.problem.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.problem.level {
            Level::Warning => miette::Severity::Warning,
            Level::Error => miette::Severity::Error,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.problem
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    // A problem in a source without text (a workbook's, which names sheet
    // and cell in its message) has no snippet to show.
    fn source_code(&self) -> Option<&dyn SourceCode> {
        (!self.source.text().is_empty()).then_some(self.source.as_ref() as &dyn SourceCode)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.elsewhere.is_empty() {
            return None;
        }
        Some(Box::new(
            self.elsewhere
                .iter()
                .map(|place| place as &dyn miette::Diagnostic),
        ))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.text().is_empty() {
            return None;
        }
        let primary =
            LabeledSpan::new_primary_with_span(Some(self.problem.label.clone()), self.problem.span);
        let related = self
            .problem
            .related
            .iter()
            .map(|(span, label)| LabeledSpan::new_with_span(Some(label.clone()), *span));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// The closest of `candidates` to `name`, for "did you mean" help.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(similarity, _)| *similarity >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

/// A "did you mean `…`?" help line naming the closest of `candidates` to
/// `name`; `None` when none is close enough.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(|found| format!("did you mean `{found}`?"))
}
