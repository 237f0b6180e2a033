//! Syntax trees → the effective syntax tree of a policy that `extends` others.
//!
//! A child policy is its parent's declarations with the child's `override`s
//! put in place of what they replace, its `remove`s dropped and its other
//! declarations after the parent's; a grandparent is merged into the parent
//! first. The checker then checks the result as one policy, so every rule
//! about names, types and sums holds across the chain, and its problems point
//! into whichever file the offending text is in.
//!
//! Every file of a chain is parsed into one offset space: the loaded file
//! starts at 0 and each ancestor after the one before (see [`SourceFile`]),
//! so spans from different files never collide.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::ast::{Declaration, Header, Indicator, Name, Override, PolicyFile, Removal, Span};
use crate::diagnostic::{did_you_mean, Problem, SourceFile};
use crate::policy::Ancestor;
use crate::syntax;

/// How long a chain of `extends` may be. Real chains are a year or two long;
/// the bound only stops a runaway chain of generated files.
const MAX_CHAIN: usize = 16;

/// Reads the text of a policy file that another extends.
pub type ReadPolicy<'a> = &'a dyn Fn(&Path) -> std::io::Result<String>;

/// Why a policy file was not read: it lies outside the folder tree the
/// caller allowed. Carried inside the `std::io::Error` a reader returns, so
/// that [`ReadPolicy`] keeps its signature and the problem still says which.
#[derive(Debug)]
pub struct OutsideRoot {
    /// The folder tree that may be read.
    pub root: PathBuf,
}

impl std::fmt::Display for OutsideRoot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "outside `{}`", self.root.display())
    }
}

impl std::error::Error for OutsideRoot {}

/// Reads `path` if, with every symbolic link followed, it lies inside `root`.
pub fn read_inside(root: &Path, path: &Path) -> std::io::Result<String> {
    let root = std::fs::canonicalize(root)?;
    let target = std::fs::canonicalize(path)?;
    if !target.starts_with(&root) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            OutsideRoot { root },
        ));
    }
    std::fs::read_to_string(target)
}

/// Refuses a path that climbs above the folder the policies are named from
/// (`../x.kp` once `.` and `..` are resolved), or starts at a root (an
/// absolute source name makes every parent absolute): a program's reader
/// joins the path to its own root, and such a path would leave it.
pub fn refuse_climbing(path: &Path) -> std::io::Result<()> {
    let leaves = matches!(
        path.components().next(),
        Some(Component::ParentDir | Component::RootDir | Component::Prefix(_))
    );
    if leaves {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            OutsideRoot {
                root: PathBuf::from("."),
            },
        ));
    }
    Ok(())
}

/// A policy with everything it inherits merged in.
#[derive(Debug)]
pub struct Inherited {
    /// The effective syntax tree, which the checker checks; `None` when an
    /// ancestor could not be read or parsed.
    pub file: Option<PolicyFile>,
    /// The policies extended, nearest first.
    pub ancestors: Vec<Ancestor>,
    /// The text of every ancestor read, a syntax error's file included, for
    /// problems to render against.
    pub sources: Vec<SourceFile>,
    /// Problems with the chain or with an override or removal.
    pub problems: Vec<Problem>,
}

