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
    /// A JSON Schema of a facts file (`schema -o`).
    Schema,
    /// A YAML facts file (`template -o`).
    FactsYaml,
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
            Content::Schema => (
                extension.as_deref() == Some("json"),
                "a JSON Schema ends in `.json`".to_string(),
            ),
            Content::FactsYaml => (
                matches!(extension.as_deref(), Some("yaml" | "yml")),
                "a YAML facts file ends in `.yaml`".to_string(),
            ),
        };
        (!fits).then(|| format!("`{}`: {expected}", name.display()))
    }
}

/// Where one command's output goes, once the rule has allowed it.
pub enum Destination {
    Stdout,
    File(PathBuf, Replace),
    Folder(PathBuf, Replace),
}

/// Whether a file already at the target may be replaced: only with `--force`.
/// Checked once before the work and again, atomically, when the file is
/// published, so a file that appears meanwhile is not lost either.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    Never,
    Allowed,
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
        let replace = if force {
            Replace::Allowed
        } else {
            Replace::Never
        };
        let existing = match std::fs::metadata(name) {
            Ok(existing) => existing,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(if content == Content::CsvFolder {
                    Destination::Folder(name.to_path_buf(), replace)
                } else {
                    Destination::File(name.to_path_buf(), replace)
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
            return Ok(Destination::Folder(name.to_path_buf(), replace));
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
        Ok(Destination::File(name.to_path_buf(), replace))
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
            Destination::File(path, replace) => write_atomically_with(path, *replace, write),
            Destination::Folder(path, _) => Err(Failure::Io(format!(
                "`{}` is a folder; name a file",
                path.display()
            ))),
        }
    }

    /// Writes one `.csv` file per sheet into the folder.
    pub fn write_sheets(&self, files: &[(String, String)]) -> Result<(), Failure> {
        let Destination::Folder(folder, replace) = self else {
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
            write_atomically_with(&folder.join(name), *replace, |writer| {
                writer.write_all(text.as_bytes())
            })?;
        }
        Ok(())
    }
}

/// The columns a terminal table may fill (issue 15 §2): the terminal's
/// width when standard output is one, else `COLUMNS` when it is set, else
/// no limit (a file, a pipe to another program).
pub fn table_width(destination: &Destination) -> Option<u16> {
    if !matches!(destination, Destination::Stdout) {
        return None;
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        if let Some(width) = comfy_table::Table::new().width() {
            return Some(width);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<u16>().ok())
        .filter(|columns| *columns > 0)
}

/// The day a report is produced, as the workbook names it: from
/// `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
/// convention, so that the same inputs give the same bytes) when it is
/// set, else today (UTC).
pub fn produced_date() -> Result<(u16, u8, u8), Failure> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text.trim().parse::<i64>().map_err(|_| {
            Failure::Usage(format!(
                "SOURCE_DATE_EPOCH is `{text}`; it must be a whole number of seconds since 1970-01-01"
            ))
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)),
    };
    Ok(kaoping::render::xlsx::date_from_epoch(seconds))
}

