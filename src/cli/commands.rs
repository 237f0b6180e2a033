//! What each command produces, from inputs read by `input` to a destination
//! chosen by `output`.

use std::io::Write;
use std::path::{Path, PathBuf};

use kaoping::diagnostic::{Problem, Report};
use kaoping::tr;

use super::diagnostics::{emit, load_policy, ErrorOutput, Settings};
use super::input::{self, Facts, Text};
use super::output::{self, Content, Destination, ReportFormat};
use super::Failure;

pub fn check(
    settings: Settings,
    policy: &Path,
    readings: bool,
    explain_cost: bool,
) -> Result<(), Failure> {
    let source = Text::read(policy)?;
    let checked = load_policy(settings, &source, true)?;
    let header = &checked.policy.header;
    let version = |version: &Option<String>| {
        version
            .as_ref()
            .map(|v| format!(" version {v}"))
            .unwrap_or_default()
    };
    let effective = |date: &Option<String>| {
        date.as_ref()
            .map(|d| format!(" effective {d}"))
            .unwrap_or_default()
    };
    let policy = &checked.policy;
    // What else the policy decides, said only when it declares it, so that
    // the line of a policy without them reads as before.
    let mut extra = String::new();
    if !policy.adjustments.is_empty() {
        extra.push_str(&format!(
            ", {} bonus/deduction blocks",
            policy.adjustments.len()
        ));
    }
    if let Some(grades) = &policy.grades {
        let names: Vec<&str> = grades.bands.iter().map(|band| band.name.as_str()).collect();
        extra.push_str(&format!(", grades {}", names.join("/")));
    }
    let mut out = format!(
        "{}: ok — policy `{}`{}{}, {} indicators, total {}{extra}\n",
        source.name,
        header.id,
        version(&header.version),
        effective(&header.effective),
        policy.indicators.len(),
        header.total
    );
    for ancestor in &checked.policy.ancestors {
        out.push_str(&format!(
            "  extends `{}`{}{} ({})\n",
            ancestor.id,
            version(&ancestor.version),
            effective(&ancestor.effective),
            ancestor.source_name
        ));
    }
    if readings {
        for reading in &checked.policy.readings {
            let location = checked.policy.locate(reading.span.start);
            let cites = if reading.cites.is_empty() {
                String::new()
            } else {
                format!(" [{}]", reading.cites.join("；"))
            };
            out.push_str(&format!(
                "reading {}:{}: {}{cites}\n    {}\n",
                location.file, location.line, reading.place, reading.text
            ));
        }
    }
    if explain_cost {
        out.push_str(&costs(&checked.policy, settings.errors.language));
    }
    output::stdout(out.as_bytes())
}

/// `check --explain-cost`: each list method over a whole list, where it is,
/// how it is evaluated and its text; a scan per candidate is marked, since
/// its time grows with the square of the candidates.
fn costs(policy: &kaoping::Policy, language: kaoping::messages::Language) -> String {
    use kaoping::eval::CostKind;
    let costs = policy.costs();
    if costs.is_empty() {
        return tr!(language, "cost-none") + "\n";
    }
    let mut out = tr!(language, "cost-heading");
    out.push('\n');
    let mut scans = 0;
    for cost in &costs {
        let location = policy.locate(cost.span.start);
        let (how, scan) = match cost.kind {
            CostKind::Once => (tr!(language, "cost-once"), false),
            CostKind::Rank => (tr!(language, "cost-rank"), false),
            CostKind::Keyed => (tr!(language, "cost-keyed"), false),
            CostKind::GroupScan => (tr!(language, "cost-group-scan"), true),
            CostKind::Scan => (tr!(language, "cost-scan"), true),
        };
        scans += usize::from(scan);
        let text = policy.text_at(cost.span);
        let first_line = text.lines().next().unwrap_or_default();
        let shown = if first_line.chars().count() > 80 || first_line.len() < text.len() {
            format!("{}…", first_line.chars().take(80).collect::<String>())
        } else {
            first_line.to_string()
        };
        out.push_str(&format!(
            "{} {}:{}:{}  {}\n      {shown}\n",
            if scan { "⚠" } else { " " },
            location.file,
            location.line,
            location.column,
            how,
        ));
    }
    out.push_str(&tr!(
        language,
        "cost-summary",
        calls = costs.len(),
        scans = scans
    ));
    out.push('\n');
    out
}

