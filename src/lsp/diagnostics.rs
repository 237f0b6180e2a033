//! A check's problems as LSP diagnostics, sorted into the files they are in.
//!
//! A policy and the policies it extends share one offset space (see
//! [`crate::diagnostic::SourceFile`]), so each span is first located in its
//! file. A problem shows in its own file; a place it names in another file
//! (the parent's line that a child's `override` broke, say) shows the same
//! problem there too, so the author sees it whichever file is in front, with
//! related information pointing across.

use std::collections::BTreeMap;
use std::path::Path;

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Url,
};

use super::server::Server;
use super::text::LineIndex;
use crate::diagnostic::{Level, Problem};
use crate::{tr, Checked, Report};

/// Every problem of a check, by the file it shows in.
pub fn by_file(
    checked: &Result<Checked, Report>,
    server: &Server,
) -> BTreeMap<Url, Vec<Diagnostic>> {
    let report = match checked {
        Ok(checked) => &checked.warnings,
        Err(report) => report,
    };
    let mut files: BTreeMap<Url, Vec<Diagnostic>> = BTreeMap::new();
    for problem in &report.problems {
        let Some(home) = place(report, server, problem.span.start..problem.span.end) else {
            continue;
        };
        let mut related = Vec::new();
        if !matches!(problem.label.as_str(), "" | "here") {
            related.push(DiagnosticRelatedInformation {
                location: home.clone(),
                message: problem.label.clone(),
            });
        }
        let mut elsewhere = Vec::new();
        for (span, label) in &problem.related {
            let Some(there) = place(report, server, span.start..span.end) else {
                continue;
            };
            if there.uri != home.uri {
                elsewhere.push((there.clone(), label.clone()));
            }
            related.push(DiagnosticRelatedInformation {
                location: there,
                message: label.clone(),
            });
        }
        let message = message(problem, server);
        let diagnostic = Diagnostic {
            range: home.range,
            severity: Some(severity(problem.level)),
            code: Some(NumberOrString::String(problem.code.to_string())),
            source: Some("kaoping".to_string()),
            message: message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            ..Default::default()
        };
        files.entry(home.uri.clone()).or_default().push(diagnostic);
        for (there, label) in elsewhere {
            let echo = Diagnostic {
                range: there.range,
                severity: Some(severity(problem.level)),
                code: Some(NumberOrString::String(problem.code.to_string())),
                source: Some("kaoping".to_string()),
                message: format!("{}\n{label}", problem.message),
                related_information: Some(vec![DiagnosticRelatedInformation {
                    location: home.clone(),
                    message: problem.label.clone(),
                }]),
                ..Default::default()
            };
            let list = files.entry(there.uri).or_default();
            if !list.contains(&echo) {
                list.push(echo);
            }
        }
    }
    files
}

fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
    }
}

/// The message with its help line under it: every editor shows the
/// message, not all of them show related information.
fn message(problem: &Problem, server: &Server) -> String {
    match &problem.help {
        Some(help) => format!(
            "{}\n{}",
            problem.message,
            tr!(server.language, "lsp-help", help = help.as_str())
        ),
        None => problem.message.clone(),
    }
}

/// The file and range of a span in the report's shared offset space.
fn place(report: &Report, server: &Server, span: std::ops::Range<usize>) -> Option<Location> {
    let location = report.locate(span.start);
    let start = span.start.saturating_sub(location.file_offset);
    let end = span.end.saturating_sub(location.file_offset).max(start);
    let uri = server.url_of(Path::new(location.file))?;
    let index = LineIndex::new(location.text, server.encoding);
    Some(Location::new(uri, index.range(start..end)))
}
