//! The only place that renders a policy's or facts' problems, on standard error.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use kaoping::diagnostic::{Level, Report};
use kaoping::messages::Language;
use kaoping::tr;

use super::input::{Text, STDIN_NAME};
use super::Failure;

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
}

/// What every command that loads a policy needs: how to render its
/// problems, and the folder tree its `extends` chain may be read from.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    pub errors: ErrorOutput,
    pub root: &'a Path,
}

/// Loads a policy; `check` shows its warnings in full, other commands only
/// count them so that results stay readable.
pub fn load_policy(
    settings: Settings,
    source: &Text,
    show_warnings: bool,
) -> Result<kaoping::Checked, Failure> {
    let errors = settings.errors;
    let name = &source.name;
    match kaoping::load_policy_in(settings.root, name, &source.text) {
        Ok(checked) => {
            let warnings = checked.warnings.problems.len();
            if show_warnings && warnings > 0 {
                emit(errors, &checked.warnings);
            } else if warnings > 0 && !matches!(errors.format, ErrorFormat::Json) {
                let argument = if name == STDIN_NAME { "-" } else { name };
                eprintln!("{name}: {warnings} warning(s); `kaoping check {argument}` shows them");
            }
            Ok(checked)
        }
        Err(report) => Err(emit(errors, &report)),
    }
}

/// Renders a report on stderr; returns the failure to exit with.
pub fn emit(errors: ErrorOutput, report: &Report) -> Failure {
    let mut stderr = std::io::stderr().lock();
    match errors.format {
        ErrorFormat::Json => {
            for problem in &report.problems {
                let location = report.locate(problem.span.start);
                let start = problem.span.start - location.file_offset;
                let end = problem.span.end - location.file_offset;
                let object = serde_json::json!({
                    "severity": problem.level,
                    "code": problem.code,
                    "message": problem.message,
                    "help": problem.help,
                    "file": location.file,
                    "line": location.line,
                    "column": location.column,
                    "span": { "start": start, "end": end },
                });
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
    let errors_found = report
        .problems
        .iter()
        .filter(|p| p.level == Level::Error)
        .count();
    if errors_found > 0 && !matches!(errors.format, ErrorFormat::Json) {
        let warnings = report.problems.len() - errors_found;
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