pub fn schema(
    settings: Settings,
    policy: &Path,
    output: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    let destination = match output {
        Some(name) => Destination::choose(name, Content::Schema, force, &[policy])?,
        None => Destination::Stdout,
    };
    let checked = load_policy(settings, &Text::read(policy)?, false)?;
    let schema = kaoping::json_schema::json_schema(&checked.policy);
    let mut text = serde_json::to_string_pretty(&schema).expect("JSON values always serialize");
    text.push('\n');
    destination.write(text.as_bytes())
}

/// Where `kaoping template` writes: the workbook, the YAML file, or (neither
/// given) the YAML to standard output.
pub struct TemplateTo<'a> {
    pub xlsx: Option<&'a Path>,
    pub yaml: Option<&'a Path>,
    pub force: bool,
}

pub fn template(
    settings: Settings,
    policy: &Path,
    to: TemplateTo,
    schema: Option<&str>,
) -> Result<(), Failure> {
    let workbook = to
        .xlsx
        .map(|name| Destination::choose(name, Content::Workbook, to.force, &[policy]))
        .transpose()?;
    // A clerk's filled facts file must not be lost to a second `template`:
    // `-o` follows the write rule, where a shell's `>` would overwrite it.
    let yaml = match to.yaml {
        Some(name) => Destination::choose(name, Content::FactsYaml, to.force, &[policy])?,
        None => Destination::Stdout,
    };
    let checked = load_policy(settings, &Text::read(policy)?, false)?;
    match workbook {
        Some(destination) => {
            let bytes =
                kaoping::workbook::template_xlsx_in(&checked.policy, settings.errors.language)
                    .map_err(|e| Failure::Io(e.to_string()))?;
            destination.write(&bytes)
        }
        None => {
            // The YAML extension most editors use reads this line: the facts are
            // then checked and completed, with their labels, as the clerk types.
            let schema = match schema {
                Some(schema) => schema.to_string(),
                None => kaoping::template::schema_file_name(policy),
            };
            let text = kaoping::template::template_with_schema(&checked.policy, &schema);
            yaml.write(text.as_bytes())
        }
    }
}

/// The policy, checked, and the facts validated against it.
fn policy_and_facts(
    settings: Settings,
    policy: &Path,
    facts: &Path,
) -> Result<(kaoping::Checked, kaoping::Facts), Failure> {
    input::at_most_one_from_stdin(&[policy, facts], settings.errors.language)?;
    let checked = load_policy(settings, &Text::read(policy)?, false)?;
    let loaded = load_facts(settings, &Facts::read(facts)?, &checked.policy)?;
    Ok((checked, loaded))
}

/// Facts validated against the policy; their warnings (the template's
/// placeholder left in) are shown, and loading goes on.
fn load_facts(
    settings: Settings,
    facts: &Facts,
    policy: &kaoping::Policy,
) -> Result<kaoping::Facts, Failure> {
    let loaded = facts
        .load(policy, settings.errors.language)
        .map_err(|report| {
            emit(
                settings.errors,
                &wrong_policy_hint(settings, facts, policy, report),
            )
        })?;
    // An empty report renders as nothing.
    emit(settings.errors, loaded.warnings());
    Ok(loaded)
}

pub fn score(
    settings: Settings,
    policy: &Path,
    facts: &Path,
    format: Option<ReportFormat>,
    output: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    let format = ReportFormat::choose(format, output)?;
    let destination = match output {
        Some(name) => Destination::choose(name, Content::Report(format), force, &[policy, facts])?,
        None => Destination::Stdout,
    };
    let (checked, loaded) = policy_and_facts(settings, policy, facts)?;
    let outcome = kaoping::eval::evaluate_in(&checked.policy, &loaded, settings.errors.language)
        .map_err(|report| emit(settings.errors, &report))?;
    let policy = &checked.policy;
    let rendered: Vec<u8> = match format {
        ReportFormat::Json => {
            // Written as it is produced: at 100,000 candidates the text is as
            // large as the facts file, and holding it would only add to the
            // peak memory.
            return destination.write_with(|writer: &mut dyn Write| {
                kaoping::render::write_json(policy, &outcome, writer)
            });
        }
        ReportFormat::Table => kaoping::render::table_with(
            policy,
            &outcome,
            kaoping::render::TableOptions {
                language: settings.errors.language,
                width: output::table_width(&destination),
            },
        )
        .into_bytes(),
        ReportFormat::Md => {
            kaoping::render::markdown::markdown_with(policy, &outcome, settings.errors.language)
                .into_bytes()
        }
        ReportFormat::Csv => {
            kaoping::render::csv::csv_with(policy, &outcome, settings.errors.language).into_bytes()
        }
        ReportFormat::Html => {
            kaoping::render::html::html_with(policy, &outcome, settings.errors.language)
                .into_bytes()
        }
        ReportFormat::Xlsx => kaoping::render::xlsx::xlsx_with(
            policy,
            &outcome,
            kaoping::render::xlsx::XlsxOptions {
                language: settings.errors.language,
                produced: output::produced_date()?,
            },
        )
        .map_err(|e| Failure::Io(format!("cannot build the workbook: {e}")))?,
    };
    destination.write(&rendered)
}

