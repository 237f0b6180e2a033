//! The mistakes an author makes most, named when a policy fails to parse.
//!
//! Pest knows only where it stopped and which tokens would have done there:
//! a missing `}` shows as "expected" a list of 25 tokens at the next
//! declaration, a `：` typed with the Chinese input method as a list of
//! operators. When parsing fails, this module reads the text again with a
//! simple scan that skips strings, comments and scripts, and names the cause
//! where it is: full-width punctuation, a string or a comment never closed,
//! a bracket never closed or closing nothing, an `if` without `else`.

use crate::ast::Span;
use crate::diagnostic::{line_column, Problem};

const CODE: &str = "kaoping::syntax";

/// The problems that explain why `source` did not parse, given where pest
/// stopped; empty when none of the known mistakes is there.
pub(super) fn explain(source: &str, stopped_at: usize) -> Vec<Problem> {
    let scan = Scan::of(source);
    let mut problems: Vec<Problem> = Vec::new();
    problems.extend(scan.full_width.iter().map(|found| found.problem()));
    problems.extend(
        scan.unterminated_strings
            .iter()
            .map(|&at| unterminated_string(at)),
    );
    problems.extend(scan.unterminated_comment.map(unterminated_comment));
    // Full-width brackets and quotes unbalance what follows them; once
    // they are named, the brackets are counted again after the fix.
    if problems.is_empty() {
        problems.extend(scan.bracket_problem(source));
    }
    if problems.is_empty() {
        problems.extend(scan.if_without_else(stopped_at));
    }
    if problems.is_empty() {
        problems.extend(range_on_unknown_type(source, stopped_at));
    }
    problems
}

/// `decimall[0..]`: a range after a name that is not `int` or `decimal`,
/// where pest only says it expected a field or a default.
fn range_on_unknown_type(source: &str, stopped_at: usize) -> Option<Problem> {
    if !source.get(stopped_at..)?.starts_with('[') {
        return None;
    }
    let before = &source[..stopped_at];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '_')
        .last()?
        .0;
    let word = &before[word_start..];
    if !before[..word_start].trim_end().ends_with(':') || matches!(word, "int" | "decimal") {
        return None;
    }
    let help = match crate::diagnostic::did_you_mean(word, ["int", "decimal"]) {
        Some(help) => help,
        None => "write `int[LOW..HIGH]` or `decimal[LOW..HIGH]`".to_string(),
    };
    Some(
        Problem::error(
            CODE,
            format!("syntax error: `{word}` takes no range: only `int` and `decimal` do"),
            Span::new(word_start, stopped_at),
        )
        .with_label("the range `[…]` follows this")
        .with_help(help),
    )
}

/// One full-width character (or a run of full-width digits) outside strings
/// and comments.
struct FullWidth {
    span: Span,
    text: String,
    /// Where a closing Chinese quotation mark pairs with an opening one.
    closing_quote: Option<Span>,
}

impl FullWidth {
    fn problem(&self) -> Problem {
        let first = self
            .text
            .chars()
            .next()
            .expect("a full-width finding has text");
        if self.text.chars().count() > 1 {
            let half: String = self.text.chars().map(half_width).collect();
            return Problem::error(
                CODE,
                format!(
                    "`{}` is written in full-width digits; use `{half}`",
                    self.text
                ),
                self.span,
            )
            .with_label("full-width digits")
            .with_help(format!(
                "type `{half}` with the input method in half-width (English) mode: \
                 numbers in a policy are written in ASCII digits"
            ));
        }
        let (what, instead) = describe(first);
        let problem = match (&instead, self.closing_quote) {
            (Some(instead), Some(closing)) => Problem::error(
                CODE,
                format!(
                    "`{first}…{}` are Chinese quotation marks; use `{instead}…{instead}`",
                    &self.text_at_closing()
                ),
                self.span,
            )
            .with_related(closing, "closed here"),
            (Some(instead), None) => Problem::error(
                CODE,
                format!("`{first}` is {what}; use `{instead}`"),
                self.span,
            ),
            (None, _) => Problem::error(CODE, format!("`{first}` is {what}"), self.span),
        };
        let help = match (first, instead) {
            ('；' | ';', _) => {
                "remove it: statements need no `;`, each starts on its own line".to_string()
            }
            ('《' | '》', _) => {
                "write the title inside a `\"…\"` string, where any character may stand".into()
            }
            (_, Some(instead)) => format!(
                "type `{instead}` with the input method in half-width (English) punctuation \
                 mode; full-width punctuation may stand only inside `\"…\"` strings and comments"
            ),
            (_, None) => {
                "remove it, or put the text inside a `\"…\"` string, where any character may stand"
                    .into()
            }
        };
        problem.with_label(what).with_help(help)
    }

