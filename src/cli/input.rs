//! Where the commands read: a file, a folder of CSV files, or `-` for
//! standard input. Each input is read once, so that a command that uses the
//! facts twice (`diff OLD.kp NEW.kp FACTS`) can take them from a pipe.

use std::path::{Path, PathBuf};

use kaoping::messages::Language;
use kaoping::tr;

use super::output::is_standard_stream;
use super::{Failure, Reason};

/// The name diagnostics show for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Refuses `-` for more than one input of a command: standard input can be
/// read only once.
pub fn at_most_one_from_stdin(inputs: &[&Path], language: Language) -> Result<(), Failure> {
    if inputs
        .iter()
        .filter(|path| is_standard_stream(path))
        .count()
        > 1
    {
        return Err(Failure::Usage(tr!(language, "cli-one-stdin")));
    }
    Ok(())
}

/// A text file as read, with the name its diagnostics show.
pub struct Text {
    pub name: String,
    pub text: String,
}

impl Text {
    pub fn read(path: &Path) -> Result<Text, Failure> {
        let (name, bytes) = read_bytes(path)?;
        let text = String::from_utf8(bytes).map_err(|e| Failure::Unreadable {
            file: name.clone(),
            reason: Reason::NotUtf8(e.utf8_error().valid_up_to()),
        })?;
        Ok(Text { name, text })
    }
}

/// Facts in whichever form they come, read but not yet validated.
pub enum Facts {
    /// A YAML file, or standard input.
    Yaml(Text),
    /// A `.json` file, or standard input that starts with `{`.
    Json(Text),
    Workbook {
        name: String,
        bytes: Vec<u8>,
    },
    CsvFolder(PathBuf),
}

impl Facts {
    /// A folder is read as CSV files, a name ending in `.xlsx` as a workbook,
    /// one ending in `.json` as JSON, anything else as YAML; standard input
    /// as JSON when its first character other than a space is `{` (a YAML
    /// facts file starts with a key), else as YAML.
    pub fn read(path: &Path) -> Result<Facts, Failure> {
        if is_standard_stream(path) {
            let text = Text::read(path)?;
            let json = text
                .text
                .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                .starts_with('{');
            return Ok(if json {
                Facts::Json(text)
            } else {
                Facts::Yaml(text)
            });
        }
        if path.is_dir() {
            return Ok(Facts::CsvFolder(path.to_path_buf()));
        }
        if is_workbook(path) {
            let (name, bytes) = read_bytes(path)?;
            return Ok(Facts::Workbook { name, bytes });
        }
        if is_json(path) {
            return Ok(Facts::Json(Text::read(path)?));
        }
        Ok(Facts::Yaml(Text::read(path)?))
    }

    /// The facts validated against `policy`, their problems told in `language`.
    pub fn load(
        &self,
        policy: &kaoping::Policy,
        language: Language,
    ) -> Result<kaoping::Facts, kaoping::Report> {
        match self {
            Facts::Yaml(yaml) => kaoping::facts::load_in(policy, &yaml.name, &yaml.text, language),
            Facts::Json(json) => {
                kaoping::facts::load_json_in(policy, &json.name, &json.text, language)
            }
            Facts::Workbook { name, bytes } => {
                kaoping::workbook::load_xlsx_in(policy, name, bytes, language)
            }
            Facts::CsvFolder(folder) => {
                kaoping::workbook::load_csv_folder_in(policy, folder, language)
            }
        }
    }

    /// The YAML text, when the facts are YAML.
    pub fn yaml(&self) -> Option<&str> {
        match self {
            Facts::Yaml(text) => Some(&text.text),
            _ => None,
        }
    }
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("json"))
}

pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("xlsx"))
}

fn read_bytes(path: &Path) -> Result<(String, Vec<u8>), Failure> {
    if is_standard_stream(path) {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| Failure::unreadable(STDIN_NAME, &e))?;
        return Ok((STDIN_NAME.to_string(), bytes));
    }
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Failure::unreadable(&name, &e))?;
    Ok((name, bytes))
}

/// The `.kp` files under `folder`, recursively, in a stable order.
pub fn policy_files_in(folder: &Path, files: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| Failure::unreadable(folder.display().to_string(), &e))?;
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