/// `-`, which stands for standard input or output.
pub fn is_standard_stream(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn extension_of(path: &Path) -> Option<String> {
    path.extension()
        .map(|extension| extension.to_string_lossy().to_lowercase())
}

/// An input is never written over, and nothing is written into an input
/// that is a folder of CSV files: a report there would replace a sheet, or
/// be read as an unknown sheet the next time.
fn refuse_to_overwrite_an_input(output: &Path, inputs: &[&Path]) -> Result<(), Failure> {
    let target = std::fs::canonicalize(output).ok();
    let folder = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => std::fs::canonicalize(parent).ok(),
        _ => std::fs::canonicalize(".").ok(),
    };
    for input in inputs {
        let input_path = std::fs::canonicalize(input).ok();
        let same = match (&target, &input_path) {
            (Some(target), Some(input)) => target == input,
            _ => output == *input,
        };
        let inside = match (&folder, &input_path) {
            (Some(folder), Some(input)) => input.is_dir() && folder.starts_with(input),
            _ => false,
        };
        if inside {
            return Err(Failure::Io(format!(
                "refusing to write into the input folder `{}`, even with `--force`; choose a name outside it",
                input.display()
            )));
        }
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
/// target, so a reader never sees half a file. For `fmt`, which rewrites the
/// files it was given.
pub fn write_atomically(output: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_atomically_with(output, Replace::Allowed, |writer| writer.write_all(bytes))
}

fn write_atomically_with(
    output: &Path,
    replace: Replace,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    // A link is written through, so the file it points to is the one replaced
    // and the link stays a link; the replaced file keeps its permissions.
    let existing = std::fs::canonicalize(output).ok();
    let output = existing.as_deref().unwrap_or(output);
    let kept_permissions = existing
        .as_ref()
        .and_then(|path| std::fs::metadata(path).ok())
        .map(|metadata| metadata.permissions());
    let cannot = |error: std::io::Error| {
        Failure::Io(format!("cannot write `{}`: {error}", output.display()))
    };
    let (temporary, file) = create_temporary_beside(output).map_err(cannot)?;
    let result = (|| {
        let mut writer = std::io::BufWriter::new(file);
        write(&mut writer)?;
        let file = writer.into_inner().map_err(|error| error.into_error())?;
        if let Some(permissions) = kept_permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        publish(&temporary, output, replace)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.map_err(|error| match error.kind() {
        std::io::ErrorKind::AlreadyExists => Failure::Io(format!(
            "`{}` appeared while kaoping was working; pass `--force` to replace it",
            output.display()
        )),
        _ => cannot(error),
    })
}

/// A new temporary file in the target's folder, opened only if it did not
/// exist: an existing file or link of that name is never followed or truncated.
fn create_temporary_beside(output: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    // `report.md` has the empty path as its parent, which names the current folder.
    let directory = output.parent().unwrap_or(Path::new(""));
    let file_name = output
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    // A stale file from a process of the same number is stepped around.
    for attempt in 0..100 {
        let temporary = directory.join(format!(
            ".{}.{}.{attempt}.tmp",
            file_name.to_string_lossy(),
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "100 temporary files of this process are in the way",
    ))
}

/// Puts the finished temporary file in place. Without `--force` a hard link
/// publishes it, which fails if the target exists by then; where the file
/// system has no hard links, the check just before the rename must do.
fn publish(temporary: &Path, output: &Path, replace: Replace) -> std::io::Result<()> {
    if replace == Replace::Allowed {
        return std::fs::rename(temporary, output);
    }
    match std::fs::hard_link(temporary, output) {
        Ok(()) => std::fs::remove_file(temporary),
        Err(_) if output.exists() => Err(std::io::ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(temporary, output),
    }
}

/// Every write to standard output goes through here, so that a reader that
/// stops early (`| head -1`) ends the run quietly instead of in a panic.
pub fn stdout(bytes: &[u8]) -> Result<(), Failure> {
    stdout_with(|writer| writer.write_all(bytes))
}

/// For a command whose exit status says more than its output: once the
/// reader has gone, the rest is not printed, but the work goes on and the
/// status still tells whether it failed (`fmt --check | head -1` in CI).
pub fn stdout_while_open(bytes: &[u8], closed: &mut bool) -> Result<(), Failure> {
    if *closed {
        return Ok(());
    }
    match stdout(bytes) {
        Err(Failure::ClosedPipe) => {
            *closed = true;
            Ok(())
        }
        other => other,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let folder =
            std::env::temp_dir().join(format!("kaoping-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        folder
    }

    #[test]
    fn a_file_that_appears_while_working_is_not_replaced_without_force() {
        // The refusal in `choose` came before the work; someone created the
        // file since. Publishing must still refuse, and leave no temporary file.
        let folder = scratch("appeared");
        let target = folder.join("report.json");
        std::fs::write(&target, "written meanwhile").unwrap();
        let result =
            write_atomically_with(&target, Replace::Never, |writer| writer.write_all(b"{}"));
        match result {
            Err(Failure::Io(message)) => assert!(message.contains("--force"), "{message}"),
            _ => panic!("the file that appeared was replaced"),
        }
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "written meanwhile"
        );
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);

        write_atomically_with(&target, Replace::Allowed, |writer| writer.write_all(b"{}"))
            .unwrap_or_else(|_| panic!("--force replaces it"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "{}");
        let fresh = folder.join("fresh.json");
        write_atomically_with(&fresh, Replace::Never, |writer| writer.write_all(b"[]"))
            .unwrap_or_else(|_| panic!("a new file is written"));
        assert_eq!(std::fs::read_to_string(&fresh).unwrap(), "[]");
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_temporary_name_is_not_followed() {
        let folder = scratch("planted");
        let victim = folder.join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        let target = folder.join("report.md");
        let planted = folder.join(format!(".report.md.{}.0.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_atomically_with(&target, Replace::Never, |writer| {
            writer.write_all(b"# report")
        })
        .unwrap_or_else(|_| panic!("written beside the planted link"));
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "# report");
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