    fn text_at_closing(&self) -> &'static str {
        if self.text == "‘" {
            "’"
        } else {
            "”"
        }
    }
}

/// What a full-width character is, and the ASCII character to type
/// instead, if there is one.
fn describe(c: char) -> (&'static str, Option<String>) {
    let (what, instead) = describe_char(c);
    if c == '；' {
        return (what, None);
    }
    (
        what,
        instead.map(str::to_string).or_else(|| {
            let half = half_width(c);
            (half != c).then(|| half.to_string())
        }),
    )
}

/// What a full-width character is, and what to type instead when that is
/// not simply its half-width form.
fn describe_char(c: char) -> (&'static str, Option<&'static str>) {
    match c {
        '：' => ("a full-width colon", Some(":")),
        '（' => ("a full-width opening parenthesis", Some("(")),
        '）' => ("a full-width closing parenthesis", Some(")")),
        '，' => ("a full-width comma", Some(",")),
        '、' => ("a Chinese enumeration comma", Some(",")),
        '；' => ("a full-width semicolon", None),
        '。' => ("a Chinese full stop", Some(".")),
        '．' => ("a full-width full stop", Some(".")),
        '“' | '”' | '＂' => ("a Chinese quotation mark", Some("\"")),
        '‘' | '’' | '＇' => ("a Chinese single quotation mark", Some("\"")),
        '｛' => ("a full-width opening brace", Some("{")),
        '｝' => ("a full-width closing brace", Some("}")),
        '［' | '【' => ("a full-width opening bracket", Some("[")),
        '］' | '】' => ("a full-width closing bracket", Some("]")),
        '《' | '》' => ("a Chinese book title mark", None),
        '＝' => ("a full-width equals sign", Some("=")),
        '＋' => ("a full-width plus sign", Some("+")),
        '－' => ("a full-width minus sign", Some("-")),
        '＊' | '×' => ("a multiplication sign", Some("*")),
        '／' | '÷' => ("a division sign", Some("/")),
        '＜' => ("a full-width less-than sign", Some("<")),
        '＞' => ("a full-width greater-than sign", Some(">")),
        '≤' => ("a less-than-or-equal sign", Some("<=")),
        '≥' => ("a greater-than-or-equal sign", Some(">=")),
        '≠' => ("a not-equal sign", Some("!=")),
        '％' => ("a full-width percent sign", Some("%")),
        '？' => ("a full-width question mark", Some("?")),
        '！' => ("a full-width exclamation mark", Some("!")),
        '０'..='９' => ("a full-width digit", None),
        _ => ("a full-width character", None),
    }
}

/// Whether `c`, met in code, is punctuation typed with a Chinese input
/// method. Full-width letters are letters, so they may stand in names, as
/// may full-width digits after a letter.
fn is_full_width_punctuation(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '【'
            | '】'
            | '《'
            | '》'
            | '×'
            | '÷'
            | '≤'
            | '≥'
            | '≠'
    ) || (('\u{FF01}'..='\u{FF5E}').contains(&c) && !c.is_alphanumeric())
}

