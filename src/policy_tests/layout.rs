//! `test --update` in the author's layout: the values that changed are
//! edited where the case file writes them, in block or flow style, and every
//! other byte (comments, order, spacing, quoting of the keys) stays as it is.
//!
//! The editor knows only the shapes case files use: block mappings, and flow
//! mappings `{ key: value, … }` on one or more lines. A value it cannot find
//! (a `findings` list) makes it give up, and the caller rewrites the section.

use super::{grade_text, rank_text, score_text, Expectation, Mismatch};

/// A place where the values of a mapping are written.
#[derive(Clone, Copy)]
enum Region {
    /// The lines `start..end` (byte offsets) of a block mapping.
    Block { start: usize, end: usize },
    /// The text between the braces of a flow mapping.
    Flow { start: usize, end: usize },
}

/// The text with each mismatched expectation's value replaced by what the
/// outcome holds, or `None` when one of them cannot be found in place.
pub(super) fn edit_in_place(
    text: &str,
    section: (usize, usize),
    mismatches: &[Mismatch],
    found: &[(String, Expectation)],
) -> Option<String> {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let expect_line_end = text[section.0..section.1]
        .find('\n')
        .map_or(section.1, |i| section.0 + i + 1);
    let expect = value_region(text, section.0, expect_line_end, section.1)?;
    for mismatch in mismatches {
        let (_, expectation) = found.iter().find(|(id, _)| *id == mismatch.candidate)?;
        let path = key_path(&mismatch.field);
        let candidate = find_key(text, expect, &mismatch.candidate)?;
        let mut region = value_region_of(text, candidate, section.1)?;
        let mut span = None;
        for (index, key) in path.iter().enumerate() {
            // `findings` mismatches name the key either way it is written.
            let located = find_key(text, region, key).or_else(|| {
                (*key == "findings")
                    .then(|| find_key(text, region, "findings_exactly"))
                    .flatten()
            })?;
            if index + 1 == path.len() {
                span = Some(located.value);
            } else {
                region = value_region_of(text, located, section.1)?;
            }
        }
        let (start, end) = span?;
        let original = &text[start..end];
        let written = value_text(expectation, &mismatch.field, original)?;
        let replacement = if original.starts_with('\'') && written.starts_with('"') {
            format!("'{}'", written.trim_matches('"'))
        } else if mismatch.field == "grade" && is_plain(original) && written.starts_with('"') {
            // A grade written plain (`grade: 良好`) stays plain when it can.
            let name = written.trim_matches('"');
            if is_plain(name) {
                name.to_string()
            } else {
                written
            }
        } else {
            written
        };
        if !edits.iter().any(|(s, _, _)| *s == start) {
            edits.push((start, end, replacement));
        }
    }
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut edited = text.to_string();
    for (start, end, replacement) in edits {
        edited.replace_range(start..end, &replacement);
    }
    Some(edited)
}

/// `indicators.team.mobile` → `["indicators", "team.mobile"]`: item paths
/// are single keys under `indicators`, as are block names under `adjustments`.
fn key_path(field: &str) -> Vec<&str> {
    match field.split_once('.') {
        Some((head @ ("indicators" | "adjustments"), rest)) => vec![head, rest],
        _ => vec![field],
    }
}

/// How the case writes the outcome's value of `field`, where `original`
/// was written: a `findings` list only in flow style (`[ "附1 四(三)" ]`),
/// spaced as the author spaced it.
fn value_text(expectation: &Expectation, field: &str, original: &str) -> Option<String> {
    let scores = |list: &Option<Vec<(String, Option<String>)>>, name: &str| {
        list.as_ref()?
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, score)| score_text(score))
    };
    match key_path(field).as_slice() {
        ["status"] => expectation.status.map(|s| s.as_str().to_string()),
        ["rank"] => expectation.rank.map(rank_text),
        ["total"] => expectation.total.as_ref().map(score_text),
        ["base"] => expectation.base.as_ref().map(score_text),
        ["grade"] => expectation.grade.as_ref().map(grade_text),
        ["indicators", name] => scores(&expectation.indicators, name),
        ["adjustments", name] => scores(&expectation.adjustments, name),
        ["findings"] | ["findings_exactly"] => {
            let findings = expectation.findings.as_ref()?;
            if !original.starts_with('[') {
                return None;
            }
            let entries: Vec<String> = findings.iter().map(|f| super::quote(f)).collect();
            let spaced = original.starts_with("[ ") && !entries.is_empty();
            Some(if spaced {
                format!("[ {} ]", entries.join(", "))
            } else {
                format!("[{}]", entries.join(", "))
            })
        }
        [flag] => expectation
            .flags
            .iter()
            .find(|(name, _)| name == flag)
            .map(|(_, value)| value.to_string()),
        _ => None,
    }
}