pub fn explain(
    settings: Settings,
    policy: &Path,
    facts: &Path,
    id: &str,
    json: bool,
) -> Result<(), Failure> {
    let (checked, loaded) = policy_and_facts(settings, policy, facts)?;
    let (outcome, ledger) =
        kaoping::eval::explain_in(&checked.policy, &loaded, settings.errors.language)
            .map_err(|report| emit(settings.errors, &report))?;
    // A committee member may name the unit as the facts do (`浔阳区生态环境局`).
    use kaoping::render::explain::{find_candidate, Lookup};
    let id = match find_candidate(&outcome, id) {
        Lookup::Found(found) => found,
        Lookup::Ambiguous(ids) => {
            let ids = ids.join(", ");
            let language = settings.errors.language;
            let message = kaoping::tr!(language, "explain-ambiguous-name", name = id, ids = ids);
            return Err(Failure::Io(message));
        }
        Lookup::Unknown => id.to_string(),
    };
    let id = id.as_str();
    let rendered = if json {
        kaoping::render::explain::explain_json(&checked.policy, &outcome, &ledger, id)
    } else {
        let language = settings.errors.language;
        kaoping::render::explain::explain_text_in(&checked.policy, &outcome, &ledger, id, language)
    };
    let Some(rendered) = rendered else {
        let ids: Vec<&str> = outcome.candidates.iter().map(|c| c.id.as_str()).collect();
        let language = settings.errors.language;
        let hint = match kaoping::diagnostic::closest(id, ids.iter().copied()) {
            Some(name) => tr!(language, "cli-did-you-mean", name = name),
            None => tr!(language, "cli-no-candidate-hint"),
        };
        let facts = if output::is_standard_stream(facts) {
            input::STDIN_NAME.to_string()
        } else {
            facts.display().to_string()
        };
        return Err(Failure::Io(tr!(
            language,
            "cli-no-candidate",
            id = id,
            facts = facts,
            hint = hint
        )));
    };
    output::stdout(rendered.as_bytes())
}

