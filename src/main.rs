//! The `kaoping` command line: its arguments, and the exit status.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use cli::diagnostics::{ErrorFormat, ErrorOutput, Settings};
use cli::output::ReportFormat;
use cli::{commands, Failure};
use kaoping::messages::Language;

const EXIT_STATUS: &str = "\
Exit status:
  0  success
  1  an invalid policy or facts file, a failing test case, a file `fmt --check`
     would change; or a file that cannot be read or written (missing, unreadable,
     or existing without `--force`)
  2  a usage error: an unknown option, a missing argument, `-` where it cannot be
     used, or a file name whose extension contradicts what is written

`-` stands for standard input (POLICY, FACTS) or standard output (`-o`).";

/// Score candidates by declarative, versioned policy files.
#[derive(Parser)]
#[command(name = "kaoping", version, about, long_about = None, after_help = EXIT_STATUS)]
struct Cli {
    /// How to render problems found in policies and facts.
    #[arg(long, value_enum, global = true, default_value = "human")]
    error_format: ErrorFormat,
    /// The language of messages and reports [default: from LC_ALL, LC_MESSAGES or
    /// LANG; English when none names Chinese].
    #[arg(long, value_enum, global = true)]
    lang: Option<LanguageChoice>,
    /// Show every error of a policy or facts file, not only the first screenful.
    #[arg(long, global = true)]
    all_errors: bool,
    /// The folder tree whose policies `extends` may read [default: the current folder].
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Whether `--root` was written rather than defaulted: `kaoping lsp`
    /// then defaults to the client's workspace folder instead.
    #[arg(skip)]
    root_given: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a policy file and report every problem found.
    Check {
        /// The policy file (.kp); `-` for standard input.
        policy: PathBuf,
        /// Also list the readings (interpretations) the policy relies on.
        #[arg(long)]
        readings: bool,
        /// Also list how each list method over a whole list is evaluated, marking
        /// those that scan the list once per candidate.
        #[arg(long)]
        explain_cost: bool,
    },
    /// Score the candidates of a facts file under a policy.
    Score {
        /// The policy file (.kp); `-` for standard input.
        policy: PathBuf,
        /// The facts: a YAML or JSON (.json) file, an Excel workbook (.xlsx), a folder of
        /// .csv files, or `-` for standard input (JSON when it starts with `{`, else YAML).
        facts: PathBuf,
        /// Output format [default: from the `-o` file's extension, else table].
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Write to this file (atomically) instead of standard output; `-` for standard
        /// output. Its extension (.txt .json .md .csv .xlsx .html) gives the format.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the `-o` file if it exists.
        #[arg(long)]
        force: bool,
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
        /// Rewrite the expectations that changed from the current outcome, in place in the
        /// case file (its comments and layout kept), after showing the diff.
        #[arg(long)]
        update: bool,
        /// Also write a JUnit XML report to this file (.xml), for CI systems.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
        /// Replace the JUnit file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print a JSON Schema of the policy's facts file, for editors.
    Schema {
        /// The policy file (.kp); `-` for standard input.
        policy: PathBuf,
        /// Write the schema to this file (.json), atomically, instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the `-o` file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print a commented YAML skeleton of a facts file with one candidate, for data clerks;
    /// with `--xlsx FILE`, write the empty facts workbook instead.
    Template {
        /// The policy file (.kp); `-` for standard input.
        policy: PathBuf,
        /// Write the empty workbook (a sheet per table, labelled headers, validation) to
        /// this file (.xlsx), or `-` for standard output when it is not a terminal.
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Write the YAML template to this file (.yaml), atomically, instead of standard
        /// output.
        #[arg(short, long, conflicts_with = "xlsx")]
        output: Option<PathBuf>,
        /// Replace the workbook or the `-o` file if it exists.
        #[arg(long)]
        force: bool,
        /// The schema named in the YAML's first line (`# yaml-language-server:
        /// $schema=…`), for editors to check and complete the facts [default: the
        /// policy's name with `.schema.json`, beside the facts file].
        #[arg(long, value_name = "SCHEMA")]
        schema: Option<String>,
    },
    /// Convert facts between YAML, an Excel workbook and a folder of CSV files.
    ///
    /// The output is a workbook when it ends in `.xlsx`, else a folder of `.csv`
    /// files (one per sheet). It is checked to read back as the same facts.
    Convert {
        /// The policy file (.kp) whose schema lays the facts out.
        policy: PathBuf,
        /// The facts: a YAML or JSON (.json) file, an Excel workbook (.xlsx), a folder of
        /// .csv files, or `-` for standard input (JSON when it starts with `{`, else YAML).
        facts: PathBuf,
        /// The workbook (.xlsx) or folder to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Replace the workbook, or write into a folder that already holds files.
        #[arg(long)]
        force: bool,
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
        /// The policy file (.kp); `-` for standard input.
        policy: PathBuf,
        /// The facts: a YAML or JSON (.json) file, an Excel workbook (.xlsx), a folder of
        /// .csv files, or `-` for standard input (JSON when it starts with `{`, else YAML).
        facts: PathBuf,
        /// The candidate's id, or its name as the facts write it (`浔阳区生态环境局`).
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Write the policy's rulebook: the document a committee approves, generated
    /// from the policy (indicators and maxima, each rule with its clause, parameters,
    /// eligibility, grades, ranking and selection).
    Doc {
        /// The policy file (.kp); `-` for standard input.
        policy: PathBuf,
        /// Output format [default: from the `-o` file's extension, else md].
        #[arg(long, value_enum)]
        format: Option<cli::rulebook::RulebookFormat>,
        /// Write to this file (atomically) instead of standard output (.md or .html).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the `-o` file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Run the language server on standard input and output, for editors (VS Code, Neovim,
    /// Helix, Zed).
    Lsp {
        /// Accepted and ignored: standard input and output are the only transport, and
        /// some clients add this flag on their own.
        #[arg(long, hide = true)]
        stdio: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LanguageChoice {
    /// 中文
    Zh,
    /// English
    En,
}

impl LanguageChoice {
    fn language(self) -> Language {
        match self {
            LanguageChoice::Zh => Language::Chinese,
            LanguageChoice::En => Language::English,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum TextOrJson {
    /// Text a person reads.
    Text,
    /// The same, for programs.
    Json,
}

fn main() -> ExitCode {
    let arguments: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command = cli::help::localise(Cli::command(), language_before_parsing(&arguments));
    let parsed = command
        .try_get_matches_from(&arguments)
        .and_then(|matches| {
            let root_given =
                matches.value_source("root") == Some(clap::parser::ValueSource::CommandLine);
            Cli::from_arg_matches(&matches).map(|cli| Cli { root_given, ..cli })
        });
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // clap: 0 for --help/--version, 2 for usage errors.
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    // Parsing and checking recurse over the input's nesting; a large stack
    // turns hostile nesting into the checker's clear error instead of an overflow.
    let errors = error_output(&cli);
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
        Ok(()) | Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(failure) => {
            cli::diagnostics::report_failure(errors, &failure);
            ExitCode::from(match failure {
                Failure::Usage(_) => 2,
                _ => 1,
            })
        }
    }
}

/// The language `--help` is written in, before the arguments are parsed:
/// `--lang` where it is given, else the locale.
fn language_before_parsing(arguments: &[std::ffi::OsString]) -> Language {
    let mut words = arguments.iter().filter_map(|word| word.to_str());
    while let Some(word) = words.next() {
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next(),
            Some(rest) => rest.strip_prefix('='),
            None => continue,
        };
        if let Some(language) = value.and_then(Language::from_tag) {
            return language;
        }
    }
    Language::from_environment()
}

/// How problems are shown: the format, the reader's language, how many.
fn error_output(cli: &Cli) -> ErrorOutput {
    ErrorOutput {
        format: cli.error_format,
        language: cli
            .lang
            .map_or_else(Language::from_environment, LanguageChoice::language),
        all: cli.all_errors,
    }
}

fn run(cli: &Cli) -> Result<(), Failure> {
    if !cli.root.is_dir() {
        // Caught here, or every parent policy would look missing.
        return Err(Failure::Usage(format!(
            "`--root {}` is not a folder",
            cli.root.display()
        )));
    }
    let errors = error_output(cli);
    let settings = Settings {
        errors,
        root: &cli.root,
    };
    match &cli.command {
        Command::Check {
            policy,
            readings,
            explain_cost,
        } => commands::check(settings, policy, *readings, *explain_cost),
        Command::Score {
            policy,
            facts,
            format,
            output,
            force,
        } => commands::score(settings, policy, facts, *format, output.as_deref(), *force),
        Command::Diff {
            paths,
            facts,
            format,
        } => commands::diff(
            settings,
            paths,
            facts.as_deref(),
            matches!(format, TextOrJson::Json),
        ),
        Command::Test {
            dir,
            update,
            junit,
            force,
        } => cli::policy_tests::run(&cli.root, dir, *update, junit.as_deref(), *force),
        Command::Schema {
            policy,
            output,
            force,
        } => commands::schema(settings, policy, output.as_deref(), *force),
        Command::Template {
            policy,
            xlsx,
            output,
            force,
            schema,
        } => commands::template(
            settings,
            policy,
            commands::TemplateTo {
                xlsx: xlsx.as_deref(),
                yaml: output.as_deref(),
                force: *force,
            },
            schema.as_deref(),
        ),
        Command::Convert {
            policy,
            facts,
            output,
            force,
        } => commands::convert(settings, policy, facts, output, *force),
        Command::Fmt { paths, check } => commands::fmt(errors, paths, *check),
        Command::Explain {
            policy,
            facts,
            id,
            format,
        } => commands::explain(
            settings,
            policy,
            facts,
            id,
            matches!(format, TextOrJson::Json),
        ),
        Command::Doc {
            policy,
            format,
            output,
            force,
        } => cli::rulebook::doc(settings, policy, *format, output.as_deref(), *force),
        Command::Lsp { stdio: _ } => kaoping::lsp::run_stdio(kaoping::lsp::Options {
            root: cli.root_given.then(|| cli.root.clone()),
            language: cli.lang.map(LanguageChoice::language),
        })
        .map_err(Failure::Io),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaoping::messages::defines;

    #[test]
    fn every_argument_and_command_has_its_help_in_every_catalogue() {
        let mut missing = Vec::new();
        for id in cli::help::ids(&Cli::command()) {
            for language in Language::ALL {
                if !defines(language, &id) {
                    missing.push(format!("{id} in locales/{}/cli.ftl", language.tag()));
                }
            }
        }
        assert!(missing.is_empty(), "help without a message: {missing:#?}");
    }

    #[test]
    fn the_help_language_comes_from_lang_before_parsing() {
        let words =
            |line: &str| -> Vec<std::ffi::OsString> { line.split(' ').map(Into::into).collect() };
        let chinese = language_before_parsing(&words("kaoping --lang zh score --help"));
        assert_eq!(chinese, Language::Chinese);
        let joined = language_before_parsing(&words("kaoping check --lang=zh x.kp"));
        assert_eq!(joined, Language::Chinese);
        let english = language_before_parsing(&words("kaoping --help --lang en"));
        assert_eq!(english, Language::English);
    }

    #[test]
    fn the_chinese_help_is_chinese() {
        let mut command = cli::help::localise(Cli::command(), Language::Chinese);
        let help = command.render_help().to_string();
        assert!(help.contains("用法："), "{help}");
        assert!(help.contains("显示帮助"), "{help}");
        assert!(!help.contains("Print this message"), "{help}");
        assert!(help.contains("按政策文件给候选对象评分"), "{help}");
        let mut score = cli::help::localise(Cli::command(), Language::Chinese);
        let score = score.find_subcommand_mut("score").expect("score exists");
        let help = score.render_long_help().to_string();
        assert!(help.contains("事实数据"), "{help}");
        // The arguments' own texts, not only the command's.
        assert!(help.contains("`-o` 文件已存在时覆盖它。"), "{help}");
        assert!(!help.contains("Replace the"), "{help}");
        assert!(!help.contains("Print help"), "{help}");
    }
}
