//! Problems found in a policy or a facts file, as miette diagnostics.
//!
//! Every stage collects `Problem`s instead of stopping at the first; the
//! library returns them in a `Report` bound to the source text, and only the
//! CLI renders them.

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, NamedSource, SourceCode};
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
        }
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

    /// Each problem as a standalone miette diagnostic bound to the source.
    pub fn diagnostics(&self) -> Vec<SourcedProblem> {
        let named = NamedSource::new(self.source_name.clone(), self.source.to_string());
        let named = Arc::new(named);
        self.problems
            .iter()
            .map(|problem| SourcedProblem {
                problem: problem.clone(),
                source: Arc::clone(&named),
            })
            .collect()
    }

    /// 1-based line and column of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        line_column(&self.source, offset)
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

/// A problem together with its source, ready for a miette handler.
#[derive(Debug)]
pub struct SourcedProblem {
    /// The problem to render.
    pub problem: Problem,
    /// The named source its spans point into, shared by every problem of one report.
    pub source: Arc<NamedSource<String>>,
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

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
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