fn is_full_width_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// The ASCII character a full-width one stands for; other characters as they are.
fn half_width(c: char) -> char {
    if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

fn unterminated_string(at: usize) -> Problem {
    Problem::error(
        CODE,
        "syntax error: this string is never closed",
        Span::new(at, at + 1),
    )
    .with_label("the string opens here; its line ends before a closing `\"`")
    .with_help(
        "close the string with `\"` on the same line (a string cannot run over lines; \
         write `\\n` for a line break inside it)",
    )
}

fn unterminated_comment(at: usize) -> Problem {
    Problem::error(
        CODE,
        "syntax error: this comment is never closed",
        Span::new(at, at + 2),
    )
    .with_label("the comment opens here")
    .with_help("close the comment with `*/`, or start each comment line with `//`")
}

/// A bracket met in code.
#[derive(Clone, Copy)]
struct Bracket {
    at: usize,
    symbol: char,
}

/// A word met in code, for `if`, `then`, `else` and `script`.
struct Word {
    at: usize,
    text: String,
}

/// What the scan found in the whole text.
#[derive(Default)]
struct Scan {
    full_width: Vec<FullWidth>,
    unterminated_strings: Vec<usize>,
    unterminated_comment: Option<usize>,
    /// Every bracket outside strings, comments and scripts, in order.
    brackets: Vec<Bracket>,
    words: Vec<Word>,
    /// A `script { … }` block that the text ends inside.
    unterminated_script: Option<usize>,
}

impl Scan {
    fn of(source: &str) -> Scan {
        let mut scan = Scan::default();
        let chars: Vec<(usize, char)> = source.char_indices().collect();
        let mut index = 0;
        while index < chars.len() {
            let (at, c) = chars[index];
            let next = chars.get(index + 1).map(|&(_, c)| c);
            match c {
                '"' => index = skip_string(&chars, index, &mut scan.unterminated_strings),
                '/' if next == Some('/') => index = skip_line(&chars, index),
                '/' if next == Some('*') => {
                    index = match find_comment_end(&chars, index + 2) {
                        Some(end) => end,
                        None => {
                            scan.unterminated_comment = Some(at);
                            chars.len()
                        }
                    }
                }
                '“' | '‘' => {
                    let closing = if c == '“' { '”' } else { '’' };
                    let close = chars[index + 1..]
                        .iter()
                        .take_while(|&&(_, c)| c != '\n')
                        .find(|&&(_, c)| c == closing || c == '"');
                    scan.full_width.push(FullWidth {
                        span: Span::new(at, at + c.len_utf8()),
                        text: c.to_string(),
                        closing_quote: close
                            .filter(|&&(_, c)| c == closing)
                            .map(|&(at, c)| Span::new(at, at + c.len_utf8())),
                    });
                    index = match close {
                        Some(&(close_at, _)) => chars.partition_point(|&(at, _)| at <= close_at),
                        None => index + 1,
                    };
                }
                c if is_full_width_digit(c) => {
                    let end = chars[index..]
                        .iter()
                        .position(|&(_, c)| !is_full_width_digit(c) && c != '．')
                        .map_or(chars.len(), |length| index + length);
                    let end_at = chars.get(end).map_or(source.len(), |&(at, _)| at);
                    scan.full_width.push(FullWidth {
                        span: Span::new(at, end_at),
                        text: source[at..end_at].to_string(),
                        closing_quote: None,
                    });
                    index = end;
                }
                c if is_full_width_punctuation(c) => {
                    scan.full_width.push(FullWidth {
                        span: Span::new(at, at + c.len_utf8()),
                        text: c.to_string(),
                        closing_quote: None,
                    });
                    index += 1;
                }
                '(' | ')' | '[' | ']' | '{' | '}' => {
                    scan.brackets.push(Bracket { at, symbol: c });
                    index += 1;
                }
                c if c.is_alphanumeric() || c == '_' => {
                    let end = chars[index..]
                        .iter()
                        .position(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
                        .map_or(chars.len(), |length| index + length);
                    let end_at = chars.get(end).map_or(source.len(), |&(at, _)| at);
                    let text = &source[at..end_at];
                    index = end;
                    if text == "script" {
                        if let Some(after) = skip_script(&chars, index) {
                            index = match after {
                                Ok(after) => after,
                                Err(open) => {
                                    scan.unterminated_script = Some(open);
                                    chars.len()
                                }
                            };
                            continue;
                        }
                    }
                    if matches!(text, "if" | "then" | "else") {
                        scan.words.push(Word {
                            at,
                            text: text.to_string(),
                        });
                    }
                }
                _ => index += 1,
            }
        }
        scan
    }

    /// The first bracket that is never closed or that closes nothing, as
    /// one problem: the brackets after it would only repeat it.
    fn bracket_problem(&self, source: &str) -> Option<Problem> {
        if let Some(open) = self.unterminated_script {
            return Some(unclosed(
                source,
                Bracket {
                    at: open,
                    symbol: '{',
                },
                None,
            ));
        }
        let mut open: Vec<Bracket> = Vec::new();
        // The first `{` whose `}` stands left of the line it opened on: in
        // an indented policy, that `{` is the one whose own `}` is missing,
        // and the `}` belongs to the block around it.
        let mut misaligned: Option<(Bracket, Bracket)> = None;
        for &bracket in &self.brackets {
            match bracket.symbol {
                '(' | '[' | '{' => open.push(bracket),
                closing => {
                    let opening = match closing {
                        ')' => '(',
                        ']' => '[',
                        _ => '{',
                    };
                    match open.pop() {
                        None => return Some(closes_nothing(bracket)),
                        Some(top) if top.symbol != opening => {
                            return Some(unclosed(source, top, Some(bracket)));
                        }
                        Some(top) => {
                            if misaligned.is_none()
                                && starts_line(source, bracket.at)
                                && indentation(source, bracket.at) < indentation(source, top.at)
                            {
                                misaligned = Some((top, bracket));
                            }
                        }
                    }
                }
            }
        }
        let last = *open.last()?;
        Some(match misaligned {
            Some((top, closer)) => unclosed(source, top, Some(closer)),
            None => unclosed(source, last, None),
        })
    }

    /// The `if` before `stopped_at` that has no `else`, when the parser
    /// stopped inside it.
    fn if_without_else(&self, stopped_at: usize) -> Option<Problem> {
        // Each open `if`, and whether its `then` has come.
        let mut open: Vec<(usize, bool)> = Vec::new();
        for word in self.words.iter().take_while(|word| word.at < stopped_at) {
            match word.text.as_str() {
                "if" => open.push((word.at, false)),
                "then" => {
                    if let Some(last) = open.iter_mut().rev().find(|(_, then)| !then) {
                        last.1 = true;
                    }
                }
                _ => {
                    open.pop();
                }
            }
        }
        let &(at, then) = open.last()?;
        let stopped = Span::new(stopped_at, stopped_at);
        Some(if then {
            Problem::error(
                CODE,
                "syntax error: `if` without `else`",
                Span::new(at, at + 2),
            )
            .with_label("this `if` has a `then` but no `else`")
            .with_related(stopped, "`else` was expected by here")
            .with_help(
                "say what the value is when the condition does not hold: \
                     `if CONDITION then VALUE else OTHER` (for example `else 0`)",
            )
        } else {
            Problem::error(
                CODE,
                "syntax error: `if` without `then`",
                Span::new(at, at + 2),
            )
            .with_label("this `if` has no `then`")
            .with_related(stopped, "`then` was expected by here")
            .with_help("write it as `if CONDITION then VALUE else OTHER`")
        })
    }
}

fn closes_nothing(bracket: Bracket) -> Problem {
    Problem::error(
        CODE,
        format!(
            "syntax error: `{}` closes nothing: every bracket before it is already closed",
            bracket.symbol
        ),
        Span::new(bracket.at, bracket.at + 1),
    )
    .with_label("nothing left to close")
    .with_help(format!(
        "remove this `{}`, or look above it for a block closed twice",
        bracket.symbol
    ))
}

fn unclosed(source: &str, bracket: Bracket, closed_by: Option<Bracket>) -> Problem {
    let (line, _) = line_column(source, bracket.at);
    let owner = opened_by(source, bracket);
    let of = owner
        .as_ref()
        .map_or(String::new(), |owner| format!(" of {owner}"));
    let closing = match bracket.symbol {
        '(' => ')',
        '[' => ']',
        _ => '}',
    };
    let mut problem = Problem::error(
        CODE,
        format!(
            "syntax error: unclosed `{}`{of}, opened at line {line}",
            bracket.symbol
        ),
        Span::new(bracket.at, bracket.at + 1),
    )
    .with_label("opened here, never closed")
    .with_help(match &owner {
        Some(owner) => format!("add the `{closing}` that ends {owner}, after its last line"),
        None => format!("add the `{closing}` that closes it"),
    });
    if let Some(closer) = closed_by {
        let label = if closer.symbol == closing {
            format!("this `{closing}` is read as closing it, so the block around it stays open")
        } else {
            format!("`{closing}` was expected before this `{}`", closer.symbol)
        };
        problem = problem.with_related(Span::new(closer.at, closer.at + 1), label);
    }
    problem
}

/// What a `{` opens, from the words before it on its line: "indicator
/// `training`", "the policy header"; `None` for brackets in expressions.
fn opened_by(source: &str, bracket: Bracket) -> Option<String> {
    if bracket.symbol != '{' {
        return None;
    }
    let line_start = source[..bracket.at].rfind('\n').map_or(0, |at| at + 1);
    let before = strip_strings(&source[line_start..bracket.at]);
    let words: Vec<&str> = before
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
        .collect();
    let last_word_ends_line = before.trim_end().ends_with(|c: char| c.is_alphanumeric());
    let mut words = words.as_slice();
    let overridden = words.first() == Some(&"override");
    if overridden {
        words = &words[1..];
    }
    let kind = *words.first()?;
    let name = words.get(1).copied();
    let prefix = if overridden { "overriding " } else { "" };
    let named = |what: &str| name.map(|name| format!("{prefix}{what} `{name}`"));
    match kind {
        "policy" => Some("the policy header".into()),
        "input" => Some("the `input` block".into()),
        "grades" => Some(format!("{prefix}the `grades` scale")),
        "script" => Some("the `script` block".into()),
        "record" | "indicator" | "bonus" | "deduction" => named(kind),
        "item" => named("item"),
        _ if words.last() == Some(&"enum") && last_word_ends_line => {
            Some(format!("the `enum` of field `{kind}`"))
        }
        _ if before.contains(':') && words.len() == 1 || words.last() == Some(&"of") => {
            Some(format!("the record type of field `{kind}`"))
        }
        _ => None,
    }
}

/// The text with each `"…"` string emptied, so that words in labels do not
/// count as keywords.
fn strip_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    let mut escaped = false;
    for c in text.chars() {
        match (inside, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => {
                inside = !inside;
                out.push(' ');
            }
            (true, false, _) => {}
            (false, _, c) => out.push(c),
        }
    }
    out
}

fn starts_line(source: &str, at: usize) -> bool {
    source[..at]
        .rsplit('\n')
        .next()
        .is_some_and(|before| before.chars().all(char::is_whitespace))
}

/// The width of the whitespace that starts the line holding `at`.
fn indentation(source: &str, at: usize) -> usize {
    let line_start = source[..at].rfind('\n').map_or(0, |at| at + 1);
    source[line_start..]
        .chars()
        .take_while(|&c| c == ' ' || c == '\t' || c == '\u{3000}')
        .count()
}

/// Past a string that starts at `index`, recording it if its line ends first.
fn skip_string(chars: &[(usize, char)], index: usize, unterminated: &mut Vec<usize>) -> usize {
    let mut next = index + 1;
    while let Some(&(_, c)) = chars.get(next) {
        match c {
            '\\' => next += 2,
            '"' => return next + 1,
            '\n' => break,
            _ => next += 1,
        }
    }
    unterminated.push(chars[index].0);
    next
}

fn skip_line(chars: &[(usize, char)], index: usize) -> usize {
    chars[index..]
        .iter()
        .position(|&(_, c)| c == '\n')
        .map_or(chars.len(), |length| index + length)
}

/// The index just past the `*/` that ends a block comment, searching from `index`.
fn find_comment_end(chars: &[(usize, char)], index: usize) -> Option<usize> {
    (index..chars.len().saturating_sub(1))
        .find(|&at| chars[at].1 == '*' && chars[at + 1].1 == '/')
        .map(|at| at + 2)
}

/// Past a `script { … }` block whose word ends at `index`, reading rhai's
/// strings and comments as the grammar does: `None` when no `{` follows the
/// word (a name that happens to be `script`), `Err` with the `{`'s offset
/// when the text ends inside the block.
fn skip_script(chars: &[(usize, char)], index: usize) -> Option<Result<usize, usize>> {
    let mut next = index;
    while chars.get(next).is_some_and(|&(_, c)| c.is_whitespace()) {
        next += 1;
    }
    let &(open_at, '{') = chars.get(next)? else {
        return None;
    };
    let mut depth = 0usize;
    while let Some(&(_, c)) = chars.get(next) {
        let following = chars.get(next + 1).map(|&(_, c)| c);
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(Ok(next + 1));
                }
            }
            '"' | '\'' | '`' => {
                next += 1;
                while let Some(&(_, inner)) = chars.get(next) {
                    if inner == '\\' && c != '`' {
                        next += 1;
                    } else if inner == c {
                        break;
                    }
                    next += 1;
                }
            }
            '/' if following == Some('/') => next = skip_line(chars, next),
            '/' if following == Some('*') => {
                next = find_comment_end(chars, next + 2).map_or(chars.len(), |end| end - 1);
            }
            _ => {}
        }
        next += 1;
    }
    Some(Err(open_at))
}