/// `diff OLD.kp NEW.kp FACTS`, or `diff POLICY --facts OLD NEW`.
pub fn diff(
    settings: Settings,
    paths: &[PathBuf],
    facts: Option<&[PathBuf]>,
    json: bool,
) -> Result<(), Failure> {
    let inputs: Vec<&Path> = paths
        .iter()
        .chain(facts.unwrap_or_default())
        .map(PathBuf::as_path)
        .collect();
    input::at_most_one_from_stdin(&inputs, settings.errors.language)?;
    let evaluate = |policy: &kaoping::Policy, facts: &Facts| {
        let loaded = load_facts(settings, facts, policy)?;
        kaoping::eval::evaluate_in(policy, &loaded, settings.errors.language)
            .map_err(|report| emit(settings.errors, &report))
    };
    let (policy_changes, old_outcome, new_outcome, fact_changes) = match (paths, facts) {
        ([policy], Some([old_facts, new_facts])) => {
            let checked = load_policy(settings, &Text::read(policy)?, false)?;
            let old_loaded = load_facts(settings, &Facts::read(old_facts)?, &checked.policy)?;
            let new_loaded = load_facts(settings, &Facts::read(new_facts)?, &checked.policy)?;
            let outcome = |loaded: &kaoping::Facts| {
                kaoping::eval::evaluate_in(&checked.policy, loaded, settings.errors.language)
                    .map_err(|report| emit(settings.errors, &report))
            };
            let (old, new) = (outcome(&old_loaded)?, outcome(&new_loaded)?);
            let facts = kaoping::diff::fact_changes(&checked.policy, &old_loaded, &new_loaded);
            (None, old, new, Some(facts))
        }
        ([old_policy, new_policy, facts], None) => {
            let old_checked = load_policy(settings, &Text::read(old_policy)?, false)?;
            let new_checked = load_policy(settings, &Text::read(new_policy)?, false)?;
            let facts = Facts::read(facts)?;
            // One facts file for two policies: each reads it without the
            // keys only the other declares (a fact the new policy adds, or
            // one it removes), and a note names them.
            let readable = |reader: &kaoping::Policy, other: &kaoping::Policy| match &facts {
                Facts::Yaml(text) => {
                    let (kept, ignored) = kaoping::diff::facts_for(reader, other, &text.text);
                    for key in &ignored {
                        eprintln!(
                            "note: `{}` is declared only in {}; {} reads the facts without it (written {} times)",
                            key.path, other.source_name, reader.source_name, key.count
                        );
                    }
                    Ok(Facts::Yaml(Text {
                        name: text.name.clone(),
                        text: kept,
                    }))
                }
                // JSON facts are read as they are: both policies must know every key.
                Facts::Json(text) => Ok(Facts::Json(Text {
                    name: text.name.clone(),
                    text: text.text.clone(),
                })),
                _ => Facts::read(paths[2].as_path()),
            };
            let old_facts = readable(&old_checked.policy, &new_checked.policy)?;
            let new_facts = readable(&new_checked.policy, &old_checked.policy)?;
            let changes = kaoping::diff::policy_changes(&old_checked.policy, &new_checked.policy);
            let old = evaluate(&old_checked.policy, &old_facts)?;
            let new = evaluate(&new_checked.policy, &new_facts)?;
            (Some(changes), old, new, None)
        }
        _ => {
            return Err(Failure::Usage(tr!(
                settings.errors.language,
                "cli-diff-usage"
            )))
        }
    };
    let outcome_changes = kaoping::diff::outcome_changes(&old_outcome, &new_outcome);
    let facts = fact_changes.as_deref();
    let rendered = if json {
        kaoping::diff::json_with_facts(policy_changes.as_ref(), &outcome_changes, facts)
    } else {
        kaoping::diff::text_with_facts(policy_changes.as_ref(), &outcome_changes, facts)
    };
    output::stdout(rendered.as_bytes())
}

/// `kaoping convert`: the facts written as a workbook or a folder of CSV
/// files, checked to read back as the same facts.
pub fn convert(
    settings: Settings,
    policy: &Path,
    facts: &Path,
    output: &Path,
    force: bool,
) -> Result<(), Failure> {
    let content = if input::is_workbook(output) {
        Content::Workbook
    } else {
        Content::CsvFolder
    };
    let destination = Destination::choose(output, content, force, &[policy, facts])?;
    let (checked, loaded) = policy_and_facts(settings, policy, facts)?;
    let language = settings.errors.language;
    let cannot = |e: kaoping::workbook::WorkbookError| match e {
        kaoping::workbook::WorkbookError::Unrepresentable(reason) => {
            Failure::Io(tr!(language, "cli-cannot-convert", reason = reason))
        }
        other => Failure::Io(other.to_string()),
    };
    let policy = &checked.policy;
    match content {
        Content::Workbook => destination
            .write(&kaoping::workbook::facts_xlsx_in(policy, &loaded, language).map_err(cannot)?),
        _ => destination.write_sheets(
            &kaoping::workbook::facts_csv_in(policy, &loaded, language).map_err(cannot)?,
        ),
    }
}

