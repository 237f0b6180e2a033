//! The words people read, in their language: one Fluent catalogue per
//! language under `locales/`, one file per area (`facts.ftl`, `reports.ftl`…).
//!
//! Code never spells a clerk- or committee-facing sentence itself: it names a
//! message and its arguments (`tr!(language, "cli-errors-and-warnings",
//! source = name, errors = 2usize, warnings = 0usize)`)
//! and the catalogue of the reader's language words it. A message missing from
//! a catalogue falls back to English, then to its id, so a gap is visible but
//! never fatal; `tests/messages.rs` keeps both catalogues complete and every
//! id used in `src/` defined.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The language a person reads kaoping's messages in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    /// English, the default when nothing says otherwise.
    #[default]
    English,
    /// Simplified Chinese (`zh`, `zh_CN`…).
    Chinese,
}

impl Language {
    /// Every language that has a catalogue, in catalogue order.
    pub const ALL: [Language; 2] = [Language::English, Language::Chinese];

    /// The catalogue's folder name under `locales/`, and the `--lang` value.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Chinese => "zh",
        }
    }

    /// Reads a language tag as people and systems write it: `zh`, `zh-CN`,
    /// `zh_CN.UTF-8`, `en_US`, `C`. `None` for a language without a catalogue.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Language::Chinese),
            "en" | "c" | "posix" => Some(Language::English),
            _ => None,
        }
    }

    /// The language of the environment by POSIX precedence: the first of
    /// `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not empty decides;
    /// a language without a catalogue reads English.
    pub fn from_environment() -> Language {
        Self::from_variables(|name| std::env::var(name).ok())
    }

    /// [`Language::from_environment`] over any source of variables, for tests.
    pub fn from_variables(variable: impl Fn(&str) -> Option<String>) -> Language {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(variable)
            .find(|value| !value.is_empty())
            .and_then(|value| Language::from_tag(&value))
            .unwrap_or_default()
    }

    fn index(self) -> usize {
        match self {
            Language::English => 0,
            Language::Chinese => 1,
        }
    }
}

/// A value given to a message: text is inserted as it is; a count also
/// chooses the plural form where the language has one (`1 error`, `2 errors`).
#[derive(Clone, Debug)]
pub enum Argument {
    /// Inserted as written: names, paths, numbers already formatted.
    Text(String),
    /// A whole number that selects a plural variant.
    Count(u64),
}

impl From<String> for Argument {
    fn from(text: String) -> Self {
        Argument::Text(text)
    }
}

impl From<&String> for Argument {
    fn from(text: &String) -> Self {
        Argument::Text(text.clone())
    }
}

impl From<&str> for Argument {
    fn from(text: &str) -> Self {
        Argument::Text(text.to_owned())
    }
}

impl From<usize> for Argument {
    fn from(count: usize) -> Self {
        Argument::Count(count as u64)
    }
}

impl From<u64> for Argument {
    fn from(count: u64) -> Self {
        Argument::Count(count)
    }
}

impl From<u32> for Argument {
    fn from(count: u32) -> Self {
        Argument::Count(u64::from(count))
    }
}

/// The catalogue files, by area; each exists in every language.
pub const AREAS: [&str; 9] = [
    "cli",
    "facts",
    "workbook",
    "evaluation",
    "reports",
    "explain",
    "rulebook",
    "policy",
    "analysis",
];

macro_rules! catalogue {
    ($tag:literal) => {
        [
            include_str!(concat!("../locales/", $tag, "/cli.ftl")),
            include_str!(concat!("../locales/", $tag, "/facts.ftl")),
            include_str!(concat!("../locales/", $tag, "/workbook.ftl")),
            include_str!(concat!("../locales/", $tag, "/evaluation.ftl")),
            include_str!(concat!("../locales/", $tag, "/reports.ftl")),
            include_str!(concat!("../locales/", $tag, "/explain.ftl")),
            include_str!(concat!("../locales/", $tag, "/rulebook.ftl")),
            include_str!(concat!("../locales/", $tag, "/policy.ftl")),
            include_str!(concat!("../locales/", $tag, "/analysis.ftl")),
        ]
    };
}

/// The catalogue text of one language, area by area (in [`AREAS`] order).
pub fn catalogue_sources(language: Language) -> [&'static str; 9] {
    match language {
        Language::English => catalogue!("en"),
        Language::Chinese => catalogue!("zh"),
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| Language::ALL.map(bundle))
}