/// A key found in a region: where its value is written.
#[derive(Clone, Copy)]
struct Located {
    /// The byte span of the value on the key's line (empty for a block
    /// whose value starts on the next line).
    value: (usize, usize),
    /// The key's indentation, for a block key.
    indent: usize,
    /// The end of the key's line.
    line_end: usize,
}

/// The region a key's value opens: a flow mapping, or the deeper-indented
/// lines that follow it.
fn value_region_of(text: &str, located: Located, limit: usize) -> Option<Region> {
    let (start, end) = located.value;
    if text[start..end].starts_with('{') {
        return Some(Region::Flow {
            start: start + 1,
            end: end - 1,
        });
    }
    if start != end {
        return None;
    }
    let mut end = located.line_end;
    for line in text[located.line_end..limit].split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let blank = content.trim().is_empty() || content.starts_with('#');
        if !blank && indent <= located.indent {
            break;
        }
        end += line.len();
    }
    Some(Region::Block {
        start: located.line_end,
        end,
    })
}

/// The region under the `expect:` line.
fn value_region(text: &str, line_start: usize, line_end: usize, limit: usize) -> Option<Region> {
    let line = &text[line_start..line_end];
    let colon = line.find(':')?;
    let value = trimmed_value(text, line_start + colon + 1, line_end);
    value_region_of(
        text,
        Located {
            value,
            indent: 0,
            line_end,
        },
        limit,
    )
}

/// The value after `key:` from `from` to `end` of its line, without the
/// spaces around it or a trailing comment.
fn trimmed_value(text: &str, from: usize, end: usize) -> (usize, usize) {
    let raw = &text[from..end];
    let mut stop = raw.len();
    let mut quote = None;
    let mut depth = 0usize;
    let mut previous = ' ';
    for (index, c) in raw.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q && previous != '\\' => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth = depth.saturating_sub(1),
            (None, '#') if previous.is_whitespace() && depth == 0 => {
                stop = index;
                break;
            }
            _ => {}
        }
        previous = c;
    }
    let value = &raw[..stop];
    let leading = value.len() - value.trim_start().len();
    let start = from + leading;
    let end = from + value.trim_end().len();
    (start, end.max(start))
}

/// The key `name` among a region's keys.
fn find_key(text: &str, region: Region, name: &str) -> Option<Located> {
    match region {
        Region::Block { start, end } => {
            let mut offset = start;
            let mut child_indent = None;
            for line in text[start..end].split_inclusive('\n') {
                let line_start = offset;
                offset += line.len();
                let content = line.trim_start_matches(' ');
                if content.trim().is_empty() || content.starts_with('#') {
                    continue;
                }
                let indent = line.len() - content.len();
                if *child_indent.get_or_insert(indent) != indent {
                    continue;
                }
                let (key, after) = split_key(content)?;
                if key == name {
                    let line_end = line_start + line.trim_end_matches('\n').len();
                    let from = line_start + indent + after;
                    let mut value = trimmed_value(text, from, line_end);
                    if text[value.0..value.1].starts_with('{')
                        && !text[value.0..value.1].ends_with('}')
                    {
                        value.1 = flow_end(text, value.0)?;
                    }
                    return Some(Located {
                        value,
                        indent,
                        line_end: (line_start + line.len()).min(end),
                    });
                }
            }
            None
        }
        Region::Flow { start, end } => {
            let mut entry_start = start;
            for entry_end in flow_commas(text, start, end) {
                let entry = &text[entry_start..entry_end];
                let content = entry.trim_start();
                let leading = entry.len() - content.len();
                if let Some((key, after)) = split_key(content) {
                    if key == name {
                        let from = entry_start + leading + after;
                        let value = trimmed_value(text, from, entry_end);
                        let value = if text[value.0..value.1].starts_with('{') {
                            (value.0, flow_end(text, value.0)?)
                        } else {
                            value
                        };
                        return Some(Located {
                            value,
                            indent: 0,
                            line_end: entry_end,
                        });
                    }
                }
                entry_start = entry_end + 1;
            }
            None
        }
    }
}

/// The offsets of the commas that end the top-level entries of a flow
/// mapping, and its end.
fn flow_commas(text: &str, start: usize, end: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut depth = 0usize;
    let mut quote = None;
    let mut previous = ' ';
    for (index, c) in text[start..end].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q && previous != '\\' => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => ends.push(start + index),
            _ => {}
        }
        previous = c;
    }
    ends.push(end);
    ends
}

