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

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::ast::{
    Declaration, Header, Indicator, Name, Override, PolicyFile, RecordDeclaration, Removal,
    Removed, Span,
};
use crate::diagnostic::{did_you_mean, Problem, SourceFile};
use crate::outcome::AdjustmentKind;
use crate::policy::Ancestor;
use crate::syntax;

mod attribution;
pub use attribution::{attribute, Affects, Change};

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
    /// What each `override` and `remove` changed in the policy it extends,
    /// for [`attribute`] to point problems they cause back at them.
    pub changes: Vec<Change>,
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
        changes: Vec::new(),
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
            Err(problems) => {
                inherited.problems.extend(problems);
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
            Some(grandparent) => merge(
                grandparent,
                parent,
                &mut inherited.problems,
                &mut inherited.changes,
            ),
        });
    }
    if let (Some(parent), Some((path, extends_span))) = (&merged, &file.header.extends) {
        inherited.problems.extend(inherited_title(
            &file.header,
            &parent.header,
            path,
            *extends_span,
        ));
    }
    inherited.file = Some(match merged {
        None => file,
        Some(parent) => merge(
            parent,
            file,
            &mut inherited.problems,
            &mut inherited.changes,
        ),
    });
    inherited
}

/// A warning when the child leaves out the title that its parent gives:
/// its reports would carry last year's title, and cite last year's source
/// when that is left out too, without anyone having written that. A child
/// with a title of its own may well keep the source: a what-if or an
/// amendment of the same document cites that document.
fn inherited_title(
    child: &Header,
    parent: &Header,
    parent_name: &str,
    at: Span,
) -> Option<Problem> {
    // A 2020 policy whose reports still carry 2019's name or document: each
    // field the child leaves to its parent is named, with what to write.
    let mut inherited = Vec::new();
    let mut fields = Vec::new();
    if let (None, Some(title)) = (&child.title, &parent.title) {
        inherited.push(format!("the title “{title}”"));
        fields.push("title \"…\"");
    }
    if let (None, Some(source)) = (&child.source, &parent.source) {
        inherited.push(format!("the source “{source}”"));
        fields.push("source \"…\"");
    }
    if inherited.is_empty() {
        return None;
    }
    Some(
        Problem::warning(
            "kaoping::extends::inherited_title",
            format!(
                "this policy inherits {} of `{parent_name}`: its reports would say so",
                inherited.join(" and ")
            ),
            at,
        )
        .with_label("the policy extended")
        .with_help(format!(
            "give this policy its own `{}` in its header, after `extends`",
            fields.join("` and `")
        )),
    )
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
/// `.` and `..` resolved without the file system (a file named may not
/// exist yet, or be an editor's unsaved text).
pub(crate) fn normalize(path: &Path) -> PathBuf {
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
    /// The indicator, then each item down to the one changed.
    Item(Vec<String>),
    Rank,
    Group,
    Grades,
    /// `bonus` or `deduction`, and the name: the two kinds share names.
    Adjustment(&'static str, String),
}

impl Target {
    fn describe(&self) -> String {
        match self {
            Target::Parameter(name) => format!("parameter `{name}`"),
            Target::Indicator(name) => format!("indicator `{name}`"),
            Target::Record(name) => format!("record `{name}`"),
            Target::Item(path) => format!("item `{}`", path.join(".")),
            Target::Rank => "`rank by`".into(),
            Target::Group => "`group by`".into(),
            Target::Grades => "`grades`".into(),
            Target::Adjustment(kind, name) => format!("{kind} `{name}`"),
        }
    }

    /// The indicator and items down to this one, for an indicator or item.
    fn path(&self) -> Option<&[String]> {
        match self {
            Target::Indicator(name) => Some(std::slice::from_ref(name)),
            Target::Item(path) => Some(path),
            _ => None,
        }
    }

    /// Whether changing both would change one thing twice: the same thing,
    /// or an item inside an indicator or item that the other changes whole.
    fn overlaps(&self, other: &Target) -> bool {
        match (self, other) {
            (Target::Adjustment(_, a), Target::Adjustment(_, b)) => a == b,
            _ => match (self.path(), other.path()) {
                (Some(a), Some(b)) => a.starts_with(b) || b.starts_with(a),
                _ => self == other,
            },
        }
    }
}

fn kind_word(kind: AdjustmentKind) -> &'static str {
    match kind {
        AdjustmentKind::Bonus => "bonus",
        AdjustmentKind::Deduction => "deduction",
    }
}

/// `a.b.c` as written.
fn dotted(path: &[Name]) -> String {
    let names: Vec<&str> = path.iter().map(|name| name.text.as_str()).collect();
    names.join(".")
}

/// The parent's declarations with the child's changes applied, under the
/// child's header.
fn merge(
    parent: PolicyFile,
    child: PolicyFile,
    problems: &mut Vec<Problem>,
    changes: &mut Vec<Change>,
) -> PolicyFile {
    let mut merger = Merger {
        parent_id: parent.header.id.clone(),
        declarations: parent.declarations,
        changed: Vec::new(),
        problems,
        changes,
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

/// The child's header; what it leaves out of the title, source, total,
/// rounding and final bounds is inherited. The version and effective date are
/// never inherited: they say which edition of the rules this file is.
fn merge_header(parent: Header, child: Header) -> Header {
    Header {
        title: child.title.or(parent.title),
        source: child.source.or(parent.source),
        total: child.total.or(parent.total),
        rounding: child.rounding.or(parent.rounding),
        final_at_least: child.final_at_least.or(parent.final_at_least),
        final_at_most: child.final_at_most.or(parent.final_at_most),
        ..child
    }
}

/// A kind of declaration that a child may replace, as `Merger` looks it up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Parameter,
    Indicator,
    Record,
    Rank,
    Group,
    Grades,
    /// A `bonus` or `deduction` block, of either kind.
    Adjustment,
}

/// Why an item path leads nowhere: what is missing, where, and a suggestion.
struct Missing {
    what: String,
    span: Span,
    suggestion: Option<String>,
}

struct Merger<'a> {
    parent_id: Name,
    declarations: Vec<Declaration>,
    /// What this child already overrode or removed, and where.
    changed: Vec<(Target, Span)>,
    problems: &'a mut Vec<Problem>,
    changes: &'a mut Vec<Change>,
}

impl Merger<'_> {
    fn input_fields(&mut self) -> Option<&mut Vec<crate::ast::FieldDeclaration>> {
        self.declarations.iter_mut().find_map(|d| match d {
            Declaration::Input(fields, _) => Some(fields),
            _ => None,
        })
    }

    /// Whether the declaration names something the parent already declares;
    /// reports it, since only `override` may replace it. Rules (findings,
    /// exclusions, grade rules…) have no name and are simply added.
    fn redeclares(&mut self, declaration: &Declaration) -> bool {
        let (kind, name, span) = match declaration {
            Declaration::Parameter(parameter) => (
                Kind::Parameter,
                Some(parameter.name.text.as_str()),
                parameter.name.span,
            ),
            Declaration::Indicator(indicator) => (
                Kind::Indicator,
                Some(indicator.name.text.as_str()),
                indicator.name.span,
            ),
            Declaration::Record(record) => (
                Kind::Record,
                Some(record.name.text.as_str()),
                record.name.span,
            ),
            Declaration::Adjustment(adjustment) => (
                Kind::Adjustment,
                Some(adjustment.name.text.as_str()),
                adjustment.name.span,
            ),
            Declaration::Rank(rank) => (Kind::Rank, None, rank.span),
            Declaration::Group(group) => (Kind::Group, None, group.span),
            Declaration::Grades(grades) => {
                (Kind::Grades, None, keyword_span(grades.span, "grades"))
            }
            _ => return false,
        };
        let Some(index) = self.position(kind, name) else {
            return false;
        };
        let inherited = &self.declarations[index];
        let (what, keyword) = match inherited {
            Declaration::Parameter(p) => (
                format!("parameter `{}`", p.name.text),
                format!("override param {} = …", p.name.text),
            ),
            Declaration::Indicator(i) => (
                format!("indicator `{}`", i.name.text),
                format!("override indicator {} …", i.name.text),
            ),
            Declaration::Record(r) => (
                format!("record `{}`", r.name.text),
                format!("override record {} {{ … }}", r.name.text),
            ),
            Declaration::Adjustment(a) => (
                format!("{} `{}`", kind_word(a.kind), a.name.text),
                format!("override {} {} …", kind_word(a.kind), a.name.text),
            ),
            Declaration::Rank(_) => ("`rank by`".into(), "override rank by …".into()),
            Declaration::Group(_) => ("`group by`".into(), "override group by …".into()),
            Declaration::Grades(_) => ("`grades`".into(), "override grades { … }".into()),
            _ => return false,
        };
        let problem = Problem::error(
            "kaoping::extends::redeclared",
            format!("{what} is already declared by `{}`", self.parent_id.text),
            span,
        )
        .with_label("declared again here")
        .with_related(declaration_name_span(inherited), "inherited from here")
        .with_help(match inherited {
            Declaration::Record(r) => format!(
                "write `extend record {} {{ … }}` with only the new fields to add some, \
                 or `{keyword}` to replace the inherited one",
                r.name.text
            ),
            _ => format!("write `{keyword}` to replace the inherited one"),
        });
        self.problems.push(problem);
        true
    }

    fn position(&self, kind: Kind, name: Option<&str>) -> Option<usize> {
        self.declarations.iter().position(|d| match (kind, d) {
            (Kind::Parameter, Declaration::Parameter(p)) => Some(p.name.text.as_str()) == name,
            (Kind::Indicator, Declaration::Indicator(i)) => Some(i.name.text.as_str()) == name,
            (Kind::Record, Declaration::Record(r)) => Some(r.name.text.as_str()) == name,
            (Kind::Adjustment, Declaration::Adjustment(a)) => Some(a.name.text.as_str()) == name,
            (Kind::Rank, Declaration::Rank(_))
            | (Kind::Group, Declaration::Group(_))
            | (Kind::Grades, Declaration::Grades(_)) => true,
            _ => false,
        })
    }

    /// Records that this child changes `target` at `span`; reports a second
    /// change of the same thing, or of an item inside an indicator or item
    /// already changed whole, which would silently undo or confuse the first.
    fn claim(&mut self, target: Target, span: Span) -> bool {
        if let Some((first, first_span)) = self
            .changed
            .iter()
            .find(|(changed, _)| changed.overlaps(&target))
        {
            let message = if *first == target || matches!(target, Target::Adjustment(..)) {
                format!("{} is overridden or removed twice", target.describe())
            } else if first.path().map_or(0, <[String]>::len)
                < target.path().map_or(0, <[String]>::len)
            {
                format!(
                    "{} is inside {}, which this policy already overrides or removes",
                    target.describe(),
                    first.describe()
                )
            } else {
                format!(
                    "{} holds {}, which this policy already overrides or removes",
                    target.describe(),
                    first.describe()
                )
            };
            let problem = Problem::error("kaoping::extends::changed_twice", message, span)
                .with_related(*first_span, "first changed here")
                .with_help("keep one of the two");
            self.problems.push(problem);
            return false;
        }
        self.changed.push((target, span));
        true
    }

    /// Forgets the last claim, whose target turned out not to exist.
    fn unclaim(&mut self) {
        self.changed.pop();
    }

    fn names(&self, kind: Kind) -> Vec<String> {
        self.declarations
            .iter()
            .filter_map(|d| match (kind, d) {
                (Kind::Parameter, Declaration::Parameter(p)) => Some(p.name.text.clone()),
                (Kind::Indicator, Declaration::Indicator(i)) => Some(i.name.text.clone()),
                (Kind::Record, Declaration::Record(r)) => Some(r.name.text.clone()),
                (Kind::Adjustment, Declaration::Adjustment(a)) => Some(a.name.text.clone()),
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
                match self.position(Kind::Parameter, Some(&name)) {
                    Some(index) => {
                        if let Declaration::Parameter(inherited) = &self.declarations[index] {
                            parameter.label = parameter.label.or(inherited.label.clone());
                        }
                        self.changes.push(Change {
                            span: parameter.span,
                            written: format!("override param {name}"),
                            affects: Affects::Uses(name.clone()),
                        });
                        self.declarations[index] = Declaration::Parameter(parameter);
                    }
                    None => {
                        let suggestion = did_you_mean(
                            &name,
                            self.names(Kind::Parameter).iter().map(String::as_str),
                        );
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
                self.replace_named(
                    Target::Indicator(name.clone()),
                    Kind::Indicator,
                    &name,
                    span,
                    Declaration::Indicator(indicator),
                );
            }
            Override::Item { parents, item } => {
                let mut path = parents;
                path.push(item.name.clone());
                let target = Target::Item(path.iter().map(|name| name.text.clone()).collect());
                if !self.claim(target, item.name.span) {
                    return;
                }
                let written = format!("override item {}", dotted(&path));
                let holder = self.holder_span(&path);
                let span = Span::new(path[0].span.start, item.span.end);
                match self.item_at(
                    &path,
                    "items can only be replaced, not added, by `override item`; \
                     override the indicator or item that holds it to add one",
                ) {
                    Some((items, index)) => {
                        items[index] = item;
                        if let Some(holder) = holder {
                            self.changes.push(Change {
                                span,
                                written,
                                affects: Affects::Within(holder, path[0].text.clone()),
                            });
                        }
                    }
                    // What is not there cannot be changed twice: a later
                    // change of the indicator or item around it is no clash.
                    None => self.unclaim(),
                }
            }
            Override::RecordExtension(extension) => self.extend_record(extension),
            Override::Record(record) => {
                let (name, span) = (record.name.text.clone(), record.name.span);
                self.note_dropped_fields(&record);
                self.replace_named(
                    Target::Record(name.clone()),
                    Kind::Record,
                    &name,
                    span,
                    Declaration::Record(record),
                );
            }
            Override::Adjustment(adjustment) => {
                let kind = kind_word(adjustment.kind);
                let (name, span) = (adjustment.name.text.clone(), adjustment.name.span);
                if !self.claim(Target::Adjustment(kind, name.clone()), span) {
                    return;
                }
                if let Some(index) = self.adjustment(adjustment.kind, &adjustment.name, "override")
                {
                    self.declarations[index] = Declaration::Adjustment(adjustment);
                }
            }
            Override::Rank(rank) => {
                let span = rank.span;
                self.replace_single(Target::Rank, Kind::Rank, span, Declaration::Rank(rank));
            }
            Override::Group(group) => {
                let span = group.span;
                self.replace_single(Target::Group, Kind::Group, span, Declaration::Group(group));
            }
            Override::Grades(grades) => {
                let span = keyword_span(grades.span, "grades");
                self.replace_single(
                    Target::Grades,
                    Kind::Grades,
                    span,
                    Declaration::Grades(grades),
                );
            }
        }
    }

    /// `extend record NAME { … }`: the inherited record's fields, then the
    /// new ones. A field it already has is reported, since changing its
    /// type is what `override record` is for.
    fn extend_record(&mut self, extension: RecordDeclaration) {
        let (name, span) = (extension.name.text.clone(), extension.name.span);
        if !self.claim(Target::Record(name.clone()), span) {
            return;
        }
        let Some(index) = self.position(Kind::Record, Some(&name)) else {
            let suggestion =
                did_you_mean(&name, self.names(Kind::Record).iter().map(String::as_str));
            self.missing(
                format!("record `{name}`"),
                span,
                suggestion,
                "declare a new record with `record`, without `extend`",
            );
            return;
        };
        let Declaration::Record(inherited) = &mut self.declarations[index] else {
            return;
        };
        let mut repeated = Vec::new();
        for field in extension.fields {
            match inherited
                .fields
                .iter()
                .find(|own| own.name.text == field.name.text)
            {
                Some(own) => repeated.push((field.name.clone(), own.name.span)),
                None => inherited.fields.push(field),
            }
        }
        if extension.label.is_some() {
            inherited.label = extension.label;
        }
        for (field, own) in repeated {
            self.problems.push(
                Problem::error(
                    "kaoping::extends::field_exists",
                    format!("record `{name}` already has a field `{}`", field.text),
                    field.span,
                )
                .with_label("declared again here")
                .with_related(own, "inherited from here")
                .with_help(format!(
                    "`extend record` only adds fields: remove this line, or write `override record {name} {{ … }}` with every field to change its type"
                )),
            );
        }
    }

    /// Records what an `override record` leaves out of the inherited record,
    /// so that a rule of the parent that reads a dropped field is reported
    /// at the override, which should have been an `extend record`.
    fn note_dropped_fields(&mut self, record: &RecordDeclaration) {
        let Some(index) = self.position(Kind::Record, Some(&record.name.text)) else {
            return;
        };
        let Declaration::Record(inherited) = &self.declarations[index] else {
            return;
        };
        let dropped: Vec<String> = inherited
            .fields
            .iter()
            .filter(|own| {
                !record
                    .fields
                    .iter()
                    .any(|field| field.name.text == own.name.text)
            })
            .map(|own| own.name.text.clone())
            .collect();
        for field in dropped {
            self.changes.push(Change {
                span: record.name.span,
                written: format!("override record {}", record.name.text),
                affects: Affects::Uses(field),
            });
        }
    }

    /// Puts `replacement` where the parent declares that kind and name, or
    /// reports the override when the parent declares none.
    fn replace_named(
        &mut self,
        target: Target,
        kind: Kind,
        name: &str,
        span: Span,
        replacement: Declaration,
    ) {
        if !self.claim(target.clone(), span) {
            return;
        }
        if let Some(index) = self.position(kind, Some(name)) {
            self.declarations[index] = replacement;
            return;
        }
        let keyword = match kind {
            Kind::Record => "record",
            _ => "indicator",
        };
        let suggestion = did_you_mean(name, self.names(kind).iter().map(String::as_str));
        self.missing(
            target.describe(),
            span,
            suggestion,
            &format!("declare a new {keyword} with `{keyword}`, without `override`"),
        );
    }

    /// Puts `replacement` in place of the parent's only declaration of its
    /// kind (`rank by`, `group by`, `grades`), or reports that there is none.
    fn replace_single(&mut self, target: Target, kind: Kind, span: Span, replacement: Declaration) {
        if !self.claim(target.clone(), span) {
            return;
        }
        if let Some(index) = self.position(kind, None) {
            self.declarations[index] = replacement;
            return;
        }
        let written = match kind {
            Kind::Grades => "grades { … }",
            Kind::Group => "group by …",
            _ => "rank by …",
        };
        self.missing(
            target.describe(),
            span,
            None,
            &format!("declare it with `{written}`, without `override`"),
        );
    }

    /// The position of the parent's block of that kind and name, or `None`
    /// after reporting that there is none (saying so when the parent has a
    /// block of the other kind by that name).
    fn adjustment(&mut self, kind: AdjustmentKind, name: &Name, verb: &str) -> Option<usize> {
        let index = self.position(Kind::Adjustment, Some(&name.text));
        let found = index.map(|index| match &self.declarations[index] {
            Declaration::Adjustment(found) => found.kind,
            _ => kind,
        });
        let word = kind_word(kind);
        match found {
            Some(found) if found == kind => index,
            Some(other) => {
                let other = kind_word(other);
                self.missing(
                    format!("{word} `{}`", name.text),
                    name.span,
                    Some(format!(
                        "`{}` is a {other} there: write `{verb} {other} {}`",
                        name.text, name.text
                    )),
                    "",
                );
                None
            }
            None => {
                let names = self.names(Kind::Adjustment);
                let suggestion = did_you_mean(&name.text, names.iter().map(String::as_str));
                self.missing(
                    format!("{word} `{}`", name.text),
                    name.span,
                    suggestion,
                    "name a `bonus` or `deduction` of the policy extended",
                );
                None
            }
        }
    }

    /// The items that hold the item at `path` (an indicator, then items),
    /// and its index among them; `None` after reporting the first level of
    /// the path that the parent lacks, with `help` when the last one is.
    fn item_at(&mut self, path: &[Name], help: &str) -> Option<(&mut Vec<Indicator>, usize)> {
        let (indicator, steps) = match self.locate(path) {
            Ok(found) => found,
            Err((missing, last)) => {
                let help = if last {
                    help
                } else {
                    "name an indicator of the policy extended, then an item at each level"
                };
                self.missing(missing.what, missing.span, missing.suggestion, help);
                return None;
            }
        };
        let Declaration::Indicator(found) = &mut self.declarations[indicator] else {
            return None;
        };
        let (last, inner) = steps.split_last()?;
        let mut items = &mut found.body.items;
        for &step in inner {
            items = &mut items[step].body.items;
        }
        Some((items, *last))
    }

    /// The span of the indicator or item that holds the item at `path`, as
    /// the policy extended declares it; `None` when the path leads nowhere.
    fn holder_span(&self, path: &[Name]) -> Option<Span> {
        let (index, steps) = self.locate(path).ok()?;
        let Declaration::Indicator(indicator) = &self.declarations[index] else {
            return None;
        };
        let mut holder = indicator;
        for &step in &steps[..steps.len().saturating_sub(1)] {
            holder = &holder.body.items[step];
        }
        Some(holder.span)
    }

    /// The indicator's position and each item's index along `path`; or what
    /// is missing, and whether it is the last name of the path.
    fn locate(&self, path: &[Name]) -> Result<(usize, Vec<usize>), (Missing, bool)> {
        let indicator = &path[0];
        let Some(index) = self.position(Kind::Indicator, Some(&indicator.text)) else {
            let names = self.names(Kind::Indicator);
            return Err((
                Missing {
                    what: format!("indicator `{}`", indicator.text),
                    span: indicator.span,
                    suggestion: did_you_mean(&indicator.text, names.iter().map(String::as_str)),
                },
                false,
            ));
        };
        let Declaration::Indicator(found) = &self.declarations[index] else {
            unreachable!("`position` found an indicator");
        };
        let mut items = &found.body.items;
        let mut steps = Vec::new();
        for (depth, name) in path.iter().enumerate().skip(1) {
            match items.iter().position(|item| item.name.text == name.text) {
                Some(step) => {
                    steps.push(step);
                    items = &items[step].body.items;
                }
                None => {
                    let holder = if depth == 1 {
                        format!("indicator `{}`", indicator.text)
                    } else {
                        format!("item `{}`", dotted(&path[..depth]))
                    };
                    let what = if items.is_empty() {
                        format!("item `{}` in {holder}, which has no items", name.text)
                    } else {
                        format!("item `{}` in {holder}", name.text)
                    };
                    return Err((
                        Missing {
                            what,
                            span: name.span,
                            suggestion: did_you_mean(
                                &name.text,
                                items.iter().map(|item| item.name.text.as_str()),
                            ),
                        },
                        depth + 1 == path.len(),
                    ));
                }
            }
        }
        Ok((index, steps))
    }

    fn remove(&mut self, removal: Removal) {
        match removal.removed {
            Removed::Indicator(indicator) => {
                if !self.claim(Target::Indicator(indicator.text.clone()), indicator.span) {
                    return;
                }
                match self.position(Kind::Indicator, Some(&indicator.text)) {
                    Some(index) => {
                        self.declarations.remove(index);
                        self.changes.push(Change {
                            span: removal.span,
                            written: format!("remove indicator {}", indicator.text),
                            affects: Affects::Uses(indicator.text.clone()),
                        });
                    }
                    None => {
                        let suggestion = did_you_mean(
                            &indicator.text,
                            self.names(Kind::Indicator).iter().map(String::as_str),
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
            Removed::Item(path) => {
                let Some(item) = path.last() else {
                    return;
                };
                let target = Target::Item(path.iter().map(|name| name.text.clone()).collect());
                if !self.claim(target, item.span) {
                    return;
                }
                let holder = dotted(&path[..path.len() - 1]);
                let holder_span = self.holder_span(&path);
                match self.item_at(&path, &format!("name an item of `{holder}`")) {
                    Some((items, index)) => {
                        items.remove(index);
                        let written = format!("remove item {}", dotted(&path));
                        if let Some(within) = holder_span {
                            self.changes.push(Change {
                                span: removal.span,
                                written: written.clone(),
                                affects: Affects::Within(within, holder),
                            });
                        }
                        self.changes.push(Change {
                            span: removal.span,
                            written,
                            affects: Affects::Uses(item.text.clone()),
                        });
                    }
                    None => self.unclaim(),
                }
            }
            Removed::Adjustment(kind, name) => {
                if !self.claim(
                    Target::Adjustment(kind_word(kind), name.text.clone()),
                    name.span,
                ) {
                    return;
                }
                if let Some(index) = self.adjustment(kind, &name, "remove") {
                    self.declarations.remove(index);
                    self.changes.push(Change {
                        span: removal.span,
                        written: format!("remove {} {}", kind_word(kind), name.text),
                        affects: Affects::Uses(name.text.clone()),
                    });
                }
            }
        }
    }
}

/// The first `length` bytes of `span`: a declaration's keyword.
fn keyword_span(span: Span, keyword: &str) -> Span {
    Span::new(span.start, (span.start + keyword.len()).min(span.end))
}

/// Where an inherited declaration names what it declares, for pointing at it.
fn declaration_name_span(declaration: &Declaration) -> Span {
    match declaration {
        Declaration::Parameter(parameter) => parameter.name.span,
        Declaration::Indicator(indicator) => indicator.name.span,
        Declaration::Record(record) => record.name.span,
        Declaration::Adjustment(adjustment) => adjustment.name.span,
        Declaration::Rank(rank) => rank.span,
        Declaration::Group(group) => group.span,
        Declaration::Grades(grades) => keyword_span(grades.span, "grades"),
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