fn bundle(language: Language) -> Bundle {
    let identifier = language
        .tag()
        .parse()
        .expect("the catalogue tags are valid language identifiers");
    let mut bundle = FluentBundle::new_concurrent(vec![identifier]);
    // Unicode isolation marks would end up inside file names, CSV cells and
    // JSON; every argument here is left-to-right text.
    bundle.set_use_isolating(false);
    for source in catalogue_sources(language) {
        // A syntax error keeps the entries that did parse; the catalogue
        // test makes sure there are none.
        let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// Whether `language`'s own catalogue defines the message `id`.
pub fn defines(language: Language, id: &str) -> bool {
    bundles()[language.index()].has_message(id)
}

/// The message `id` in `language`, with its arguments put in.
pub fn text(language: Language, id: &str, arguments: &[(&str, Argument)]) -> String {
    let mut fluent_arguments = FluentArgs::new();
    for (name, value) in arguments {
        let value = match value {
            Argument::Text(text) => FluentValue::from(text.clone()),
            Argument::Count(count) => FluentValue::from(*count),
        };
        fluent_arguments.set(*name, value);
    }
    for candidate in [language, Language::English] {
        let bundle = &bundles()[candidate.index()];
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, Some(&fluent_arguments), &mut errors)
                .into_owned();
        }
    }
    id.to_owned()
}

/// The message `id` in a language, with named arguments:
/// `tr!(language, "cli-errors-and-warnings", source = name, errors = 2usize,
/// warnings = 0usize)`.
#[macro_export]
macro_rules! tr {
    ($language:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::text(
            $language,
            $id,
            &[$((stringify!($name), $crate::messages::Argument::from($value))),*],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_as_people_write_them() {
        for tag in ["zh", "zh_CN.UTF-8", "zh-Hans-CN", "ZH_tw"] {
            assert_eq!(Language::from_tag(tag), Some(Language::Chinese), "{tag}");
        }
        for tag in ["en", "en_US.UTF-8", "C", "POSIX", "C.UTF-8"] {
            assert_eq!(Language::from_tag(tag), Some(Language::English), "{tag}");
        }
        assert_eq!(Language::from_tag("fr_FR.UTF-8"), None);
    }

    #[test]
    fn the_environment_decides_by_posix_precedence() {
        let environment = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        let chinese = Language::from_variables(environment(&[("LANG", "zh_CN.UTF-8")]));
        assert_eq!(chinese, Language::Chinese);
        let overridden = Language::from_variables(environment(&[
            ("LC_ALL", "en_US.UTF-8"),
            ("LANG", "zh_CN.UTF-8"),
        ]));
        assert_eq!(overridden, Language::English);
        // An empty variable is unset, as POSIX says.
        let empty =
            Language::from_variables(environment(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_CN")]));
        assert_eq!(empty, Language::Chinese);
        assert_eq!(Language::from_variables(|_| None), Language::English);
        let unknown = Language::from_variables(environment(&[("LANG", "de_DE.UTF-8")]));
        assert_eq!(unknown, Language::English);
    }

    #[test]
    fn a_count_chooses_the_english_plural_and_text_goes_in_as_written() {
        let one = text(
            Language::English,
            "cli-errors-and-warnings",
            &[
                ("source", "a.kp".into()),
                ("errors", 1usize.into()),
                ("warnings", 2usize.into()),
            ],
        );
        assert_eq!(one, "a.kp: 1 error, 2 warnings");
        let chinese = tr!(
            Language::Chinese,
            "cli-errors-and-warnings",
            source = "a.kp",
            errors = 1usize,
            warnings = 0usize
        );
        assert_eq!(chinese, "a.kp：1 个错误，0 个警告");
    }

    #[test]
    fn an_unknown_message_shows_its_id() {
        assert_eq!(
            text(Language::Chinese, "no-such-message", &[]),
            "no-such-message"
        );
        assert!(!defines(Language::English, "no-such-message"));
        assert!(defines(Language::Chinese, "cli-errors-and-warnings"));
    }

    #[test]
    fn each_language_reads_back_from_its_own_tag() {
        assert_eq!(Language::Chinese.tag(), "zh");
        assert_eq!(Language::English.tag(), "en");
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
        }
    }
}