/// Merges the chain of policies `file` extends, reading each with `read`
/// at its path relative to the file that names it. A problem with an override
/// still leaves a tree to check, so that the checker can report more.
pub fn resolve(
    file: PolicyFile,
    source_name: &str,
    source: &str,
    read: ReadPolicy<'_>,
) -> Inherited {
    let mut inherited = Inherited {
        file: None,
        ancestors: Vec::new(),
        sources: Vec::new(),
        problems: Vec::new(),
    };
    let mut parents: Vec<PolicyFile> = Vec::new();
    let mut visited = vec![normalize(Path::new(source_name))];
    let mut next_offset = source.len() + 1;
    let mut extends = file.header.extends.clone();
    while let Some((path, span)) = extends.take() {
        let child = visited.last().cloned().unwrap_or_default();
        let parent_path = normalize(&child.parent().unwrap_or(Path::new("")).join(&path));
        let problem = if let Some(problem) = unreadable_by_rule(&path, span) {
            Some(problem)
        } else if visited.contains(&parent_path) {
            Some(
                Problem::error(
                    "kaoping::extends::cycle",
                    format!(
                        "`{}` extends itself through `{}`",
                        parent_path.display(),
                        child.display()
                    ),
                    span,
                )
                .with_label("this closes the cycle")
                .with_help("a policy may extend only earlier policies, never one that extends it"),
            )
        } else if parents.len() == MAX_CHAIN {
            Some(
                Problem::error(
                    "kaoping::extends::too_long",
                    format!("the chain of `extends` is longer than {MAX_CHAIN} policies"),
                    span,
                )
                .with_help(
                    "extend a policy nearer the root, or merge part of the chain into one file",
                ),
            )
        } else {
            None
        };
        if let Some(problem) = problem {
            inherited.problems.push(problem);
            return inherited;
        }
        let text = match read(&parent_path) {
            Ok(text) => text,
            Err(error) => {
                inherited
                    .problems
                    .push(unreadable(&error, &parent_path, &child, span));
                return inherited;
            }
        };
        if !begins_like_a_policy(&text) {
            // Whatever the file is, its content is not shown: a path that
            // reached a secret by mistake must not print it.
            inherited.problems.push(
                Problem::error(
                    "kaoping::extends::not_a_policy",
                    format!(
                        "`{}` is not a kaoping policy: it does not begin with `policy NAME {{`",
                        parent_path.display()
                    ),
                    span,
                )
                .with_label("the policy to extend")
                .with_help("`extends` names the `.kp` file of the policy this one builds on"),
            );
            return inherited;
        }
        let source_file = SourceFile {
            name: parent_path.display().to_string(),
            text: Arc::from(text.as_str()),
            offset: next_offset,
        };
        next_offset += text.len() + 1;
        inherited.sources.push(source_file.clone());
        let parent = match syntax::parse_at(&text, source_file.offset) {
            Ok(parent) => parent,
            Err(problem) => {
                inherited.problems.push(*problem);
                return inherited;
            }
        };
        inherited.ancestors.push(Ancestor {
            id: parent.header.id.text.clone(),
            version: parent.header.version.clone(),
            effective: parent
                .header
                .effective
                .as_ref()
                .map(|(date, _)| date.clone()),
            source_name: source_file.name,
        });
        extends = parent.header.extends.clone();
        visited.push(parent_path);
        parents.push(parent);
    }

    // Merge from the root down: each parent is complete before its child
    // overrides anything in it.
    let mut merged: Option<PolicyFile> = None;
    for parent in parents.into_iter().rev() {
        merged = Some(match merged {
            None => parent,
            Some(grandparent) => merge(grandparent, parent, &mut inherited.problems),
        });
    }
    inherited.file = Some(match merged {
        None => file,
        Some(parent) => merge(parent, file, &mut inherited.problems),
    });
    inherited
}

/// The rules an `extends` path must keep before anything is read: a relative
/// path to a `.kp` file. An absolute path would make the policy depend on
/// one machine's folders, and any other file is not a policy.
fn unreadable_by_rule(path: &str, span: Span) -> Option<Problem> {
    let written = Path::new(path);
    // `/x`, `C:\x`, `C:x` and `\\server\x` all start outside this file's folder.
    let absolute = matches!(
        written.components().next(),
        Some(Component::RootDir | Component::Prefix(_))
    );
    if absolute {
        return Some(
            Problem::error(
                "kaoping::extends::absolute_path",
                format!("`{path}` is an absolute path"),
                span,
            )
            .with_label("the policy to extend")
            .with_help(
                "name the parent policy relative to this file's folder, e.g. `../jiangxi-2019/collective.kp`",
            ),
        );
    }
    let is_policy = written
        .extension()
        .is_some_and(|extension| extension == "kp");
    if !is_policy {
        return Some(
            Problem::error(
                "kaoping::extends::not_a_policy",
                format!("`{path}` is not a policy file: policies end in `.kp`"),
                span,
            )
            .with_label("the policy to extend")
            .with_help("`extends` names the `.kp` file of the policy this one builds on"),
        );
    }
    None
}