/// The offset just past the `}` that closes the flow mapping opening at `open`.
fn flow_end(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut previous = ' ';
    for (index, c) in text[open..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q && previous != '\\' => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + index + 1);
                }
            }
            _ => {}
        }
        previous = c;
    }
    None
}

/// `"a b": 1` → (`a b`, offset just past the colon); `key: value` likewise.
fn split_key(content: &str) -> Option<(String, usize)> {
    if let Some(quote @ ('"' | '\'')) = content.chars().next() {
        let close = content[1..].find(quote)? + 1;
        let raw = &content[..=close];
        let key = if quote == '"' {
            serde_json::from_str::<String>(raw).ok()?
        } else {
            raw[1..raw.len() - 1].replace("''", "'")
        };
        let rest = &content[close + 1..];
        let colon = rest.find(':')?;
        return rest[..colon]
            .trim()
            .is_empty()
            .then(|| (key, close + 1 + colon + 1));
    }
    let colon = content
        .char_indices()
        .find(|&(index, c)| {
            c == ':'
                && content[index + 1..]
                    .chars()
                    .next()
                    .is_none_or(|next| next.is_whitespace())
        })?
        .0;
    Some((content[..colon].trim().to_string(), colon + 1))
}

/// Whether a scalar is written plain, and could be: not quoted, not `null`,
/// and free of the characters that would make YAML read it otherwise.
fn is_plain(text: &str) -> bool {
    !text.is_empty()
        && text != "null"
        && !text.contains(|c: char| "\"'{}[],:#&*!|>%@`".contains(c) || c.is_whitespace())
        && !text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::super::{expect_section, Case, Expectation, Mismatch};
    use super::edit_in_place;

    /// One candidate's scores and how the case writes them.
    #[derive(Debug, Clone)]
    struct Written {
        scores: Vec<(u32, u32)>,
        flow: bool,
        comment: bool,
    }

    fn score(hundredths: u32) -> String {
        format!("{}.{:02}", hundredths / 100, hundredths % 100)
    }

    fn case_text(candidates: &[Written], found: bool) -> String {
        let mut text = String::from("name: n\npolicy: p.kp\nfacts: f.yaml\nexpect:\n");
        for (index, candidate) in candidates.iter().enumerate() {
            if candidate.comment {
                text.push_str(&format!("  # 候选 {index} 的说明\n"));
            }
            let value = |pair: &(u32, u32)| score(if found { pair.1 } else { pair.0 });
            let names = candidate.scores.iter().enumerate();
            if candidate.flow {
                let entries: Vec<String> = names
                    .map(|(i, pair)| format!("i{i}: \"{}\"", value(pair)))
                    .collect();
                text.push_str(&format!(
                    "  c{index}:\n    indicators: {{ {} }}\n",
                    entries.join(", ")
                ));
            } else {
                text.push_str(&format!("  c{index}:\n    indicators:\n"));
                for (i, pair) in names {
                    text.push_str(&format!("      i{i}: \"{}\"   # 分值\n", value(pair)));
                }
            }
        }
        text
    }

    fn written() -> impl Strategy<Value = Written> {
        (
            prop::collection::vec((0u32..3000, 0u32..3000), 1..4),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(scores, flow, comment)| Written {
                scores,
                flow,
                comment,
            })
    }

    proptest! {
        // issue 15 §4: whatever the layout, the edited case reads back as
        // the outcome, and it is the case as the author would have written
        // it with the new values: every comment, style and spacing kept.
        #[test]
        fn the_edited_case_reads_back_as_the_outcome_in_the_same_layout(
            candidates in prop::collection::vec(written(), 1..4)
        ) {
            let text = case_text(&candidates, false);
            let wanted = case_text(&candidates, true);
            let path = Path::new("case.yaml");
            let found = Case::parse(path, &wanted).unwrap().expect;
            let mut mismatches = Vec::new();
            for (index, candidate) in candidates.iter().enumerate() {
                for (i, (old, new)) in candidate.scores.iter().enumerate() {
                    if old != new {
                        mismatches.push(Mismatch {
                            candidate: format!("c{index}"),
                            field: format!("indicators.i{i}"),
                            expected: format!("\"{}\"", score(*old)),
                            found: format!("\"{}\"", score(*new)),
                            missing: false,
                        });
                    }
                }
            }
            let section = expect_section(&text).unwrap();
            let edited = edit_in_place(&text, section, &mismatches, &found).unwrap();
            prop_assert_eq!(&edited, &wanted);
            let _: Vec<(String, Expectation)> = Case::parse(path, &edited).unwrap().expect;
        }
    }
}
