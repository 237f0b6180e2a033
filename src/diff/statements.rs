//! What changed inside a rule: the statements of two declarations, compared
//! one by one, so that a diff says `score min(x, 30)` → `score min(x, 25)`
//! rather than only that the rules differ.

/// The words that begin a statement in an indicator, item or block; any
/// other line continues the statement above it (`cap supervision_earned_cap`
/// under `let earned = …`).
const STATEMENT_WORDS: [&str; 18] = [
    "let",
    "score",
    "zero",
    "finding",
    "cite",
    "reading",
    "item",
    "exclude",
    "revoke",
    "add",
    "deduct",
    "indicator",
    "bonus",
    "deduction",
    "grade",
    "grades",
    "scaled",
    "}",
];

/// The statements of a declaration's text, each on one line with its
/// whitespace folded and its comments dropped.
pub fn statements(text: &str) -> Vec<String> {
    let mut statements: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or_default();
        let folded = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded.is_empty() {
            continue;
        }
        let first = folded.split([' ', '{']).next().unwrap_or_default();
        match statements.last_mut() {
            Some(last) if !STATEMENT_WORDS.contains(&first) => {
                last.push(' ');
                last.push_str(&folded);
            }
            _ => statements.push(folded),
        }
    }
    statements
}

/// The statements that differ, in order: `(Some(old), Some(new))` for a
/// statement rewritten in place, `(Some(old), None)` for one removed and
/// `(None, Some(new))` for one added.
pub fn changed(old: &[String], new: &[String]) -> Vec<(Option<String>, Option<String>)> {
    use similar::DiffOp;
    let mut changes = Vec::new();
    for operation in similar::capture_diff_slices(similar::Algorithm::Myers, old, new) {
        match operation {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for statement in &old[old_index..old_index + old_len] {
                    changes.push((Some(statement.clone()), None));
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for statement in &new[new_index..new_index + new_len] {
                    changes.push((None, Some(statement.clone())));
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for offset in 0..old_len.max(new_len) {
                    let before = (offset < old_len).then(|| old[old_index + offset].clone());
                    let after = (offset < new_len).then(|| new[new_index + offset].clone());
                    changes.push((before, after));
                }
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    // issue 15 §4: a diff shows what changed inside a rule.
    #[test]
    fn a_rewritten_statement_pairs_its_old_and_new_text() {
        let old = statements(
            "indicator a max 30 {\n  let x = candidate.x // points\n          cap 30\n  score min(x, 30)\n}",
        );
        let new = statements(
            "indicator a max 30 {\n  let x = candidate.x\n    cap 30\n  score min(x, 25)\n  zero when candidate.bad\n}",
        );
        assert_eq!(old[1], "let x = candidate.x cap 30");
        assert_eq!(
            changed(&old, &new),
            [
                (
                    Some("score min(x, 30)".into()),
                    Some("score min(x, 25)".into())
                ),
                (None, Some("zero when candidate.bad".into())),
            ]
        );
    }
}