/// The problem for a parent that could not be read, saying whether it was
/// missing, unreadable, or outside the folders kaoping may read.
fn unreadable(error: &std::io::Error, parent_path: &Path, child: &Path, span: Span) -> Problem {
    let outside = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<OutsideRoot>());
    match outside {
        Some(OutsideRoot { root }) => Problem::error(
            "kaoping::extends::outside_root",
            format!(
                "`{}` is outside the folder kaoping may read policies from (`{}`)",
                parent_path.display(),
                root.display()
            ),
            span,
        )
        .with_label("the policy to extend")
        .with_help(
            "keep the policies of a chain in one folder tree and run kaoping from its top, \
             or widen the tree with `--root DIR`",
        ),
        None => Problem::error(
            "kaoping::extends::unreadable",
            format!("cannot read `{}`: {error}", parent_path.display()),
            span,
        )
        .with_label("the policy to extend")
        .with_help(format!(
            "the path is relative to the folder of `{}`",
            child.display()
        )),
    }
}

/// Whether `text` opens as a policy does: `policy` after any blank space and
/// comments. Decided without the grammar so that the verdict on a file that
/// is no policy at all never quotes it.
fn begins_like_a_policy(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(['\u{FEFF}', '\u{3000}', ' ', '\t', '\r', '\n']);
        if let Some(comment) = rest.strip_prefix("//") {
            rest = comment.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(comment) = rest.strip_prefix("/*") {
            match comment.split_once("*/") {
                Some((_, after)) => rest = after,
                None => return false,
            }
        } else {
            break;
        }
    }
    rest.strip_prefix("policy")
        .is_some_and(|after| after.starts_with(char::is_whitespace))
}

/// Resolves `.` and `..` without touching the file system, so that the same
/// file reached by two spellings is recognised, and paths stay as readable as
/// the author wrote them.
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let can_pop = matches!(normal.components().next_back(), Some(Component::Normal(_)));
                if can_pop {
                    normal.pop();
                } else {
                    normal.push("..");
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

/// What an override or removal names, for reporting two that name one thing.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Parameter(String),
    Indicator(String),
    Record(String),
    Item(String, String),
    Rank,
    Group,
}

impl Target {
    fn describe(&self) -> String {
        match self {
            Target::Parameter(name) => format!("parameter `{name}`"),
            Target::Indicator(name) => format!("indicator `{name}`"),
            Target::Record(name) => format!("record `{name}`"),
            Target::Item(indicator, item) => format!("item `{indicator}.{item}`"),
            Target::Rank => "`rank by`".into(),
            Target::Group => "`group by`".into(),
        }
    }
}

/// The parent's declarations with the child's changes applied, under the
/// child's header.
fn merge(parent: PolicyFile, child: PolicyFile, problems: &mut Vec<Problem>) -> PolicyFile {
    let mut merger = Merger {
        parent_id: parent.header.id.clone(),
        declarations: parent.declarations,
        changed: BTreeMap::new(),
        problems,
    };
    let mut added = Vec::new();
    for declaration in child.declarations {
        match declaration {
            Declaration::Override(replacement) => merger.replace(replacement, &mut added),
            Declaration::Remove(removal) => merger.remove(removal),
            Declaration::Input(fields, span) => match merger.input_fields() {
                // A later year may ask the facts for more; it cannot take
                // fields away, because rules it inherits may read them.
                Some(inherited_fields) => inherited_fields.extend(fields),
                None => added.push(Declaration::Input(fields, span)),
            },
            other => {
                if merger.redeclares(&other) {
                    continue;
                }
                added.push(other);
            }
        }
    }
    let mut declarations = merger.declarations;
    declarations.extend(added);
    PolicyFile {
        header: merge_header(parent.header, child.header),
        declarations,
    }
}

