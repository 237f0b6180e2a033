//! The only place that renders a policy's or facts' problems, on standard error.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use kaoping::diagnostic::{Level, Report};
use kaoping::messages::Language;
use kaoping::tr;

use super::input::{Text, STDIN_NAME};
use super::{Failure, Reason};

#[derive(Clone, Copy, ValueEnum)]
pub enum ErrorFormat {
    /// Colourful, with source snippets.
    Human,
    /// Source snippets without colour or Unicode art.
    Plain,
    /// One JSON object per problem.
    Json,
}

/// How problems reach the person: the format, and the language of the words
/// around them.
#[derive(Clone, Copy)]
pub struct ErrorOutput {
    pub format: ErrorFormat,
    pub language: Language,
    /// Every error, however many; otherwise a screenful
    /// ([`SCREENFUL`]) and a line saying how many more there are.
    pub all: bool,
}

/// How many errors of one report a person is shown unless `--all-errors`
/// asks for all: beyond a screenful, more of them only hides the first.
pub const SCREENFUL: usize = 20;

/// What every command that loads a policy needs: how to render its
/// problems, and the folder tree its `extends` chain may be read from.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    pub errors: ErrorOutput,
    pub root: &'a Path,
}

/// Loads a policy; `check` shows its warnings. They are the author's
/// business (an input no rule reads), so the clerk's commands (score,
/// explain, convert, template) do not mention them.
pub fn load_policy(
    settings: Settings,
    source: &Text,
    show_warnings: bool,
) -> Result<kaoping::Checked, Failure> {
    let errors = settings.errors;
    match kaoping::load_policy_in(settings.root, &source.name, &source.text) {
        Ok(checked) => {
            if show_warnings && !checked.warnings.problems.is_empty() {
                emit(errors, &checked.warnings);
            }
            Ok(checked)
        }
        Err(report) => Err(emit(errors, &report)),
    }
}

/// Reports why a command stopped, when that is not already reported, in
/// the person's language or as one JSON object (`--error-format json`).
pub fn report_failure(errors: ErrorOutput, failure: &Failure) {
    let language = errors.language;
    let (code, message, file) = match failure {
        Failure::Invalid | Failure::ClosedPipe => return,
        Failure::Io(message) => ("kaoping::io", message.clone(), None),
        Failure::Usage(message) => ("kaoping::usage", message.clone(), None),
        Failure::Unreadable { file, reason } => {
            let reason = match reason {
                Reason::NotFound => tr!(language, "cli-reason-not-found"),
                Reason::PermissionDenied => tr!(language, "cli-reason-permission"),
                Reason::Other(reason) => reason.clone(),
                Reason::NotUtf8(offset) => {
                    let message = tr!(
                        language,
                        "cli-not-utf8",
                        file = file,
                        offset = offset.to_string()
                    );
                    return write_failure(errors, "kaoping::io", &message, Some(file), false);
                }
            };
            let message = if file == STDIN_NAME {
                tr!(language, "cli-cannot-read-stdin", reason = reason)
            } else {
                tr!(language, "cli-cannot-read", file = file, reason = reason)
            };
            ("kaoping::io", message, Some(file))
        }
    };
    let usage = matches!(failure, Failure::Usage(_));
    write_failure(errors, code, &message, file.map(String::as_str), usage);
}

fn write_failure(errors: ErrorOutput, code: &str, message: &str, file: Option<&str>, usage: bool) {
    let mut stderr = std::io::stderr().lock();
    if let ErrorFormat::Json = errors.format {
        let mut object = serde_json::json!({
            "severity": "error",
            "code": code,
            "message": message,
        });
        if let Some(file) = file {
            object["file"] = serde_json::Value::from(file);
        }
        let _ = writeln!(stderr, "{object}");
        return;
    }
    let _ = writeln!(
        stderr,
        "{}",
        tr!(errors.language, "cli-error", message = message)
    );
    if usage {
        let _ = writeln!(stderr, "\n{}", tr!(errors.language, "cli-usage-hint"));
    }
}

