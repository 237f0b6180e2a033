//! Where the commands write, by one rule: `-` is standard output; a file's
//! name must say what is in it; an existing file (or a folder that holds
//! files) is replaced only with `--force`; an input is never written over;
//! files are written whole or not at all. `fmt` alone rewrites files in
//! place, because rewriting them is what it is asked to do.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::Failure;

/// The formats of `kaoping score`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
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

impl ReportFormat {
    const ALL: [ReportFormat; 6] = [
        ReportFormat::Table,
        ReportFormat::Json,
        ReportFormat::Md,
        ReportFormat::Csv,
        ReportFormat::Xlsx,
        ReportFormat::Html,
    ];

    /// The extensions a file of this format may carry; the first is the usual one.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            ReportFormat::Table => &["txt"],
            ReportFormat::Json => &["json"],
            ReportFormat::Md => &["md", "markdown"],
            ReportFormat::Csv => &["csv"],
            ReportFormat::Xlsx => &["xlsx"],
            ReportFormat::Html => &["html", "htm"],
        }
    }

    fn name(self) -> &'static str {
        match self {
            ReportFormat::Table => "table",
            ReportFormat::Json => "json",
            ReportFormat::Md => "md",
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Html => "html",
        }
    }

    fn description(self) -> &'static str {
        match self {
            ReportFormat::Table => "a text table",
            ReportFormat::Json => "JSON",
            ReportFormat::Md => "Markdown",
            ReportFormat::Csv => "CSV",
            ReportFormat::Xlsx => "an Excel workbook",
            ReportFormat::Html => "an HTML page",
        }
    }

    /// The format `--format` asks for, or else the one the file name says;
    /// a name without an extension (or standard output) is a table.
    pub fn choose(
        requested: Option<ReportFormat>,
        output: Option<&Path>,
    ) -> Result<ReportFormat, Failure> {
        let Some(output) = output.filter(|output| !is_standard_stream(output)) else {
            let format = requested.unwrap_or(ReportFormat::Table);
            if format == ReportFormat::Xlsx && output.is_none() {
                return Err(Failure::Usage(
                    "a workbook is binary: name a file with `-o report.xlsx`, or pipe it with `-o -`"
                        .into(),
                ));
            }
            return Ok(format);
        };
        let Some(extension) = extension_of(output) else {
            return Ok(requested.unwrap_or(ReportFormat::Table));
        };
        let named = ReportFormat::ALL
            .into_iter()
            .find(|format| format.extensions().contains(&extension.as_str()));
        match (requested, named) {
            (Some(requested), Some(named)) if requested != named => Err(Failure::Usage(format!(
                "`{}` ends in `.{extension}`, but `--format {}` writes {}; name it `{}`, or drop `--format` to write {}",
                output.display(),
                requested.name(),
                requested.description(),
                output.with_extension(requested.extensions()[0]).display(),
                named.description(),
            ))),
            (_, Some(named)) => Ok(named),
            (requested, None) => Err(Failure::Usage(format!(
                "`{}`: a report cannot be named `.{extension}`; end the name in {}{}",
                output.display(),
                ReportFormat::ALL.map(|format| format!("`.{}`", format.extensions()[0])).join(", "),
                match requested {
                    Some(_) => ", or leave the extension off",
                    None => ", or pass `--format`",
                }
            ))),
        }
    }
}

/// What a command writes, which decides the names it may be written under.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Report(ReportFormat),
    /// An Excel workbook of facts (`template --xlsx`, `convert`).
    Workbook,
    /// A folder of `.csv` files, one per sheet (`convert`).
    CsvFolder,
    /// A JUnit XML report (`test --junit`).
    Junit,
}

impl Content {
    fn is_binary(self) -> bool {
        matches!(
            self,
            Content::Workbook | Content::Report(ReportFormat::Xlsx)
        )
    }

    /// Why `name` does not suit this content, if it does not.
    fn misnamed(self, name: &Path) -> Option<String> {
        let extension = extension_of(name);
        let (fits, expected) = match self {
            Content::Report(format) => (
                extension
                    .as_deref()
                    .is_none_or(|extension| format.extensions().contains(&extension)),
                format!(
                    "a {} report ends in `.{}`",
                    format.name(),
                    format.extensions()[0]
                ),
            ),
            Content::Workbook => (
                extension.as_deref() == Some("xlsx"),
                "a workbook ends in `.xlsx`".to_string(),
            ),
            Content::CsvFolder => (
                extension.is_none() || name.is_dir(),
                "write a workbook (`.xlsx`) or a folder of CSV files (a name without an extension)"
                    .to_string(),
            ),
            Content::Junit => (
                extension.as_deref() == Some("xml"),
                "a JUnit report ends in `.xml`".to_string(),
            ),
        };
        (!fits).then(|| format!("`{}`: {expected}", name.display()))
    }
}

/// Where one command's output goes, once the rule has allowed it.
pub enum Destination {
    Stdout,
    File(PathBuf),
    Folder(PathBuf),
}