/// The child's header; what it leaves out of the title, source, total and
/// rounding is inherited. The version and effective date are never inherited:
/// they say which edition of the rules this file is.
fn merge_header(parent: Header, child: Header) -> Header {
    Header {
        title: child.title.or(parent.title),
        source: child.source.or(parent.source),
        total: child.total.or(parent.total),
        rounding: child.rounding.or(parent.rounding),
        ..child
    }
}

struct Merger<'a> {
    parent_id: Name,
    declarations: Vec<Declaration>,
    /// What this child already overrode or removed, and where.
    changed: BTreeMap<Target, Span>,
    problems: &'a mut Vec<Problem>,
}

impl Merger<'_> {
    fn input_fields(&mut self) -> Option<&mut Vec<crate::ast::FieldDeclaration>> {
        self.declarations.iter_mut().find_map(|d| match d {
            Declaration::Input(fields, _) => Some(fields),
            _ => None,
        })
    }

    /// Whether the declaration names something the parent already declares;
    /// reports it, since only `override` may replace it.
    fn redeclares(&mut self, declaration: &Declaration) -> bool {
        let (kind, name, span, keyword) = match declaration {
            Declaration::Parameter(parameter) => (
                "parameter",
                Some(parameter.name.text.as_str()),
                parameter.name.span,
                format!("override param {} = …", parameter.name.text),
            ),
            Declaration::Indicator(indicator) => (
                "indicator",
                Some(indicator.name.text.as_str()),
                indicator.name.span,
                format!("override indicator {} …", indicator.name.text),
            ),
            Declaration::Record(record) => (
                "record",
                Some(record.name.text.as_str()),
                record.name.span,
                format!("override record {} {{ … }}", record.name.text),
            ),
            Declaration::Rank(rank) => ("rank", None, rank.span, "override rank by …".into()),
            Declaration::Group(group) => ("group", None, group.span, "override group by …".into()),
            _ => return false,
        };
        let Some(inherited) = self.find(kind, name) else {
            return false;
        };
        let what = match name {
            Some(name) => format!("{kind} `{name}`"),
            None => format!("`{kind} by`"),
        };
        let problem = Problem::error(
            "kaoping::extends::redeclared",
            format!("{what} is already declared by `{}`", self.parent_id.text),
            span,
        )
        .with_label("declared again here")
        .with_related(inherited, "inherited from here")
        .with_help(format!("write `{keyword}` to replace the inherited one"));
        self.problems.push(problem);
        true
    }

    /// The span of the parent's declaration of that kind and name.
    fn find(&self, kind: &str, name: Option<&str>) -> Option<Span> {
        self.position(kind, name)
            .map(|index| declaration_name_span(&self.declarations[index]))
    }

    fn position(&self, kind: &str, name: Option<&str>) -> Option<usize> {
        self.declarations.iter().position(|d| match (kind, d) {
            ("parameter", Declaration::Parameter(p)) => Some(p.name.text.as_str()) == name,
            ("indicator", Declaration::Indicator(i)) => Some(i.name.text.as_str()) == name,
            ("record", Declaration::Record(r)) => Some(r.name.text.as_str()) == name,
            ("rank", Declaration::Rank(_)) | ("group", Declaration::Group(_)) => true,
            _ => false,
        })
    }

    /// Records that this child changes `target` at `span`; reports a second
    /// change of the same thing, which would silently undo the first.
    fn claim(&mut self, target: Target, span: Span) -> bool {
        if let Some(first) = self.changed.get(&target) {
            let problem = Problem::error(
                "kaoping::extends::changed_twice",
                format!("{} is overridden or removed twice", target.describe()),
                span,
            )
            .with_related(*first, "first changed here")
            .with_help("keep one of the two");
            self.problems.push(problem);
            return false;
        }
        self.changed.insert(target, span);
        true
    }

    fn names(&self, kind: &str) -> Vec<String> {
        self.declarations
            .iter()
            .filter_map(|d| match (kind, d) {
                ("parameter", Declaration::Parameter(p)) => Some(p.name.text.clone()),
                ("indicator", Declaration::Indicator(i)) => Some(i.name.text.clone()),
                ("record", Declaration::Record(r)) => Some(r.name.text.clone()),
                _ => None,
            })
            .collect()
    }

    /// Reports that the parent has no `what`, pointing at the child's
    /// override and at the parent it was looked for in.
    fn missing(&mut self, what: String, span: Span, suggestion: Option<String>, help: &str) {
        let problem = Problem::error(
            "kaoping::extends::nothing_to_override",
            format!("`{}` declares no {what}", self.parent_id.text),
            span,
        )
        .with_label("not in the policy extended")
        .with_related(self.parent_id.span, "the policy extended")
        .with_help(suggestion.unwrap_or_else(|| help.to_string()));
        self.problems.push(problem);
    }

    fn replace(&mut self, replacement: Override, added: &mut Vec<Declaration>) {
        match replacement {
            Override::Parameter(mut parameter) => {
                let name = parameter.name.text.clone();
                if !self.claim(Target::Parameter(name.clone()), parameter.name.span) {
                    return;
                }
                match self.position("parameter", Some(&name)) {
                    Some(index) => {
                        if let Declaration::Parameter(inherited) = &self.declarations[index] {
                            parameter.label = parameter.label.or(inherited.label.clone());
                        }
                        self.declarations[index] = Declaration::Parameter(parameter);
                    }
                    None => {
                        let suggestion =
                            did_you_mean(&name, self.names("parameter").iter().map(String::as_str));
                        self.missing(
                            format!("parameter `{name}`"),
                            parameter.name.span,
                            suggestion,
                            "declare a new parameter with `param`, without `override`",
                        );
                        // Kept as a new parameter, so that the rules using it
                        // do not also report an unknown name.
                        added.push(Declaration::Parameter(parameter));
                    }
                }
            }
            Override::Indicator(indicator) => {
                let (name, span) = (indicator.name.text.clone(), indicator.name.span);
                self.replace_in_place(
                    Target::Indicator(name.clone()),
                    ("indicator", Some(&name)),
                    span,
                    Declaration::Indicator(indicator),
                );
            }
            Override::Item { indicator, item } => {
                let target = Target::Item(indicator.text.clone(), item.name.text.clone());
                if !self.claim(target, item.name.span) {
                    return;
                }
                if let Some(items) = self.items_of(&indicator) {
                    match items.iter().position(|i| i.name.text == item.name.text) {
                        Some(index) => items[index] = item,
                        None => {
                            let suggestion = did_you_mean(
                                &item.name.text,
                                items.iter().map(|i| i.name.text.as_str()),
                            );
                            self.missing(
                                format!("item `{}` in indicator `{}`", item.name.text, indicator.text),
                                item.name.span,
                                suggestion,
                                "items can only be replaced, not added, by `override item`; override the whole indicator to add one",
                            );
                        }
                    }
                }
            }
            Override::Record(record) => {
                let (name, span) = (record.name.text.clone(), record.name.span);
                self.replace_in_place(
                    Target::Record(name.clone()),
                    ("record", Some(&name)),
                    span,
                    Declaration::Record(record),
                );
            }
            Override::Rank(rank) => {
                let span = rank.span;
                self.replace_in_place(Target::Rank, ("rank", None), span, Declaration::Rank(rank));
            }
            Override::Group(group) => {
                let span = group.span;
                self.replace_in_place(
                    Target::Group,
                    ("group", None),
                    span,
                    Declaration::Group(group),
                );
            }
        }
    }

    /// Puts `replacement` where the parent declares that kind and name, or
    /// reports the override when the parent declares none.
    fn replace_in_place(
        &mut self,
        target: Target,
        (kind, name): (&str, Option<&str>),
        span: Span,
        replacement: Declaration,
    ) {
        if !self.claim(target, span) {
            return;
        }
        if let Some(index) = self.position(kind, name) {
            self.declarations[index] = replacement;
            return;
        }
        let (what, suggestion, help) = match name {
            Some(name) => (
                format!("{kind} `{name}`"),
                did_you_mean(name, self.names(kind).iter().map(String::as_str)),
                format!("declare a new {kind} with `{kind}`, without `override`"),
            ),
            None => (
                format!("`{kind} by`"),
                None,
                format!("declare it with `{kind} by`, without `override`"),
            ),
        };
        self.missing(what, span, suggestion, &help);
    }

    /// The items of the inherited indicator, or `None` after reporting that
    /// there is no such indicator.
    fn items_of(&mut self, indicator: &Name) -> Option<&mut Vec<Indicator>> {
        let Some(index) = self.position("indicator", Some(&indicator.text)) else {
            let suggestion = did_you_mean(
                &indicator.text,
                self.names("indicator").iter().map(String::as_str),
            );
            self.missing(
                format!("indicator `{}`", indicator.text),
                indicator.span,
                suggestion,
                "name an indicator of the policy extended",
            );
            return None;
        };
        match &mut self.declarations[index] {
            Declaration::Indicator(found) => Some(&mut found.body.items),
            _ => None,
        }
    }

    fn remove(&mut self, removal: Removal) {
        let Removal {
            indicator, item, ..
        } = removal;
        match item {
            None => {
                if !self.claim(Target::Indicator(indicator.text.clone()), indicator.span) {
                    return;
                }
                match self.position("indicator", Some(&indicator.text)) {
                    Some(index) => {
                        self.declarations.remove(index);
                    }
                    None => {
                        let suggestion = did_you_mean(
                            &indicator.text,
                            self.names("indicator").iter().map(String::as_str),
                        );
                        self.missing(
                            format!("indicator `{}`", indicator.text),
                            indicator.span,
                            suggestion,
                            "name an indicator of the policy extended",
                        );
                    }
                }
            }
            Some(item) => {
                let target = Target::Item(indicator.text.clone(), item.text.clone());
                if !self.claim(target, item.span) {
                    return;
                }
                if let Some(items) = self.items_of(&indicator) {
                    match items.iter().position(|i| i.name.text == item.text) {
                        Some(index) => {
                            items.remove(index);
                        }
                        None => {
                            let suggestion = did_you_mean(
                                &item.text,
                                items.iter().map(|i| i.name.text.as_str()),
                            );
                            self.missing(
                                format!("item `{}` in indicator `{}`", item.text, indicator.text),
                                item.span,
                                suggestion,
                                "name an item of that indicator",
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Where an inherited declaration names what it declares, for pointing at it.
fn declaration_name_span(declaration: &Declaration) -> Span {
    match declaration {
        Declaration::Parameter(parameter) => parameter.name.span,
        Declaration::Indicator(indicator) => indicator.name.span,
        Declaration::Record(record) => record.name.span,
        Declaration::Rank(rank) => rank.span,
        Declaration::Group(group) => group.span,
        _ => Span::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use std::path::Path;

    #[test]
    fn normalize_resolves_parent_folders_lexically() {
        assert_eq!(
            normalize(Path::new(
                "examples/what-if/../../policies/jiangxi-2019/collective.kp"
            )),
            Path::new("policies/jiangxi-2019/collective.kp")
        );
        assert_eq!(normalize(Path::new("../a/./b.kp")), Path::new("../a/b.kp"));
        assert_eq!(normalize(Path::new("/x/../y.kp")), Path::new("/y.kp"));
    }
}
