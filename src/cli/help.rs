//! `--help` in the reader's language.
//!
//! The English help is the arguments' doc comments in `main.rs`, as clap
//! derives it. In another language every text comes from the `cli` catalogue
//! under an id named after where it appears: `help-about` for the program,
//! `help-option-ARG` for a global option, `help-command-NAME` (and
//! `help-command-NAME-long` where the English has a long description) for a
//! command, `help-NAME-ARG` for its arguments. The English catalogue holds the
//! same ids with the doc comments' words, so translators see both side by
//! side; `tests/cli` checks that every argument has them.

use clap::{Arg, ArgAction, Command};
use kaoping::messages::{defines, text, Language};

/// The program's command tree with its help texts in `language`.
pub fn localise(command: Command, language: Language) -> Command {
    if language == Language::English {
        return command;
    }
    let about = text(language, "help-about", &[]);
    let command = command
        .about(about)
        .long_about(None)
        .after_help(text(language, "help-after", &[]))
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(text(language, "help-version", &[]))
                .help_heading(text(language, "help-heading-options", &[])),
        );
    let mut command = localise_level(command, None, language);
    // clap adds its `help` command only when the tree is built.
    command.build();
    let help_command = text(language, "help-command-help", &[]);
    command.mut_subcommand("help", |help| help.about(help_command))
}

/// Every catalogue id the help of `command` asks for, for the test that
/// keeps the catalogues complete.
#[cfg(test)]
pub fn ids(command: &Command) -> Vec<String> {
    let mut ids = vec![
        "help-about".to_owned(),
        "help-after".to_owned(),
        "help-version".to_owned(),
        "help-help".to_owned(),
        "help-command-help".to_owned(),
        "help-usage".to_owned(),
        "help-heading-options".to_owned(),
        "help-heading-arguments".to_owned(),
        "help-heading-commands".to_owned(),
    ];
    collect_ids(command, None, &mut ids);
    ids
}

#[cfg(test)]
fn collect_ids(command: &Command, name: Option<&str>, ids: &mut Vec<String>) {
    for argument in command.get_arguments() {
        if let Some(id) = argument_id(name, argument) {
            ids.push(id);
        }
    }
    for sub in command.get_subcommands() {
        let sub_name = sub.get_name();
        ids.push(format!("help-command-{sub_name}"));
        if sub.get_long_about().is_some() {
            ids.push(format!("help-command-{sub_name}-long"));
        }
        collect_ids(sub, Some(sub_name), ids);
    }
}

/// The id of an argument's help, `None` for those clap adds itself.
fn argument_id(command: Option<&str>, argument: &Arg) -> Option<String> {
    let id = argument.get_id().as_str();
    if matches!(id, "help" | "version") || argument.is_global_set() && command.is_some() {
        return None;
    }
    let id = id.replace('_', "-");
    Some(match command {
        None => format!("help-option-{id}"),
        Some(command) => format!("help-{command}-{id}"),
    })
}

fn localise_level(command: Command, name: Option<&str>, language: Language) -> Command {
    let options = text(language, "help-heading-options", &[]);
    let arguments = text(language, "help-heading-arguments", &[]);
    let usage = text(language, "help-usage", &[]);
    let ids: Vec<(String, String, bool, bool)> = command
        .get_arguments()
        .filter_map(|argument| {
            let id = argument_id(name, argument)?;
            let takes_value = argument.get_action().takes_values();
            let positional = argument.is_positional();
            Some((argument.get_id().to_string(), id, positional, takes_value))
        })
        .collect();
    let mut command = command
        .subcommand_help_heading(text(language, "help-heading-commands", &[]))
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage}{{usage}}\n\n{{all-args}}{{after-help}}"
        ));
    for (order, (argument, id, positional, takes_value)) in ids.into_iter().enumerate() {
        // A catalogue without the id keeps the English text rather than
        // showing the id; the CLI test keeps that from happening.
        if !defines(language, &id) {
            continue;
        }
        let help = text(language, &id, &[]);
        let heading = if positional {
            arguments.clone()
        } else {
            options.clone()
        };
        // The catalogue's text names the choices and the default in the
        // reader's words; clap would add them again in English. Headings of
        // our own would otherwise list arguments alphabetically.
        command = command.mut_arg(argument, |argument| {
            let argument = argument
                .help(help.clone())
                .long_help(help)
                .help_heading(heading)
                .display_order(order);
            if takes_value {
                argument.hide_possible_values(true).hide_default_value(true)
            } else {
                argument
            }
        });
    }
    command = command.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(text(language, "help-help", &[]))
            .help_heading(options)
            // Last, after every argument of the command.
            .display_order(usize::MAX),
    );
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for sub_name in names {
        let about = text(language, &format!("help-command-{sub_name}"), &[]);
        let long = format!("help-command-{sub_name}-long");
        let long_about = defines(language, &long).then(|| text(language, &long, &[]));
        command = command.mut_subcommand(&sub_name, |sub| {
            let sub = match long_about {
                Some(long_about) => sub.about(about).long_about(long_about),
                None => sub.about(about).long_about(None),
            };
            localise_level(sub, Some(&sub_name), language)
        });
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_argument_is_named_after_its_command_and_clap_s_own_are_left_out() {
        let plain = Arg::new("all_errors").long("all-errors");
        assert_eq!(
            argument_id(Some("score"), &plain).as_deref(),
            Some("help-score-all-errors")
        );
        let global = Arg::new("lang").long("lang").global(true);
        assert_eq!(
            argument_id(None, &global).as_deref(),
            Some("help-option-lang")
        );
        // A global option is described once, at the top.
        assert_eq!(argument_id(Some("score"), &global), None);
        assert_eq!(argument_id(None, &Arg::new("help")), None);
        assert_eq!(argument_id(Some("check"), &Arg::new("version")), None);
    }
}
