//! The only place that renders a policy's or facts' problems, on standard error.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use kaoping::diagnostic::{Level, Report};

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

/// What every command that loads a policy needs: how to render its
/// problems, and the folder tree its `extends` chain may be read from.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    pub errors: ErrorFormat,
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
            } else if warnings > 0 && !matches!(errors, ErrorFormat::Json) {
                let argument = if name == STDIN_NAME { "-" } else { name };
                eprintln!("{name}: {warnings} warning(s); `kaoping check {argument}` shows them");
            }
            Ok(checked)
        }
        Err(report) => Err(emit(errors, &report)),
    }
}

/// Renders a report on stderr; returns the failure to exit with.
pub fn emit(errors: ErrorFormat, report: &Report) -> Failure {
    let mut stderr = std::io::stderr().lock();
    match errors {
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
            let text = render_report(report, matches!(errors, ErrorFormat::Human));
            let _ = stderr.write_all(text.as_bytes());
        }
    }
    let errors_found = report
        .problems
        .iter()
        .filter(|p| p.level == Level::Error)
        .count();
    if errors_found > 0 && !matches!(errors, ErrorFormat::Json) {
        let warnings = report.problems.len() - errors_found;
        let _ = writeln!(
            stderr,
            "{}: {errors_found} error(s), {warnings} warning(s)",
            report.source_name
        );
    }
    Failure::Invalid
}

fn render_report(report: &Report, colour: bool) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let theme = if colour && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        GraphicalTheme::unicode()
    } else if colour {
        GraphicalTheme::unicode_nocolor()
    } else {
        GraphicalTheme::none()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut text = String::new();
    for diagnostic in report.diagnostics() {
        let _ = handler.render_report(&mut text, &diagnostic);
        text.push('\n');
    }
    text
}