/// Formats each file, or checks that it is formatted. Goes on past a file
/// that does not parse, so one run reports every file that needs attention.
pub fn fmt(errors: ErrorOutput, paths: &[PathBuf], check: bool) -> Result<(), Failure> {
    if paths.iter().any(|path| output::is_standard_stream(path)) {
        if paths.len() > 1 {
            return Err(Failure::Usage(tr!(errors.language, "cli-stdin-with-files")));
        }
        let source = Text::read(&paths[0])?;
        let formatted = kaoping::format::format_source(&source.text).map_err(|problem| {
            emit(
                errors,
                &Report::new(&source.name, &source.text, vec![*problem]),
            )
        })?;
        return match (check, formatted == source.text) {
            (true, true) => Ok(()),
            (true, false) => {
                output::stdout(format!("{}\n", source.name).as_bytes())?;
                Err(Failure::Invalid)
            }
            (false, _) => output::stdout(formatted.as_bytes()),
        };
    }
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            input::policy_files_in(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    let mut failed = false;
    let mut closed = false;
    for file in &files {
        let source = Text::read(file)?;
        let formatted = match kaoping::format::format_source(&source.text) {
            Ok(formatted) => formatted,
            Err(problem) => {
                emit(
                    errors,
                    &Report::new(&source.name, &source.text, vec![*problem]),
                );
                failed = true;
                continue;
            }
        };
        if formatted == source.text {
            continue;
        }
        if check {
            failed = true;
            output::stdout_while_open(format!("{}\n", source.name).as_bytes(), &mut closed)?;
        } else {
            // `fmt` is asked to rewrite these very files: the one exception
            // to the rule of `output::Destination`.
            output::write_atomically(file, formatted.as_bytes())?;
            let line = format!("formatted {}\n", source.name);
            output::stdout_while_open(line.as_bytes(), &mut closed)?;
        }
    }
    if failed {
        Err(Failure::Invalid)
    } else {
        Ok(())
    }
}

/// The facts' report, with one hint first when the facts seem meant for
/// another policy: the wrong policy for these facts (individual facts under
/// the collective policy) gives hundreds of errors, none of which names the
/// cause. When another policy under `--root`'s `policies/` takes these
/// facts without an error, the hint names it; otherwise, when most of their
/// top-level keys are unknown, it says they do not look like facts for this
/// policy.
fn wrong_policy_hint(
    settings: Settings,
    facts: &Facts,
    policy: &kaoping::Policy,
    mut report: Report,
) -> Report {
    /// Fewer errors than this are ordinary mistakes, not the wrong policy.
    const MANY: usize = 10;
    let errors = report.errors().count();
    // A workbook or CSV folder has no keys to count; trying the other
    // policies still tells.
    let keys = facts.yaml().map(top_level_keys).unwrap_or_default();
    let root = policy.record(policy.root);
    let unknown = keys
        .iter()
        .filter(|key| root.field_index(key).is_none())
        .count();
    if errors < MANY && unknown * 2 <= keys.len() {
        return report;
    }
    let language = settings.errors.language;
    let mut files = Vec::new();
    if errors >= MANY {
        let _ = input::policy_files_in(&settings.root.join("policies"), &mut files);
    }
    let fits = files.iter().find_map(|file| {
        let source = std::fs::read_to_string(file).ok()?;
        let shown = file.strip_prefix(".").unwrap_or(file);
        let name = shown.display().to_string();
        let checked = kaoping::load_policy_in(settings.root, &name, &source).ok()?;
        let other = &checked.policy;
        let differs = other.header.id != policy.header.id;
        (differs && facts.load(other, language).is_ok()).then(|| (other.header.id.clone(), name))
    });
    let message = match fits {
        Some((other, file)) => tr!(
            language,
            "cli-wrong-policy-like",
            policy = policy.header.id.as_str(),
            other = other,
            file = file
        ),
        None if unknown * 2 > keys.len() => tr!(
            language,
            "cli-wrong-policy",
            unknown = unknown.to_string(),
            keys = keys.len().to_string(),
            policy = policy.header.id.as_str()
        ),
        None => return report,
    };
    let hint = Problem::warning(
        "kaoping::facts::wrong_policy",
        message,
        kaoping::ast::Span::new(0, 0),
    )
    .with_help(tr!(language, "cli-wrong-policy-help"))
    .with_label(tr!(language, "cli-here"));
    // First, ahead of the errors it explains.
    report.problems.insert(0, hint);
    report
}

/// The keys of a YAML mapping's top level: lines that start with a key.
fn top_level_keys(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.starts_with([' ', '\t', '#', '-']))
        .filter_map(|line| {
            let (key, _) = line.split_once(':')?;
            let key = key.trim().trim_matches(['"', '\'']);
            (!key.is_empty()).then(|| key.to_string())
        })
        .collect()
}
