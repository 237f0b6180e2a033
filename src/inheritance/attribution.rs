//! Problems caused by a child's `override` or `remove`, pointed back at it.
//!
//! The checker checks the merged tree, so when a child removes an item, the
//! sum that no longer adds up is found in the parent's indicator: last
//! year's file, which the author should not edit. The parent was consistent
//! on its own, so a problem inside what a change touched, or at a use of
//! what it removed, is the change's doing: it is moved to the child's line,
//! with the parent's place kept as a related label.

use crate::ast::Span;
use crate::diagnostic::{locate, Problem, SourceFile};

/// One `override` or `remove`, and what in the policy extended it affects.
#[derive(Clone, Debug)]
pub struct Change {
    /// The `override` or `remove` declaration, in the file that makes it.
    pub span: Span,
    /// How it is written, for messages: "remove item daily.commendations".
    pub written: String,
    /// What its effects can be seen in.
    pub affects: Affects,
}

/// Where problems caused by a change show.
#[derive(Clone, Debug)]
pub enum Affects {
    /// Inside this declaration of the policy extended (the indicator that
    /// held a removed or replaced item), named as given.
    Within(Span, String),
    /// Wherever the policy extended still names what was removed.
    Uses(String),
}

/// Moves each problem that a change caused in a file other than the
/// change's own onto the change: the loaded policy is `source_name` with
/// `source`, the policies it extends `inherited`.
pub fn attribute(
    problems: &mut Vec<Problem>,
    changes: &[Change],
    source_name: &str,
    source: &str,
    inherited: &[SourceFile],
) {
    // Where each moved problem was: a problem of the parent around that
    // place (the list whose key field was dropped, say) follows from it.
    let mut moved_from: Vec<Span> = Vec::new();
    for problem in problems.iter_mut() {
        let at = problem.span;
        let here = locate(source_name, source, inherited, at.start);
        let text = here
            .text
            .get(at.start - here.file_offset..at.end - here.file_offset)
            .unwrap_or_default();
        let in_another_file = |change: &&Change| {
            locate(source_name, source, inherited, change.span.start).file_offset
                != here.file_offset
        };
        // A use of what was removed says most; else the smallest block
        // around the problem that a change touched.
        let cause = changes
            .iter()
            .filter(in_another_file)
            .find(|change| match &change.affects {
                Affects::Uses(name) => {
                    !text.is_empty() && (text == name || text.ends_with(&format!(".{name}")))
                }
                Affects::Within(..) => false,
            })
            .or_else(|| {
                changes
                    .iter()
                    .filter(in_another_file)
                    .filter(|change| {
                        matches!(&change.affects, Affects::Within(within, _)
                            if within.start <= at.start && at.end <= within.end)
                    })
                    .min_by_key(|change| match &change.affects {
                        Affects::Within(within, _) => within.end - within.start,
                        Affects::Uses(_) => usize::MAX,
                    })
            });
        let Some(cause) = cause else {
            continue;
        };
        let help = match (&cause.affects, problem.code) {
            (Affects::Within(_, holder), "kaoping::check::item_sum") => format!(
                "fix it in this policy, not in `{}`: give `{holder}` a max that its items now \
                 add up to (`override param` when a parameter sets it, or `override indicator \
                 {holder}`), or keep the item",
                here.file
            ),
            (Affects::Uses(name), _) if cause.written.starts_with("override record") => format!(
                "fix it in this policy, not in `{}`: `{}` replaces the whole record and leaves \
                 out `{name}`, which the policy extended reads; to add fields, write `extend \
                 record {} {{ … }}` with only the new ones",
                here.file,
                cause.written,
                cause.written.trim_start_matches("override record ")
            ),
            (Affects::Uses(name), _) if cause.written.starts_with("override param") => format!(
                "fix it in this policy, not in `{}`: the policy extended reads `{name}` there, \
                 and `{}` changed its value; choose a value that fits, or override what reads it",
                here.file, cause.written
            ),
            (Affects::Uses(name), _) => format!(
                "fix it in this policy, not in `{}`: `{}` removed `{name}`, which the policy \
                 extended still reads there; override what reads it, or keep `{name}`",
                here.file, cause.written
            ),
            _ => format!(
                "fix it in this policy, not in `{}`: the policy extended was consistent \
                 before `{}`; change the override, or override what it breaks",
                here.file, cause.written
            ),
        };
        let original_label =
            std::mem::replace(&mut problem.label, format!("caused by `{}`", cause.written));
        problem.related.insert(
            0,
            (
                at,
                format!("{original_label}, in `{}`, the policy extended", here.file),
            ),
        );
        moved_from.push(at);
        problem.span = cause.span;
        problem.help = Some(help);
    }
    // (Spans compare equal whatever their offsets, so the offsets are compared.)
    problems.retain(|problem| {
        let span = problem.span;
        !moved_from.iter().any(|at| {
            (span.start, span.end) != (at.start, at.end)
                && span.start <= at.start
                && at.end <= span.end
        })
    });
}
