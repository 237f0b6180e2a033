//! `kaoping doc`: the rulebook a committee approves, generated from the
//! policy (issue 15 §5).

use std::path::Path;

use clap::ValueEnum;

use super::diagnostics::{emit, load_policy, Settings};
use super::input::Text;
use super::output::{self, Content, Destination, ReportFormat};
use super::Failure;

/// The formats of `kaoping doc`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulebookFormat {
    /// Markdown, for a repository or a word processor.
    Md,
    /// One self-contained HTML page, for printing.
    Html,
}

impl RulebookFormat {
    fn report(self) -> ReportFormat {
        match self {
            RulebookFormat::Md => ReportFormat::Md,
            RulebookFormat::Html => ReportFormat::Html,
        }
    }
}

pub fn doc(
    settings: Settings,
    policy: &Path,
    format: Option<RulebookFormat>,
    output: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    // The file name decides the format as it does for `score -o`; a
    // rulebook is Markdown or HTML only.
    let format = match ReportFormat::choose(format.map(RulebookFormat::report), output)? {
        ReportFormat::Html => RulebookFormat::Html,
        ReportFormat::Md | ReportFormat::Table => RulebookFormat::Md,
        _ => {
            return Err(Failure::Usage(
                "a rulebook is Markdown (`.md`) or HTML (`.html`)".into(),
            ))
        }
    };
    let destination = output
        .map(|name| Destination::choose(name, Content::Report(format.report()), force, &[policy]))
        .transpose()?;
    let checked = load_policy(settings, &Text::read(policy)?, false)?;
    // A policy that extends another shows what it changed: the parent is
    // read as the check read it; its warnings were counted with the child's.
    let parent = match checked.policy.ancestors.first() {
        Some(ancestor) => {
            let text = Text::read(Path::new(&ancestor.source_name))?;
            let parent = kaoping::load_policy_in(settings.root, &text.name, &text.text)
                .map_err(|report| emit(settings.errors, &report))?;
            Some(parent)
        }
        None => None,
    };
    let parent = parent.as_ref().map(|parent| &parent.policy);
    let language = settings.errors.language;
    let text = match format {
        RulebookFormat::Md => {
            kaoping::render::rulebook::markdown(&checked.policy, parent, language)
        }
        RulebookFormat::Html => kaoping::render::rulebook::html(&checked.policy, parent, language),
    };
    match destination {
        Some(destination) => destination.write(text.as_bytes()),
        None => output::stdout(text.as_bytes()),
    }
}