/// Renders a report on stderr; returns the failure to exit with.
pub fn emit(errors: ErrorOutput, report: &Report) -> Failure {
    let mut stderr = std::io::stderr().lock();
    // A screenful of errors, unless all are asked for: beyond it the first
    // (usually the cause) scrolls out of sight. Warnings are few.
    let error_count = report.errors().count();
    let hidden = if errors.all || matches!(errors.format, ErrorFormat::Json) {
        0
    } else {
        error_count.saturating_sub(SCREENFUL)
    };
    let shown;
    let report = if hidden > 0 {
        let mut kept = 0;
        let mut trimmed = report.clone();
        trimmed.problems.retain(|problem| {
            if problem.level != Level::Error {
                return true;
            }
            kept += 1;
            kept <= SCREENFUL
        });
        shown = trimmed;
        &shown
    } else {
        report
    };
    match errors.format {
        ErrorFormat::Json => {
            for problem in &report.problems {
                let location = report.locate(problem.span.start);
                let start = problem.span.start - location.file_offset;
                let end = problem.span.end - location.file_offset;
                let mut object = serde_json::json!({
                    "severity": problem.level,
                    "code": problem.code,
                    "message": problem.message,
                    "help": problem.help,
                    "file": location.file,
                    "line": location.line,
                    "column": location.column,
                    "span": { "start": start, "end": end },
                });
                // Where the problem is, as the clerk knows it: the candidate,
                // the fact's path, the sheet and cell, the CSV file itself.
                for (name, value) in &problem.fields {
                    object[*name] = serde_json::Value::from(value.as_str());
                }
                let _ = writeln!(stderr, "{object}");
            }
        }
        ErrorFormat::Human | ErrorFormat::Plain => {
            use miette::GraphicalTheme;
            let theme = if matches!(errors.format, ErrorFormat::Plain) {
                GraphicalTheme::none()
            } else if wants_colour(
                std::io::IsTerminal::is_terminal(&std::io::stderr()),
                |name| std::env::var_os(name).map(|value| value.to_string_lossy().into_owned()),
            ) {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            let text = render_report(report, theme);
            let _ = stderr.write_all(text.as_bytes());
        }
    }
    if hidden > 0 {
        let _ = writeln!(
            stderr,
            "{}",
            tr!(errors.language, "cli-more-errors", count = hidden)
        );
    }
    let errors_found = error_count;
    if errors_found > 0 && !matches!(errors.format, ErrorFormat::Json) {
        let warnings = report.problems.len() - report.errors().count();
        let summary = tr!(
            errors.language,
            "cli-errors-and-warnings",
            source = &report.source_name,
            errors = errors_found,
            warnings = warnings,
        );
        let _ = writeln!(stderr, "{summary}");
    }
    Failure::Invalid
}

/// Whether `human` problems are coloured, by the conventions terminals and
/// tools share: `NO_COLOR` (any value) turns colour off, then `TERM=dumb`
/// does; `CLICOLOR_FORCE` (other than `0`) turns it on where standard error
/// is not a terminal (a pager, a CI log); otherwise colour only on a terminal.
pub fn wants_colour(is_terminal: bool, variable: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| variable(name).is_some_and(|value| !value.is_empty());
    if set("NO_COLOR") || variable("TERM").as_deref() == Some("dumb") {
        return false;
    }
    if set("CLICOLOR_FORCE") && variable("CLICOLOR_FORCE").as_deref() != Some("0") {
        return true;
    }
    is_terminal
}

fn render_report(report: &Report, theme: miette::GraphicalTheme) -> String {
    use miette::GraphicalReportHandler;
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut text = String::new();
    for diagnostic in report.diagnostics() {
        let _ = handler.render_report(&mut text, &diagnostic);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::wants_colour;

    fn with(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn colour_follows_the_terminal_conventions() {
        assert!(wants_colour(true, with(&[])));
        assert!(!wants_colour(false, with(&[])));
        assert!(!wants_colour(true, with(&[("NO_COLOR", "1")])));
        assert!(
            wants_colour(true, with(&[("NO_COLOR", "")])),
            "an empty NO_COLOR is unset"
        );
        assert!(!wants_colour(true, with(&[("TERM", "dumb")])));
        assert!(wants_colour(false, with(&[("CLICOLOR_FORCE", "1")])));
        assert!(!wants_colour(false, with(&[("CLICOLOR_FORCE", "0")])));
        assert!(!wants_colour(
            false,
            with(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])
        ));
    }
}