impl Destination {
    /// Applies the rule to `-o name` for `content`, before any work is done,
    /// so that a refusal costs nothing. `inputs` are the files the output is
    /// computed from: never written over, even with `--force`.
    pub fn choose(
        name: &Path,
        content: Content,
        force: bool,
        inputs: &[&Path],
    ) -> Result<Destination, Failure> {
        if is_standard_stream(name) {
            return match content {
                Content::CsvFolder => Err(Failure::Usage(
                    "a folder of CSV files cannot go to standard output; name a folder, or a workbook `.xlsx`"
                        .into(),
                )),
                Content::Junit => Err(Failure::Usage(
                    "the JUnit report cannot share standard output with the test summary; name a file `.xml`"
                        .into(),
                )),
                _ if content.is_binary() && std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
                    Err(Failure::Usage(
                        "a workbook is binary and standard output is a terminal; pipe it elsewhere, or name a file `.xlsx`"
                            .into(),
                    ))
                }
                _ => Ok(Destination::Stdout),
            };
        }
        if let Some(problem) = content.misnamed(name) {
            return Err(Failure::Usage(problem));
        }
        refuse_to_overwrite_an_input(name, inputs)?;
        let existing = match std::fs::metadata(name) {
            Ok(existing) => existing,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(if content == Content::CsvFolder {
                    Destination::Folder(name.to_path_buf())
                } else {
                    Destination::File(name.to_path_buf())
                });
            }
            Err(error) => {
                return Err(Failure::Io(format!(
                    "cannot use `{}`: {error}",
                    name.display()
                )))
            }
        };
        let shown = name.display();
        if content == Content::CsvFolder {
            if !existing.is_dir() {
                return Err(Failure::Io(format!(
                    "`{shown}` is a file, not a folder; name a folder for the CSV files"
                )));
            }
            let holds_files = std::fs::read_dir(name)
                .map_err(|e| Failure::Io(format!("cannot read `{shown}`: {e}")))?
                .next()
                .is_some();
            if holds_files && !force {
                return Err(Failure::Io(format!(
                    "`{shown}` already holds files; pass `--force` to write the sheets into it"
                )));
            }
            return Ok(Destination::Folder(name.to_path_buf()));
        }
        if existing.is_dir() {
            return Err(Failure::Io(format!("`{shown}` is a folder; name a file")));
        }
        if !existing.is_file() {
            // Renaming over a device or a pipe would replace it with a file.
            return Err(Failure::Io(format!(
                "`{shown}` is not a regular file; use `-o -` to write to standard output"
            )));
        }
        if !force {
            return Err(Failure::Io(format!(
                "`{shown}` already exists; pass `--force` to replace it"
            )));
        }
        Ok(Destination::File(name.to_path_buf()))
    }

    pub fn write(&self, bytes: &[u8]) -> Result<(), Failure> {
        self.write_with(|writer| writer.write_all(bytes))
    }

    /// For output produced as it goes, so it need not be held in memory.
    pub fn write_with(
        &self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Failure> {
        match self {
            Destination::Stdout => stdout_with(write),
            Destination::File(path) => write_atomically_with(path, write),
            Destination::Folder(path) => Err(Failure::Io(format!(
                "`{}` is a folder; name a file",
                path.display()
            ))),
        }
    }

    /// Writes one `.csv` file per sheet into the folder.
    pub fn write_sheets(&self, files: &[(String, String)]) -> Result<(), Failure> {
        let Destination::Folder(folder) = self else {
            return Err(Failure::Usage(
                "a folder of CSV files needs a folder name".into(),
            ));
        };
        let shown = folder.display();
        std::fs::create_dir_all(folder)
            .map_err(|e| Failure::Io(format!("cannot create `{shown}`: {e}")))?;
        // A stale sheet left in the folder would be read as an unknown sheet.
        let ours: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        let mut strangers: Vec<String> = std::fs::read_dir(folder)
            .map_err(|e| Failure::Io(format!("cannot read `{shown}`: {e}")))?
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.to_lowercase().ends_with(".csv") && !ours.contains(&name.as_str()))
            .collect();
        strangers.sort();
        if let Some(first) = strangers.first() {
            return Err(Failure::Io(format!(
                "`{shown}` already holds `{first}`, which is not a sheet of this policy; write to an empty folder"
            )));
        }
        for (name, text) in files {
            write_atomically(&folder.join(name), text.as_bytes())?;
        }
        Ok(())
    }
}

/// `-`, which stands for standard input or output.
pub fn is_standard_stream(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn extension_of(path: &Path) -> Option<String> {
    path.extension()
        .map(|extension| extension.to_string_lossy().to_lowercase())
}

fn refuse_to_overwrite_an_input(output: &Path, inputs: &[&Path]) -> Result<(), Failure> {
    let target = std::fs::canonicalize(output).ok();
    for input in inputs {
        let same = match (&target, std::fs::canonicalize(input).ok()) {
            (Some(target), Some(input)) => *target == input,
            _ => output == *input,
        };
        if same {
            return Err(Failure::Io(format!(
                "refusing to write over the input `{}`, even with `--force`; choose another name",
                input.display()
            )));
        }
    }
    Ok(())
}

/// Writes a temporary file beside the target, then renames it over the
/// target, so a reader never sees half a file.
pub fn write_atomically(output: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_atomically_with(output, |writer| writer.write_all(bytes))
}

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

/// Every write to standard output goes through here, so that a reader that
/// stops early (`| head -1`) ends the run quietly instead of in a panic.
pub fn stdout(bytes: &[u8]) -> Result<(), Failure> {
    stdout_with(|writer| writer.write_all(bytes))
}

fn stdout_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Failure> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    write(&mut stdout)
        .and_then(|_| stdout.flush())
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::BrokenPipe => Failure::ClosedPipe,
            _ => Failure::Io(format!("cannot write to standard output: {error}")),
        })
}
