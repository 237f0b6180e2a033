//! The `kaoping` command line. The only place that renders diagnostics.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kaoping::diagnostic::{Level, Report};

/// Score candidates by declarative, versioned policy files.
#[derive(Parser)]
#[command(name = "kaoping", version, about, long_about = None)]
struct Cli {
    /// How to render problems found in policies and facts.
    #[arg(long, value_enum, global = true, default_value = "human")]
    error_format: ErrorFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a policy file and report every problem found.
    Check {
        /// The policy file (.kp).
        policy: PathBuf,
        /// Also list the readings (interpretations) the policy relies on.
        #[arg(long)]
        readings: bool,
    },
    /// Score the candidates of a facts file under a policy.
    Score {
        /// The policy file (.kp).
        policy: PathBuf,
        /// The facts: a YAML file, an Excel workbook (.xlsx), or a folder of .csv files.
        facts: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Write to this file (atomically) instead of standard output; required for xlsx.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Show what a rule change or a fact change does to the scores and the selected lists.
    ///
    /// `kaoping diff OLD.kp NEW.kp FACTS` compares two policies on the same facts;
    /// `kaoping diff POLICY --facts OLD.yaml NEW.yaml` compares two facts files under one policy.
    Diff {
        /// OLD.kp NEW.kp FACTS, or POLICY with --facts.
        #[arg(required = true, num_args = 1..=3)]
        paths: Vec<PathBuf>,
        /// Compare these two facts files under one policy.
        #[arg(long, num_args = 2, value_names = ["OLD", "NEW"])]
        facts: Option<Vec<PathBuf>>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Run the policy test cases stored as data (`tests/*.yaml` beside the policies).
    Test {
        /// A folder to search for `tests/*.yaml` case files, or one case file.
        #[arg(default_value = "policies")]
        dir: PathBuf,
        /// Rewrite failing cases' expectations from the current outcome, after showing the diff.
        #[arg(long)]
        update: bool,
        /// Also write a JUnit XML report to this file, for CI systems.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
    },
    /// Print a JSON Schema of the policy's facts file, for editors.
    Schema {
        /// The policy file (.kp).
        policy: PathBuf,
    },
    /// Print a commented YAML skeleton of a facts file with one candidate, for data clerks;
    /// with `--xlsx FILE`, write the empty facts workbook instead.
    Template {
        /// The policy file (.kp).
        policy: PathBuf,
        /// Write the empty workbook (a sheet per table, labelled headers, validation) here.
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
    },
    /// Convert facts between YAML, an Excel workbook and a folder of CSV files.
    ///
    /// The output is a workbook when it ends in `.xlsx`, else a folder of `.csv`
    /// files (one per sheet). It is checked to read back as the same facts.
    Convert {
        /// The policy file (.kp) whose schema lays the facts out.
        policy: PathBuf,
        /// The facts: a YAML file, an Excel workbook (.xlsx), or a folder of .csv files.
        facts: PathBuf,
        /// The workbook (.xlsx) or folder to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Rewrite policy files in the canonical layout, keeping every comment.
    ///
    /// `kaoping fmt -` formats standard input to standard output, for editors.
    Fmt {
        /// Policy files (.kp), or folders to search for them; `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing: list the files that are not formatted, and exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Show how one candidate's every number was derived, with clauses and readings.
    Explain {
        /// The policy file (.kp).
        policy: PathBuf,
        /// The facts: a YAML file, an Excel workbook (.xlsx), or a folder of .csv files.
        facts: PathBuf,
        /// The candidate's id.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum TextOrJson {
    /// Text a person reads.
    Text,
    /// The same, for programs.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ErrorFormat {
    /// Colourful, with source snippets.
    Human,
    /// Source snippets without colour or Unicode art.
    Plain,
    /// One JSON object per problem.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// A ranking table per group, with the selection line and findings.
    Table,
    /// The results contract: every candidate's status, rank and scores.
    Json,
    /// A Markdown report for an evaluation committee.
    Md,
    /// One row per candidate, one column per indicator and item.
    Csv,
    /// An Excel workbook: a sheet per group, the findings and the readings.
    Xlsx,
    /// One self-contained HTML page with rankings and a bar chart.
    Html,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // clap: 0 for --help/--version, 2 for usage errors.
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    // Parsing and checking recurse over the input's nesting; a large stack
    // turns hostile nesting into the checker's clear error instead of an overflow.
    let outcome = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || run(&cli))
        .map_err(|e| Failure::Io(format!("cannot start: {e}")))
        .and_then(|worker| {
            worker
                .join()
                .unwrap_or_else(|_| Err(Failure::Io("internal error".into())))
        });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid) => ExitCode::from(1),
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\nFor more information, try '--help'.");
            ExitCode::from(2)
        }
    }
}

enum Failure {
    Invalid,
    Io(String),
    Usage(String),
}

fn read(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Io(format!("cannot read `{}`: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| {
        Failure::Io(format!(
            "`{}` is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

fn run(cli: &Cli) -> Result<(), Failure> {
    match &cli.command {
        Command::Check { policy, readings } => {
            let checked = load_policy(cli, policy, true)?;
            let header = &checked.policy.header;
            println!(
                "{}: ok — policy `{}`{}{}, {} indicators, total {}",
                policy.display(),
                header.id,
                header
                    .version
                    .as_ref()
                    .map(|v| format!(" version {v}"))
                    .unwrap_or_default(),
                header
                    .effective
                    .as_ref()
                    .map(|d| format!(" effective {d}"))
                    .unwrap_or_default(),
                checked.policy.indicators.len(),
                header.total
            );
            for ancestor in &checked.policy.ancestors {
                println!(
                    "  extends `{}`{}{} ({})",
                    ancestor.id,
                    ancestor
                        .version
                        .as_ref()
                        .map(|v| format!(" version {v}"))
                        .unwrap_or_default(),
                    ancestor
                        .effective
                        .as_ref()
                        .map(|d| format!(" effective {d}"))
                        .unwrap_or_default(),
                    ancestor.source_name
                );
            }
            if *readings {
                for reading in &checked.policy.readings {
                    let location = checked.policy.locate(reading.span.start);
                    let cites = if reading.cites.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", reading.cites.join("；"))
                    };
                    println!(
                        "reading {}:{}: {}{cites}\n    {}",
                        location.file, location.line, reading.place, reading.text
                    );
                }
            }
            Ok(())
        }
        Command::Test { dir, update, junit } => run_policy_tests(dir, *update, junit.as_deref()),
        Command::Fmt { paths, check } => format_policies(cli, paths, *check),
        Command::Schema { policy } => {
            let checked = load_policy(cli, policy, false)?;
            let schema = kaoping::json_schema::json_schema(&checked.policy);
            let mut text =
                serde_json::to_string_pretty(&schema).expect("JSON values always serialize");
            text.push('\n');
            write_stdout(text.as_bytes())
        }
        Command::Template { policy, xlsx } => {
            let checked = load_policy(cli, policy, false)?;
            match xlsx {
                Some(output) => {
                    refuse_to_overwrite_an_input(output, &[policy])?;
                    let bytes = kaoping::workbook::template_xlsx(&checked.policy)
                        .map_err(|e| Failure::Io(e.to_string()))?;
                    write_atomically(output, &bytes)
                }
                None => write_stdout(kaoping::template::template(&checked.policy).as_bytes()),
            }
        }
        Command::Convert {
            policy,
            facts,
            output,
        } => convert(cli, policy, facts, output),
        Command::Diff {
            paths,
            facts,
            format,
        } => {
            let (policy_changes, old_outcome, new_outcome) = match (paths.as_slice(), facts) {
                ([policy], Some(facts)) => {
                    let (checked, old_facts) = load_policy_and_facts(cli, policy, &facts[0])?;
                    let new_facts = load_facts(cli, &checked.policy, &facts[1])?;
                    let old = evaluate(cli, &checked.policy, &old_facts)?;
                    let new = evaluate(cli, &checked.policy, &new_facts)?;
                    (None, old, new)
                }
                ([old_policy, new_policy, facts], None) => {
                    let (old_checked, old_facts) = load_policy_and_facts(cli, old_policy, facts)?;
                    let (new_checked, new_facts) = load_policy_and_facts(cli, new_policy, facts)?;
                    let changes =
                        kaoping::diff::policy_changes(&old_checked.policy, &new_checked.policy);
                    let old = evaluate(cli, &old_checked.policy, &old_facts)?;
                    let new = evaluate(cli, &new_checked.policy, &new_facts)?;
                    (Some(changes), old, new)
                }
                _ => {
                    return Err(Failure::Usage(
                        "give `OLD.kp NEW.kp FACTS`, or `POLICY --facts OLD.yaml NEW.yaml`".into(),
                    ))
                }
            };
            let outcome_changes = kaoping::diff::outcome_changes(&old_outcome, &new_outcome);
            let rendered = match format {
                TextOrJson::Text => kaoping::diff::text(policy_changes.as_ref(), &outcome_changes),
                TextOrJson::Json => kaoping::diff::json(policy_changes.as_ref(), &outcome_changes),
            };
            write_stdout(rendered.as_bytes())
        }
        Command::Explain {
            policy,
            facts,
            id,
            format,
        } => {
            let (checked, loaded) = load_policy_and_facts(cli, policy, facts)?;
            let (outcome, ledger) = checked
                .policy
                .explain(&loaded)
                .map_err(|report| emit(cli, &report))?;
            let rendered = match format {
                TextOrJson::Text => {
                    kaoping::render::explain::explain_text(&checked.policy, &outcome, &ledger, id)
                }
                TextOrJson::Json => {
                    kaoping::render::explain::explain_json(&checked.policy, &outcome, &ledger, id)
                }
            };
            let Some(rendered) = rendered else {
                let ids: Vec<&str> = outcome.candidates.iter().map(|c| c.id.as_str()).collect();
                let hint = kaoping::diagnostic::did_you_mean(id, ids.iter().copied())
                    .unwrap_or_else(|| "run `kaoping score` to list the candidates".into());
                return Err(Failure::Io(format!(
                    "no candidate `{id}` in `{}`; {hint}",
                    facts.display()
                )));
            };
            write_stdout(rendered.as_bytes())
        }
        Command::Score {
            policy,
            facts,
            format,
            output,
        } => {
            if let Some(output) = output {
                refuse_to_overwrite_an_input(output, &[policy, facts])?;
            }
            let (checked, loaded) = load_policy_and_facts(cli, policy, facts)?;
            let outcome = checked
                .policy
                .evaluate(&loaded)
                .map_err(|report| emit(cli, &report))?;
            let policy = &checked.policy;
            let rendered: Vec<u8> = match format {
                OutputFormat::Json => {
                    // Written as it is produced: at 100,000 candidates the text
                    // is as large as the facts file, and holding it would only
                    // add to the peak memory.
                    let write = |writer: &mut dyn Write| {
                        kaoping::render::write_json(policy, &outcome, writer)
                    };
                    return match output {
                        Some(output) => write_atomically_with(output, write),
                        None => write_stdout_with(write),
                    };
                }
                OutputFormat::Table => kaoping::render::table(policy, &outcome).into_bytes(),
                OutputFormat::Md => {
                    kaoping::render::markdown::markdown(policy, &outcome).into_bytes()
                }
                OutputFormat::Csv => kaoping::render::csv::csv(policy, &outcome).into_bytes(),
                OutputFormat::Html => kaoping::render::html::html(policy, &outcome).into_bytes(),
                OutputFormat::Xlsx => kaoping::render::xlsx::xlsx(policy, &outcome)
                    .map_err(|e| Failure::Io(format!("cannot build the workbook: {e}")))?,
            };
            match output {
                Some(output) => write_atomically(output, &rendered),
                None if matches!(format, OutputFormat::Xlsx) => Err(Failure::Io(
                    "a workbook is binary: give a file with `-o report.xlsx`".into(),
                )),
                None => write_stdout(&rendered),
            }
        }
    }
}

fn evaluate(
    cli: &Cli,
    policy: &kaoping::Policy,
    facts: &kaoping::Facts,
) -> Result<kaoping::Outcome, Failure> {
    policy.evaluate(facts).map_err(|report| emit(cli, &report))
}

/// `kaoping test`: every case, a diff for each failure, exit 1 if any failed.
fn run_policy_tests(dir: &Path, update: bool, junit: Option<&Path>) -> Result<(), Failure> {
    use kaoping::policy_tests;
    let paths = policy_tests::discover(dir).map_err(|e| {
        Failure::Io(format!(
            "cannot search `{}` for test cases: {e}",
            dir.display()
        ))
    })?;
    if paths.is_empty() {
        return Err(Failure::Io(format!(
            "no test cases under `{}` (looked for `tests/*.yaml`)",
            dir.display()
        )));
    }
    let results: Vec<_> = paths
        .iter()
        .map(|path| policy_tests::run_case(path))
        .collect();
    let mut out = String::new();
    let mut failed = 0;
    let mut updated = 0;
    for result in &results {
        if result.passed() {
            out.push_str(&format!(
                "ok    {} ({})\n",
                result.name,
                result.path.display()
            ));
            continue;
        }
        out.push_str(&format!(
            "FAIL  {} ({})\n",
            result.name,
            result.path.display()
        ));
        out.push_str(&policy_tests::render_diff(result));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        if update {
            match policy_tests::update_case(&result.path, result) {
                Ok(true) => {
                    updated += 1;
                    out.push_str("      updated the expectations from the current outcome\n");
                }
                Ok(false) => {}
                Err(error) => out.push_str(&format!("      not updated: {error}\n")),
            }
        }
        failed += 1;
    }
    if let Some(junit) = junit {
        write_atomically(junit, policy_tests::junit(&results).as_bytes())?;
    }
    let passed = results.len() - failed;
    out.push_str(&format!("\n{passed} passed, {failed} failed\n"));
    if updated > 0 {
        out.push_str(&format!(
            "{updated} case file(s) updated; run again to confirm\n"
        ));
    }
    write_stdout(out.as_bytes())?;
    if failed > updated {
        Err(Failure::Invalid)
    } else {
        Ok(())
    }
}

/// The policy, checked, and the facts validated against it.
/// Formats each file, or checks that it is formatted. Goes on past a file
/// that does not parse, so one run reports every file that needs attention.
fn format_policies(cli: &Cli, paths: &[PathBuf], check: bool) -> Result<(), Failure> {
    if paths.iter().any(|path| path.as_os_str() == "-") {
        if paths.len() > 1 {
            return Err(Failure::Usage(
                "`-` (standard input) cannot be mixed with files".into(),
            ));
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?;
        let formatted = kaoping::format::format_source(&text)
            .map_err(|problem| emit(cli, &Report::new("<stdin>", &text, vec![*problem])))?;
        if check && formatted != text {
            println!("<stdin>");
            return Err(Failure::Invalid);
        }
        return if check {
            Ok(())
        } else {
            write_stdout(formatted.as_bytes())
        };
    }
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            policy_files_in(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    let mut failed = false;
    for file in &files {
        let text = read(file)?;
        let name = file.display().to_string();
        let formatted = match kaoping::format::format_source(&text) {
            Ok(formatted) => formatted,
            Err(problem) => {
                emit(cli, &Report::new(&name, &text, vec![*problem]));
                failed = true;
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        if check {
            println!("{name}");
            failed = true;
        } else {
            write_atomically(file, formatted.as_bytes())?;
            println!("formatted {name}");
        }
    }
    if failed {
        Err(Failure::Invalid)
    } else {
        Ok(())
    }
}

/// The `.kp` files under `folder`, recursively, in a stable order.
fn policy_files_in(folder: &Path, files: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| Failure::Io(format!("cannot read `{}`: {e}", folder.display())))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            policy_files_in(&path, files)?;
        } else if path.extension().is_some_and(|extension| extension == "kp") {
            files.push(path);
        }
    }
    Ok(())
}

fn load_policy_and_facts(
    cli: &Cli,
    policy: &Path,
    facts: &Path,
) -> Result<(kaoping::Checked, kaoping::Facts), Failure> {
    let checked = load_policy(cli, policy, false)?;
    let loaded = load_facts(cli, &checked.policy, facts)?;
    Ok((checked, loaded))
}

/// Loads facts in whichever form they come: a folder of `.csv` files, an
/// Excel workbook (`.xlsx`), or else a YAML file.
fn load_facts(cli: &Cli, policy: &kaoping::Policy, path: &Path) -> Result<kaoping::Facts, Failure> {
    let name = path.display().to_string();
    let loaded = if path.is_dir() {
        kaoping::workbook::load_csv_folder(policy, path)
    } else if is_workbook(path) {
        let bytes =
            std::fs::read(path).map_err(|e| Failure::Io(format!("cannot read `{name}`: {e}")))?;
        kaoping::workbook::load_xlsx(policy, &name, &bytes)
    } else {
        policy.load_facts(&name, &read(path)?)
    };
    let facts = loaded.map_err(|report| emit(cli, &report))?;
    if !facts.warnings().problems.is_empty() {
        emit(cli, facts.warnings());
    }
    Ok(facts)
}

fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("xlsx"))
}

/// `kaoping convert`: the facts written as a workbook or a folder of CSV files.
fn convert(cli: &Cli, policy: &Path, facts: &Path, output: &Path) -> Result<(), Failure> {
    let has_other_extension = output
        .extension()
        .is_some_and(|extension| !extension.eq_ignore_ascii_case("xlsx") && !output.is_dir());
    if has_other_extension {
        return Err(Failure::Usage(format!(
            "`{}`: write a workbook (`.xlsx`) or a folder of CSV files (a path without an extension)",
            output.display()
        )));
    }
    refuse_to_overwrite_an_input(output, &[&policy.to_path_buf(), &facts.to_path_buf()])?;
    let (checked, loaded) = load_policy_and_facts(cli, policy, facts)?;
    let cannot = |e: kaoping::workbook::WorkbookError| Failure::Io(e.to_string());
    if is_workbook(output) {
        let bytes = kaoping::workbook::facts_xlsx(&checked.policy, &loaded).map_err(cannot)?;
        return write_atomically(output, &bytes);
    }
    let files = kaoping::workbook::facts_csv(&checked.policy, &loaded).map_err(cannot)?;
    std::fs::create_dir_all(output)
        .map_err(|e| Failure::Io(format!("cannot create `{}`: {e}", output.display())))?;
    // A stale sheet left in the folder would be read as an unknown sheet.
    let ours: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let entries = std::fs::read_dir(output)
        .map_err(|e| Failure::Io(format!("cannot read `{}`: {e}", output.display())))?;
    let mut strangers: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.to_lowercase().ends_with(".csv") && !ours.contains(&name.as_str()))
        .collect();
    strangers.sort();
    if let Some(first) = strangers.first() {
        return Err(Failure::Io(format!(
            "`{}` already holds `{first}`, which is not a sheet of this policy; write to an empty folder",
            output.display()
        )));
    }
    for (name, text) in &files {
        write_atomically(&output.join(name), text.as_bytes())?;
    }
    Ok(())
}

/// `-o` must never clobber the policy or the facts it was computed from.
fn refuse_to_overwrite_an_input(output: &Path, inputs: &[&PathBuf]) -> Result<(), Failure> {
    let target = std::fs::canonicalize(output).ok();
    for input in inputs {
        let same = match (&target, std::fs::canonicalize(input).ok()) {
            (Some(target), Some(input)) => *target == input,
            _ => output == input.as_path(),
        };
        if same {
            return Err(Failure::Io(format!(
                "refusing to write the report over the input file `{}`",
                input.display()
            )));
        }
    }
    Ok(())
}

/// Writes a temporary file beside the target, then renames it over the
/// target, so a reader never sees half a report.
fn write_atomically(output: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_atomically_with(output, |writer| writer.write_all(bytes))
}

/// [`write_atomically`] for output produced by `write` as it goes.
fn write_atomically_with(
    output: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let directory = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = output
        .file_name()
        .ok_or_else(|| Failure::Io(format!("`{}` is not a file name", output.display())))?;
    let temporary = directory.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::File::create(&temporary)
        .and_then(|file| {
            let mut writer = std::io::BufWriter::new(file);
            write(&mut writer)?;
            writer
                .into_inner()
                .map_err(|error| error.into_error())?
                .sync_all()
        })
        .and_then(|_| std::fs::rename(&temporary, output));
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(Failure::Io(format!(
            "cannot write `{}`: {error}",
            output.display()
        )));
    }
    Ok(())
}

fn write_stdout(text: &[u8]) -> Result<(), Failure> {
    write_stdout_with(|writer| writer.write_all(text))
}

fn write_stdout_with(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    write(&mut stdout)
        .and_then(|_| stdout.flush())
        .map_err(|e| Failure::Io(format!("cannot write the results: {e}")))
}

/// Loads a policy; `check` shows its warnings in full, other commands only
/// count them so that results stay readable.
fn load_policy(cli: &Cli, path: &Path, show_warnings: bool) -> Result<kaoping::Checked, Failure> {
    let source = read(path)?;
    let name = path.display().to_string();
    match kaoping::load_policy(&name, &source) {
        Ok(checked) => {
            let warnings = checked.warnings.problems.len();
            if show_warnings && warnings > 0 {
                emit(cli, &checked.warnings);
            } else if warnings > 0 && !matches!(cli.error_format, ErrorFormat::Json) {
                eprintln!("{name}: {warnings} warning(s); `kaoping check {name}` shows them");
            }
            Ok(checked)
        }
        Err(report) => Err(emit(cli, &report)),
    }
}

/// Renders a report on stderr; returns the failure to exit with.
fn emit(cli: &Cli, report: &Report) -> Failure {
    let mut stderr = std::io::stderr().lock();
    match cli.error_format {
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
            let text = render_report(report, matches!(cli.error_format, ErrorFormat::Human));
            let _ = stderr.write_all(text.as_bytes());
        }
    }
    let errors = report
        .problems
        .iter()
        .filter(|p| p.level == Level::Error)
        .count();
    if errors > 0 && !matches!(cli.error_format, ErrorFormat::Json) {
        let warnings = report.problems.len() - errors;
        let _ = writeln!(
            stderr,
            "{}: {errors} error(s), {warnings} warning(s)",
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
